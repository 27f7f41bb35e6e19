package mysafe_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

type env struct {
	mock   *senhaseguramock.Server
	srv    *httptest.Server
	client *mysafe.Client
}

func newEnv(t *testing.T, opts senhaseguramock.Options, tweak ...func(*senhasegura.Config)) *env {
	t.Helper()
	m := senhaseguramock.New(opts)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	cfg := senhasegura.Config{
		BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret,
		RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
	}
	if opts.ClientID != "" {
		cfg.ClientID, cfg.ClientSecret = opts.ClientID, opts.ClientSecret
	}
	for _, f := range tweak {
		f(&cfg)
	}
	c, err := mysafe.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{mock: m, srv: srv, client: c}
}

// The "senseg account" password of the vendor's update page (seed 004).
func sensegPassword() mysafe.Password {
	return mysafe.Password{
		Name: "senseg account", URL: "www.senhasegura.com", Username: "npass", Password: "8jhfy@3789",
		SecretKey: "JBSWY3DPEHPK3PXP", Notes: "Access details", Tags: "tag1, tag2",
		UsersAllowed:  []mysafe.Share{{Name: "pduarte"}},
		GroupsAllowed: []mysafe.Share{{Name: "Test group"}},
	}
}

// The GCP API secret of the vendor's create page (seed 002).
func gcpSecret() mysafe.APISecret {
	return mysafe.APISecret{
		Name: "GCP", URL: "https://gcp.com", ClientID: "gf455f7g8fb5dfg8fd545bffbv", ClientSecret: "gf5464g5v7ffsd857xc4fds57g8fds",
		IdentifierCode: "hyga125", Tags: "Cloud", Notes: "Access details", Method: "get",
		UsersAllowed:  []mysafe.Share{{Name: "pduarte", CanEdit: true}},
		GroupsAllowed: []mysafe.Share{{Name: "Test group"}},
	}
}

func TestPasswordLifecycle(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	ctx := context.Background()

	created, err := e.client.Passwords.Create(ctx, sensegPassword())
	if err != nil {
		t.Fatal(err)
	}
	if created.ID != "1" || created.Notes != "Access details" || created.Name != "senseg account" {
		t.Fatalf("create answer mapped wrongly (note → Notes): %+v", created)
	}
	if created.Password != "" || created.SecretKey != "" {
		t.Fatalf("create answer does not echo secrets, got %+v", created)
	}
	if len(created.UsersAllowed) != 1 || created.UsersAllowed[0] != (mysafe.Share{Name: "pduarte"}) {
		t.Fatalf("users_allowed: %+v", created.UsersAllowed)
	}

	got, err := e.client.Passwords.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Password != "8jhfy@3789" || got.SecretKey != "JBSWY3DPEHPK3PXP" || got.Notes != "Access details" || got.Tags != "tag1, tag2" {
		t.Fatalf("get: %+v", got)
	}
	if len(got.Token) != 6 {
		t.Fatalf("GET returns the current TOTP code as token, got %q", got.Token)
	}

	list, err := e.client.Passwords.List(ctx, mysafe.PasswordFilter{Name: "senseg account", Username: "npass"})
	if err != nil || len(list) != 1 || list[0].ID != created.ID || !list[0].CanView {
		t.Fatalf("list: %+v %v", list, err)
	}
	if list, _ := e.client.Passwords.List(ctx, mysafe.PasswordFilter{Tag: "tag2"}); len(list) != 1 {
		t.Fatalf("tag filter: %+v", list)
	}
	if list, _ := e.client.Passwords.List(ctx, mysafe.PasswordFilter{Name: "other"}); len(list) != 0 {
		t.Fatalf("name filter: %+v", list)
	}

	upd := mysafe.PasswordUpdate{Notes: ptr(""), SecretKey: ptr(""), URL: ptr(""), UsersAllowed: []mysafe.Share{}, GroupsAllowed: []mysafe.Share{}}
	updated, err := e.client.Passwords.Update(ctx, created.ID, upd)
	if err != nil {
		t.Fatal(err)
	}
	if updated.Notes != "" || len(updated.UsersAllowed) != 0 || len(updated.GroupsAllowed) != 0 {
		t.Fatalf("\"\" clears a field and empty lists clear sharing: %+v", updated)
	}
	stored, _ := e.mock.Item(senhaseguramock.KindPassword, created.ID)
	if stored.Fields["secret_key"] != "" || stored.Fields["url"] != "" || len(stored.UsersAllowed) != 0 {
		t.Fatalf("mock still holds cleared fields: %+v", stored)
	}

	if err := e.client.Passwords.Deactivate(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Passwords.Deactivate(ctx, created.ID); err != nil {
		t.Fatalf("deactivating twice must succeed: %v", err)
	}
	if _, err := e.client.Passwords.Get(ctx, created.ID); !errors.Is(err, senhasegura.ErrInactive) {
		t.Fatalf("GET inactive: want ErrInactive, got %v", err)
	}
	if list, _ := e.client.Passwords.List(ctx, mysafe.PasswordFilter{}); len(list) != 0 {
		t.Fatalf("inactive items are hidden from lists: %+v", list)
	}
	if _, err := e.client.Passwords.Update(ctx, created.ID, upd); !errors.Is(err, senhasegura.ErrInactive) {
		t.Fatalf("update inactive: %v", err)
	}
	if err := e.client.Passwords.Activate(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Passwords.Activate(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Passwords.Get(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
}

func TestAPISecretLifecycle(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	ctx := context.Background()
	created, err := e.client.APISecrets.Create(ctx, gcpSecret())
	if err != nil {
		t.Fatal(err)
	}
	if created.ClientSecret != gcpSecret().ClientSecret || created.IdentifierCode != "hyga125" || created.Notes != "Access details" {
		t.Fatalf("create: %+v", created)
	}
	if created.GroupsAllowed[0] != (mysafe.Share{Name: "Test group", CanEdit: false}) {
		t.Fatalf("group without can_edit comes back false: %+v", created.GroupsAllowed)
	}
	got, err := e.client.APISecrets.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	// GET answers api_secret_entity with users_allowed[].name: the client hides both.
	if len(got.UsersAllowed) != 1 || got.UsersAllowed[0] != (mysafe.Share{Name: "pduarte", CanEdit: true}) || got.Method != "get" {
		t.Fatalf("get: %+v", got)
	}
	list, err := e.client.APISecrets.List(ctx, mysafe.APISecretFilter{IdentifierCode: "hyga125"})
	if err != nil || len(list) != 1 || list[0].Name != "GCP" {
		t.Fatalf("list: %+v %v", list, err)
	}
	if list, _ := e.client.APISecrets.List(ctx, mysafe.APISecretFilter{IdentifierCode: "nope"}); len(list) != 0 {
		t.Fatalf("identifier_code filter: %+v", list)
	}

	_, err = e.client.APISecrets.Create(ctx, gcpSecret())
	if !errors.Is(err, mysafe.ErrDuplicateIdentifierCode) {
		t.Fatalf("duplicate identifier_code: %v", err)
	}
	other := gcpSecret()
	other.IdentifierCode = "other"
	second, err := e.client.APISecrets.Create(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.APISecrets.Update(ctx, second.ID, mysafe.APISecretUpdate{IdentifierCode: ptr("hyga125")}); !errors.Is(err, mysafe.ErrDuplicateIdentifierCode) {
		t.Fatalf("duplicate identifier_code on update: %v", err)
	}

	upd := mysafe.APISecretUpdate{Method: ptr(""), Name: ptr("GCP1"), UsersAllowed: []mysafe.Share{}}
	updated, err := e.client.APISecrets.Update(ctx, created.ID, upd)
	if err != nil {
		t.Fatal(err)
	}
	if updated.Name != "GCP1" || updated.Method != "" || len(updated.UsersAllowed) != 0 {
		t.Fatalf("update: %+v", updated)
	}
	if err := e.client.APISecrets.Deactivate(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.APISecrets.Deactivate(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.APISecrets.Get(ctx, created.ID); !errors.Is(err, senhasegura.ErrInactive) {
		t.Fatalf("want ErrInactive, got %v", err)
	}
	if err := e.client.APISecrets.Activate(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
}

func TestQuirkVariants(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, senhaseguramock.Options{Quirks: senhaseguramock.Quirks{OmitCode: true, CapitalMessage: true, UpdateStatus201: true, InactiveAs1005: true}})
	a, err := e.client.APISecrets.Create(ctx, gcpSecret())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.APISecrets.Update(ctx, a.ID, mysafe.APISecretUpdate{Notes: ptr("n")}); err != nil {
		t.Fatalf("201 on update is success: %v", err)
	}
	p, err := e.client.Passwords.Create(ctx, sensegPassword())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Passwords.Get(ctx, "99"); !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("envelope without code: %v", err)
	}
	_ = e.client.Passwords.Deactivate(ctx, p.ID)
	if _, err := e.client.Passwords.Get(ctx, p.ID); !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("old servers answer 1005 for inactive: %v", err)
	}
}

func TestErrorCodes(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, senhaseguramock.Options{})
	e.mock.AddClient("bob-id", "bob-secret", "bob")
	bob, err := mysafe.New(senhasegura.Config{BaseURL: e.srv.URL, ClientID: "bob-id", ClientSecret: "bob-secret"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.client.Passwords.Create(ctx, mysafe.Password{Name: "n", Username: "u", Password: "secret-value-1"})
	if err != nil {
		t.Fatal(err)
	}
	noRetry := func(c *senhasegura.Config) { c.MaxRetries = -1 }
	gw := newEnv(t, senhaseguramock.Options{}, noRetry)

	cases := []struct {
		name     string
		call     func() error
		sentinel error
		code     int
		status   int
		message  string
	}{
		{"not found", func() error { _, err := e.client.Passwords.Get(ctx, "42"); return err }, senhasegura.ErrNotFound, 1005, 400, "Password not found"},
		{"api secret not found", func() error { _, err := e.client.APISecrets.Get(ctx, "42"); return err }, senhasegura.ErrNotFound, 1005, 400, "Api secret not found"},
		{"no access", func() error { _, err := bob.Passwords.Get(ctx, p.ID); return err }, senhasegura.ErrNoAccess, 1006, 400, "User does not have access"},
		{"no access on update", func() error {
			_, err := bob.Passwords.Update(ctx, p.ID, mysafe.PasswordUpdate{Name: ptr("x")})
			return err
		}, senhasegura.ErrNoAccess, 1006, 400, "User does not have access"},
		{"bad identifier from server", func() error { _, err := e.client.Passwords.Get(ctx, "0"); return err }, mysafe.ErrBadIdentifier, 1010, 400, "Unexpected identifier type"},
		{"bad identifier refused locally", func() error { _, err := e.client.Passwords.Get(ctx, "../x"); return err }, mysafe.ErrBadIdentifier, 1010, 400, "Unexpected identifier type"},
		{"missing name", func() error {
			_, err := e.client.Passwords.Create(ctx, mysafe.Password{Username: "u", Password: "p"})
			return err
		}, mysafe.ErrMissingParameter, 1001, 400, "Parameter 'name' was not informed!"},
		{"missing username", func() error {
			_, err := e.client.Passwords.Create(ctx, mysafe.Password{Name: "n", Password: "p"})
			return err
		}, mysafe.ErrMissingParameter, 1001, 400, "Parameter 'username' was not informed!"},
		{"missing password", func() error {
			_, err := e.client.Passwords.Create(ctx, mysafe.Password{Name: "n", Username: "u"})
			return err
		}, mysafe.ErrMissingParameter, 1001, 400, "Parameter 'password' was not informed!"},
		{"missing url", func() error {
			_, err := e.client.APISecrets.Create(ctx, mysafe.APISecret{Name: "n", ClientID: "c"})
			return err
		}, mysafe.ErrMissingParameter, 1001, 400, "Parameter 'url' was not informed!"},
		{"missing client_id", func() error {
			_, err := e.client.APISecrets.Create(ctx, mysafe.APISecret{Name: "n", URL: "u"})
			return err
		}, mysafe.ErrMissingParameter, 1001, 400, "Parameter 'client_id' was not informed!"},
		{"bad gateway", func() error {
			gw.mock.FailNext(1, senhaseguramock.Fault{Status: 502})
			_, err := gw.client.Passwords.List(ctx, mysafe.PasswordFilter{})
			return err
		}, senhasegura.ErrGateway, 0, 502, senhaseguramock.MsgBadGateway},
		{"gateway timeout", func() error {
			gw.mock.FailNext(1, senhaseguramock.Fault{Status: 504})
			_, err := gw.client.Passwords.List(ctx, mysafe.PasswordFilter{})
			return err
		}, senhasegura.ErrGateway, 0, 504, senhaseguramock.MsgGatewayTimout},
		{"server error", func() error {
			gw.mock.FailNext(1, senhaseguramock.Fault{Status: 500})
			_, err := gw.client.Passwords.Get(ctx, "1")
			return err
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
			if strings.Contains(err.Error(), "secret-value-1") {
				t.Fatal("error text holds a secret")
			}
		})
	}
}

func TestAuthenticationErrors(t *testing.T) {
	ctx := context.Background()
	m := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(m)
	defer srv.Close()

	c, _ := mysafe.New(senhasegura.Config{BaseURL: srv.URL, ClientID: "wrong", ClientSecret: "very-secret-value"})
	err := c.Authenticate(ctx)
	if !errors.Is(err, senhasegura.ErrUnauthorized) || strings.Contains(err.Error(), "very-secret-value") {
		t.Fatalf("wrong credentials: %v", err)
	}
	// A URL that has no MySafe behind it: the gateway answers "No route matched".
	c, _ = mysafe.New(senhasegura.Config{BaseURL: srv.URL, TokenURL: srv.URL + "/nothing/here", ClientID: "a", ClientSecret: "b"})
	if err := c.Authenticate(ctx); !errors.Is(err, senhasegura.ErrNoRoute) {
		t.Fatalf("no route: %v", err)
	}
	// Nothing listens.
	ln := httptest.NewServer(http.NotFoundHandler())
	dead := ln.URL
	ln.Close()
	c, _ = mysafe.New(senhasegura.Config{BaseURL: dead, ClientID: "a", ClientSecret: "b", MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
	err = c.Authenticate(ctx)
	if !errors.Is(err, senhasegura.ErrConnection) || !strings.Contains(err.Error(), dead) {
		t.Fatalf("down server: %v", err)
	}
	// An API call without a valid token.
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/mysafe/password", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("missing bearer: %d", resp.StatusCode)
	}
}

func TestTokenReusedAcrossCalls(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.client.Passwords.List(ctx, mysafe.PasswordFilter{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := e.mock.TokenRequests(); n != 1 {
		t.Fatalf("50 calls made %d token requests, want 1", n)
	}
	if n := e.mock.RequestCount("GET /mysafe/password"); n != 50 {
		t.Fatalf("list calls: %d", n)
	}
}

func TestTokenRenewedBeforeExpiry(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{TokenTTL: time.Second})
	// The token source must outlive the context it was first used with.
	first, cancel := context.WithCancel(context.Background())
	if err := e.client.Authenticate(first); err != nil {
		t.Fatal(err)
	}
	cancel()
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if _, err := e.client.Passwords.List(ctx, mysafe.PasswordFilter{}); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		time.Sleep(600 * time.Millisecond)
	}
	if n := e.mock.TokenRequests(); n < 2 {
		t.Fatalf("want a renewed token, got %d token requests", n)
	}
	if n := e.mock.RequestCount("GET /mysafe/password"); n != 3 {
		t.Fatalf("every call answered once without 401 retries: %d", n)
	}
}

func TestUnauthorizedRetriedOnce(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	ctx := context.Background()
	if err := e.client.Authenticate(ctx); err != nil {
		t.Fatal(err)
	}
	e.mock.RevokeTokens()
	if _, err := e.client.Passwords.List(ctx, mysafe.PasswordFilter{}); err != nil {
		t.Fatalf("a 401 renews the token and retries: %v", err)
	}
	if e.mock.TokenRequests() != 2 || e.mock.RequestCount("GET /mysafe/password") != 2 {
		t.Fatalf("tokens %d, calls %d", e.mock.TokenRequests(), e.mock.RequestCount("GET /mysafe/password"))
	}

	// A server that always answers 401: one retry, then ErrUnauthorized.
	var calls int
	var mu sync.Mutex
	m := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/mysafe/") {
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
	c, _ := mysafe.New(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret})
	_, err := c.Passwords.List(ctx, mysafe.PasswordFilter{})
	if !errors.Is(err, senhasegura.ErrUnauthorized) || calls != 2 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
}

func TestRetriesOnTransientFailures(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, senhaseguramock.Options{})
	p, err := e.client.Passwords.Create(ctx, sensegPassword())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []senhaseguramock.Fault{{Status: 500}, {Status: 502}, {Status: 503}, {Status: 504}, {Reset: true}} {
		e.mock.FailNext(2, f)
		before := e.mock.RequestCount("GET /mysafe/password/{id}")
		if _, err := e.client.Passwords.Get(ctx, p.ID); err != nil {
			t.Fatalf("fault %+v: %v", f, err)
		}
		if n := e.mock.RequestCount("GET /mysafe/password/{id}") - before; n != 3 {
			t.Fatalf("fault %+v: %d attempts, want 3", f, n)
		}
	}
	e.mock.FailNext(1, senhaseguramock.Fault{Status: 429, RetryAfter: "1"})
	start := time.Now()
	if _, err := e.client.Passwords.Update(ctx, p.ID, mysafe.PasswordUpdate{Name: ptr("senseg account")}); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Fatalf("Retry-After: 1 honoured? waited %v", waited)
	}
	// A clear failure is never retried.
	before := e.mock.RequestCount("POST /mysafe/password")
	if _, err := e.client.Passwords.Create(ctx, mysafe.Password{Name: "x"}); !errors.Is(err, mysafe.ErrMissingParameter) {
		t.Fatal(err)
	}
	if n := e.mock.RequestCount("POST /mysafe/password") - before; n != 1 {
		t.Fatalf("400 was retried: %d attempts", n)
	}
}

func TestCreateNeverDuplicates(t *testing.T) {
	ctx := context.Background()
	for _, f := range []senhaseguramock.Fault{
		{Status: 502, AfterHandling: true}, {Status: 504, AfterHandling: true}, {Status: 500, AfterHandling: true},
		{Reset: true, AfterHandling: true}, {Status: 502}, {Reset: true},
	} {
		e := newEnv(t, senhaseguramock.Options{})
		e.mock.FailNext(1, f)
		p, err := e.client.Passwords.Create(ctx, sensegPassword())
		if err != nil {
			t.Fatalf("fault %+v: %v", f, err)
		}
		e.mock.FailNext(1, f)
		a, err := e.client.APISecrets.Create(ctx, gcpSecret())
		if err != nil {
			t.Fatalf("fault %+v: %v", f, err)
		}
		if n := len(e.mock.Items(senhaseguramock.KindPassword)); n != 1 || p.ID != "1" {
			t.Fatalf("fault %+v: %d passwords stored (id %s)", f, n, p.ID)
		}
		noCode := gcpSecret()
		noCode.IdentifierCode = ""
		e.mock.FailNext(1, f)
		b, err := e.client.APISecrets.Create(ctx, noCode)
		if err != nil {
			t.Fatalf("fault %+v: %v", f, err)
		}
		if n := len(e.mock.Items(senhaseguramock.KindAPISecret)); n != 2 || a.ID != "1" || b.ID != "2" {
			t.Fatalf("fault %+v: %d API secrets stored", f, n)
		}
	}
}

func TestCancellationHonoured(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	if err := e.client.Authenticate(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.mock.SetLatency(5 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := e.client.Passwords.List(ctx, mysafe.PasswordFilter{})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
}

func TestIsoPrefixAndBasePath(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{}, func(c *senhasegura.Config) { c.APIPrefix = "/iso"; c.BaseURL += "/" })
	if _, err := e.client.Passwords.Create(context.Background(), sensegPassword()); err != nil {
		t.Fatal(err)
	}
	if e.mock.RequestCount("POST /mysafe/password") != 1 {
		t.Fatal("the /iso prefix reaches the same routes")
	}
}

func TestMaxConcurrentRequests(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{}, func(c *senhasegura.Config) { c.MaxConcurrent = 3 })
	ctx := context.Background()
	if err := e.client.Authenticate(ctx); err != nil {
		t.Fatal(err)
	}
	e.mock.SetLatency(40 * time.Millisecond)
	var wg sync.WaitGroup
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.client.APISecrets.List(ctx, mysafe.APISecretFilter{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := e.mock.MaxInFlight(); n != 3 {
		t.Fatalf("max in flight %d, want exactly the bound 3", n)
	}
}

// A create whose 2xx answer cannot be read (truncated) still ends with the stored object.
func TestCreateAdoptsOnUnreadableAnswer(t *testing.T) {
	m := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/api/mysafe/password" {
			rec := httptest.NewRecorder()
			m.ServeHTTP(rec, r)
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes()[:rec.Body.Len()/2]) // truncated
			return
		}
		m.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, _ := mysafe.New(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret, MaxRetries: -1})
	p, err := c.Passwords.Create(context.Background(), sensegPassword())
	if err != nil || p.ID != "1" || len(m.Items(senhaseguramock.KindPassword)) != 1 {
		t.Fatalf("got %+v, %v", p, err)
	}
}

// No error text carries a secret value, whatever went wrong.
func TestErrorsNeverHoldSecrets(t *testing.T) {
	const secret = "S3cr3t-Value-Never-Shown"
	m := senhaseguramock.New(senhaseguramock.Options{ClientSecret: secret})
	var mode string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.Contains(r.URL.Path, "/mysafe/") && mode == "html":
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte("<html>" + secret + "</html>"))
		case strings.Contains(r.URL.Path, "/mysafe/") && mode == "echo":
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
	ctx := context.Background()
	for _, mode = range []string{"html", "echo", "token-echo", "wrong-secret"} {
		sec := secret
		if mode == "wrong-secret" {
			sec = secret + "-wrong"
		}
		c, _ := mysafe.New(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: sec, MaxRetries: -1})
		_, err := c.Passwords.Create(ctx, mysafe.Password{Name: "n", Username: "u", Password: secret, SecretKey: secret})
		if err == nil {
			t.Fatalf("%s: no error", mode)
		}
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("%s: error text holds the secret: %v", mode, err)
		}
	}
}

// Token endpoints may refuse credentials with 400, 401 or 403: all mean "rejected".
func TestTokenRejectionStatuses(t *testing.T) {
	for _, status := range []int{400, 401, 403} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"error":"access_denied"}`))
		}))
		c, _ := mysafe.New(senhasegura.Config{BaseURL: srv.URL, ClientID: "a", ClientSecret: "b", MaxRetries: -1})
		if err := c.Authenticate(context.Background()); !errors.Is(err, senhasegura.ErrUnauthorized) {
			t.Errorf("%d: %v", status, err)
		}
		srv.Close()
	}
}

// An update sends exactly what it is given: a nil field is left out (MySafe keeps it), ""
// is sent to clear, a nil share list is left out and an empty one clears sharing. A create
// sends no empty field, which a strict server could refuse (an empty base32 seed, an empty
// identifier_code counted as a duplicate).
func TestUpdateSendsOnlyWhatIsSet(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	ctx := context.Background()
	lastKeys := func(route string) []string {
		calls := e.mock.Calls()
		for i := len(calls) - 1; i >= 0; i-- {
			if calls[i].Route == route {
				return calls[i].Keys
			}
		}
		t.Fatalf("no %s call", route)
		return nil
	}

	p := sensegPassword()
	p.URL, p.Notes = "", ""
	created, err := e.client.Passwords.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lastKeys("POST /mysafe/password"), ","); got != "groups_allowed,name,password,secret_key,tags,username,users_allowed" {
		t.Fatalf("create keys: %s", got)
	}
	if _, err := e.client.Passwords.Update(ctx, created.ID, mysafe.PasswordUpdate{Notes: ptr("n"), SecretKey: ptr(""), UsersAllowed: []mysafe.Share{}}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lastKeys("PUT /mysafe/password/update/{id}"), ","); got != "notes,secret_key,users_allowed" {
		t.Fatalf("update keys: %s", got)
	}
	it, _ := e.mock.Item(senhaseguramock.KindPassword, created.ID)
	if it.Fields["secret_key"] != "" || it.Fields["password"] != "8jhfy@3789" || it.Fields["notes"] != "n" || len(it.UsersAllowed) != 0 || len(it.GroupsAllowed) != 1 {
		t.Fatalf("stored: %+v", it)
	}

	a := gcpSecret()
	a.IdentifierCode = ""
	ac, err := e.client.APISecrets.Create(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(lastKeys("POST /mysafe/secretapi"), "identifier_code") {
		t.Fatal("identifier_code sent empty on create")
	}
	if _, err := e.client.APISecrets.Update(ctx, ac.ID, mysafe.APISecretUpdate{ClientSecret: ptr("")}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lastKeys("PUT /mysafe/secretapi/update/{id}"), ","); got != "client_secret" {
		t.Fatalf("update keys: %s", got)
	}
}

func ptr(s string) *string { return &s }

// GetByIdentifierCode confirms each candidate on GET: a read that fails for another reason
// than gone / deactivated / not visible is that failure, never "no match".
func TestGetByIdentifierCodeReportsFailedConfirmation(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{}, func(c *senhasegura.Config) { c.MaxRetries = senhasegura.NoRetries })
	ctx := context.Background()
	if _, err := e.client.APISecrets.Create(ctx, gcpSecret()); err != nil {
		t.Fatal(err)
	}
	e.mock.FailNextOn("GET /mysafe/secretapi/{id}", 1, senhaseguramock.Fault{Status: 500})
	_, err := e.client.APISecrets.GetByIdentifierCode(ctx, "hyga125")
	if err == nil || errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("a failed confirmation read gave %v, want the read's error", err)
	}
	got, err := e.client.APISecrets.GetByIdentifierCode(ctx, "hyga125")
	if err != nil || got.ClientSecret != gcpSecret().ClientSecret {
		t.Fatalf("after the fault: %v, %v", got, err)
	}
}
