package provider

import (
	"context"
	"errors"
	"fmt"

	listtimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/list/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// pamAPI is what diagnostics say about PAM Core: its A2A authorizations and their rules.
var pamAPI = &apiFamily{
	name:              "PAM Core",
	manageCredentials: "A2A → Applications → Authorizations (the authorization needs PAM Core, with Read and write for resources)",
	credential:        "A2A authorization",
	noAccess: "The A2A authorization behind these credentials has no access to %s: an authorization reaches the devices " +
		"and credentials it created and those added on its Devices and Credentials tabs (A2A → Applications → " +
		"Authorizations). Add it there, or use the authorization that created it.",
	readOnly: "The A2A authorization behind these credentials may read PAM Core but not change it (PAM resource " +
		"permission Read-only, code 1039). Give it Read and write under A2A → Applications → Authorizations, or set " +
		"pam_client_id and pam_client_secret to an authorization that has it.",
	explain: explainPAMError,
	credentialSettings: "client_id and client_secret (" + EnvClientID + ", " + EnvClientSecret + "), or PAM Core's own " +
		"pam_client_id and pam_client_secret (" + EnvPAMClientID + ", " + EnvPAMClientSecret + ")",
}

// explainPAMError explains a token the instance issued but PAM Core refuses (401, after one
// renewal): the credentials reach MySafe but not PAM Core, as a MySafe access key does where
// the two need separate credentials (internal/pam quirk P16; reference/pam-api.md §2).
func explainPAMError(diags *diag.Diagnostics, call clientCall, err error, msg string) bool {
	if !errors.Is(err, senhasegura.ErrUnauthorized) {
		return false
	}
	diags.AddError(call.summary,
		fmt.Sprintf("PAM Core refused the provider's token for %s: the credentials were accepted by the token endpoint but "+
			"are not allowed on PAM Core. A MySafe access key does not reach PAM Core on every instance: set pam_client_id "+
			"and pam_client_secret (or %s and %s) to an A2A "+
			"authorization (A2A → Applications → Authorizations) with PAM Core enabled; if they are set, check that "+
			"authorization.\n\n%s", call.subject, EnvPAMClientID, EnvPAMClientSecret, msg))
	return true
}

// pamEphemeralTimeouts is the `timeouts` block of the PAM Core ephemeral resource.
var pamEphemeralTimeouts = ephemeralTimeoutsBlock("PAM Core")

// pamLabel names PAM Core objects in messages.
const (
	pamDeviceLabel     = "PAM Core device"
	pamCredentialLabel = "PAM Core credential"
)

// pamIdentitySchema is the resource identity of the PAM Core resources: the id PAM Core assigns.
var pamIdentitySchema = identityschema.Schema{
	Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{
			RequiredForImport: true,
			Description:       "The PAM Core id of the object (digits, e.g. \"17\").",
		},
	},
}

// pamConfigured reports, with a diagnostic when not, whether the provider was configured, with
// credentials for PAM Core.
func pamConfigured(data *providerData, diags *diag.Diagnostics) bool {
	switch {
	case data == nil:
		addNotConfigured(diags, "resource")
		return false
	case data.pam == nil:
		addCredentialsNotSet(diags, pamAPI)
		return false
	}
	return true
}

// pamReady is pamConfigured for what runs before Configure too (a plan's checks, a data
// source): false without a word while data is nil.
func pamReady(data *providerData, diags *diag.Diagnostics) bool {
	return data != nil && pamConfigured(data, diags)
}

// startPAMList reads a list resource's configuration into cfg and bounds ctx by its timeout.
func startPAMList[C any](ctx context.Context, data *providerData, req list.ListRequest, cfg *C, t func(*C) listtimeouts.Value) (context.Context, context.CancelFunc, operationDeadline, diag.Diagnostics) {
	diags := req.Config.Get(ctx, cfg)
	if data == nil {
		addNotConfigured(&diags, "list resource")
	} else if data.pam == nil {
		addCredentialsNotSet(&diags, pamAPI)
	}
	if diags.HasError() {
		return ctx, func() {}, operationDeadline{}, diags
	}
	ctx, cancel, deadline := listDeadline(data.withMasks(ctx), t(cfg), &diags)
	return ctx, cancel, deadline, diags
}

// matchOpt: a filter left out matches everything; one set matches its value exactly.
func matchOpt(filter types.String, v string) bool {
	return filter.ValueString() == "" || filter.ValueString() == v
}
