package provider

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// dsmAPI is what diagnostics say about DevOps Secret Manager: its application authorizations,
// and the values an encrypting authorization returns.
var dsmAPI = &apiFamily{
	name:              "DSM",
	manageCredentials: "DSM → Applications → Authorization by application (the authorization needs Secret Management, and Application for its own application)",
	credential:        "DSM authorization",
	noAccess: "The DSM authorization behind these credentials may not do this to %s: DSM allows an authorization the " +
		"resources ticked on it (Application, CI/CD, Secret Management) and, to register applications, \"Enable creation " +
		"of DSM applications\" (DSM → Applications → Authorization by application).",
	explain:            explainDSMError,
	credentialSettings: "dsm_client_id and dsm_client_secret (" + EnvDSMClientID + ", " + EnvDSMClientSecret + "), a DSM application authorization",
}

// explainDSMError explains a value DSM returned that cannot be revealed (encrypted without a
// key, the vendor's placeholder, another key), pinned to decryption_private_key; and a DSM
// route the instance or its gateway does not serve for these credentials.
func explainDSMError(diags *diag.Diagnostics, call clientCall, err error, msg string) bool {
	var ve *dsm.ValueError
	switch {
	case errors.As(err, &ve):
		addDSMValueError(diags, call.summary, err)
		return true
	case errors.Is(err, dsm.ErrNotKeyValue):
		diags.AddError(call.summary, fmt.Sprintf("%s: %s", call.subject, msg))
		return true
	case errors.Is(err, senhasegura.ErrNoRoute):
		diags.AddError(call.summary, fmt.Sprintf("%s: DSM (or the gateway in front of it) answered that no route matches: "+
			"the DSM authorization behind dsm_client_id may lack the resource this call needs (Secret Management for "+
			"secrets, Application for applications), or the instance has no DevOps Secret Manager.\n\n%s", call.subject, msg))
		return true
	}
	return false
}

// addDSMValueError is the error of a value that cannot be revealed: the error's text names the
// object, the key and decryption_private_key, never the value.
func addDSMValueError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, capitalize(err.Error()))
}

// dsmReady reports whether DSM's client is there: false without a word before Configure (data
// nil), false with the error that names dsm_client_id and dsm_client_secret when the provider
// was configured without them.
func dsmReady(data *providerData, diags *diag.Diagnostics) bool {
	switch {
	case data == nil:
		return false
	case data.dsm == nil:
		addCredentialsNotSet(diags, dsmAPI)
		return false
	}
	return true
}

// dsmEphemeralTimeouts is the `timeouts` block of the DSM ephemeral resources.
var dsmEphemeralTimeouts = ephemeralTimeoutsBlock("DSM")

// dsmSecretIdentitySchema is the resource identity of senhasegura_dsm_secret (Terraform 1.12+):
// {id}, as every resource of the provider has it, holding the secret's identity.
var dsmSecretIdentitySchema = identityschema.Schema{
	Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "The identity of the DSM secret (e.g. \"team/app/db\").",
		},
	},
}

// dsmQuoted quotes key names for messages.
func dsmQuoted(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k)
	}
	return strings.Join(q, ", ")
}

// Labels of DSM objects in messages.
const (
	dsmSecretLabel      = "DSM secret"
	dsmApplicationLabel = "DSM application"
)

// dsmSecretWhat names a secret in messages.
func dsmSecretWhat(identity string) string { return fmt.Sprintf("%s %q", dsmSecretLabel, identity) }

// dsmExpiration is a secret's expiration date as the state keeps it: null without one (DSM
// writes "", null or MySQL's zero date: dsm.ParseExpiration); the prior value when it names the
// same second (RFC 3339 allows many spellings of one instant, and DSM keeps seconds in UTC),
// otherwise the date read back in UTC. A date DSM wrote in a form the client cannot read is
// kept as DSM wrote it (never parsed, so never a panic), which the plan then shows.
func dsmExpiration(item dsm.SecretListItem, prior timetypes.RFC3339) timetypes.RFC3339 {
	if item.Expiration.IsZero() {
		raw := strings.TrimSpace(item.ExpirationRaw)
		if _, err := dsm.ParseExpiration(raw); err == nil {
			return timetypes.NewRFC3339Null()
		}
		return timetypes.RFC3339{StringValue: types.StringValue(raw)}
	}
	if t, ok := rfc3339Time(prior); ok && t.Truncate(time.Second).Equal(item.Expiration) {
		return prior
	}
	return timetypes.NewRFC3339TimeValue(item.Expiration.UTC())
}

// rfc3339Time is v's time, when it is known and set.
func rfc3339Time(v timetypes.RFC3339) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, diags := v.ValueRFC3339Time()
	return t, !diags.HasError()
}

// dsmExpirationText is a secret's expiration date as data sources show it: RFC 3339 in UTC, ""
// without one, DSM's text when the client cannot read it.
func dsmExpirationText(item dsm.SecretListItem) types.String {
	if item.Expiration.IsZero() {
		raw := strings.TrimSpace(item.ExpirationRaw)
		if _, err := dsm.ParseExpiration(raw); err == nil {
			return types.StringValue("")
		}
		return types.StringValue(raw)
	}
	return types.StringValue(item.Expiration.UTC().Format(time.RFC3339))
}

// dsmExpired says whether DSM's list shows the secret with an expiration date that has passed:
// DSM inactivated it and deleted its information (reference/dsm-api.md §3), whatever the list
// still shows.
func dsmExpired(item dsm.SecretListItem, now time.Time) bool {
	return !item.Expiration.IsZero() && !item.Expiration.After(now)
}

// stringMapValue is a map of strings as a Terraform value (never null).
func stringMapValue(m map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(m))
	for k, v := range m {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

// stringMapOf is a known map of strings' Go value; ok is false when it or an element is null
// or unknown.
func stringMapOf(m types.Map) (map[string]string, bool) {
	if m.IsNull() || m.IsUnknown() {
		return nil, false
	}
	out := make(map[string]string, len(m.Elements()))
	for k, e := range m.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			return nil, false
		}
		out[k] = s.ValueString()
	}
	return out, true
}

// mapKeys are m's keys.
func mapKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// dsmValuesOf are a secret's values as the state keeps them: null when the resource keeps them
// write-only.
func dsmValuesOf(values map[string]string, writeOnly bool) types.Map {
	if writeOnly {
		return types.MapNull(types.StringType)
	}
	return stringMapValue(values)
}

// secretValuesOf are the values of m, for the masks of a call's context and log lines.
func secretValuesOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// dsmLookup reads the secret identity with its values, for a data source or an ephemeral
// resource; the error is already a diagnostic.
func dsmLookup(ctx context.Context, data *providerData, identity, summary string, deadline operationDeadline, diags *diag.Diagnostics) (*dsm.StoredSecret, bool) {
	st, err := data.dsm.Secrets.Find(ctx, identity)
	switch {
	case err != nil:
		addClientError(ctx, diags, lookupCall(dsmAPI, summary, dsmSecretLabel).bounded(deadline, dsmSecretWhat(identity)), err)
		return nil, false
	case dsmExpired(st.SecretListItem, time.Now()):
		diags.AddError(summary, fmt.Sprintf("%s expired on %s: DSM inactivated it and deleted its values, which cannot be "+
			"read any more.", dsmSecretWhat(identity), st.Expiration.UTC().Format(time.RFC3339)))
		return nil, false
	}
	return st, true
}
