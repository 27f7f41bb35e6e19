package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// documentedFlags are the flags the troubleshooting guide's faults, the README and make mock
// rely on.
var documentedFlags = []string{
	"addr", "seed", "latency",
	"html", "html-title", "redirect", "delay", "status", "retry-after", "echo", "message", "count", "route",
	"token-status", "token-retry-after", "token-html", "token-redirect", "token-delay", "token-echo", "token-message", "token-count",
	"strict-shares", "users", "groups", "filters", "list-only-client",
	"dsm-client-id", "dsm-client-secret", "dsm-encrypt", "dsm-quirks",
}

// TestUsageListsFlagsAndHooks: -h lists every flag and every /_mock/ hook.
func TestUsageListsFlagsAndHooks(t *testing.T) {
	var out bytes.Buffer
	if _, err := parse([]string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	usage := out.String()
	fs, _ := newFlags(io.Discard)
	for _, name := range documentedFlags {
		if fs.Lookup(name) == nil {
			t.Errorf("no flag -%s", name)
		}
	}
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.Contains(usage, "  -"+f.Name+" ") && !strings.Contains(usage, "  -"+f.Name+"\n") {
			t.Errorf("-h does not list -%s", f.Name)
		}
	})
	hooks := regexp.MustCompile(`(?m)^(GET|POST|PATCH|DELETE|PUT) +/_mock/\S*`).FindAllString(senhaseguramock.AdminHelp, -1)
	for _, want := range []string{"POST   /_mock/faults", "DELETE /_mock/faults", "POST   /_mock/users", "POST   /_mock/groups",
		"POST   /_mock/clients", "GET    /_mock/counters", "POST   /_mock/latency", "GET    /_mock/items", "GET    /_mock/pam",
		"GET    /_mock/dsm", "POST   /_mock/dsm/authorizations", "GET    /_mock/dsm/authorization/{client_id}/private-key",
		"PATCH  /_mock/dsm/secret/{identity}", "POST   /_mock/dsm/expire/{identity}"} {
		if !strings.Contains(strings.Join(hooks, "\n"), want) {
			t.Errorf("AdminHelp has no %q", want)
		}
	}
	for _, h := range hooks {
		if !strings.Contains(usage, h) {
			t.Errorf("-h does not list the hook %q", h)
		}
	}
	for _, name := range senhaseguramock.DSMQuirkNames() {
		if !strings.Contains(usage, name) {
			t.Errorf("-h does not list the DSM quirk %s", name)
		}
	}
	for _, field := range []string{`"route"`, `"token"`, `"always"`, `"id"`, `"drop_id"`, `"echo"`, `"message"`, `"body_bytes"`, `"title"`, `"mangle"`, `"delay_ms"`, `"location"`} {
		if !strings.Contains(usage, field) {
			t.Errorf("-h does not document the faults hook's %s", field)
		}
	}
}

// mockFrom serves the mock a command line describes.
func mockFrom(t *testing.T, args ...string) (*senhaseguramock.Server, *httptest.Server) {
	t.Helper()
	c, err := parse(args, io.Discard)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	m, _, err := newMock(c)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, srv
}

type answer struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, srv *httptest.Server, method, path, token, body string) answer {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), method, srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
	} else {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, string(b)}
}

func tokenAnswer(t *testing.T, srv *httptest.Server) answer {
	t.Helper()
	return do(t, srv, "POST", "/iso/oauth2/token", "", url.Values{"grant_type": {"client_credentials"},
		"client_id": {senhaseguramock.DefaultClientID}, "client_secret": {senhaseguramock.DefaultClientSecret}}.Encode())
}

func token(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	a := tokenAnswer(t, srv)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(a.body), &tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: %d %s", a.status, a.body)
	}
	return tok.AccessToken
}

// TestFlagsMakeTheFaults: each fault flag answers every call, or -count calls.
func TestFlagsMakeTheFaults(t *testing.T) {
	t.Run("html", func(t *testing.T) {
		_, srv := mockFrom(t, "-html", "-status", "503", "-html-title", "Down for maintenance", "-retry-after", "120")
		tok := token(t, srv)
		for i := 0; i < 3; i++ {
			if a := do(t, srv, "GET", "/api/mysafe/password", tok, ""); a.status != 503 || !strings.Contains(a.body, "<title>Down for maintenance</title>") || a.header.Get("Retry-After") != "120" {
				t.Fatalf("call %d: %d %s", i, a.status, a.body)
			}
		}
	})
	t.Run("redirect once", func(t *testing.T) {
		_, srv := mockFrom(t, "-redirect", "https://sso.example.com/", "-count", "1")
		tok := token(t, srv)
		if a := do(t, srv, "GET", "/api/mysafe/password", tok, ""); a.status != 307 || a.header.Get("Location") != "https://sso.example.com/" {
			t.Fatalf("redirect: %d %v", a.status, a.header)
		}
		if a := do(t, srv, "GET", "/api/mysafe/password", tok, ""); a.status != 200 {
			t.Fatalf("second call: %d", a.status)
		}
	})
	t.Run("delay and latency", func(t *testing.T) {
		_, srv := mockFrom(t, "-delay", "100ms", "-latency", "50ms")
		tok := token(t, srv)
		start := time.Now()
		if a := do(t, srv, "GET", "/api/mysafe/password", tok, ""); a.status != 200 || time.Since(start) < 150*time.Millisecond {
			t.Fatalf("delay: %d after %v", a.status, time.Since(start))
		}
	})
	t.Run("status on one route", func(t *testing.T) {
		_, srv := mockFrom(t, "-status", "502", "-route", "GET /mysafe/password")
		tok := token(t, srv)
		if a := do(t, srv, "GET", "/api/mysafe/password", tok, ""); a.status != 502 {
			t.Fatalf("route: %d", a.status)
		}
		if a := do(t, srv, "GET", "/api/mysafe/note", tok, ""); a.status != 200 {
			t.Fatalf("other route: %d", a.status)
		}
	})
	t.Run("echo and message", func(t *testing.T) {
		_, srv := mockFrom(t, "-echo", "-count", "1", "-token-message", "\x1b[31mno", "-token-count", "1")
		if a := tokenAnswer(t, srv); a.status != 400 || !strings.Contains(a.body, `"error_description":"\u001b[31mno"`) {
			t.Fatalf("token message: %d %s", a.status, a.body)
		}
		tok := token(t, srv)
		if a := do(t, srv, "POST", "/api/mysafe/password", tok, `{"name":"secret-name"}`); a.status != 400 || !strings.Contains(a.body, `secret-name`) {
			t.Fatalf("echo: %d %s", a.status, a.body)
		}
	})
	t.Run("token storm", func(t *testing.T) {
		m, srv := mockFrom(t, "-token-status", "503", "-token-retry-after", "Wed, 01 Jan 2099 00:00:00 GMT")
		for i := 0; i < 3; i++ {
			if a := tokenAnswer(t, srv); a.status != 503 || a.header.Get("Retry-After") != "Wed, 01 Jan 2099 00:00:00 GMT" {
				t.Fatalf("token %d: %d %v", i, a.status, a.header)
			}
		}
		if m.FaultsServed() != 3 {
			t.Fatalf("faults served: %d", m.FaultsServed())
		}
	})
	t.Run("token html, redirect, delay, echo", func(t *testing.T) {
		_, srv := mockFrom(t, "-token-html", "-token-count", "1")
		if a := tokenAnswer(t, srv); a.status != 200 || !strings.HasPrefix(a.body, "<html>") {
			t.Fatalf("token html: %d %s", a.status, a.body)
		}
		_, srv = mockFrom(t, "-token-redirect", "https://idp.example.com/", "-token-status", "302")
		if a := tokenAnswer(t, srv); a.status != 302 || a.header.Get("Location") != "https://idp.example.com/" {
			t.Fatalf("token redirect: %d %v", a.status, a.header)
		}
		_, srv = mockFrom(t, "-token-echo")
		if a := tokenAnswer(t, srv); a.status != 400 || !strings.Contains(a.body, senhaseguramock.DefaultClientSecret) {
			t.Fatalf("token echo: %d %s", a.status, a.body)
		}
		_, srv = mockFrom(t, "-token-delay", "100ms")
		start := time.Now()
		if a := tokenAnswer(t, srv); a.status != 200 || time.Since(start) < 100*time.Millisecond {
			t.Fatalf("token delay: %d after %v", a.status, time.Since(start))
		}
	})
	t.Run("strict sharing", func(t *testing.T) {
		_, srv := mockFrom(t, "-strict-shares", "-users", "alice, bob", "-groups", "ops=carol+dan,dev")
		tok := token(t, srv)
		a := do(t, srv, "POST", "/api/mysafe/password", tok, `{"name":"n","username":"u","password":"p",
			"users_allowed":[{"username":"alice"},{"username":"carol"},{"username":"zed"}],"groups_allowed":[{"name":"ops"},{"name":"dev"},{"name":"qa"}]}`)
		if a.status != 201 || !strings.Contains(a.body, `"shared_error":["zed","qa"]`) {
			t.Fatalf("strict: %d %s", a.status, a.body)
		}
	})
	t.Run("filters and list-only client", func(t *testing.T) {
		m, srv := mockFrom(t, "-filters", "substring", "-list-only-client", "lister:s3cret:admin")
		m.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "Prod DB"}})
		tok := token(t, srv)
		if a := do(t, srv, "GET", "/api/mysafe/password?name=prod", tok, ""); !strings.Contains(a.body, "Prod DB") {
			t.Fatalf("substring filter: %s", a.body)
		}
		a := do(t, srv, "POST", "/iso/oauth2/token", "", "grant_type=client_credentials&client_id=lister&client_secret=s3cret")
		var lt struct {
			AccessToken string `json:"access_token"`
		}
		_ = json.Unmarshal([]byte(a.body), &lt)
		if a := do(t, srv, "GET", "/api/mysafe/password/1", lt.AccessToken, ""); a.status != 400 || !strings.Contains(a.body, "1006") {
			t.Fatalf("list-only: %d %s", a.status, a.body)
		}
	})
	t.Run("dsm", func(t *testing.T) {
		m, srv := mockFrom(t, "-seed", "-dsm-client-id", "ci", "-dsm-client-secret", "ci-secret", "-dsm-encrypt", "-dsm-quirks", "merge-on-update, no-secret-routes")
		a := do(t, srv, "POST", "/iso/oauth2/token", "", "grant_type=client_credentials&client_id=ci&client_secret=ci-secret")
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if err := json.Unmarshal([]byte(a.body), &tok); err != nil || tok.AccessToken == "" {
			t.Fatalf("DSM token: %d %s", a.status, a.body)
		}
		if a := do(t, srv, "GET", "/iso/sctm/secret", tok.AccessToken, ""); a.status != 404 {
			t.Fatalf("no-secret-routes: %d %s", a.status, a.body)
		}
		if a := do(t, srv, "GET", "/iso/dapp/application", tok.AccessToken, ""); a.status != 200 || !strings.Contains(a.body, `"identity":"demo/web01/db"`) ||
			strings.Contains(a.body, "mock-db-password") {
			t.Fatalf("the seeded secret, encrypted: %d %s", a.status, a.body)
		}
		auth, ok := m.DSMAuthorization("ci")
		if !ok || !auth.Encryption || !auth.CanCreateApplications {
			t.Fatalf("the creator: %+v", auth)
		}
		if _, ok := m.DSMAuthorization(senhaseguramock.DefaultDSMClientID); ok {
			t.Fatal("the default creator is there too")
		}
		if a := do(t, srv, "GET", "/iso/sctm/secret", token(t, srv), ""); a.status != 401 {
			t.Fatalf("the access key on DSM: %d", a.status)
		}
	})
	t.Run("refused command lines", func(t *testing.T) {
		for _, args := range [][]string{
			{"-html", "-redirect", "https://x"}, {"-retry-after", "5"}, {"-count", "2"}, {"-status", "500", "-route", "GET /nothing"},
			{"-filters", "fuzzy"}, {"-list-only-client", "id:secret"}, {"-token-retry-after", "5"}, {"-token-count", "1"},
			{"-token-html", "-token-redirect", "https://x"}, {"-status", "500", "-count", "-1"},
			{"-dsm-quirks", "merge"}, {"-dsm-client-id", ""}, {"-dsm-client-secret", ""}, {"-dsm-client-id", senhaseguramock.DefaultClientID},
		} {
			c, err := parse(args, io.Discard)
			if err == nil {
				_, _, err = newMock(c)
			}
			if err == nil {
				t.Errorf("%q: accepted", args)
			}
		}
		if _, err := parse([]string{"-seed", "extra"}, io.Discard); !errors.Is(err, errUsage) {
			t.Errorf("a stray argument: %v", err)
		}
		if _, err := parse([]string{"-nope"}, io.Discard); !errors.Is(err, errUsage) {
			t.Errorf("an unknown flag: %v", err)
		}
	})
}

// freeAddr is a 127.0.0.1 address with a port nothing listens on (it did a moment ago).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

// waitForCounters GETs /_mock/counters at addr until it answers, or fails after wait.
func waitForCounters(t *testing.T, addr string, wait time.Duration) map[string]any {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://"+addr+"/_mock/counters", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			var counters map[string]any
			err = json.NewDecoder(resp.Body).Decode(&counters)
			resp.Body.Close()
			if err == nil && resp.StatusCode == http.StatusOK {
				return counters
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing answers /_mock/counters on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// syncBuffer is a buffer the command writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestAddrIsHonoured: the command listens on -addr, serves the hooks there, and stops when
// its context ends.
func TestAddrIsHonoured(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-seed", "-addr", addr, "-token-status", "503", "-token-count", "1"}, &out, io.Discard)
	}()
	counters := waitForCounters(t, addr, 10*time.Second)
	if _, ok := counters["routes"]; !ok {
		t.Fatalf("counters: %v", counters)
	}
	if s := out.String(); !strings.Contains(s, "listening on http://"+addr+"\n") || !strings.Contains(s, "export SENHASEGURA_URL=http://"+addr) ||
		!strings.Contains(s, "Seeded:") || !strings.Contains(s, "the next 1 token requests answer HTTP 503") ||
		!strings.Contains(s, "export SENHASEGURA_DSM_CLIENT_ID="+senhaseguramock.DefaultDSMClientID+"\n") ||
		!strings.Contains(s, "export SENHASEGURA_DSM_CLIENT_SECRET="+senhaseguramock.DefaultDSMClientSecret+"\n") ||
		!strings.Contains(s, "Seeded:  DSM secret") {
		t.Fatalf("output:\n%s", s)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the command did not stop")
	}
}
