package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// itemKind is what differs between MySafe item resources (passwords, API secrets). The CRUD
// and import logic is written once in itemResource; each resource file supplies its schema,
// model type M, and the pure mapping functions between M and the client's type A.
type itemKind[M any, A any] struct {
	typeName string // suffix after the provider name, e.g. "_mysafe_password"
	label    string // "MySafe password", used in messages
	schema   schema.Schema

	// toAPI maps a plan to the API object (the full desired object).
	toAPI func(m M) A
	// writeOnly copies write-only values, which exist only in the configuration (never in
	// plan or state), into the API object.
	writeOnly func(ctx context.Context, cfg tfsdk.Config, a *A) diag.Diagnostics
	// fromAPI maps an API object to state. prior supplies what the answer does not echo
	// (create/update answers omit some secrets) and the null-vs-empty shape of optional
	// values; full says the answer came from GET and echoes everything.
	fromAPI func(a *A, prior M, full bool) M
	id      func(m M) types.String
	// secrets lists the model's secret values, masked in logs.
	secrets func(m M) []string
	// apiSecrets lists the secret values of an API object (write-only values included).
	apiSecrets func(a *A) []string
	// sharedErrors returns what MySafe reported in shared_error.
	sharedErrors func(a *A) []string

	create func(ctx context.Context, c *mysafe.Client, a A) (*A, error)
	get    func(ctx context.Context, c *mysafe.Client, id string) (*A, error)
	// update sends the desired object; current (from the refreshed state) tells which empty
	// fields must be sent to clear a value.
	update     func(ctx context.Context, c *mysafe.Client, id string, desired, current A) (*A, error)
	deactivate func(ctx context.Context, c *mysafe.Client, id string) error
}

type itemResource[M any, A any] struct {
	kind *itemKind[M, A]
	data *providerData
}

var identifierPattern = regexp.MustCompile(`^[0-9]+$`)

func (r *itemResource[M, A]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.typeName
}

func (r *itemResource[M, A]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.kind.schema
}

func (r *itemResource[M, A]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *itemResource[M, A]) what(id string) string {
	if id == "" {
		return "a new " + r.kind.label
	}
	return fmt.Sprintf("%s %s", r.kind.label, id)
}

func (r *itemResource[M, A]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.configured(&resp.Diagnostics) {
		return
	}
	obj, ok := r.desired(ctx, plan, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx = r.data.withMasks(ctx, append(r.kind.secrets(plan), r.kind.apiSecrets(&obj)...)...)
	tflog.Debug(ctx, "Creating "+r.kind.label)
	created, err := r.kind.create(ctx, r.data.client, obj)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error Creating "+titleLabel(r.kind.label), r.what(""), err)
		return
	}
	state := r.kind.fromAPI(created, plan, false)
	if id := r.kind.id(state); id.IsUnknown() || id.ValueString() == "" {
		resp.Diagnostics.AddError("Error Creating "+titleLabel(r.kind.label),
			"MySafe answered the create without an identifier, so Terraform cannot track the new "+r.kind.label+
				". Find it in MySafe and import it (terraform import <address> <identifier>).")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	r.reportSharedErrors(&resp.Diagnostics, created)
}

// desired is the full object to send: the plan, plus the write-only values of the
// configuration.
func (r *itemResource[M, A]) desired(ctx context.Context, plan M, cfg tfsdk.Config, diags *diag.Diagnostics) (A, bool) {
	obj := r.kind.toAPI(plan)
	diags.Append(r.kind.writeOnly(ctx, cfg, &obj)...)
	return obj, !diags.HasError()
}

// loadState reads the prior state; ok is false when diagnostics say to stop. The returned
// context masks the state's secrets.
func (r *itemResource[M, A]) loadState(ctx context.Context, st tfsdk.State, diags *diag.Diagnostics) (context.Context, M, string, bool) {
	var state M
	diags.Append(st.Get(ctx, &state)...)
	if diags.HasError() || !r.configured(diags) {
		return ctx, state, "", false
	}
	return r.data.withMasks(ctx, r.kind.secrets(state)...), state, r.kind.id(state).ValueString(), true
}

func (r *itemResource[M, A]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, state, id, ok := r.loadState(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	got, err := r.kind.get(ctx, r.data.client, id)
	switch {
	case errors.Is(err, mysafe.ErrNotFound) || errors.Is(err, mysafe.ErrInactive):
		tflog.Warn(ctx, r.kind.label+" is gone or deactivated in MySafe; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "Error Reading "+titleLabel(r.kind.label), r.what(id), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, r.kind.fromAPI(got, state, true))...)
}

func (r *itemResource[M, A]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.configured(&resp.Diagnostics) {
		return
	}
	obj, ok := r.desired(ctx, plan, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx = r.data.withMasks(ctx, append(append(r.kind.secrets(plan), r.kind.secrets(state)...), r.kind.apiSecrets(&obj)...)...)
	id := r.kind.id(state).ValueString()
	updated, err := r.kind.update(ctx, r.data.client, id, obj, r.kind.toAPI(state))
	if err != nil {
		// Nothing changed on the server: the state keeps what it held.
		addAPIError(&resp.Diagnostics, "Error Updating "+titleLabel(r.kind.label), r.what(id), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, r.kind.fromAPI(updated, plan, false))...)
	r.reportSharedErrors(&resp.Diagnostics, updated)
}

func (r *itemResource[M, A]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, _, id, ok := r.loadState(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	// MySafe has no delete: destroying deactivates. Already inactive or gone counts as done.
	err := r.kind.deactivate(ctx, r.data.client, id)
	if err != nil && !errors.Is(err, mysafe.ErrNotFound) && !errors.Is(err, mysafe.ErrInactive) {
		addAPIError(&resp.Diagnostics, "Error Deactivating "+titleLabel(r.kind.label), r.what(id), err)
	}
}

func (r *itemResource[M, A]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := strings.TrimSpace(req.ID)
	if !identifierPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid Import Identifier",
			fmt.Sprintf("%q is not a MySafe identifier: use the digits MySafe assigns to the %s (the \"identifier\" "+
				"shown by the API, e.g. 312), not its name or identifier_code.", req.ID, r.kind.label))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

func (r *itemResource[M, A]) configured(diags *diag.Diagnostics) bool {
	if r.data == nil {
		diags.AddError("Provider Not Configured",
			"The senhasegura provider was not configured before this resource was used. Please report this issue to the provider developers.")
		return false
	}
	return true
}

// reportSharedErrors makes a share MySafe refused (unknown user or group) an error: the
// object exists and the state says what the server holds, but the apply did not do what the
// configuration asks.
func (r *itemResource[M, A]) reportSharedErrors(diags *diag.Diagnostics, a *A) {
	if errs := r.kind.sharedErrors(a); len(errs) > 0 {
		diags.AddError("MySafe Could Not Share "+titleLabel(r.kind.label),
			fmt.Sprintf("MySafe stored the %s but reported these shares as failed (shared_error): %s. "+
				"Check that each user and group exists in senhasegura. The state holds what MySafe stored.",
				r.kind.label, strings.Join(errs, ", ")))
	}
}

func titleLabel(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if w == "MySafe" || w == "API" {
			continue
		}
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// writeOnlyString reads a write-only attribute from the configuration; ok is false when it
// is not set.
func writeOnlyString(ctx context.Context, cfg tfsdk.Config, name string, diags *diag.Diagnostics) (string, bool) {
	var v types.String
	diags.Append(cfg.GetAttribute(ctx, path.Root(name), &v)...)
	if v.IsNull() || v.IsUnknown() {
		return "", false
	}
	return v.ValueString(), true
}
