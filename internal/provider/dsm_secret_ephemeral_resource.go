package provider

import (
	"context"

	ephtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*dsmSecretEphemeralResource)(nil)

// NewDSMSecretEphemeralResource is the senhasegura_dsm_secret ephemeral resource.
func NewDSMSecretEphemeralResource() ephemeral.EphemeralResource {
	return &dsmSecretEphemeralResource{}
}

type dsmSecretEphemeralResource struct{ data *providerData }

type dsmSecretEphemeralModel struct {
	dsmSecretReadModel
	Timeouts ephtimeouts.Value `tfsdk:"timeouts"`
}

func (e *dsmSecretEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + dsmSecretType
}

func (e *dsmSecretEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one DSM secret " + dsmSecretReadDescription + " Nothing is stored in the plan or state " +
			"(Terraform 1.10+): feed its `values` to a write-only attribute or another provider's configuration.",
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
		Blocks: map[string]schema.Block{"timeouts": dsmEphemeralTimeouts},
	}
}

func (e *dsmSecretEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *dsmSecretEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var config dsmSecretEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !dsmReady(e.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := ephemeralDeadline(e.data.withMasks(ctx), config.Timeouts, &resp.Diagnostics)
	defer cancel()
	st, ok := dsmLookup(ctx, e.data, config.Identity.ValueString(), "Error Reading DSM Secret", deadline, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx = e.data.withMasks(ctx, secretValuesOf(st.Values)...)
	config.dsmSecretReadModel = dsmSecretRead(st)
	resp.Diagnostics.Append(resp.Result.Set(ctx, config)...)
}
