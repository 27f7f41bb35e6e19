package senhasegura

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Redirects are never followed, by the API client or by the token client. A gateway, WAF or
// single sign-on front that answers 301/302/303/307/308 would otherwise receive the bearer
// token (and, for 307/308, the JSON body with the secret values, or the token request's
// client_secret) at whatever address it names. A redirect is reported as an *Error that
// matches ErrRedirect and names only the status and the target's scheme and host.

// refuseRedirects is an http.Client.CheckRedirect that hands the redirect answer back to the
// caller instead of following it.
func refuseRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func isRedirect(status int) bool { return status >= 300 && status < 400 }

// redirectError describes a redirect answer to req without the target's path or query
// (which may carry tokens of an SSO flow).
func redirectError(op, base string, resp *http.Response) *Error {
	target := "no Location"
	if loc, err := resp.Location(); err == nil && loc.Host != "" {
		target = loc.Scheme + "://" + loc.Host
	}
	return &Error{
		Op: op, URL: base, StatusCode: resp.StatusCode,
		Message: fmt.Sprintf("the answer is a redirect to %s, which the provider never follows (a token, client secret "+
			"or secret value would go with it); the base URL must be the root of the senhasegura instance, and if it "+
			"is, something in front of senhasegura (a gateway, WAF or single sign-on proxy) is redirecting API calls", target),
	}
}

// sameOrigin reports whether u points at the scheme and host (with port) of origin.
func sameOrigin(u *url.URL, origin *url.URL) bool {
	return strings.EqualFold(u.Scheme, origin.Scheme) && strings.EqualFold(u.Host, origin.Host)
}

// errForeignHost is returned, before anything is sent, for an API request to a host other
// than the configured one: the bearer token is only ever attached for the configured host.
var errForeignHost = errors.New("refusing to send the senhasegura token to a host other than the configured one")

var userinfoPattern = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*://)?[^/?#]*@`)

// RedactURL returns raw with any user information (user:password@) replaced by ***, for
// messages and logs. It works on strings that do not parse as URLs, too.
func RedactURL(raw string) string {
	return userinfoPattern.ReplaceAllString(raw, "${1}***@")
}
