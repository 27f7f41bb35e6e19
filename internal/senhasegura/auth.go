package senhasegura

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// tokenCache holds the one OAuth2 token of a credential set (client credentials) that all its
// calls share.
type tokenCache struct {
	mu       sync.Mutex
	cfg      clientcredentials.Config
	base     context.Context
	tok      *oauth2.Token
	fetches  int
	tokenURL string
	baseURL  string
}

// token returns a valid token, fetching a new one when there is none or the current one is
// about to expire (10 s before, or a quarter of its lifetime for short-lived tokens).
func (t *tokenCache) token(ctx context.Context) (*oauth2.Token, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != nil && time.Now().Before(t.renewAt()) {
		return t.tok, nil
	}
	// The fetch lives on the long-lived context (golang/oauth2#388), with the caller's deadline
	// (a bounded wait: the retries and their waits end with it) and its cancellation (Ctrl-C
	// still aborts the fetch).
	fctx, cancel := context.WithCancel(t.base)
	if dl, ok := ctx.Deadline(); ok {
		fctx, cancel = context.WithDeadline(t.base, dl)
	}
	defer cancel()
	fctx, budget := withBudget(fctx)
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	fetchedAt := time.Now()
	tok, err := t.cfg.Token(fctx)
	if err != nil {
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, ctx.Err()
		}
		return nil, t.tokenError(err, budget).redact(ctx, t.cfg.ClientSecret)
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

// secrets are what of this credential set no error text may show: the client secret and the
// current token.
func (t *tokenCache) secrets() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := []string{t.cfg.ClientSecret}
	if t.tok != nil {
		out = append(out, t.tok.AccessToken)
	}
	return out
}

func (t *tokenCache) fetchCount() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.fetches
}

// tokenError converts an oauth2 failure into an *Error without the response body (which
// oauth2's own error text would include); the server's text in it is cleaned (Clean), the
// caller redacts the secrets.
func (t *tokenCache) tokenError(err error, budget *attemptBudget) *Error {
	op := "POST " + pathOf(t.tokenURL)
	var we *Error
	if errors.As(err, &we) && errors.Is(we, ErrWaitTooLong) {
		// The token endpoint asked for a wait longer than allowed (retryPolicy.checkRetry).
		we.Op, we.URL = op, t.baseURL
		if msg := tokenAnswerMessage(we.StatusCode, we.answer); msg != "" {
			we.Message = msg + "; " + we.Message
		}
		we.answer = nil
		return we
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		if isRedirect(re.Response.StatusCode) {
			return redirectError(op, t.baseURL, re.Response)
		}
		status := re.Response.StatusCode
		e := &Error{Op: op, URL: t.baseURL, StatusCode: status,
			tokenRejected: status == http.StatusBadRequest || status == http.StatusUnauthorized || status == http.StatusForbidden}
		if _, derr := DecodeEnvelope(op, re.Response.StatusCode, re.Body, nil); derr != nil {
			if de, ok := AsError(derr); ok {
				e.Code, e.Message = de.Code, de.Message
			}
		}
		if re.ErrorCode != "" && !strings.Contains(e.Message, re.ErrorCode) {
			e.Message = Clean(joinNonEmpty(re.ErrorCode, re.ErrorDescription))
		}
		if e.Message == "" {
			e.Message = statusMessage(e.StatusCode)
		}
		if retryableStatus(status) {
			gaveUpOn(e, budget)
		}
		return e
	}
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	if strings.Contains(err.Error(), "server response missing access_token") || strings.Contains(err.Error(), "cannot parse") {
		return &Error{Op: op, URL: t.baseURL, StatusCode: http.StatusOK, Message: "the token endpoint answered without an access token: is there a senhasegura API at this URL?"}
	}
	return gaveUp(connectionError(op, t.baseURL, err), budget)
}

// tokenAnswerMessage is the server's message in a token endpoint's answer: an OAuth2 error
// ({"error", "error_description"}), the envelope, or a gateway's message; "" when none.
func tokenAnswerMessage(status int, body []byte) string {
	_, derr := DecodeEnvelope("", status, body, nil)
	if de, ok := AsError(derr); ok {
		return de.Message
	}
	return ""
}

func pathOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Path != "" {
		return u.Path
	}
	return raw
}
