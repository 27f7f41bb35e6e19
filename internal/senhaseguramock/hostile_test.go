package senhaseguramock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// tokenForm is the form body of the default client's token request.
var tokenForm = url.Values{"grant_type": {"client_credentials"}, "client_id": {senhaseguramock.DefaultClientID}, "client_secret": {senhaseguramock.DefaultClientSecret}}

// rawAnswer is an answer with its headers.
type rawAnswer struct {
	status int
	header http.Header
	body   []byte
}

func (h *harness) raw(method, path, contentType, body, token string) rawAnswer {
	h.t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return rawAnswer{resp.StatusCode, resp.Header, b}
}

// tokenRequest posts the default client's token request.
func (h *harness) tokenRequest() rawAnswer {
	h.t.Helper()
	return h.raw(http.MethodPost, "/iso/oauth2/token", "application/x-www-form-urlencoded", tokenForm.Encode(), "")
}

// keyOrder is the keys of a JSON object in order.
func keyOrder(t *testing.T, raw []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", raw)
	}
	var out []string
	for dec.More() {
		tok, _ := dec.Token()
		k, _ := tok.(string)
		out = append(out, k)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// entity is the raw entity under key of an envelope.
func entity(t *testing.T, body []byte, key string) json.RawMessage {
	t.Helper()
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil || env[key] == nil {
		t.Fatalf("no %s in %s", key, body)
	}
	return env[key]
}

// TestFaultRewritesTheEntityID: ID, BlankID and DropID rewrite the identifier of the answer
// of a call that took effect, MySafe's and PAM Core's, keeping the keys' order.
func TestFaultRewritesTheEntityID(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	dev := h.mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "db01", IP: "10.0.0.5", Type: "Server", Vendor: "Linux", Model: "Ubuntu", Site: "AWS"})
	credID := h.mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "db01", IP: "10.0.0.5", Username: "root", Password: "pw"})
	const device = `{"hostname":"db02","ip":"10.0.0.6","type":"Server","vendor":"Linux","model":"Ubuntu","site":"AWS"}`
	cases := []struct {
		name, route, method, path, body, key, idKey string
		fault                                       senhaseguramock.Fault
		want                                        any // the identifier; nil: no key
	}{
		{"create password", "POST /mysafe/password", "POST", "/api/mysafe/password", `{"name":"n","username":"u","password":"p"}`, "password_entity", "identifier", senhaseguramock.Fault{ID: "3"}, "3"},
		{"get password", "GET /mysafe/password/{id}", "GET", "/api/mysafe/password/1", ``, "password_entity", "identifier", senhaseguramock.Fault{ID: "-1"}, "-1"},
		{"update password", "PUT /mysafe/password/update/{id}", "PUT", "/api/mysafe/password/update/1", `{"notes":"x"}`, "password_entity", "identifier", senhaseguramock.Fault{ID: "2.0"}, "2.0"},
		{"padded", "GET /mysafe/password/{id}", "GET", "/api/mysafe/password/1", ``, "password_entity", "identifier", senhaseguramock.Fault{ID: " 3"}, " 3"},
		{"blank", "GET /mysafe/password/{id}", "GET", "/api/mysafe/password/1", ``, "password_entity", "identifier", senhaseguramock.Fault{BlankID: true}, ""},
		{"dropped", "GET /mysafe/password/{id}", "GET", "/api/mysafe/password/1", ``, "password_entity", "identifier", senhaseguramock.Fault{DropID: true}, nil},
		{"create api secret", "POST /mysafe/secretapi", "POST", "/api/mysafe/secretapi", `{"name":"n","url":"u","client_id":"c"}`, "api_entity", "identifier", senhaseguramock.Fault{ID: "9"}, "9"},
		{"get api secret", "GET /mysafe/secretapi/{id}", "GET", "/api/mysafe/secretapi/1", ``, "api_secret_entity", "identifier", senhaseguramock.Fault{DropID: true}, nil},
		{"create note", "POST /mysafe/note", "POST", "/api/mysafe/note", `{"name":"n","note":"c"}`, "note_entity", "identifier", senhaseguramock.Fault{ID: "0"}, "0"},
		{"get note", "GET /mysafe/note/{id}", "GET", "/api/mysafe/note/1", ``, "note_entity", "identifier", senhaseguramock.Fault{ID: "x"}, "x"},
		{"upsert device", "POST /pam/device", "POST", "/iso/pam/device", device, "device", "id", senhaseguramock.Fault{ID: "77"}, "77"},
		{"get device", "GET /pam/device/{id}", "GET", "/iso/pam/device/" + dev, ``, "device", "id", senhaseguramock.Fault{DropID: true}, nil},
		{"upsert credential", "POST /pam/credential", "POST", "/iso/pam/credential", `{"hostname":"db01","ip":"10.0.0.5","username":"svc"}`, "credential", "id", senhaseguramock.Fault{ID: "-1"}, "-1"},
		{"view credential", "GET /pam/credential/{id}", "GET", "/iso/pam/credential/" + credID, ``, "credential", "id", senhaseguramock.Fault{BlankID: true}, ""},
		{"v2 read", "GET /v2/pam/credentials/{id}", "GET", "/api/v2/pam/credentials/" + credID, ``, "credential", "id", senhaseguramock.Fault{ID: "2.0"}, "2.0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := h.raw(tc.method, tc.path, "application/json", tc.body, h.token)
			served := h.mock.FaultsServed()
			h.mock.FailNextOn(tc.route, 1, tc.fault)
			got := h.raw(tc.method, tc.path, "application/json", tc.body, h.token)
			if h.mock.FaultsServed() != served+1 {
				t.Fatal("the fault was not served")
			}
			if got.status != want.status || !json.Valid(got.body) {
				t.Fatalf("got %d %s, the real answer is %d %s", got.status, got.body, want.status, want.body)
			}
			var ent map[string]any
			_ = json.Unmarshal(entity(t, got.body, tc.key), &ent)
			id, has := ent[tc.idKey]
			if tc.want == nil && has || tc.want != nil && id != tc.want {
				t.Fatalf("%s.%s = %#v (present %v), want %#v: %s", tc.key, tc.idKey, id, has, tc.want, got.body)
			}
			// Everything else is the real answer, in its order.
			realKeys, gotKeys := keyOrder(t, entity(t, want.body, tc.key)), keyOrder(t, entity(t, got.body, tc.key))
			if tc.want == nil {
				realKeys = realKeys[1:]
			}
			if strings.Join(realKeys, ",") != strings.Join(gotKeys, ",") || gotKeys[0] != tc.idKey && tc.want != nil {
				t.Fatalf("keys %v, the real answer's %v", gotKeys, realKeys)
			}
		})
	}
	// The calls took effect: the creates stored their items.
	if n := len(h.mock.Items(senhaseguramock.KindPassword)); n != 2 {
		t.Fatalf("%d passwords, want the 2 creates", n)
	}
	// In the v2 read, the device's id is left alone.
	h.mock.FailNextOn("GET /v2/pam/credentials/{id}", 1, senhaseguramock.Fault{ID: "5"})
	a := h.pam("GET", "/api/v2/pam/credentials/"+credID, "")
	if d, _ := a.obj("credential")["device"].(map[string]any); d["id"] != dev {
		t.Fatalf("the device's id changed: %s", a.body)
	}
	// Lists are not rewritten.
	h.mock.FailNextOn("GET /mysafe/password", 1, senhaseguramock.Fault{ID: "5"})
	if _, body := h.do("GET", "/api/mysafe/password", nil); !strings.Contains(string(body), `"identifier":"1"`) {
		t.Fatalf("a list was rewritten: %s", body)
	}
}

// TestFaultEchoesTheRequest: Echo answers an application error whose message is the request
// as received; with AfterHandling the call took effect.
func TestFaultEchoesTheRequest(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	body := `{"name":"n","username":"u","password":"hunter2-secret"}`
	h.mock.FailNext(1, senhaseguramock.Fault{Echo: true})
	a := h.raw("POST", "/api/mysafe/password", "application/json", body, h.token)
	var env struct {
		Code      int `json:"code"`
		Response  struct{ Message string }
		Exception struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}
	}
	if err := json.Unmarshal(a.body, &env); err != nil || a.status != 400 || env.Code != 400 || env.Exception.Code != 1001 ||
		env.Exception.Message != body || env.Response.Message != body {
		t.Fatalf("echo: %d %s", a.status, a.body)
	}
	if n := len(h.mock.Items(senhaseguramock.KindPassword)); n != 0 {
		t.Fatal("the echoed create took effect without AfterHandling")
	}
	h.mock.FailNext(1, senhaseguramock.Fault{Echo: true, AfterHandling: true, Status: 500})
	if a := h.raw("POST", "/api/mysafe/password", "application/json", body, h.token); a.status != 500 || !strings.Contains(string(a.body), "hunter2-secret") {
		t.Fatalf("echo 500: %d %s", a.status, a.body)
	}
	if n := len(h.mock.Items(senhaseguramock.KindPassword)); n != 1 {
		t.Fatal("AfterHandling: the echoed create must take effect")
	}
	h.mock.FailNext(1, senhaseguramock.Fault{Echo: true})
	if a := h.raw("GET", "/api/mysafe/password/1?x=1", "", "", h.token); message(t, a.body) != "GET /api/mysafe/password/1?x=1" {
		t.Fatalf("echo of a GET: %s", a.body)
	}
	// The token endpoint echoes its form body, client_secret included.
	h.mock.FailNextToken(1, senhaseguramock.Fault{Echo: true})
	if a := h.tokenRequest(); a.status != 400 || message(t, a.body) != tokenForm.Encode() || !strings.Contains(string(a.body), senhaseguramock.DefaultClientSecret) {
		t.Fatalf("token echo: %d %s", a.status, a.body)
	}
}

// TestFaultMessage: Message is the text of an application error, control characters
// included; on the token endpoint an OAuth2 error.
func TestFaultMessage(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{Quirks: senhaseguramock.Quirks{CapitalMessage: true}})
	const ansi = "\x1b[2J\x1b[31mboom\r\n\x07"
	h.mock.FailNext(1, senhaseguramock.Fault{Message: ansi})
	a := h.raw("GET", "/api/mysafe/password", "", "", h.token)
	var env map[string]any
	_ = json.Unmarshal(a.body, &env)
	resp, _ := env["response"].(map[string]any)
	exc, _ := env["exception"].(map[string]any)
	if a.status != 400 || resp["message"] != ansi || resp["Message"] != ansi || exc["code"] != float64(1001) || exc["message"] != ansi {
		t.Fatalf("message: %d %s", a.status, a.body)
	}
	h.mock.FailNextOn("GET /pam/device", 1, senhaseguramock.Fault{Message: "down", Status: 503, RetryAfter: "5"})
	if a := h.raw("GET", "/iso/pam/device", "", "", h.token); a.status != 503 || message(t, a.body) != "down" || a.header.Get("Retry-After") != "5" {
		t.Fatalf("PAM message: %d %s", a.status, a.body)
	}
	h.mock.FailNextToken(1, senhaseguramock.Fault{Message: ansi})
	a = h.tokenRequest()
	var oauth map[string]string
	if err := json.Unmarshal(a.body, &oauth); err != nil || a.status != 400 || oauth["error"] != "invalid_request" || oauth["error_description"] != ansi {
		t.Fatalf("token message: %d %s", a.status, a.body)
	}
}

// TestTokenFaults: every kind of fault applies to the token endpoint, queued or standing.
func TestTokenFaults(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	for _, tc := range []struct {
		name  string
		fault senhaseguramock.Fault
		check func(a rawAnswer) bool
	}{
		{"503 retry-after seconds", senhaseguramock.Fault{Status: 503, RetryAfter: "999999"}, func(a rawAnswer) bool {
			return a.status == 503 && a.header.Get("Retry-After") == "999999"
		}},
		{"429 retry-after date", senhaseguramock.Fault{Status: 429, RetryAfter: "Wed, 01 Jan 2099 00:00:00 GMT"}, func(a rawAnswer) bool {
			return a.status == 429 && a.header.Get("Retry-After") == "Wed, 01 Jan 2099 00:00:00 GMT"
		}},
		{"html", senhaseguramock.Fault{Mangle: senhaseguramock.MangleHTML, Status: 503, Title: "Down"}, func(a rawAnswer) bool {
			return a.status == 503 && strings.Contains(string(a.body), "<title>Down</title>") && strings.HasPrefix(a.header.Get("Content-Type"), "text/html")
		}},
		{"redirect", senhaseguramock.Fault{Location: "https://sso.example.com/login", Status: 302}, func(a rawAnswer) bool {
			return a.status == 302 && a.header.Get("Location") == "https://sso.example.com/login"
		}},
		{"truncated", senhaseguramock.Fault{Mangle: senhaseguramock.MangleTruncate}, func(a rawAnswer) bool {
			return a.status == 200 && len(a.body) > 0 && !json.Valid(a.body)
		}},
		{"endless", senhaseguramock.Fault{BodyBytes: 5000}, func(a rawAnswer) bool {
			return a.status == 200 && len(a.body) == 5000
		}},
		{"delay", senhaseguramock.Fault{Delay: 150 * time.Millisecond}, func(a rawAnswer) bool {
			return a.status == 200 && strings.Contains(string(a.body), "access_token")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.mock.FailNextToken(1, tc.fault)
			start := time.Now()
			if a := h.tokenRequest(); !tc.check(a) || time.Since(start) < tc.fault.Delay {
				t.Fatalf("%d %v %s", a.status, a.header, a.body)
			}
			if a := h.tokenRequest(); a.status != 200 {
				t.Fatalf("the fault was served twice: %d %s", a.status, a.body)
			}
		})
	}
	// The token endpoint's route names it for FailNextOn and FailAlwaysOn.
	h.mock.FailNextOn("POST /oauth2/token", 1, senhaseguramock.Fault{Status: 401})
	if a := h.tokenRequest(); a.status != 401 {
		t.Fatalf("FailNextOn the token route: %d", a.status)
	}
	h.mock.FailAlwaysOn("POST /oauth2/token", senhaseguramock.Fault{Status: 500})
	if a := h.tokenRequest(); a.status != 500 {
		t.Fatalf("FailAlwaysOn the token route: %d", a.status)
	}
	h.mock.ClearFaults()
	// AfterHandling issues the token, then fails.
	issued := len(h.mock.IssuedTokens())
	h.mock.FailNextToken(1, senhaseguramock.Fault{Status: 502, AfterHandling: true})
	if a := h.tokenRequest(); a.status != 502 || len(h.mock.IssuedTokens()) != issued+1 {
		t.Fatalf("after handling: %d, issued %d then %d", a.status, issued, len(h.mock.IssuedTokens()))
	}
	// A 503 storm: every request, until ClearFaults; queued faults come first.
	h.mock.FailTokensAlways(senhaseguramock.Fault{Status: 503, RetryAfter: "120"})
	h.mock.FailNextToken(1, senhaseguramock.Fault{Status: 429})
	served := h.mock.FaultsServed()
	if a := h.tokenRequest(); a.status != 429 {
		t.Fatalf("the queued fault first: %d", a.status)
	}
	for i := 0; i < 5; i++ {
		if a := h.tokenRequest(); a.status != 503 || a.header.Get("Retry-After") != "120" {
			t.Fatalf("storm request %d: %d %v", i, a.status, a.header)
		}
	}
	if h.mock.FaultsServed() != served+6 {
		t.Fatalf("faults served %d, want %d", h.mock.FaultsServed(), served+6)
	}
	if status, _ := h.do("GET", "/api/mysafe/password", nil); status != 200 {
		t.Fatal("a token fault reached an API call")
	}
	h.mock.ClearFaults()
	if a := h.tokenRequest(); a.status != 200 {
		t.Fatalf("after ClearFaults: %d", a.status)
	}
}

// TestStandingFaults: FailAlways and FailAlwaysOn answer every call until ClearFaults.
func TestStandingFaults(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	h.mock.FailAlwaysOn("GET /mysafe/password", senhaseguramock.Fault{Status: 502})
	for i := 0; i < 3; i++ {
		if status, _ := h.do("GET", "/api/mysafe/password", nil); status != 502 {
			t.Fatalf("call %d: %d", i, status)
		}
	}
	if status, _ := h.do("GET", "/api/mysafe/note", nil); status != 200 {
		t.Fatal("another route failed")
	}
	h.mock.FailAlways(senhaseguramock.Fault{Mangle: senhaseguramock.MangleHTML})
	if status, body := h.do("GET", "/api/mysafe/note", nil); status != 200 || !bytes.HasPrefix(body, []byte("<html>")) {
		t.Fatalf("always: %d %s", status, body)
	}
	if status, _ := h.do("GET", "/api/mysafe/password", nil); status != 502 {
		t.Fatal("the route's standing fault comes first")
	}
	h.mock.ClearFaults()
	if status, _ := h.do("GET", "/api/mysafe/password", nil); status != 200 {
		t.Fatal("after ClearFaults")
	}
	if status, _ := h.do("GET", "/api/mysafe/note", nil); status != 200 {
		t.Fatal("after ClearFaults")
	}
}

// TestMaintenancePage: the HTML page has a title, Fault.Title when set, and Fault.Status.
func TestMaintenancePage(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	h.mock.FailNext(1, senhaseguramock.Fault{Mangle: senhaseguramock.MangleHTML})
	a := h.raw("GET", "/api/mysafe/password", "", "", h.token)
	want := "<html><head><title>Service Temporarily Unavailable</title></head><body>maintenance</body></html>"
	if a.status != 200 || string(a.body) != want {
		t.Fatalf("default page: %d %s", a.status, a.body)
	}
	h.mock.FailNext(1, senhaseguramock.Fault{Mangle: senhaseguramock.MangleHTML, Status: 502, Title: "502 Bad Gateway", RetryAfter: "30"})
	a = h.raw("GET", "/api/mysafe/password", "", "", h.token)
	if a.status != 502 || !strings.Contains(string(a.body), "<title>502 Bad Gateway</title>") || a.header.Get("Retry-After") != "30" {
		t.Fatalf("502 page: %d %v %s", a.status, a.header, a.body)
	}
	// Not processed, unless AfterHandling.
	h.mock.FailNext(1, senhaseguramock.Fault{Mangle: senhaseguramock.MangleHTML})
	_, _ = h.do("POST", "/api/mysafe/password", []byte(`{"name":"n","username":"u","password":"p"}`))
	h.mock.FailNext(1, senhaseguramock.Fault{Mangle: senhaseguramock.MangleHTML, AfterHandling: true})
	_, _ = h.do("POST", "/api/mysafe/password", []byte(`{"name":"n","username":"u","password":"p"}`))
	if n := len(h.mock.Items(senhaseguramock.KindPassword)); n != 1 {
		t.Fatalf("%d passwords, want the one AfterHandling created", n)
	}
}

// TestEndlessBody: BodyBytes answers exactly that many bytes of an envelope that never ends,
// streamed without a length.
func TestEndlessBody(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	const size = 100 << 20
	h.mock.FailNext(1, senhaseguramock.Fault{BodyBytes: size})
	req, _ := http.NewRequestWithContext(context.Background(), "GET", h.srv.URL+"/api/mysafe/password", nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	head := make([]byte, 64)
	if _, err := io.ReadFull(resp.Body, head); err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || n+64 != size || resp.StatusCode != 200 || resp.ContentLength != -1 ||
		!bytes.HasPrefix(head, []byte(`{"code":200,"response":{"status":200,"message":"xxx`)) {
		t.Fatalf("got %d bytes (%v), status %d, length %d, head %s", n+64, err, resp.StatusCode, resp.ContentLength, head)
	}
	// Smaller than the envelope's start: cut.
	h.mock.FailNext(1, senhaseguramock.Fault{BodyBytes: 10, Status: 503})
	if status, body := h.do("GET", "/api/mysafe/password", nil); status != 503 || string(body) != `{"code":50` {
		t.Fatalf("10 bytes: %d %q", status, body)
	}
	// A client that stops reading ends the answer. (A server of its own, left open if the
	// answer goes on, so that the test fails instead of waiting for it.)
	srv := httptest.NewServer(h.mock)
	defer func() {
		if !t.Failed() {
			srv.Close()
		}
	}()
	h.mock.FailNext(1, senhaseguramock.Fault{BodyBytes: 1 << 50})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ = http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/mysafe/password", nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 1<<20)
	cancel()
	resp.Body.Close()
	deadline := time.Now().Add(5 * time.Second)
	for h.mock.InFlight() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if h.mock.InFlight() != 0 {
		t.Fatal("the endless answer goes on after the client left")
	}
}

// TestListOnlyClient: a list-only access key lists what its user sees and opens nothing.
func TestListOnlyClient(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	h.mock.AddListOnlyClient("lister", "lister-secret", "carol")
	h.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Owner: "carol", Fields: map[string]string{"name": "mine"}})
	h.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "admins"}})
	h.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "shared"}, UsersAllowed: []senhaseguramock.Share{{Name: "carol"}}})
	lo := h.login("lister", "lister-secret")
	if status, body := lo.do("GET", "/api/mysafe/password", nil); status != 200 || !strings.Contains(string(body), `"mine"`) || strings.Contains(string(body), "admins") {
		t.Fatalf("list: %d %s", status, body)
	}
	if status, body := lo.do("GET", "/api/mysafe/note", nil); status != 200 || !strings.Contains(string(body), `"shared"`) {
		t.Fatalf("note list: %d %s", status, body)
	}
	for path, want := range map[string]string{
		"/api/mysafe/password/1": "1006: User does not have access", "/api/mysafe/password/2": "1006: User does not have access",
		"/api/mysafe/note/1": "1006: User does not have access", "/api/mysafe/password/9": "1005: Password not found",
		"/api/mysafe/password/x": "1010: Unexpected identifier type",
	} {
		if status, body := lo.do("GET", path, nil); status != 400 || message(t, body) != want {
			t.Fatalf("%s: %d %s, want %q", path, status, body, want)
		}
	}
	if status, _ := h.do("GET", "/api/mysafe/password/1", nil); status != 400 {
		t.Fatal("the owner of password 1 is carol")
	}
}

// TestFilterQuirks: exact filters by default, substrings or none with the quirks.
func TestFilterQuirks(t *testing.T) {
	names := func(h *harness, path string) string {
		t.Helper()
		status, body := h.do("GET", path, nil)
		var env struct {
			Passwords []struct{ Name string } `json:"password_on_list"`
			Secrets   []struct{ Name string } `json:"api_secret_on_list"`
		}
		if err := json.Unmarshal(body, &env); err != nil || status != 200 {
			t.Fatalf("%s: %d %s", path, status, body)
		}
		var out []string
		for _, p := range append(env.Passwords, env.Secrets...) {
			out = append(out, p.Name)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		quirks senhaseguramock.Quirks
		want   map[string]string
	}{
		{senhaseguramock.Quirks{}, map[string]string{
			"/api/mysafe/password?name=Prod DB":                            "Prod DB",
			"/api/mysafe/password?name=prod":                               "",
			"/api/mysafe/password?username=root&url=https://a.example.com": "Prod DB",
			"/api/mysafe/password?tag=OPS":                                 "Prod DB,Staging DB",
			"/api/mysafe/password?tag=op":                                  "",
			"/api/mysafe/secretapi?identifier_code=abc":                    "k1",
			"/api/mysafe/secretapi?identifier_code=B":                      "",
		}},
		{senhaseguramock.Quirks{FilterSubstring: true}, map[string]string{
			"/api/mysafe/password?name=prod":               "Prod DB",
			"/api/mysafe/password?name=db":                 "Prod DB,Staging DB",
			"/api/mysafe/password?url=EXAMPLE&username=ro": "Prod DB",
			"/api/mysafe/password?tag=op":                  "Prod DB,Staging DB",
			"/api/mysafe/password?tag=prod&name=staging":   "",
			"/api/mysafe/secretapi?identifier_code=B":      "k1,k2",
		}},
		{senhaseguramock.Quirks{FilterIgnored: true, FilterSubstring: true}, map[string]string{
			"/api/mysafe/password?name=nothing":        "Prod DB,Staging DB",
			"/api/mysafe/password?tag=x&url=y":         "Prod DB,Staging DB",
			"/api/mysafe/secretapi?identifier_code=zz": "k1,k2",
		}},
	} {
		h := newHarness(t, senhaseguramock.Options{Quirks: tc.quirks})
		h.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "Prod DB", "username": "root", "url": "https://a.example.com", "tags": "ops, prod"}})
		h.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "Staging DB", "username": "app", "url": "https://b.example.org", "tags": "ops"}})
		h.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{"name": "k1", "identifier_code": "abc"}})
		h.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{"name": "k2", "identifier_code": "xbz"}})
		for path, want := range tc.want {
			if got := names(h, strings.ReplaceAll(path, " ", "%20")); got != want {
				t.Errorf("%+v %s: %q, want %q", tc.quirks, path, got, want)
			}
		}
	}
}

// TestStrictSharingKnowsUsersAndGroups: AddUser, AddGroup and AddGroupMember make users and
// groups known to strict sharing; the others go to shared_error.
func TestStrictSharingKnowsUsersAndGroups(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{Quirks: senhaseguramock.Quirks{StrictShares: true}})
	h.mock.AddUser("alice")
	h.mock.AddGroup("ops")
	h.mock.AddGroupMember("dev", "bob")
	status, body := h.do("POST", "/api/mysafe/password", []byte(`{"name":"n","username":"u","password":"p",
		"users_allowed":[{"username":"alice"},{"username":"bob","can_edit":true},{"username":"zed"}],
		"groups_allowed":[{"name":"ops"},{"name":"dev"},{"name":"nope"}]}`))
	var env struct {
		Entity struct {
			SharedError []string `json:"shared_error"`
		} `json:"password_entity"`
	}
	if err := json.Unmarshal(body, &env); err != nil || status != 201 || strings.Join(env.Entity.SharedError, ",") != "zed,nope" {
		t.Fatalf("create: %d %s", status, body)
	}
	it, _ := h.mock.Item(senhaseguramock.KindPassword, "1")
	if len(it.UsersAllowed) != 2 || it.UsersAllowed[1].Name != "bob" || len(it.GroupsAllowed) != 2 || it.GroupsAllowed[0].Name != "ops" {
		t.Fatalf("stored shares: %+v", it)
	}
	// Over HTTP.
	post := func(path, body string) {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, h.srv.URL+path, strings.NewReader(body))
		if status, b := h.send(req); status != 200 {
			t.Fatalf("%s: %d %s", path, status, b)
		}
	}
	post("/_mock/users", `{"name":"zed"}`)
	post("/_mock/groups", `{"name":"nope","members":["yan"]}`)
	status, body = h.do("PUT", "/api/mysafe/password/update/1", []byte(`{"users_allowed":[{"username":"zed"},{"username":"yan"}],"groups_allowed":[{"name":"nope"}]}`))
	if status != 200 || !strings.Contains(string(body), `"shared_error":[]`) {
		t.Fatalf("update: %d %s", status, body)
	}
	// Every client's user is known: the first access key's, and every kind of client added.
	h.mock.AddClient("c1", "s", "carol")
	h.mock.AddPAMClient("c2", "s", "dave")
	h.mock.AddReadOnlyClient("c3", "s", "erin")
	h.mock.AddListOnlyClient("c4", "s", "fay")
	status, body = h.do("PUT", "/api/mysafe/password/update/1", []byte(`{"users_allowed":[{"username":"admin"},{"username":"carol"},{"username":"dave"},{"username":"erin"},{"username":"fay"}]}`))
	if status != 200 || !strings.Contains(string(body), `"shared_error":[]`) {
		t.Fatalf("the clients' users: %d %s", status, body)
	}
}
