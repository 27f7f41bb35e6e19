package senhasegura

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Client talks to one senhasegura instance with one set of client credentials. It is safe
// for concurrent use; build it once and share it: it holds one OAuth2 token for all calls of
// its credentials and renews it before it expires. Each API family reaches it through API.
type Client struct {
	base   string // base URL without trailing slash
	prefix string // "/api" or "/iso"
	ua     string
	http   *retryablehttp.Client // shared by every credential set of the instance
	tokens *tokenCache
	retry  retryPolicy
	log    Logger
	// tokenHTTP fetches tokens (no bearer, outside the concurrency bound).
	tokenHTTP *http.Client
	// maxBody bounds the bytes read of one answer (Config.MaxResponseBytes).
	maxBody int64
}

// New builds a Client. It makes no call; use Authenticate to check the credentials.
func New(cfg Config) (*Client, error) {
	u, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("senhasegura: base URL: %w", err)
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, errors.New("senhasegura: client ID and client secret are required")
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	tlsCfg, err := cfg.TLS.tlsConfig()
	if err != nil {
		return nil, err
	}
	cfg = withDefaults(cfg)
	policy := retryPolicy{max: cfg.MaxRetries, waitMin: cfg.RetryWaitMin, waitMax: cfg.RetryWaitMax, maxRetryAfter: cfg.MaxRetryAfter, log: cfg.Logger}

	transport := &http.Transport{Proxy: http.ProxyFromEnvironment}
	if def, ok := http.DefaultTransport.(*http.Transport); ok {
		transport = def.Clone()
	}
	transport.TLSClientConfig = tlsCfg
	transport.MaxIdleConnsPerHost = cfg.MaxConcurrent
	httpClient := &retryablehttp.Client{
		HTTPClient: &http.Client{
			Timeout:       cfg.Timeout,
			Transport:     newAuthTransport(transport, &url.URL{Scheme: u.Scheme, Host: u.Host}, cfg.MaxConcurrent, cfg.Logger),
			CheckRedirect: refuseRedirects,
		},
		Logger:       nil, // attempts are logged by authTransport, with the request's context
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		RetryMax:     cfg.MaxRetries,
		CheckRetry:   policy.checkRetry,
		Backoff:      backoff,
		ErrorHandler: errorHandler,
	}
	c := &Client{
		base: base, prefix: "/" + strings.Trim(cfg.APIPrefix, "/"), ua: cfg.UserAgent,
		http: httpClient, retry: policy, log: cfg.Logger, maxBody: cfg.MaxResponseBytes,
		tokenHTTP: &http.Client{Transport: &uaTransport{next: httpClient.StandardClient().Transport, ua: cfg.UserAgent}, CheckRedirect: refuseRedirects},
	}
	if c.tokens, err = c.newTokenCache(cfg.ClientID, cfg.ClientSecret, cfg.TokenURL); err != nil {
		return nil, err
	}
	return c, nil
}

// WithCredentials is a Client of the same instance with other client credentials (an API
// family that needs an authorization of its own): it has its own token, and shares the
// transport, the retry policy and the bound on requests in flight, which is per instance.
// tokenURL "" is BaseURL + /iso/oauth2/token.
func (c *Client) WithCredentials(clientID, clientSecret, tokenURL string) (*Client, error) {
	if clientID == "" || clientSecret == "" {
		return nil, errors.New("senhasegura: client ID and client secret are required")
	}
	other := *c
	tokens, err := c.newTokenCache(clientID, clientSecret, tokenURL)
	if err != nil {
		return nil, err
	}
	other.tokens = tokens
	return &other, nil
}

// newTokenCache is the token cache of one credential set. The token source lives on a
// long-lived context (not one Terraform RPC's), so that a token renewed after that RPC ended
// still works (golang/oauth2#388); each fetch is still cut short when the caller's context
// ends (tokenCache.token).
func (c *Client) newTokenCache(clientID, clientSecret, tokenURL string) (*tokenCache, error) {
	if tokenURL == "" {
		tokenURL = c.base + DefaultTokenPath
	} else if _, err := ParseBaseURL(tokenURL); err != nil {
		return nil, fmt.Errorf("senhasegura: token URL: %w", err)
	}
	return &tokenCache{
		cfg: clientcredentials.Config{
			ClientID: clientID, ClientSecret: clientSecret, TokenURL: tokenURL,
			AuthStyle: oauth2.AuthStyleInParams, // credentials in the form body, like the vendor's SDKs
		},
		tokenURL: tokenURL, baseURL: c.base,
		base: context.WithValue(context.Background(), oauth2.HTTPClient, c.tokenHTTP),
	}, nil
}

// BaseURL is the instance root this client talks to.
func (c *Client) BaseURL() string { return c.base }

// Authenticate fetches (or reuses) the OAuth2 token, so that wrong credentials or a wrong
// URL are reported before any API call.
func (c *Client) Authenticate(ctx context.Context) error {
	_, err := c.tokens.token(ctx)
	return err
}

// TokenFetches is how many tokens this client's credentials have obtained (for tests and
// diagnostics).
func (c *Client) TokenFetches() int { return c.tokens.fetchCount() }
