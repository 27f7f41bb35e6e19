package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// itemKind is what differs between the MySafe item resources (passwords, API secrets, notes),
// one row per aspect, all declared: nothing in it changes at run time (what is worked out from
// it then is itemType's). The CRUD and import logic is written once in itemResource; each
// resource file supplies its schema, its model M (an itemModel), and the pure mappings between M
// and the client's item type A and update type U.
type itemKind[M itemModel, A any, U any] struct {
	typeName string // suffix after the provider name, e.g. "_mysafe_password"
	label    string // "MySafe password", used in messages
	schema   schema.Schema
	// service picks the kind's service of the client (client.Passwords, …).
	service func(c *mysafe.Client) itemService[A, U]

	// toCreate maps a plan to the object a create sends (plain secrets included).
	toCreate func(plan M) A
	// toUpdate maps plan and prior state to what an update sends. It leaves the secret fields
	// out: write-only rules decide them (secretUpdate).
	toUpdate func(plan, state M) U
	// fromGet maps a GET answer, the truth drift is measured against, to state; prior supplies
	// what no answer carries and the null-vs-empty shape of optional values.
	fromGet func(a *A, prior M, writeOnly map[string]bool) M
	// fromWrite maps the answer to a create or update, which echoes less: what it leaves out
	// keeps the plan's value. In both, a secret in writeOnly stays null.
	fromWrite func(a *A, plan M, writeOnly map[string]bool) M
	// drift points at the model's drift_detected, which the CRUD sets in the model it writes
	// (one conversion of the state instead of a second for the attribute).
	drift func(m *M) *types.Set

	// secrets are the secret attributes that have write-only twins.
	secrets []secretField[A, U]
	// sharing points at the sharing lists of an API object, and what MySafe reported in
	// shared_error.
	sharing func(a *A) (users, groups *[]mysafe.Share, failed []string)
	// validateConfig adds checks that span attributes (optional), on the configuration's
	// top-level values.
	validateConfig func(c configAttrs, diags *diag.Diagnostics)

	// duplicates says when a planned create is of an item MySafe already holds.
	duplicates *duplicateRule
	// importBy is what an import ID that is not an identifier names (nil: only identifiers).
	importBy *importLookup
	// twinKey is the attribute whose value two resources of one configuration must not share
	// ("" for none): MySafe keeps one API secret per identifier_code (twins.go).
	twinKey string
}

// itemType is an item kind as its resource and list resource use it: the kind's declared
// description (itemKind), and what is worked out from its schema at run time, once per process
// and kind.
//
// Only the item kinds read and write their models through a modelCodec, instead of the
// framework's tfsdk.State.Get and Set: theirs are the operations that run once per item of a
// vault (every refresh and plan of a configuration of hundreds of items decodes and encodes
// each one, a destroy decodes each), where the framework's per-call reflection was about a
// third of the allocations (model_codec.go). The PAM Core resources, the data sources and the
// list resources decode a model once per operation, which the framework's reflection serves
// well enough; each further user is one more model for TestModelCodecMatchesTheFramework.
type itemType[M itemModel, A any, U any] struct {
	*itemKind[M, A, U]

	blocksOnce sync.Once
	blocks     map[string]bool // the schema's collection blocks, for sameState
	codec      *modelCodec[M]  // reads and writes M as tfsdk.State.Get and Set do, cheaper
}

// newItemType is kind as its resources use it.
func newItemType[M itemModel, A any, U any](kind *itemKind[M, A, U]) *itemType[M, A, U] {
	// The codec works out the model's layout on its first use, not here.
	return &itemType[M, A, U]{itemKind: kind, codec: newModelCodec[M](kind.schema.Type)}
}

// itemModel is what the CRUD needs to know of a resource model besides its mappings: its
// MySafe identifier, and its secret values (masked in logs).
type itemModel interface {
	identifier() types.String
	secretValues() []string
	// secret is the plain value and the write-only version of the secret attr (a
	// secretField's attr), read from the model instead of another pass over the state.
	secret(attr string) (value types.String, woVersion types.Int64)
	// timeouts is the model's timeouts block, for the operation's deadline.
	timeouts() timeouts.Value
}

// itemService is what a client service offers for one item kind (mysafe.PasswordsService,
// mysafe.APISecretsService).
type itemService[A any, U any] interface {
	Create(ctx context.Context, a A) (*A, error)
	Get(ctx context.Context, id string) (*A, error)
	Update(ctx context.Context, id string, u U) (*A, error)
	Deactivate(ctx context.Context, id string) error
	// Claim records that a resource of this process holds id, Claimed says whether one does:
	// no create's recovery adopts it, no duplicate check reports it.
	Claim(id string)
	Claimed(id string) bool
}

// secretField is a secret attribute with a write-only twin, e.g. `password`, `password_wo`
// and `password_wo_version`.
type secretField[A any, U any] struct {
	attr string
	// read returns the value in an API object (GET answers carry it).
	read func(a *A) string
	// setCreate puts a write-only value into the object a create sends.
	setCreate func(a *A, v string)
	// setUpdate puts the value an update sends (nil: left out).
	setUpdate func(u *U, v *string)
}

type itemResource[M itemModel, A any, U any] struct {
	kind *itemType[M, A, U]
	data *providerData
}

// collectionBlocks names the kind's list and set blocks, once.
func (k *itemType[M, A, U]) collectionBlocks() map[string]bool {
	k.blocksOnce.Do(func() { k.blocks = collectionBlocks(k.schema) })
	return k.blocks
}

// model is the kind's codec between M and the Terraform value of its schema.
func (k *itemType[M, A, U]) model() *modelCodec[M] { return k.codec }

// setState writes m as the response's state (tfsdk.State.Set without its reflection).
func (r *itemResource[M, A, U]) setState(ctx context.Context, st *tfsdk.State, m M, diags *diag.Diagnostics) {
	if raw, ok := r.kind.model().encode(ctx, m, diags); ok {
		st.Raw = raw
	}
}

func (r *itemResource[M, A, U]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.typeName
}

func (r *itemResource[M, A, U]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.kind.schema
}

func (r *itemResource[M, A, U]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = mysafeIdentitySchema
}

func (r *itemResource[M, A, U]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *itemResource[M, A, U]) ValidateConfig(_ context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	attrs := readConfigAttrs(req.Config)
	if attrs == nil {
		return
	}
	for _, s := range r.kind.secrets {
		validateWriteOnlyPair(attrs, s.attr, &resp.Diagnostics)
	}
	if r.kind.validateConfig != nil {
		r.kind.validateConfig(attrs, &resp.Diagnostics)
	}
}

// call describes a failed call of this resource on the item id ("" for a create).
func (r *itemResource[M, A, U]) call(summary, id string) clientCall {
	return itemCall(mysafeAPI, summary+" "+titleLabel(r.kind.label), r.what(id))
}

func (r *itemResource[M, A, U]) what(id string) string {
	if id == "" {
		return "a new " + r.kind.label
	}
	return fmt.Sprintf("%s %s", r.kind.label, id)
}

func (r *itemResource[M, A, U]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := r.kind.model().decode(ctx, req.Plan.Raw, &resp.Diagnostics)
	if !ok || !r.configured(&resp.Diagnostics) {
		return
	}
	obj := r.kind.toCreate(plan)
	wo := writeOnlyState{Secrets: map[string]writeOnlyDigest{}, known: true}
	sent := map[string]string{}
	masks := plan.secretValues()
	for _, s := range r.kind.secrets {
		if v, ok := configString(ctx, req.Config, s.attr+"_wo", &resp.Diagnostics); ok {
			s.setCreate(&obj, v)
			sent[s.attr] = v
			masks = append(masks, v)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasks(ctx, masks...)
	ctx, cancel, deadline := resourceDeadline(ctx, plan.timeouts(), "create", &resp.Diagnostics)
	defer cancel()
	created, err := r.kind.service(r.data.mysafe).Create(ctx, obj)
	if err != nil {
		if !deadline.ranOut(ctx, err) && r.explainDuplicate(ctx, topLevel(req.Plan.Raw), len(sent) > 0, err, &resp.Diagnostics) {
			return
		}
		if errors.Is(err, senhasegura.ErrMaybeStored) {
			addMaybeStored(ctx, &resp.Diagnostics, mysafeAPI, "Error Creating "+titleLabel(r.kind.label), "a new "+r.kind.label, len(sent) > 0, err)
			return
		}
		addClientError(ctx, &resp.Diagnostics, r.call("Error Creating", "").bounded(deadline, ""), err)
		return
	}
	r.keepPlannedShares(created, plan)
	state := r.kind.fromWrite(created, plan, writeOnlySet(sent))
	id := state.identifier()
	if id.IsUnknown() || id.ValueString() == "" {
		resp.Diagnostics.AddError("Error Creating "+titleLabel(r.kind.label),
			"MySafe answered the create without an identifier, so Terraform cannot track the new "+r.kind.label+
				". Find it in MySafe and import it (terraform import <address> <identifier>).")
		return
	}
	for attr, v := range sent {
		wo.Secrets[attr] = r.data.digestKey.digest(r.kind.typeName, id.ValueString(), attr, v)
	}
	*r.kind.drift(&state) = driftSet(nil)
	r.setState(ctx, &resp.State, state, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, id.ValueString(), &resp.Diagnostics)
	resp.Diagnostics.Append(wo.save(ctx, resp.Private)...)
	r.reportSharedErrors(ctx, &resp.Diagnostics, id.ValueString(), created)
}

// explainDuplicate turns MySafe's refusal of a duplicate key (an identifier_code another API
// secret of the user has) into an error that names the holder and the import that adopts it,
// when the access key can see it; false when it cannot, or err is another failure.
func (r *itemResource[M, A, U]) explainDuplicate(ctx context.Context, plan configAttrs, writeOnly bool, err error, diags *diag.Diagnostics) bool {
	rule := r.kind.duplicates
	if rule == nil || !errors.Is(err, mysafe.ErrDuplicateIdentifierCode) {
		return false
	}
	code, known := plan.str("identifier_code")
	if !known || code == "" {
		return false
	}
	// A fresh lookup: the one the plan made did not see the holder.
	found, herr := r.data.mysafe.APISecrets.WithIdentifierCode(r.data.withMasks(ctx), code)
	if herr != nil || len(found) == 0 {
		return false
	}
	id := found[0].ID
	diags.AddAttributeError(path.Root("identifier_code"), "Duplicate identifier_code",
		fmt.Sprintf("MySafe refused the create: %s %s already has %s, and MySafe requires it to be unique per user. "+
			"Choose another code, or adopt that %s with this import block (and remove nothing else):\n\n%s\n\n%s",
			r.kind.label, id, rule.what, r.kind.label, importBlock(id, writeOnly), senhasegura.Redact(ctx, err.Error())))
	return true
}

// loadState reads the prior state; ok is false when diagnostics say to stop. The returned
// context masks the state's secrets.
func (r *itemResource[M, A, U]) loadState(ctx context.Context, st tfsdk.State, diags *diag.Diagnostics) (context.Context, M, string, bool) {
	state, ok := r.kind.model().decode(ctx, st.Raw, diags)
	if !ok || !r.configured(diags) {
		return ctx, state, "", false
	}
	return r.data.withMasks(ctx, state.secretValues()...), state, state.identifier().ValueString(), true
}

func (r *itemResource[M, A, U]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, state, id, ok := r.loadState(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	wo, diags := readWriteOnlyState(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	ctx, cancel, deadline := resourceDeadline(ctx, state.timeouts(), "read", &resp.Diagnostics)
	defer cancel()
	got, err := r.kind.service(r.data.mysafe).Get(ctx, id)
	switch {
	case err != nil && !deadline.ranOut(ctx, err) && justImported(ctx, req.Private, resp.Private) &&
		(errors.Is(err, senhasegura.ErrNotFound) || errors.Is(err, senhasegura.ErrInactive)):
		refuseGoneImport(&resp.Diagnostics, mysafeAPI, r.kind.label, id, errors.Is(err, senhasegura.ErrInactive))
		return
	case err != nil && !deadline.ranOut(ctx, err) && (errors.Is(err, senhasegura.ErrNotFound) || errors.Is(err, senhasegura.ErrInactive)):
		tflog.Warn(ctx, r.kind.label+" is gone or deactivated in MySafe; removing it from state", map[string]any{"id": id})
		// The framework wants an identity even for a removed object (core ignores it then).
		setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addClientError(ctx, &resp.Diagnostics, r.call("Error Reading", id).bounded(deadline, ""), err)
		return
	}
	r.kind.service(r.data.mysafe).Claim(id)
	justImported(ctx, req.Private, resp.Private)

	var drift []string
	woSet := map[string]bool{}
	for _, s := range r.kind.secrets {
		_, version := state.secret(s.attr)
		if !wo.isWriteOnly(s.attr, version) {
			continue
		}
		woSet[s.attr] = true
		if _, recorded := wo.Secrets[s.attr]; !recorded {
			wo.Secrets[s.attr] = writeOnlyDigest{} // a state written before the mode was recorded
		}
		value := s.read(got)
		ctx = r.data.withMasks(ctx, value)
		switch r.data.digestKey.driftOf(wo.Secrets[s.attr], r.kind.typeName, id, s.attr, value) {
		case "changed":
			drift = append(drift, s.attr+"_wo")
			resp.Diagnostics.AddWarning("Write-Only Value Changed Outside Terraform",
				fmt.Sprintf("In MySafe, the %s of %s no longer matches the %s_wo value Terraform last sent: it was "+
					"changed outside Terraform. The plan re-sends the configured %s_wo (drift_detected lists it).",
					s.attr, r.what(id), s.attr, s.attr))
		case "rekeyed":
			drift = append(drift, s.attr+"_wo")
			resp.Diagnostics.AddWarning("Write-Only Value Cannot Be Checked",
				fmt.Sprintf("The provider's client secret changed since Terraform last sent %s_wo of %s, so the value MySafe "+
					"holds cannot be compared with it. The plan re-sends the configured %s_wo once, which re-establishes the check.",
					s.attr, r.what(id), s.attr))
		}
	}
	users, groups, _ := r.kind.sharing(got)
	for _, list := range []struct {
		attr, who string
		shares    *[]mysafe.Share
	}{{"users_allowed", "user", users}, {"groups_allowed", "group", groups}} {
		merged, dups := mergeShares(*list.shares)
		if len(dups) == 0 {
			continue
		}
		*list.shares = merged
		drift = append(drift, list.attr)
		resp.Diagnostics.AddWarning("Duplicate Share In MySafe",
			fmt.Sprintf("MySafe lists the %s %s more than once in the sharing of %s. Terraform counts each once (with "+
				"can_edit if any entry has it), and the next apply writes the list without duplicates.",
				list.who, quoteAll(dups), r.what(id)))
	}

	refreshed := r.kind.fromGet(got, state, woSet)
	if refreshed.identifier().ValueString() != id {
		// The client makes sure an answer is about the item asked for; the state's identifier
		// is Terraform's either way.
		resp.Diagnostics.AddError("Error Reading "+titleLabel(r.kind.label),
			fmt.Sprintf("MySafe's answer about %s names identifier %q: the state keeps %s and nothing was read.", r.what(id), refreshed.identifier().ValueString(), id))
		return
	}
	*r.kind.drift(&refreshed) = driftSet(drift)
	// The response starts as the prior state: a refresh that found it unchanged (the common
	// case) writes nothing, sparing a pass of the framework's reflection per resource.
	if !sameState(refreshed, state, r.kind.collectionBlocks()) {
		r.setState(ctx, &resp.State, refreshed, &resp.Diagnostics)
	}
	// State written before identity existed (Terraform < 1.12) gains it here.
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	resp.Diagnostics.Append(wo.save(ctx, resp.Private)...)
}

// ModifyPlan gives a create of an item MySafe already holds the duplicate_check diagnostic,
// and refuses two resources of the configuration with one twinKey (twins.go).
// (drift_detected is planned empty by its own plan modifier, emptyDriftPlan.)
func (r *itemResource[M, A, U]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data != nil && !mysafeReady(r.data, &resp.Diagnostics) {
		return
	}
	// (MySafe items change in place: no attribute forces a replacement.)
	if r.kind.twinKey != "" && r.data != nil {
		plan := topLevel(req.Plan.Raw)
		if v, known := plan.str(r.kind.twinKey); known && v != "" {
			id := ""
			if !req.State.Raw.IsNull() {
				id, _ = topLevel(req.State.Raw).str("id")
			}
			name, _ := plan.str("name")
			refuseTwin(r.data.planned, r.kind.typeName, r.kind.twinKey, r.kind.twinKey, v, planToken(id), fmt.Sprintf("the %s named %q", r.kind.label, name),
				"MySafe keeps one "+r.kind.label+" per "+r.kind.twinKey+" and user", &resp.Diagnostics)
		}
	}
	if req.State.Raw.IsNull() {
		r.checkDuplicate(ctx, req, &resp.Diagnostics)
	}
}

// checkDuplicate looks a planned create up among the items MySafe holds (listed once per
// provider process and kind), and warns or fails as duplicate_check says.
func (r *itemResource[M, A, U]) checkDuplicate(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
	rule := r.kind.duplicates
	if rule == nil || r.data == nil || r.data.mysafeSettings.duplicateCheck == duplicateOff {
		return
	}
	service := r.kind.service(r.data.mysafe)
	ids, known, err := rule.duplicatesOf(ctx, r.data, topLevel(req.Plan.Raw), service.Claimed)
	if err == nil && !known {
		return
	}
	if err != nil {
		detail := fmt.Sprintf("The provider could not list the %ss MySafe holds, so it cannot tell whether this plan creates "+
			"one that already exists (duplicate_check): %s", r.kind.label, err)
		if r.data.mysafeSettings.duplicateCheck == duplicateError {
			diags.AddError("Cannot Check For Duplicates", detail)
		} else {
			diags.AddWarning("Cannot Check For Duplicates", detail)
		}
		return
	}
	if len(ids) > 0 {
		attrs := readConfigAttrs(req.Config)
		writeOnly := false
		for _, s := range r.kind.secrets {
			writeOnly = writeOnly || attrs.set(s.attr+"_wo")
		}
		addDuplicateDiag(diags, r.data.mysafeSettings.duplicateCheck, r.kind.label, rule.what, ids, writeOnly)
	}
}

func (r *itemResource[M, A, U]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, okPlan := r.kind.model().decode(ctx, req.Plan.Raw, &resp.Diagnostics)
	state, okState := r.kind.model().decode(ctx, req.State.Raw, &resp.Diagnostics)
	if !okPlan || !okState || !r.configured(&resp.Diagnostics) {
		return
	}
	wo, diags := readWriteOnlyState(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	drift := *r.kind.drift(&state)
	id := state.identifier().ValueString()

	u := r.kind.toUpdate(plan, state)
	masks := append(plan.secretValues(), state.secretValues()...)
	sent := map[string]string{}
	// The response's private state starts as the prior one: raw lets save remove the record
	// when the last write-only secret went plain.
	newWO := writeOnlyState{Secrets: map[string]writeOnlyDigest{}, known: true, raw: wo.raw}
	for _, s := range r.kind.secrets {
		var in secretInputs
		in.planValue, in.planVersion = plan.secret(s.attr)
		in.stateValue, in.stateVersion = state.secret(s.attr)
		in.configWO, in.hasConfigWO = configString(ctx, req.Config, s.attr+"_wo", &resp.Diagnostics)
		in.wasWriteOnly = wo.isWriteOnly(s.attr, in.stateVersion)
		in.neverSent = in.wasWriteOnly && wo.Secrets[s.attr] == (writeOnlyDigest{}) && in.stateVersion.IsNull()
		in.drifted = driftContains(drift, s.attr+"_wo")
		ch := secretUpdate(in)
		s.setUpdate(&u, ch.send)
		if ch.send != nil {
			masks = append(masks, *ch.send)
		}
		if ch.writeOnly {
			newWO.Secrets[s.attr] = wo.Secrets[s.attr]
			if ch.send != nil {
				sent[s.attr] = *ch.send
			}
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = r.data.withMasks(ctx, masks...)
	ctx, cancel, deadline := resourceDeadline(ctx, plan.timeouts(), "update", &resp.Diagnostics)
	defer cancel()
	updated, err := r.kind.service(r.data.mysafe).Update(ctx, id, u)
	if err != nil {
		// Nothing changed on the server: the state keeps what it held.
		addClientError(ctx, &resp.Diagnostics, r.call("Error Updating", id).bounded(deadline, ""), err)
		return
	}
	woSet := map[string]bool{}
	for attr := range newWO.Secrets {
		woSet[attr] = true
	}
	for attr, v := range sent {
		newWO.Secrets[attr] = r.data.digestKey.digest(r.kind.typeName, id, attr, v)
	}
	r.keepPlannedShares(updated, plan)
	written := r.kind.fromWrite(updated, plan, woSet)
	*r.kind.drift(&written) = driftSet(nil)
	r.setState(ctx, &resp.State, written, &resp.Diagnostics)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	resp.Diagnostics.Append(newWO.save(ctx, resp.Private)...)
	r.reportSharedErrors(ctx, &resp.Diagnostics, id, updated)
}

func (r *itemResource[M, A, U]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, state, id, ok := r.loadState(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	// MySafe has no delete: destroying deactivates. Already inactive or gone counts as done.
	ctx, cancel, deadline := resourceDeadline(ctx, state.timeouts(), "delete", &resp.Diagnostics)
	defer cancel()
	err := r.kind.service(r.data.mysafe).Deactivate(ctx, id)
	if err != nil && (deadline.ranOut(ctx, err) || !errors.Is(err, senhasegura.ErrNotFound) && !errors.Is(err, senhasegura.ErrInactive)) {
		addClientError(ctx, &resp.Diagnostics, r.call("Error Deactivating", id).bounded(deadline, ""), err)
	}
}

// ImportState takes the MySafe identifier, as an import ID or as the identity of an import
// block (Terraform 1.12+), or what the kind's data source looks an item up by (importBy): an
// API secret's identifier_code, a password's or a note's name. The ID form
// `write-only:<identifier>`, or the provider setting write_only_import for every import, imports
// every field but the secrets (they stay null) and records write-only mode, so that a
// configuration that manages them through `*_wo` never gets their plaintext into state.
func (r *itemResource[M, A, U]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !r.configured(&resp.Diagnostics) {
		return
	}
	given, how := req.ID, "import ID"
	if given == "" {
		given, how = identityID(ctx, req.Identity, &resp.Diagnostics), "identity id"
	}
	id := strings.TrimSpace(given)
	writeOnly := strings.HasPrefix(id, writeOnlyPrefix) || r.data.mysafeSettings.writeOnlyImport
	id = strings.TrimSpace(strings.TrimPrefix(id, writeOnlyPrefix))
	if !identifierPattern.MatchString(id) {
		if r.kind.importBy == nil || id == "" || how == "identity id" {
			resp.Diagnostics.AddError("Invalid Import Identifier",
				fmt.Sprintf("The %s %q is not a MySafe identifier: use the digits MySafe assigns to the %s (the \"identifier\" "+
					"shown by the API, e.g. 312); or %s<identifier> (or the provider setting write_only_import) to leave its "+
					"secrets out of the state.", how, given, r.kind.label, writeOnlyPrefix))
			return
		}
		lctx, cancel := context.WithTimeout(r.data.withMasks(ctx), defaultReadTimeout)
		defer cancel()
		found, err := r.kind.importBy.find(lctx, r.data.mysafe, id)
		if err != nil {
			addClientError(ctx, &resp.Diagnostics, lookupCall(mysafeAPI, "Cannot Import "+titleLabel(r.kind.label),
				fmt.Sprintf("%s with %s %q", r.kind.label, r.kind.importBy.what, id)), err)
			return
		}
		id = found
	}
	wo := writeOnlyState{Secrets: map[string]writeOnlyDigest{}, known: true}
	if writeOnly {
		for _, s := range r.kind.secrets {
			wo.Secrets[s.attr] = writeOnlyDigest{}
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	resp.Diagnostics.Append(wo.save(ctx, resp.Private)...)
	markImported(ctx, resp.Private, &resp.Diagnostics)
}

func (r *itemResource[M, A, U]) configured(diags *diag.Diagnostics) bool {
	if r.data == nil {
		addNotConfigured(diags, "resource")
		return false
	}
	return mysafeReady(r.data, diags)
}

// keepPlannedShares gives an answer that reports failed shares the planned sharing lists:
// Terraform requires an apply's result to match its plan (otherwise "inconsistent result", an
// error that taints a create), so the state records the configuration's shares until the next
// refresh reads what MySafe holds (reportSharedErrors says so).
func (r *itemResource[M, A, U]) keepPlannedShares(a *A, plan M) {
	users, groups, errs := r.kind.sharing(a)
	if len(errs) == 0 {
		return
	}
	planned := r.kind.toCreate(plan)
	pu, pg, _ := r.kind.sharing(&planned)
	*users, *groups = *pu, *pg
}

// reportSharedErrors warns about shares MySafe refused (shared_error: a user or group it does
// not know). The item was stored and stays in the state, untainted (an error would make
// Terraform replace it, and every reference to its identifier would break); the next refresh
// reads the shares MySafe really holds, and the next plan shows the missing ones as an
// in-place update.
func (r *itemResource[M, A, U]) reportSharedErrors(ctx context.Context, diags *diag.Diagnostics, id string, a *A) {
	if _, _, errs := r.kind.sharing(a); len(errs) > 0 {
		diags.AddWarning("Some Shares Failed",
			fmt.Sprintf("MySafe stored %s but did not share it with %s: it reported them in shared_error. Check that each "+
				"user and group exists in senhasegura with exactly that name (users by their login, groups by their name) and "+
				"that the access key's user may share with them. The %s is kept as it is; the next plan shows the missing "+
				"shares as an in-place update.", r.what(id), quoteAll(scrubAll(ctx, errs)), r.kind.label))
	}
}

// importLookup resolves an import ID that is not an identifier: what it is (in messages) and the
// lookup that gives the identifier of the one item it names.
type importLookup struct {
	what string // e.g. "identifier_code", "name"
	find func(ctx context.Context, c *mysafe.Client, value string) (string, error)
}

// driftDetectedAttr is the drift_detected attribute of a MySafe item resource.
func driftDetectedAttr(what string) schema.SetAttribute {
	return schema.SetAttribute{
		Computed:      true,
		ElementType:   types.StringType,
		PlanModifiers: []planmodifier.Set{emptyDriftPlan{}},
		MarkdownDescription: "Changes made in MySafe outside Terraform that the state cannot show, found by the last " +
			"refresh: a write-only attribute (e.g. `" + what + "`) whose value in MySafe no longer matches what Terraform " +
			"last sent, or a sharing block (`users_allowed`, `groups_allowed`) that MySafe lists with the same user or " +
			"group twice. The plan shows it emptied, and the apply re-sends the configured values. Empty when nothing drifted.",
	}
}

// emptyDriftPlan plans drift_detected empty whenever the resource is not destroyed: a refresh
// that found drift thus plans an update, and the update re-sends what drifted.
type emptyDriftPlan struct{}

func (emptyDriftPlan) Description(context.Context) string {
	return "planned empty: the apply re-sends what drifted"
}

func (m emptyDriftPlan) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (emptyDriftPlan) PlanModifySet(_ context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if !req.Plan.Raw.IsNull() {
		resp.PlanValue = driftSet(nil)
	}
}

// mysafeIdentitySchema is the resource identity of every MySafe item resource (Terraform 1.12+,
// OpenTofu 1.12+): the identifier MySafe assigns, the digits an import takes.
var mysafeIdentitySchema = identityschema.Schema{
	Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "The MySafe identifier of the item (digits, e.g. \"312\").",
		},
	},
}

// writeOnlyAttrs are the `<attr>_wo` and `<attr>_wo_version` attributes of a secret of a MySafe
// item, which the provider checks for drift.
func writeOnlyAttrs(attr, what string, extra ...validator.String) (schema.StringAttribute, schema.Int64Attribute) {
	wo := schema.StringAttribute{
		Optional:  true,
		Sensitive: true,
		WriteOnly: true,
		MarkdownDescription: fmt.Sprintf("Write-only %s (Terraform 1.11+): sent to MySafe, never stored in the plan or "+
			"state. Use instead of `%s`, together with `%s_wo_version`. A change made to it in MySafe outside "+
			"Terraform shows in the plan (see `drift_detected`).", what, attr, attr),
		// The pairing rules (not with `attr`, only with `attr_wo_version`) are checked once per
		// resource by validateWriteOnlyPair.
		Validators: extra,
	}
	version := schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("Version of `%s_wo`. Terraform cannot see a write-only value change, so change "+
			"this number (e.g. increment it) to send a new `%s_wo` to MySafe. Only then is the value sent: any other "+
			"update leaves it out of the request.", attr, attr),
	}
	return wo, version
}
