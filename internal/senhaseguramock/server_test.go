package senhaseguramock_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

type harness struct {
	t     *testing.T
	mock  *senhaseguramock.Server
	srv   *httptest.Server
	token string
}

func newHarness(t *testing.T, opts senhaseguramock.Options) *harness {
	t.Helper()
	m := senhaseguramock.New(opts)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	h := &harness{t: t, mock: m, srv: srv}
	status, body := h.form("/iso/oauth2/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {senhaseguramock.DefaultClientID}, "client_secret": {senhaseguramock.DefaultClientSecret}}, "")
	if status != http.StatusOK {
		t.Fatalf("token: %d %s", status, body)
	}
	var tok struct {
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &tok); err != nil || tok.TokenType != "Bearer" || (opts.TokenTTL == 0 && tok.ExpiresIn != 3600) || tok.AccessToken == "" {
		t.Fatalf("token answer: %s", body)
	}
	h.token = tok.AccessToken
	return h
}

// login is the harness acting through another client.
func (h *harness) login(clientID, secret string) *harness {
	h.t.Helper()
	status, body := h.form("/iso/oauth2/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {secret}}, "")
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(body, &tok); status != http.StatusOK || err != nil {
		h.t.Fatalf("token for %s: %d %s", clientID, status, body)
	}
	other := *h
	other.token = tok.AccessToken
	return &other
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func wantKeys(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := keys(m); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s keys:\n got %v\nwant %v", what, got, want)
	}
}

func (h *harness) form(path string, v url.Values, basic string) (int, []byte) {
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, h.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic != "" {
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(basic)))
	}
	return h.send(req)
}

func (h *harness) do(method, path string, body []byte) (int, []byte) {
	req, _ := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+h.token)
	return h.send(req)
}

func (h *harness) send(req *http.Request) (int, []byte) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// normalize decodes JSON and blanks the values that legitimately differ from the reference's
// examples: server-assigned identifiers and the current TOTP code.
func normalize(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("not JSON: %s", b)
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if k == "identifier" || (k == "token" && e != nil) {
					x[k] = "*"
					continue
				}
				x[k] = walk(e)
			}
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		}
		return v
	}
	return walk(v)
}

func assertMatchesFixture(t *testing.T, got []byte, name string) {
	t.Helper()
	want := normalize(t, fixture(t, name))
	if g := normalize(t, got); !reflect.DeepEqual(g, want) {
		gj, _ := json.MarshalIndent(g, "", " ")
		wj, _ := json.MarshalIndent(want, "", " ")
		t.Fatalf("answer differs from the reference example %s\n got: %s\nwant: %s", name, gj, wj)
	}
}

func TestReferenceExamples(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})

	status, body := h.do(http.MethodPost, "/api/mysafe/password", fixture(t, "create_password_request.json"))
	if status != http.StatusCreated {
		t.Fatalf("create password: %d %s", status, body)
	}
	assertMatchesFixture(t, body, "create_password_response.json")

	status, body = h.do(http.MethodGet, "/api/mysafe/password/1", nil)
	if status != http.StatusOK {
		t.Fatalf("get password: %d", status)
	}
	assertMatchesFixture(t, body, "get_password_response.json")

	_, body = h.do(http.MethodGet, "/iso/mysafe/password", nil)
	assertMatchesFixture(t, body, "list_password_response.json")

	status, body = h.do(http.MethodPost, "/api/mysafe/secretapi", fixture(t, "create_apisecret_request.json"))
	if status != http.StatusCreated {
		t.Fatalf("create api secret: %d %s", status, body)
	}
	assertMatchesFixture(t, body, "create_apisecret_response.json")

	_, body = h.do(http.MethodGet, "/api/mysafe/secretapi/1", nil)
	assertMatchesFixture(t, body, "get_apisecret_response.json")

	_, body = h.do(http.MethodGet, "/api/mysafe/secretapi?identifier_code=hyga125", nil)
	assertMatchesFixture(t, body, "list_apisecret_response.json")

	status, body = h.do(http.MethodPut, "/api/mysafe/secretapi/update/1", fixture(t, "update_apisecret_request.json"))
	if status != http.StatusOK {
		t.Fatalf("update api secret: %d %s", status, body)
	}
	assertMatchesFixture(t, body, "update_apisecret_response.json")

	status, body = h.do(http.MethodGet, "/api/mysafe/password/99", nil)
	if status != http.StatusBadRequest {
		t.Fatalf("not found: %d", status)
	}
	assertMatchesFixture(t, body, "error_not_found.json")
}

func message(t *testing.T, body []byte) string {
	t.Helper()
	var v struct {
		Message  string `json:"message"`
		Response struct {
			Message string `json:"message"`
		} `json:"response"`
	}
	_ = json.Unmarshal(body, &v)
	if v.Response.Message != "" {
		return v.Response.Message
	}
	return v.Message
}

func TestErrorsAndMessages(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	h.mock.AddClient("bob", "bob-secret", "bob")
	_, _ = h.do(http.MethodPost, "/api/mysafe/password", fixture(t, "create_password_request.json"))
	_, _ = h.do(http.MethodPost, "/api/mysafe/secretapi", fixture(t, "create_apisecret_request.json"))

	cases := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"missing name", "POST", "/api/mysafe/password", `{"username":"u","password":"p"}`, 400, "1001: Parameter 'name' was not informed!"},
		{"missing username", "POST", "/api/mysafe/password", `{"name":"n","password":"p"}`, 400, "1001: Parameter 'username' was not informed!"},
		{"missing password", "POST", "/api/mysafe/password", `{"name":"n","username":"u"}`, 400, "1001: Parameter 'password' was not informed!"},
		{"missing secret name", "POST", "/api/mysafe/secretapi", `{"url":"u","client_id":"c"}`, 400, "1001: Parameter 'name' was not informed!"},
		{"missing url", "POST", "/api/mysafe/secretapi", `{"name":"n","client_id":"c"}`, 400, "1001: Parameter 'url' was not informed!"},
		{"missing client_id", "POST", "/api/mysafe/secretapi", `{"name":"n","url":"u"}`, 400, "1001: Parameter 'client_id' was not informed!"},
		{"duplicate identifier_code", "POST", "/api/mysafe/secretapi", `{"name":"n","url":"u","client_id":"c","identifier_code":"hyga125"}`, 400, "1001: Identifier already found in another API key of this user"},
		{"bad identifier", "GET", "/api/mysafe/password/abc", ``, 400, "1010: Unexpected identifier type"},
		{"secret not found", "GET", "/api/mysafe/secretapi/77", ``, 400, "1005: Api secret not found"},
		{"update not found", "PUT", "/api/mysafe/password/update/77", `{}`, 400, "1005: Password not found"},
		{"unknown route", "GET", "/api/mysafe/nothing", ``, 404, senhaseguramock.MsgNoRoute},
		{"wrong method", "DELETE", "/api/mysafe/password/1", ``, 404, senhaseguramock.MsgNoRoute},
		{"deactivate", "POST", "/api/mysafe/password/inactive/1", ``, 200, "Password successfully deactivated"},
		{"deactivate again", "POST", "/api/mysafe/password/inactive/1", ``, 200, "Password has already been deactivated"},
		{"get inactive", "GET", "/api/mysafe/password/1", ``, 400, "1009: Inactive password"},
		{"update inactive", "PUT", "/api/mysafe/password/update/1", `{"name":"x"}`, 400, "1009: Inactive password"},
		{"activate", "POST", "/iso/mysafe/password/active/1", ``, 200, "Password successfully activated"},
		{"activate again", "POST", "/api/mysafe/password/active/1", ``, 200, "Password has already been activated"},
		{"secret deactivate", "POST", "/api/mysafe/secretapi/inactive/1", ``, 200, "Api secret successfully deactivated"},
		{"secret deactivate again", "POST", "/api/mysafe/secretapi/inactive/1", ``, 200, "Api secret has already been deactivated"},
		{"secret get inactive", "GET", "/api/mysafe/secretapi/1", ``, 400, "1009: Inactive api secret"},
		{"secret activate", "POST", "/api/mysafe/secretapi/active/1", ``, 200, "Api secret activated successfully"},
		{"secret activate again", "POST", "/api/mysafe/secretapi/active/1", ``, 200, "Api secret has already been activated"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := h.do(tc.method, tc.path, []byte(tc.body))
			if status != tc.status || message(t, body) != tc.msg {
				t.Fatalf("got %d %q, want %d %q (%s)", status, message(t, body), tc.status, tc.msg, body)
			}
		})
	}

	// Another user's view: 1006 on GET, update and deactivate; nothing in lists.
	bobH := *h
	status, body := bobH.form("/api/oauth2/token", url.Values{"grant_type": {"client_credentials"}}, "bob:bob-secret")
	if status != 200 {
		t.Fatalf("basic auth token: %d %s", status, body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.Unmarshal(body, &tok)
	bobH.token = tok.AccessToken
	for _, c := range [][2]string{{"GET", "/api/mysafe/password/1"}, {"PUT", "/api/mysafe/password/update/1"}, {"POST", "/api/mysafe/password/inactive/1"}} {
		if status, body := bobH.do(c[0], c[1], []byte(`{}`)); status != 400 || message(t, body) != "1006: User does not have access" {
			t.Fatalf("%v: %d %s", c, status, body)
		}
	}
	if _, body := bobH.do("GET", "/api/mysafe/password", nil); strings.Contains(string(body), "senseg") {
		t.Fatal("bob lists a password not shared with him")
	}
	// Shared with bob (view only): he sees it, cannot edit it.
	h.mock.Modify(senhaseguramock.KindPassword, "1", func(it *senhaseguramock.Item) {
		it.UsersAllowed = append(it.UsersAllowed, senhaseguramock.Share{Name: "bob"})
	})
	if status, _ := bobH.do("GET", "/api/mysafe/password/1", nil); status != 200 {
		t.Fatal("shared with bob, GET must work")
	}
	if status, _ := bobH.do("PUT", "/api/mysafe/password/update/1", []byte(`{"name":"x"}`)); status != 400 {
		t.Fatal("view-only share must not allow edits")
	}
}

func TestAuth(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	if status, body := h.form("/iso/oauth2/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {"x"}, "client_secret": {"y"}}, ""); status != 401 || !strings.Contains(string(body), "invalid_client") {
		t.Fatalf("bad credentials: %d %s", status, body)
	}
	if status, _ := h.form("/iso/oauth2/token", url.Values{"client_id": {senhaseguramock.DefaultClientID}, "client_secret": {senhaseguramock.DefaultClientSecret}}, ""); status != 400 {
		t.Fatalf("grant_type is required: %d", status)
	}
	h.token = "bogus"
	if status, body := h.do("GET", "/api/mysafe/password", nil); status != 401 || message(t, body) != senhaseguramock.MsgNotAuthorized {
		t.Fatalf("bogus bearer: %d %s", status, body)
	}
	if h.mock.TokenRequests() != 3 {
		t.Fatalf("token counter: %d", h.mock.TokenRequests())
	}
}

func TestTokenTTL(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{TokenTTL: 200 * time.Millisecond})
	if status, _ := h.do("GET", "/api/mysafe/password", nil); status != 200 {
		t.Fatal("fresh token refused")
	}
	time.Sleep(300 * time.Millisecond)
	if status, _ := h.do("GET", "/api/mysafe/password", nil); status != 401 {
		t.Fatal("expired token accepted")
	}
}

func TestPartialUpdateAndSharing(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	_, _ = h.do(http.MethodPost, "/api/mysafe/password", fixture(t, "create_password_request.json"))
	// Only the name: everything else stays, sharing too.
	_, body := h.do(http.MethodPut, "/api/mysafe/password/update/1", []byte(`{"name":"renamed"}`))
	it, _ := h.mock.Item(senhaseguramock.KindPassword, "1")
	if it.Fields["name"] != "renamed" || it.Fields["password"] != "8jhfy@3789" || len(it.UsersAllowed) != 1 || len(it.GroupsAllowed) != 1 {
		t.Fatalf("partial update: %+v %s", it, body)
	}
	// Empty arrays clear sharing; can_edit defaults to false.
	_, _ = h.do(http.MethodPut, "/api/mysafe/password/update/1", []byte(`{"users_allowed":[],"groups_allowed":[{"name":"ops"}]}`))
	it, _ = h.mock.Item(senhaseguramock.KindPassword, "1")
	if len(it.UsersAllowed) != 0 || len(it.GroupsAllowed) != 1 || it.GroupsAllowed[0].CanEdit {
		t.Fatalf("sharing: %+v", it)
	}
	// Form-encoded flat fields are accepted too.
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPut, h.srv.URL+"/api/mysafe/password/update/1", strings.NewReader("notes=from+a+form"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+h.token)
	if status, _ := h.send(req); status != 200 {
		t.Fatal("form update refused")
	}
	if it, _ := h.mock.Item(senhaseguramock.KindPassword, "1"); it.Fields["notes"] != "from a form" {
		t.Fatalf("form update: %+v", it.Fields)
	}
}

func TestFaultsAndCounters(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	h.mock.FailNext(1, senhaseguramock.Fault{Status: 429, RetryAfter: "1"})
	h.mock.FailNext(1, senhaseguramock.Fault{Status: 502, AfterHandling: true})
	status, body := h.do("GET", "/api/mysafe/password", nil)
	if status != 429 {
		t.Fatalf("429: %d %s", status, body)
	}
	status, body = h.do(http.MethodPost, "/api/mysafe/password", fixture(t, "create_password_request.json"))
	if status != 502 || message(t, body) != senhaseguramock.MsgBadGateway {
		t.Fatalf("502: %d %s", status, body)
	}
	if len(h.mock.Items(senhaseguramock.KindPassword)) != 1 {
		t.Fatal("AfterHandling must store the item before failing")
	}
	h.mock.FailNext(1, senhaseguramock.Fault{Reset: true})
	req, _ := http.NewRequestWithContext(context.Background(), "GET", h.srv.URL+"/api/mysafe/password", nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if resp, err := fresh.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("reset: got an answer")
	}
	if h.mock.RequestCount("GET /mysafe/password") != 2 || h.mock.RequestCount("POST /mysafe/password") != 1 || h.mock.FaultsServed() != 3 {
		t.Fatalf("counters: %v", h.mock.Counts())
	}
	h.mock.SetFaultRate(0.5, 7, senhaseguramock.Fault{Status: 504})
	fails := 0
	for i := 0; i < 200; i++ {
		if status, _ := h.do("GET", "/api/mysafe/password", nil); status == 504 {
			fails++
		}
	}
	if fails < 60 || fails > 140 {
		t.Fatalf("rate 0.5 gave %d/200 faults", fails)
	}
}

func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = h.do(http.MethodPost, "/api/mysafe/password", fixture(t, "create_password_request.json"))
			_, _ = h.do("GET", "/api/mysafe/password", nil)
		}()
	}
	wg.Wait()
	items := h.mock.Items(senhaseguramock.KindPassword)
	if len(items) != 40 || items[39].ID != "40" {
		t.Fatalf("%d items", len(items))
	}
}

func TestAdminEndpoints(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	_, _ = h.do(http.MethodPost, "/api/mysafe/password", fixture(t, "create_password_request.json"))
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPatch, h.srv.URL+"/_mock/password/1", strings.NewReader(`{"users_allowed":[{"name":"mallory","can_edit":true}]}`))
	if status, body := h.send(req); status != 200 || !strings.Contains(string(body), "mallory") {
		t.Fatalf("patch: %d %s", status, body)
	}
	req, _ = http.NewRequestWithContext(context.Background(), http.MethodPost, h.srv.URL+"/_mock/password/1/deactivate", nil)
	if status, _ := h.send(req); status != 200 {
		t.Fatal("deactivate")
	}
	if it, _ := h.mock.Item(senhaseguramock.KindPassword, "1"); it.Active || it.UsersAllowed[0].Name != "mallory" {
		t.Fatalf("%+v", it)
	}
}

// Mangled answers replace the answer of one route only, and the truncated and sparse ones
// come after the call took effect.
func TestMangledAnswers(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	h.mock.FailNextOn("POST /mysafe/password", 1, senhaseguramock.Fault{Mangle: senhaseguramock.MangleSparse})
	h.mock.FailNextOn("GET /mysafe/password/{id}", 1, senhaseguramock.Fault{Mangle: senhaseguramock.MangleHTML})
	h.mock.FailNextOn("PUT /mysafe/password/update/{id}", 1, senhaseguramock.Fault{Mangle: senhaseguramock.MangleTruncate})

	if status, body := h.do("GET", "/api/mysafe/password", nil); status != 200 || !json.Valid(body) {
		t.Fatalf("another route was mangled: %d %s", status, body)
	}
	status, body := h.do(http.MethodPost, "/api/mysafe/password", fixture(t, "create_password_request.json"))
	var env map[string]any
	if err := json.Unmarshal(body, &env); status != 201 || err != nil || !reflect.DeepEqual(env["password_entity"], map[string]any{"identifier": "1"}) {
		t.Fatalf("sparse: %d %s", status, body)
	}
	if len(h.mock.Items(senhaseguramock.KindPassword)) != 1 {
		t.Fatal("a sparse answer must follow the real create")
	}
	if status, body := h.do("GET", "/api/mysafe/password/1", nil); status != 200 || !bytes.HasPrefix(body, []byte("<html>")) {
		t.Fatalf("html: %d %s", status, body)
	}
	status, body = h.do(http.MethodPut, "/api/mysafe/password/update/1", []byte(`{"notes":"changed"}`))
	if status != 200 || json.Valid(body) || len(body) == 0 {
		t.Fatalf("truncate: %d %s", status, body)
	}
	if it, _ := h.mock.Item(senhaseguramock.KindPassword, "1"); it.Fields["notes"] != "changed" {
		t.Fatal("a truncated answer must follow the real update")
	}
	if status, body := h.do("GET", "/api/mysafe/password/1", nil); status != 200 || !json.Valid(body) || h.mock.FaultsServed() != 3 {
		t.Fatalf("faults left over: %d %s (served %d)", status, body, h.mock.FaultsServed())
	}
}

// A route the mock does not serve is a mistake in the test that names it: RequestCount and
// FailNextOn panic instead of answering 0 or queueing a fault that never fires.
func TestUnknownRoutesPanic(t *testing.T) {
	m := senhaseguramock.New(senhaseguramock.Options{})
	for _, call := range []struct {
		name string
		fn   func()
	}{
		{"RequestCount", func() { m.RequestCount("GET /mysafe/pasword/{id}") }},
		{"FailNextOn", func() { m.FailNextOn("POST /mysafe/passwords", 1, senhaseguramock.Fault{Status: 502}) }},
	} {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmtFmt(r), "GET /mysafe/password/{id}") {
					t.Errorf("%s of an unknown route: want a panic naming the known routes, got %v", call.name, r)
				}
			}()
			call.fn()
		}()
	}
	for _, r := range senhaseguramock.Routes() {
		_ = m.RequestCount(r) // every listed route is known
	}
	if n := len(senhaseguramock.Routes()); n != 37 {
		t.Errorf("%d routes, want 3 kinds × 6 + the token endpoint + 12 PAM Core + 6 DSM", n)
	}
}

func fmtFmt(v any) string { s, _ := v.(string); return s }

// A real server finishes a request it received even when the client goes away: a create whose
// client gave up during the latency is still stored, at the end of the latency.
func TestRequestsFinishWhenTheClientLeaves(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	h.mock.SetLatency(300 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, h.srv.URL+"/api/mysafe/password",
		strings.NewReader(`{"name":"n","username":"u","password":"p"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+h.token)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the client should have given up before the answer")
	}
	if n := len(h.mock.Items(senhaseguramock.KindPassword)); n != 0 {
		t.Fatalf("%d passwords stored before the latency ran out", n)
	}
	deadline := time.Now().Add(2 * time.Second)
	for len(h.mock.Items(senhaseguramock.KindPassword)) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(h.mock.Items(senhaseguramock.KindPassword)); n != 1 {
		t.Fatalf("%d passwords stored after the latency, want the 1 the abandoned create sent", n)
	}
}
