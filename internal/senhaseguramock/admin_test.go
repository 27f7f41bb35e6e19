package senhaseguramock_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// admin sends a request to a /_mock/ hook.
func (h *harness) admin(method, path, body string) (int, []byte) {
	h.t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, strings.NewReader(body))
	return h.send(req)
}

// TestAdminHelpHooksAreServed: every hook AdminHelp lists is served (AdminHelp is what
// senhasegura-mock -h prints, so it must not list a hook that is not there).
func TestAdminHelpHooksAreServed(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	h.mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "db01", IP: "10.0.0.5"})
	h.mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "db01", IP: "10.0.0.5", Username: "root"})
	for _, k := range []senhaseguramock.Kind{senhaseguramock.KindPassword, senhaseguramock.KindAPISecret, senhaseguramock.KindNote} {
		h.mock.Seed(senhaseguramock.Item{Kind: k, Fields: map[string]string{"name": "n"}})
	}
	h.mock.SeedDSMSecret(senhaseguramock.DefaultDSMClientID, senhaseguramock.DSMSecret{Identity: "team/app/db", Values: map[string]string{"K": "v"}})
	line := regexp.MustCompile(`(?m)^(GET|POST|PATCH|DELETE|PUT) +(/_mock/\S*)(?: \(or (/\w+))?`)
	hooks := line.FindAllStringSubmatch(senhaseguramock.AdminHelp, -1)
	if len(hooks) < 16 {
		t.Fatalf("AdminHelp lists %d hooks:\n%s", len(hooks), senhaseguramock.AdminHelp)
	}
	bodies := map[string]string{
		"/_mock/faults": `{"count":0}`, "/_mock/latency": `{"ms":0}`, "/_mock/token-ttl": `{"seconds":3600}`,
		"/_mock/users": `{"name":"u"}`, "/_mock/groups": `{"name":"g"}`,
		"/_mock/clients":            `{"client_id":"c","client_secret":"s","user":"u"}`,
		"/_mock/dsm/authorizations": `{"application":"a","system":"s","environment":"e"}`, "/_mock/dsm/engines": `{"name":"e"}`,
	}
	for _, m := range hooks {
		paths := []string{m[2]}
		if m[3] != "" {
			paths = append(paths, m[2][:strings.LastIndex(m[2], "/")]+m[3])
		}
		for _, alt := range []*regexp.Regexp{regexp.MustCompile(`\{(password\|secretapi\|note)\}`), regexp.MustCompile(`\{(device\|credential)\}`)} {
			var out []string
			for _, p := range paths {
				if sm := alt.FindStringSubmatch(p); sm != nil {
					for _, v := range strings.Split(sm[1], "|") {
						out = append(out, strings.Replace(p, sm[0], v, 1))
					}
				} else {
					out = append(out, p)
				}
			}
			paths = out
		}
		for _, p := range paths {
			p = strings.NewReplacer("{id}", "1", "{client_id}", senhaseguramock.DefaultDSMClientID, "{identity}", "team/app/db").Replace(p)
			body := bodies[p]
			if m[1] == http.MethodPatch {
				body = `{"fields":{}}`
			}
			status, b := h.admin(m[1], p, body)
			if status != http.StatusOK {
				t.Errorf("%s %s: %d %s", m[1], p, status, b)
			}
		}
	}
}

// TestAdminFaultsHook: POST /_mock/faults takes every field of Fault, and where it applies.
func TestAdminFaultsHook(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	h.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "n"}})
	post := func(body string) {
		t.Helper()
		if status, b := h.admin("POST", "/_mock/faults", body); status != 200 {
			t.Fatalf("%s: %d %s", body, status, b)
		}
	}
	get := func(path string) rawAnswer { t.Helper(); return h.raw("GET", path, "", "", h.token) }

	post(`{"route":"GET /mysafe/password/{id}","id":""}`)
	if a := get("/api/mysafe/password/1"); !strings.Contains(string(a.body), `"password_entity":{"identifier":"",`) {
		t.Fatalf("blank id: %s", a.body)
	}
	post(`{"route":"GET /mysafe/password/{id}","drop_id":true}`)
	if a := get("/api/mysafe/password/1"); strings.Contains(string(a.body), `"identifier"`) {
		t.Fatalf("dropped id: %s", a.body)
	}
	post(`{"route":"GET /mysafe/password/{id}","id":" 3"}`)
	if a := get("/api/mysafe/password/1"); !strings.Contains(string(a.body), `"identifier":" 3"`) {
		t.Fatalf("id: %s", a.body)
	}
	post(`{"count":2,"mangle":"html","title":"Bad Gateway","status":502,"retry_after":"7"}`)
	for i := 0; i < 2; i++ {
		if a := get("/api/mysafe/password"); a.status != 502 || !strings.Contains(string(a.body), "<title>Bad Gateway</title>") || a.header.Get("Retry-After") != "7" {
			t.Fatalf("html %d: %d %s", i, a.status, a.body)
		}
	}
	post(`{"echo":true}`)
	if a := get("/api/mysafe/password"); a.status != 400 || message(t, a.body) != "GET /api/mysafe/password" {
		t.Fatalf("echo: %d %s", a.status, a.body)
	}
	post(`{"message":"\u001b[31mred","status":500}`)
	if a := get("/api/mysafe/password"); a.status != 500 || message(t, a.body) != "\x1b[31mred" {
		t.Fatalf("message: %d %s", a.status, a.body)
	}
	post(`{"body_bytes":100}`)
	if a := get("/api/mysafe/password"); a.status != 200 || len(a.body) != 100 {
		t.Fatalf("body bytes: %d %d", a.status, len(a.body))
	}
	post(`{"location":"https://sso.example.com/"}`)
	if a := get("/api/mysafe/password"); a.status != 307 || a.header.Get("Location") != "https://sso.example.com/" {
		t.Fatalf("redirect: %d %v", a.status, a.header)
	}
	post(`{"delay_ms":1,"reset":false,"after_handling":true,"status":504}`)
	if a := get("/api/mysafe/password"); a.status != 504 {
		t.Fatalf("delay and status: %d", a.status)
	}
	post(`{"token":true,"always":true,"status":503,"retry_after":"120"}`)
	for i := 0; i < 3; i++ {
		if a := h.tokenRequest(); a.status != 503 || a.header.Get("Retry-After") != "120" {
			t.Fatalf("token storm: %d", a.status)
		}
	}
	post(`{"route":"GET /mysafe/note","always":true,"status":429}`)
	post(`{"always":true,"status":502}`)
	if a := get("/api/mysafe/note"); a.status != 429 {
		t.Fatalf("route always: %d", a.status)
	}
	if a := get("/api/mysafe/password"); a.status != 502 {
		t.Fatalf("always: %d", a.status)
	}
	if status, _ := h.admin("DELETE", "/_mock/faults", ""); status != 200 {
		t.Fatal("delete faults")
	}
	if a := h.tokenRequest(); a.status != 200 {
		t.Fatalf("after DELETE: token %d", a.status)
	}
	if a := get("/api/mysafe/note"); a.status != 200 {
		t.Fatalf("after DELETE: %d", a.status)
	}
	post(`{"rate":1,"seed":3,"status":500}`)
	if a := get("/api/mysafe/note"); a.status != 500 {
		t.Fatalf("rate 1: %d", a.status)
	}
	for _, bad := range []string{`{"mangle":"bogus"}`, `{"route":"GET /nothing"}`, `{"token":true,"route":"GET /mysafe/note"}`,
		`{"rate":2}`, `{"rate":0.5,"token":true}`, `{"status":7}`, `not json`} {
		if status, b := h.admin("POST", "/_mock/faults", bad); status != 400 {
			t.Errorf("%s: %d %s", bad, status, b)
		}
	}
}

// TestAdminClientsHook: POST /_mock/clients adds each kind of client.
func TestAdminClientsHook(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	h.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Owner: "lo", Fields: map[string]string{"name": "n"}})
	for _, kind := range []string{"", "read-only", "pam", "list-only"} {
		body, _ := json.Marshal(map[string]string{"client_id": "c-" + kind, "client_secret": "s", "user": "lo", "kind": kind})
		if status, b := h.admin("POST", "/_mock/clients", string(body)); status != 200 {
			t.Fatalf("%q: %d %s", kind, status, b)
		}
	}
	if status, _ := h.login("c-", "s").do("GET", "/api/mysafe/password/1", nil); status != 200 {
		t.Fatal("access key")
	}
	if status, body := h.login("c-list-only", "s").do("GET", "/api/mysafe/password/1", nil); status != 400 || message(t, body) != "1006: User does not have access" {
		t.Fatal("list-only")
	}
	if status, _ := h.login("c-pam", "s").do("GET", "/api/mysafe/password", nil); status != 401 {
		t.Fatal("pam")
	}
	if a := h.login("c-read-only", "s").pam("DELETE", "/iso/pam/device/1", ""); a.msg() != "1039: Without PAM Configuration Access permission" {
		t.Fatalf("read-only: %s", a.body)
	}
	for _, bad := range []string{`{"client_id":"x","client_secret":"s","user":"u","kind":"root"}`, `{"client_id":"x"}`} {
		if status, _ := h.admin("POST", "/_mock/clients", bad); status != 400 {
			t.Errorf("%s: %d", bad, status)
		}
	}
}
