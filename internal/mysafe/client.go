// Package mysafe is a client for the senhasegura MySafe API (passwords and API secrets),
// following ../shared/reference/mysafe-api.md. It knows HTTP, OAuth2 client credentials, the
// response envelope, every documented quirk and the error codes; it knows nothing of Terraform.
package mysafe

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Defaults for Config fields left zero.
const (
	DefaultMaxRetries     = 5
	DefaultTimeout        = 30 * time.Second
	DefaultMaxConcurrent  = 10
	DefaultRetryWaitMin   = 500 * time.Millisecond
	DefaultRetryWaitMax   = 30 * time.Second
	DefaultTokenPath      = "/iso/oauth2/token"
	DefaultAPIPrefix      = "/api"
	maxResponseBodyBytes  = 16 << 20
	defaultUserAgentValue = "terraform-provider-senhasegura/dev"
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
	// Timeout bounds one HTTP attempt (default 30 s).
	Timeout time.Duration
	// UserAgent defaults to terraform-provider-senhasegura/dev.
	UserAgent string
	// MaxRetries is how many times a failed idempotent call is retried (connection errors,
	// 429, 500, 502, 503, 504). Negative means none; zero means DefaultMaxRetries.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the jittered exponential backoff.
	RetryWaitMin, RetryWaitMax time.Duration
	// MaxConcurrent bounds the requests in flight to MySafe (default 10).
	MaxConcurrent int
	// TLS holds the CA, client certificate (mutual TLS) and verification settings.
	TLS TLSOptions
	// Logger receives one line per HTTP attempt and per retry. Fields never hold secrets,
	// bodies or headers.
	Logger func(ctx context.Context, msg string, fields map[string]any)
}

// Client talks to one MySafe instance. It is safe for concurrent use; build it once and
// share it: it holds one OAuth2 token for all calls and renews it before it expires.
type Client struct {
	base      string // base URL without trailing slash
	origin    *url.URL
	apiPrefix string
	ua        string
	http      *retryablehttp.Client
	tokens    *tokenCache
	log       func(ctx context.Context, msg string, fields map[string]any)
	retries   int
	waitMin   time.Duration
	waitMax   time.Duration
	sem       chan struct{}
}

// New builds a Client. It makes no call; use Authenticate to check the credentials.
func New(cfg Config) (*Client, error) {
	u, err := checkURL("base URL", cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, errors.New("mysafe: client ID and client secret are required")
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if cfg.TokenURL == "" {
		cfg.TokenURL = base + DefaultTokenPath
	} else if _, err := checkURL("token URL", cfg.TokenURL); err != nil {
		return nil, err
	}
	tlsCfg, err := cfg.TLS.tlsConfig()
	if err != nil {
		return nil, err
	}
	if cfg.APIPrefix == "" {
		cfg.APIPrefix = DefaultAPIPrefix
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = defaultUserAgentValue
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
		cfg.Logger = func(context.Context, string, map[string]any) {}
	}

	c := &Client{
		base: base, origin: &url.URL{Scheme: u.Scheme, Host: u.Host}, apiPrefix: "/" + strings.Trim(cfg.APIPrefix, "/"), ua: cfg.UserAgent, log: cfg.Logger,
		retries: cfg.MaxRetries, waitMin: cfg.RetryWaitMin, waitMax: cfg.RetryWaitMax,
		sem: make(chan struct{}, cfg.MaxConcurrent),
	}

	transport := &http.Transport{Proxy: http.ProxyFromEnvironment}
	if def, ok := http.DefaultTransport.(*http.Transport); ok {
		transport = def.Clone()
	}
	transport.TLSClientConfig = tlsCfg
	transport.MaxIdleConnsPerHost = cfg.MaxConcurrent
	c.http = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Timeout: cfg.Timeout, Transport: &instrumentedTransport{next: transport, c: c}, CheckRedirect: refuseRedirects,
		},
		Logger:       nil, // attempts are logged by instrumentedTransport, with the request's context
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		RetryMax:     cfg.MaxRetries,
		CheckRetry:   c.checkRetry,
		Backoff:      backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}

	cc := clientcredentials.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, TokenURL: cfg.TokenURL,
		AuthStyle: oauth2.AuthStyleInParams, // credentials in the form body, like the vendor's SDKs
	}
	// The token source lives on a long-lived context (not one Terraform RPC's), so that a
	// token renewed after that RPC ended still works (golang/oauth2#388). Each fetch is still
	// cut short when the caller's context ends; see tokenCache.token.
	tokenHTTP := &http.Client{Transport: &uaTransport{next: c.http.StandardClient().Transport, ua: c.ua}, CheckRedirect: refuseRedirects}
	c.tokens = &tokenCache{cfg: cc, base: context.WithValue(context.Background(), oauth2.HTTPClient, tokenHTTP), tokenURL: cfg.TokenURL, baseURL: base, attempts: cfg.MaxRetries + 1}
	return c, nil
}

// checkURL accepts an http(s) URL with a host and no user information. Its errors never
// repeat user information.
func checkURL(what, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return nil, fmt.Errorf("mysafe: %s %q is not an http(s) URL with a host", what, RedactURL(raw))
	case u.User != nil:
		return nil, fmt.Errorf("mysafe: %s %q carries user information (user:password@), which is never sent; "+
			"MySafe authenticates with the access key's client ID and secret", what, RedactURL(raw))
	}
	return u, nil
}

// BaseURL is the MySafe root this client talks to.
func (c *Client) BaseURL() string { return c.base }

// Authenticate fetches (or reuses) the OAuth2 token, so that wrong credentials or a wrong
// URL are reported before any API call.
func (c *Client) Authenticate(ctx context.Context) error {
	_, err := c.tokens.token(ctx)
	return err
}

// TokenFetches is how many tokens this client has obtained (for tests and diagnostics).
func (c *Client) TokenFetches() int {
	c.tokens.mu.Lock()
	defer c.tokens.mu.Unlock()
	return c.tokens.fetches
}

// ---- token cache ----

type tokenCache struct {
	mu       sync.Mutex
	cfg      clientcredentials.Config
	base     context.Context
	tok      *oauth2.Token
	fetches  int
	tokenURL string
	baseURL  string
	attempts int // how many times the token client tries a failed connection
}

// token returns a valid token, fetching a new one when there is none or the current one is
// about to expire (10 s before, or a quarter of its lifetime for short-lived tokens).
func (t *tokenCache) token(ctx context.Context) (*oauth2.Token, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != nil && time.Now().Before(t.renewAt()) {
		return t.tok, nil
	}
	fctx, cancel := context.WithCancel(t.base)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel) // Ctrl-C still aborts the fetch
	defer stop()
	fetchedAt := time.Now()
	tok, err := t.cfg.Token(fctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, t.tokenError(err)
	}
	t.fetches++
	if tok.Expiry.IsZero() {
		tok.Expiry = fetchedAt.Add(time.Hour)
	}
	// Remember when it was issued so renewAt can take a share of the lifetime.
	t.tok = tok.WithExtra(map[string]any{"issued_at": fetchedAt})
	return t.tok, nil
}

func (t *tokenCache) renewAt() time.Time {
	issued, _ := t.tok.Extra("issued_at").(time.Time)
	margin := 10 * time.Second
	if life := t.tok.Expiry.Sub(issued); life > 0 && life/4 < margin {
		margin = life / 4
	}
	return t.tok.Expiry.Add(-margin)
}

// invalidate drops the cached token if it is still the one that was rejected.
func (t *tokenCache) invalidate(rejected *oauth2.Token) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != nil && rejected != nil && t.tok.AccessToken == rejected.AccessToken {
		t.tok = nil
	}
}

// tokenError converts an oauth2 failure into an *Error without the response body (which
// oauth2's own error text would include).
func (t *tokenCache) tokenError(err error) error {
	op := "POST " + pathOf(t.tokenURL)
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		if isRedirect(re.Response.StatusCode) {
			return redirectError(op, t.baseURL, re.Response)
		}
		status := re.Response.StatusCode
		e := &Error{Op: op, URL: t.baseURL, StatusCode: status,
			tokenRejected: status == http.StatusBadRequest || status == http.StatusUnauthorized || status == http.StatusForbidden}
		if _, derr := decodeEnvelope(op, re.Response.StatusCode, re.Body); derr != nil {
			if de, ok := AsError(derr); ok {
				e.Code, e.Message = de.Code, de.Message
			}
		}
		if re.ErrorCode != "" && !strings.Contains(e.Message, re.ErrorCode) {
			e.Message = joinNonEmpty(re.ErrorCode, re.ErrorDescription)
		}
		if e.Message == "" {
			e.Message = statusMessage(e.StatusCode)
		}
		return e
	}
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	if strings.Contains(err.Error(), "server response missing access_token") || strings.Contains(err.Error(), "cannot parse json") || strings.Contains(err.Error(), "cannot parse") {
		return &Error{Op: op, URL: t.baseURL, StatusCode: http.StatusOK, Message: "the token endpoint answered without an access token: is there a MySafe API at this URL?"}
	}
	return gaveUp(connectionError(op, t.baseURL, err), t.attempts)
}

// gaveUp notes, on a connection failure that was retried, how many attempts were made.
func gaveUp(e *Error, attempts int) *Error {
	if attempts > 1 && !isPermanentTransportError(e.err) {
		e.Message += fmt.Sprintf(" (gave up after %d attempts)", attempts)
	}
	return e
}

func connectionError(op, base string, err error) *Error {
	var msg string
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
		msg = "the request timed out"
	case errors.As(err, &oe) && oe.Op == "dial":
		msg = "cannot connect: " + oe.Err.Error()
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

func pathOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Path != "" {
		return u.Path
	}
	return raw
}

// ---- HTTP ----

type ctxKey int

const (
	nonIdempotentKey ctxKey = 1
	// apiRequestKey marks MySafe API requests (not token requests) and carries the token the
	// last attempt used.
	apiRequestKey ctxKey = 2
)

// usedToken records which token an API request went out with, so that a 401 drops that one.
type usedToken struct {
	mu  sync.Mutex
	tok *oauth2.Token
}

// checkRetry retries connection errors, 429, 500, 502, 503 and 504, but never a call marked
// non-idempotent (create): a create is retried only by createWithRecovery, after it has looked
// for what the failed attempt may have created.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if ctx.Value(nonIdempotentKey) != nil {
		return false, nil
	}
	var tokenErr *Error
	if errors.As(err, &tokenErr) {
		return false, nil // the token could not be obtained: already retried by the token client
	}
	retry := false
	switch {
	case err != nil:
		retry = !isPermanentTransportError(err)
	case resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode == http.StatusInternalServerError,
		resp.StatusCode == http.StatusBadGateway, resp.StatusCode == http.StatusServiceUnavailable,
		resp.StatusCode == http.StatusGatewayTimeout:
		retry = true
	}
	if retry {
		fields := map[string]any{}
		if resp != nil {
			fields["status"] = resp.StatusCode
			fields["path"] = resp.Request.URL.Path
		} else {
			fields["error"] = err.Error()
		}
		c.log(ctx, "MySafe call failed, will retry", fields)
	}
	return retry, nil
}

func isPermanentTransportError(err error) bool {
	var ce *tls.CertificateVerificationError
	var ue *url.Error
	if errors.As(err, &ce) || errors.Is(err, errForeignHost) {
		return true
	}
	if errors.As(err, &ue) {
		m := ue.Err.Error()
		return strings.Contains(m, "certificate") || strings.Contains(m, "unsupported protocol scheme") ||
			strings.Contains(m, "stopped after") || strings.Contains(m, "tls:")
	}
	return false
}

// backoff waits what Retry-After says on 429/503, otherwise an exponential delay from min,
// capped at max, with full jitter over its upper half.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp); ok {
			return d
		}
	}
	return jittered(minWait, maxWait, attempt)
}

func jittered(minWait, maxWait time.Duration, attempt int) time.Duration {
	d := minWait << min(attempt, 20)
	if d <= 0 || d > maxWait {
		d = maxWait
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1)) //nolint:gosec // jitter needs no crypto randomness
}

func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return 0, false
	}
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	var secs int
	if _, err := fmt.Sscanf(v, "%d", &secs); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// instrumentedTransport bounds the API requests in flight, attaches the bearer token once a
// slot is held (so a request that waited in the queue never leaves with an expired token),
// and logs each attempt. Token requests bypass the bound: they are made while API requests
// hold slots.
type instrumentedTransport struct {
	next http.RoundTripper
	c    *Client
}

func (t *instrumentedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if used, ok := ctx.Value(apiRequestKey).(*usedToken); ok {
		if !sameOrigin(req.URL, t.c.origin) {
			return nil, errForeignHost
		}
		select {
		case t.c.sem <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		defer func() { <-t.c.sem }()
		tok, err := t.c.tokens.token(ctx)
		if err != nil {
			return nil, err
		}
		used.mu.Lock()
		used.tok = tok
		used.mu.Unlock()
		req = req.Clone(ctx)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields := map[string]any{"method": req.Method, "path": req.URL.Path, "duration_ms": time.Since(start).Milliseconds()}
	if err != nil {
		fields["error"] = err.Error()
	} else {
		fields["status"] = resp.StatusCode
	}
	t.c.log(ctx, "MySafe HTTP request", fields)
	return resp, err
}

type uaTransport struct {
	next http.RoundTripper
	ua   string
}

func (t *uaTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", t.ua)
	return t.next.RoundTrip(r)
}

// call performs one logical API call: bearer token, JSON body, the retry policy, one renewal
// and retry on 401, and the envelope decoding. idempotent=false disables transport retries.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, in any, idempotent bool) (envelope, int, error) {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, 0, fmt.Errorf("mysafe: encoding request: %w", err)
		}
	}
	full := c.base + c.apiPrefix + path
	if len(query) > 0 {
		full += "?" + query.Encode()
	}
	op := method + " " + c.apiPrefix + path
	rctx := ctx
	if !idempotent {
		rctx = context.WithValue(ctx, nonIdempotentKey, true)
	}
	for attempt := 0; ; attempt++ {
		// Get (or renew) the token first, so that credential errors keep their class.
		if _, err := c.tokens.token(ctx); err != nil {
			return nil, 0, err
		}
		used := &usedToken{}
		var rawBody any
		if body != nil {
			rawBody = body
		}
		req, err := retryablehttp.NewRequestWithContext(context.WithValue(rctx, apiRequestKey, used), method, full, rawBody)
		if err != nil {
			return nil, 0, fmt.Errorf("mysafe: building request: %w", err)
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", c.ua)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.http.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, 0, ctx.Err()
			}
			if te, ok := AsError(err); ok {
				return nil, 0, te
			}
			if idempotent {
				return nil, 0, gaveUp(connectionError(op, c.base, err), c.retries+1)
			}
			return nil, 0, connectionError(op, c.base, err)
		}
		data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBodyBytes))
		_ = resp.Body.Close()
		if rerr != nil {
			if ctx.Err() != nil {
				return nil, 0, ctx.Err()
			}
			return nil, 0, connectionError(op, c.base, rerr)
		}
		if isRedirect(resp.StatusCode) {
			return nil, resp.StatusCode, redirectError(op, c.base, resp)
		}
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 {
			// The token was revoked or expired early: drop it, get a new one, try once more.
			c.log(ctx, "MySafe answered 401, renewing the token", map[string]any{"path": c.apiPrefix + path})
			used.mu.Lock()
			c.tokens.invalidate(used.tok)
			used.mu.Unlock()
			continue
		}
		env, derr := decodeEnvelope(op, resp.StatusCode, data)
		if derr != nil {
			if e, ok := AsError(derr); ok {
				e.URL = c.base
				if d, ok := retryAfter(resp); ok {
					e.RetryAfter = d
				}
			}
			return nil, resp.StatusCode, derr
		}
		return env, resp.StatusCode, nil
	}
}
