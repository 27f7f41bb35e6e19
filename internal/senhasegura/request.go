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

	"github.com/hashicorp/go-retryablehttp"
)

const maxResponseBodyBytes = 16 << 20

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
	r := a.c
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, 0, fmt.Errorf("senhasegura: encoding request: %w", err)
		}
	}
	full := r.base + a.prefix + path
	if len(query) > 0 {
		full += "?" + query.Encode()
	}
	op := a.Op(method, path)
	rctx, budget := withBudget(ctx)
	changes := method != http.MethodGet
	if changes {
		var cancel context.CancelFunc
		rctx, cancel = detachSent(rctx)
		defer cancel()
	}
	if !idempotent {
		rctx = context.WithValue(rctx, nonIdempotentKey, true)
	}
	for attempt := 0; ; attempt++ {
		// Get (or renew) the token first, so that credential errors keep their class.
		if _, err := r.tokens.token(ctx); err != nil {
			if changes && ctx.Err() != nil {
				return nil, 0, fmt.Errorf("%s: %w", op, ErrInterrupted)
			}
			return nil, 0, err
		}
		used := &requestAuth{api: a.fam.name(), tokens: r.tokens}
		var rawBody any
		if body != nil {
			rawBody = body
		}
		req, err := retryablehttp.NewRequestWithContext(context.WithValue(rctx, apiRequestKey, used), method, full, rawBody)
		if err != nil {
			return nil, 0, fmt.Errorf("senhasegura: building request: %w", err)
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
				return nil, 0, fmt.Errorf("%s: %w", op, ErrInterrupted)
			}
			if ctx.Err() != nil && !changes {
				return nil, 0, ctx.Err()
			}
			if te, ok := AsError(err); ok {
				return nil, 0, te
			}
			if idempotent {
				return nil, 0, gaveUp(connectionError(op, r.base, err), budget)
			}
			return nil, 0, connectionError(op, r.base, err)
		}
		data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxResponseBodyBytes))
		_ = resp.Body.Close()
		if rerr != nil {
			if ctx.Err() != nil && !changes {
				return nil, 0, ctx.Err()
			}
			return nil, 0, connectionError(op, r.base, rerr)
		}
		if isRedirect(resp.StatusCode) {
			return nil, resp.StatusCode, redirectError(op, r.base, resp)
		}
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 && !interruptedBeforeSend(rctx) {
			// The token was revoked or expired early: drop it, get a new one, try once more.
			r.log(ctx, a.fam.name()+" answered 401, renewing the token", map[string]any{"path": a.prefix + path})
			r.tokens.invalidate(used.get())
			continue
		}
		env, derr := DecodeEnvelope(op, resp.StatusCode, data, a.fam)
		if derr != nil {
			if e, ok := AsError(derr); ok {
				e.URL = r.base
				if d, ok := retryAfter(resp); ok {
					e.RetryAfter = d
				}
			}
			return nil, resp.StatusCode, derr
		}
		return env, resp.StatusCode, nil
	}
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
