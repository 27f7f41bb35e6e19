package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
)

// Every client error becomes a diagnostic here. The client's error text never holds a secret
// value or a response body, so it is shown as it is, after an explanation of what to do.

const redirectAdvice = "MySafe's answer was a redirect, which the provider never follows: a token, the client " +
	"secret or a secret value would go with it. Set \"url\" to the root of the senhasegura instance (e.g. " +
	"https://vault.example.com, with the scheme the instance really serves); if it already is, something in front " +
	"of MySafe (a gateway, WAF or single sign-on proxy) is redirecting API calls and must let them through."

// addAPIError turns the error of a call on one item into a diagnostic. A duplicate
// identifier_code is pinned to that attribute; no access and redirects say what to do; every
// other MySafe error shows its code and message.
func addAPIError(diags *diag.Diagnostics, summary, what string, err error) {
	switch {
	case errors.Is(err, mysafe.ErrDuplicateIdentifierCode):
		diags.AddAttributeError(path.Root("identifier_code"), "Duplicate identifier_code",
			"Another API secret of the access key's user already uses this identifier_code, and MySafe requires it "+
				"to be unique per user. Choose another code, or import the existing API secret "+
				"(terraform import <address> <identifier>). If no active API secret has it, a deactivated one may: "+
				"activate it in MySafe and import it.\n\n"+err.Error())
	case errors.Is(err, mysafe.ErrNoAccess):
		diags.AddError(summary, fmt.Sprintf("The MySafe user behind this access key has no access (or no edit right) to %s. "+
			"Ask its owner to share it with edit rights, or use an access key of a user who has them.\n\n%s", what, err))
	case errors.Is(err, mysafe.ErrRedirect):
		diags.AddError(summary, fmt.Sprintf("%s: %s\n\n%s", what, redirectAdvice, err))
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		diags.AddError(summary, fmt.Sprintf("The operation on %s was cancelled: %s", what, err))
	default:
		diags.AddError(summary, fmt.Sprintf("%s: %s", what, err))
	}
}

// addReadError explains lookups of data sources and ephemeral resources that find nothing:
// unlike a resource, they cannot just disappear.
func addReadError(diags *diag.Diagnostics, summary, label string, err error) {
	switch {
	case errors.Is(err, mysafe.ErrNotFound), errors.As(err, new(noMatchError)):
		diags.AddError(summary, fmt.Sprintf("No active %s matches: %s", label, err))
	case errors.Is(err, mysafe.ErrInactive):
		diags.AddError(summary, fmt.Sprintf("The %s is deactivated; activate it in MySafe to read it: %s", label, err))
	case errors.Is(err, mysafe.ErrNoAccess):
		diags.AddError(summary, fmt.Sprintf("The MySafe user behind this access key has no access to the %s: %s", label, err))
	case errors.Is(err, mysafe.ErrRedirect):
		diags.AddError(summary, fmt.Sprintf("%s\n\n%s", redirectAdvice, err))
	default:
		diags.AddError(summary, err.Error())
	}
}

// addAuthError explains a failed token request in Configure.
func addAuthError(diags *diag.Diagnostics, baseURL, clientID string, err error) {
	switch {
	case errors.Is(err, mysafe.ErrUnauthorized):
		diags.AddAttributeError(path.Root("client_secret"), "MySafe Credentials Rejected",
			fmt.Sprintf("The senhasegura token endpoint at %s rejected client ID %q: the client ID or client secret is wrong, "+
				"or the access key was revoked or has expired. Check it under MySafe → Integrations → Access keys.\n\n%s", baseURL, clientID, err))
	case errors.Is(err, mysafe.ErrRedirect):
		diags.AddAttributeError(path.Root("url"), "MySafe Token Request Redirected",
			fmt.Sprintf("The token endpoint of %s answered with a redirect, which the provider never follows (the client "+
				"secret would go with it). Check \"url\" and \"token_url\": the token endpoint is <url>/iso/oauth2/token on "+
				"the instance root. If they are right, something in front of MySafe (a gateway, WAF or single sign-on "+
				"proxy) is redirecting API calls.\n\n%s", baseURL, err))
	case errors.Is(err, mysafe.ErrNoRoute), errors.Is(err, mysafe.ErrInvalidResponse):
		diags.AddAttributeError(path.Root("url"), "No MySafe API At That URL",
			fmt.Sprintf("%s answered, but not as a senhasegura instance: its token endpoint was not found or did not issue a token. "+
				"Check \"url\" (the instance root, e.g. https://vault.example.com) and \"token_url\".\n\n%s", baseURL, err))
	case errors.Is(err, mysafe.ErrConnection):
		diags.AddAttributeError(path.Root("url"), "Cannot Connect To MySafe",
			fmt.Sprintf("No answer from %s: check the URL, the network path and, for HTTPS, the CA and client certificate "+
				"settings.\n\n%s", baseURL, err))
	default:
		diags.AddError("MySafe Authentication Failed", err.Error())
	}
}

// addClientConfigError explains a client that cannot be built from a resolved configuration
// (resolveConfig already checked what it can).
func addClientConfigError(diags *diag.Diagnostics, err error) {
	switch {
	case errors.Is(err, mysafe.ErrInvalidCACert):
		diags.AddAttributeError(path.Root("ca_cert_pem"), "Invalid CA Certificate",
			"No PEM-encoded certificate could be read from ca_cert_pem, ca_cert_file or their environment variables.")
	case errors.Is(err, mysafe.ErrInvalidClientCert):
		diags.AddAttributeError(path.Root("client_cert_pem"), "Invalid Client Certificate",
			"The client certificate and key (client_cert_pem/client_cert_file and client_key_pem/client_key_file) "+
				"do not form a usable pair: "+err.Error())
	default:
		diags.AddError("Cannot Build The MySafe Client", err.Error())
	}
}
