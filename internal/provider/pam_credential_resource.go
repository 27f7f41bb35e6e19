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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

var (
	_ resource.Resource                   = (*pamCredentialResource)(nil)
	_ resource.ResourceWithConfigure      = (*pamCredentialResource)(nil)
	_ resource.ResourceWithImportState    = (*pamCredentialResource)(nil)
	_ resource.ResourceWithIdentity       = (*pamCredentialResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*pamCredentialResource)(nil)
	_ resource.ResourceWithValidateConfig = (*pamCredentialResource)(nil)
)

// NewPAMCredentialResource is the senhasegura_pam_credential resource.
func NewPAMCredentialResource() resource.Resource { return &pamCredentialResource{} }

type pamCredentialResource struct{ data *providerData }

type pamCredentialModel struct {
	ID               types.String   `tfsdk:"id"`
	Identifier       types.String   `tfsdk:"identifier"`
	Hostname         types.String   `tfsdk:"hostname"`
	IP               types.String   `tfsdk:"ip"`
	Username         types.String   `tfsdk:"username"`
	CredentialType   types.String   `tfsdk:"credential_type"`
	Tags             types.Set      `tfsdk:"tags"`
	AdditionalInfo   types.String   `tfsdk:"additional_info"`
	Domain           types.String   `tfsdk:"domain"`
	ParentID         types.String   `tfsdk:"parent_id"`
	AutomaticChange  types.Bool     `tfsdk:"automatic_change"`
	ChangePlugin     types.String   `tfsdk:"change_plugin"`
	ChangeTemplate   types.String   `tfsdk:"change_template"`
	Criticality      types.String   `tfsdk:"criticality"`
	Owner            types.String   `tfsdk:"owner"`
	ContentWO        types.String   `tfsdk:"content_wo"`
	ContentWOVersion types.Int64    `tfsdk:"content_wo_version"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

// credentialIdentifierPattern is what PAM Core accepts as a credential identifier (code 1053
// otherwise; quirk P3).
var credentialIdentifierPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

const defaultCredentialType = "Local User"

func (r *pamCredentialResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_pam_credential"
}

func (r *pamCredentialResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A privileged credential of senhasegura PAM Core: an account on a device " +
			"(`senhasegura_pam_device`) whose password the vault keeps, rotates, checks out and records sessions for.\n\n" +
			"**Refreshing never views the password.** Reading a credential by its id is, in PAM Core, a password view: it " +
			"returns the password in clear, takes custody of the credential (which can block other users) and, under common " +
			"credential policies, makes senhasegura rotate the password some time later. So plan, refresh and import read only " +
			"the credential list (and, from Segura 4.2.2 on, the API v2 read of non-sensitive attributes), and the password " +
			"itself is **write-only** (`content_wo`): the vault rotates it, so it is never read back or compared. What the " +
			"list and the v2 read do not show cannot show as drift either.\n\n" +
			"PAM Core matches credentials by `identifier`, else by device and username: a create of an account it already has " +
			"would take it over, so the provider refuses it and names the `import` block that adopts it. " +
			"PAM Core has no delete: **destroying this resource deactivates the credential**.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The PAM Core id of the credential, digits assigned by PAM Core.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"identifier": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "The credential's own key (PAM Core's \"Webservice identifier\"): letters, digits, `_`, `-` " +
					"and `.`. Set it: it is what makes updates deterministic and lets `username` change in place. Without it, PAM " +
					"Core generates a UUID. It can change in place, but not in the same apply as `username`.",
				Validators:    []validator.String{stringvalidator.RegexMatches(credentialIdentifierPattern, "may hold only letters, digits, _, - and .")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"hostname": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Hostname of the device the credential lives on (e.g. `senhasegura_pam_device.db.hostname`, " +
					"which also makes Terraform destroy the credential before its device). Changing it replaces the credential.",
				Validators:    []validator.String{requiredText{api: "PAM Core"}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"ip": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "IP (or DNS name) of that device, as the device has it (e.g. `senhasegura_pam_device.db.ip`): " +
					"PAM Core finds the device by hostname and ip. When the device's ip changes, the credential follows in place.",
				Validators: []validator.String{requiredText{api: "PAM Core"}},
			},
			"username": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The account's user name on the device. It changes in place when the credential has an " +
					"`identifier`; without one, PAM Core has nothing else to find the credential by, and a new username " +
					"replaces it.",
				Validators:    []validator.String{requiredText{api: "PAM Core"}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIf(withoutIdentifier, "Without an identifier, a new username replaces the credential.", "Without an `identifier`, a new username replaces the credential.")},
			},
			"credential_type": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(defaultCredentialType),
				MarkdownDescription: "Credential type, e.g. `Local User` (the default), `Local administrator`, `Domain user` " +
					"(PAM Core registers a new type when it is unknown).",
			},
			"tags": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: "Tags of the credential, compared as a set. Read back only from Segura 4.2.2 on (API v2).",
				Validators:          []validator.Set{setvalidator.ValueStringsAre(stringvalidator.RegexMatches(commaListValuePattern, commaListValueMessage))},
			},
			"additional_info": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Additional information. Read back only from Segura 4.2.2 on (API v2).",
			},
			"domain": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Domain of the credential; it must already be registered in senhasegura. Read back only " +
					"from Segura 4.2.2 on (API v2). PAM Core's API cannot clear it: removed from the configuration, it keeps " +
					"the value PAM Core has.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"parent_id": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Id of a parent credential (e.g. `senhasegura_pam_credential.admin.id`): the credential then " +
					"takes the parent's password and follows its rotations. Read back only from Segura 4.2.2 on (API v2). PAM " +
					"Core's API cannot remove a parent: removed from the configuration, it keeps the value PAM Core has.",
				Validators:    []validator.String{stringvalidator.RegexMatches(identifierPattern, "must be a PAM Core id (digits)")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"automatic_change": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "Whether senhasegura rotates the password automatically (`execution_settings." +
					"automatic_change`; default `false`). With `true`, the vault changes the password on its own schedule: " +
					"`content_wo` is the first password, never compared again.",
			},
			"change_plugin": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Plugin that rotates the password, e.g. `SSH` (`execution_settings.change_plugin`). Not read back.",
			},
			"change_template": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Template of that plugin, e.g. `Linux - Change password`. Not read back.",
			},
			"criticality": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Criticality: `low`, `medium` or `high` (`additional_settings.criticality`). Read back only from Segura 4.2.2 on (API v2).",
				Validators:          []validator.String{stringvalidator.OneOf("low", "medium", "high")},
			},
			"owner": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "senhasegura user who owns the credential (`additional_settings.user_credential_owner`); " +
					"it must exist. Read back only from Segura 4.2.2 on (API v2).",
			},
			"content_wo": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
				MarkdownDescription: "Write-only password (Terraform 1.11+): sent to PAM Core, never stored in the plan or state, " +
					"and never read back: the vault rotates it. Set `content_wo_version` with it; change the version to send a new " +
					"password. Without it, PAM Core registers the credential without a password.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 256)},
			},
			"content_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Version of `content_wo`. Terraform cannot see a write-only value change, so change this number " +
					"(e.g. increment it) to send a new `content_wo` to PAM Core. Only then is the password sent.",
			},
		},
		Blocks: map[string]schema.Block{"timeouts": resourceTimeoutsBlock},
	}
}

// withoutIdentifier: the credential in state has no identifier, so only its device and
// username find it (quirk P4) and a new username cannot be an update.
func withoutIdentifier(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	var identifier types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("identifier"), &identifier)...)
	resp.RequiresReplace = identifier.ValueString() == ""
}

func (r *pamCredentialResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = pamIdentitySchema
}

func (r *pamCredentialResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig pairs content_wo with content_wo_version.
func (r *pamCredentialResource) ValidateConfig(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if attrs := readConfigAttrs(req.Config); attrs != nil {
		validateWriteOnlyPair(attrs, "content", &resp.Diagnostics)
	}
}

// ModifyPlan refuses, at plan time, a create of an account PAM Core already has, a change
// of identifier to one another credential has, a change of identifier and username in one apply
// (neither key would then match, quirk P4), and two resources of the configuration that plan
// one credential (twins.go).
func (r *pamCredentialResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || !pamReady(r.data, &resp.Diagnostics) {
		return
	}
	var plan pamCredentialModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	var state pamCredentialModel
	if !req.State.Raw.IsNull() {
		if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
			return
		}
	}
	replaced := !req.State.Raw.IsNull() && (!plan.Hostname.Equal(state.Hostname) ||
		state.Identifier.ValueString() == "" && !plan.Username.Equal(state.Username))
	if !replaced {
		// (A replacement's create is planned next, and claims the keys then.)
		r.refuseTwins(plan, state.ID.ValueString(), &resp.Diagnostics)
	}
	if req.State.Raw.IsNull() {
		if !plan.Hostname.IsUnknown() && !plan.Username.IsUnknown() && !plan.Identifier.IsUnknown() {
			r.refuseTakeover(ctx, plan, "", &resp.Diagnostics)
		}
		return
	}
	identifierChanges := !plan.Identifier.IsUnknown() && !plan.Identifier.Equal(state.Identifier) && plan.Identifier.ValueString() != ""
	if state.Identifier.ValueString() != "" && identifierChanges && !plan.Username.Equal(state.Username) {
		resp.Diagnostics.AddAttributeError(path.Root("identifier"), "Identifier And Username Change Together",
			"PAM Core finds a credential by its identifier, else by device and username: with both changed in one apply, "+
				"neither finds it and PAM Core would register a second credential. Change them in two applies.")
		return
	}
	if identifierChanges {
		// The upsert finds credentials by identifier: a new identifier another credential has
		// would write that credential.
		r.refuseTakeover(ctx, pamCredentialModel{Identifier: plan.Identifier, Hostname: types.StringValue("\x00"), Username: types.StringValue("\x00")},
			state.ID.ValueString(), &resp.Diagnostics)
	}
}

// refuseTwins claims this plan's keys (its identifier, else its device and username) and
// refuses them when another resource of the configuration claimed one first.
func (r *pamCredentialResource) refuseTwins(plan pamCredentialModel, id string, diags *diag.Diagnostics) {
	token := planToken(id)
	what := "a credential of values not known yet"
	if !plan.Username.IsUnknown() && !plan.Hostname.IsUnknown() {
		what = fmt.Sprintf("the credential of username %q on device %q", plan.Username.ValueString(), plan.Hostname.ValueString())
	}
	why := "PAM Core keeps one credential per identifier, else per device and username"
	hasIdentifier := !plan.Identifier.IsUnknown() && plan.Identifier.ValueString() != ""
	if hasIdentifier {
		refuseTwin(r.data.planned, "_pam_credential", "identifier", "identifier", plan.Identifier.ValueString(), token, what, why, diags)
	}
	if !plan.Hostname.IsUnknown() && !plan.Username.IsUnknown() {
		// Without an identifier (or with one PAM Core will generate), device and username find the
		// credential, and would find another one's with the same pair: a strong claim. With an
		// identifier, the pair is only a weak one: two credentials with identifiers may share it.
		refuseTwinKey(r.data.planned, "_pam_credential", "username", "device and username",
			plan.Hostname.ValueString()+" / "+plan.Username.ValueString(), token, what, why, hasIdentifier, diags)
	}
}

// refuseTakeover adds an error when PAM Core already lists the credential plan would create
// (the same identifier, or the same device and username): the upsert would take it over. self
// is the resource's own id ("" for a create), which is no takeover.
func (r *pamCredentialResource) refuseTakeover(ctx context.Context, plan pamCredentialModel, self string, diags *diag.Diagnostics) {
	identifier, hostname, username := plan.Identifier.ValueString(), plan.Hostname.ValueString(), plan.Username.ValueString()
	type key struct {
		attr, what string
		match      func(pam.CredentialListItem) bool
	}
	keys := []key{{"username", fmt.Sprintf("username %q on device %q", username, hostname),
		func(it pam.CredentialListItem) bool { return it.Hostname == hostname && it.Username == username }}}
	if identifier != "" {
		// The identifier first: PAM Core finds a credential by it before device and username.
		keys = append([]key{{"identifier", fmt.Sprintf("identifier %q", identifier),
			func(it pam.CredentialListItem) bool { return it.Identifier == identifier }}}, keys...)
	}
	for _, k := range keys {
		listed, err := pamListed(ctx, r.data, r.data.pam.Credentials.Listed, func(it pam.CredentialListItem) (string, bool) {
			return it.ID, !it.IsSSHKey() && it.ID != self && k.match(it)
		})
		if err != nil {
			addClientError(ctx, diags, itemCall(pamAPI, "Cannot Check PAM Core Credentials", "the credentials of PAM Core"), err)
			return
		}
		if ids := pamActiveOf(ctx, r.data, listed, r.deactivated); len(ids) > 0 {
			how := "creating this one would take that credential over"
			if self != "" {
				how = "giving this one that identifier would write that credential instead"
			}
			diags.AddAttributeError(path.Root(k.attr), "PAM Core Credential Already Exists",
				fmt.Sprintf("PAM Core already has a credential with %s: credential %s. PAM Core matches credentials by "+
					"identifier, else by device and username, so %s, and the provider refuses to. To manage it with this "+
					"resource, import it (its password stays write-only):\n\n%s", k.what, ids[0], how, importBlock(ids[0], false)))
			return
		}
	}
}

// deactivated says whether the API v2 read shows the listed credential id deactivated: an
// instance whose list shows deactivated credentials too (internal/pam quirk P6) would otherwise
// refuse to create again what Terraform destroyed. Without API v2 nothing tells: not
// deactivated.
func (r *pamCredentialResource) deactivated(ctx context.Context, id string) bool {
	d, err := r.data.pam.Credentials.Details(ctx, id)
	return err == nil && !d.Active
}

func (r *pamCredentialResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan pamCredentialModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	content, hasContent := configString(ctx, req.Config, "content_wo", &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !pamConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx = r.data.withMasks(ctx, content)
	r.refuseTakeover(ctx, plan, "", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	c := pamCredentialToAPI(plan, plan.Identifier.ValueString(), plan.Username.ValueString())
	if hasContent {
		c.Content = content
	}
	ctx, cancel, deadline := resourceDeadline(ctx, plan.Timeouts, "create", &resp.Diagnostics)
	defer cancel()
	written, err := r.data.pam.Credentials.Create(ctx, c)
	if err != nil {
		if errors.Is(err, pam.ErrDeviceNotFound) && !deadline.ranOut(ctx, err) {
			resp.Diagnostics.AddAttributeError(path.Root("hostname"), "PAM Core Device Not Found",
				fmt.Sprintf("PAM Core has no active device with hostname %q and ip %q, and a credential needs one. Register "+
					"the device first (senhasegura_pam_device, and refer to its hostname and ip so that Terraform creates it "+
					"first), or correct hostname and ip.\n\n%s", plan.Hostname.ValueString(), plan.IP.ValueString(), senhasegura.Redact(ctx, err.Error())))
			return
		}
		addClientError(ctx, &resp.Diagnostics, itemCall(pamAPI, "Error Creating PAM Core Credential", "a new "+pamCredentialLabel).bounded(deadline, ""), err)
		return
	}
	if written.ID == "" {
		resp.Diagnostics.AddError("Error Creating PAM Core Credential", "PAM Core answered the create without an id, so Terraform cannot "+
			"track the credential. Find it in PAM Core and import it (terraform import <address> <id or identifier>).")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, pamCredentialFromWrite(written, plan))...)
	setIdentity(ctx, resp.Identity, written.ID, &resp.Diagnostics)
	if written.Updated {
		pamActivateAdopted(ctx, &resp.Diagnostics, r.data.pam.Credentials.Activate, pamCredentialLabel, written.ID, deadline)
		resp.Diagnostics.AddWarning("PAM Core Updated An Existing Credential",
			fmt.Sprintf("PAM Core already had this account (credential %s, deactivated or created meanwhile) and updated it "+
				"with this configuration; it is active and managed by this resource now.", written.ID))
	}
}

func (r *pamCredentialResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state pamCredentialModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !pamConfigured(r.data, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	ctx, cancel, deadline := resourceDeadline(r.data.withMasks(ctx), state.Timeouts, "read", &resp.Diagnostics)
	defer cancel()
	read, err := r.data.pam.Credentials.Read(ctx, id)
	switch {
	case err != nil && !deadline.ranOut(ctx, err) && (errors.Is(err, senhasegura.ErrNotFound) || errors.Is(err, senhasegura.ErrInactive)) &&
		justImported(ctx, req.Private, resp.Private):
		refuseGoneImport(&resp.Diagnostics, pamAPI, pamCredentialLabel, id, errors.Is(err, senhasegura.ErrInactive))
		return
	case err != nil && !deadline.ranOut(ctx, err) && (errors.Is(err, senhasegura.ErrNotFound) || errors.Is(err, senhasegura.ErrInactive)):
		tflog.Warn(ctx, "PAM Core credential is gone or deactivated; removing it from state", map[string]any{"id": id})
		setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addClientError(ctx, &resp.Diagnostics, itemCall(pamAPI, "Error Reading PAM Core Credential", pamCredentialLabel+" "+id).bounded(deadline, ""), err)
		return
	}
	r.data.pam.Credentials.Claim(id)
	justImported(ctx, req.Private, resp.Private)
	resp.Diagnostics.Append(resp.State.Set(ctx, pamCredentialFromRead(read, state))...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

func (r *pamCredentialResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state pamCredentialModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	content, hasContent := configString(ctx, req.Config, "content_wo", &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !pamConfigured(r.data, &resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	// PAM Core finds the credential by identifier, else by device + username (quirk P4): a new
	// username goes with the identifier it has, a new identifier with the username it has.
	identifier, username := state.Identifier.ValueString(), plan.Username.ValueString()
	if !plan.Identifier.IsUnknown() && !plan.Identifier.Equal(state.Identifier) {
		identifier, username = plan.Identifier.ValueString(), state.Username.ValueString()
	}
	c := pamCredentialToAPI(plan, identifier, username)
	// Criticality and owner dropped from the configuration are cleared, not left behind.
	c.Settings.ReplaceAdditional = !state.Criticality.IsNull() || !state.Owner.IsNull()
	if hasContent && (!plan.ContentWOVersion.Equal(state.ContentWOVersion) || state.ContentWOVersion.IsNull()) {
		c.Content = content
	}
	ctx, cancel, deadline := resourceDeadline(r.data.withMasks(ctx, content), plan.Timeouts, "update", &resp.Diagnostics)
	defer cancel()
	written, err := r.data.pam.Credentials.Update(ctx, id, c)
	if errors.Is(err, pam.ErrOtherCredential) {
		resp.Diagnostics.AddError("Error Updating PAM Core Credential",
			fmt.Sprintf("PAM Core stored the update of %s %s as credential %s: it found another credential by identifier or by "+
				"device and username. Check both in PAM Core; this resource keeps %s.\n\n%s", pamCredentialLabel, id, written.ID, id, senhasegura.Redact(ctx, err.Error())))
		return
	}
	if err != nil {
		addClientError(ctx, &resp.Diagnostics, itemCall(pamAPI, "Error Updating PAM Core Credential", pamCredentialLabel+" "+id).bounded(deadline, ""), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, pamCredentialFromWrite(written, plan))...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

func (r *pamCredentialResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state pamCredentialModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !pamConfigured(r.data, &resp.Diagnostics) {
		return
	}
	pamDeactivate(ctx, r.data, state.Timeouts, pamCredentialLabel, state.ID.ValueString(), r.data.pam.Credentials.Deactivate, &resp.Diagnostics)
}

// ImportState takes the credential's id, or its identifier (resolved through the list), as an
// import ID or as the identity of an import block. The password is never read: it is
// write-only here anyway.
func (r *pamCredentialResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !pamConfigured(r.data, &resp.Diagnostics) {
		return
	}
	given := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(req.ID), writeOnlyPrefix))
	if req.ID == "" {
		given = strings.TrimSpace(identityID(ctx, req.Identity, &resp.Diagnostics))
	}
	id := given
	lctx, cancel := context.WithTimeout(r.data.withMasks(ctx), defaultReadTimeout)
	defer cancel()
	// Digits are an id, unless no credential has that id and one has that identifier
	// (identifiers may be digits too).
	if identifierPattern.MatchString(given) {
		if _, err := r.data.pam.Credentials.Find(lctx, given); !errors.Is(err, senhasegura.ErrNotFound) {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
			setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
			markImported(ctx, resp.Private, &resp.Diagnostics)
			return
		}
	}
	it, err := r.data.pam.Credentials.FindByIdentifier(lctx, given)
	switch {
	case err != nil && identifierPattern.MatchString(given):
		// Neither: import the id, whose refresh says it is gone.
	case err != nil:
		addClientError(ctx, &resp.Diagnostics, lookupCall(pamAPI, "Cannot Import PAM Core Credential", pamCredentialLabel+" with identifier "+given), err)
		return
	default:
		id = it.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	markImported(ctx, resp.Private, &resp.Diagnostics)
}

// pamCredentialToAPI maps a planned credential to the upsert PAM Core gets, with the
// identifier and username that find it (see Update); the password is the caller's to add.
func pamCredentialToAPI(m pamCredentialModel, identifier, username string) pam.Credential {
	c := pam.Credential{
		Identifier: identifier, Username: username, Hostname: m.Hostname.ValueString(), IP: m.IP.ValueString(),
		CredentialType: m.CredentialType.ValueString(), Tags: commaListOf(m.Tags), Additional: m.AdditionalInfo.ValueString(),
		Domain: m.Domain.ValueString(), ParentID: m.ParentID.ValueString(),
		Settings: pam.CredentialSettings{
			ChangePlugin: m.ChangePlugin.ValueString(), ChangeTemplate: m.ChangeTemplate.ValueString(),
			Criticality: m.Criticality.ValueString(), Owner: m.Owner.ValueString(),
		},
	}
	if !m.AutomaticChange.IsNull() && !m.AutomaticChange.IsUnknown() {
		c.Settings.AutomaticChange = new(m.AutomaticChange.ValueBool())
	}
	return c
}

// pamCredentialFromWrite is the state after a create or update: the plan, with the id and the
// identifier PAM Core answered (the answer echoes nothing else: internal/pam quirk P4,
// reference/pam-api.md §5.4).
func pamCredentialFromWrite(w *pam.Written, plan pamCredentialModel) pamCredentialModel {
	m := plan
	m.ID = types.StringValue(w.ID)
	if w.Identifier != "" {
		m.Identifier = types.StringValue(w.Identifier)
	} else if m.Identifier.IsUnknown() {
		m.Identifier = types.StringNull()
	}
	// Not configured and never set (a create): nothing; kept from state otherwise (the plan).
	if m.Domain.IsUnknown() {
		m.Domain = types.StringNull()
	}
	if m.ParentID.IsUnknown() {
		m.ParentID = types.StringNull()
	}
	m.ContentWO = types.StringNull()
	return m
}

// pamCredentialFromRead is the state after a refresh: what the list shows (identifier,
// username, device, type, automatic change) and, with the API v2 read, tags, additional
// information, domain, parent, criticality and owner; the rest keeps prior's values, which no
// read without a password view can check.
func pamCredentialFromRead(r *pam.CredentialRead, prior pamCredentialModel) pamCredentialModel {
	m := prior
	l := r.Listed
	m.ID = types.StringValue(l.ID)
	m.Identifier = optString(l.Identifier, prior.Identifier) // none on v3-32 when created without
	m.Username = types.StringValue(l.Username)
	m.Hostname = types.StringValue(l.Hostname)
	if l.IP != "" {
		m.IP = types.StringValue(l.IP)
	}
	if l.Type != "" && !strings.EqualFold(l.Type, prior.CredentialType.ValueString()) {
		m.CredentialType = types.StringValue(l.Type)
	}
	m.AutomaticChange = types.BoolValue(l.AutomaticChange)
	if d := r.Details; d != nil {
		m.Tags = commaSet(strings.Join(d.Tags, ","), prior.Tags)
		m.AdditionalInfo = optString(d.Additional, prior.AdditionalInfo)
		m.Domain = optString(d.Domain, prior.Domain)
		m.ParentID = optString(d.ParentID, prior.ParentID)
		m.Owner = optString(d.Owner, prior.Owner)
		if d.Criticality != "medium" || !prior.Criticality.IsNull() { // medium is PAM Core's default
			m.Criticality = optString(d.Criticality, prior.Criticality)
		}
	}
	m.ContentWO = types.StringNull()
	return m
}
