package senhasegura

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Sentinels for errors.Is. An *Error matches every sentinel that describes it. The semantic
// classes (ErrNotFound … ErrDuplicate) mean the same whichever API answered; which application
// code belongs to which class is the business of each API family's code table (Family), since
// the families give the same numbers other meanings (MySafe's 1009 is "inactive", PAM's "no
// access to credential"). The others are classes of the transport, the same for every family.
var (
	// ErrNotFound: the object does not exist (a family's "not found" code).
	ErrNotFound = errors.New("senhasegura: not found")
	// ErrInactive: the object exists but is deactivated.
	ErrInactive = errors.New("senhasegura: inactive")
	// ErrNoAccess: the credentials' user or application may not see or change the object.
	ErrNoAccess = errors.New("senhasegura: no access")
	// ErrReadOnly: the credentials may read but not write (a read-only authorization).
	ErrReadOnly = errors.New("senhasegura: read-only credentials")
	// ErrBadInput: the request itself was refused: a required parameter missing, an identifier
	// or value of the wrong form.
	ErrBadInput = errors.New("senhasegura: bad input")
	// ErrDuplicate: the request would create a second object where the API allows one (a key
	// already in use).
	ErrDuplicate = errors.New("senhasegura: duplicate")
	// ErrUnauthorized: HTTP 401 from the API or the token endpoint, or an OAuth2
	// invalid_client answer: the credentials (or the token) were rejected.
	ErrUnauthorized = errors.New("senhasegura: unauthorized")
	// ErrNoRoute: the gateway knows no such route (Kong's "No route matched with those
	// values.", HTTP 404): usually a URL with no senhasegura API behind it.
	ErrNoRoute = errors.New("senhasegura: no route matched")
	// ErrGateway: a gateway failure: no route matched, 502 (invalid upstream response) or
	// 504 (upstream timing out).
	ErrGateway = errors.New("senhasegura: gateway failure")
	// ErrRateLimited: HTTP 429.
	ErrRateLimited = errors.New("senhasegura: rate limited")
	// ErrServer: HTTP 500 "Unexpected error." and other 5xx answers.
	ErrServer = errors.New("senhasegura: server error")
	// ErrInvalidResponse: the answer could not be decoded (not JSON, truncated, wrong shape).
	ErrInvalidResponse = errors.New("senhasegura: invalid response")
	// ErrConnection: no HTTP answer at all (connection refused or reset, DNS, TLS, timeout).
	ErrConnection = errors.New("senhasegura: connection failed")
	// ErrRedirect: the answer was an HTTP redirect (3xx). The client never follows one, so
	// that no token, client secret or secret value is sent to another address; the base URL
	// is wrong, or something in front of senhasegura redirects API calls.
	ErrRedirect = errors.New("senhasegura: redirect refused")
	// ErrWaitTooLong: the call was given up without waiting for its next attempt, because the
	// server's Retry-After (or the backoff) was longer than Config.MaxRetryAfter or than what
	// was left of the call's deadline.
	ErrWaitTooLong = errors.New("senhasegura: retry wait too long")
	// ErrTooLarge: the answer was larger than Config.MaxResponseBytes.
	ErrTooLarge = errors.New("senhasegura: answer too large")
	// ErrUntrusted: the server's TLS certificate is not trusted (unknown authority, wrong name,
	// expired): the server answered, but the client would not talk to it.
	ErrUntrusted = errors.New("senhasegura: certificate not trusted")
	// ErrTimeout: no answer came within the request's time limit (Config.Timeout), or the
	// call's deadline ran out.
	ErrTimeout = errors.New("senhasegura: timed out")
	// ErrMaybeStored: a create was sent, its answer was lost or unreadable, and the lookup
	// that would tell whether it was stored could not (a candidate it could not read, a
	// failure, an interrupt). Nothing more was sent: the object may exist (see Undecided).
	ErrMaybeStored = errors.New("senhasegura: the create may have been stored")
	// ErrAmbiguous: a lookup by something other than the identifier (a name) found several
	// objects.
	ErrAmbiguous = errors.New("senhasegura: several objects match")
)

// Family is an API family of senhasegura (MySafe, PAM Core): its name, which its error
// messages and log lines carry, and its table of application codes.
type Family struct {
	// Name names the API in messages, e.g. "MySafe": "MySafe error 1005: Password not found".
	Name string
	// Codes classify the family's application codes (exception.code); the first rule that
	// matches gives an error its classes.
	Codes []CodeRule
}

// CodeRule gives the errors with one application code, and a message containing Contains
// (case-insensitive; "" for any), the sentinels they match: semantic classes of this package,
// and sentinels of the family's own for finer distinctions.
type CodeRule struct {
	Code     int
	Contains string
	Classes  []error
}

// classes returns the sentinels of code and message by the family's table.
func (f *Family) classes(code int, message string) []error {
	if f == nil || code == 0 {
		return nil
	}
	msg := strings.ToLower(message)
	for _, r := range f.Codes {
		if r.Code == code && (r.Contains == "" || strings.Contains(msg, strings.ToLower(r.Contains))) {
			return r.Classes
		}
	}
	return nil
}

func (f *Family) name() string {
	if f == nil || f.Name == "" {
		return "senhasegura"
	}
	return f.Name
}

// Error is every failure the client returns for an API or token call. Its text never
// contains a secret value or a response body: only the operation, the HTTP status, the
// application code and the API's own message.
type Error struct {
	// Op is the HTTP method and path of the call, e.g. "GET /api/mysafe/password/5".
	Op string
	// URL is the base URL the call went to (for messages about connectivity).
	URL string
	// StatusCode is the HTTP status, 0 when no answer arrived.
	StatusCode int
	// API names the API family that answered (Family.Name), e.g. "MySafe".
	API string
	// Code is the application code (exception.code, e.g. 1005), 0 when there is none.
	Code int
	// Message is the API's or the gateway's message without the "NNNN: " prefix.
	Message string
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// Attempts is how many HTTP attempts the call made (0 when not counted).
	Attempts int
	// tokenRejected marks a 400/401/403 from the token endpoint: the credentials were refused.
	tokenRejected bool
	// classes are the sentinels the family's code table gives Code.
	classes []error
	// retryAfterRaw is the Retry-After header as the server wrote it; limit and limitKind
	// ("cap" or "deadline") what a wait refusal (ErrWaitTooLong) ran into, and backoff the
	// wait it refused; answer the body of the answer that asked for the wait.
	retryAfterRaw string
	limit         time.Duration
	limitKind     string
	backoff       time.Duration
	answer        []byte

	err error // underlying transport error, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	switch {
	case e.StatusCode == 0:
		b.WriteString(e.Message)
		return b.String()
	case e.Code != 0:
		api := e.API
		if api == "" {
			api = "senhasegura"
		}
		fmt.Fprintf(&b, "%s error %d: %s", api, e.Code, e.Message)
	default:
		b.WriteString(e.Message)
	}
	fmt.Fprintf(&b, " (HTTP %d)", e.StatusCode)
	return b.String()
}

// WaitLimit says, for an error matching ErrWaitTooLong, what the refused wait ran into: the
// client's cap on Retry-After (capped true) or what was left of the call's deadline, and how
// long that was.
func (e *Error) WaitLimit() (limit time.Duration, capped bool) { return e.limit, e.limitKind == "cap" }

// Unwrap returns the transport error behind a failed connection, if any.
func (e *Error) Unwrap() error { return e.err }

// Is reports whether e belongs to the class of target, one of the package's sentinels.
func (e *Error) Is(target error) bool {
	for _, c := range e.classes {
		if c == target {
			return true
		}
	}
	msg := strings.ToLower(e.Message)
	switch target {
	case ErrUnauthorized:
		return e.tokenRejected || e.StatusCode == http.StatusUnauthorized || strings.Contains(msg, "invalid_client") ||
			strings.Contains(msg, "not authorized to access")
	case ErrNoRoute:
		return e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusMethodNotAllowed
	case ErrGateway:
		return e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusMethodNotAllowed || e.StatusCode == http.StatusBadGateway ||
			e.StatusCode == http.StatusGatewayTimeout
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode != http.StatusBadGateway && e.StatusCode != http.StatusGatewayTimeout
	case ErrInvalidResponse:
		return e.StatusCode >= 200 && e.StatusCode < 300 && e.Code == 0
	case ErrConnection:
		return e.StatusCode == 0
	case ErrUntrusted:
		return e.StatusCode == 0 && untrustedCertificate(e.err)
	case ErrTimeout:
		return e.StatusCode == 0 && timedOut(e.err)
	case ErrRedirect:
		return e.StatusCode >= 300 && e.StatusCode < 400
	}
	return false
}

// AsError returns err as an *Error when it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// connectionError describes a call that got no HTTP answer from base, without the request's
// details: its message says what happened (the error's text is the operation and this).
func connectionError(op, base string, err error) *Error {
	var msg string
	var oe *net.OpError
	var ue *url.Error
	var ce *tls.CertificateVerificationError
	switch {
	case errors.As(err, &ce):
		msg = "the TLS certificate of " + base + " is not trusted (the server answered, the client would not talk to it): " +
			Clean(certificateProblem(ce))
	case untrustedCertificate(err):
		msg = "the TLS certificate of " + base + " is not trusted (the server answered, the client would not talk to it): " +
			Clean(innermost(err).Error())
	case timedOut(err):
		msg = "no answer from " + base + " within the time limit: the request timed out"
	case errors.As(err, &oe) && oe.Op == "dial":
		msg = "no answer from " + base + ": cannot connect: " + oe.Err.Error()
		if oe.Addr != nil {
			msg = "no answer from " + base + ": cannot connect to " + oe.Addr.String() + ": " + oe.Err.Error()
		}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "connection reset"):
		msg = "the connection to " + base + " was closed before an answer arrived"
	case errors.As(err, &ue):
		msg = "no answer from " + base + ": " + Clean(ue.Err.Error())
	default:
		msg = "no answer from " + base + ": " + Clean(err.Error())
	}
	return &Error{Op: op, URL: base, Message: msg, err: err}
}

// timedOut reports whether err is a time limit running out (the request's or the call's).
func timedOut(err error) bool {
	var ne net.Error
	return err != nil && (errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout())
}

// untrustedCertificate reports whether err is a certificate the client does not trust.
func untrustedCertificate(err error) bool {
	if err == nil {
		return false
	}
	var ce *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	return errors.As(err, &ce) || errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci)
}

// certificateProblem says what is wrong with the server's certificate.
func certificateProblem(ce *tls.CertificateVerificationError) string {
	var ua x509.UnknownAuthorityError
	switch {
	case errors.As(ce.Err, &ua):
		return "it is signed by an authority the client does not know (" + ce.Err.Error() + ")"
	default:
		return ce.Err.Error()
	}
}

func innermost(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// NoMatch is the error of a lookup by something other than the identifier that found
// nothing (text says what was looked for). It matches ErrNotFound.
func NoMatch(text string) error { return noMatchError(text) }

// Ambiguous is the error of a lookup by something other than the identifier that found several
// objects (text names them). It matches ErrAmbiguous.
func Ambiguous(text string) error { return fmt.Errorf("%w: %s", ErrAmbiguous, text) }

type noMatchError string

func (e noMatchError) Error() string { return string(e) }

// Is makes a failed lookup match ErrNotFound.
func (e noMatchError) Is(target error) bool { return target == ErrNotFound }
