package provider

import (
	"context"

	ephtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*mysafePasswordEphemeralResource)(nil)

// NewMySafePasswordEphemeralResource is the senhasegura_mysafe_password ephemeral resource.
func NewMySafePasswordEphemeralResource() ephemeral.EphemeralResource {
	return &mysafePasswordEphemeralResource{}
}

type mysafePasswordEphemeralResource struct {
	data *providerData
}

// passwordEphemeralModel is the ephemeral resource: the lookup and its timeouts.
type passwordEphemeralModel struct {
	passwordLookupModel
	Timeouts ephtimeouts.Value `tfsdk:"timeouts"`
}

func (e *mysafePasswordEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mysafe_password"
}

func (e *mysafePasswordEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: passwordLookupDescription + ephemeralNote,
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
			"users_allowed":  ephemeralSharesAttribute(userKey, passwordUsersDescription),
			"groups_allowed": ephemeralSharesAttribute(groupKey, passwordGroupsDescription),
		},
		Blocks: map[string]schema.Block{"timeouts": mysafeEphemeralTimeouts},
	}
}

func (e *mysafePasswordEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *mysafePasswordEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var config passwordEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !mysafeReady(e.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := ephemeralDeadline(ctx, config.Timeouts, &resp.Diagnostics)
	defer cancel()
	if ctx, ok := passwordLookup.read(ctx, e.data, deadline, &config.passwordLookupModel, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.Result.Set(ctx, config)...)
	}
}
