package provider

import (
	"context"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

var _ datasource.DataSourceWithConfigure = (*mysafePasswordsDataSource)(nil)

// NewMySafePasswordsDataSource is the senhasegura_mysafe_passwords data source.
func NewMySafePasswordsDataSource() datasource.DataSource {
	return &mysafePasswordsDataSource{}
}

// mysafePasswordsDataSource lists passwords. MySafe's list answer carries no secrets, notes or
// shares: the single-item data source reads those.
type mysafePasswordsDataSource struct {
	data *providerData
}

type passwordsModel struct {
	Tag       types.String            `tfsdk:"tag"`
	Name      types.String            `tfsdk:"name"`
	Username  types.String            `tfsdk:"username"`
	URL       types.String            `tfsdk:"url"`
	Passwords []passwordListItemModel `tfsdk:"passwords"`
	Timeouts  dstimeouts.Value        `tfsdk:"timeouts"`
}

type passwordListItemModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Username types.String `tfsdk:"username"`
	URL      types.String `tfsdk:"url"`
	Tags     types.Set    `tfsdk:"tags"`
	CanWrite types.Bool   `tfsdk:"can_write"`
}

func (d *mysafePasswordsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mysafe_passwords"
}

func (d *mysafePasswordsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the active MySafe passwords the access key's user can see, optionally filtered. " +
			"The list carries no secrets: read one with the `senhasegura_mysafe_password` data source.",
		Attributes: map[string]schema.Attribute{
			"tag":      schema.StringAttribute{Optional: true, MarkdownDescription: "Only passwords with this tag."},
			"name":     schema.StringAttribute{Optional: true, MarkdownDescription: "Only passwords with this name."},
			"username": schema.StringAttribute{Optional: true, MarkdownDescription: "Only passwords with this user name."},
			"url":      schema.StringAttribute{Optional: true, MarkdownDescription: "Only passwords with this URL."},
			"passwords": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching active MySafe passwords the access key's user can see, by identifier.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":        schema.StringAttribute{Computed: true, MarkdownDescription: listIDDescription},
						"name":      schema.StringAttribute{Computed: true, MarkdownDescription: listNameDescription},
						"username":  schema.StringAttribute{Computed: true, MarkdownDescription: usernameDescription},
						"url":       schema.StringAttribute{Computed: true, MarkdownDescription: listURLDescription},
						"tags":      schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: tagsDescription},
						"can_write": schema.BoolAttribute{Computed: true, MarkdownDescription: canWriteDescription},
					},
				},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock},
	}
}

func (d *mysafePasswordsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *mysafePasswordsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state passwordsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !mysafeReady(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := dataSourceDeadline(ctx, state.Timeouts, &resp.Diagnostics)
	defer cancel()
	items, err := d.data.mysafe.Passwords.List(d.data.withMasks(ctx), mysafe.PasswordFilter{
		Tag: state.Tag.ValueString(), Name: state.Name.ValueString(), Username: state.Username.ValueString(), URL: state.URL.ValueString(),
	})
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, lookupCall(mysafeAPI, "Error Listing MySafe Passwords", "MySafe password").bounded(deadline, "the list of MySafe passwords"), err)
		return
	}
	state.Passwords = passwordListFromAPI(items)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// passwordListFromAPI maps a list answer to the list attribute (never null).
func passwordListFromAPI(items []mysafe.ListItem) []passwordListItemModel {
	out := make([]passwordListItemModel, 0, len(items))
	for _, it := range items {
		out = append(out, passwordListItemModel{
			ID: types.StringValue(it.ID), Name: types.StringValue(it.Name), Username: types.StringValue(it.Username),
			URL: types.StringValue(it.URL), Tags: tagsSet(it.Tags), CanWrite: types.BoolValue(it.CanWrite),
		})
	}
	return out
}
