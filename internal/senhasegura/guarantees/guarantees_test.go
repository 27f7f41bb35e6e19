package guarantees_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// The guarantees of doc.go, each tested once per API family (forEachFamily) against the mock:
//
//	tokens: one per credential set, renewed      TestTokenReusedAcrossCalls, TestTokenRenewedBeforeExpiry,
//	                                              TestFamiliesShareTheInstanceBound
//	token errors                                  TestAuthenticationErrors, TestTokenRejectionStatuses
//	401: renewal and one retry                    TestUnauthorizedRetriedOnce
//	retries, backoff, Retry-After                 TestRetriesOnTransientFailures, TestAnsweredFailuresKeepAllRetries
//	bounded waits                                 TestWaitsAreBounded, TestCancellationHonoured
//	gateway answers                               TestGatewayAnswersAreClassified
//	fail fast on silent and unreachable servers   TestSilentServerRetriedOnce, TestRefusedPortFailsFast
//	bound on requests in flight                   TestMaxConcurrentRequests, TestFamiliesShareTheInstanceBound
//	no secret in errors                           TestErrorsNeverHoldSecrets
//	streaming lists                               TestListsAreStreamed
//	redirects never followed, token to the origin TestRedirectsNeverFollowed, TestUserInfoNeverRepeated (transport_test.go)
//	mutual TLS and private CAs                    TestClientCertificate (transport_test.go)
//	interrupts                                    TestInterrupted* (interrupt_test.go)
//	the create that is never sent twice           TestCreateNeverDuplicates, TestCreateAdoptsOnUnreadableAnswer (interrupt_test.go)
//
// They live in a test package of their own: internal/senhasegura knows no family, its tests
// included (depguard's core-knows-no-family). The family-free tests of the same guarantees (a
// hostile server, a bare Family) are in internal/senhasegura: misbehaving_test.go, client_test.go
// and foreign_host_internal_test.go.

func TestAuthenticationErrors(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		ctx := context.Background()
		m := senhaseguramock.New(senhaseguramock.Options{})
		srv := httptest.NewServer(m)
		defer srv.Close()

		c, _ := f.newClient(senhasegura.Config{BaseURL: srv.URL, ClientID: "wrong", ClientSecret: "very-secret-value"})
		err := c.authenticate(ctx)
		if !errors.Is(err, senhasegura.ErrUnauthorized) || strings.Contains(err.Error(), "very-secret-value") {
			t.Fatalf("wrong credentials: %v", err)
		}
		// A URL that has no senhasegura behind it: the gateway answers "No route matched".
		c, _ = f.newClient(senhasegura.Config{BaseURL: srv.URL, TokenURL: srv.URL + "/nothing/here", ClientID: "a", ClientSecret: "b"})
		if err := c.authenticate(ctx); !errors.Is(err, senhasegura.ErrNoRoute) {
			t.Fatalf("no route: %v", err)
		}
		// Nothing listens.
		ln := httptest.NewServer(http.NotFoundHandler())
		dead := ln.URL
		ln.Close()
		c, _ = f.newClient(senhasegura.Config{BaseURL: dead, ClientID: "a", ClientSecret: "b", MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
		err = c.authenticate(ctx)
		if !errors.Is(err, senhasegura.ErrConnection) || !strings.Contains(err.Error(), dead) {
			t.Fatalf("down server: %v", err)
		}
		// An API call without a valid token.
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+f.listPath, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("missing bearer: %d", resp.StatusCode)
		}
	})
}

// Token endpoints may refuse credentials with 400, 401 or 403: all mean "rejected".
func TestTokenRejectionStatuses(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		for _, status := range []int{400, 401, 403} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(status)
				_, _ = w.Write([]byte(`{"error":"access_denied"}`))
			}))
			c, _ := f.newClient(senhasegura.Config{BaseURL: srv.URL, ClientID: "a", ClientSecret: "b", MaxRetries: -1})
			if err := c.authenticate(context.Background()); !errors.Is(err, senhasegura.ErrUnauthorized) {
				t.Errorf("%d: %v", status, err)
			}
			srv.Close()
		}
	})
}

// One token serves every call of a credential set.
func TestTokenReusedAcrossCalls(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{})
		ctx := context.Background()
		var wg sync.WaitGroup
		for i := 0; i < 50; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.client.list(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n := e.mock.TokenRequests(); n != 1 {
			t.Fatalf("50 calls made %d token requests, want 1", n)
		}
		if n := e.mock.RequestCount(f.listRoute); n != 50 {
			t.Fatalf("list calls: %d", n)
		}
	})
}

func TestTokenRenewedBeforeExpiry(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{TokenTTL: time.Second})
		// The token source must outlive the context it was first used with.
		first, cancel := context.WithCancel(context.Background())
		if err := e.client.authenticate(first); err != nil {
			t.Fatal(err)
		}
		cancel()
		ctx := context.Background()
		for i := 0; i < 3; i++ {
			if _, err := e.client.list(ctx); err != nil {
				t.Fatalf("call %d: %v", i, err)
			}
			time.Sleep(600 * time.Millisecond)
		}
		if n := e.mock.TokenRequests(); n < 2 {
			t.Fatalf("want a renewed token, got %d token requests", n)
		}
		if n := e.mock.RequestCount(f.listRoute); n != 3 {
			t.Fatalf("every call answered once without 401 retries: %d", n)
		}
	})
}

func TestUnauthorizedRetriedOnce(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{})
		ctx := context.Background()
		if err := e.client.authenticate(ctx); err != nil {
			t.Fatal(err)
		}
		e.mock.RevokeTokens()
		if _, err := e.client.list(ctx); err != nil {
			t.Fatalf("a 401 renews the token and retries: %v", err)
		}
		if e.mock.TokenRequests() != 2 || e.mock.RequestCount(f.listRoute) != 2 {
			t.Fatalf("tokens %d, calls %d", e.mock.TokenRequests(), e.mock.RequestCount(f.listRoute))
		}

		// A server that always answers 401: one retry, then ErrUnauthorized.
		var calls int
		var mu sync.Mutex
		m := senhaseguramock.New(senhaseguramock.Options{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, f.pathPart) {
				mu.Lock()
				calls++
				mu.Unlock()
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"message":"You are not authorized to access this resource."}`))
				return
			}
			m.ServeHTTP(w, r)
		}))
		defer srv.Close()
		c, _ := f.newClient(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret})
		_, err := c.list(ctx)
		if !errors.Is(err, senhasegura.ErrUnauthorized) || calls != 2 {
			t.Fatalf("err %v after %d calls", err, calls)
		}
	})
}

// Connection resets and 500, 502, 503 and 504 are retried with backoff; a 429's Retry-After is
// waited out; a clear failure is never retried.
func TestRetriesOnTransientFailures(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		ctx := context.Background()
		e := newEnv(t, f, senhaseguramock.Options{})
		id := f.seed(e.mock)
		for _, fault := range []senhaseguramock.Fault{{Status: 500}, {Status: 502}, {Status: 503}, {Status: 504}, {Reset: true}} {
			e.mock.FailNextOn(f.readRoute, 2, fault)
			before := e.mock.RequestCount(f.readRoute)
			if err := e.client.read(ctx, id); err != nil {
				t.Fatalf("fault %+v: %v", fault, err)
			}
			if n := e.mock.RequestCount(f.readRoute) - before; n != 3 {
				t.Fatalf("fault %+v: %d attempts, want 3", fault, n)
			}
		}
		e.mock.FailNextOn(f.updateRoute, 1, senhaseguramock.Fault{Status: 429, RetryAfter: "1"})
		start := time.Now()
		if err := e.client.update(ctx, id); err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(start); waited < time.Second {
			t.Fatalf("Retry-After: 1 honoured? waited %v", waited)
		}
		// A clear failure is never retried.
		before := e.mock.RequestCount(f.createRoute)
		if err := e.client.refusedCreate(ctx); !errors.Is(err, f.refusal) {
			t.Fatal(err)
		}
		if n := e.mock.RequestCount(f.createRoute) - before; n != 1 {
			t.Fatalf("400 was retried: %d attempts", n)
		}
	})
}

// A failure with an answer (503) still gets every retry max_retries allows.
func TestAnsweredFailuresKeepAllRetries(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{}, func(c *senhasegura.Config) { c.MaxRetries = 4 })
		if err := e.client.authenticate(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.mock.FailNextOn(f.listRoute, 4, senhaseguramock.Fault{Status: 503})
		if _, err := e.client.list(context.Background()); err != nil {
			t.Fatalf("4 failures with 4 retries: %v", err)
		}
		if n := e.mock.RequestCount(f.listRoute); n != 5 {
			t.Fatalf("%d attempts, want 5", n)
		}
	})
}

// Every wait is bounded: a Retry-After longer than the client waits (of a call, of the token
// request) ends the call at once with the server's answer, and a backoff never outlasts the
// call's deadline.
func TestWaitsAreBounded(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{})
		id := f.seed(e.mock)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for _, call := range []struct {
			name, route string
			run         func() error
		}{
			{"read", f.readRoute, func() error { return e.client.read(ctx, id) }},
			{"update", f.updateRoute, func() error { return e.client.update(ctx, id) }},
		} {
			e.mock.FailNextOn(call.route, 1, senhaseguramock.Fault{Status: http.StatusTooManyRequests, RetryAfter: "999999"})
			began := time.Now()
			err := call.run()
			if time.Since(began) > 2*time.Second || !errors.Is(err, senhasegura.ErrWaitTooLong) || !errors.Is(err, senhasegura.ErrRateLimited) ||
				errors.Is(err, senhasegura.ErrInterrupted) {
				t.Fatalf("%s after %s: %v", call.name, time.Since(began), err)
			}
			if !strings.Contains(err.Error(), "API rate limit exceeded") || !strings.Contains(err.Error(), "Retry-After: 999999") {
				t.Errorf("%s: %v", call.name, err)
			}
		}

		e = newEnv(t, f, senhaseguramock.Options{})
		e.mock.FailNextToken(1, senhaseguramock.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "999999"})
		began := time.Now()
		_, err := e.client.list(ctx)
		if time.Since(began) > 5*time.Second || !errors.Is(err, senhasegura.ErrWaitTooLong) || !strings.Contains(err.Error(), "Retry-After: 999999") {
			t.Fatalf("token after %s: %v", time.Since(began), err)
		}
		if n := e.mock.RequestCount("POST /oauth2/token"); n != 1 {
			t.Errorf("%d token requests, want 1", n)
		}

		e = newEnv(t, f, senhaseguramock.Options{}, func(c *senhasegura.Config) {
			c.MaxRetries, c.RetryWaitMin, c.RetryWaitMax = 50, 100*time.Millisecond, 2*time.Second
		})
		if err := e.client.authenticate(ctx); err != nil {
			t.Fatal(err)
		}
		e.mock.FailAlwaysOn(f.listRoute, senhaseguramock.Fault{Status: http.StatusServiceUnavailable})
		short, cancelShort := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancelShort()
		began = time.Now()
		_, err = e.client.list(short)
		took := time.Since(began)
		if took > 1600*time.Millisecond {
			t.Fatalf("took %s, beyond the deadline", took)
		}
		if !errors.Is(err, senhasegura.ErrWaitTooLong) || !strings.Contains(err.Error(), "gave up after") {
			t.Fatalf("want a wait refusal that counts the attempts, got %v", err)
		}
		if n := e.mock.RequestCount(f.listRoute); n < 3 {
			t.Errorf("only %d attempts in %s", n, took)
		}
	})
}

// A read ends with its caller's deadline, however slow the server.
func TestCancellationHonoured(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{})
		if err := e.client.authenticate(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.mock.SetLatency(5 * time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := e.client.list(ctx)
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
			t.Fatalf("err %v after %v", err, time.Since(start))
		}
	})
}

// The gateway's own answers (Kong's 502 and 504, the server's 500 "Unexpected error.") are
// named for what they are, whichever family's call they answer.
func TestGatewayAnswersAreClassified(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		ctx := context.Background()
		gw := newEnv(t, f, senhaseguramock.Options{}, func(c *senhasegura.Config) { c.MaxRetries = -1 })
		id := f.seed(gw.mock)
		cases := []struct {
			name     string
			call     func() error
			sentinel error
			code     int
			status   int
			message  string
		}{
			{"bad gateway", func() error {
				gw.mock.FailNext(1, senhaseguramock.Fault{Status: 502})
				_, err := gw.client.list(ctx)
				return err
			}, senhasegura.ErrGateway, 0, 502, senhaseguramock.MsgBadGateway},
			{"gateway timeout", func() error {
				gw.mock.FailNext(1, senhaseguramock.Fault{Status: 504})
				_, err := gw.client.list(ctx)
				return err
			}, senhasegura.ErrGateway, 0, 504, senhaseguramock.MsgGatewayTimout},
			{"server error", func() error {
				gw.mock.FailNext(1, senhaseguramock.Fault{Status: 500})
				return gw.client.read(ctx, id)
			}, senhasegura.ErrServer, 0, 500, "Unexpected error."},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				err := tc.call()
				if !errors.Is(err, tc.sentinel) {
					t.Fatalf("want %v, got %v", tc.sentinel, err)
				}
				me, ok := senhasegura.AsError(err)
				if !ok || me.Code != tc.code || me.StatusCode != tc.status || me.Message != tc.message {
					t.Fatalf("error fields: %#v", me)
				}
			})
		}
	})
}

// A server that accepts connections and never answers gets one retry, whatever max_retries
// says: two attempts of request_timeout each.
func TestSilentServerRetriedOnce(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		silent, err := senhaseguramock.NewSilentServer()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(silent.Close)
		c, err := f.newClient(senhasegura.Config{
			BaseURL: "http://" + silent.Addr(), ClientID: "id", ClientSecret: "secret", Timeout: 150 * time.Millisecond,
			MaxRetries: 5, RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 10 * time.Millisecond,
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.list(context.Background())
		if err == nil || !strings.Contains(err.Error(), "timed out") || !strings.Contains(err.Error(), "gave up after 2 attempts") {
			t.Fatalf("want a timeout after 2 attempts, got %v", err)
		}
		if n := silent.Connections(); n != 2 {
			t.Fatalf("%d connections, want 2 (one retry)", n)
		}
	})
}

// A refused port gets two quick retries, and the error names the address.
func TestRefusedPortFailsFast(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		_ = ln.Close()
		c, err := f.newClient(senhasegura.Config{BaseURL: "http://" + addr, ClientID: "id", ClientSecret: "secret", MaxRetries: 5,
			RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.list(context.Background())
		if err == nil || !strings.Contains(err.Error(), "cannot connect to "+addr) || !strings.Contains(err.Error(), "gave up after 3 attempts") {
			t.Fatalf("want a refused connection to %s after 3 attempts, got %v", addr, err)
		}
	})
}

// At most Config.MaxConcurrent requests are in flight, and the bound is reached.
func TestMaxConcurrentRequests(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{}, func(c *senhasegura.Config) { c.MaxConcurrent = 3 })
		ctx := context.Background()
		if err := e.client.authenticate(ctx); err != nil {
			t.Fatal(err)
		}
		e.mock.SetLatency(40 * time.Millisecond)
		var wg sync.WaitGroup
		for i := 0; i < 30; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.client.list(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n := e.mock.MaxInFlight(); n != 3 {
			t.Fatalf("max in flight %d, want exactly the bound 3", n)
		}
	})
}

// Every family on two credential sets of one instance: each set has its own token, and the
// bound on requests in flight is the instance's, whichever family and credentials a request
// uses.
func TestFamiliesShareTheInstanceBound(t *testing.T) {
	m := senhaseguramock.New(senhaseguramock.Options{})
	m.AddClient("second-id", "second-secret", "admin")
	srv := httptest.NewServer(m)
	defer srv.Close()
	m.SetLatency(100 * time.Millisecond)
	first, err := senhasegura.New(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret, MaxConcurrent: 3})
	if err != nil {
		t.Fatal(err)
	}
	second, err := first.WithCredentials("second-id", "second-secret", "")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for i := 0; i < 12; i++ {
		f, core := families[(i/2)%len(families)], first
		if i%2 == 1 {
			core = second
		}
		c := f.on(core)
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.list(ctx)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := m.MaxInFlight(); n > 3 {
		t.Errorf("%d requests in flight at once, the instance's bound is 3", n)
	}
	if first.TokenFetches() != 1 || second.TokenFetches() != 1 || m.TokenRequests() != 2 {
		t.Errorf("tokens: first %d, second %d, mock %d; want one per credential set", first.TokenFetches(), second.TokenFetches(), m.TokenRequests())
	}
}

// No error text carries a secret value, whatever went wrong.
func TestErrorsNeverHoldSecrets(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		const secret = "S3cr3t-Value-Never-Shown"
		m := senhaseguramock.New(senhaseguramock.Options{ClientSecret: secret})
		f.prepare(m)
		var mode string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case strings.Contains(r.URL.Path, f.pathPart) && mode == "html":
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write([]byte("<html>" + secret + "</html>"))
			case strings.Contains(r.URL.Path, f.pathPart) && mode == "echo":
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"broken": "` + secret))
			case strings.Contains(r.URL.Path, "/oauth2/") && mode == "token-echo":
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"error":"invalid_client","echo":"` + secret + `"}`))
			default:
				m.ServeHTTP(w, r)
			}
		}))
		defer srv.Close()
		for _, mode = range []string{"html", "echo", "token-echo", "wrong-secret", "echo-request", "token-echo-request"} {
			ctx := context.Background()
			sec := secret
			switch mode {
			case "wrong-secret":
				sec = secret + "-wrong"
			case "echo-request":
				// The server's error message is the request's body, the secret value in it: it
				// is one of the call's secrets (WithSecrets, as the provider puts them).
				m.FailNextOn(f.createRoute, 1, senhaseguramock.Fault{Echo: true})
				ctx = senhasegura.WithSecrets(ctx, secret)
			case "token-echo-request":
				// The token endpoint's error message is the form body, client_secret in it.
				m.FailTokensAlways(senhaseguramock.Fault{Echo: true})
			}
			c, _ := f.newClient(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: sec, MaxRetries: -1})
			_, err := c.create(ctx, "n", secret)
			m.ClearFaults()
			if err == nil {
				t.Fatalf("%s: no error", mode)
			}
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("%s: error text holds the secret: %v", mode, err)
			}
		}
	})
}

// A list is read as a stream of entries, whatever its size, within the bound on what is read
// of one answer: every entry of a long list arrives, a list that breaks off is an error (never
// a shorter list), and one longer than Config.MaxResponseBytes is named for it.
func TestListsAreStreamed(t *testing.T) {
	const n = 3000
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		ctx := context.Background()
		e := newEnv(t, f, senhaseguramock.Options{})
		f.seedMany(e.mock, n)
		if got, err := e.client.list(ctx); err != nil || got != n {
			t.Fatalf("listed %d of %d: %v", got, n, err)
		}
		e.mock.FailNextOn(f.listRoute, 1, senhaseguramock.Fault{Mangle: senhaseguramock.MangleTruncate})
		if got, err := e.client.list(ctx); err == nil || !strings.Contains(err.Error(), "breaks off") || errors.Is(err, senhasegura.ErrTooLarge) {
			t.Fatalf("a list cut in half: %d entries, %v", got, err)
		}
		small := e.another(t, func(c *senhasegura.Config) { c.MaxResponseBytes = 64 << 10 })
		if got, err := small.list(ctx); !errors.Is(err, senhasegura.ErrTooLarge) || !strings.Contains(err.Error(), "larger than 64.0 KiB") {
			t.Fatalf("a list beyond MaxResponseBytes: %d entries, %v", got, err)
		}
	})
}
