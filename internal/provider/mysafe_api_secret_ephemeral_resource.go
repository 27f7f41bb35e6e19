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

var _ ephemeral.EphemeralResourceWithConfigure = (*mysafeAPISecretEphemeralResource)(nil)

// NewMySafeAPISecretEphemeralResource is the senhasegura_mysafe_api_secret ephemeral resource.
func NewMySafeAPISecretEphemeralResource() ephemeral.EphemeralResource {
	return &mysafeAPISecretEphemeralResource{}
}

type mysafeAPISecretEphemeralResource struct {
	data *providerData
}

// apiSecretEphemeralModel is the ephemeral resource: the lookup and its timeouts.
type apiSecretEphemeralModel struct {
	apiSecretLookupModel
	Timeouts ephtimeouts.Value `tfsdk:"timeouts"`
}

func (e *mysafeAPISecretEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mysafe_api_secret"
}

func (e *mysafeAPISecretEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: apiSecretLookupDescription + ephemeralNote,
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
			"users_allowed":  ephemeralSharesAttribute(userKey, apiSecretUsersDescription),
			"groups_allowed": ephemeralSharesAttribute(groupKey, apiSecretGroupsDescription),
		},
		Blocks: map[string]schema.Block{"timeouts": mysafeEphemeralTimeouts},
	}
}

func (e *mysafeAPISecretEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *mysafeAPISecretEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var config apiSecretEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !mysafeReady(e.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := ephemeralDeadline(ctx, config.Timeouts, &resp.Diagnostics)
	defer cancel()
	if ctx, ok := apiSecretLookup.read(ctx, e.data, deadline, &config.apiSecretLookupModel, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.Result.Set(ctx, config)...)
	}
}
