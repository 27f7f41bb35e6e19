package senhasegura

import (
	"errors"
	"fmt"
	"net/url"
	"time"
)

// Defaults for Config fields left zero.
const (
	DefaultMaxRetries    = 5
	DefaultTimeout       = 15 * time.Second
	DefaultMaxConcurrent = 10
	DefaultRetryWaitMin  = 500 * time.Millisecond
	DefaultRetryWaitMax  = 30 * time.Second
	DefaultTokenPath     = "/iso/oauth2/token"
	DefaultAPIPrefix     = "/api"
	DefaultUserAgent     = "terraform-provider-senhasegura/dev"
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
)

// ParseBaseURL accepts an http(s) URL with a host and no user information; its errors match
// ErrMalformedURL or ErrURLUserinfo and never repeat user information.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return nil, fmt.Errorf("%q: %w", RedactURL(raw), ErrMalformedURL)
	case u.User != nil:
		return nil, fmt.Errorf("%q: %w", RedactURL(raw), ErrURLUserinfo)
	}
	return u, nil
}
