package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What the results of every list resource (`terraform query`, Terraform 1.14+) share, whichever
// API family lists: a display name for people, and the resource object built on a prior state
// with every value null, as an import would read the object.

// displayNameOf is "name (detail)", or the name alone.
func displayNameOf(name, detail string) string {
	if detail == "" {
		return name
	}
	return name + " (" + detail + ")"
}

// allNullModel is the model M of a resource schema with every attribute and block null.
func allNullModel[M any](ctx context.Context, s schema.Schema) (M, diag.Diagnostics) {
	var m M
	typ, ok := s.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		var diags diag.Diagnostics
		diags.AddError("Unexpected Schema Type", "A resource schema is not an object type. Please report this issue to the provider developers.")
		return m, diags
	}
	vals := make(map[string]tftypes.Value, len(typ.AttributeTypes))
	for name, t := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(t, nil)
	}
	st := tfsdk.State{Schema: s, Raw: tftypes.NewValue(typ, vals)}
	diags := st.Get(ctx, &m)
	return m, diags
}
