package senhasegura

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// retryPolicy is the client's one retry policy: which failures are retried (retryableStatus,
// permanentTransportError), how long to wait (backoff) and how often (max).
type retryPolicy struct {
	max              int
	waitMin, waitMax time.Duration
	log              Logger
}

// retryableStatus is the one rule for HTTP statuses worth another attempt: rate limiting and
// the server and gateway failures that go away (doc.go: gateway answers).
func retryableStatus(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// permanentTransportError tells the connection failures that another attempt cannot cure:
// go-retryablehttp's own list (redirect loops, bad scheme, bad header, untrusted
// certificate), a request to a foreign host, and a TLS handshake the server refused (a
// client certificate it does not accept).
func permanentTransportError(err error) bool {
	if errors.Is(err, errForeignHost) || errors.As(err, new(*tls.CertificateVerificationError)) {
		return true
	}
	var ue *url.Error
	if !errors.As(err, &ue) {
		return false
	}
	if retry, _ := retryablehttp.ErrorPropagatedRetryPolicy(context.Background(), nil, ue); !retry {
		return true
	}
	m := ue.Err.Error()
	return strings.Contains(m, "certificate") || strings.Contains(m, "tls:")
}

// Failing fast. A failure without any answer is retried less than one that got an answer:
// a server that accepts connections and never answers costs request_timeout per attempt,
// so it gets one retry (2 × 15 s by default, about 30 s in all); a refused or unreachable
// address gets two, after the short first backoff waits (about 1.5 s in all). Other
// failures (429, 5xx, resets) get max_retries.
const (
	maxSilentRetries      = 1
	maxUnreachableRetries = 2
)

// attemptBudget counts the attempts of one logical call by how they failed. It rides in the
// request's context, which go-retryablehttp hands to checkRetry on every attempt.
type attemptBudget struct {
	mu                          sync.Mutex
	attempts, silent, unreached int
}

func withBudget(ctx context.Context) (context.Context, *attemptBudget) {
	b := &attemptBudget{}
	return context.WithValue(ctx, budgetKey, b), b
}

// count records a failed attempt (checkRetry sees every attempt, the last one included) and says whether its class still allows a retry.
func (b *attemptBudget) count(err error) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.attempts++
	switch failureClass(err) {
	case "silent":
		b.silent++
		return b.silent <= maxSilentRetries
	case "unreachable":
		b.unreached++
		return b.unreached <= maxUnreachableRetries
	}
	return true
}

func (b *attemptBudget) made() int {
	if b == nil {
		return 0
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return max(b.attempts, 1)
}

// failureClass sorts an attempt's transport error: "unreachable" (the connection could not be
// made), "silent" (no answer within request_timeout) or "" (anything else).
func failureClass(err error) string {
	var oe *net.OpError
	var ne net.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &oe) && oe.Op == "dial":
		return "unreachable"
	case errors.As(err, &ne) && ne.Timeout():
		return "silent"
	}
	return ""
}

// checkRetry is the transport's retry check (retryablehttp.CheckRetry). It never retries a
// call marked non-idempotent (create): createWithRecovery retries those, after looking for
// what the failed attempt may have stored.
func (p retryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Value(nonIdempotentKey) != nil || interruptedBeforeSend(ctx) {
		// A create (createWithRecovery retries it), or interrupted: no new attempt, and the
		// attempt's own outcome is what the caller sees.
		return false, nil
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if errors.As(err, new(*Error)) {
		return false, nil // the token could not be obtained: already retried by the token client
	}
	var retry bool
	fields := map[string]any{}
	if err != nil {
		retry = !permanentTransportError(err)
		if b, ok := ctx.Value(budgetKey).(*attemptBudget); ok && retry {
			retry = b.count(err)
		}
		fields["error"] = err.Error()
	} else {
		retry = retryableStatus(resp.StatusCode)
		fields["status"], fields["path"] = resp.StatusCode, resp.Request.URL.Path
	}
	if retry {
		p.log(ctx, apiName(ctx)+" call failed, will retry", fields)
	}
	return retry, nil
}

// backoff waits what Retry-After says on 429/503, otherwise an exponential delay from min,
// capped at max, with full jitter over its upper half.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if d, ok := retryAfter(resp); ok {
		return d
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

// retryAfter is the server's Retry-After on a 429 or 503, as go-retryablehttp parses it
// (seconds or an HTTP date). DefaultBackoff returns the header's delay when it parses and
// min (here -1) otherwise.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil || resp.Header.Get("Retry-After") == "" {
		return 0, false
	}
	d := retryablehttp.DefaultBackoff(-1, -1, 0, resp)
	return d, d >= 0
}

// gaveUp notes, on a connection failure that was retried, how many attempts were made.
func gaveUp(e *Error, b *attemptBudget) *Error {
	attempts := b.made()
	if attempts > 1 && !permanentTransportError(e.err) {
		e.Message += fmt.Sprintf(" (gave up after %d attempts)", attempts)
	}
	return e
}

// CreateWithRecovery runs a non-idempotent create of api. A clear failure (4xx) is returned at once.
// After a 429 it waits (Retry-After) and tries again. After an ambiguous failure (no answer,
// connection reset, timeout, 500/502/503/504), when the server may have stored the object
// before failing, it first looks for that object and adopts it; only when it is not there
// is the create sent again.
//
// Interrupts (Terraform's first Ctrl-C cancels ctx, see detachSent): an attempt already sent
// completes, and its object is returned as after any success. An attempt not yet sent is not
// sent (ErrInterrupted). When the answer of an attempt that left is lost (or ctx ends while
// waiting to retry after an ambiguous failure), no new create is sent: the lookup runs once on
// a context detached from the interrupt (recoveryContext) and adopts what the failed attempt
// stored. The same lookup runs when the retries are used up or the create timeout ran out:
// whatever way a create ends, an object it stored is either returned or was never stored.
func CreateWithRecovery[T any](ctx context.Context, api *API, create func(context.Context) (T, error), find func(context.Context) (T, bool, error)) (T, error) {
	var zero T
	p := api.c.retry
	name := api.fam.name()
	budget := &attemptBudget{}
	for attempt := 0; ; attempt++ {
		v, err := create(ctx)
		if err == nil {
			return v, nil
		}
		e, ok := AsError(err)
		if !ok {
			return zero, err // not sent (ErrInterrupted) or never built: nothing stored
		}
		if e.StatusCode >= 200 && e.StatusCode < 300 {
			// The server said yes but the answer could not be read (truncated, not JSON): the
			// object most likely exists. Adopt it rather than lose track of it.
			return recoverCreate(ctx, p, name, e, err, find, "unreadable answer")
		}
		refused := e.StatusCode == http.StatusTooManyRequests || e.StatusCode == 0 && failureClass(e.err) == "unreachable"
		stored := storedMaybe(e)
		giveUp := func(why string) (T, error) {
			if stored {
				return recoverCreate(ctx, p, name, e, err, find, why)
			}
			return zero, err
		}
		switch {
		case !refused && !stored:
			return zero, err // a clear failure: 4xx, or a connection that could not be made safely
		case ctx.Err() != nil:
			return giveUp("interrupted after the request was sent")
		case attempt >= p.max || (e.StatusCode == 0 && !budget.count(e.err)):
			return giveUp("no retry left")
		}
		wait := e.RetryAfter
		if wait == 0 {
			wait = jittered(p.waitMin, p.waitMax, attempt)
		}
		p.log(ctx, name+" create failed, will check and retry", map[string]any{"op": e.Op, "status": e.StatusCode, "wait_ms": wait.Milliseconds()})
		if serr := sleepCtx(ctx, wait); serr != nil {
			if stored {
				return recoverCreate(ctx, p, name, e, err, find, "interrupted while waiting to retry")
			}
			return zero, fmt.Errorf("%s: %w", e.Op, ErrInterrupted)
		}
		if refused {
			continue // refused before any work was done
		}
		found, ok, ferr := find(ctx)
		if ferr != nil {
			// Without knowing whether the first attempt took effect, a second create could
			// duplicate the secret: report the original failure instead.
			return zero, err
		}
		if ok {
			p.log(ctx, name+" create: adopted the object stored by a failed attempt", map[string]any{"op": e.Op})
			return found, nil
		}
	}
}

// storedMaybe tells the failures after which the server may have stored the object: no
// answer once the request may have left (not a refused or unreachable address, a TLS
// handshake or a foreign host, which stop it before it is sent), and 500, 502, 503, 504.
func storedMaybe(e *Error) bool {
	if e.StatusCode == 0 {
		return !permanentTransportError(e.err) && failureClass(e.err) != "unreachable"
	}
	return retryableStatus(e.StatusCode) && e.StatusCode != http.StatusTooManyRequests
}

// recoveryGrace is the least time the lookup after a lost create answer gets, when the create
// timeout has (nearly) run out.
const recoveryGrace = 30 * time.Second

// recoveryContext is the context of the lookup that recovers a create whose answer was lost:
// detached from an interrupt (the values, loggers and masks, stay), bounded by the create's
// deadline, or by recoveryGrace from now when that is later.
func recoveryContext(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline := time.Now().Add(recoveryGrace)
	if dl, ok := ctx.Deadline(); ok && dl.After(deadline) {
		deadline = dl
	}
	return context.WithDeadline(context.WithoutCancel(ctx), deadline)
}

// recoverCreate looks, once and on recoveryContext, for what a failed create stored, and adopts
// it; otherwise it returns the create's error (createErr, or the interrupt's).
func recoverCreate[T any](ctx context.Context, p retryPolicy, name string, e *Error, createErr error, find func(context.Context) (T, bool, error), why string) (T, error) {
	var zero T
	rctx, cancel := recoveryContext(ctx)
	defer cancel()
	found, ok, ferr := find(rctx)
	if ferr == nil && ok {
		p.log(ctx, name+" create: "+why+"; adopted the object the request stored", map[string]any{"op": e.Op})
		return found, nil
	}
	return zero, createErr
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
