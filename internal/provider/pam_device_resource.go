package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

var (
	_ resource.Resource                = (*pamDeviceResource)(nil)
	_ resource.ResourceWithConfigure   = (*pamDeviceResource)(nil)
	_ resource.ResourceWithImportState = (*pamDeviceResource)(nil)
	_ resource.ResourceWithIdentity    = (*pamDeviceResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*pamDeviceResource)(nil)
)

// NewPAMDeviceResource is the senhasegura_pam_device resource.
func NewPAMDeviceResource() resource.Resource { return &pamDeviceResource{} }

type pamDeviceResource struct{ data *providerData }

type pamDeviceModel struct {
	ID              types.String   `tfsdk:"id"`
	Hostname        types.String   `tfsdk:"hostname"`
	IP              types.String   `tfsdk:"ip"`
	Type            types.String   `tfsdk:"type"`
	Vendor          types.String   `tfsdk:"vendor"`
	Model           types.String   `tfsdk:"model"`
	Site            types.String   `tfsdk:"site"`
	Domains         types.Set      `tfsdk:"domains"`
	Tags            types.Set      `tfsdk:"tags"`
	Connectivities  types.Set      `tfsdk:"connectivities"`
	LoginExpression types.String   `tfsdk:"login_expression"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

var (
	connectivityPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._-]*:[0-9]{1,5}$`)
	domainPattern       = regexp.MustCompile(`^[^,\s]+$`)
)

func (r *pamDeviceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pam_device"
}

func (r *pamDeviceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	required := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Required: true, MarkdownDescription: desc, Validators: []validator.String{requiredText{api: "PAM Core"}}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A device of senhasegura PAM Core: a server, database or web application that privileged " +
			"credentials (`senhasegura_pam_credential`) live on.\n\n" +
			"PAM Core matches devices by hostname: a create of a hostname it already has would take that device over, so the " +
			"provider refuses it and names the `import` block that adopts it. " +
			"PAM Core has no delete: **destroying this resource deactivates the device, and PAM Core then disables every " +
			"credential on it. Activating the device again does not bring them back**: each must be activated on its own. " +
			"A device deactivated or removed outside Terraform disappears from state, and the next plan proposes to create it again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The PAM Core id of the device, digits assigned by PAM Core.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"hostname": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Name of the device, and PAM Core's key for it: changing it replaces the device (a new " +
					"device is registered; the old one is deactivated).",
				Validators:    []validator.String{requiredText{api: "PAM Core"}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"ip":     required("IP address, DNS name or management URL of the device."),
			"type":   required("Device type, e.g. `Server` or `Database` (PAM Core registers a new type when it is unknown)."),
			"vendor": required("Vendor, e.g. `Microsoft` (registered when unknown)."),
			"model":  required("Model or product, e.g. `Windows Server 2022` (registered when unknown)."),
			"site":   required("Site, e.g. `LAX` (registered when unknown)."),
			"domains": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Domains of the device, by name or abbreviation. Each must already be registered in " +
					"senhasegura (PAM Core answers code 1029 otherwise).",
				Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.RegexMatches(domainPattern,
					"must be a domain name without commas or white space"))},
			},
			"tags": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Tags of the device. PAM Core keeps them as one comma-separated string; the provider " +
					"compares them as a set, so order and spacing never show as a change. A tag cannot contain a comma.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.RegexMatches(commaListValuePattern, commaListValueMessage))},
			},
			"connectivities": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: "How the device is reached, as `PROTOCOL:PORT` pairs, e.g. `SSH:22`, `HTTPS:443`.",
				Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.RegexMatches(connectivityPattern,
					"must be PROTOCOL:PORT, e.g. SSH:22"))},
			},
			"login_expression": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Login expression of the device (PAM Core's `session_remote_config`), e.g. " +
					"`SSH:EXPECT:FILL`.",
			},
		},
		Blocks: map[string]schema.Block{"timeouts": resourceTimeoutsBlock},
	}
}

func (r *pamDeviceResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = pamIdentitySchema
}

func (r *pamDeviceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, at plan time, a create of a hostname PAM Core already has, and two
// resources of the configuration with one hostname (twins.go).
func (r *pamDeviceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !pamReady(r.data, &resp.Diagnostics) {
		return
	}
	var plan pamDeviceModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() || plan.Hostname.IsUnknown() {
		return
	}
	id := ""
	hostname := plan.Hostname.ValueString()
	if !req.State.Raw.IsNull() {
		var stateID, stateHostname types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &stateID)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("hostname"), &stateHostname)...)
		if stateHostname.ValueString() != hostname {
			// A new hostname replaces the device: Terraform plans its create next, which claims it.
			return
		}
		id = stateID.ValueString()
	}
	refuseTwin(r.data.planned, "_pam_device", "hostname", "hostname", hostname, planToken(id), fmt.Sprintf("a device at ip %q", plan.IP.ValueString()),
		"PAM Core keeps one device per hostname (its upsert matches devices by hostname)", &resp.Diagnostics)
	if id == "" && !resp.Diagnostics.HasError() {
		r.refuseTakeover(ctx, hostname, &resp.Diagnostics)
	}
}

// refuseTakeover adds an error when PAM Core already lists a device with hostname (the upsert
// would take it over), naming it and the import block that adopts it.
func (r *pamDeviceResource) refuseTakeover(ctx context.Context, hostname string, diags *diag.Diagnostics) {
	listed, err := pamListed(ctx, r.data, r.data.pam.Devices.Listed,
		func(it pam.DeviceListItem) (string, bool) { return it.ID, it.Hostname == hostname })
	if err != nil {
		addClientError(ctx, diags, itemCall(pamAPI, "Cannot Check PAM Core Devices", "the devices of PAM Core"), err)
		return
	}
	if ids := pamActiveOf(ctx, r.data, listed, r.deactivated); len(ids) > 0 {
		diags.AddAttributeError(path.Root("hostname"), "PAM Core Device Already Exists",
			fmt.Sprintf("PAM Core already has a device with hostname %q: device %s. PAM Core matches devices by hostname, so "+
				"creating this one would take that device over, and the provider refuses to. To manage it with this "+
				"resource, import it:\n\n%s", hostname, ids[0], importBlock(ids[0], false)))
	}
}

// deactivated says whether PAM Core answers "not found" for the listed device id: deactivated,
// on an instance whose list shows deactivated devices too (internal/pam quirks P6 and P8).
func (r *pamDeviceResource) deactivated(ctx context.Context, id string) bool {
	_, err := r.data.pam.Devices.Get(ctx, id)
	return errors.Is(err, senhasegura.ErrNotFound)
}

func (r *pamDeviceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan pamDeviceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !pamConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx = r.data.withMasks(ctx)
	r.refuseTakeover(ctx, plan.Hostname.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, deadline := resourceDeadline(ctx, plan.Timeouts, "create", &resp.Diagnostics)
	defer cancel()
	written, err := r.data.pam.Devices.Upsert(ctx, pamDeviceToAPI(plan))
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, itemCall(pamAPI, "Error Creating PAM Core Device", "a new "+pamDeviceLabel).bounded(deadline, ""), err)
		return
	}
	if written.ID == "" {
		resp.Diagnostics.AddError("Error Creating PAM Core Device", "PAM Core answered the create without an id, so Terraform cannot "+
			"track the device. Find it in PAM Core and import it (terraform import <address> <id or hostname>).")
		return
	}
	r.data.pam.Devices.Claim(written.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, pamDeviceWritten(plan, written.ID))...)
	setIdentity(ctx, resp.Identity, written.ID, &resp.Diagnostics)
	if written.Updated {
		pamActivateAdopted(ctx, &resp.Diagnostics, r.data.pam.Devices.Activate, pamDeviceLabel, written.ID, deadline)
		resp.Diagnostics.AddWarning("PAM Core Updated An Existing Device",
			fmt.Sprintf("PAM Core already had a device with hostname %q (device %s, deactivated or created meanwhile), and "+
				"updated it with this configuration; it is active and managed by this resource now. Its credentials, if "+
				"PAM Core disabled them with the device, stay disabled.", plan.Hostname.ValueString(), written.ID))
	}
}

func (r *pamDeviceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state pamDeviceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !pamConfigured(r.data, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	ctx, cancel, deadline := resourceDeadline(r.data.withMasks(ctx), state.Timeouts, "read", &resp.Diagnostics)
	defer cancel()
	got, err := r.data.pam.Devices.Get(ctx, id)
	switch {
	case err != nil && !deadline.ranOut(ctx, err) && errors.Is(err, senhasegura.ErrNotFound) && justImported(ctx, req.Private, resp.Private):
		refuseGoneImport(&resp.Diagnostics, pamAPI, pamDeviceLabel, id, false)
		return
	case err != nil && !deadline.ranOut(ctx, err) && errors.Is(err, senhasegura.ErrNotFound):
		tflog.Warn(ctx, "PAM Core device is gone or deactivated; removing it from state", map[string]any{"id": id})
		setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addClientError(ctx, &resp.Diagnostics, itemCall(pamAPI, "Error Reading PAM Core Device", pamDeviceLabel+" "+id).bounded(deadline, ""), err)
		return
	}
	r.data.pam.Devices.Claim(id)
	justImported(ctx, req.Private, resp.Private)
	resp.Diagnostics.Append(resp.State.Set(ctx, pamDeviceFromAPI(got, state))...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

// Update resends every field: PAM Core's upsert by hostname requires the six it needs (quirk P10).
func (r *pamDeviceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state pamDeviceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !pamConfigured(r.data, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	ctx, cancel, deadline := resourceDeadline(r.data.withMasks(ctx), plan.Timeouts, "update", &resp.Diagnostics)
	defer cancel()
	written, err := r.data.pam.Devices.Upsert(ctx, pamDeviceToAPI(plan))
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, itemCall(pamAPI, "Error Updating PAM Core Device", pamDeviceLabel+" "+id).bounded(deadline, ""), err)
		return
	}
	if written.ID != "" && written.ID != id {
		resp.Diagnostics.AddError("Error Updating PAM Core Device",
			fmt.Sprintf("PAM Core stored the update of %s %s as device %s: the hostname now belongs to another device. "+
				"Check the device in PAM Core, and import the one this configuration should manage.", pamDeviceLabel, id, written.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, pamDeviceWritten(plan, id))...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

// Delete deactivates the device, which disables every credential on it.
func (r *pamDeviceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state pamDeviceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !pamConfigured(r.data, &resp.Diagnostics) {
		return
	}
	pamDeactivate(ctx, r.data, state.Timeouts, pamDeviceLabel, state.ID.ValueString(), r.data.pam.Devices.Deactivate, &resp.Diagnostics)
}

// ImportState takes the device's id, or its hostname (resolved through the device list), as
// an import ID or as the identity of an import block.
func (r *pamDeviceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !pamConfigured(r.data, &resp.Diagnostics) {
		return
	}
	given := strings.TrimSpace(req.ID)
	if given == "" {
		given = strings.TrimSpace(identityID(ctx, req.Identity, &resp.Diagnostics))
	}
	id := given
	if !identifierPattern.MatchString(given) {
		ctx, cancel := context.WithTimeout(r.data.withMasks(ctx), defaultReadTimeout)
		defer cancel()
		it, err := r.data.pam.Devices.FindByHostname(ctx, given)
		if err != nil {
			addClientError(ctx, &resp.Diagnostics, lookupCall(pamAPI, "Cannot Import PAM Core Device", pamDeviceLabel+" with hostname "+given), err)
			return
		}
		id = it.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	markImported(ctx, resp.Private, &resp.Diagnostics)
}

// pamDeviceToAPI maps a planned device to the upsert PAM Core gets.
func pamDeviceToAPI(m pamDeviceModel) pam.Device {
	return pam.Device{
		Hostname: m.Hostname.ValueString(), IP: m.IP.ValueString(), Type: m.Type.ValueString(), Vendor: m.Vendor.ValueString(),
		Model: m.Model.ValueString(), Site: m.Site.ValueString(), Domains: commaListOf(m.Domains), Tags: commaListOf(m.Tags),
		Connectivities: commaListOf(m.Connectivities), LoginExpression: m.LoginExpression.ValueString(),
	}
}

// pamDeviceWritten is the state after a create or update: the plan and the id PAM Core
// answered. Its answer echoes every field, but an instance that normalises one (spacing,
// defaults) must show that as drift at the next refresh, not fail the apply as an
// inconsistent result.
func pamDeviceWritten(plan pamDeviceModel, id string) pamDeviceModel {
	m := plan
	m.ID = types.StringValue(id)
	return m
}

// pamDeviceFromAPI maps a device as PAM Core holds it (a GET) to state; prior supplies the timeouts and the null-vs-empty shape of
// optional values.
func pamDeviceFromAPI(d *pam.Device, prior pamDeviceModel) pamDeviceModel {
	return pamDeviceModel{
		ID: types.StringValue(d.ID), Hostname: types.StringValue(d.Hostname), IP: types.StringValue(d.IP),
		Type: types.StringValue(d.Type), Vendor: types.StringValue(d.Vendor), Model: types.StringValue(d.Model),
		Site: types.StringValue(d.Site), Domains: commaSet(d.Domains, prior.Domains), Tags: commaSet(d.Tags, prior.Tags),
		Connectivities: commaSet(d.Connectivities, prior.Connectivities), LoginExpression: optString(d.LoginExpression, prior.LoginExpression),
		Timeouts: prior.Timeouts,
	}
}
