package senhasegura_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// A server that misbehaves the way gateways, proxies and buggy versions do: every wait is
// bounded, no secret reaches an error, no escape sequence reaches a terminal, sizes are true.

const secret = "Sup3r-S3cret-Client-Value"

var family = &senhasegura.Family{Name: "Test"}

// hostile serves the token endpoint with token and every other path with api, counting calls.
type hostile struct {
	token, api http.HandlerFunc
	tokens     atomic.Int64
	calls      atomic.Int64
}

func (h *hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasSuffix(r.URL.Path, "/oauth2/token") {
		h.tokens.Add(1)
		if h.token != nil {
			h.token(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"token_type":"Bearer","expires_in":3600,"access_token":"tok-123456789"}`)
		return
	}
	h.calls.Add(1)
	h.api(w, r)
}

func start(t *testing.T, h *hostile, cfg senhasegura.Config) *senhasegura.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg.BaseURL, cfg.ClientID, cfg.ClientSecret = srv.URL, "client-id", secret
	if cfg.RetryWaitMin == 0 {
		cfg.RetryWaitMin, cfg.RetryWaitMax = 10*time.Millisecond, 50*time.Millisecond
	}
	c, err := senhasegura.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func status(code int, retryAfter string, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}
}

// The token endpoint asks for a long wait: the configuration fails at once, naming the
// server's Retry-After, whatever its form; it never waits it out.
func TestTokenRetryAfterTooLongFailsAtOnce(t *testing.T) {
	for _, ra := range []string{"999999", "Wed, 01 Jan 2099 00:00:00 GMT", "120"} {
		for _, code := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
			t.Run(fmt.Sprintf("%d %s", code, ra), func(t *testing.T) {
				h := &hostile{token: status(code, ra, `{"error":"temporarily_unavailable"}`)}
				c := start(t, h, senhasegura.Config{})
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				began := time.Now()
				err := c.Authenticate(ctx)
				if took := time.Since(began); took > 5*time.Second {
					t.Fatalf("waited %s", took)
				}
				if !errors.Is(err, senhasegura.ErrWaitTooLong) {
					t.Fatalf("want ErrWaitTooLong, got %v", err)
				}
				if !strings.Contains(err.Error(), "Retry-After: "+ra) || !strings.Contains(err.Error(), "temporarily_unavailable") {
					t.Errorf("the error names neither the Retry-After nor the server's answer: %v", err)
				}
				if h.tokens.Load() != 1 {
					t.Errorf("%d token requests, want 1", h.tokens.Load())
				}
			})
		}
	}
}

// A Retry-After under the cap but longer than what is left of the deadline fails at once too,
// naming the time left.
func TestRetryAfterLongerThanTheDeadline(t *testing.T) {
	h := &hostile{token: status(http.StatusServiceUnavailable, "30", "")}
	c := start(t, h, senhasegura.Config{MaxRetryAfter: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	began := time.Now()
	err := c.Authenticate(ctx)
	if !errors.Is(err, senhasegura.ErrWaitTooLong) || time.Since(began) > time.Second {
		t.Fatalf("after %s: %v", time.Since(began), err)
	}
	if e, ok := senhasegura.AsError(err); !ok || e.StatusCode != 503 || !strings.Contains(e.Message, "left of the time limit") {
		t.Fatalf("the error says neither the status nor the time left: %v", err)
	}
	if e, ok := senhasegura.AsError(err); !ok {
		t.Fatalf("not an *Error: %v", err)
	} else if limit, capped := e.WaitLimit(); capped || limit > 2*time.Second {
		t.Errorf("WaitLimit %s capped=%v", limit, capped)
	}
}

// A 503 storm without Retry-After and with many retries ends with the deadline, never after it,
// and says how many attempts it made.
func TestBackoffNeverOutlastsTheDeadline(t *testing.T) {
	h := &hostile{api: status(http.StatusServiceUnavailable, "", `{"message":"busy"}`)}
	c := start(t, h, senhasegura.Config{MaxRetries: 50, RetryWaitMin: 100 * time.Millisecond, RetryWaitMax: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	began := time.Now()
	_, _, err := c.API(family).Do(ctx, http.MethodGet, "/things", nil, nil, true)
	took := time.Since(began)
	if took > 1600*time.Millisecond {
		t.Fatalf("took %s, beyond the deadline", took)
	}
	if !errors.Is(err, senhasegura.ErrWaitTooLong) || !strings.Contains(err.Error(), "gave up after") {
		t.Fatalf("want a wait refusal that counts the attempts, got %v", err)
	}
	if n := h.calls.Load(); n < 3 {
		t.Errorf("only %d attempts in %s", n, took)
	}
}

// An API call's long Retry-After fails at once with the answer's status and message, not as
// "interrupted before it was sent" after the operation's timeout.
func TestAPIRetryAfterTooLong(t *testing.T) {
	h := &hostile{api: status(http.StatusTooManyRequests, "999999", `{"message":"API rate limit exceeded"}`)}
	c := start(t, h, senhasegura.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, method := range []string{http.MethodGet, http.MethodPut} {
		began := time.Now()
		_, _, err := c.API(family).Do(ctx, method, "/things/1", nil, map[string]string{"a": "b"}, true)
		if time.Since(began) > 2*time.Second || !errors.Is(err, senhasegura.ErrWaitTooLong) || !errors.Is(err, senhasegura.ErrRateLimited) ||
			errors.Is(err, senhasegura.ErrInterrupted) {
			t.Fatalf("%s after %s: %v", method, time.Since(began), err)
		}
		if !strings.Contains(err.Error(), "API rate limit exceeded") || !strings.Contains(err.Error(), "Retry-After: 999999") {
			t.Errorf("%s: %v", method, err)
		}
	}
}

// After the retries, a 5xx says how many attempts were made.
func TestServerFailureCountsAttempts(t *testing.T) {
	h := &hostile{api: status(http.StatusInternalServerError, "", `{"response":{"status":500,"message":"Unexpected error.","error":true}}`)}
	c := start(t, h, senhasegura.Config{MaxRetries: 2})
	_, _, err := c.API(family).Do(context.Background(), http.MethodGet, "/things", nil, nil, true)
	e, ok := senhasegura.AsError(err)
	if !ok || e.Attempts != 3 || !strings.Contains(err.Error(), "gave up after 3 attempts") || !errors.Is(err, senhasegura.ErrServer) {
		t.Fatalf("%v (attempts %d)", err, e.Attempts)
	}
}

// A server that echoes the request puts neither the client secret, nor the token, nor a
// secret of the call (WithSecrets, in any encoding) into an error; escape sequences and
// control characters are made visible, not sent to the terminal.
func TestNoSecretInAnError(t *testing.T) {
	const password = "Pa$$ w0rd/+&=é"
	h := &hostile{
		token: func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintf(w, `{"error":"invalid_request","error_description":"bad request: %s \u001b[2J"}`, body)
		},
	}
	c := start(t, h, senhasegura.Config{})
	err := c.Authenticate(context.Background())
	if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), url.QueryEscape(secret)) ||
		!strings.Contains(err.Error(), "client_secret=***") || strings.ContainsRune(err.Error(), 0x1b) {
		t.Fatalf("token error: %v", err)
	}

	h = &hostile{api: func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		q := jsonText(body)
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{"code":400,"response":{"status":400,"message":"1001: refused %s; auth %s\u001b]0;owned\u0007","error":true}}`,
			q, r.Header.Get("Authorization"))
	}}
	c = start(t, h, senhasegura.Config{})
	ctx := senhasegura.WithSecrets(context.Background(), password)
	_, _, err = c.API(family).Do(ctx, http.MethodPost, "/things", nil, map[string]string{"password": password}, false)
	msg := err.Error()
	for _, leak := range []string{password, "Pa$$ w0rd", "tok-123456789", "\x1b", "\x07"} {
		if strings.Contains(msg, leak) {
			t.Errorf("the error shows %q: %s", leak, msg)
		}
	}
	if !strings.Contains(msg, "***") || !strings.Contains(msg, `\u001b]0;owned\u0007`) {
		t.Errorf("the error should show *** and the escaped sequence: %s", msg)
	}
}

// jsonText quotes s as the body of a JSON string (what a server echoing it would write).
func jsonText(s []byte) string {
	q := fmt.Sprintf("%q", s)
	return q[1 : len(q)-1]
}

// An HTML answer is named as HTML, with its title; an oversized answer is named with the
// limit it passed; sizes are true.
func TestAnswersThatAreNotTheAPI(t *testing.T) {
	h := &hostile{api: status(http.StatusOK, "", "<html><head><title>Scheduled Maintenance</title></head><body>back soon</body></html>")}
	c := start(t, h, senhasegura.Config{})
	_, _, err := c.API(family).Do(context.Background(), http.MethodGet, "/things", nil, nil, true)
	if !errors.Is(err, senhasegura.ErrInvalidResponse) || !strings.Contains(err.Error(), `HTML page titled "Scheduled Maintenance"`) ||
		!strings.Contains(err.Error(), "proxy or maintenance page") {
		t.Fatalf("html: %v", err)
	}

	h = &hostile{api: status(http.StatusOK, "", `{"things":[`+strings.Repeat(`"x",`, 1000))}
	c = start(t, h, senhasegura.Config{MaxResponseBytes: 2048})
	_, _, err = c.API(family).Do(context.Background(), http.MethodGet, "/things", nil, nil, true)
	if !errors.Is(err, senhasegura.ErrTooLarge) || !strings.Contains(err.Error(), "larger than 2.0 KiB") {
		t.Fatalf("too large: %v", err)
	}

	h = &hostile{api: status(http.StatusOK, "", "not json at all")}
	c = start(t, h, senhasegura.Config{})
	_, _, err = c.API(family).Do(context.Background(), http.MethodGet, "/things", nil, nil, true)
	if !strings.Contains(err.Error(), "not a JSON object (15 bytes)") {
		t.Fatalf("size: %v", err)
	}
}

// An untrusted certificate is named as such: the server answered.
func TestUntrustedCertificate(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	c, err := senhasegura.New(senhasegura.Config{BaseURL: srv.URL, ClientID: "a", ClientSecret: "b"})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Authenticate(context.Background())
	if !errors.Is(err, senhasegura.ErrUntrusted) || !strings.Contains(err.Error(), "not trusted") || strings.Contains(err.Error(), "no answer") {
		t.Fatalf("%v", err)
	}
}

// A request's time limit is a timeout, not a cancellation.
func TestTimeoutIsATimeout(t *testing.T) {
	h := &hostile{api: func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}}
	c := start(t, h, senhasegura.Config{Timeout: 100 * time.Millisecond, MaxRetries: senhasegura.NoRetries})
	_, _, err := c.API(family).Do(context.Background(), http.MethodGet, "/things", nil, nil, true)
	if !errors.Is(err, senhasegura.ErrTimeout) || !strings.Contains(err.Error(), "timed out") || strings.Contains(err.Error(), "cancel") {
		t.Fatalf("%v", err)
	}
}

// URLs with a query or a fragment are refused.
func TestBaseURLWithQuery(t *testing.T) {
	for _, raw := range []string{"https://vault.example.com/?tenant=a", "https://vault.example.com#x", "https://vault.example.com/?"} {
		if _, err := senhasegura.ParseBaseURL(raw); !errors.Is(err, senhasegura.ErrURLQuery) {
			t.Errorf("%s: %v", raw, err)
		}
	}
	if _, err := senhasegura.ParseBaseURL("https://vault.example.com/prefix"); err != nil {
		t.Error(err)
	}
}
