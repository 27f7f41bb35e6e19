package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

var (
	_ resource.Resource               = (*dsmApplicationResource)(nil)
	_ resource.ResourceWithConfigure  = (*dsmApplicationResource)(nil)
	_ resource.ResourceWithModifyPlan = (*dsmApplicationResource)(nil)
)

// NewDSMApplicationResource is the senhasegura_dsm_application resource.
func NewDSMApplicationResource() resource.Resource { return &dsmApplicationResource{} }

type dsmApplicationResource struct{ data *providerData }

type dsmApplicationModel struct {
	Application  types.String   `tfsdk:"application"`
	System       types.String   `tfsdk:"system"`
	Environment  types.String   `tfsdk:"environment"`
	Description  types.String   `tfsdk:"description"`
	Tags         types.Set      `tfsdk:"tags"`
	ClientID     types.String   `tfsdk:"client_id"`
	ClientSecret types.String   `tfsdk:"client_secret"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

// Descriptions of the three that find an application's authorization.
const (
	dsmApplicationDescription = "Name of the DSM application; DSM creates it when it has none of that name."
	dsmSystemDescription      = "System of the authorization (registered in senhasegura), which, with `environment`, picks the " +
		"application's authorization."
	dsmEnvironmentDescription = "Environment of the authorization (registered in senhasegura), e.g. `production`."
)

func (r *dsmApplicationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dsm_application"
}

func (r *dsmApplicationResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	forces := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			Required: true, MarkdownDescription: desc + " Changing it replaces the resource.",
			Validators:    []validator.String{requiredText{api: "DSM"}},
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A DSM application and its authorization for a system and an environment, registered through " +
			"`POST /iso/dapp/application` as the provider's DSM authorization (which needs *Enable creation of DSM " +
			"applications*): the resource gets the authorization's `client_id` and `client_secret`, the credentials a workload " +
			"(External Secrets, dsmcli in a pipeline) reads its secrets with.\n\n" +
			"A refresh reads the application **as the minted authorization** (`GET /iso/dapp/application` with its own token), " +
			"never registering again; an authorization deactivated outside Terraform disappears from the state. Destroying the " +
			"resource **deactivates the authorization** (`DELETE /iso/dapp/application/authorization`, with its own token): its " +
			"credentials stop working. The application itself stays (DSM's API has no delete for it). When DSM already has the " +
			"authorization of these three (made in the web interface, by dsmcli, or by the ephemeral resource), the resource " +
			"adopts it, and its destroy deactivates it. Systems and environments " +
			"are made in senhasegura's web interface. **`client_secret` is stored in the state** (marked sensitive): the " +
			"`senhasegura_dsm_application_credentials` ephemeral resource returns the same credentials without storing them.",
		Attributes: map[string]schema.Attribute{
			"application": forces(dsmApplicationDescription),
			"system":      forces(dsmSystemDescription),
			"environment": forces(dsmEnvironmentDescription),
			"description": schema.StringAttribute{Optional: true, MarkdownDescription: "Description of the application."},
			"tags": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Tags of the application, compared as a set.",
			},
			"client_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Client ID of the authorization (not secret).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"client_secret": schema.StringAttribute{
				Computed: true, Sensitive: true,
				MarkdownDescription: "Client secret of the authorization: stored in the state, marked sensitive.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": resourceTimeoutsBlock},
	}
}

func (r *dsmApplicationResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// what names the application's authorization in messages.
func (m dsmApplicationModel) what() string {
	return fmt.Sprintf("%s %q (system %q, environment %q)", dsmApplicationLabel, m.Application.ValueString(), m.System.ValueString(),
		m.Environment.ValueString())
}

// ModifyPlan refuses, at plan time, two resources of the configuration that register one
// authorization (twins.go): one destroy would deactivate the credentials of the other.
func (r *dsmApplicationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil || !dsmReady(r.data, &resp.Diagnostics) {
		return
	}
	var plan dsmApplicationModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	if plan.Application.IsUnknown() || plan.System.IsUnknown() || plan.Environment.IsUnknown() {
		return
	}
	id := ""
	if !req.State.Raw.IsNull() {
		var state dsmApplicationModel
		if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
			return
		}
		if !state.Application.Equal(plan.Application) || !state.System.Equal(plan.System) || !state.Environment.Equal(plan.Environment) {
			return // a replacement: its create claims the key
		}
		id = state.ClientID.ValueString()
	}
	key := plan.Application.ValueString() + " / " + plan.System.ValueString() + " / " + plan.Environment.ValueString()
	refuseTwin(r.data.planned, "_dsm_application", "application", "application, system and environment", key, planToken(id),
		"the "+plan.what(), "DSM keeps one authorization per application, system and environment", &resp.Diagnostics)
}

// registration is what Register sends for m: the three, and the description and tags the
// configuration manages.
func (m dsmApplicationModel) registration() dsm.Application {
	app := dsm.Application{Name: m.Application.ValueString(), System: m.System.ValueString(), Environment: m.Environment.ValueString()}
	if !m.Description.IsNull() {
		app.Description = new(m.Description.ValueString())
	}
	if !m.Tags.IsNull() {
		app.Tags = tagsOf(m.Tags)
	}
	return app
}

// tagsOf is a set of strings' values, sorted.
func tagsOf(set types.Set) []string {
	out := []string{}
	for _, e := range set.Elements() {
		if s, ok := e.(types.String); ok {
			out = append(out, s.ValueString())
		}
	}
	return out
}

func (r *dsmApplicationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan dsmApplicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !dsmConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := resourceDeadline(r.data.withMasks(ctx), plan.Timeouts, "create", &resp.Diagnostics)
	defer cancel()
	reg, err := r.data.dsm.Applications.Register(ctx, plan.registration())
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, itemCall(dsmAPI, "Error Registering DSM Application", plan.what()).bounded(deadline, ""), err)
		return
	}
	ctx = r.data.withMasks(ctx, reg.ClientSecret)
	tflog.Debug(ctx, "DSM registered the application", map[string]any{"message": reg.Message, "client_id": reg.ClientID})
	plan.ClientID, plan.ClientSecret = types.StringValue(reg.ClientID), types.StringValue(reg.ClientSecret)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// minted is the client of the authorization the state holds (Client.As: its own token, one
// per process and credential set).
func (r *dsmApplicationResource) minted(m dsmApplicationModel, diags *diag.Diagnostics) (*dsm.Client, bool) {
	c, err := r.data.dsm.As(m.ClientID.ValueString(), m.ClientSecret.ValueString())
	if err != nil {
		diags.AddError("Error Reading DSM Application", fmt.Sprintf("%s: the state holds no usable client credentials (%s). "+
			"Replace the resource (terraform apply -replace=<address>).", m.what(), err))
		return nil, false
	}
	return c, true
}

// Read reads the application as its authorization (GET /iso/dapp/application with the minted
// credentials): never a registration, which is a write. An authorization that is inactive, or
// whose credentials no longer get a token, is gone: removed from the state.
func (r *dsmApplicationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state dsmApplicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !dsmConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := resourceDeadline(r.data.withMasks(ctx, state.ClientSecret.ValueString()), state.Timeouts, "read", &resp.Diagnostics)
	defer cancel()
	c, ok := r.minted(state, &resp.Diagnostics)
	if !ok {
		return
	}
	info, err := c.Applications.Current(ctx)
	switch {
	case err != nil && !deadline.ranOut(ctx, err) && (errors.Is(err, senhasegura.ErrInactive) || errors.Is(err, senhasegura.ErrUnauthorized)):
		tflog.Warn(ctx, "DSM authorization is inactive or refused; removing it from state", map[string]any{"client_id": state.ClientID.ValueString()})
		resp.Diagnostics.AddWarning("DSM Authorization Gone",
			fmt.Sprintf("The authorization of %s (client ID %q) is deactivated, or its credentials no longer get a token: it is "+
				"removed from the state, and the next plan registers the application again (a new authorization, with new "+
				"credentials).", state.what(), state.ClientID.ValueString()))
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addClientError(ctx, &resp.Diagnostics, itemCall(dsmAPI, "Error Reading DSM Application", state.what()).bounded(deadline, ""), err)
		return
	}
	state.Application = types.StringValue(info.Name)
	if info.System != "" || info.Environment != "" {
		state.System, state.Environment = types.StringValue(info.System), types.StringValue(info.Environment)
	}
	state.Description = optString(info.Description, state.Description)
	if len(info.Tags) > 0 || !state.Tags.IsNull() {
		state.Tags = stringSetOf(info.Tags)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// Update sends the description and tags again (POST /iso/dapp/application with the same three,
// which finds the same authorization).
func (r *dsmApplicationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state dsmApplicationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !dsmConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := resourceDeadline(r.data.withMasks(ctx, state.ClientSecret.ValueString()), plan.Timeouts, "update", &resp.Diagnostics)
	defer cancel()
	app := plan.registration()
	if app.Description == nil && !state.Description.IsNull() {
		app.Description = new("") // removed from the configuration: cleared
	}
	if app.Tags == nil && !state.Tags.IsNull() {
		app.Tags = []string{}
	}
	reg, err := r.data.dsm.Applications.Register(ctx, app)
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, itemCall(dsmAPI, "Error Updating DSM Application", state.what()).bounded(deadline, ""), err)
		return
	}
	ctx = r.data.withMasks(ctx, reg.ClientSecret)
	if reg.ClientID != state.ClientID.ValueString() {
		resp.Diagnostics.AddError("Error Updating DSM Application",
			fmt.Sprintf("DSM answered the update of %s with the credentials of another authorization (client ID %q, not %q): "+
				"the one this resource manages is no longer the application's for this system and environment. Refresh "+
				"(terraform apply -refresh-only) and apply again.", state.what(), reg.ClientID, state.ClientID.ValueString()))
		return
	}
	plan.ClientID, plan.ClientSecret = state.ClientID, types.StringValue(reg.ClientSecret)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete deactivates the authorization with its own token (DELETE
// /iso/dapp/application/authorization names none: it deactivates the caller's). Already
// deactivated, gone, or credentials that no longer get a token: done.
func (r *dsmApplicationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state dsmApplicationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !dsmConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := resourceDeadline(r.data.withMasks(ctx, state.ClientSecret.ValueString()), state.Timeouts, "delete", &resp.Diagnostics)
	defer cancel()
	c, ok := r.minted(state, &resp.Diagnostics)
	if !ok {
		return
	}
	err := c.Applications.DeactivateAuthorization(ctx)
	switch {
	case err == nil, !deadline.ranOut(ctx, err) && (errors.Is(err, senhasegura.ErrNotFound) || errors.Is(err, senhasegura.ErrInactive)):
	case !deadline.ranOut(ctx, err) && errors.Is(err, senhasegura.ErrUnauthorized):
		resp.Diagnostics.AddWarning("DSM Authorization Gone",
			fmt.Sprintf("The credentials of %s (client ID %q) no longer get a token, so the provider cannot deactivate the "+
				"authorization with them: it was deactivated or its secret changed in DSM. Check it in DSM → Applications.",
				state.what(), state.ClientID.ValueString()))
	default:
		addClientError(ctx, &resp.Diagnostics, itemCall(dsmAPI, "Error Deactivating DSM Authorization", state.what()).bounded(deadline, ""), err)
	}
}
