package provider

import (
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// mysafeAPI is what diagnostics say about MySafe: its access keys, its sharing rules, and the
// refusal of a duplicate identifier_code.
var mysafeAPI = &apiFamily{
	name:              "MySafe",
	manageCredentials: "MySafe → Integrations → Access keys",
	credential:        "access key",
	noAccess: "The MySafe user behind this access key has no access (or no edit right) to %s. Ask its owner to share " +
		"it with edit rights, or use an access key of a user who has them.",
	explain:            explainMySafeError,
	credentialSettings: "client_id and client_secret (" + EnvClientID + ", " + EnvClientSecret + "), a MySafe access key",
}

// mysafeReady reports whether MySafe's client is there: false without a word before Configure
// (data nil), false with the error that names client_id and client_secret when the provider was
// configured without them (a configuration of other families' credentials alone).
func mysafeReady(data *providerData, diags *diag.Diagnostics) bool {
	switch {
	case data == nil:
		return false
	case data.mysafe == nil:
		addCredentialsNotSet(diags, mysafeAPI)
		return false
	}
	return true
}

// mysafeEphemeralTimeouts is the `timeouts` block of the MySafe ephemeral resources.
var mysafeEphemeralTimeouts = ephemeralTimeoutsBlock("MySafe")

// explainMySafeError pins a duplicate identifier_code to its attribute.
func explainMySafeError(diags *diag.Diagnostics, _ clientCall, err error, msg string) bool {
	if !errors.Is(err, mysafe.ErrDuplicateIdentifierCode) {
		return false
	}
	diags.AddAttributeError(path.Root("identifier_code"), "Duplicate identifier_code",
		"Another API secret of the access key's user already uses this identifier_code, and MySafe requires it "+
			"to be unique per user. Choose another code, or import the existing API secret "+
			"(terraform import <address> <identifier>). If no active API secret has it, a deactivated one may: "+
			"activate it in MySafe and import it.\n\n"+msg)
	return true
}
