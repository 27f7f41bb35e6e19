package provider

import (
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Helpers that map between API strings and state values, shared by the resources.

// echoed maps a string of a create/update answer: a value the answer did not carry ("")
// keeps the plan's value, since the answer to a write echoes what was sent.
func echoed(v string, plan types.String) types.String {
	if v == "" && !plan.IsUnknown() {
		return plan
	}
	return types.StringValue(v)
}

// optString maps an optional API string into state: "" stays null when the prior value was
// null (unset in the configuration), so empty and unset never differ.
func optString(v string, prior types.String) types.String {
	if v == "" && (prior.IsNull() || prior.IsUnknown()) {
		return types.StringNull()
	}
	return types.StringValue(v)
}

// changeOf is what an update sends for an optional string: the planned value when it is not
// empty; "" only to clear a value the state holds; nothing (nil) otherwise.
func changeOf(plan, state types.String) *string {
	v := plan.ValueString()
	if v == "" && state.ValueString() == "" {
		return nil
	}
	return &v
}

// sameState reports whether two models of a resource say the same to Terraform, as the
// framework would encode them: field by field, a set's order does not count, and a collection
// block with no element is the same as a null one (the framework decodes an empty block as
// null and encodes a null one as empty). blocks names the schema's collection blocks.
func sameState[M any](a, b M, blocks map[string]bool) bool {
	av, bv := reflect.ValueOf(a), reflect.ValueOf(b)
	t := av.Type()
	for i := range t.NumField() {
		x, y := av.Field(i).Interface(), bv.Field(i).Interface()
		if reflect.DeepEqual(x, y) {
			continue
		}
		if xv, ok := x.(attr.Value); ok {
			if yv, ok := y.(attr.Value); ok && xv.Equal(yv) {
				continue
			}
		}
		if blocks[t.Field(i).Tag.Get("tfsdk")] && noElements(x) && noElements(y) {
			continue
		}
		return false
	}
	return true
}

// noElements is true for a null or empty set or list.
func noElements(v any) bool {
	switch c := v.(type) {
	case types.Set:
		return c.IsNull() || (!c.IsUnknown() && len(c.Elements()) == 0)
	case types.List:
		return c.IsNull() || (!c.IsUnknown() && len(c.Elements()) == 0)
	}
	return false
}

// collectionBlocks names a resource schema's list and set blocks.
func collectionBlocks(s schema.Schema) map[string]bool {
	out := map[string]bool{}
	for name, b := range s.Blocks {
		switch b.(type) {
		case schema.SetNestedBlock, schema.ListNestedBlock:
			out[name] = true
		}
	}
	return out
}
