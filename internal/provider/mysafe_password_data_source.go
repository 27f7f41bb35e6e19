package provider

import (
	"context"
	"fmt"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

var _ datasource.DataSourceWithConfigure = (*mysafePasswordDataSource)(nil)

// NewMySafePasswordDataSource is the senhasegura_mysafe_password data source.
func NewMySafePasswordDataSource() datasource.DataSource {
	return &mysafePasswordDataSource{}
}

type mysafePasswordDataSource struct {
	data *providerData
}

// passwordLookupModel is the senhasegura_mysafe_password data source and ephemeral resource.
type passwordLookupModel struct {
	ID            types.String `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Username      types.String `tfsdk:"username"`
	Password      types.String `tfsdk:"password"`
	URL           types.String `tfsdk:"url"`
	Notes         types.String `tfsdk:"notes"`
	SecretKey     types.String `tfsdk:"secret_key"`
	TOTPCode      types.String `tfsdk:"totp_code"`
	Tags          types.Set    `tfsdk:"tags"`
	UsersAllowed  types.Set    `tfsdk:"users_allowed"`
	GroupsAllowed types.Set    `tfsdk:"groups_allowed"`
}

// passwordDataSourceModel is the data source: the lookup and its timeouts.
type passwordDataSourceModel struct {
	passwordLookupModel
	Timeouts dstimeouts.Value `tfsdk:"timeouts"`
}

func (d *mysafePasswordDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mysafe_password"
}

func (d *mysafePasswordDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: passwordLookupDescription + " **As a data source, it stores what it reads in the Terraform " +
			"state and plan, secrets included** (`password`, `secret_key`, `totp_code`). To use them without storing " +
			"them, use the `senhasegura_mysafe_password` ephemeral resource (Terraform 1.10+) instead.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: passwordIDDescription,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("name"))},
			},
			"name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: passwordNameDescription,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"username": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: usernameDescription,
				Validators:          []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("id"))},
			},
			"password":       schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: passwordValueDescription},
			"url":            schema.StringAttribute{Computed: true, MarkdownDescription: passwordURLDescription},
			"notes":          schema.StringAttribute{Computed: true, MarkdownDescription: notesDescription},
			"secret_key":     schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: secretKeyDescription},
			"totp_code":      schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: totpCodeDescription},
			"tags":           schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: tagsDescription},
			"users_allowed":  dataSourceSharesAttribute(userKey, passwordUsersDescription),
			"groups_allowed": dataSourceSharesAttribute(groupKey, passwordGroupsDescription),
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock},
	}
}

func (d *mysafePasswordDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *mysafePasswordDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config passwordDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !mysafeReady(d.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := dataSourceDeadline(ctx, config.Timeouts, &resp.Diagnostics)
	defer cancel()
	if ctx, ok := passwordLookup.read(ctx, d.data, deadline, &config.passwordLookupModel, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, config)...)
	}
}

// passwordLookup is the lookup the MySafe password data source and ephemeral resource share.
var passwordLookup = itemLookup[passwordLookupModel]{
	summary: "Error Reading MySafe Password", label: "MySafe password", lookup: lookupPassword,
	what: func(m passwordLookupModel) string {
		if m.ID.ValueString() != "" {
			return "MySafe password " + m.ID.ValueString()
		}
		return fmt.Sprintf("the MySafe password named %q", m.Name.ValueString())
	},
}

// lookupPassword reads the password config names: by identifier, or by name (and username).
func lookupPassword(ctx context.Context, c *mysafe.Client, config passwordLookupModel) (passwordLookupModel, error) {
	var p *mysafe.Password
	var err error
	if id := config.ID.ValueString(); id != "" {
		p, err = c.Passwords.Get(ctx, id)
	} else {
		p, err = c.Passwords.FindByName(ctx, config.Name.ValueString(), config.Username.ValueString())
	}
	if err != nil {
		return config, err
	}
	return passwordLookupFromAPI(p), nil
}

// passwordLookupFromAPI maps a GET answer to the data source and ephemeral resource model.
func passwordLookupFromAPI(p *mysafe.Password) passwordLookupModel {
	return passwordLookupModel{
		ID: types.StringValue(p.ID), Name: types.StringValue(p.Name), Username: types.StringValue(p.Username),
		Password: types.StringValue(p.Password), URL: types.StringValue(p.URL), Notes: types.StringValue(p.Notes),
		SecretKey: types.StringValue(p.SecretKey), TOTPCode: types.StringValue(p.Token),
		Tags:          tagsSet(p.Tags),
		UsersAllowed:  sharesToSet(p.UsersAllowed, userKey),
		GroupsAllowed: sharesToSet(p.GroupsAllowed, groupKey),
	}
}

// secrets are the values masked in logs.
func (m passwordLookupModel) secrets() []string {
	return []string{m.Password.ValueString(), m.SecretKey.ValueString(), m.TOTPCode.ValueString()}
}
