package provider

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/helpers/validatordiag"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Write-only secrets (Terraform 1.11+). Each secret attribute (`password`, `secret_key`,
// `client_secret`, …) has a twin `<attr>_wo`, sent to the API but never stored in plan or state,
// and `<attr>_wo_version`, stored, whose change is what makes Terraform send a new value.
//
// Whether a secret is managed write-only is recorded in the resource's private state (key
// privateWriteOnlyKey), not inferred from `_wo_version`: once the user removes the write-only
// attributes, only the private state still knows that the server holds a value Terraform sent
// and that the state must not learn. The rules, for every transition in one apply:
//
//   - create: the configured `_wo` value is sent; the mode is recorded.
//   - update: the `_wo` value is sent only when `_wo_version` changed (null → n counts: plain →
//     write-only) or refresh found drift; otherwise the secret is left out of the request, and
//     the server keeps it.
//   - write-only → plain: the plain value is sent; the mode is dropped.
//   - write-only → removed entirely: "" is sent (the configuration is authoritative: the
//     server's value is cleared); the mode is dropped. Except for a secret that an import
//     made write-only and Terraform never sent: the configuration never set it, so it is left
//     as the server holds it, and stays write-only (out of the state, never compared).
//   - read: in write-only mode the plain attribute stays null whatever the server returns.
//
// Drift detection: the private state also keeps an HMAC-SHA-256 digest of the last value
// sent, keyed by a key derived from the provider's client secret (never stored). A bare hash
// would let anyone with the state file guess weak secrets offline; the keyed digest does not.
// On refresh, a value on the server that no longer matches adds `<attr>_wo` to drift_detected,
// and the plan shows it emptied: the apply re-sends the configured value. A rotated client
// secret changes the key: the digest cannot be checked, which counts as drift once (one
// harmless re-send), never as an error.

const privateWriteOnlyKey = "write_only"

// writeOnlyPrefix is the import ID form that imports every field but the secrets, which stay
// null, and records write-only mode (Infisical uses the same spelling).
const writeOnlyPrefix = "write-only:"

// configAttrs are the top-level values of a resource configuration, read once per
// validation (Config.Raw as a map: no schema walk, no conversion to framework values).
type configAttrs map[string]tftypes.Value

func readConfigAttrs(cfg tfsdk.Config) configAttrs { return topLevel(cfg.Raw) }

// topLevel is an object value's top-level attributes (a configuration's, a plan's), without a
// pass of the framework's reflection; nil when the object is null or unknown.
func topLevel(raw tftypes.Value) configAttrs {
	var m map[string]tftypes.Value
	if err := raw.As(&m); err != nil {
		return nil // an unknown or null configuration: nothing to check yet
	}
	return m
}

// str is a top-level string attribute's value; known is false when it is unknown (a null
// value is "", known).
func (c configAttrs) str(name string) (v string, known bool) {
	t, ok := c[name]
	if !ok || t.IsNull() {
		return "", true
	}
	if !t.IsKnown() || t.As(&v) != nil {
		return "", false
	}
	return v, true
}

// strs is a top-level set or list of strings, every element known; known is false otherwise.
func (c configAttrs) strs(name string) (vs []string, known bool) {
	t, ok := c[name]
	if !ok || t.IsNull() {
		return []string{}, true
	}
	var elems []tftypes.Value
	if !t.IsFullyKnown() || t.As(&elems) != nil {
		return nil, false
	}
	vs = make([]string, 0, len(elems))
	for _, e := range elems {
		var v string
		if e.As(&v) != nil {
			return nil, false
		}
		vs = append(vs, v)
	}
	return vs, true
}

// set: the attribute is in the configuration (null is not; unknown is).
func (c configAttrs) set(name string) bool { v, ok := c[name]; return ok && !v.IsNull() }

// known: the attribute is set and known.
func (c configAttrs) known(name string) bool { return c.set(name) && c[name].IsKnown() }

// validateWriteOnlyPair checks, for a secret attr, what stringvalidator.ConflictsWith and
// AlsoRequires checked on `attr_wo` and `attr_wo_version`, with their messages on the same
// attributes: `attr_wo` not together with `attr`, and `attr_wo` and `attr_wo_version` only
// together. One check per resource on values read once, instead of three validators that the
// framework calls, describes and resolves path expressions for. An unknown value delays the
// check, as it did the validators.
func validateWriteOnlyPair(c configAttrs, attr string, diags *diag.Diagnostics) {
	wo, plain, version := attr+"_wo", attr, attr+"_wo_version"
	combination := func(at, format, a, b string) {
		diags.Append(validatordiag.InvalidAttributeCombinationDiagnostic(path.Root(at), fmt.Sprintf(format, a, b)))
	}
	if c.known(wo) {
		if c.known(plain) {
			combination(wo, "Attribute %q cannot be specified when %q is specified", plain, wo)
		}
		if !c.set(version) {
			combination(wo, "Attribute %q must be specified when %q is specified", version, wo)
		}
	}
	if c.known(version) && !c.set(wo) {
		combination(version, "Attribute %q must be specified when %q is specified", wo, version)
	}
}

// writeOnlyState is what the private state records: for every secret attribute managed
// write-only, the key ID and digest of the last value sent (empty after a write-only import,
// until the first value is sent).
type writeOnlyState struct {
	Secrets map[string]writeOnlyDigest `json:"secrets"`
	// known is false when the private state had no record at all (a state written before
	// the mode was recorded, or an item without write-only secrets, which records nothing).
	known bool
	// raw is the record as read, so that save writes only a change.
	raw []byte
}

type writeOnlyDigest struct {
	KeyID  string `json:"kid,omitempty"`
	Digest string `json:"mac,omitempty"`
}

// privateGetter and privateSetter are what the framework's private state offers.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func readWriteOnlyState(ctx context.Context, p privateGetter) (writeOnlyState, diag.Diagnostics) {
	st := writeOnlyState{Secrets: map[string]writeOnlyDigest{}}
	if p == nil {
		return st, nil
	}
	raw, diags := p.GetKey(ctx, privateWriteOnlyKey)
	if diags.HasError() || len(raw) == 0 {
		return st, diags
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		diags.AddWarning("Unreadable Private State", "The provider's record of write-only secrets could not be read and "+
			"is rebuilt: "+err.Error())
		return writeOnlyState{Secrets: map[string]writeOnlyDigest{}}, diags
	}
	if st.Secrets == nil {
		st.Secrets = map[string]writeOnlyDigest{}
	}
	st.known, st.raw = true, raw
	return st, diags
}

// save records st in the private state, only when it carries something and changed: an item
// with no write-only secret keeps no record (a plain item's private state stays empty), and a
// refresh that found nothing new writes nothing.
func (st writeOnlyState) save(ctx context.Context, p privateSetter) diag.Diagnostics {
	if len(st.Secrets) == 0 {
		if len(st.raw) == 0 {
			return nil
		}
		return p.SetKey(ctx, privateWriteOnlyKey, nil) // the last write-only secret went plain
	}
	raw, err := json.Marshal(st)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Cannot Record Write-Only Mode", err.Error())
		return diags
	}
	if bytes.Equal(raw, st.raw) {
		return nil
	}
	return p.SetKey(ctx, privateWriteOnlyKey, raw)
}

// isWriteOnly tells whether attr is managed write-only. A state written before the mode was
// recorded counts as write-only when it holds a `_wo_version`.
func (st writeOnlyState) isWriteOnly(attr string, stateVersion types.Int64) bool {
	if _, ok := st.Secrets[attr]; ok {
		return true
	}
	return !st.known && !stateVersion.IsNull() && !stateVersion.IsUnknown()
}

// digestKey keys the digests of write-only values. It is derived from the provider's client
// ID and secret and lives only in memory.
type digestKey struct {
	key []byte
	id  string // a short, non-secret identifier of the key, stored beside each digest
}

func newDigestKey(clientID, clientSecret string) digestKey {
	if clientSecret == "" {
		return digestKey{}
	}
	mac := hmac.New(sha256.New, []byte(clientSecret))
	mac.Write([]byte("terraform-provider-senhasegura write-only digest v1\x00" + clientID))
	key := mac.Sum(nil)
	idMac := hmac.New(sha256.New, key)
	idMac.Write([]byte("key id"))
	return digestKey{key: key, id: hex.EncodeToString(idMac.Sum(nil)[:8])}
}

// digest binds the value to the item and attribute, so equal secrets of two items do not
// show as equal digests.
func (k digestKey) digest(kind, id, attr, value string) writeOnlyDigest {
	if len(k.key) == 0 {
		return writeOnlyDigest{}
	}
	mac := hmac.New(sha256.New, k.key)
	mac.Write([]byte(kind + "\x00" + id + "\x00" + attr + "\x00" + value))
	return writeOnlyDigest{KeyID: k.id, Digest: hex.EncodeToString(mac.Sum(nil))}
}

// driftOf compares what the server holds with the recorded digest: "" when they match or
// nothing was recorded, "changed" when the server's value differs, "rekeyed" when the key
// changed and the
// digest cannot be checked.
func (k digestKey) driftOf(rec writeOnlyDigest, kind, id, attr, value string) string {
	switch {
	case rec.Digest == "" || len(k.key) == 0:
		return ""
	case rec.KeyID != k.id:
		return "rekeyed"
	case !hmac.Equal([]byte(k.digest(kind, id, attr, value).Digest), []byte(rec.Digest)):
		return "changed"
	}
	return ""
}

// driftSet builds the drift_detected value (never null).
func driftSet(names []string) types.Set {
	sort.Strings(names)
	elems := make([]attr.Value, 0, len(names))
	for _, n := range names {
		elems = append(elems, types.StringValue(n))
	}
	return types.SetValueMust(types.StringType, elems)
}

func driftContains(set types.Set, name string) bool {
	if set.IsNull() || set.IsUnknown() {
		return false
	}
	for _, e := range set.Elements() {
		if s, ok := e.(types.String); ok && s.ValueString() == name {
			return true
		}
	}
	return false
}

// secretInputs is what decides how an update treats one secret attribute.
type secretInputs struct {
	planValue, stateValue     types.String
	planVersion, stateVersion types.Int64
	configWO                  string
	hasConfigWO               bool
	wasWriteOnly, drifted     bool
	// neverSent: write-only by an import (write-only:<id>, write_only_import), and never sent
	// by Terraform since: the value MySafe holds is not the configuration's to clear.
	neverSent bool
}

// secretChange is the decision: the value to send (nil: leave it out, the server keeps it), and
// whether the secret is managed write-only afterwards.
type secretChange struct {
	send      *string
	writeOnly bool
}

// secretUpdate applies the write-only rules (see write_only.go) to one secret attribute.
func secretUpdate(in secretInputs) secretChange {
	if !in.planVersion.IsNull() {
		// Write-only: send only on a version change (null → n included), after drift, or when
		// the secret was not write-only before.
		if in.hasConfigWO && (!in.planVersion.Equal(in.stateVersion) || in.drifted || !in.wasWriteOnly) {
			v := in.configWO
			return secretChange{send: &v, writeOnly: true}
		}
		return secretChange{writeOnly: true}
	}
	plan, prior := in.planValue.ValueString(), in.stateValue.ValueString()
	switch {
	case plan == "" && in.neverSent:
		// Imported write-only and never set by this configuration: left as MySafe holds it,
		// still write-only (the state never learns it, and nothing is compared): an onboarding
		// that sets only password_wo keeps the TOTP seed.
		return secretChange{writeOnly: true}
	case plan != "" && (plan != prior || in.wasWriteOnly):
		return secretChange{send: &plan}
	case plan == "" && (in.wasWriteOnly || prior != ""):
		empty := "" // the configuration no longer sets the secret: clear it on the server
		return secretChange{send: &empty}
	}
	return secretChange{}
}

// writeOnlySet is the set of attributes a create or update sent write-only.
func writeOnlySet(sent map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range sent {
		out[k] = true
	}
	return out
}

// configString reads a string attribute from the configuration (write-only values exist only
// there); ok is false when it is not set.
func configString(ctx context.Context, cfg tfsdk.Config, name string, diags *diag.Diagnostics) (string, bool) {
	var v types.String
	diags.Append(cfg.GetAttribute(ctx, path.Root(name), &v)...)
	if v.IsNull() || v.IsUnknown() {
		return "", false
	}
	return v.ValueString(), true
}
