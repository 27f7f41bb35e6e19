package senhasegura

import (
	"context"
	"crypto/tls"
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
)

// retryPolicy is the client's one retry policy: which failures are retried (retryableStatus,
// permanentTransportError), how long to wait (backoff) and how often (max).
type retryPolicy struct {
	max              int
	waitMin, waitMax time.Duration
	// maxRetryAfter is the longest Retry-After waited out (Config.MaxRetryAfter).
	maxRetryAfter time.Duration
	log           Logger
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

// seen records an attempt (checkRetry sees every attempt, the last one included) and returns
// how many were made.
func (b *attemptBudget) seen() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.attempts++
	return b.attempts
}

// count records a failed attempt's transport failure and says whether its class still allows
// a retry.
func (b *attemptBudget) count(err error) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
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
// what the failed attempt may have stored. It never lets a wait outlast the call: when the
// next attempt would wait longer than Config.MaxRetryAfter (a server's Retry-After) or than
// what is left of ctx's deadline, it ends the call at once with an error matching
// ErrWaitTooLong (errorHandler gives it the answer's status and message).
func (p retryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	b, _ := ctx.Value(budgetKey).(*attemptBudget)
	made := 1
	if b != nil {
		made = b.seen()
	}
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
		if b != nil && retry {
			retry = b.count(err)
		}
		fields["error"] = err.Error()
	} else {
		retry = retryableStatus(resp.StatusCode)
		fields["status"], fields["path"] = resp.StatusCode, resp.Request.URL.Path
	}
	if !retry || made > p.max {
		return retry, nil // no retry, or none left (go-retryablehttp stops there)
	}
	wait, asked := backoffCeiling(p.waitMin, p.waitMax, made-1), false
	if d, ok := retryAfter(resp); ok {
		wait, asked = d, true
	}
	op := ""
	if resp != nil && resp.Request != nil {
		op = resp.Request.Method + " " + resp.Request.URL.Path
	}
	if werr := p.waitAllowed(ctx, op, wait, asked, made); werr != nil {
		if asked {
			werr.retryAfterRaw = resp.Header.Get("Retry-After")
			werr.RetryAfter = wait
			werr.Message = waitMessage(werr)
		}
		return false, werr
	}
	fields["wait_ms"] = wait.Milliseconds()
	p.log(ctx, apiName(ctx)+" call failed, will retry", fields)
	return true, nil
}

// waitAllowed says whether the call may wait before its next attempt (nil), or gives the
// error that ends it: a server's Retry-After (asked) longer than maxRetryAfter, or a wait
// longer than what is left of ctx's deadline. attempts is how many were made.
func (p retryPolicy) waitAllowed(ctx context.Context, op string, wait time.Duration, asked bool, attempts int) *Error {
	e := &Error{Op: op, Attempts: attempts, classes: []error{ErrWaitTooLong}}
	switch dl, ok := ctx.Deadline(); {
	case asked && wait > p.maxRetryAfter:
		e.limit, e.limitKind = p.maxRetryAfter, "cap"
	case ok && time.Until(dl) < wait:
		e.limit, e.limitKind = max(time.Until(dl), 0), "deadline"
	default:
		return nil
	}
	if asked {
		e.RetryAfter = wait
	}
	e.backoff = wait
	e.Message = waitMessage(e)
	return e
}

// waitMessage says why a call stopped waiting for its next attempt.
func waitMessage(e *Error) string {
	var what string
	switch {
	case e.RetryAfter > 0 && e.retryAfterRaw != "":
		what = fmt.Sprintf("the server asked to wait %s before trying again (Retry-After: %s)", roundWait(e.RetryAfter), e.retryAfterRaw)
	case e.RetryAfter > 0:
		what = fmt.Sprintf("the server asked to wait %s before trying again (Retry-After)", roundWait(e.RetryAfter))
	default:
		what = fmt.Sprintf("the next attempt would wait %s", roundWait(e.backoff))
	}
	var limit string
	if e.limitKind == "cap" {
		limit = fmt.Sprintf("longer than the %s the client waits at most before a retry", roundWait(e.limit))
	} else {
		limit = fmt.Sprintf("but only %s is left of the time limit", roundWait(e.limit))
	}
	return fmt.Sprintf("%s, %s, so it gave up after %d attempt%s without waiting", what, limit, e.Attempts, plural(e.Attempts))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// roundWait writes a wait for a message: whole seconds from a second on.
func roundWait(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

// errorHandler is the transport's error handler (retryablehttp.ErrorHandler): the last answer
// and its error pass through, except a wait refusal (ErrWaitTooLong), which takes the answer's
// status and body (read here, bounded, and closed) so that its message can say what the server
// answered, and comes back without a response.
func errorHandler(resp *http.Response, err error, _ int) (*http.Response, error) {
	var e *Error
	if resp != nil && errors.As(err, &e) && errors.Is(e, ErrWaitTooLong) {
		e.StatusCode = resp.StatusCode
		e.answer, _ = io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		return nil, err
	}
	return resp, err
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
	d := backoffCeiling(minWait, maxWait, attempt)
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1)) //nolint:gosec // jitter needs no crypto randomness
}

// backoffCeiling is the longest jittered backoff of attempt: minWait doubled per attempt,
// capped at maxWait.
func backoffCeiling(minWait, maxWait time.Duration, attempt int) time.Duration {
	d := minWait << min(attempt, 20)
	if d <= 0 || d > maxWait {
		d = maxWait
	}
	return d
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
		e.Attempts = attempts
		e.Message += fmt.Sprintf(" (gave up after %d attempts)", attempts)
	}
	return e
}

// gaveUpOn notes, on a failed answer (a 5xx, a 429) that was retried, how many attempts were
// made.
func gaveUpOn(e *Error, b *attemptBudget) {
	if attempts := b.made(); attempts > 1 {
		e.Attempts = attempts
		e.Message += fmt.Sprintf(" (gave up after %d attempts)", attempts)
	}
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
