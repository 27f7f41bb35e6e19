package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// setIdentity records id as the resource's identity. Terraform before 1.12 has no identity:
// the framework then hands no identity to set.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string, diags *diag.Diagnostics) {
	if identity == nil || id == "" {
		return
	}
	// Terraform 1.12+ sends the identity it holds: when it is this one, nothing to write.
	if cur := topLevel(identity.Raw); cur != nil {
		if v, known := cur.str("id"); known && v == id {
			return
		}
	}
	// Every identity here is {id}: written as a value, without SetAttribute's reflective pass.
	if typ, ok := identity.Raw.Type().(tftypes.Object); ok && len(typ.AttributeTypes) == 1 && typ.AttributeTypes["id"] != nil &&
		typ.AttributeTypes["id"].Is(tftypes.String) {
		identity.Raw = tftypes.NewValue(typ, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, id)})
		return
	}
	diags.Append(identity.SetAttribute(ctx, path.Root("id"), id)...)
}

// identityID is the id an import by identity names ("" when the import uses an ID instead).
func identityID(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) string {
	if identity == nil || identity.Raw.IsNull() {
		return ""
	}
	var id types.String
	diags.Append(identity.GetAttribute(ctx, path.Root("id"), &id)...)
	return id.ValueString()
}

// identifierPattern is an id as both API families assign it: a digit string (MySafe's
// identifier, PAM Core's id). An import ID that matches it is an id; one that does not is
// looked up by what else the resource is known by (a name, a hostname, an identifier).
var identifierPattern = regexp.MustCompile(`^[0-9]+$`)
