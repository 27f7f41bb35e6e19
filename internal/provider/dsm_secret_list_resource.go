package provider

import (
	"context"
	"time"

	listtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
)

// The senhasegura_dsm_secret list resource (`terraform query`, Terraform 1.14+): each secret the
// provider's DSM authorization lists (expired ones left out), with its identity {id} and, with
// include_resource, the resource object as an import would read it in write-only mode: no value.

var _ list.ListResourceWithConfigure = (*dsmSecretList)(nil)

// NewDSMSecretListResource is the senhasegura_dsm_secret list resource.
func NewDSMSecretListResource() list.ListResource { return &dsmSecretList{} }

type dsmSecretList struct{ data *providerData }

type dsmSecretListConfig struct {
	IdentityPrefix types.String       `tfsdk:"identity_prefix"`
	Engine         types.String       `tfsdk:"engine"`
	Timeouts       listtimeouts.Value `tfsdk:"timeouts"`
}

func (l *dsmSecretList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + dsmSecretType
}

func (l *dsmSecretList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the DSM secrets the provider's DSM authorization sees, for `terraform query` (Terraform " +
			"1.14+): each with its identity and a display name, and with `include_resource` the resource object. **No value is " +
			"read**: the objects come from the list of secrets, with `values` null, as `write-only:<identity>` imports them. " +
			"Expired secrets are left out. The import blocks `-generate-config-out` writes import by identity, whose first " +
			"read stores the values: with `values_wo` in the configuration, set the provider's `write_only_import = true`.",
		Attributes: map[string]listschema.Attribute{
			"identity_prefix": listschema.StringAttribute{Optional: true, MarkdownDescription: "Only secrets whose identity starts with this text, e.g. `team/app/`."},
			"engine":          listschema.StringAttribute{Optional: true, MarkdownDescription: "Only secrets of this engine, e.g. `Generic`."},
		},
		Blocks: map[string]listschema.Block{"timeouts": listTimeoutsBlock},
	}
}

func (l *dsmSecretList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *dsmSecretList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg dsmSecretListConfig
	diags := req.Config.Get(ctx, &cfg)
	if l.data == nil {
		addNotConfigured(&diags, "list resource")
	}
	if diags.HasError() || !dsmReady(l.data, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ctx, cancel, deadline := listDeadline(l.data.withMasks(ctx), cfg.Timeouts, &diags)
	items, err := l.data.dsm.Secrets.List(ctx)
	if err != nil {
		addClientError(ctx, &diags, lookupCall(dsmAPI, "Error Listing DSM Secrets", dsmSecretLabel).bounded(deadline, "the list of DSM secrets"), err)
	}
	if diags.HasError() {
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	now := time.Now()
	var keep []dsm.SecretListItem
	for _, it := range items {
		if dsmListMatch(it, cfg.IdentityPrefix, cfg.Engine) && !dsmExpired(it, now) {
			keep = append(keep, it)
		}
	}
	stream.Results = func(push func(list.ListResult) bool) {
		defer cancel()
		for i, it := range keep {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			detail := ""
			if it.Name != it.Identity {
				detail = it.Name
			}
			result.DisplayName = displayNameOf(it.Identity, detail)
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("id"), it.Identity)...)
			if req.IncludeResource {
				prior, d := allNullModel[dsmSecretModel](ctx, dsmSecretSchema())
				result.Diagnostics.Append(d...)
				result.Diagnostics.Append(result.Resource.Set(ctx, dsmSecretFromStored(&dsm.StoredSecret{SecretListItem: it}, prior, true))...)
			}
			if !push(result) {
				return
			}
		}
	}
}
