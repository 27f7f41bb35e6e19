package mysafe_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// MySafe's own tests: its wire, its codes, its quirks and its create recoveries. What the client
// core guarantees every family (tokens, retries, bounded waits, redirects, mutual TLS, failing
// fast, interrupts, the bound on requests in flight, secrets kept out of errors, the create never
// sent twice) is tested for MySafe and PAM Core alike in internal/senhasegura/guarantees.

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

// newEnvFrom is another client of e's mock.
func newEnvFrom(t *testing.T, e *env, tweak func(*senhasegura.Config)) *mysafe.Client {
	t.Helper()
	cfg := senhasegura.Config{BaseURL: e.srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret}
	tweak(&cfg)
	c, err := mysafe.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// interruptAfter cancels the returned context once the mock has received n calls of route,
// as Terraform's first Ctrl-C cancels every operation in flight (StopProvider).
func interruptAfter(t *testing.T, e *env, route string, n int) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	go func() {
		for e.mock.RequestCount(route) < n {
			time.Sleep(2 * time.Millisecond)
		}
		cancel()
	}()
	return ctx
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
	// The gateway's answers (502, 504, 500) are every family's: TestGatewayAnswersAreClassified in
	// internal/senhasegura/guarantees.
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

// Creates of every item kind never duplicate: after an ambiguous failure of the create, MySafe's
// lookup (by identifier_code, or by the fields and shares sent) adopts what it stored. The
// core's guarantee, for every family, is TestCreateNeverDuplicates in
// internal/senhasegura/guarantees.
func TestItemCreatesNeverDuplicate(t *testing.T) {
	ctx := context.Background()
	for _, f := range []senhaseguramock.Fault{
		{Status: 502, AfterHandling: true}, {Status: 504, AfterHandling: true}, {Status: 500, AfterHandling: true},
		{Reset: true, AfterHandling: true}, {Status: 502}, {Reset: true},
	} {
		e := newEnv(t, senhaseguramock.Options{})
		e.mock.FailNextOn("POST /mysafe/password", 1, f)
		p, err := e.client.Passwords.Create(ctx, sensegPassword())
		if err != nil {
			t.Fatalf("fault %+v: %v", f, err)
		}
		e.mock.FailNextOn("POST /mysafe/secretapi", 1, f)
		a, err := e.client.APISecrets.Create(ctx, gcpSecret())
		if err != nil {
			t.Fatalf("fault %+v: %v", f, err)
		}
		if n := len(e.mock.Items(senhaseguramock.KindPassword)); n != 1 || p.ID != "1" {
			t.Fatalf("fault %+v: %d passwords stored (id %s)", f, n, p.ID)
		}
		noCode := gcpSecret()
		noCode.IdentifierCode = ""
		e.mock.FailNextOn("POST /mysafe/secretapi", 1, f)
		b, err := e.client.APISecrets.Create(ctx, noCode)
		if err != nil {
			t.Fatalf("fault %+v: %v", f, err)
		}
		if n := len(e.mock.Items(senhaseguramock.KindAPISecret)); n != 2 || a.ID != "1" || b.ID != "2" {
			t.Fatalf("fault %+v: %d API secrets stored", f, n)
		}
		if n := e.mock.FaultsServed(); n != 3 {
			t.Fatalf("fault %+v: %d faults served, want one per create", f, n)
		}
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
