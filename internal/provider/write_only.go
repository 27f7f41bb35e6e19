package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Write-only secrets (Terraform 1.11+): `<attr>_wo` is sent to MySafe but never stored in
// plan or state; `<attr>_wo_version` is stored, and changing it is what makes Terraform send
// a new value. In write-only mode the plain attribute stays null and refresh does not copy
// the secret from MySafe into state (so a change made outside Terraform is not detected).

func writeOnlyAttrs(attr, what string, extra ...validator.String) (schema.StringAttribute, schema.Int64Attribute) {
	wo := schema.StringAttribute{
		Optional:  true,
		Sensitive: true,
		WriteOnly: true,
		MarkdownDescription: fmt.Sprintf("Write-only %s (Terraform 1.11+): sent to MySafe, never stored in the plan or "+
			"state. Use instead of `%s`, together with `%s_wo_version`.", what, attr, attr),
		Validators: append([]validator.String{
			stringvalidator.ConflictsWith(path.MatchRoot(attr)),
			stringvalidator.AlsoRequires(path.MatchRoot(attr + "_wo_version")),
		}, extra...),
	}
	version := schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("Version of `%s_wo`. Terraform cannot see a write-only value change, so change "+
			"this number (e.g. increment it) to send a new `%s_wo` to MySafe.", attr, attr),
		Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot(attr + "_wo"))},
	}
	return wo, version
}

// writeOnlyMode tells whether prior state or plan manages the secret through its write-only
// attribute: then the plain attribute stays null in state.
func writeOnlyMode(version types.Int64) bool {
	return !version.IsNull() && !version.IsUnknown()
}
