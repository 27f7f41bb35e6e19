package senhasegura

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

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
