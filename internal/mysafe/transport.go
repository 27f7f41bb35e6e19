package mysafe

import (
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

type ctxKey int

const (
	// nonIdempotentKey marks a call that must not be retried by the transport (a create).
	nonIdempotentKey ctxKey = 1
	// apiRequestKey marks MySafe API requests (not token requests) and carries the token the
	// last attempt used.
	apiRequestKey ctxKey = 2
	// budgetKey carries the attemptBudget of one logical call (API call or token fetch).
	budgetKey ctxKey = 3
)

// usedToken records which token an API request went out with, so that a 401 drops that one.
type usedToken struct {
	mu  sync.Mutex
	tok *oauth2.Token
}

func (u *usedToken) set(tok *oauth2.Token) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.tok = tok
}

func (u *usedToken) get() *oauth2.Token {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.tok
}

// authTransport bounds the API requests in flight, attaches the bearer token once a slot is
// held (so a request that waited in the queue never leaves with an expired token) and only
// for the configured origin, and logs each attempt. Token requests bypass the bound: they are
// made while API requests hold slots.
type authTransport struct {
	next   http.RoundTripper
	origin *url.URL
	tokens *tokenCache
	sem    chan struct{}
	log    Logger
}

func newAuthTransport(next http.RoundTripper, origin *url.URL, tokens *tokenCache, maxConcurrent int, log Logger) *authTransport {
	return &authTransport{next: next, origin: origin, tokens: tokens, sem: make(chan struct{}, maxConcurrent), log: log}
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if used, ok := ctx.Value(apiRequestKey).(*usedToken); ok {
		if !sameOrigin(req.URL, t.origin) {
			return nil, errForeignHost
		}
		select {
		case t.sem <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		defer func() { <-t.sem }()
		tok, err := t.tokens.token(ctx)
		if err != nil {
			return nil, err
		}
		used.set(tok)
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
	t.log(ctx, "MySafe HTTP request", fields)
	return resp, err
}

// uaTransport sets the User-Agent of token requests.
type uaTransport struct {
	next http.RoundTripper
	ua   string
}

func (t *uaTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", t.ua)
	return t.next.RoundTrip(r)
}
