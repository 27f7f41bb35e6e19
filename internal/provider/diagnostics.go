package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// Every client error becomes a diagnostic here, through addClientError, whichever API family
// the call went to: the family (apiFamily) supplies its name and what to say about its
// credentials and access rules. The client's error text never holds a secret value or a
// response body, so it is shown as it is, after an explanation of what to do.

// apiFamily is what diagnostics say about one API family of senhasegura.
type apiFamily struct {
	// name names the API: "MySafe".
	name string
	// manageCredentials says what the client ID and secret are and where they are managed,
	// after "check it under": "MySafe → Integrations → Access keys".
	manageCredentials string
	// credential names one set of client credentials: "access key".
	credential string
	// noAccess explains an ErrNoAccess on subject (a format with one %s for it).
	noAccess string
	// readOnly explains an ErrReadOnly: the credentials may read but not write ("" when the
	// family has no such answer).
	readOnly string
	// explain turns an error of the family's own into a diagnostic (nil: none); false leaves
	// err to the common cases.
	explain func(diags *diag.Diagnostics, call clientCall, err error) bool
}

// callKind is what the provider was doing when the client failed.
type callKind int

const (
	// callOnItem: a resource's call on one object (create, read, update, deactivate, import).
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
	api     *apiFamily
	kind    callKind
	summary string // e.g. "Error Reading MySafe Password"
	// subject names what the call was about: "MySafe password 312", "a new MySafe password",
	// "the MySafe password" (a lookup), or for callAuth the base URL.
	subject string
	// label is the object kind, "MySafe password" (callLookup).
	label string
	// clientID is the client ID that was refused (callAuth), and secretAttr the attribute of its
	// secret ("" = client_secret).
	clientID, secretAttr string
	// deadline is the time limit of the operation the call belongs to, and within names it
	// for the timeout's message (nil: the call has no time limit of its own).
	deadline *operationDeadline
	within   string
}

func itemCall(api *apiFamily, summary, subject string) clientCall {
	return clientCall{api: api, kind: callOnItem, summary: summary, subject: subject}
}

func lookupCall(api *apiFamily, summary, label string) clientCall {
	return clientCall{api: api, kind: callLookup, summary: summary, subject: "the " + label, label: label}
}

// bounded is the call as part of an operation limited by deadline; what names the operation's
// object in the timeout's message ("" = the call's subject).
func (c clientCall) bounded(deadline operationDeadline, what string) clientCall {
	if what == "" {
		what = c.subject
	}
	c.deadline, c.within = &deadline, what
	return c
}

// redirectAdvice explains a redirect answer of the API name.
func redirectAdvice(name string) string {
	return name + "'s answer was a redirect, which the provider never follows: a token, the client " +
		"secret or a secret value would go with it. Set \"url\" to the root of the senhasegura instance (e.g. " +
		"https://vault.example.com, with the scheme the instance really serves); if it already is, something in front " +
		"of " + name + " (a gateway, WAF or single sign-on proxy) is redirecting API calls and must let them through."
}

// addClientError turns err into a diagnostic, the one way every call reports a failure: the
// timeout's when the call's operation ran out of time (ctx), otherwise by the error's class.
// Errors with an attribute to blame (credentials, URL, certificates) are pinned to it; no
// access, not found and redirects say what to do; every other error shows its code and
// message.
func addClientError(ctx context.Context, diags *diag.Diagnostics, call clientCall, err error) {
	if call.deadline != nil && call.deadline.timedOut(ctx, diags, call.api.name, call.within, err) {
		return
	}
	switch call.kind {
	case callAuth:
		addAuthError(diags, call, err)
		return
	case callBuild:
		addBuildError(diags, call, err)
		return
	}
	if call.api.explain != nil && call.api.explain(diags, call, err) {
		return
	}
	prefix := "" // an item call names its item first; a lookup's summary already does
	if call.kind == callOnItem {
		prefix = call.subject + ": "
	}
	name := call.api.name
	switch {
	case errors.Is(err, senhasegura.ErrNoAccess):
		diags.AddError(call.summary, fmt.Sprintf(call.api.noAccess+"\n\n%s", call.subject, err))
	case errors.Is(err, senhasegura.ErrReadOnly) && call.api.readOnly != "":
		diags.AddError(call.summary, fmt.Sprintf("%s%s\n\n%s", prefix, call.api.readOnly, err))
	case errors.Is(err, senhasegura.ErrRedirect):
		diags.AddError(call.summary, fmt.Sprintf("%s%s\n\n%s", prefix, redirectAdvice(name), err))
	case errors.Is(err, senhasegura.ErrInterrupted):
		diags.AddError(call.summary, fmt.Sprintf("%sTerraform was interrupted before the request was sent, so %s was not "+
			"asked to do it; the state says what %s holds, and the next apply does what is left.\n\n%s", prefix, name, name, err))
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		diags.AddError(call.summary, fmt.Sprintf("The operation on %s was cancelled: %s", call.subject, err))
	case call.kind == callLookup && errors.Is(err, senhasegura.ErrNotFound):
		diags.AddError(call.summary, fmt.Sprintf("No active %s matches: %s", call.label, err))
	case call.kind == callLookup && errors.Is(err, senhasegura.ErrInactive):
		diags.AddError(call.summary, fmt.Sprintf("The %s is deactivated; activate it in %s to read it: %s", call.label, name, err))
	default:
		diags.AddError(call.summary, prefix+err.Error())
	}
}

// addAuthError explains a failed token request in Configure.
func addAuthError(diags *diag.Diagnostics, call clientCall, err error) {
	name := call.api.name
	switch {
	case errors.Is(err, senhasegura.ErrUnauthorized):
		attr := call.secretAttr
		if attr == "" {
			attr = "client_secret"
		}
		diags.AddAttributeError(path.Root(attr), name+" Credentials Rejected",
			fmt.Sprintf("The senhasegura token endpoint at %s rejected client ID %q: the client ID or client secret is wrong, "+
				"or the %s was revoked or has expired. Check it under %s.\n\n%s",
				call.subject, call.clientID, call.api.credential, call.api.manageCredentials, err))
	case errors.Is(err, senhasegura.ErrRedirect):
		diags.AddAttributeError(path.Root("url"), name+" Token Request Redirected",
			fmt.Sprintf("The token endpoint of %s answered with a redirect, which the provider never follows (the client "+
				"secret would go with it). Check \"url\" and \"token_url\": the token endpoint is <url>/iso/oauth2/token on "+
				"the instance root. If they are right, something in front of %s (a gateway, WAF or single sign-on "+
				"proxy) is redirecting API calls.\n\n%s", call.subject, name, err))
	case errors.Is(err, senhasegura.ErrNoRoute), errors.Is(err, senhasegura.ErrInvalidResponse):
		diags.AddAttributeError(path.Root("url"), "No "+name+" API At That URL",
			fmt.Sprintf("%s answered, but not as a senhasegura instance: its token endpoint was not found or did not issue a token. "+
				"Check \"url\" (the instance root, e.g. https://vault.example.com) and \"token_url\".\n\n%s", call.subject, err))
	case errors.Is(err, senhasegura.ErrConnection):
		diags.AddAttributeError(path.Root("url"), "Cannot Connect To "+name,
			fmt.Sprintf("No answer from %s: check the URL, the network path and, for HTTPS, the CA and client certificate "+
				"settings.\n\n%s", call.subject, err))
	default:
		diags.AddError(name+" Authentication Failed", err.Error())
	}
}

// addBuildError explains a client that cannot be built from a resolved configuration
// (resolveConfig already checked what it can).
func addBuildError(diags *diag.Diagnostics, call clientCall, err error) {
	switch {
	case errors.Is(err, senhasegura.ErrInvalidCACert):
		diags.AddAttributeError(path.Root("ca_cert_pem"), "Invalid CA Certificate",
			"No PEM-encoded certificate could be read from ca_cert_pem, ca_cert_file or their environment variables.")
	case errors.Is(err, senhasegura.ErrInvalidClientCert):
		diags.AddAttributeError(path.Root("client_cert_pem"), "Invalid Client Certificate",
			"The client certificate and key (client_cert_pem/client_cert_file and client_key_pem/client_key_file) "+
				"do not form a usable pair: "+err.Error())
	default:
		diags.AddError("Cannot Build The "+call.api.name+" Client", err.Error())
	}
}

// titleLabel title-cases a label for a summary: "MySafe password" → "MySafe Password"; words
// that start with a capital (names, acronyms) stay as they are.
func titleLabel(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
