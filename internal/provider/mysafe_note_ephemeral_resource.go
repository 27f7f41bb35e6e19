package provider

import (
	"context"

	ephtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*mysafeNoteEphemeralResource)(nil)

// NewMySafeNoteEphemeralResource is the senhasegura_mysafe_note ephemeral resource.
func NewMySafeNoteEphemeralResource() ephemeral.EphemeralResource {
	return &mysafeNoteEphemeralResource{}
}

type mysafeNoteEphemeralResource struct {
	data *providerData
}

// noteEphemeralModel is the ephemeral resource: the lookup and its timeouts.
type noteEphemeralModel struct {
	noteLookupModel
	Timeouts ephtimeouts.Value `tfsdk:"timeouts"`
}

func (e *mysafeNoteEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_mysafe_note"
}

func (e *mysafeNoteEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: noteLookupDescription + ephemeralNote,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: noteIDDescription,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.ExactlyOneOf(path.MatchRoot("name"))},
			},
			"name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: noteNameDescription,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"note": schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: noteContentDescription},
			"tags": schema.SetAttribute{
				Optional: true, Computed: true, ElementType: types.StringType, MarkdownDescription: noteTagsDescription,
				Validators: []validator.Set{setvalidator.ConflictsWith(path.MatchRoot("id"))},
			},
			"users_allowed":  ephemeralSharesAttribute(userKey, noteUsersDescription),
			"groups_allowed": ephemeralSharesAttribute(groupKey, noteGroupsDescription),
		},
		Blocks: map[string]schema.Block{"timeouts": mysafeEphemeralTimeouts},
	}
}

func (e *mysafeNoteEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *mysafeNoteEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var config noteEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !mysafeReady(e.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := ephemeralDeadline(ctx, config.Timeouts, &resp.Diagnostics)
	defer cancel()
	if ctx, ok := noteLookup.read(ctx, e.data, deadline, &config.noteLookupModel, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.Result.Set(ctx, config)...)
	}
}
