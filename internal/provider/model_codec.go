package provider

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// modelCodec converts between a resource's model struct and the Terraform value of its schema,
// as tfsdk.State.Get and Set (and Plan.Get) do for a struct whose fields are all attr.Value
// types, without their per-call cost: the framework's reflection rebuilds the schema's type and
// compiles a regular expression for each field on every call (about a third of a destroy's
// allocations, see README, Performance). The field layout and the types are worked out once.
// A model the codec cannot map field for field makes every call an error, which
// TestModelCodecMatchesTheFramework would catch first.
type modelCodec[M any] struct {
	once   sync.Once
	schema func() attr.Type // the schema's type (schema.Type), asked once
	err    error
	typ    tftypes.Object
	fields []codecField
}

type codecField struct {
	index int
	name  string
	typ   attr.Type
}

func newModelCodec[M any](schemaType func() attr.Type) *modelCodec[M] {
	return &modelCodec[M]{schema: schemaType}
}

func (c *modelCodec[M]) init(ctx context.Context) error {
	c.once.Do(func() {
		obj, ok := c.schema().(attr.TypeWithAttributeTypes)
		if !ok {
			c.err = fmt.Errorf("the schema's type %T has no attribute types", c.schema())
			return
		}
		c.typ, ok = obj.TerraformType(ctx).(tftypes.Object)
		if !ok {
			c.err = fmt.Errorf("the schema's type is not an object")
			return
		}
		types := obj.AttributeTypes()
		t := reflect.TypeFor[M]()
		for i := range t.NumField() {
			f := t.Field(i)
			name := f.Tag.Get("tfsdk")
			at, ok := types[name]
			if !ok {
				c.err = fmt.Errorf("field %s (tfsdk:%q) is not a schema attribute", f.Name, name)
				return
			}
			if !f.Type.Implements(reflect.TypeFor[attr.Value]()) {
				c.err = fmt.Errorf("field %s is a %s, not an attr.Value", f.Name, f.Type)
				return
			}
			c.fields = append(c.fields, codecField{index: i, name: name, typ: at})
		}
		if len(c.fields) != len(types) {
			c.err = fmt.Errorf("the model has %d fields, the schema %d attributes", len(c.fields), len(types))
		}
	})
	return c.err
}

// decode is Get: raw (the state or plan value) into a model.
func (c *modelCodec[M]) decode(ctx context.Context, raw tftypes.Value, diags *diag.Diagnostics) (M, bool) {
	var m M
	if err := c.init(ctx); err != nil {
		diags.AddError("Provider Model Error", "Please report this issue to the provider developers: "+err.Error())
		return m, false
	}
	if raw.IsNull() || !raw.IsKnown() {
		diags.AddError("Provider Model Error", "Please report this issue to the provider developers: the value to read is null or unknown.")
		return m, false
	}
	var vals map[string]tftypes.Value
	if err := raw.As(&vals); err != nil {
		diags.AddError("Provider Model Error", "Please report this issue to the provider developers: "+err.Error())
		return m, false
	}
	out := reflect.ValueOf(&m).Elem()
	for _, f := range c.fields {
		v, err := f.typ.ValueFromTerraform(ctx, vals[f.name])
		if err == nil && reflect.TypeOf(v) != out.Field(f.index).Type() {
			err = fmt.Errorf("its value is a %T, the field a %s", v, out.Field(f.index).Type())
		}
		if err != nil {
			diags.AddError("Provider Model Error", fmt.Sprintf("Please report this issue to the provider developers: attribute %s: %s", f.name, err))
			return m, false
		}
		out.Field(f.index).Set(reflect.ValueOf(v))
	}
	return m, true
}

// encode is Set: a model into the Terraform value of the schema.
func (c *modelCodec[M]) encode(ctx context.Context, m M, diags *diag.Diagnostics) (tftypes.Value, bool) {
	if err := c.init(ctx); err != nil {
		diags.AddError("Provider Model Error", "Please report this issue to the provider developers: "+err.Error())
		return tftypes.Value{}, false
	}
	in := reflect.ValueOf(m)
	vals := make(map[string]tftypes.Value, len(c.fields))
	for _, f := range c.fields {
		v, _ := in.Field(f.index).Interface().(attr.Value)
		tv, err := v.ToTerraformValue(ctx)
		if err == nil && !tv.Type().Equal(c.typ.AttributeTypes[f.name]) {
			err = fmt.Errorf("its value is a %s, the schema wants a %s", tv.Type(), c.typ.AttributeTypes[f.name])
		}
		if err != nil {
			diags.AddError("Provider Model Error", fmt.Sprintf("Please report this issue to the provider developers: attribute %s: %s", f.name, err))
			return tftypes.Value{}, false
		}
		vals[f.name] = tv
	}
	return tftypes.NewValue(c.typ, vals), true
}
