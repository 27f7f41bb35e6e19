package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// Every client error becomes a diagnostic here, through addClientError. The client's error
// text never holds a secret value or a response body, so it is shown as it is, after an
// explanation of what to do.

// callKind is what the provider was doing when the client failed.
type callKind int

const (
	// callOnItem: a resource's call on one item (create, read, update, deactivate, import).
	callOnItem callKind = iota
	// callLookup: a data source or ephemeral resource lookup, which cannot just disappear
	// when nothing matches.
	callLookup
	// callAuth: the token request of Configure.
	callAuth
	// callBuild: building the client from the resolved configuration.
	callBuild
)

// clientCall describes the failed call for its diagnostic.
type clientCall struct {
	kind    callKind
	summary string // e.g. "Error Reading MySafe Password"
	// subject names what the call was about: "MySafe password 312", "a new MySafe password",
	// "the MySafe password" (a lookup), or for callAuth the base URL.
	subject string
	// label is the item kind, "MySafe password" (callLookup).
	label string
	// clientID is the access key that was refused (callAuth).
	clientID string
}

func itemCall(summary, subject string) clientCall {
	return clientCall{kind: callOnItem, summary: summary, subject: subject}
}

func lookupCall(summary, label string) clientCall {
	return clientCall{kind: callLookup, summary: summary, subject: "the " + label, label: label}
}

const redirectAdvice = "MySafe's answer was a redirect, which the provider never follows: a token, the client " +
	"secret or a secret value would go with it. Set \"url\" to the root of the senhasegura instance (e.g. " +
	"https://vault.example.com, with the scheme the instance really serves); if it already is, something in front " +
	"of MySafe (a gateway, WAF or single sign-on proxy) is redirecting API calls and must let them through."

// addClientError turns err into a diagnostic. Errors with an attribute to blame (credentials,
// URL, certificates, a duplicate identifier_code) are pinned to it; no access, not found and
// redirects say what to do; every other MySafe error shows its code and message.
func addClientError(diags *diag.Diagnostics, call clientCall, err error) {
	switch call.kind {
	case callAuth:
		addAuthError(diags, call, err)
		return
	case callBuild:
		addBuildError(diags, call, err)
		return
	}
	prefix := "" // an item call names its item first; a lookup's summary already does
	if call.kind == callOnItem {
		prefix = call.subject + ": "
	}
	switch {
	case errors.Is(err, mysafe.ErrDuplicateIdentifierCode):
		diags.AddAttributeError(path.Root("identifier_code"), "Duplicate identifier_code",
			"Another API secret of the access key's user already uses this identifier_code, and MySafe requires it "+
				"to be unique per user. Choose another code, or import the existing API secret "+
				"(terraform import <address> <identifier>). If no active API secret has it, a deactivated one may: "+
				"activate it in MySafe and import it.\n\n"+err.Error())
	case errors.Is(err, senhasegura.ErrNoAccess):
		diags.AddError(call.summary, fmt.Sprintf("The MySafe user behind this access key has no access (or no edit right) "+
			"to %s. Ask its owner to share it with edit rights, or use an access key of a user who has them.\n\n%s", call.subject, err))
	case errors.Is(err, senhasegura.ErrRedirect):
		diags.AddError(call.summary, fmt.Sprintf("%s%s\n\n%s", prefix, redirectAdvice, err))
	case errors.Is(err, senhasegura.ErrInterrupted):
		diags.AddError(call.summary, fmt.Sprintf("%sTerraform was interrupted before the request was sent, so MySafe was not "+
			"asked to do it; the state says what MySafe holds, and the next apply does what is left.\n\n%s", prefix, err))
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		diags.AddError(call.summary, fmt.Sprintf("The operation on %s was cancelled: %s", call.subject, err))
	case call.kind == callLookup && errors.Is(err, senhasegura.ErrNotFound):
		diags.AddError(call.summary, fmt.Sprintf("No active %s matches: %s", call.label, err))
	case call.kind == callLookup && errors.Is(err, senhasegura.ErrInactive):
		diags.AddError(call.summary, fmt.Sprintf("The %s is deactivated; activate it in MySafe to read it: %s", call.label, err))
	default:
		diags.AddError(call.summary, prefix+err.Error())
	}
}

// addAuthError explains a failed token request in Configure.
func addAuthError(diags *diag.Diagnostics, call clientCall, err error) {
	switch {
	case errors.Is(err, senhasegura.ErrUnauthorized):
		diags.AddAttributeError(path.Root("client_secret"), "MySafe Credentials Rejected",
			fmt.Sprintf("The senhasegura token endpoint at %s rejected client ID %q: the client ID or client secret is wrong, "+
				"or the access key was revoked or has expired. Check it under MySafe → Integrations → Access keys.\n\n%s",
				call.subject, call.clientID, err))
	case errors.Is(err, senhasegura.ErrRedirect):
		diags.AddAttributeError(path.Root("url"), "MySafe Token Request Redirected",
			fmt.Sprintf("The token endpoint of %s answered with a redirect, which the provider never follows (the client "+
				"secret would go with it). Check \"url\" and \"token_url\": the token endpoint is <url>/iso/oauth2/token on "+
				"the instance root. If they are right, something in front of MySafe (a gateway, WAF or single sign-on "+
				"proxy) is redirecting API calls.\n\n%s", call.subject, err))
	case errors.Is(err, senhasegura.ErrNoRoute), errors.Is(err, senhasegura.ErrInvalidResponse):
		diags.AddAttributeError(path.Root("url"), "No MySafe API At That URL",
			fmt.Sprintf("%s answered, but not as a senhasegura instance: its token endpoint was not found or did not issue a token. "+
				"Check \"url\" (the instance root, e.g. https://vault.example.com) and \"token_url\".\n\n%s", call.subject, err))
	case errors.Is(err, senhasegura.ErrConnection):
		diags.AddAttributeError(path.Root("url"), "Cannot Connect To MySafe",
			fmt.Sprintf("No answer from %s: check the URL, the network path and, for HTTPS, the CA and client certificate "+
				"settings.\n\n%s", call.subject, err))
	default:
		diags.AddError("MySafe Authentication Failed", err.Error())
	}
}

// addBuildError explains a client that cannot be built from a resolved configuration
// (resolveConfig already checked what it can).
func addBuildError(diags *diag.Diagnostics, _ clientCall, err error) {
	switch {
	case errors.Is(err, senhasegura.ErrInvalidCACert):
		diags.AddAttributeError(path.Root("ca_cert_pem"), "Invalid CA Certificate",
			"No PEM-encoded certificate could be read from ca_cert_pem, ca_cert_file or their environment variables.")
	case errors.Is(err, senhasegura.ErrInvalidClientCert):
		diags.AddAttributeError(path.Root("client_cert_pem"), "Invalid Client Certificate",
			"The client certificate and key (client_cert_pem/client_cert_file and client_key_pem/client_key_file) "+
				"do not form a usable pair: "+err.Error())
	default:
		diags.AddError("Cannot Build The MySafe Client", err.Error())
	}
}
