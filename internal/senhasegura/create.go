package senhasegura

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// CreateWithRecovery runs a non-idempotent create of api. A clear failure (4xx) is returned at once.
// After a 429 it waits (Retry-After) and tries again. After an ambiguous failure (no answer,
// connection reset, timeout, 500/502/503/504, an unreadable answer), when the server may have
// stored the object before failing, it first looks for that object (find) and adopts it; only
// when the lookup is complete and finds nothing is the create sent again.
//
// A lookup that cannot tell (a candidate it cannot read, a failure, an interrupt: find returns
// an error, an *Undecided for candidates it could not rule out) never leads to a second create:
// the error then matches ErrMaybeStored, says the object may be stored and names what was
// found.
//
// Interrupts (Terraform's first Ctrl-C cancels ctx, see detachSent): an attempt already sent
// completes, and its object is returned as after any success. An attempt not yet sent is not
// sent (ErrInterrupted) — unless an earlier attempt may have stored the object, in which case
// the lookup runs once on a context detached from the interrupt (recoveryContext): whatever way
// a create ends, an object it stored is either returned, or named in an error matching
// ErrMaybeStored, or was never stored.
func CreateWithRecovery[T any](ctx context.Context, api *API, create func(context.Context) (T, error), find func(context.Context) (T, bool, error)) (T, error) {
	var zero T
	p := api.c.retry
	name := api.fam.name()
	budget := &attemptBudget{}
	var sent *Error // the last failure after which the object may be stored
	recoverNow := func(why string, last error) (T, error) {
		return recoverCreate(ctx, p, name, sent, last, find, why)
	}
	for attempt := 0; ; attempt++ {
		v, err := create(ctx)
		if err == nil {
			return v, nil
		}
		e, ok := AsError(err)
		if !ok {
			// Not sent (ErrInterrupted) or never built: nothing stored by this attempt.
			if sent != nil {
				return recoverNow("interrupted after an earlier attempt was sent", err)
			}
			return zero, err
		}
		if e.StatusCode >= 200 && e.StatusCode < 300 {
			// The server said yes but the answer could not be used (truncated, not JSON, no or
			// a malformed identifier): the object most likely exists. Adopt it rather than lose
			// track of it.
			sent = e
			return recoverNow("the answer could not be used", err)
		}
		refused := e.StatusCode == http.StatusTooManyRequests || e.StatusCode == 0 && failureClass(e.err) == "unreachable"
		if storedMaybe(e) {
			sent = e
		}
		giveUp := func(why string, last error) (T, error) {
			if sent != nil {
				return recoverNow(why, last)
			}
			return zero, last
		}
		switch {
		case !refused && !storedMaybe(e):
			// A clear failure. After an earlier attempt that may have stored the object, a
			// refusal now (a duplicate key, say) may be about that very object.
			return giveUp("a later attempt was refused", err)
		case ctx.Err() != nil:
			return giveUp("interrupted after the request was sent", err)
		case attempt >= p.max || (e.StatusCode == 0 && !budget.count(e.err)):
			e.Attempts = attempt + 1
			return giveUp("no retry left", err)
		}
		wait := e.RetryAfter
		if wait == 0 {
			wait = jittered(p.waitMin, p.waitMax, attempt)
		}
		if werr := p.waitAllowed(ctx, e.Op, wait, e.RetryAfter > 0, attempt+1); werr != nil {
			we := withStatus(werr, e)
			return giveUp("no time left for another attempt", we)
		}
		p.log(ctx, name+" create failed, will check and retry", map[string]any{"op": e.Op, "status": e.StatusCode, "wait_ms": wait.Milliseconds()})
		if serr := sleepCtx(ctx, wait); serr != nil {
			if sent != nil {
				return recoverNow("interrupted while waiting to retry", err)
			}
			return zero, fmt.Errorf("%s: %w", e.Op, ErrInterrupted)
		}
		if sent == nil {
			continue // refused before any work was done
		}
		found, ok, ferr := find(ctx)
		switch {
		case ferr != nil && ctx.Err() != nil:
			// Interrupted during the lookup: it runs once more, detached from the interrupt.
			return recoverNow("interrupted during the lookup", err)
		case ferr != nil:
			// Without knowing whether the first attempt took effect, a second create could
			// duplicate the secret.
			return zero, maybeStored(sent, ferr)
		case ok:
			p.log(ctx, name+" create: adopted the object stored by a failed attempt", map[string]any{"op": e.Op})
			return found, nil
		}
		sent = nil // the lookup was complete and found nothing: nothing was stored
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

// RecoveryGrace is the least time the lookup after a lost create answer gets, when the create
// timeout has (nearly) run out.
const RecoveryGrace = 30 * time.Second

// recoveryContext is the context of the lookup that recovers a create whose answer was lost:
// detached from an interrupt (the values, loggers, masks and secrets, stay), bounded by the
// create's deadline, or by RecoveryGrace from now when that is later.
func recoveryContext(ctx context.Context) (context.Context, context.CancelFunc) {
	deadline := time.Now().Add(RecoveryGrace)
	if dl, ok := ctx.Deadline(); ok && dl.After(deadline) {
		deadline = dl
	}
	return context.WithDeadline(context.WithoutCancel(ctx), deadline)
}

// recoverCreate looks, once and on recoveryContext, for what a failed create stored, and adopts
// it. A lookup that finds nothing returns last (the failure that ended the create); one that
// cannot tell returns an error matching ErrMaybeStored.
func recoverCreate[T any](ctx context.Context, p retryPolicy, name string, sent *Error, last error, find func(context.Context) (T, bool, error), why string) (T, error) {
	var zero T
	rctx, cancel := recoveryContext(ctx)
	defer cancel()
	found, ok, ferr := find(rctx)
	switch {
	case ferr != nil:
		return zero, maybeStored(sent, ferr)
	case ok:
		p.log(ctx, name+" create: "+why+"; adopted the object the request stored", map[string]any{"op": sent.Op})
		return found, nil
	}
	// The lookup was complete: what was sent was not stored (and after an interrupt, nothing
	// more was sent).
	return zero, last
}

// Undecided is the error of a recovery lookup (a create's find) that cannot tell whether the
// failed create stored its object: Candidates are the identifiers that may be it (none when
// the lookup itself failed), Reason says why they could not be ruled out or in, and Err is the
// failure behind it, if any.
type Undecided struct {
	Candidates []string
	Reason     string
	Err        error
}

func (u *Undecided) Error() string {
	var b strings.Builder
	switch len(u.Candidates) {
	case 0:
	case 1:
		fmt.Fprintf(&b, "candidate %s: ", u.Candidates[0])
	default:
		fmt.Fprintf(&b, "candidates %s: ", strings.Join(u.Candidates, ", "))
	}
	b.WriteString(u.Reason)
	if u.Err != nil {
		b.WriteString(": ")
		b.WriteString(u.Err.Error())
	}
	return b.String()
}

func (u *Undecided) Unwrap() error { return u.Err }

// MaybeStoredError is a create whose object may have been stored without the client knowing
// its identifier: the create's failure, and the lookup that could not tell. It matches
// ErrMaybeStored, and, through Create, the create's *Error.
type MaybeStoredError struct {
	Create *Error
	Lookup error
}

func (e *MaybeStoredError) Error() string {
	return fmt.Sprintf("%s; the request was sent and the object may have been stored, but the lookup that would "+
		"tell could not (%s), so no second create was sent", e.Create, e.Lookup)
}

// Candidates are the identifiers the lookup could not rule out.
func (e *MaybeStoredError) Candidates() []string {
	var u *Undecided
	if errors.As(e.Lookup, &u) {
		return u.Candidates
	}
	return nil
}

func (e *MaybeStoredError) Unwrap() error { return e.Create }

// Is makes the error match ErrMaybeStored.
func (e *MaybeStoredError) Is(target error) bool { return target == ErrMaybeStored }

func maybeStored(sent *Error, lookup error) error {
	if errors.Is(lookup, context.Canceled) || errors.Is(lookup, context.DeadlineExceeded) {
		lookup = &Undecided{Reason: "the lookup was cut short", Err: lookup}
	}
	return &MaybeStoredError{Create: sent, Lookup: lookup}
}

// withStatus gives a wait refusal the status and code of the answer that asked for the wait.
func withStatus(werr *Error, from *Error) *Error {
	werr.StatusCode, werr.API, werr.Code, werr.RetryAfter, werr.URL = from.StatusCode, from.API, from.Code, from.RetryAfter, from.URL
	werr.retryAfterRaw = from.retryAfterRaw
	werr.Message = waitMessage(werr)
	if from.Message != "" {
		werr.Message = from.Message + "; " + werr.Message
	}
	werr.classes = append(append([]error{}, from.classes...), werr.classes...)
	return werr
}
