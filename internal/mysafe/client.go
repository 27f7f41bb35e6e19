package mysafe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
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
	// BaseURL is the MySafe instance root, e.g. https://vault.example.com (a trailing slash
	// and a path prefix are allowed).
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
	// MaxConcurrent bounds the requests in flight to MySafe (default 10).
	MaxConcurrent int
	// TLS holds the CA, client certificate (mutual TLS) and verification settings.
	TLS TLSOptions
	// Logger receives one line per HTTP attempt and per retry (default: none).
	Logger Logger
}

// Client talks to one MySafe instance, one service per item kind. It is safe for concurrent
// use; build it once and share it: it holds one OAuth2 token for all calls and renews it
// before it expires.
type Client struct {
	Passwords  *PasswordsService
	APISecrets *APISecretsService
	Notes      *NotesService

	api *requester
}

// New builds a Client. It makes no call; use Authenticate to check the credentials.
func New(cfg Config) (*Client, error) {
	u, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("mysafe: base URL: %w", err)
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, errors.New("mysafe: client ID and client secret are required")
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if cfg.TokenURL == "" {
		cfg.TokenURL = base + DefaultTokenPath
	} else if _, err := ParseBaseURL(cfg.TokenURL); err != nil {
		return nil, fmt.Errorf("mysafe: token URL: %w", err)
	}
	tlsCfg, err := cfg.TLS.tlsConfig()
	if err != nil {
		return nil, err
	}
	cfg = withDefaults(cfg)

	tokens := &tokenCache{
		cfg: clientcredentials.Config{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, TokenURL: cfg.TokenURL,
			AuthStyle: oauth2.AuthStyleInParams, // credentials in the form body, like the vendor's SDKs
		},
		tokenURL: cfg.TokenURL, baseURL: base,
	}
	policy := retryPolicy{max: cfg.MaxRetries, waitMin: cfg.RetryWaitMin, waitMax: cfg.RetryWaitMax, log: cfg.Logger}

	transport := &http.Transport{Proxy: http.ProxyFromEnvironment}
	if def, ok := http.DefaultTransport.(*http.Transport); ok {
		transport = def.Clone()
	}
	transport.TLSClientConfig = tlsCfg
	transport.MaxIdleConnsPerHost = cfg.MaxConcurrent
	httpClient := &retryablehttp.Client{
		HTTPClient: &http.Client{
			Timeout:       cfg.Timeout,
			Transport:     newAuthTransport(transport, &url.URL{Scheme: u.Scheme, Host: u.Host}, tokens, cfg.MaxConcurrent, cfg.Logger),
			CheckRedirect: refuseRedirects,
		},
		Logger:       nil, // attempts are logged by authTransport, with the request's context
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		RetryMax:     cfg.MaxRetries,
		CheckRetry:   policy.checkRetry,
		Backoff:      backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	// The token source lives on a long-lived context (not one Terraform RPC's), so that a
	// token renewed after that RPC ended still works (golang/oauth2#388). Each fetch is still
	// cut short when the caller's context ends; see tokenCache.token.
	tokenHTTP := &http.Client{Transport: &uaTransport{next: httpClient.StandardClient().Transport, ua: cfg.UserAgent}, CheckRedirect: refuseRedirects}
	tokens.base = context.WithValue(context.Background(), oauth2.HTTPClient, tokenHTTP)

	api := &requester{
		base: base, prefix: "/" + strings.Trim(cfg.APIPrefix, "/"), ua: cfg.UserAgent,
		http: httpClient, tokens: tokens, retry: policy, log: cfg.Logger,
	}
	return &Client{Passwords: &PasswordsService{api: api}, APISecrets: &APISecretsService{api: api}, Notes: &NotesService{api: api}, api: api}, nil
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
		"MySafe authenticates with the access key's client ID and secret")
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

// BaseURL is the MySafe root this client talks to.
func (c *Client) BaseURL() string { return c.api.base }

// Authenticate fetches (or reuses) the OAuth2 token, so that wrong credentials or a wrong
// URL are reported before any API call.
func (c *Client) Authenticate(ctx context.Context) error {
	_, err := c.api.tokens.token(ctx)
	return err
}

// TokenFetches is how many tokens this client has obtained (for tests and diagnostics).
func (c *Client) TokenFetches() int { return c.api.tokens.fetchCount() }
