package provider

import (
	"context"
	"errors"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
)

var _ datasource.DataSourceWithConfigure = (*pamCredentialDataSource)(nil)

// NewPAMCredentialDataSource is the senhasegura_pam_credential data source.
func NewPAMCredentialDataSource() datasource.DataSource { return &pamCredentialDataSource{} }

type pamCredentialDataSource struct{ data *providerData }

type pamCredentialDataModel struct {
	ID              types.String     `tfsdk:"id"`
	Identifier      types.String     `tfsdk:"identifier"`
	Username        types.String     `tfsdk:"username"`
	Hostname        types.String     `tfsdk:"hostname"`
	IP              types.String     `tfsdk:"ip"`
	CredentialType  types.String     `tfsdk:"credential_type"`
	AutomaticChange types.Bool       `tfsdk:"automatic_change"`
	DeviceType      types.String     `tfsdk:"device_type"`
	DeviceVendor    types.String     `tfsdk:"device_vendor"`
	DeviceModel     types.String     `tfsdk:"device_model"`
	LastChange      types.String     `tfsdk:"last_change"`
	LastView        types.String     `tfsdk:"last_view"`
	Expiration      types.String     `tfsdk:"expiration"`
	Tags            types.Set        `tfsdk:"tags"`
	AdditionalInfo  types.String     `tfsdk:"additional_info"`
	Criticality     types.String     `tfsdk:"criticality"`
	Owner           types.String     `tfsdk:"owner"`
	ParentID        types.String     `tfsdk:"parent_id"`
	Timeouts        dstimeouts.Value `tfsdk:"timeouts"`
}

func (d *pamCredentialDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pam_credential"
}

func (d *pamCredentialDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	v2 := " Null before Segura 4.2.2 (no API v2)."
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the metadata of one active PAM Core credential, by its id or its identifier, **without " +
			"its password**: from the credential list and, from Segura 4.2.2 on, the API v2 read of non-sensitive attributes. " +
			"Neither takes custody or counts as a password view. For the password, use the `senhasegura_pam_credential` " +
			"ephemeral resource.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The PAM Core id of the credential. Exactly one of `id` and `identifier` must be set.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(identifierPattern, "must be a PAM Core id (digits)"),
					stringvalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("identifier")),
				},
			},
			"identifier": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "The credential's identifier.",
				Validators:          []validator.String{stringvalidator.RegexMatches(credentialIdentifierPattern, "may hold only letters, digits, _, - and .")},
			},
			"username":         computed("The account's user name."),
			"hostname":         computed("Hostname of its device."),
			"ip":               computed("IP of its device."),
			"credential_type":  computed("Credential type, e.g. `Local User`."),
			"automatic_change": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether senhasegura rotates the password automatically."},
			"device_type":      computed("Type of its device."),
			"device_vendor":    computed("Vendor of its device."),
			"device_model":     computed("Model of its device."),
			"last_change":      computed("When the password last changed, as PAM Core writes it."),
			"last_view":        computed("When the password was last viewed, empty when never."),
			"expiration":       computed("When the password expires."),
			"tags":             schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Tags." + v2},
			"additional_info":  computed("Additional information." + v2),
			"criticality":      computed("Criticality: `low`, `medium` or `high`." + v2),
			"owner":            computed("senhasegura user who owns the credential." + v2),
			"parent_id":        computed("Id of the parent credential, empty when none." + v2),
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock},
	}
}

func (d *pamCredentialDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *pamCredentialDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config pamCredentialDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !pamReady(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := dataSourceDeadline(d.data.withMasks(ctx), config.Timeouts, &resp.Diagnostics)
	defer cancel()
	call := lookupCall(pamAPI, "Error Reading PAM Core Credential", pamCredentialLabel)
	var l *pam.CredentialListItem
	var err error
	if id := config.ID.ValueString(); id != "" {
		l, err = d.data.pam.Credentials.Find(ctx, id)
	} else {
		l, err = d.data.pam.Credentials.FindByIdentifier(ctx, config.Identifier.ValueString())
	}
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, call.bounded(deadline, pamCredentialLabel+" "+config.ID.ValueString()+config.Identifier.ValueString()), err)
		return
	}
	m := pamCredentialDataFromList(l, config.Timeouts)
	details, err := d.data.pam.Credentials.Details(ctx, l.ID)
	switch {
	case errors.Is(err, pam.ErrNoV2):
	case err != nil:
		addClientError(ctx, &resp.Diagnostics, call.bounded(deadline, pamCredentialLabel+" "+l.ID), err)
		return
	default:
		m.Tags = stringSetOf(details.Tags)
		m.AdditionalInfo, m.Criticality = types.StringValue(details.Additional), types.StringValue(details.Criticality)
		m.Owner, m.ParentID = types.StringValue(details.Owner), types.StringValue(details.ParentID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// pamCredentialDataFromList maps a list entry to the data source; what only API v2 returns is null.
func pamCredentialDataFromList(l *pam.CredentialListItem, t dstimeouts.Value) pamCredentialDataModel {
	return pamCredentialDataModel{
		ID: types.StringValue(l.ID), Identifier: types.StringValue(l.Identifier), Username: types.StringValue(l.Username),
		Hostname: types.StringValue(l.Hostname), IP: types.StringValue(l.IP), CredentialType: types.StringValue(l.Type),
		AutomaticChange: types.BoolValue(l.AutomaticChange), DeviceType: types.StringValue(l.DeviceType),
		DeviceVendor: types.StringValue(l.DeviceVendor), DeviceModel: types.StringValue(l.DeviceModel),
		LastChange: types.StringValue(l.LastChange), LastView: types.StringValue(l.LastView), Expiration: types.StringValue(l.Expiration),
		Tags: types.SetNull(types.StringType), AdditionalInfo: types.StringNull(), Criticality: types.StringNull(),
		Owner: types.StringNull(), ParentID: types.StringNull(), Timeouts: t,
	}
}
