package provider

import (
	"context"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

var _ datasource.DataSourceWithConfigure = (*mysafeAPISecretsDataSource)(nil)

// NewMySafeAPISecretsDataSource is the senhasegura_mysafe_api_secrets data source.
func NewMySafeAPISecretsDataSource() datasource.DataSource {
	return &mysafeAPISecretsDataSource{}
}

// mysafeAPISecretsDataSource lists API secrets. MySafe's list answer carries only their
// identifiers, names and access flags: the single-item data source reads the rest.
type mysafeAPISecretsDataSource struct {
	data *providerData
}

type apiSecretsModel struct {
	Tag            types.String             `tfsdk:"tag"`
	IdentifierCode types.String             `tfsdk:"identifier_code"`
	APISecrets     []apiSecretListItemModel `tfsdk:"api_secrets"`
	Timeouts       dstimeouts.Value         `tfsdk:"timeouts"`
}

type apiSecretListItemModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	CanWrite types.Bool   `tfsdk:"can_write"`
}

func (d *mysafeAPISecretsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mysafe_api_secrets"
}

func (d *mysafeAPISecretsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the active MySafe API secrets the access key's user can see, optionally filtered. MySafe's " +
			"list carries only identifiers and names: read one with the `senhasegura_mysafe_api_secret` data source.",
		Attributes: map[string]schema.Attribute{
			"tag":             schema.StringAttribute{Optional: true, MarkdownDescription: "Only API secrets with this tag."},
			"identifier_code": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the API secret with this identifier_code."},
			"api_secrets": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching active MySafe API secrets the access key's user can see, by identifier.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":        schema.StringAttribute{Computed: true, MarkdownDescription: listIDDescription},
						"name":      schema.StringAttribute{Computed: true, MarkdownDescription: listNameDescription},
						"can_write": schema.BoolAttribute{Computed: true, MarkdownDescription: canWriteDescription},
					},
				},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock},
	}
}

func (d *mysafeAPISecretsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *mysafeAPISecretsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state apiSecretsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !mysafeReady(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := dataSourceDeadline(ctx, state.Timeouts, &resp.Diagnostics)
	defer cancel()
	items, err := d.data.mysafe.APISecrets.List(d.data.withMasks(ctx), mysafe.APISecretFilter{
		Tag: state.Tag.ValueString(), IdentifierCode: state.IdentifierCode.ValueString(),
	})
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, lookupCall(mysafeAPI, "Error Listing MySafe API Secrets", "MySafe API secret").bounded(deadline, "the list of MySafe API secrets"), err)
		return
	}
	state.APISecrets = apiSecretListFromAPI(items)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// apiSecretListFromAPI maps a list answer to the list attribute (never null).
func apiSecretListFromAPI(items []mysafe.ListItem) []apiSecretListItemModel {
	out := make([]apiSecretListItemModel, 0, len(items))
	for _, it := range items {
		out = append(out, apiSecretListItemModel{ID: types.StringValue(it.ID), Name: types.StringValue(it.Name), CanWrite: types.BoolValue(it.CanWrite)})
	}
	return out
}
