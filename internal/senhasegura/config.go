package senhasegura

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Defaults for Config fields left zero.
const (
	DefaultMaxRetries    = 5
	DefaultTimeout       = 15 * time.Second
	DefaultMaxConcurrent = 10
	DefaultRetryWaitMin  = 500 * time.Millisecond
	DefaultRetryWaitMax  = 30 * time.Second
	// DefaultMaxRetryAfter is the longest Retry-After the client waits out; a longer one fails
	// the call at once (ErrWaitTooLong).
	DefaultMaxRetryAfter = time.Minute
	// DefaultMaxResponseBytes bounds what the client reads of one answer: far above any real
	// answer (a list of 100,000 PAM Core credentials is about 40 MiB), a guard against a
	// runaway server only.
	DefaultMaxResponseBytes = 1 << 30
	DefaultTokenPath        = "/iso/oauth2/token"
	DefaultAPIPrefix        = "/api"
	DefaultUserAgent        = "terraform-provider-senhasegura/dev"
	// NoRetries, as Config.MaxRetries, turns retries off (zero means DefaultMaxRetries).
	NoRetries = -1
)

// Config holds what a Client needs. BaseURL, ClientID and ClientSecret are required.
type Config struct {
	// BaseURL is the senhasegura instance root, e.g. https://vault.example.com (a trailing
	// slash and a path prefix are allowed).
	BaseURL      string
	ClientID     string
	ClientSecret string
	// TokenURL defaults to BaseURL + /iso/oauth2/token, the path every vendor SDK uses.
	TokenURL string
	// APIPrefix is "/api" (current docs, the default) or "/iso" (older docs).
	APIPrefix string
	// Timeout bounds one HTTP attempt (default 15 s).
	Timeout time.Duration
	// UserAgent defaults to DefaultUserAgent.
	UserAgent string
	// MaxRetries is how many times a failed idempotent call is retried (connection errors,
	// 429, 500, 502, 503, 504): zero means DefaultMaxRetries, NoRetries none.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the jittered exponential backoff.
	RetryWaitMin, RetryWaitMax time.Duration
	// MaxRetryAfter is the longest server Retry-After the client waits out before retrying
	// (default DefaultMaxRetryAfter). A longer one, or one longer than what is left of the
	// call's deadline, fails the call at once with an error matching ErrWaitTooLong; a
	// backoff that would outlast the deadline ends the retries the same way. RetryWaitMax
	// never exceeds it.
	MaxRetryAfter time.Duration
	// MaxResponseBytes bounds the bytes read of one answer (default DefaultMaxResponseBytes);
	// a longer answer fails with an error matching ErrTooLarge that names the limit.
	MaxResponseBytes int64
	// MaxConcurrent bounds the requests in flight to the instance (default 10), whichever API
	// family and credentials they use.
	MaxConcurrent int
	// TLS holds the CA, client certificate (mutual TLS) and verification settings.
	TLS TLSOptions
	// Logger receives one line per HTTP attempt and per retry (default: none).
	Logger Logger
}

func withDefaults(cfg Config) Config {
	if cfg.APIPrefix == "" {
		cfg.APIPrefix = DefaultAPIPrefix
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	switch {
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	if cfg.MaxRetryAfter <= 0 {
		cfg.MaxRetryAfter = DefaultMaxRetryAfter
	}
	cfg.RetryWaitMax = min(cfg.RetryWaitMax, cfg.MaxRetryAfter)
	cfg.RetryWaitMin = min(cfg.RetryWaitMin, cfg.RetryWaitMax)
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = DefaultMaxConcurrent
	}
	if cfg.Logger == nil {
		cfg.Logger = noLog
	}
	return cfg
}

// Errors of ParseBaseURL.
var (
	// ErrMalformedURL: not an http(s) URL with a host.
	ErrMalformedURL = errors.New("not an http(s) URL with a host")
	// ErrURLUserinfo: the URL carries user information (user:password@), which is never sent.
	ErrURLUserinfo = errors.New("the URL carries user information (user:password@), which is never sent; " +
		"senhasegura authenticates with the client ID and secret")
	// ErrURLQuery: the URL carries a query (?…) or a fragment (#…), which API paths cannot be
	// appended to.
	ErrURLQuery = errors.New("the URL carries a query (?…) or a fragment (#…): API paths are appended to it, so it must end " +
		"with the host or a path")
)

// ParseBaseURL accepts an http(s) URL with a host, no user information, no query and no
// fragment; its errors match ErrMalformedURL, ErrURLUserinfo or ErrURLQuery and never repeat
// user information.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return nil, fmt.Errorf("%q: %w", RedactURL(raw), ErrMalformedURL)
	case u.User != nil:
		return nil, fmt.Errorf("%q: %w", RedactURL(raw), ErrURLUserinfo)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.ContainsAny(raw, "?#"):
		return nil, fmt.Errorf("%q: %w", RedactURL(raw), ErrURLQuery)
	}
	return u, nil
}
