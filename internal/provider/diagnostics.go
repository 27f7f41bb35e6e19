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
	explain func(diags *diag.Diagnostics, call clientCall, err error, msg string) bool
	// credentialSettings names the settings that give the family credentials, for the error of
	// a type used when the provider has none for it (addCredentialsNotSet).
	credentialSettings string
}

// addCredentialsNotSet is the plan-time error of a type of the family api used when the
// provider was configured without credentials for it (a configuration of other families'
// credentials alone): the family has no client, and the error names the settings it needs.
func addCredentialsNotSet(diags *diag.Diagnostics, api *apiFamily) {
	diags.AddError(api.name+" Credentials Not Set",
		fmt.Sprintf("This configuration uses %s, but the provider has no credentials for it: set %s in the provider block "+
			"(or their environment variables).", api.name, api.credentialSettings))
}

// coreAPI is what diagnostics say about senhasegura itself: the core every family's client is
// built on, which a configuration can fail to build (callBuild) before any family is reached.
var coreAPI = &apiFamily{name: "senhasegura"}

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
// message. The error's text is the client's, whose server text is already cleaned; it is
// redacted once more with the operation's secrets (withMasks) before it is shown.
func addClientError(ctx context.Context, diags *diag.Diagnostics, call clientCall, err error) {
	if call.deadline != nil && call.deadline.timedOut(ctx, diags, call.api.name, call.within, err) {
		return
	}
	msg := senhasegura.Redact(ctx, err.Error())
	switch call.kind {
	case callAuth:
		addAuthError(diags, call, err, msg)
		return
	case callBuild:
		addBuildError(diags, call, err)
		return
	}
	if call.api.explain != nil && call.api.explain(diags, call, err, msg) {
		return
	}
	prefix := "" // an item call names its item first; a lookup's summary already does
	if call.kind == callOnItem {
		prefix = call.subject + ": "
	}
	name := call.api.name
	switch {
	case errors.Is(err, senhasegura.ErrNoAccess):
		diags.AddError(call.summary, fmt.Sprintf(call.api.noAccess+"\n\n%s", call.subject, msg))
	case errors.Is(err, senhasegura.ErrReadOnly) && call.api.readOnly != "":
		diags.AddError(call.summary, fmt.Sprintf("%s%s\n\n%s", prefix, call.api.readOnly, msg))
	case errors.Is(err, senhasegura.ErrRedirect):
		diags.AddError(call.summary, fmt.Sprintf("%s%s\n\n%s", prefix, redirectAdvice(name), msg))
	case errors.Is(err, senhasegura.ErrInterrupted):
		diags.AddError(call.summary, fmt.Sprintf("%sTerraform was interrupted before the request was sent, so %s was not "+
			"asked to do it; the state says what %s holds, and the next apply does what is left.\n\n%s", prefix, name, name, msg))
	case errors.Is(err, senhasegura.ErrWaitTooLong):
		diags.AddError(call.summary, fmt.Sprintf("%s%s\n\n%s", prefix, waitAdvice(name, err, "the operation's `timeouts`"), msg))
	case errors.Is(err, senhasegura.ErrTooLarge):
		diags.AddError(call.summary, fmt.Sprintf("%s%s answered with more than the provider reads of one answer. If the answer is "+
			"legitimate (a list of a very large vault), raise max_response_mb in the provider block; otherwise something in "+
			"front of %s is sending an endless answer.\n\n%s", prefix, name, name, msg))
	case errors.Is(err, senhasegura.ErrUntrusted):
		diags.AddAttributeError(path.Root("ca_cert_file"), call.summary, fmt.Sprintf("%s%s answered, but the provider does not "+
			"trust its TLS certificate: for a private CA, set ca_cert_file (or ca_cert_pem) to its certificate.\n\n%s", prefix, name, msg))
	case errors.Is(err, context.Canceled):
		diags.AddError(call.summary, fmt.Sprintf("The operation on %s was interrupted before it finished: %s", call.subject, msg))
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, senhasegura.ErrTimeout):
		diags.AddError(call.summary, fmt.Sprintf("%s%s did not answer in time: each attempt is bounded by request_timeout, "+
			"and the whole operation by its `timeouts`. Check that %s answers, or raise them.\n\n%s", prefix, name, name, msg))
	case call.kind == callLookup && errors.Is(err, senhasegura.ErrNotFound) && !isClientError(err):
		// A lookup by name that found nothing: its text says what was looked for.
		diags.AddError(call.summary, capitalize(msg)+".")
	case call.kind == callLookup && errors.Is(err, senhasegura.ErrNotFound):
		diags.AddError(call.summary, fmt.Sprintf("No active %s matches: %s", call.label, msg))
	case call.kind == callLookup && errors.Is(err, senhasegura.ErrAmbiguous):
		diags.AddError(call.summary, fmt.Sprintf("%s. Narrow the lookup (a username for a password, tags for a note), or "+
			"use the identifier.", capitalize(strings.TrimPrefix(msg, senhasegura.ErrAmbiguous.Error()+": "))))
	case call.kind == callLookup && errors.Is(err, senhasegura.ErrInactive):
		diags.AddError(call.summary, fmt.Sprintf("The %s is deactivated; activate it in %s to read it: %s", call.label, name, msg))
	case serverTrouble(err):
		diags.AddError(call.summary, fmt.Sprintf("%s%s\n\n%s", prefix, msg, serverAdvice(name, err)))
	default:
		diags.AddError(call.summary, prefix+msg)
	}
}

// serverTrouble: the server or the gateway in front of it failed (5xx, 429, no answer).
func serverTrouble(err error) bool {
	return errors.Is(err, senhasegura.ErrServer) || errors.Is(err, senhasegura.ErrGateway) && !errors.Is(err, senhasegura.ErrNoRoute) ||
		errors.Is(err, senhasegura.ErrRateLimited) || errors.Is(err, senhasegura.ErrConnection)
}

// serverAdvice says what to try about a server or gateway failure, after the retries.
func serverAdvice(name string, err error) string {
	tries := "The provider gave up on it."
	if e, ok := senhasegura.AsError(err); ok && e.Attempts > 1 {
		tries = fmt.Sprintf("The provider gave up after %d attempts.", e.Attempts)
	}
	switch {
	case errors.Is(err, senhasegura.ErrRateLimited):
		return tries + " " + name + " is rate limiting the provider: lower max_concurrent_requests (or terraform -parallelism), " +
			"or raise max_retries so that more attempts wait for it."
	case errors.Is(err, senhasegura.ErrConnection):
		return tries + " Check that " + name + " is reachable from here (the URL, the network path, a proxy), then apply again: " +
			"the state says what " + name + " holds."
	}
	return tries + " This is " + name + "'s or its gateway's failure, not the configuration's: check the instance's health " +
		"(its web console, its logs), then apply again; max_retries raises the number of attempts, and a lower " +
		"max_concurrent_requests puts less load on it."
}

// waitAdvice explains a call that stopped instead of waiting (ErrWaitTooLong): the server's
// Retry-After, or the backoff, was longer than max_retry_wait or than what was left of the time
// limit (limitName: the operation's `timeouts`, configure_timeout).
func waitAdvice(name string, err error, limitName string) string {
	e, ok := senhasegura.AsError(err)
	if !ok {
		return name + " asked the provider to wait before trying again, longer than it may."
	}
	if _, capped := e.WaitLimit(); capped {
		return fmt.Sprintf("%s asked the provider to wait longer than max_retry_wait before trying again (Retry-After), so it "+
			"stopped at once rather than wait: try again later, or raise max_retry_wait in the provider block if waiting that "+
			"long is acceptable.", name)
	}
	return fmt.Sprintf("The next attempt would have had to wait longer than what was left of the time limit (%s), so the "+
		"provider stopped at once rather than wait it out: try again later, or raise %s.", limitName, limitName)
}

// addMaybeStored explains a create that may have been stored without the provider knowing its
// identifier (senhasegura.ErrMaybeStored): what was found, and how to adopt it.
func addMaybeStored(ctx context.Context, diags *diag.Diagnostics, api *apiFamily, summary, subject string, writeOnly bool, err error) {
	var ms *senhasegura.MaybeStoredError
	var cands []string
	if errors.As(err, &ms) {
		cands = ms.Candidates()
	}
	found := "The lookup found nothing it could rule in or out."
	adopt := "Look for it in " + api.name + " (the configuration's values), and import it if it is there."
	switch len(cands) {
	case 0:
	case 1:
		found = fmt.Sprintf("It found %s %s, which may be it.", api.name, cands[0])
		adopt = "Check it in " + api.name + ", and adopt it with this import block if it is the one:\n\n" + importBlock(cands[0], writeOnly)
	default:
		found = fmt.Sprintf("It found %s, any of which may be it.", strings.Join(cands, ", "))
		adopt = "Check them in " + api.name + ", and adopt the right one with an import block, e.g.:\n\n" + importBlock(cands[0], writeOnly)
	}
	diags.AddError(summary, fmt.Sprintf("The request that creates %s was sent and its answer was lost, so %s may have stored it; "+
		"the lookup that would tell could not. %s The provider sent no second create, so nothing is stored twice. %s\n\n%s",
		subject, api.name, found, adopt, senhasegura.Redact(ctx, err.Error())))
}

// importBlock is the import block that adopts the object id, for a message that names an object
// the configuration could manage instead of creating another; writeOnly gives it the
// `write-only:` form, which imports no secret into the state.
func importBlock(id string, writeOnly bool) string {
	if writeOnly {
		id = writeOnlyPrefix + id
	}
	return fmt.Sprintf("  import {\n    to = <this resource's address, shown above>\n    id = %q\n  }", id)
}

// scrubAll cleans server text (senhasegura.Scrub) for a message.
func scrubAll(ctx context.Context, vals []string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = senhasegura.Scrub(ctx, v)
	}
	return out
}

// addAuthError explains a failed token request in Configure; msg is err's text, redacted.
func addAuthError(diags *diag.Diagnostics, call clientCall, err error, msg string) {
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
				call.subject, call.clientID, call.api.credential, call.api.manageCredentials, msg))
	case errors.Is(err, senhasegura.ErrRedirect):
		diags.AddAttributeError(path.Root("url"), name+" Token Request Redirected",
			fmt.Sprintf("The token endpoint of %s answered with a redirect, which the provider never follows (the client "+
				"secret would go with it). Check \"url\" and \"token_url\": the token endpoint is <url>/iso/oauth2/token on "+
				"the instance root. If they are right, something in front of %s (a gateway, WAF or single sign-on "+
				"proxy) is redirecting API calls.\n\n%s", call.subject, name, msg))
	case errors.Is(err, senhasegura.ErrWaitTooLong):
		diags.AddError(name+" Token Endpoint Asked To Wait",
			fmt.Sprintf("The token endpoint of %s did not issue a token and asked the provider to come back later. %s\n\n%s",
				call.subject, waitAdvice(name, err, "configure_timeout"), msg))
	case errors.Is(err, senhasegura.ErrUntrusted):
		diags.AddAttributeError(path.Root("ca_cert_file"), name+" Certificate Not Trusted",
			fmt.Sprintf("%s answered, but the provider does not trust its TLS certificate (a private CA, a self-signed or "+
				"expired certificate, or a name that does not match the URL). For a private CA, set ca_cert_file (or "+
				"ca_cert_pem, or %s) to its certificate; check that \"url\" names the host the certificate is for.\n\n%s",
				call.subject, EnvCACertFile, msg))
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, senhasegura.ErrTimeout):
		diags.AddAttributeError(path.Root("configure_timeout"), name+" Configuration Timed Out",
			fmt.Sprintf("The provider could not get a token from %s within configure_timeout (its time limit for checking the "+
				"credentials, retries included). Check that the instance answers (request_timeout bounds each attempt), or "+
				"raise configure_timeout.\n\n%s", call.subject, msg))
	case errors.Is(err, senhasegura.ErrNoRoute), errors.Is(err, senhasegura.ErrInvalidResponse):
		diags.AddAttributeError(path.Root("url"), "No "+name+" API At That URL",
			fmt.Sprintf("%s answered, but not as a senhasegura instance: its token endpoint was not found or did not issue a token. "+
				"Check \"url\" (the instance root, e.g. https://vault.example.com) and \"token_url\".\n\n%s", call.subject, msg))
	case errors.Is(err, senhasegura.ErrConnection):
		diags.AddAttributeError(path.Root("url"), "Cannot Connect To "+name,
			fmt.Sprintf("No answer from %s: check the URL, the network path and, for HTTPS, the CA and client certificate "+
				"settings.\n\n%s", call.subject, msg))
	case serverTrouble(err):
		diags.AddError(name+" Token Endpoint Failed",
			fmt.Sprintf("The token endpoint of %s failed.\n\n%s\n\n%s", call.subject, msg, serverAdvice(name, err)))
	default:
		diags.AddError(name+" Authentication Failed", msg)
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

// isClientError reports whether err is (or wraps) an *senhasegura.Error, an answer of the API.
func isClientError(err error) bool {
	_, ok := senhasegura.AsError(err)
	return ok
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
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
