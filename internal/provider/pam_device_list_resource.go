package provider

import (
	"context"
	"errors"
	"slices"

	listtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// The senhasegura_pam_device list resource (`terraform query`, Terraform 1.14+): each active
// device with its identity {id} and, with include_resource, the resource object as an import
// would read it.

var _ list.ListResourceWithConfigure = (*pamDeviceList)(nil)

// NewPAMDeviceListResource is the senhasegura_pam_device list resource.
func NewPAMDeviceListResource() list.ListResource { return &pamDeviceList{} }

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
			(cfg.Tag.ValueString() == "" || slices.Contains(splitCommaList(it.Tags), cfg.Tag.ValueString())) {
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

// pamDeviceSchema is the resource's schema, for the resource objects of list results.
func pamDeviceSchema(ctx context.Context) schema.Schema {
	var resp resource.SchemaResponse
	(&pamDeviceResource{}).Schema(ctx, resource.SchemaRequest{}, &resp)
	return resp.Schema
}
