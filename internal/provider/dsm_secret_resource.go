package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

var (
	_ resource.Resource                   = (*dsmSecretResource)(nil)
	_ resource.ResourceWithConfigure      = (*dsmSecretResource)(nil)
	_ resource.ResourceWithImportState    = (*dsmSecretResource)(nil)
	_ resource.ResourceWithIdentity       = (*dsmSecretResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*dsmSecretResource)(nil)
	_ resource.ResourceWithValidateConfig = (*dsmSecretResource)(nil)
)

// NewDSMSecretResource is the senhasegura_dsm_secret resource.
func NewDSMSecretResource() resource.Resource { return &dsmSecretResource{} }

type dsmSecretResource struct{ data *providerData }

type dsmSecretModel struct {
	Identity        types.String      `tfsdk:"identity"`
	Name            types.String      `tfsdk:"name"`
	Description     types.String      `tfsdk:"description"`
	Engine          types.String      `tfsdk:"engine"`
	ExpirationDate  timetypes.RFC3339 `tfsdk:"expiration_date"`
	Values          types.Map         `tfsdk:"values"`
	ValuesWO        types.Map         `tfsdk:"values_wo"`
	ValuesWOVersion types.Int64       `tfsdk:"values_wo_version"`
	OnDestroy       types.String      `tfsdk:"on_destroy"`
	SecretID        types.String      `tfsdk:"secret_id"`
	Version         types.String      `tfsdk:"version"`
	Keys            types.Set         `tfsdk:"keys"`
	DriftDetected   types.Set         `tfsdk:"drift_detected"`
	Timeouts        timeouts.Value    `tfsdk:"timeouts"`
}

// The on_destroy modes: what a destroy does to a secret DSM cannot delete.
const (
	dsmAbandon = "abandon"
	dsmExpire  = "expire"
)

// dsmSecretType is the resource's type name after the provider's, in digests and twin keys.
const dsmSecretType = "_dsm_secret"

// dsmValuesAttr is the secret attribute whose write-only mode the private state records.
const dsmValuesAttr = "values"

func (r *dsmSecretResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + dsmSecretType
}

func (r *dsmSecretResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = dsmSecretSchema()
}

// dsmSecretSchema is the resource's schema (the list resource builds its objects on it).
func dsmSecretSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "A secret of senhasegura's **DevOps Secret Manager** (DSM): key/value pairs that applications and " +
			"pipelines read by its `identity`, with dsmcli or the External Secrets Operator, exactly as a secret made in DSM's web " +
			"interface.\n\n" +
			"The secret is written and read as the provider's DSM authorization (`dsm_client_id`): DSM links it to that " +
			"authorization, and a workload reads it with an authorization it is linked to. DSM's API creates or updates by " +
			"`identity`, so a create of an identity DSM already lists is refused with the `import` block that adopts it. " +
			"DSM has **no delete**: see `on_destroy`.",
		Attributes: map[string]schema.Attribute{
			"identity": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The secret's identity: DSM's key for it, what applications read it by (External Secrets' " +
					"`remoteRef.key`), and the import ID. It may contain `/` (e.g. `team/app/db`). Changing it replaces the secret.",
				Validators:    []validator.String{requiredText{api: "DSM"}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Display name of the secret. Default: the `identity` (as every DSM API example sends it).",
				Validators:          []validator.String{requiredText{api: "DSM"}},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Description of the secret.",
			},
			"engine": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(dsm.DefaultEngine),
				MarkdownDescription: "An engine registered in senhasegura (`Generic`, the default; `Ansible`, `GitLab`, " +
					"`Kubernetes`, or one of your own).",
				Validators: []validator.String{requiredText{api: "DSM"}},
			},
			"expiration_date": schema.StringAttribute{
				Optional:   true,
				CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "When DSM inactivates the secret and deletes its values, in RFC 3339 (`2030-01-31T18:00:00Z`, " +
					"or with an offset: `2030-01-31T15:00:00-03:00`); sent to DSM in UTC, to the second. Without it the secret " +
					"never expires. A date that is not in the future is refused at plan time.",
			},
			dsmValuesAttr: schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Sensitive:   true,
				MarkdownDescription: "The key/value pairs (`{ DB_USER = \"app\", DB_PASS = \"...\" }`): stored in the state, marked " +
					"sensitive, and compared with what DSM holds on every refresh. Exactly one of `values` and `values_wo` must be set.",
			},
			"values_wo": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Sensitive:   true,
				WriteOnly:   true,
				MarkdownDescription: "Write-only key/value pairs (Terraform 1.11+): sent to DSM, never stored in the plan or " +
					"state. Use instead of `values`, together with `values_wo_version`. A change made in DSM outside Terraform " +
					"shows in the plan (see `drift_detected`), compared through a keyed digest, never in clear.",
			},
			"values_wo_version": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Version of `values_wo`. Terraform cannot see a write-only value change, so change this " +
					"number (e.g. increment it) to send new `values_wo` to DSM. Any other update re-sends the pairs DSM holds.",
			},
			"on_destroy": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(dsmAbandon),
				MarkdownDescription: "What destroying the resource does, since DSM's API has no delete: `abandon` (the default) " +
					"removes the secret from the state with a warning and leaves it in DSM, readable as before; `expire` sets its " +
					"`expiration_date` to now, and DSM inactivates the secret and **deletes its values** (access keys can no " +
					"longer be recovered). Neither frees the identity: a create of it is then refused.",
				Validators: []validator.String{stringvalidator.OneOf(dsmAbandon, dsmExpire)},
			},
			"secret_id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "DSM's id of the secret (`secret_id`, digits).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"version": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "DSM's version of the secret, which grows with each change. A version that changed " +
					"outside Terraform shows in the plan (`drift_detected`), and the apply sends the configured secret again.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"keys": schema.SetAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The names of the secret's keys (not secret): what DSM holds, so a key added or removed outside Terraform shows in the plan.",
			},
			"drift_detected": schema.SetAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Changes made in DSM outside Terraform that the state cannot show, found by the last " +
					"refresh: `values_wo` when the pairs DSM holds no longer match what Terraform last sent (a keyed digest in " +
					"private state), `version` when DSM's version of the secret changed. The plan shows it emptied, and the " +
					"apply sends the configured secret again, once. Empty when nothing drifted.",
			},
		},
		Blocks: map[string]schema.Block{"timeouts": resourceTimeoutsBlock},
	}
}

func (r *dsmSecretResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = dsmSecretIdentitySchema
}

func (r *dsmSecretResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig wants exactly one of values and values_wo, and values_wo with its version.
func (r *dsmSecretResource) ValidateConfig(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	attrs := readConfigAttrs(req.Config)
	if attrs == nil {
		return
	}
	validateWriteOnlyPair(attrs, dsmValuesAttr, &resp.Diagnostics)
	if !attrs.set(dsmValuesAttr) && !attrs.set("values_wo") {
		resp.Diagnostics.AddAttributeError(path.Root(dsmValuesAttr), "Missing DSM Secret Values",
			"A DSM secret needs its key/value pairs: set exactly one of values (stored in the state, sensitive) and values_wo "+
				"with values_wo_version (write-only, Terraform 1.11+).")
	}
}

// ModifyPlan plans what DSM will hold: the name (the identity when none is configured), the
// key names of the configured pairs, a new version when the apply writes, drift_detected
// emptied. It refuses, at plan time, a create of an identity DSM already lists (the upsert
// would take that secret over), two resources of the configuration with one identity
// (twins.go), and an expiration date that is not in the future.
func (r *dsmSecretResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil || !dsmReady(r.data, &resp.Diagnostics) {
		return
	}
	var plan, state dsmSecretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	var configName types.String
	var wo types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &configName)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("values_wo"), &wo)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if configName.IsNull() {
		plan.Name = plan.Identity
	}
	plan.DriftDetected = driftSet(nil)
	plan.Keys = types.SetUnknown(types.StringType)
	replaced := !creating && !plan.Identity.Equal(state.Identity)
	if values, ok := stringMapOf(plan.Values); ok {
		plan.Keys = stringSetOf(mapKeys(values))
	} else if values, ok := stringMapOf(wo); ok {
		plan.Keys = stringSetOf(mapKeys(values))
		if !creating && !replaced && !dsmSendsValuesWO(plan, state) {
			// values_wo goes to DSM only with a new values_wo_version (or after drift), as
			// Update sends it: a key added to it alone changes nothing DSM holds.
			plan.Keys = state.Keys
		}
	}
	if creating || replaced {
		plan.SecretID, plan.Version = types.StringUnknown(), types.StringUnknown()
	} else if dsmNeedsWrite(plan, state) {
		plan.Version = types.StringUnknown()
	}
	identity := plan.Identity.ValueString()
	if !plan.Identity.IsUnknown() && !replaced {
		// (A replacement's create is planned next, and claims the identity then.)
		token := planToken("")
		if !creating {
			token = planToken(state.Identity.ValueString())
		}
		refuseTwin(r.data.planned, dsmSecretType, "identity", "identity", identity, token, fmt.Sprintf("the %s", dsmSecretWhat(identity)),
			"DSM keeps one secret per identity", &resp.Diagnostics)
	}
	if t, ok := rfc3339Time(plan.ExpirationDate); ok && !t.After(time.Now()) {
		if prior, had := rfc3339Time(state.ExpirationDate); creating || !had || !prior.Equal(t) {
			resp.Diagnostics.AddAttributeError(path.Root("expiration_date"), "DSM Expiration Date Not In The Future",
				fmt.Sprintf("expiration_date is %s, which is not in the future: DSM would inactivate the secret at once and delete "+
					"its values. Set a later date, or remove it (the secret then never expires); to end a secret, use on_destroy = "+
					"\"expire\" and destroy it.", t.UTC().Format(time.RFC3339)))
		}
	}
	if creating && !plan.Identity.IsUnknown() && !resp.Diagnostics.HasError() {
		r.refuseExisting(ctx, identity, !wo.IsNull(), &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// dsmSendsValuesWO says whether an update of a secret whose state keeps values write-only
// (state.Values null) sends the configured values_wo: with a new values_wo_version, or after a
// refresh found drift; otherwise it re-sends the pairs DSM holds (Update). A secret whose state
// holds values sends the configuration, values_wo included.
func dsmSendsValuesWO(plan, state dsmSecretModel) bool {
	return !state.Values.IsNull() || !plan.ValuesWOVersion.Equal(state.ValuesWOVersion) ||
		driftContains(state.DriftDetected, "values_wo") || driftContains(state.DriftDetected, "version")
}

// dsmNeedsWrite says whether an update must send the secret to DSM: something DSM holds
// changes, or a refresh found drift. on_destroy and timeouts are Terraform's alone.
func dsmNeedsWrite(plan, state dsmSecretModel) bool {
	expirationSame := plan.ExpirationDate.Equal(state.ExpirationDate)
	if pt, ok := rfc3339Time(plan.ExpirationDate); ok {
		st, had := rfc3339Time(state.ExpirationDate)
		expirationSame = had && pt.Truncate(time.Second).Equal(st.Truncate(time.Second))
	}
	return !plan.Name.Equal(state.Name) || !plan.Description.Equal(state.Description) || !plan.Engine.Equal(state.Engine) ||
		!expirationSame || !plan.Values.Equal(state.Values) || !plan.ValuesWOVersion.Equal(state.ValuesWOVersion) ||
		!plan.Keys.Equal(state.Keys) || len(state.DriftDetected.Elements()) > 0
}

// refuseExisting adds an error when DSM already lists a secret with identity: POST
// /iso/sctm/secret creates or updates by identity, so a create would take it over.
func (r *dsmSecretResource) refuseExisting(ctx context.Context, identity string, writeOnly bool, diags *diag.Diagnostics) {
	items, err := r.data.dsm.Secrets.Listed(r.data.withMasks(ctx))
	if err != nil {
		addClientError(ctx, diags, itemCall(dsmAPI, "Cannot Check DSM Secrets", "the secrets of the DSM authorization"), err)
		return
	}
	for _, it := range items {
		if it.Identity != identity {
			continue
		}
		if dsmExpired(it, time.Now()) {
			diags.AddAttributeError(path.Root("identity"), "DSM Secret Expired",
				fmt.Sprintf("DSM lists an expired secret with identity %q (secret id %s, expired on %s): DSM inactivated it and "+
					"deleted its values, and its API cannot bring it back or delete it. Use another identity, or reactivate the "+
					"secret in DSM's web interface and import it.", identity, it.ID, it.Expiration.UTC().Format(time.RFC3339)))
			return
		}
		diags.AddAttributeError(path.Root("identity"), "DSM Secret Already Exists",
			fmt.Sprintf("DSM already has a secret with identity %q (secret id %s, version %s), and its API creates or updates by "+
				"identity: creating this one would take that secret over, and the provider refuses to. To manage it with this "+
				"resource, import it:\n\n%s", identity, it.ID, it.Version, importBlock(identity, writeOnly)))
		return
	}
}

// configValues are the pairs the configuration sets, plain or write-only; writeOnly says which.
func configValues(ctx context.Context, plan dsmSecretModel, cfg interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, diags *diag.Diagnostics) (values map[string]string, writeOnly, ok bool) {
	if !plan.ValuesWOVersion.IsNull() {
		var wo types.Map
		diags.Append(cfg.GetAttribute(ctx, path.Root("values_wo"), &wo)...)
		values, ok = stringMapOf(wo)
		return values, true, ok
	}
	values, ok = stringMapOf(plan.Values)
	return values, false, ok
}

// dsmDigestValue is the text a digest of a secret's pairs is made of: their JSON, keys sorted.
func dsmDigestValue(values map[string]string) string {
	b, _ := json.Marshal(values) // a map of strings always encodes; its keys are sorted
	return string(b)
}

// toSecret is the whole document a write sends.
func (m dsmSecretModel) toSecret(values map[string]string) dsm.Secret {
	s := dsm.Secret{
		Identity: m.Identity.ValueString(), Name: m.Name.ValueString(), Description: m.Description.ValueString(),
		Engine: m.Engine.ValueString(), Values: values,
	}
	if t, ok := rfc3339Time(m.ExpirationDate); ok {
		s.Expiration = t
	}
	return s
}

// dsmSecretFromStored is the state of a secret as DSM's list shows it: prior supplies what the
// list does not carry (on_destroy, the write-only version, timeouts) and the null-vs-empty shape
// of the description; values are null when the resource keeps them write-only.
func dsmSecretFromStored(st *dsm.StoredSecret, prior dsmSecretModel, writeOnly bool) dsmSecretModel {
	m := prior
	m.Identity = types.StringValue(st.Identity)
	m.SecretID, m.Version = types.StringValue(st.ID), types.StringValue(st.Version)
	m.Name = types.StringValue(st.Name)
	if st.Name == "" {
		m.Name = types.StringValue(st.Identity)
	}
	m.Description = optString(st.Description, prior.Description)
	m.Engine = types.StringValue(st.Engine)
	if st.Engine == "" {
		m.Engine = types.StringValue(dsm.DefaultEngine)
	}
	m.ExpirationDate = dsmExpiration(st.SecretListItem, prior.ExpirationDate)
	m.Keys = stringSetOf(append([]string{}, st.Keys...))
	m.Values = dsmValuesOf(st.Values, writeOnly)
	m.ValuesWO = types.MapNull(types.StringType)
	if m.OnDestroy.IsNull() || m.OnDestroy.IsUnknown() {
		m.OnDestroy = types.StringValue(dsmAbandon)
	}
	if m.DriftDetected.IsNull() || m.DriftDetected.IsUnknown() {
		m.DriftDetected = driftSet(nil)
	}
	return m
}

func (r *dsmSecretResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan dsmSecretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !dsmConfigured(r.data, &resp.Diagnostics) {
		return
	}
	values, writeOnly, ok := configValues(ctx, plan, req.Config, &resp.Diagnostics)
	if !ok && !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddAttributeError(path.Root(dsmValuesAttr), "Missing DSM Secret Values", "The configuration sets no known values or values_wo.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	identity := plan.Identity.ValueString()
	ctx = r.data.withMasks(ctx, secretValuesOf(values)...)
	ctx, cancel, deadline := resourceDeadline(ctx, plan.Timeouts, "create", &resp.Diagnostics)
	defer cancel()
	// The plan's check may be older than another writer: the upsert must not take a secret over.
	r.refuseExisting(ctx, identity, writeOnly, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	res, err := r.data.dsm.Secrets.Put(ctx, plan.toSecret(values))
	if err != nil {
		r.addWriteError(ctx, "Error Creating DSM Secret", identity, true, res, err, deadline, &resp.Diagnostics)
		return
	}
	if strings.Contains(strings.ToLower(res.Message), "updated") {
		resp.Diagnostics.AddWarning("DSM Updated An Existing Secret",
			fmt.Sprintf("DSM answered the create of %s with %q: it already had a secret with this identity that this "+
				"authorization could not list (another authorization's), and wrote this configuration into it. It is managed "+
				"by this resource now.", dsmSecretWhat(identity), res.Message))
	}
	state := dsmSecretFromStored(res.Secret, plan, writeOnly)
	state.DriftDetected = driftSet(nil)
	if !res.Converged() || len(dsmNotAsPlanned(plan, state)) > 0 {
		addNotConverged(&resp.Diagnostics, "Error Creating DSM Secret", identity, res, dsmNotAsPlanned(plan, state))
		if !writeOnly {
			state.Values = stringMapValue(res.Secret.Values)
		}
	}
	wo := writeOnlyState{Secrets: map[string]writeOnlyDigest{}, known: true}
	if writeOnly {
		wo.Secrets[dsmValuesAttr] = r.data.dsmSettings.digestKey.digest(dsmSecretType, identity, dsmValuesAttr, dsmDigestValue(values))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	resp.Diagnostics.Append(wo.save(ctx, resp.Private)...)
}

// dsmConfigured is dsmReady for an operation that needs the provider configured: a missing
// configuration is a bug.
func dsmConfigured(data *providerData, diags *diag.Diagnostics) bool {
	if data == nil {
		addNotConfigured(diags, "resource")
		return false
	}
	return dsmReady(data, diags)
}

// addWriteError explains a failed write of the secret identity: res is nil when the POST
// itself failed (nothing was written), otherwise DSM answered it with success and the read back
// failed (the secret is written: a create then names the import that adopts it).
func (r *dsmSecretResource) addWriteError(ctx context.Context, summary, identity string, creating bool, res *dsm.PutResult, err error,
	deadline operationDeadline, diags *diag.Diagnostics) {
	if res == nil {
		subject := dsmSecretWhat(identity)
		if creating {
			subject = "a new " + dsmSecretLabel + fmt.Sprintf(" (identity %q)", identity)
		}
		addClientError(ctx, diags, itemCall(dsmAPI, summary, subject).bounded(deadline, ""), err)
		return
	}
	adopt := ""
	if creating {
		adopt = " Terraform does not track it yet: once the cause is fixed, adopt it with an import block:\n\n" + importBlock(identity, false)
	}
	var ve *dsm.ValueError
	switch {
	case errors.Is(err, dsm.ErrNotReadBack):
		diags.AddError(summary, fmt.Sprintf("DSM answered the write of %s with success, but this authorization's list of "+
			"secrets does not show it, so the provider cannot manage it: the authorization may lack Secret Management, or DSM "+
			"linked the secret to another authorization.%s\n\n%s", dsmSecretWhat(identity), adopt, senhasegura.Redact(ctx, err.Error())))
	case errors.As(err, &ve):
		diags.AddError(summary, fmt.Sprintf("%s was written, but its values as read back cannot be revealed.%s\n\n%s",
			capitalize(dsmSecretWhat(identity)), adopt, capitalize(senhasegura.Redact(ctx, err.Error()))))
	default:
		addClientError(ctx, diags, itemCall(dsmAPI, summary, dsmSecretWhat(identity)+" (written; reading it back failed)").bounded(deadline, ""), err)
		if adopt != "" {
			diags.AddError(summary, capitalize(dsmSecretWhat(identity))+" was written."+adopt)
		}
	}
}

// dsmNotAsPlanned names the attributes DSM did not store as planned (DSM may keep a name or an
// engine an update sends: the reference leaves it open), each with what DSM holds.
func dsmNotAsPlanned(plan, written dsmSecretModel) []string {
	var out []string
	for _, a := range []struct {
		name          string
		planned, held types.String
	}{{"name", plan.Name, written.Name}, {"engine", plan.Engine, written.Engine}, {"description", plan.Description, written.Description}} {
		if !a.planned.IsUnknown() && !a.planned.Equal(a.held) {
			out = append(out, fmt.Sprintf("%s %q (not %q)", a.name, a.held.ValueString(), a.planned.ValueString()))
		}
	}
	if !plan.ExpirationDate.IsUnknown() && !plan.ExpirationDate.Equal(written.ExpirationDate) {
		out = append(out, fmt.Sprintf("expiration_date %q (not %q)", written.ExpirationDate.ValueString(), plan.ExpirationDate.ValueString()))
	}
	return out
}

// addNotConverged is the error of a write DSM did not store as sent (dsm.PutResult.Kept,
// Differs, and the attributes notAsPlanned names): it merged the pairs instead of replacing
// them (a key the configuration removed stays), holds another value than sent, or kept a name,
// an engine, a description or a date. It never passes silently: the state records what DSM
// holds, and the next plan shows the difference again.
func addNotConverged(diags *diag.Diagnostics, summary, identity string, res *dsm.PutResult, notAsPlanned []string) {
	var parts []string
	if len(res.Kept) > 0 {
		parts = append(parts, fmt.Sprintf("DSM kept the key(s) %s, which the configuration does not set: this instance "+
			"merges an update into the pairs it holds instead of replacing them, and DSM's API cannot remove a key. Remove "+
			"them in DSM's web interface (the secret's version history shows them), or add them back to the configuration",
			dsmQuoted(res.Kept)))
	}
	if len(res.Differs) > 0 {
		parts = append(parts, fmt.Sprintf("DSM does not show the key(s) %s with the value sent", dsmQuoted(res.Differs)))
	}
	if len(notAsPlanned) > 0 {
		parts = append(parts, "DSM holds "+strings.Join(notAsPlanned, ", ")+": this instance does not change them on an update; "+
			"change them in DSM's web interface, or replace the secret")
	}
	diags.AddError(summary, fmt.Sprintf("%s was written, but DSM does not hold it as sent. %s. The state records what DSM "+
		"holds, so the next plan shows the difference again.", dsmSecretWhat(identity), strings.Join(parts, ". ")))
}

func (r *dsmSecretResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state dsmSecretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !dsmConfigured(r.data, &resp.Diagnostics) {
		return
	}
	wo, diags := readWriteOnlyState(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	identity := state.Identity.ValueString()
	ctx, cancel, deadline := resourceDeadline(r.data.withMasks(ctx), state.Timeouts, "read", &resp.Diagnostics)
	defer cancel()
	st, err := r.data.dsm.Secrets.Find(ctx, identity)
	imported := justImported(ctx, req.Private, resp.Private)
	gone := err != nil && !deadline.ranOut(ctx, err) && errors.Is(err, senhasegura.ErrNotFound)
	expired := err == nil && dsmExpired(st.SecretListItem, time.Now())
	switch {
	case (gone || expired) && imported:
		refuseGoneImport(&resp.Diagnostics, dsmAPI, dsmSecretLabel, fmt.Sprintf("%q", identity), expired)
		return
	case gone || expired:
		what := "DSM no longer lists it for this authorization"
		if expired {
			what = "it expired in DSM on " + st.Expiration.UTC().Format(time.RFC3339) + " (DSM deleted its values)"
		}
		tflog.Warn(ctx, "DSM secret is gone or expired; removing it from state", map[string]any{"identity": identity})
		resp.Diagnostics.AddWarning("DSM Secret Gone",
			fmt.Sprintf("%s: %s. It is removed from the state; the next plan creates it again.", capitalize(dsmSecretWhat(identity)), what))
		setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addClientError(ctx, &resp.Diagnostics, itemCall(dsmAPI, "Error Reading DSM Secret", dsmSecretWhat(identity)).bounded(deadline, ""), err)
		return
	case len(st.Maps) > 1:
		resp.Diagnostics.AddError("DSM Secret Is Not Key/Value",
			fmt.Sprintf("%s holds %d maps of values: credentials or access keys made in DSM besides key/value pairs. This "+
				"resource manages key/value pairs only, and writing them would replace the rest. Manage that secret in DSM's web "+
				"interface (and remove it from the configuration with a removed block), or remove its credentials and access keys there.",
				capitalize(dsmSecretWhat(identity)), len(st.Maps)))
		return
	}
	ctx = r.data.withMasks(ctx, secretValuesOf(st.Values)...)
	writeOnly := wo.isWriteOnly(dsmValuesAttr, state.ValuesWOVersion)
	var drift []string
	if writeOnly {
		if _, recorded := wo.Secrets[dsmValuesAttr]; !recorded {
			wo.Secrets[dsmValuesAttr] = writeOnlyDigest{}
		}
		switch r.data.dsmSettings.digestKey.driftOf(wo.Secrets[dsmValuesAttr], dsmSecretType, identity, dsmValuesAttr, dsmDigestValue(st.Values)) {
		case "changed":
			drift = append(drift, "values_wo")
			resp.Diagnostics.AddWarning("Write-Only Value Changed Outside Terraform",
				fmt.Sprintf("In DSM, the values of %s no longer match the values_wo Terraform last sent: they were changed "+
					"outside Terraform. The plan re-sends the configured values_wo (drift_detected lists it).", dsmSecretWhat(identity)))
		case "rekeyed":
			drift = append(drift, "values_wo")
			resp.Diagnostics.AddWarning("Write-Only Value Cannot Be Checked",
				fmt.Sprintf("dsm_client_secret changed since Terraform last sent values_wo of %s, so the values DSM holds "+
					"cannot be compared with them. The plan re-sends the configured values_wo once, which re-establishes the check.",
					dsmSecretWhat(identity)))
		}
	}
	if was := state.Version.ValueString(); was != "" && st.Version != "" && st.Version != was {
		drift = append(drift, "version")
		resp.Diagnostics.AddWarning("DSM Secret Changed Outside Terraform",
			fmt.Sprintf("DSM's version of %s went from %s to %s outside Terraform. The plan sends the configured secret "+
				"again (drift_detected lists version).", dsmSecretWhat(identity), was, st.Version))
	}
	refreshed := dsmSecretFromStored(st, state, writeOnly)
	refreshed.DriftDetected = driftSet(drift)
	resp.Diagnostics.Append(resp.State.Set(ctx, refreshed)...)
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	resp.Diagnostics.Append(wo.save(ctx, resp.Private)...)
}

func (r *dsmSecretResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state dsmSecretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !dsmConfigured(r.data, &resp.Diagnostics) {
		return
	}
	identity := state.Identity.ValueString()
	if !dsmNeedsWrite(plan, state) {
		// on_destroy or timeouts: nothing DSM holds changes.
		written := state
		written.OnDestroy, written.Timeouts = plan.OnDestroy, plan.Timeouts
		resp.Diagnostics.Append(resp.State.Set(ctx, written)...)
		setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
		return
	}
	wo, diags := readWriteOnlyState(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	values, writeOnly, ok := configValues(ctx, plan, req.Config, &resp.Diagnostics)
	if !ok && !resp.Diagnostics.HasError() {
		resp.Diagnostics.AddAttributeError(path.Root(dsmValuesAttr), "Missing DSM Secret Values", "The configuration sets no known values or values_wo.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasks(ctx, secretValuesOf(values)...)
	ctx, cancel, deadline := resourceDeadline(ctx, plan.Timeouts, "update", &resp.Diagnostics)
	defer cancel()
	wasWriteOnly := wo.isWriteOnly(dsmValuesAttr, state.ValuesWOVersion)
	send := !writeOnly || !wasWriteOnly || !plan.ValuesWOVersion.Equal(state.ValuesWOVersion) ||
		driftContains(state.DriftDetected, "values_wo") || driftContains(state.DriftDetected, "version")
	if !send {
		// Write-only and neither a new version nor drift: the update re-sends the pairs DSM holds
		// (its POST takes the whole document), never another values_wo than the one last sent.
		st, err := r.data.dsm.Secrets.Find(ctx, identity)
		if err != nil {
			addClientError(ctx, &resp.Diagnostics, itemCall(dsmAPI, "Error Updating DSM Secret", dsmSecretWhat(identity)).bounded(deadline, ""), err)
			return
		}
		values = st.Values
		ctx = r.data.withMasks(ctx, secretValuesOf(values)...)
	}
	res, err := r.data.dsm.Secrets.Put(ctx, plan.toSecret(values))
	if err != nil {
		r.addWriteError(ctx, "Error Updating DSM Secret", identity, false, res, err, deadline, &resp.Diagnostics)
		// The state keeps what it held: the next plan tries again.
		resp.State.Raw = req.State.Raw
		return
	}
	written := dsmSecretFromStored(res.Secret, plan, writeOnly)
	written.DriftDetected = driftSet(nil)
	if !res.Converged() || len(dsmNotAsPlanned(plan, written)) > 0 {
		addNotConverged(&resp.Diagnostics, "Error Updating DSM Secret", identity, res, dsmNotAsPlanned(plan, written))
		if !writeOnly {
			written.Values = stringMapValue(res.Secret.Values)
		}
	}
	newWO := writeOnlyState{Secrets: map[string]writeOnlyDigest{}, known: true, raw: wo.raw}
	if writeOnly {
		newWO.Secrets[dsmValuesAttr] = wo.Secrets[dsmValuesAttr]
		if send {
			newWO.Secrets[dsmValuesAttr] = r.data.dsmSettings.digestKey.digest(dsmSecretType, identity, dsmValuesAttr, dsmDigestValue(values))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, written)...)
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	resp.Diagnostics.Append(newWO.save(ctx, resp.Private)...)
}

// Delete abandons the secret (the default: DSM has no delete, so it stays, and the warning says
// so) or, with on_destroy = "expire", expires it now: DSM inactivates it and deletes its values.
func (r *dsmSecretResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state dsmSecretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	identity := state.Identity.ValueString()
	if state.OnDestroy.ValueString() != dsmExpire {
		resp.Diagnostics.AddWarning("DSM Secret Abandoned",
			fmt.Sprintf("DSM's API has no delete: %s stays in DSM as it is, and applications still read it; it is only removed "+
				"from the state. To end a secret, set on_destroy = \"expire\" (and apply) before destroying it, or expire it in "+
				"DSM's web interface.", dsmSecretWhat(identity)))
		return
	}
	if !dsmConfigured(r.data, &resp.Diagnostics) {
		return
	}
	ctx, cancel, deadline := resourceDeadline(r.data.withMasks(ctx), state.Timeouts, "delete", &resp.Diagnostics)
	defer cancel()
	_, err := r.data.dsm.Secrets.Expire(ctx, identity, time.Now())
	if err != nil && (deadline.ranOut(ctx, err) || !errors.Is(err, senhasegura.ErrNotFound)) {
		addClientError(ctx, &resp.Diagnostics, itemCall(dsmAPI, "Error Expiring DSM Secret", dsmSecretWhat(identity)).bounded(deadline, ""), err)
	}
}

// ImportState takes the secret's identity, as an import ID or as the identity of an import
// block (Terraform 1.12+). The ID form `write-only:<identity>`, and every import when the
// provider sets write_only_import (for import blocks by identity and those terraform query
// writes, which cannot carry the prefix), imports every field but the values, which stay null,
// and records write-only mode, so that a configuration that sets values_wo never gets them
// into the state.
func (r *dsmSecretResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := req.ID
	if given == "" {
		given = identityID(ctx, req.Identity, &resp.Diagnostics)
	}
	identity := strings.TrimPrefix(given, writeOnlyPrefix)
	if strings.TrimSpace(identity) == "" {
		resp.Diagnostics.AddError("Invalid Import Identifier",
			fmt.Sprintf("The import ID %q names no DSM secret: use its identity (e.g. team/app/db), or %s<identity> to leave its "+
				"values out of the state.", given, writeOnlyPrefix))
		return
	}
	wo := writeOnlyState{Secrets: map[string]writeOnlyDigest{}, known: true}
	if identity != given || (r.data != nil && r.data.dsmSettings.writeOnlyImport) {
		wo.Secrets[dsmValuesAttr] = writeOnlyDigest{}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("identity"), identity)...)
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	resp.Diagnostics.Append(wo.save(ctx, resp.Private)...)
	markImported(ctx, resp.Private, &resp.Diagnostics)
}
