package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Moves from the generic REST provider. Until this provider, MySafe was managed with
// Mastercard/restapi: a `restapi_object` with `path = "/api/mysafe/password"` and the item as
// JSON in `data`, whose state holds every secret in plaintext (`data`, `api_response`,
// `api_data`, `create_response`). A `moved { from = restapi_object.x  to =
// senhasegura_mysafe_password.y }` block (Terraform 1.8+, OpenTofu 1.10+) hands that state to
// MoveState below, as hashicorp/terraform-provider-corner's move_state_resource.go does for
// random_string.
//
// What shapes the mover:
//   - Terraform calls it on an unconfigured provider (no Configure, so no MySafe call): it only
//     reads the source state and writes what an import would, the identifier. The refresh
//     that follows fills the rest from MySafe, as after an import.
//   - Nothing of the old state is kept: not a single secret, not even a name. The item is
//     recorded in write-only mode (as a `write-only:<id>` import), which is the only safe
//     choice without the configuration (the mover does not see it): a configuration that
//     keeps the secret write-only gets no plaintext into the state, and one that uses the
//     plain attribute gets an in-place update in the same apply that sends its value, after
//     which the refresh reads it as usual.
//   - The source: `restapi_object` of `mastercard/restapi` on any registry host
//     (registry.terraform.io; OpenTofu rewrites it to registry.opentofu.org, and before
//     1.12.4 sends the bare "restapi": opentofu/opentofu#4352, #4355), schema version 0 in
//     restapi v1, v2 and v3 (restapi/resource_api_object.go up to v2.0.1,
//     internal/provider/resource_api_object.go in v3.0.0). Its attributes are read from the
//     raw JSON: v3 changed `read_search` from a map to an object, so no single source schema
//     decodes both.
//   - Its `path` (or `create_path`) must name this resource's MySafe kind, under `/api` or
//     `/iso` (or without a prefix, when restapi's `uri` carries it), and its `id` (else
//     `object_id`) must be a MySafe identifier (restapi's id_attribute
//     `password_entity/identifier`, `api_entity/identifier`, `note_entity/identifier`). A
//     MySafe object of another kind is an error naming the right resource type; anything that
//     is not MySafe's is declined (no state, no error), so Terraform's own message stands.

var (
	_ resource.ResourceWithMoveState = (*passwordResource)(nil)
	_ resource.ResourceWithMoveState = (*apiSecretResource)(nil)
	_ resource.ResourceWithMoveState = (*noteResource)(nil)
)

// restapiObject is what the mover reads of a restapi_object's state (restapi v1, v2, v3).
type restapiObject struct {
	ID         *string `json:"id"`
	ObjectID   *string `json:"object_id"`
	Path       *string `json:"path"`
	CreatePath *string `json:"create_path"`
}

// restapiKinds maps the MySafe path segment of each item kind to its resource type.
var restapiKinds = map[string]string{
	"password":  "senhasegura_mysafe_password",
	"secretapi": "senhasegura_mysafe_api_secret",
	"note":      "senhasegura_mysafe_note",
}

var restapiMySafePath = regexp.MustCompile(`^(?:/(?:api|iso))?/mysafe/([a-z]+)(?:/.*)?$`)

// restapiMove decides a move of a source resource (provider address, type name, raw JSON
// state) to the resource type target: the MySafe identifier to adopt, or declined (not a
// MySafe object of restapi: "" and nil), or an error for a MySafe object this resource cannot
// take (another kind, no identifier). It is pure.
func restapiMove(address, typeName string, raw []byte, target string) (string, error) {
	if typeName != "restapi_object" || !isRestapiAddress(address) {
		return "", nil
	}
	var obj restapiObject
	if err := json.Unmarshal(raw, &obj); err != nil {
		return "", fmt.Errorf("the state of the restapi_object cannot be read: %w", err)
	}
	kind, where := "", ""
	for _, p := range []*string{obj.Path, obj.CreatePath} {
		if p == nil {
			continue
		}
		clean := strings.TrimRight(strings.SplitN(*p, "?", 2)[0], "/")
		if m := restapiMySafePath.FindStringSubmatch(clean); m != nil {
			if _, ok := restapiKinds[m[1]]; ok {
				kind, where = m[1], *p
				break
			}
		}
	}
	if kind == "" {
		return "", nil // not a MySafe item: not ours to take
	}
	if restapiKinds[kind] != target {
		return "", fmt.Errorf("this restapi_object manages MySafe %s items (path %q), which %s does not hold: move it to %s instead",
			kind, where, target, restapiKinds[kind])
	}
	for _, id := range []*string{obj.ID, obj.ObjectID} {
		if id != nil && identifierPattern.MatchString(strings.TrimSpace(*id)) {
			return strings.TrimSpace(*id), nil
		}
	}
	got := "no id"
	if obj.ID != nil {
		got = fmt.Sprintf("the id %q", *obj.ID)
	}
	return "", fmt.Errorf("this restapi_object (path %q) has %s and no object_id that is a MySafe identifier (digits, e.g. 312): "+
		"with restapi, the id is what id_attribute points at, which for MySafe must be the entity's identifier "+
		"(e.g. id_attribute = \"password_entity/identifier\"). Find the item's identifier in MySafe and import it "+
		"instead: a removed block with destroy = false for the restapi_object, and an import block with id = \"%s<identifier>\"",
		where, got, writeOnlyPrefix)
}

// isRestapiAddress: mastercard/restapi on any registry host, or the bare "restapi" OpenTofu
// sent before 1.12.4.
func isRestapiAddress(address string) bool {
	a := strings.ToLower(strings.TrimSpace(address))
	return a == "restapi" || a == "mastercard/restapi" || strings.HasSuffix(a, "/mastercard/restapi")
}

// MoveState takes a restapi_object that managed this kind of MySafe item (see above).
func (r *itemResource[M, A, U]) MoveState(context.Context) []resource.StateMover {
	return []resource.StateMover{{StateMover: r.moveFromRestapi}}
}

func (r *itemResource[M, A, U]) moveFromRestapi(ctx context.Context, req resource.MoveStateRequest, resp *resource.MoveStateResponse) {
	if req.SourceRawState == nil {
		return
	}
	target := "senhasegura" + r.kind.typeName
	id, err := restapiMove(req.SourceProviderAddress, req.SourceTypeName, req.SourceRawState.JSON, target)
	if err != nil {
		resp.Diagnostics.AddError("Cannot Move restapi_object To "+target, err.Error())
		return
	}
	if id == "" {
		return // declined
	}
	// What a write-only import records: the identifier, the identity, write-only mode for
	// every secret; not one value of the old state.
	resp.Diagnostics.Append(resp.TargetState.SetAttribute(ctx, path.Root("id"), id)...)
	setIdentity(ctx, resp.TargetIdentity, id, &resp.Diagnostics)
	wo := writeOnlyState{Secrets: map[string]writeOnlyDigest{}, known: true}
	for _, s := range r.kind.secrets {
		wo.Secrets[s.attr] = writeOnlyDigest{}
	}
	if resp.TargetPrivate != nil {
		resp.Diagnostics.Append(wo.save(ctx, resp.TargetPrivate)...)
	}
}
