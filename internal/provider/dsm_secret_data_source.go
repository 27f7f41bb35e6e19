package provider

import (
	"context"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
)

var _ datasource.DataSourceWithConfigure = (*dsmSecretDataSource)(nil)

// NewDSMSecretDataSource is the senhasegura_dsm_secret data source.
func NewDSMSecretDataSource() datasource.DataSource { return &dsmSecretDataSource{} }

type dsmSecretDataSource struct{ data *providerData }

// dsmSecretReadModel is a secret as the data source and the ephemeral resource read it.
type dsmSecretReadModel struct {
	Identity       types.String `tfsdk:"identity"`
	SecretID       types.String `tfsdk:"secret_id"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	Engine         types.String `tfsdk:"engine"`
	ExpirationDate types.String `tfsdk:"expiration_date"`
	Version        types.String `tfsdk:"version"`
	Keys           types.Set    `tfsdk:"keys"`
	Values         types.Map    `tfsdk:"values"`
}

type dsmSecretDataModel struct {
	dsmSecretReadModel
	Timeouts dstimeouts.Value `tfsdk:"timeouts"`
}

// Descriptions of what both reads of one secret return.
const (
	dsmSecretReadDescription = "by its identity, as the provider's DSM authorization (`dsm_client_id`) lists it: its " +
		"key/value pairs (decrypted with `decryption_private_key` when the authorization encrypts them) and what DSM says of it. " +
		"Several maps of values (credentials, access keys) are merged, the last that gives a key a value winning, as dsmcli and " +
		"External Secrets read them."
	dsmIdentityDescription   = "The secret's identity (e.g. `team/app/db`; it may contain `/`), compared exactly."
	dsmValuesDescription     = "The key/value pairs."
	dsmSecretIDDescription   = "DSM's id of the secret."
	dsmNameDescription       = "Display name of the secret."
	dsmEngineDescription     = "Its engine, e.g. `Generic`."
	dsmExpirationDescription = "When DSM inactivates it, RFC 3339 in UTC; empty when it never expires."
	dsmVersionDescription    = "DSM's version of the secret."
	dsmKeysDescription       = "The names of its keys."
)

func (d *dsmSecretDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + dsmSecretType
}

func (d *dsmSecretDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one DSM secret " + dsmSecretReadDescription + " **The values are stored in the state** " +
			"(marked sensitive); the `senhasegura_dsm_secret` ephemeral resource reads them without storing them.",
		Attributes: map[string]schema.Attribute{
			"identity": schema.StringAttribute{
				Required: true, MarkdownDescription: dsmIdentityDescription,
				Validators: []validator.String{requiredText{api: "DSM"}},
			},
			"values":          schema.MapAttribute{Computed: true, Sensitive: true, ElementType: types.StringType, MarkdownDescription: dsmValuesDescription},
			"secret_id":       computed(dsmSecretIDDescription),
			"name":            computed(dsmNameDescription),
			"description":     computed("Description of the secret."),
			"engine":          computed(dsmEngineDescription),
			"expiration_date": computed(dsmExpirationDescription),
			"version":         computed(dsmVersionDescription),
			"keys":            schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: dsmKeysDescription},
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock},
	}
}

func (d *dsmSecretDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *dsmSecretDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config dsmSecretDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !dsmReady(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := dataSourceDeadline(d.data.withMasks(ctx), config.Timeouts, &resp.Diagnostics)
	defer cancel()
	st, ok := dsmLookup(ctx, d.data, config.Identity.ValueString(), "Error Reading DSM Secret", deadline, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx = d.data.withMasks(ctx, secretValuesOf(st.Values)...)
	config.dsmSecretReadModel = dsmSecretRead(st)
	resp.Diagnostics.Append(resp.State.Set(ctx, config)...)
}

// dsmSecretRead is what the reads of one secret return.
func dsmSecretRead(st *dsm.StoredSecret) dsmSecretReadModel {
	return dsmSecretReadModel{
		Identity: types.StringValue(st.Identity), SecretID: types.StringValue(st.ID), Name: types.StringValue(st.Name),
		Description: types.StringValue(st.Description), Engine: types.StringValue(st.Engine),
		ExpirationDate: dsmExpirationText(st.SecretListItem), Version: types.StringValue(st.Version),
		Keys: stringSetOf(st.Keys), Values: stringMapValue(st.Values),
	}
}
