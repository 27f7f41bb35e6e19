package mysafe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Sentinels for errors.Is. An *Error matches every sentinel that describes it.
var (
	// ErrNotFound: MySafe code 1005 (no item with that identifier).
	ErrNotFound = errors.New("mysafe: not found")
	// ErrInactive: MySafe code 1009 (the item is deactivated).
	ErrInactive = errors.New("mysafe: inactive")
	// ErrNoAccess: MySafe code 1006 (the access key's user may not see or edit the item).
	ErrNoAccess = errors.New("mysafe: no access")
	// ErrBadIdentifier: MySafe code 1010 (the identifier is not a number).
	ErrBadIdentifier = errors.New("mysafe: unexpected identifier type")
	// ErrMissingParameter: MySafe code 1001 for a required field that was not sent.
	ErrMissingParameter = errors.New("mysafe: required parameter not informed")
	// ErrDuplicateIdentifierCode: MySafe code 1001 for an identifier_code already used by
	// another API secret of the same user.
	ErrDuplicateIdentifierCode = errors.New("mysafe: identifier_code already in use")
	// ErrUnauthorized: HTTP 401 from the API or the token endpoint, or an OAuth2
	// invalid_client answer: the credentials (or the token) were rejected.
	ErrUnauthorized = errors.New("mysafe: unauthorized")
	// ErrNoRoute: the gateway knows no such route (Kong's "No route matched with those
	// values.", HTTP 404): usually a URL with no MySafe behind it.
	ErrNoRoute = errors.New("mysafe: no route matched")
	// ErrGateway: a gateway failure: no route matched, 502 (invalid upstream response) or
	// 504 (upstream timing out).
	ErrGateway = errors.New("mysafe: gateway failure")
	// ErrRateLimited: HTTP 429.
	ErrRateLimited = errors.New("mysafe: rate limited")
	// ErrServer: HTTP 500 "Unexpected error." and other 5xx answers.
	ErrServer = errors.New("mysafe: server error")
	// ErrInvalidResponse: the answer could not be decoded (not JSON, truncated, wrong shape).
	ErrInvalidResponse = errors.New("mysafe: invalid response")
	// ErrConnection: no HTTP answer at all (connection refused or reset, DNS, TLS, timeout).
	ErrConnection = errors.New("mysafe: connection failed")
	// ErrRedirect: the answer was an HTTP redirect (3xx). The client never follows one, so
	// that no token, client secret or secret value is sent to another address; the base URL
	// is wrong, or something in front of MySafe redirects API calls.
	ErrRedirect = errors.New("mysafe: redirect refused")
)

// Error is every failure the client returns for an API or token call. Its text never
// contains a secret value or a response body: only the operation, the HTTP status, the
// MySafe code and MySafe's own message.
type Error struct {
	// Op is the HTTP method and path of the call, e.g. "GET /api/mysafe/password/5".
	Op string
	// URL is the base URL the call went to (for messages about connectivity).
	URL string
	// StatusCode is the HTTP status, 0 when no answer arrived.
	StatusCode int
	// Code is MySafe's application code (exception.code, e.g. 1005), 0 when there is none.
	Code int
	// Message is MySafe's or the gateway's message without the "NNNN: " prefix.
	Message string
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// tokenRejected marks a 400/401/403 from the token endpoint: the credentials were refused.
	tokenRejected bool

	err error // underlying transport error, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	switch {
	case e.StatusCode == 0:
		fmt.Fprintf(&b, "no answer from %s: %s", e.URL, e.Message)
		return b.String()
	case e.Code != 0:
		fmt.Fprintf(&b, "MySafe error %d: %s", e.Code, e.Message)
	default:
		b.WriteString(e.Message)
	}
	fmt.Fprintf(&b, " (HTTP %d)", e.StatusCode)
	return b.String()
}

// Unwrap returns the transport error behind a failed connection, if any.
func (e *Error) Unwrap() error { return e.err }

// Is reports whether e belongs to the class of target, one of the package's sentinels.
func (e *Error) Is(target error) bool {
	msg := strings.ToLower(e.Message)
	switch target {
	case ErrNotFound:
		return e.Code == 1005
	case ErrInactive:
		return e.Code == 1009
	case ErrNoAccess:
		return e.Code == 1006
	case ErrBadIdentifier:
		return e.Code == 1010
	case ErrMissingParameter:
		return e.Code == 1001 && strings.Contains(msg, "not informed")
	case ErrDuplicateIdentifierCode:
		return e.Code == 1001 && strings.Contains(msg, "already found")
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

// connectionError describes a call that got no HTTP answer, without the request's details.
func connectionError(op, base string, err error) *Error {
	var msg string
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		msg = "the request timed out"
	case errors.As(err, &oe) && oe.Op == "dial":
		msg = "cannot connect: " + oe.Err.Error()
		if oe.Addr != nil {
			msg = "cannot connect to " + oe.Addr.String() + ": " + oe.Err.Error()
		}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "connection reset"):
		msg = "the connection was closed before an answer arrived"
	default:
		var ue *url.Error
		if errors.As(err, &ue) {
			msg = "cannot connect: " + ue.Err.Error()
		} else {
			msg = "cannot connect: " + err.Error()
		}
	}
	return &Error{Op: op, URL: base, Message: msg, err: err}
}

// noMatchError is a lookup by something other than the identifier that found nothing. It
// matches ErrNotFound.
type noMatchError string

func (e noMatchError) Error() string { return string(e) }

// Is makes a failed lookup match ErrNotFound.
func (e noMatchError) Is(target error) bool { return target == ErrNotFound }
