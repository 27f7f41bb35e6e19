package provider

import (
	"context"
	"strings"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
)

var _ datasource.DataSourceWithConfigure = (*dsmSecretsDataSource)(nil)

// NewDSMSecretsDataSource is the senhasegura_dsm_secrets data source.
func NewDSMSecretsDataSource() datasource.DataSource { return &dsmSecretsDataSource{} }

// dsmSecretsDataSource lists the secrets of the provider's DSM authorization, without values.
type dsmSecretsDataSource struct{ data *providerData }

type dsmSecretsModel struct {
	IdentityPrefix types.String          `tfsdk:"identity_prefix"`
	Engine         types.String          `tfsdk:"engine"`
	Secrets        []dsmSecretsItemModel `tfsdk:"secrets"`
	Timeouts       dstimeouts.Value      `tfsdk:"timeouts"`
}

type dsmSecretsItemModel struct {
	Identity       types.String `tfsdk:"identity"`
	SecretID       types.String `tfsdk:"secret_id"`
	Name           types.String `tfsdk:"name"`
	Description    types.String `tfsdk:"description"`
	Engine         types.String `tfsdk:"engine"`
	ExpirationDate types.String `tfsdk:"expiration_date"`
	Version        types.String `tfsdk:"version"`
	Keys           types.Set    `tfsdk:"keys"`
}

func (d *dsmSecretsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dsm_secrets"
}

func (d *dsmSecretsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every DSM secret the provider's DSM authorization (`dsm_client_id`) sees, **without their " +
			"values** (nothing secret reaches the state): identities, names, engines, versions and key names. It reads " +
			"`GET /iso/sctm/secret`, or on instances without it the application's secrets (`GET /iso/dapp/application`), which " +
			"may include those of the application's other authorizations.",
		Attributes: map[string]schema.Attribute{
			"identity_prefix": schema.StringAttribute{Optional: true, MarkdownDescription: "Only secrets whose identity starts with this text, e.g. `team/app/`."},
			"engine":          schema.StringAttribute{Optional: true, MarkdownDescription: "Only secrets of this engine, e.g. `Generic`."},
			"secrets": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching secrets, in the order DSM lists them.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"identity":        computed("The secret's identity."),
						"secret_id":       computed(dsmSecretIDDescription),
						"name":            computed(dsmNameDescription),
						"description":     computed("Description of the secret."),
						"engine":          computed(dsmEngineDescription),
						"expiration_date": computed(dsmExpirationDescription),
						"version":         computed(dsmVersionDescription),
						"keys":            schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: dsmKeysDescription},
					},
				},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock},
	}
}

func (d *dsmSecretsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *dsmSecretsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state dsmSecretsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !dsmReady(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := dataSourceDeadline(d.data.withMasks(ctx), state.Timeouts, &resp.Diagnostics)
	defer cancel()
	items, err := d.data.dsm.Secrets.Listed(ctx)
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, lookupCall(dsmAPI, "Error Listing DSM Secrets", dsmSecretLabel).bounded(deadline, "the list of DSM secrets"), err)
		return
	}
	state.Secrets = []dsmSecretsItemModel{}
	for _, it := range items {
		if dsmListMatch(it, state.IdentityPrefix, state.Engine) {
			state.Secrets = append(state.Secrets, dsmSecretsItemModel{
				Identity: types.StringValue(it.Identity), SecretID: types.StringValue(it.ID), Name: types.StringValue(it.Name),
				Description: types.StringValue(it.Description), Engine: types.StringValue(it.Engine),
				ExpirationDate: dsmExpirationText(it), Version: types.StringValue(it.Version), Keys: stringSetOf(it.Keys),
			})
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// dsmListMatch: the filters a list of secrets takes (a filter left out matches everything).
func dsmListMatch(it dsm.SecretListItem, identityPrefix, engine types.String) bool {
	return strings.HasPrefix(it.Identity, identityPrefix.ValueString()) && (engine.ValueString() == "" || engine.ValueString() == it.Engine)
}
