package provider

import (
	"context"
	"errors"

	listtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// The list resources of PAM Core (`terraform query`, Terraform 1.14+): devices and
// credentials, each with its identity {id} and, with include_resource, the resource object as
// an import would read it. Neither views a password: credentials come from the list and the
// API v2 read only.

var (
	_ list.ListResourceWithConfigure = (*pamDeviceList)(nil)
	_ list.ListResourceWithConfigure = (*pamCredentialList)(nil)
)

// NewPAMDeviceListResource is the senhasegura_pam_device list resource.
func NewPAMDeviceListResource() list.ListResource { return &pamDeviceList{} }

// NewPAMCredentialListResource is the senhasegura_pam_credential list resource.
func NewPAMCredentialListResource() list.ListResource { return &pamCredentialList{} }

type pamDeviceList struct{ data *providerData }

type pamDeviceListConfig struct {
	Hostname types.String       `tfsdk:"hostname"`
	Site     types.String       `tfsdk:"site"`
	Type     types.String       `tfsdk:"type"`
	Tag      types.String       `tfsdk:"tag"`
	Timeouts listtimeouts.Value `tfsdk:"timeouts"`
}

func (l *pamDeviceList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pam_device"
}

func (l *pamDeviceList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the active PAM Core devices the authorization can see, for `terraform query` (Terraform " +
			"1.14+): each with its identity and a display name (hostname and ip), and with `include_resource` the resource " +
			"object. PAM Core's list has no filters: the provider filters what it returns.",
		Attributes: map[string]listschema.Attribute{
			"hostname": listschema.StringAttribute{Optional: true, MarkdownDescription: "Only the device with this hostname."},
			"site":     listschema.StringAttribute{Optional: true, MarkdownDescription: "Only devices of this site."},
			"type":     listschema.StringAttribute{Optional: true, MarkdownDescription: "Only devices of this type."},
			"tag":      listschema.StringAttribute{Optional: true, MarkdownDescription: "Only devices with this tag."},
		},
		Blocks: map[string]listschema.Block{"timeouts": listTimeoutsBlock},
	}
}

func (l *pamDeviceList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *pamDeviceList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg pamDeviceListConfig
	ctx, cancel, deadline, diags := startPAMList(ctx, l.data, req, &cfg, func(c *pamDeviceListConfig) listtimeouts.Value { return c.Timeouts })
	if diags.HasError() {
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	items, err := l.data.pam.Devices.List(ctx)
	if err != nil {
		addClientError(ctx, &diags, lookupCall(pamAPI, "Error Listing PAM Core Devices", pamDeviceLabel).bounded(deadline, pamDeviceLabel+"s"), err)
		cancel()
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var keep []pam.DeviceListItem
	for _, it := range items {
		if matchOpt(cfg.Hostname, it.Hostname) && matchOpt(cfg.Site, it.Site) && matchOpt(cfg.Type, it.Type) &&
			(cfg.Tag.ValueString() == "" || contains(splitCommaList(it.Tags), cfg.Tag.ValueString())) {
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
			result.DisplayName = displayNameOf(it.Hostname, it.IP)
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("id"), it.ID)...)
			if req.IncludeResource {
				got, err := l.data.pam.Devices.Get(ctx, it.ID)
				if errors.Is(err, senhasegura.ErrNotFound) {
					continue // deactivated since the list
				}
				if err != nil {
					addClientError(ctx, &result.Diagnostics, itemCall(pamAPI, "Error Reading PAM Core Device", pamDeviceLabel+" "+it.ID).bounded(deadline, pamDeviceLabel+"s"), err)
					push(result)
					return
				}
				prior, d := allNullModel[pamDeviceModel](ctx, pamDeviceSchema(ctx))
				result.Diagnostics.Append(d...)
				result.Diagnostics.Append(result.Resource.Set(ctx, pamDeviceFromAPI(got, prior))...)
			}
			if !push(result) {
				return
			}
		}
	}
}

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
				read := pamCredentialRead{listed: &it}
				details, err := l.data.pam.Credentials.Details(ctx, it.ID)
				switch {
				case errors.Is(err, pam.ErrNoV2):
				case err != nil:
					addClientError(ctx, &result.Diagnostics, itemCall(pamAPI, "Error Reading PAM Core Credential", pamCredentialLabel+" "+it.ID).bounded(deadline, pamCredentialLabel+"s"), err)
					push(result)
					return
				default:
					read.details = details
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

// startPAMList reads a list resource's configuration into cfg and bounds ctx by its timeout.
func startPAMList[C any](ctx context.Context, data *providerData, req list.ListRequest, cfg *C, t func(*C) listtimeouts.Value) (context.Context, context.CancelFunc, operationDeadline, diag.Diagnostics) {
	diags := req.Config.Get(ctx, cfg)
	if data == nil || data.pam == nil {
		diags.AddError("Provider Not Configured", "The senhasegura provider was not configured before this list resource was used.")
	}
	if diags.HasError() {
		return ctx, func() {}, operationDeadline{}, diags
	}
	ctx, cancel, deadline := listDeadline(data.withMasks(ctx), t(cfg), &diags)
	return ctx, cancel, deadline, diags
}

// pamDeviceSchema and pamCredentialSchema are the resources' schemas (for list results).
func pamDeviceSchema(ctx context.Context) schema.Schema {
	var resp resource.SchemaResponse
	(&pamDeviceResource{}).Schema(ctx, resource.SchemaRequest{}, &resp)
	return resp.Schema
}

func pamCredentialSchema(ctx context.Context) schema.Schema {
	var resp resource.SchemaResponse
	(&pamCredentialResource{}).Schema(ctx, resource.SchemaRequest{}, &resp)
	return resp.Schema
}

// matchOpt: a filter left out matches everything; one set matches its value exactly.
func matchOpt(filter types.String, v string) bool {
	return filter.ValueString() == "" || filter.ValueString() == v
}

func contains(list []string, v string) bool {
	for _, e := range list {
		if e == v {
			return true
		}
	}
	return false
}
