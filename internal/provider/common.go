package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// secretFieldKeys are log field names whose values are always masked.
var secretFieldKeys = []string{"password", "secret_key", "client_secret", "access_token", "token", "authorization"}

// providerDataFrom type-asserts the provider data handed to resources, data sources and
// ephemeral resources. A nil value (provider not configured yet) returns nil, no error.
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", data))
		return nil
	}
	return pd
}

// withMasks returns ctx with every secret of this RPC (and the provider's client secret)
// masked in log messages and field values, plus the well-known secret field names.
func (pd *providerData) withMasks(ctx context.Context, secrets ...string) context.Context {
	all := append(nonEmpty(secrets...), pd.secrets...)
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, secretFieldKeys...)
	if len(all) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, all...)
		ctx = tflog.MaskMessageStrings(ctx, all...)
	}
	return ctx
}

// addAPIError turns a client error into a diagnostic. A duplicate identifier_code is pinned
// to that attribute; no access says so; every other MySafe error shows its code and message
// (the client's error text never holds secret values).
func addAPIError(diags *diag.Diagnostics, summary, what string, err error) {
	switch {
	case errors.Is(err, mysafe.ErrDuplicateIdentifierCode):
		diags.AddAttributeError(path.Root("identifier_code"), "Duplicate identifier_code",
			"Another API secret of the access key's user already uses this identifier_code, and MySafe requires it "+
				"to be unique per user. Choose another code, or import the existing API secret "+
				"(terraform import <address> <identifier>). If no active API secret has it, a deactivated one may: "+
				"activate it in MySafe and import it.\n\n"+err.Error())
	case errors.Is(err, mysafe.ErrNoAccess):
		diags.AddError(summary, fmt.Sprintf("The MySafe user behind this access key has no access (or no edit right) to %s. "+
			"Ask its owner to share it with edit rights, or use an access key of a user who has them.\n\n%s", what, err))
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		diags.AddError(summary, fmt.Sprintf("The operation on %s was cancelled: %s", what, err))
	default:
		diags.AddError(summary, fmt.Sprintf("%s: %s", what, err))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// durationValidator checks a Go duration string at plan time.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive Go duration such as 30s or 2m"
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%q is not a positive Go duration such as 30s or 2m.", req.ConfigValue.ValueString()))
	}
}
