package mysafe

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"

	"github.com/hashicorp/go-retryablehttp"
)

const maxResponseBodyBytes = 16 << 20

// requester performs the logical API calls of every service: bearer token, JSON body, the
// retry policy, one token renewal and retry on 401, and the envelope decoding.
type requester struct {
	base   string // base URL without trailing slash
	prefix string // "/api" or "/iso"
	ua     string
	http   *retryablehttp.Client
	tokens *tokenCache
	retry  retryPolicy
	log    Logger
}

// op names a call in errors and logs, e.g. "GET /api/mysafe/password/5".
func (r *requester) op(method, path string) string { return method + " " + r.prefix + path }

// call performs one logical API call. idempotent=false disables transport retries (a
// create: see createWithRecovery). A call that changes something (any method but GET) sends
// its attempts on a context detached from ctx's cancellation (detachSent): one that has left
// completes within ctx's deadline even when Terraform is interrupted, and none leaves after
// that (the error then matches ErrInterrupted).
func (r *requester) call(ctx context.Context, method, path string, query url.Values, in any, idempotent bool) (envelope, int, error) {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, 0, fmt.Errorf("mysafe: encoding request: %w", err)
		}
	}
	full := r.base + r.prefix + path
	if len(query) > 0 {
		full += "?" + query.Encode()
	}
	op := r.op(method, path)
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
			r.log(ctx, "MySafe answered 401, renewing the token", map[string]any{"path": r.prefix + path})
			r.tokens.invalidate(used.get())
			continue
		}
		env, derr := decodeEnvelope(op, resp.StatusCode, data)
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

// fetch performs a call and decodes the entity found under the first present key (an
// entity may come back under two keys, quirk Q6).
func (r *requester) fetch(ctx context.Context, method, path string, in any, idempotent bool, out any, keys ...string) error {
	env, status, err := r.call(ctx, method, path, nil, in, idempotent)
	if err != nil {
		return err
	}
	return env.entity(r.op(method, path), status, out, keys...)
}

// list performs a list call (quirk Q11: no pagination; an empty list may lack its key).
func (r *requester) list(ctx context.Context, path string, q url.Values, keys ...string) ([]ListItem, error) {
	var w []wireListItem
	env, status, err := r.call(ctx, http.MethodGet, path, q, nil, true)
	if err != nil {
		return nil, err
	}
	if err := env.entity(r.op(http.MethodGet, path), status, &w, keys...); err != nil {
		if _, ok := env["response"]; ok {
			return []ListItem{}, nil
		}
		return nil, err
	}
	out := make([]ListItem, 0, len(w))
	for _, it := range w {
		out = append(out, it.toListItem())
	}
	return out, nil
}

// setActive deactivates or re-activates an item (quirk Q14: there is no delete).
func (r *requester) setActive(ctx context.Context, base, id string, active bool) error {
	path := base + "/inactive/" + id
	if active {
		path = base + "/active/" + id
	}
	if err := r.checkID(http.MethodPost, path, id); err != nil {
		return err
	}
	_, _, err := r.call(ctx, http.MethodPost, path, nil, nil, true)
	return err
}

var digits = regexp.MustCompile(`^[0-9]+$`)

// checkID refuses identifiers that are not digit strings before any call is made (MySafe
// would answer 1010, quirk Q4; refusing locally also keeps arbitrary text out of the URL
// path).
func (r *requester) checkID(method, path, id string) error {
	if !digits.MatchString(id) {
		return &Error{Op: r.op(method, path), StatusCode: http.StatusBadRequest, Code: 1010, Message: "Unexpected identifier type"}
	}
	return nil
}
