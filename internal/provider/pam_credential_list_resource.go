package provider

import (
	"context"
	"errors"

	listtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
)

// The senhasegura_pam_credential list resource (`terraform query`, Terraform 1.14+): each
// active credential with its identity {id} and, with include_resource, the resource object as
// an import would read it. It views no password: credentials come from the list and the API v2
// read only (quirk P5 of internal/pam).

var _ list.ListResourceWithConfigure = (*pamCredentialList)(nil)

// NewPAMCredentialListResource is the senhasegura_pam_credential list resource.
func NewPAMCredentialListResource() list.ListResource { return &pamCredentialList{} }

type pamCredentialList struct{ data *providerData }

type pamCredentialListConfig struct {
	Hostname types.String       `tfsdk:"hostname"`
	Username types.String       `tfsdk:"username"`
	Type     types.String       `tfsdk:"credential_type"`
	Timeouts listtimeouts.Value `tfsdk:"timeouts"`
}

func (l *pamCredentialList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pam_credential"
}

func (l *pamCredentialList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the active PAM Core credentials the authorization can see, for `terraform query` " +
			"(Terraform 1.14+): each with its identity and a display name (username@hostname), and with `include_resource` " +
			"the resource object. **No password is read and no custody taken**: the objects come from the credential list " +
			"and the API v2 read. PAM Core's list has no filters: the provider filters what it returns.",
		Attributes: map[string]listschema.Attribute{
			"hostname":        listschema.StringAttribute{Optional: true, MarkdownDescription: "Only credentials of the device with this hostname."},
			"username":        listschema.StringAttribute{Optional: true, MarkdownDescription: "Only credentials with this username."},
			"credential_type": listschema.StringAttribute{Optional: true, MarkdownDescription: "Only credentials of this type, e.g. `Local User`."},
		},
		Blocks: map[string]listschema.Block{"timeouts": listTimeoutsBlock},
	}
}

func (l *pamCredentialList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *pamCredentialList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg pamCredentialListConfig
	ctx, cancel, deadline, diags := startPAMList(ctx, l.data, req, &cfg, func(c *pamCredentialListConfig) listtimeouts.Value { return c.Timeouts })
	if diags.HasError() {
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	items, err := l.data.pam.Credentials.List(ctx)
	if err != nil {
		addClientError(ctx, &diags, lookupCall(pamAPI, "Error Listing PAM Core Credentials", pamCredentialLabel).bounded(deadline, pamCredentialLabel+"s"), err)
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var keep []pam.CredentialListItem
	for _, it := range items {
		if !it.IsSSHKey() && matchOpt(cfg.Hostname, it.Hostname) && matchOpt(cfg.Username, it.Username) && matchOpt(cfg.Type, it.Type) {
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
			result.DisplayName = it.Username + "@" + it.Hostname
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("id"), it.ID)...)
			if req.IncludeResource {
				read := &pam.CredentialRead{Listed: &it}
				details, err := l.data.pam.Credentials.Details(ctx, it.ID)
				switch {
				case errors.Is(err, pam.ErrNoV2):
				case err != nil:
					addClientError(ctx, &result.Diagnostics, itemCall(pamAPI, "Error Reading PAM Core Credential", pamCredentialLabel+" "+it.ID).bounded(deadline, pamCredentialLabel+"s"), err)
					push(result)
					return
				default:
					read.Details = details
				}
				prior, d := allNullModel[pamCredentialModel](ctx, pamCredentialSchema(ctx))
				result.Diagnostics.Append(d...)
				result.Diagnostics.Append(result.Resource.Set(ctx, pamCredentialFromRead(read, prior))...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// pamCredentialSchema is the resource's schema, for the resource objects of list results.
func pamCredentialSchema(ctx context.Context) schema.Schema {
	var resp resource.SchemaResponse
	(&pamCredentialResource{}).Schema(ctx, resource.SchemaRequest{}, &resp)
	return resp.Schema
}
