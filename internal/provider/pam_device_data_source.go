package provider

import (
	"context"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*pamDeviceDataSource)(nil)

// NewPAMDeviceDataSource is the senhasegura_pam_device data source.
func NewPAMDeviceDataSource() datasource.DataSource { return &pamDeviceDataSource{} }

type pamDeviceDataSource struct{ data *providerData }

type pamDeviceDataModel struct {
	ID              types.String     `tfsdk:"id"`
	Hostname        types.String     `tfsdk:"hostname"`
	IP              types.String     `tfsdk:"ip"`
	Type            types.String     `tfsdk:"type"`
	Vendor          types.String     `tfsdk:"vendor"`
	Model           types.String     `tfsdk:"model"`
	Site            types.String     `tfsdk:"site"`
	Domains         types.Set        `tfsdk:"domains"`
	Tags            types.Set        `tfsdk:"tags"`
	Connectivities  types.Set        `tfsdk:"connectivities"`
	LoginExpression types.String     `tfsdk:"login_expression"`
	Timeouts        dstimeouts.Value `tfsdk:"timeouts"`
}

func (d *pamDeviceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pam_device"
}

func (d *pamDeviceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	set := func(desc string) schema.SetAttribute {
		return schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one active PAM Core device, by its id or its hostname. A device holds no secret.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The PAM Core id of the device. Exactly one of `id` and `hostname` must be set.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(identifierPattern, "must be a PAM Core id (digits)"),
					stringvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("hostname")),
				},
			},
			"hostname": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Hostname of the device (resolved through the device list).",
			},
			"ip":               computed("IP address, DNS name or management URL of the device."),
			"type":             computed("Device type."),
			"vendor":           computed("Vendor."),
			"model":            computed("Model or product."),
			"site":             computed("Site."),
			"domains":          set("Domains of the device."),
			"tags":             set("Tags of the device."),
			"connectivities":   set("`PROTOCOL:PORT` pairs the device is reached by."),
			"login_expression": computed("Login expression."),
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock},
	}
}

func (d *pamDeviceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *pamDeviceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config pamDeviceDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !pamReady(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := dataSourceDeadline(d.data.withMasks(ctx), config.Timeouts, &resp.Diagnostics)
	defer cancel()
	call := lookupCall(pamAPI, "Error Reading PAM Core Device", pamDeviceLabel)
	id := config.ID.ValueString()
	if id == "" {
		it, err := d.data.pam.Devices.FindByHostname(ctx, config.Hostname.ValueString())
		if err != nil {
			addClientError(ctx, &resp.Diagnostics, call.bounded(deadline, pamDeviceLabel+" "+config.Hostname.ValueString()), err)
			return
		}
		id = it.ID
	}
	got, err := d.data.pam.Devices.Get(ctx, id)
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, call.bounded(deadline, pamDeviceLabel+" "+id), err)
		return
	}
	empty := types.SetValueMust(types.StringType, nil)
	m := pamDeviceFromAPI(got, pamDeviceModel{Domains: empty, Tags: empty, Connectivities: empty, LoginExpression: types.StringValue("")})
	resp.Diagnostics.Append(resp.State.Set(ctx, pamDeviceDataModel{
		ID: m.ID, Hostname: m.Hostname, IP: m.IP, Type: m.Type, Vendor: m.Vendor, Model: m.Model, Site: m.Site,
		Domains: m.Domains, Tags: m.Tags, Connectivities: m.Connectivities, LoginExpression: m.LoginExpression,
		Timeouts: config.Timeouts,
	})...)
}
