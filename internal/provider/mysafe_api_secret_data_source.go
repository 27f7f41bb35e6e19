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

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

var _ datasource.DataSourceWithConfigure = (*mysafeAPISecretDataSource)(nil)

// NewMySafeAPISecretDataSource is the senhasegura_mysafe_api_secret data source.
func NewMySafeAPISecretDataSource() datasource.DataSource {
	return &mysafeAPISecretDataSource{}
}

type mysafeAPISecretDataSource struct {
	data *providerData
}

// apiSecretLookupModel is the senhasegura_mysafe_api_secret data source and ephemeral
// resource.
type apiSecretLookupModel struct {
	ID             types.String `tfsdk:"id"`
	IdentifierCode types.String `tfsdk:"identifier_code"`
	Name           types.String `tfsdk:"name"`
	URL            types.String `tfsdk:"url"`
	ClientID       types.String `tfsdk:"client_id"`
	ClientSecret   types.String `tfsdk:"client_secret"`
	Method         types.String `tfsdk:"method"`
	Notes          types.String `tfsdk:"notes"`
	Tags           types.Set    `tfsdk:"tags"`
	UsersAllowed   types.Set    `tfsdk:"users_allowed"`
	GroupsAllowed  types.Set    `tfsdk:"groups_allowed"`
}

// apiSecretDataSourceModel is the data source: the lookup and its timeouts.
type apiSecretDataSourceModel struct {
	apiSecretLookupModel
	Timeouts dstimeouts.Value `tfsdk:"timeouts"`
}

func (d *mysafeAPISecretDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mysafe_api_secret"
}

func (d *mysafeAPISecretDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: apiSecretLookupDescription + " **As a data source, it stores what it reads in the Terraform " +
			"state and plan, `client_secret` included.** To use it without storing it, use the " +
			"`senhasegura_mysafe_api_secret` ephemeral resource (Terraform 1.10+) instead.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: apiSecretIDDescription,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("identifier_code")),
				},
			},
			"identifier_code": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: identifierCodeDescription,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name":           schema.StringAttribute{Computed: true, MarkdownDescription: apiSecretNameDescription},
			"url":            schema.StringAttribute{Computed: true, MarkdownDescription: apiSecretURLDescription},
			"client_id":      schema.StringAttribute{Computed: true, MarkdownDescription: clientIDDescription},
			"client_secret":  schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: clientSecretDescription},
			"method":         schema.StringAttribute{Computed: true, MarkdownDescription: methodDescription},
			"notes":          schema.StringAttribute{Computed: true, MarkdownDescription: notesDescription},
			"tags":           schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: tagsDescription},
			"users_allowed":  dataSourceSharesAttribute(userKey, apiSecretUsersDescription),
			"groups_allowed": dataSourceSharesAttribute(groupKey, apiSecretGroupsDescription),
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock},
	}
}

func (d *mysafeAPISecretDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *mysafeAPISecretDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config apiSecretDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !mysafeReady(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := dataSourceDeadline(ctx, config.Timeouts, &resp.Diagnostics)
	defer cancel()
	if ctx, ok := apiSecretLookup.read(ctx, d.data, deadline, &config.apiSecretLookupModel, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, config)...)
	}
}

// apiSecretLookup is the lookup the MySafe API secret data source and ephemeral resource share.
var apiSecretLookup = itemLookup[apiSecretLookupModel]{
	summary: "Error Reading MySafe API Secret", label: "MySafe API secret", lookup: lookupAPISecret,
	what: func(m apiSecretLookupModel) string {
		return "MySafe API secret " + m.ID.ValueString() + m.IdentifierCode.ValueString()
	},
}

// lookupAPISecret reads the API secret config names, by identifier or by identifier_code.
func lookupAPISecret(ctx context.Context, c *mysafe.Client, config apiSecretLookupModel) (apiSecretLookupModel, error) {
	var a *mysafe.APISecret
	var err error
	if id := config.ID.ValueString(); id != "" {
		a, err = c.APISecrets.Get(ctx, id)
	} else {
		a, err = c.APISecrets.GetByIdentifierCode(ctx, config.IdentifierCode.ValueString())
	}
	if err != nil {
		return config, err
	}
	return apiSecretLookupFromAPI(a), nil
}

// apiSecretLookupFromAPI maps a GET answer to the data source and ephemeral resource model.
func apiSecretLookupFromAPI(a *mysafe.APISecret) apiSecretLookupModel {
	return apiSecretLookupModel{
		ID: types.StringValue(a.ID), IdentifierCode: types.StringValue(a.IdentifierCode), Name: types.StringValue(a.Name),
		URL: types.StringValue(a.URL), ClientID: types.StringValue(a.ClientID), ClientSecret: types.StringValue(a.ClientSecret),
		Method: types.StringValue(a.Method), Notes: types.StringValue(a.Notes), Tags: tagsSet(a.Tags),
		UsersAllowed:  sharesToSet(a.UsersAllowed, userKey),
		GroupsAllowed: sharesToSet(a.GroupsAllowed, groupKey),
	}
}

// secrets are the values masked in logs.
func (m apiSecretLookupModel) secrets() []string { return []string{m.ClientSecret.ValueString()} }
