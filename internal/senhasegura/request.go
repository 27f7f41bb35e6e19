package senhasegura

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/hashicorp/go-retryablehttp"
)

// API is one API family's view of a Client: the calls of its services, the family's name in
// their messages and logs, and the meaning of the application codes of its answers (Family).
type API struct {
	c      *Client
	fam    *Family
	prefix string // the paths' prefix, "/api" or "/iso"
}

// API returns the view of the client for the API family fam, under the configured prefix
// (Config.APIPrefix).
func (c *Client) API(fam *Family) *API { return &API{c: c, fam: fam, prefix: c.prefix} }

// APIUnder is API with paths under prefix ("/api", "/iso") instead of the configured one, for
// a family whose paths the instance serves under another prefix (PAM Core's /iso/pam, or its
// API v2 under /api).
func (c *Client) APIUnder(fam *Family, prefix string) *API {
	return &API{c: c, fam: fam, prefix: "/" + strings.Trim(prefix, "/")}
}

// Op names a call in errors and logs, e.g. "GET /api/mysafe/password/5".
func (a *API) Op(method, path string) string { return method + " " + a.prefix + path }

// Refuse is the error of a call refused before it is sent, as the API would refuse it (HTTP
// 400 with the application code), classified by the family's table.
func (a *API) Refuse(method, path string, code int, message string) *Error {
	return &Error{Op: a.Op(method, path), StatusCode: http.StatusBadRequest, API: a.fam.name(), Code: code, Message: message,
		classes: a.fam.classes(code, message)}
}

// Log writes a line to the client's logger.
func (a *API) Log(ctx context.Context, msg string, fields map[string]any) { a.c.log(ctx, msg, fields) }

// Do performs one logical API call: bearer token, JSON body, the retry policy, one token
// renewal and retry on 401, and the envelope decoding. idempotent=false disables transport
// retries (a create: see CreateWithRecovery). A call that changes something (any method but GET) sends
// its attempts on a context detached from ctx's cancellation (detachSent): one that has left
// completes within ctx's deadline even when Terraform is interrupted, and none leaves after
// that (the error then matches ErrInterrupted).
func (a *API) Do(ctx context.Context, method, path string, query url.Values, in any, idempotent bool) (Envelope, int, error) {
	env, status, err := a.do(ctx, method, path, query, in, idempotent)
	if err != nil {
		a.redact(ctx, err)
	}
	return env, status, err
}

// redact removes every secret the client knows from the server text of err: the client
// secrets and token of its credentials, and the secrets of ctx (WithSecrets).
func (a *API) redact(ctx context.Context, err error) {
	if e, ok := AsError(err); ok {
		_ = e.redact(ctx, a.c.tokens.secrets()...)
	}
}

func (a *API) do(ctx context.Context, method, path string, query url.Values, in any, idempotent bool) (Envelope, int, error) {
	r := a.c
	resp, op, budget, err := a.send(ctx, method, path, query, in, idempotent)
	if err != nil {
		return nil, 0, err
	}
	changes := method != http.MethodGet
	data, rerr := io.ReadAll(io.LimitReader(resp.Body, r.maxBody+1))
	_ = resp.Body.Close()
	if rerr != nil {
		if ctx.Err() != nil && !changes {
			return nil, 0, ctx.Err()
		}
		return nil, 0, connectionError(op, r.base, rerr)
	}
	if int64(len(data)) > r.maxBody {
		return nil, resp.StatusCode, tooLarge(op, r.base, resp.StatusCode, r.maxBody)
	}
	env, derr := DecodeEnvelope(op, resp.StatusCode, data, a.fam)
	if derr != nil {
		if e, ok := AsError(derr); ok {
			e.URL = r.base
			if d, ok := retryAfter(resp); ok {
				e.RetryAfter, e.retryAfterRaw = d, resp.Header.Get("Retry-After")
			}
			if idempotent && retryableStatus(resp.StatusCode) {
				gaveUpOn(e, budget)
			}
		}
		return nil, resp.StatusCode, derr
	}
	return env, resp.StatusCode, nil
}

// send performs the HTTP attempts of one logical API call and returns the answer to decode,
// whose body the caller reads and closes: bearer token, JSON body, the retry policy, one token
// renewal and retry on 401, redirects refused. op names the call; budget counts its attempts.
func (a *API) send(ctx context.Context, method, path string, query url.Values, in any, idempotent bool) (*http.Response, string, *attemptBudget, error) {
	r := a.c
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, "", nil, fmt.Errorf("senhasegura: encoding request: %w", err)
		}
	}
	full := r.base + a.prefix + path
	if len(query) > 0 {
		full += "?" + query.Encode()
	}
	op := a.Op(method, path)
	rctx, budget := withBudget(ctx)
	changes := method != http.MethodGet
	var cancel context.CancelFunc
	if changes {
		rctx, cancel = detachSent(rctx)
		defer func() {
			if cancel != nil {
				cancel()
			}
		}()
	}
	if !idempotent {
		rctx = context.WithValue(rctx, nonIdempotentKey, true)
	}
	for attempt := 0; ; attempt++ {
		// Get (or renew) the token first, so that credential errors keep their class.
		if _, err := r.tokens.token(ctx); err != nil {
			if changes && ctx.Err() != nil {
				return nil, op, budget, fmt.Errorf("%s: %w", op, ErrInterrupted)
			}
			return nil, op, budget, err
		}
		used := &requestAuth{api: a.fam.name(), tokens: r.tokens}
		var rawBody any
		if body != nil {
			rawBody = body
		}
		req, err := retryablehttp.NewRequestWithContext(context.WithValue(rctx, apiRequestKey, used), method, full, rawBody)
		if err != nil {
			return nil, op, budget, fmt.Errorf("senhasegura: building request: %w", err)
		}
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", r.ua)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := r.http.Do(req)
		if err != nil {
			if changes && (errors.Is(err, ErrInterrupted) || interruptedBeforeSend(rctx) && errors.Is(err, context.Canceled)) {
				// Interrupted while no attempt was in flight: nothing more was sent.
				return nil, op, budget, fmt.Errorf("%s: %w", op, ErrInterrupted)
			}
			if we, ok := AsError(err); ok && errors.Is(we, ErrWaitTooLong) {
				return nil, op, budget, a.waitRefused(op, we)
			}
			if ctx.Err() != nil && !changes {
				return nil, op, budget, ctx.Err()
			}
			if te, ok := AsError(err); ok {
				return nil, op, budget, te
			}
			if idempotent {
				return nil, op, budget, gaveUp(connectionError(op, r.base, err), budget)
			}
			return nil, op, budget, connectionError(op, r.base, err)
		}
		if isRedirect(resp.StatusCode) {
			_ = resp.Body.Close()
			return nil, op, budget, redirectError(op, r.base, resp)
		}
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 && !interruptedBeforeSend(rctx) {
			// The token was revoked or expired early: drop it, get a new one, try once more.
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			_ = resp.Body.Close()
			r.log(ctx, a.fam.name()+" answered 401, renewing the token", map[string]any{"path": a.prefix + path})
			r.tokens.invalidate(used.get())
			continue
		}
		if changes {
			// The body is read after send returns: the detached context must live until the
			// body is closed (endOnClose ends the attempt then).
			release := cancel
			cancel = nil
			resp.Body = &closeThen{ReadCloser: resp.Body, then: release}
		}
		return resp, op, budget, nil
	}
}

// waitRefused completes a wait refusal (ErrWaitTooLong) with the API's view of the answer that
// asked for the wait: its application code and message, before the client's reason.
func (a *API) waitRefused(op string, we *Error) *Error {
	we.Op, we.URL, we.API = op, a.c.base, a.fam.name()
	if len(we.answer) > 0 || we.StatusCode != 0 {
		if _, derr := DecodeEnvelope(op, we.StatusCode, we.answer, a.fam); derr != nil {
			if de, ok := AsError(derr); ok {
				we.Code = de.Code
				we.classes = append(append([]error{}, de.classes...), we.classes...)
				we.Message = de.Message + "; " + we.Message
			}
		}
	}
	we.answer = nil
	return we
}

// closeThen runs then once the body is closed.
type closeThen struct {
	io.ReadCloser
	once sync.Once
	then func()
}

func (b *closeThen) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.then)
	return err
}

// tooLarge is the error of an answer longer than the client reads.
func tooLarge(op, base string, status int, limit int64) *Error {
	return &Error{Op: op, URL: base, StatusCode: status, classes: []error{ErrTooLarge},
		Message: fmt.Sprintf("the answer is larger than %s, the most the client reads of one answer; it was not read further", byteSize(limit))}
}

// byteSize writes a size for a message: 16 MiB, 1 GiB, 512 bytes.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Fetch performs a call and decodes the entity found under the first present key of keys
// (an entity may come back under two keys).
func (a *API) Fetch(ctx context.Context, method, path string, in any, idempotent bool, out any, keys ...string) error {
	env, status, err := a.Do(ctx, method, path, nil, in, idempotent)
	if err != nil {
		return err
	}
	return env.Entity(a.Op(method, path), status, out, keys...)
}
