package provider

import (
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
