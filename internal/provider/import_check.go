package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// An import names an object; Terraform then refreshes it, and a refresh removes from state an
// object that is gone or deactivated, after which Terraform says only "Cannot import
// non-existent remote object". So the import marks its object in the private state, and the
// refresh that follows it reports a gone or deactivated object as what it is, with what to do.

// privateImportKey marks, in the private state, an object just imported and not refreshed yet.
const privateImportKey = "imported"

// markImported records in the import's private state that the object was just imported.
func markImported(ctx context.Context, p privateSetter, diags *diag.Diagnostics) {
	if p != nil {
		diags.Append(p.SetKey(ctx, privateImportKey, []byte(`true`))...)
	}
}

// justImported reports whether the refresh is the one that follows an import, and clears the
// mark in its response.
func justImported(ctx context.Context, from privateGetter, to privateSetter) bool {
	if from == nil {
		return false
	}
	raw, diags := from.GetKey(ctx, privateImportKey)
	if diags.HasError() || len(raw) == 0 {
		return false
	}
	if to != nil {
		_ = to.SetKey(ctx, privateImportKey, nil)
	}
	return true
}

// refuseGoneImport is the error of an import whose object is gone or deactivated.
func refuseGoneImport(diags *diag.Diagnostics, api *apiFamily, label, id string, inactive bool) {
	what := fmt.Sprintf("%s %s does not exist (or the credentials cannot see it)", label, id)
	if inactive {
		what = fmt.Sprintf("%s %s is deactivated: %s keeps it, but it cannot be managed until it is active again", label, id, api.name)
	}
	diags.AddError("Cannot Import "+titleLabel(label),
		fmt.Sprintf("%s. Activate it in %s (or import another one), then import again; or remove the import block.", what, api.name))
}
