package provider

import (
	"context"

	ephtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*dsmApplicationCredentialsEphemeralResource)(nil)

// NewDSMApplicationCredentialsEphemeralResource is the senhasegura_dsm_application_credentials
// ephemeral resource.
func NewDSMApplicationCredentialsEphemeralResource() ephemeral.EphemeralResource {
	return &dsmApplicationCredentialsEphemeralResource{}
}

type dsmApplicationCredentialsEphemeralResource struct{ data *providerData }

type dsmApplicationCredentialsModel struct {
	Application  types.String      `tfsdk:"application"`
	System       types.String      `tfsdk:"system"`
	Environment  types.String      `tfsdk:"environment"`
	ClientID     types.String      `tfsdk:"client_id"`
	ClientSecret types.String      `tfsdk:"client_secret"`
	Timeouts     ephtimeouts.Value `tfsdk:"timeouts"`
}

func (e *dsmApplicationCredentialsEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dsm_application_credentials"
}

func (e *dsmApplicationCredentialsEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	required := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Required: true, MarkdownDescription: desc, Validators: []validator.String{requiredText{api: "DSM"}}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The client credentials of a DSM application's authorization for a system and an environment, " +
			"**without storing them** in the plan or state (Terraform 1.10+): for an External Secrets `SecretStore`'s Kubernetes " +
			"secret, a CI variable, or another provider's configuration.\n\n" +
			"Each open registers the application (`POST /iso/dapp/application`, as the provider's DSM authorization, which needs " +
			"*Enable creation of DSM applications*), which finds, or creates, the authorization of these three and answers its " +
			"credentials, every time, as dsmcli does on each pipeline run. Terraform opens ephemeral resources at plan time as " +
			"well as at apply time. Nothing deactivates the authorization afterwards: manage it with `senhasegura_dsm_application` " +
			"(same three) for that. The open sends the three alone: where DSM clears an omitted description and tags (its " +
			"docs leave it open), a `senhasegura_dsm_application` of the same three with a description or tags shows them " +
			"in the next plan, and its apply sends them again; feed its `client_id` and `client_secret` to the consumer " +
			"instead to avoid that.",
		Attributes: map[string]schema.Attribute{
			"application":   required(dsmApplicationDescription),
			"system":        required(dsmSystemDescription),
			"environment":   required(dsmEnvironmentDescription),
			"client_id":     schema.StringAttribute{Computed: true, MarkdownDescription: "Client ID of the authorization."},
			"client_secret": schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "Client secret of the authorization."},
		},
		Blocks: map[string]schema.Block{"timeouts": dsmEphemeralTimeouts},
	}
}

func (e *dsmApplicationCredentialsEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *dsmApplicationCredentialsEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var config dsmApplicationCredentialsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || !dsmReady(e.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := ephemeralDeadline(e.data.withMasks(ctx), config.Timeouts, &resp.Diagnostics)
	defer cancel()
	app := dsm.Application{Name: config.Application.ValueString(), System: config.System.ValueString(), Environment: config.Environment.ValueString()}
	reg, err := e.data.dsm.Applications.Register(ctx, app)
	if err != nil {
		m := dsmApplicationModel{Application: config.Application, System: config.System, Environment: config.Environment}
		addClientError(ctx, &resp.Diagnostics, lookupCall(dsmAPI, "Error Registering DSM Application", dsmApplicationLabel).bounded(deadline, m.what()), err)
		return
	}
	ctx = e.data.withMasks(ctx, reg.ClientSecret)
	config.ClientID, config.ClientSecret = types.StringValue(reg.ClientID), types.StringValue(reg.ClientSecret)
	resp.Diagnostics.Append(resp.Result.Set(ctx, config)...)
}
