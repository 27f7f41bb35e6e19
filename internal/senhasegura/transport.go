package senhasegura

import (
	"context"
	"errors"
	"io"
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
	// apiRequestKey marks API requests (not token requests) and carries their requestAuth.
	apiRequestKey ctxKey = 2
	// budgetKey carries the attemptBudget of one logical call (API call or token fetch).
	budgetKey ctxKey = 3
	// sendGateKey carries, for a call that changes something (see detachSent), the caller's
	// own context: while it is cancelled, no attempt of the call may leave.
	sendGateKey ctxKey = 4
)

// apiName is the name of the API family of the request carried by ctx ("senhasegura" for a
// token request).
func apiName(ctx context.Context) string {
	if u, ok := ctx.Value(apiRequestKey).(*requestAuth); ok && u.api != "" {
		return u.api
	}
	return "senhasegura"
}

// ErrInterrupted: the operation was cancelled (Terraform's first Ctrl-C or SIGTERM) before an
// attempt of the call left, so no further request was sent.
var ErrInterrupted = errors.New("senhasegura: interrupted before the request was sent")

// detachSent returns the context a changing call (create, update, deactivate) runs its
// attempts on, and its cancel function. Terraform's first interrupt cancels the context of
// every operation in flight (StopProvider: terraform-plugin-go tf6server
// server.stoppableContext, and the framework's proto6server cancelRegisteredContexts), then
// waits for each operation without a time limit and saves what it returns
// (hashicorp/terraform internal/backend/local opWait, internal/terraform Context.Stop). A real
// server finishes a request it received whether or not the client still listens, so
// cancelling a request already sent does not undo it: it only loses the answer, and a create
// whose answer is lost leaves a secret outside the state. So an attempt that has left
// completes on a context detached from that cancellation but keeping ctx's deadline (the
// operation's `timeouts`), while ctx becomes the gate of the call: once it is cancelled, no
// attempt that has not left yet is sent (authTransport) and no retry follows
// (retryPolicy.checkRetry); and when no attempt is in flight at that moment (the call waits
// for a slot or between retries), the detached context is cancelled at once, so Terraform
// stops as soon as the requests in flight have ended.
func detachSent(ctx context.Context) (context.Context, context.CancelFunc) {
	var d context.Context
	var cancel context.CancelFunc
	if dl, ok := ctx.Deadline(); ok {
		d, cancel = context.WithDeadline(context.WithoutCancel(ctx), dl)
	} else {
		d, cancel = context.WithCancel(context.WithoutCancel(ctx))
	}
	st := &sendState{gate: ctx, cancel: cancel}
	stop := context.AfterFunc(ctx, st.gateClosed)
	return context.WithValue(d, sendGateKey, st), func() { stop(); cancel() }
}

// sendState is the gate of one changing call and how many of its attempts are in flight (from
// the moment one leaves until its answer's body is closed).
type sendState struct {
	gate   context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	active int
	closed bool
}

func (s *sendState) gateClosed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.active == 0 {
		s.cancel()
	}
}

// begin marks an attempt as leaving; false when the gate is already closed (do not send).
func (s *sendState) begin() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.gate.Err() != nil {
		return false
	}
	s.active++
	return true
}

func (s *sendState) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	if s.active == 0 && s.closed {
		s.cancel()
	}
}

// interruptedBeforeSend reports whether the call carried by ctx may no longer send an attempt.
func interruptedBeforeSend(ctx context.Context) bool {
	st, ok := ctx.Value(sendGateKey).(*sendState)
	return ok && st.gate.Err() != nil
}

// endOnClose ends an attempt when its answer's body is closed (read to the end or drained
// for a retry).
type endOnClose struct {
	io.ReadCloser
	once sync.Once
	end  func()
}

func (b *endOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.end)
	return err
}

// requestAuth is how an API request is authenticated: the token cache of its credentials, and
// the token its last attempt went out with, so that a 401 drops that one.
type requestAuth struct {
	api    string // the API family's name, for logs
	tokens *tokenCache
	mu     sync.Mutex
	tok    *oauth2.Token
}

func (u *requestAuth) set(tok *oauth2.Token) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.tok = tok
}

func (u *requestAuth) get() *oauth2.Token {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.tok
}

// authTransport bounds the API requests in flight to the instance, whichever API family and
// credentials they use, attaches the bearer token of the request's credentials once a slot is
// held (so a request that waited in the queue never leaves with an expired token) and only
// for the configured origin, and logs each attempt. Token requests bypass the bound: they are
// made while API requests hold slots.
type authTransport struct {
	next   http.RoundTripper
	origin *url.URL
	sem    chan struct{}
	log    Logger
}

func newAuthTransport(next http.RoundTripper, origin *url.URL, maxConcurrent int, log Logger) *authTransport {
	return &authTransport{next: next, origin: origin, sem: make(chan struct{}, maxConcurrent), log: log}
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if used, ok := ctx.Value(apiRequestKey).(*requestAuth); ok {
		if !sameOrigin(req.URL, t.origin) {
			return nil, errForeignHost
		}
		send, _ := ctx.Value(sendGateKey).(*sendState)
		var gate <-chan struct{}
		if send != nil {
			gate = send.gate.Done()
		}
		select {
		case t.sem <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-gate:
			return nil, ErrInterrupted
		}
		defer func() { <-t.sem }()
		tok, err := used.tokens.token(ctx)
		if err != nil {
			return nil, err
		}
		used.set(tok)
		req = req.Clone(ctx)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		if send != nil {
			// From here on the attempt leaves: it completes even if the operation is
			// interrupted (detachSent), and it must not leave once it was.
			if !send.begin() {
				return nil, ErrInterrupted
			}
			resp, err := t.roundTrip(ctx, req)
			if err != nil {
				send.end()
				return nil, err
			}
			resp.Body = &endOnClose{ReadCloser: resp.Body, end: send.end}
			return resp, nil
		}
	}
	return t.roundTrip(ctx, req)
}

// roundTrip sends req and logs the attempt.
func (t *authTransport) roundTrip(ctx context.Context, req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields := map[string]any{"method": req.Method, "path": req.URL.Path, "duration_ms": time.Since(start).Milliseconds()}
	if err != nil {
		fields["error"] = err.Error()
	} else {
		fields["status"] = resp.StatusCode
	}
	t.log(ctx, apiName(ctx)+" HTTP request", fields)
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
