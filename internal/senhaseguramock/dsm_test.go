package senhaseguramock_test

import (
	"context"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // the mock's OAEP hash by default
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"hash"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// dsmAnswer is a DSM answer, decoded.
type dsmAnswer struct {
	t      *testing.T
	status int
	body   []byte
	env    map[string]any
}

func (a dsmAnswer) msg() string {
	if r, ok := a.env["response"].(map[string]any); ok {
		m, _ := r["message"].(string)
		return m
	}
	m, _ := a.env["message"].(string)
	return m
}

// want checks the status and message.
func (a dsmAnswer) want(status int, msg string) dsmAnswer {
	a.t.Helper()
	if a.status != status || a.msg() != msg {
		a.t.Fatalf("got %d %q, want %d %q: %s", a.status, a.msg(), status, msg, a.body)
	}
	return a
}

// wantError checks an application error: status, message, the envelope's error flag and
// error_code, and the exception block.
func (a dsmAnswer) wantError(status int, code float64, msg string) {
	a.t.Helper()
	a.want(status, msg)
	r, _ := a.env["response"].(map[string]any)
	ex, _ := a.env["exception"].(map[string]any)
	if r["error"] != true || r["error_code"] != code || ex["code"] != code || ex["message"] != msg {
		a.t.Fatalf("not an error envelope with code %v: %s", code, a.body)
	}
}

// dsmItem is a secret item of a read (reference/dsm-api.md §4.3).
type dsmItem struct {
	SecretID       string           `json:"secret_id"`
	SecretName     string           `json:"secret_name"`
	Identity       string           `json:"identity"`
	Version        string           `json:"version"`
	ExpirationDate string           `json:"expiration_date"`
	Engine         string           `json:"engine"`
	Description    string           `json:"description"`
	Data           []map[string]any `json:"data"`
}

// items are the secrets of the answer: "secrets", "secret" or "application"."secrets".
func (a dsmAnswer) items() []dsmItem {
	a.t.Helper()
	var env struct {
		Secrets     []dsmItem `json:"secrets"`
		Secret      *dsmItem  `json:"secret"`
		Application *struct {
			Secrets []dsmItem `json:"secrets"`
		} `json:"application"`
	}
	if err := json.Unmarshal(a.body, &env); err != nil {
		a.t.Fatalf("%v: %s", err, a.body)
	}
	switch {
	case env.Secret != nil:
		return []dsmItem{*env.Secret}
	case env.Application != nil:
		return env.Application.Secrets
	}
	return env.Secrets
}

// identities are the identities of the answer's secrets.
func (a dsmAnswer) identities() []string {
	var out []string
	for _, it := range a.items() {
		out = append(out, it.Identity)
	}
	return out
}

func (h *harness) dsmRaw(method, path, contentType, body string) dsmAnswer {
	h.t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+h.token)
	status, b := h.send(req)
	a := dsmAnswer{t: h.t, status: status, body: b}
	_ = json.Unmarshal(b, &a.env)
	return a
}

// dsm sends a JSON request (or none when body is "").
func (h *harness) dsm(method, path, body string) dsmAnswer {
	h.t.Helper()
	return h.dsmRaw(method, path, "application/json", body)
}

// newDSM is a harness acting as the creator authorization, on a mock with those quirks.
func newDSM(t *testing.T, q senhaseguramock.DSMQuirks) *harness {
	t.Helper()
	h := newHarness(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{Quirks: q}})
	return h.login(senhaseguramock.DefaultDSMClientID, senhaseguramock.DefaultDSMClientSecret)
}

// data is the data parameter of a key/value secret.
func data(kv map[string]string) string {
	raw, _ := json.Marshal(map[string]any{"key_value": map[string]any{"fields": kv}})
	return base64.StdEncoding.EncodeToString(raw)
}

// secretJSON is a POST /iso/sctm/secret body: identity, data of kv, and extra "key":value members.
func secretJSON(identity string, kv map[string]string, extra ...string) string {
	b := fmt.Sprintf(`{"identity":%q,"data":%q`, identity, data(kv))
	for _, e := range extra {
		b += "," + e
	}
	return b + "}"
}

// mint registers app with an authorization for system and environment (and extra members)
// as the creator h, and returns the harness acting as that authorization.
func (h *harness) mint(app, system, environment string, extra ...string) (*harness, dsmAnswer) {
	h.t.Helper()
	body := fmt.Sprintf(`{"application":%q,"system":%q,"environment":%q`, app, system, environment)
	for _, e := range extra {
		body += "," + e
	}
	a := h.dsm("POST", "/iso/dapp/application", body+"}")
	id, _ := a.env["id"].(string)
	secret, _ := a.env["signature"].(string)
	if a.status != 200 || id == "" || secret == "" {
		h.t.Fatalf("mint: %d %s", a.status, a.body)
	}
	return h.login(id, secret), a
}

// clientID is the DSM client id of the answer of a POST /iso/dapp/application.
func (a dsmAnswer) clientID() string { id, _ := a.env["id"].(string); return id }

// TestDSMRoutes: the six routes under /iso only, the fixed part of the path in any case, each
// counted; DSM authorizations reach DSM only, and nothing else reaches DSM.
func TestDSMRoutes(t *testing.T) {
	h := newDSM(t, senhaseguramock.DSMQuirks{})
	access := newHarness(t, senhaseguramock.Options{})
	access.srv, access.mock = h.srv, h.mock
	access = access.login(senhaseguramock.DefaultClientID, senhaseguramock.DefaultClientSecret)
	h.dsm("POST", "/iso/sctm/secret", secretJSON("app/db", map[string]string{"K": "v"})).want(201, "Secret created successfully.")
	denied := h.mock.Unauthorized()
	for route, call := range map[string][2]string{
		"GET /dapp/application":                  {"GET", "/iso/dapp/Application"},
		"POST /dapp/application":                 {"POST", "/ISO/DAPP/application/"},
		"DELETE /dapp/application/authorization": {"DELETE", "/iso/dapp/Application/Authorization"},
		"POST /sctm/secret":                      {"POST", "/iso/sctm/Secret"},
		"GET /sctm/secret":                       {"GET", "/iso/sctm/secret/"},
		"GET /sctm/secret/{identity}":            {"GET", "/iso/SCTM/secret/app/db"},
	} {
		before := h.mock.RequestCount(route)
		if a := access.dsm(call[0], call[1], ""); a.status != 401 || a.msg() != senhaseguramock.MsgNotAuthorized {
			t.Errorf("%s with a MySafe access key: %d %s", route, a.status, a.body)
		}
		if got := h.mock.RequestCount(route); got != before+1 {
			t.Errorf("%s %s counted as %s %d times, want %d", call[0], call[1], route, got, before+1)
		}
	}
	if n := h.mock.Unauthorized() - denied; n != 6 {
		t.Errorf("%d calls refused by the token scope, want 6", n)
	}
	for _, path := range []string{"/api/dapp/application", "/api/sctm/secret", "/iso/sctm/secrets", "/iso/dapp/application/authorization/1"} {
		if a := h.dsm("GET", path, ""); a.status != 404 || a.msg() != senhaseguramock.MsgNoRoute {
			t.Errorf("GET %s: %d %s", path, a.status, a.body)
		}
	}
	if a := h.dsm("PUT", "/iso/sctm/secret/app/db", ""); a.status != 404 {
		t.Errorf("PUT one secret: %d %s", a.status, a.body)
	}
	for _, path := range []string{"/api/mysafe/password", "/iso/pam/device", "/api/v2/pam/credentials/1"} {
		if a := h.dsm("GET", path, ""); a.status != 401 || a.msg() != senhaseguramock.MsgNotAuthorized {
			t.Errorf("a DSM authorization on %s: %d %s", path, a.status, a.body)
		}
	}
	h.dsm("GET", "/iso/dapp/Application", "").want(200, "Application 1")
	if got := h.mock.Calls(); got[len(got)-1].Route != "GET /dapp/application" {
		t.Errorf("calls: %+v", got[len(got)-1])
	}
}

// TestDSMSecretUpsert: POST /iso/sctm/secret creates (201) and updates (201 "updated") by
// identity, from JSON or a form; name defaults to the identity, engine to Generic; the version
// grows when something changed; the answer is the caller's application with its secrets.
func TestDSMSecretUpsert(t *testing.T) {
	h := newDSM(t, senhaseguramock.DSMQuirks{})
	a := h.dsm("POST", "/iso/sctm/secret", secretJSON("team/app/db", map[string]string{"DB_USER": "app", "DB_PASS": "s3cret"},
		`"description":"database of app"`, `"expiration_date":""`)).want(201, "Secret created successfully.")
	app, _ := a.env["application"].(map[string]any)
	wantKeys(t, "application", app, "name", "description", "tags", "system", "environment", "secrets")
	if app["name"] != senhaseguramock.DefaultDSMApplication || app["description"] != nil || app["system"] != senhaseguramock.DefaultDSMSystem ||
		app["environment"] != senhaseguramock.DefaultDSMEnvironment || !reflect.DeepEqual(app["tags"], []any{}) {
		t.Fatalf("application: %s", a.body)
	}
	want := dsmItem{SecretID: "1", SecretName: "team/app/db", Identity: "team/app/db", Version: "1", Engine: "Generic",
		Description: "database of app", Data: []map[string]any{{"DB_PASS": "s3cret", "DB_USER": "app"}}}
	if got := a.items(); len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("created: %s", a.body)
	}
	one := h.dsm("GET", "/iso/sctm/secret/team/app/db", "").want(200, "Secret 1")
	if order := keyOrder(t, entity(t, one.body, "secret")); strings.Join(order, ",") != "secret_id,secret_name,identity,version,expiration_date,engine,description,data" {
		t.Fatalf("item keys: %v", order)
	}
	if order := keyOrder(t, one.body); strings.Join(order, ",") != "code,response,secret" {
		t.Fatalf("envelope keys: %v", order)
	}
	// The same POST again changes nothing: the version stays.
	h.dsm("POST", "/iso/sctm/secret", secretJSON("team/app/db", map[string]string{"DB_USER": "app", "DB_PASS": "s3cret"})).want(201, "Secret updated successfully.")
	if s, _ := h.mock.DSMSecret("team/app/db"); s.Version != 1 || s.Description != "database of app" {
		t.Fatalf("an unchanged POST: %+v", s)
	}
	// A form body, as dsmcli sends: name, engine, a new value.
	form := url.Values{"identity": {"team/app/db"}, "name": {"App DB"}, "engine": {"Kubernetes"}, "data": {data(map[string]string{"DB_USER": "app2"})}}
	a = h.dsmRaw("POST", "/iso/sctm/secret", "application/x-www-form-urlencoded", form.Encode()).want(201, "Secret updated successfully.")
	want = dsmItem{SecretID: "1", SecretName: "App DB", Identity: "team/app/db", Version: "2", Engine: "Kubernetes",
		Description: "database of app", Data: []map[string]any{{"DB_USER": "app2"}}}
	if got := a.items(); len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("updated: %s", a.body)
	}
	if c := h.mock.Calls(); !reflect.DeepEqual(c[len(c)-1].Keys, []string{"data", "engine", "identity", "name"}) || c[len(c)-1].Route != "POST /sctm/secret" {
		t.Fatalf("call: %+v", c[len(c)-1])
	}
	// Credentials and access keys: one map each, keyed by their labels, before the key/value pairs.
	doc := `{"key_value":{"fields":{"K":"v"}},"credentials":[{"credential":{"fields":{"user":"u","user_label":"USERNAME","host":"h","password":"p","password_label":"PASSWORD"}}}],` +
		`"access_keys":[{"access_key":{"type":"aws","fields":{"access_key_id":"AKIA","secret_access_key":"sk","secret_access_key_label":"AWS_SECRET_ACCESS_KEY"}}}]}`
	a = h.dsm("POST", "/iso/sctm/secret", fmt.Sprintf(`{"identity":"full","data":%q}`, base64.StdEncoding.EncodeToString([]byte(doc)))).want(201, "Secret created successfully.")
	got := a.items()[1]
	if !reflect.DeepEqual(got.Data, []map[string]any{
		{"hostname": "h", "USERNAME": "u", "PASSWORD": "p"},
		{"access_key_id": "AKIA", "AWS_SECRET_ACCESS_KEY": "sk", "TTL": nil},
		{"K": "v"},
	}) {
		t.Fatalf("data: %s", a.body)
	}
	s, _ := h.mock.DSMSecret("full")
	if !reflect.DeepEqual(s.AccessKeys, []map[string]string{{"type": "aws", "access_key_id": "AKIA", "secret_access_key": "sk", "secret_access_key_label": "AWS_SECRET_ACCESS_KEY"}}) ||
		s.Credentials[0]["password"] != "p" || s.Values["K"] != "v" || s.PostedBy != senhaseguramock.DefaultDSMClientID {
		t.Fatalf("snapshot: %+v", s)
	}
}

// TestDSMSecretErrors: what a POST may get wrong answers 400 with the exception block, and
// changes nothing.
func TestDSMSecretErrors(t *testing.T) {
	h := newDSM(t, senhaseguramock.DSMQuirks{})
	ok := data(map[string]string{"K": "v"})
	for body, msg := range map[string]string{
		`{"data":"` + ok + `"}`:                 "The identity field is required",
		`{"identity":"  ","data":"` + ok + `"}`: "The identity field is required",
		`{"identity":"x"}`:                      "The data field is required",
		`{"identity":"x","data":"not base64!"}`: "The data field must be valid base64 encoded json",
		`{"identity":"x","data":"` + base64.StdEncoding.EncodeToString([]byte("[1]")) + `"}`:                                         "The data field must be valid base64 encoded json",
		`{"identity":"x","data":{"key_value":{"fields":{"K":"v"}}}}`:                                                                 "The data field must be valid base64 encoded json",
		`{"identity":"x","data":"` + base64.StdEncoding.EncodeToString([]byte(`{"key_value":{"fields":{"K":{"nested":1}}}}`)) + `"}`: "The data field must be valid base64 encoded json",
		`{"identity":"x","data":"` + ok + `","engine":"Vault"}`:                                                                      "The engine must be a valid engine registered in senhasegura",
		`{"identity":"x","data":"` + ok + `","engine":"generic"}`:                                                                    "The engine must be a valid engine registered in senhasegura",
		`{"identity":"x","data":"` + ok + `","expiration_date":"2030-01-02T03:04:05Z"}`:                                              "The expiration_date field must be a date in the format YYYY-MM-DD HH:MM:SS",
		`{"identity":"x","data":"` + ok + `","expiration_date":"tomorrow"}`:                                                          "The expiration_date field must be a date in the format YYYY-MM-DD HH:MM:SS",
		`{"identity":"x","data":"` + ok + `","renew_cloud_time":5}`:                                                                  "The renew_cloud_time field must be a number of minutes, at least 10",
		`{"identity":"x","data":"` + ok + `","renew_credential_time":"soon"}`:                                                        "The renew_credential_time field must be a number of minutes, at least 10",
		`{"identity":"x",`: "Malformed request body",
	} {
		h.dsm("POST", "/iso/sctm/secret", body).wantError(400, 1, msg)
	}
	if n := len(h.mock.DSMSecrets()); n != 0 {
		t.Fatalf("%d secrets stored by refused calls", n)
	}
	h.mock.AddDSMEngine("Vault")
	h.dsm("POST", "/iso/sctm/secret", `{"identity":"x","data":"`+ok+`","engine":"Vault","renew_cloud_time":10}`).want(201, "Secret created successfully.")
	// Unpadded base64, and numbers and booleans as strings.
	raw := base64.RawStdEncoding.EncodeToString([]byte(`{"key_value":{"fields":{"N":1.5,"B":true,"Z":null}}}`))
	h.dsm("POST", "/iso/sctm/secret", `{"identity":"y","data":"`+raw+`"}`).want(201, "Secret created successfully.")
	if s, _ := h.mock.DSMSecret("y"); !reflect.DeepEqual(s.Values, map[string]string{"N": "1.5", "B": "true", "Z": ""}) {
		t.Fatalf("values: %v", s.Values)
	}
}

// TestDSMReads: GET /iso/sctm/secret lists the caller's secrets; GET /iso/sctm/secret/{identity}
// reads one, its identity with "/" raw or encoded; GET /iso/dapp/application the caller's
// application with its secrets. A secret not linked to the caller is not found.
func TestDSMReads(t *testing.T) {
	h := newDSM(t, senhaseguramock.DSMQuirks{})
	h.dsm("POST", "/iso/sctm/secret", secretJSON("cart/shop/npf/cassandra", map[string]string{"K": "v"})).want(201, "Secret created successfully.")
	h.dsm("POST", "/iso/sctm/secret", secretJSON("plain", map[string]string{"A": "1"})).want(201, "Secret created successfully.")
	if got := h.dsm("GET", "/iso/sctm/secret", "").want(200, "2 secrets found").identities(); !slices.Equal(got, []string{"cart/shop/npf/cassandra", "plain"}) {
		t.Fatalf("list: %v", got)
	}
	for _, path := range []string{"/iso/sctm/secret/cart/shop/npf/cassandra", "/iso/sctm/secret/cart%2Fshop%2Fnpf%2Fcassandra"} {
		a := h.dsm("GET", path, "").want(200, "Secret 1")
		if got := a.items(); len(got) != 1 || got[0].Identity != "cart/shop/npf/cassandra" || got[0].Data[0]["K"] != "v" {
			t.Fatalf("%s: %s", path, a.body)
		}
	}
	h.dsm("GET", "/iso/sctm/secret/nothing", "").wantError(404, 4, "Secret not found")
	h.dsm("GET", "/iso/sctm/secret/Plain", "").wantError(404, 4, "Secret not found")
	if got := h.dsm("GET", "/iso/dapp/application", "").want(200, "Application 1").identities(); len(got) != 2 {
		t.Fatalf("application: %v", got)
	}
	other, _ := h.mint("billing", "ci", "prod")
	other.dsm("GET", "/iso/sctm/secret/plain", "").wantError(404, 4, "Secret not found")
	if got := other.dsm("GET", "/iso/sctm/secret", "").want(200, "0 secrets found").identities(); len(got) != 0 {
		t.Fatalf("another authorization's list: %v", got)
	}
	a := other.dsm("GET", "/iso/dapp/application", "").want(200, "Application 2")
	if app := a.env["application"].(map[string]any); app["name"] != "billing" || app["system"] != "ci" || app["environment"] != "prod" || len(a.items()) != 0 {
		t.Fatalf("the minted authorization's application: %s", a.body)
	}
}

// Open question 2, both ways: an authorization sees the secrets linked to it; a POST of
// another's identity takes it over (links it); with ApplicationListsAll, GET
// /iso/dapp/application lists every authorization's secrets of the application, while GET
// /iso/sctm/secret stays the caller's.
func TestDSMVisibility(t *testing.T) {
	for _, all := range []bool{false, true} {
		h := newDSM(t, senhaseguramock.DSMQuirks{ApplicationListsAll: all})
		a, minted := h.mint("shop", "ci", "dev")
		b, _ := h.mint("shop", "ci", "prod")
		a.dsm("POST", "/iso/sctm/secret", secretJSON("shop/a", map[string]string{"K": "a"})).want(201, "Secret created successfully.")
		b.dsm("POST", "/iso/sctm/secret", secretJSON("shop/b", map[string]string{"K": "b"})).want(201, "Secret created successfully.")
		wantApp := []string{"shop/b"}
		if all {
			wantApp = []string{"shop/a", "shop/b"}
		}
		if got := b.dsm("GET", "/iso/dapp/application", "").identities(); !slices.Equal(got, wantApp) {
			t.Fatalf("all=%v: B's application lists %v, want %v", all, got, wantApp)
		}
		if got := b.dsm("POST", "/iso/sctm/secret", secretJSON("shop/b", map[string]string{"K": "b"})).identities(); !slices.Equal(got, wantApp) {
			t.Fatalf("all=%v: the POST answer lists %v, want %v", all, got, wantApp)
		}
		if got := b.dsm("GET", "/iso/sctm/secret", "").identities(); !slices.Equal(got, []string{"shop/b"}) {
			t.Fatalf("all=%v: B's list %v", all, got)
		}
		if got := h.dsm("GET", "/iso/dapp/application", "").identities(); len(got) != 0 {
			t.Fatalf("all=%v: another application's secrets: %v", all, got)
		}
		// B takes A's secret over by posting its identity; the UI's link does the same.
		b.dsm("POST", "/iso/sctm/secret", secretJSON("shop/a", map[string]string{"K": "by b"})).want(201, "Secret updated successfully.")
		b.dsm("GET", "/iso/sctm/secret/shop/a", "").want(200, "Secret 1")
		if s, _ := h.mock.DSMSecret("shop/a"); s.PostedBy != minted.clientID() || len(s.Authorizations) != 2 || s.Version != 2 {
			t.Fatalf("taken over: %+v", s)
		}
		if !h.mock.LinkDSMSecret("shop/b", senhaseguramock.DefaultDSMClientID) || h.mock.LinkDSMSecret("nothing", senhaseguramock.DefaultDSMClientID) {
			t.Fatal("LinkDSMSecret")
		}
		h.dsm("GET", "/iso/sctm/secret/shop/b", "").want(200, "Secret 2")
	}
}

// TestDSMApplication: POST /iso/dapp/application by a creator creates or updates the
// application and finds or mints the authorization (by system and environment, or unique_key),
// answering its client id and secret; an authorization without the right may not; the minted
// credentials get tokens and act as their authorization; authorized resources gate the APIs.
func TestDSMApplication(t *testing.T) {
	h := newDSM(t, senhaseguramock.DSMQuirks{})
	minted, a := h.mint("APP-SQL", "Teste_DSM", "Teste_DSM", `"description":"first"`, `"tags":["ci"]`, `"authentication_method":"OAuth 2.0"`,
		`"allowed_ips":["*"]`, `"line_of_business":"Core business"`)
	a.want(200, "Application created: (2) APP-SQL | Authorization created: (2)")
	if order := keyOrder(t, a.body); strings.Join(order, ",") != "code,response,id,signature" {
		t.Fatalf("answer keys: %v", order)
	}
	id := a.clientID()
	again := h.dsm("POST", "/iso/dapp/application", `{"application":"APP-SQL","system":"Teste_DSM","environment":"Teste_DSM","tags":["ci","db"]}`).
		want(200, "Application updated: (2) APP-SQL | Authorization found: (2)")
	if again.clientID() != id || again.env["signature"] != a.env["signature"] {
		t.Fatalf("found: the credentials changed: %s", again.body)
	}
	h.dsm("POST", "/iso/dapp/application", `{"application":"APP-SQL","system":"Teste_DSM","environment":"prod"}`).
		want(200, "Application updated: (2) APP-SQL | Authorization created: (3)")
	uk := h.dsm("POST", "/iso/dapp/application", `{"application":"APP-SQL","unique_key":"k1","system":"Teste_DSM","environment":"Teste_DSM"}`).
		want(200, "Application updated: (2) APP-SQL | Authorization created: (4)")
	h.dsm("POST", "/iso/dapp/application", `{"application":"APP-SQL","unique_key":"k1"}`).want(200, "Application updated: (2) APP-SQL | Authorization found: (4)")
	if uk.clientID() == id {
		t.Fatal("unique_key found the system-and-environment authorization")
	}
	// A form body, tags as repeated keys.
	form := url.Values{"application": {"cli-app"}, "system": {"s"}, "environment": {"e"}, "tags[]": {"a", "b"}}
	h.dsmRaw("POST", "/iso/Dapp/Application", "application/x-www-form-urlencoded", form.Encode()).want(200, "Application created: (3) cli-app | Authorization created: (5)")
	if apps := h.mock.DSMApplications(); !slices.Equal(apps[2].Tags, []string{"a", "b"}) {
		t.Fatalf("tags[] in a form: %v", apps[2].Tags)
	}
	form = url.Values{"application": {"cli-app"}, "system": {"s"}, "environment": {"e"}, "tags": {"x", "y"}, "description": {"from a form"}}
	h.dsmRaw("POST", "/iso/dapp/application", "application/x-www-form-urlencoded", form.Encode()).want(200, "Application updated: (3) cli-app | Authorization found: (5)")
	apps := h.mock.DSMApplications()
	if len(apps) != 3 || apps[1].Name != "APP-SQL" || *apps[1].Description != "first" || !slices.Equal(apps[1].Tags, []string{"ci", "db"}) ||
		apps[1].Fields["authentication_method"] != "OAuth 2.0" || apps[1].Fields["line_of_business"] != "Core business" ||
		len(apps[1].Authorizations) != 3 || !slices.Equal(apps[2].Tags, []string{"x", "y"}) || *apps[2].Description != "from a form" {
		t.Fatalf("applications: %+v", apps)
	}
	auth, _ := h.mock.DSMAuthorization(id)
	if !auth.Active || auth.Encryption || auth.CanCreateApplications || auth.Application != "APP-SQL" || auth.System != "Teste_DSM" ||
		!slices.Equal(auth.Resources, []string{"Application", "CI/CD", "Secret Management"}) || !reflect.DeepEqual(auth.Settings["allowed_ips"], []any{"*"}) {
		t.Fatalf("authorization: %+v", auth)
	}
	// The minted authorization acts as itself, and may not create applications.
	minted.dsm("POST", "/iso/sctm/secret", secretJSON("sql/conn", map[string]string{"DSN": "x"})).want(201, "Secret created successfully.")
	if s, _ := h.mock.DSMSecret("sql/conn"); s.Application != "APP-SQL" || s.PostedBy != id {
		t.Fatalf("the minted authorization's secret: %+v", s)
	}
	minted.dsm("POST", "/iso/dapp/application", `{"application":"x","system":"s","environment":"e"}`).wantError(403, 1, "You must have permission to create applications")
	for body, msg := range map[string]string{
		`{"system":"s","environment":"e"}`:      "The application field is required",
		`{"application":"x","system":"s"}`:      "The environment field is required",
		`{"application":"x","environment":"e"}`: "The system field is required",
		`{"application":`:                       "Malformed request body",
	} {
		h.dsm("POST", "/iso/dapp/application", body).wantError(400, 1, msg)
	}
	// Authorized resources: Secret Management only, Application only.
	secretsOnly, _ := h.mint("ro", "s", "secrets", `"authorized_resources":["Secret Management"]`)
	appOnly, _ := h.mint("ro", "s", "app", `"authorized_resources":["Application"]`)
	secretsOnly.dsm("POST", "/iso/sctm/secret", secretJSON("ro/x", map[string]string{"K": "v"})).want(201, "Secret created successfully.")
	secretsOnly.dsm("GET", "/iso/dapp/application", "").want(404, senhaseguramock.MsgNoRoute)
	appOnly.dsm("GET", "/iso/dapp/application", "").want(200, "Application 4")
	appOnly.dsm("GET", "/iso/sctm/secret", "").want(404, senhaseguramock.MsgNoRoute)
	secretsOnly.dsm("DELETE", "/iso/dapp/application/authorization", "").want(200, "Authorization deleted successfully.")
}

// TestDSMDeleteAuthorization: the delete deactivates the caller's authorization; its tokens,
// old and new, answer 401 "Inactive authorization" from then on, the delete too; another POST
// of the application mints a new authorization (FindInactive: answers the inactive one).
func TestDSMDeleteAuthorization(t *testing.T) {
	for _, findInactive := range []bool{false, true} {
		h := newDSM(t, senhaseguramock.DSMQuirks{FindInactive: findInactive})
		minted, a := h.mint("app", "s", "e")
		id, secret := a.clientID(), a.env["signature"].(string)
		minted.dsm("POST", "/iso/sctm/secret", secretJSON("app/x", map[string]string{"K": "v"})).want(201, "Secret created successfully.")
		del := minted.dsm("DELETE", "/iso/dapp/application/authorization", "").want(200, "Authorization deleted successfully.")
		if r := del.env["response"].(map[string]any); r["mensagem"] != "Authorization deleted successfully." || r["error_code"] != 0.0 || del.env["code"] != 200.0 {
			t.Fatalf("delete answer: %s", del.body)
		}
		if auth, _ := h.mock.DSMAuthorization(id); auth.Active {
			t.Fatal("the authorization is still active")
		}
		for _, call := range [][2]string{{"GET", "/iso/sctm/secret"}, {"GET", "/iso/dapp/application"}, {"DELETE", "/iso/dapp/application/authorization"}} {
			minted.dsm(call[0], call[1], "").wantError(401, 1, "Inactive authorization")
		}
		h.login(id, secret).dsm("GET", "/iso/sctm/secret", "").wantError(401, 1, "Inactive authorization")
		if n := h.mock.DSMInactiveRefusals(); n != 4 {
			t.Fatalf("%d refusals", n)
		}
		h.dsm("GET", "/iso/sctm/secret", "").want(200, "0 secrets found") // the creator is untouched
		if s, _ := h.mock.DSMSecret("app/x"); !s.Active {
			t.Fatal("the secret went with the authorization")
		}
		again := h.dsm("POST", "/iso/dapp/application", `{"application":"app","system":"s","environment":"e"}`)
		if findInactive {
			again.want(200, "Application updated: (2) app | Authorization found: (2)")
			if again.clientID() != id {
				t.Fatal("FindInactive: another authorization")
			}
			continue
		}
		again.want(200, "Application updated: (2) app | Authorization created: (3)")
		h.login(again.clientID(), again.env["signature"].(string)).dsm("GET", "/iso/sctm/secret", "").want(200, "0 secrets found")
		if !h.mock.SetDSMAuthorizationActive(id, true) || h.mock.SetDSMAuthorizationActive("nobody", true) {
			t.Fatal("SetDSMAuthorizationActive")
		}
		minted.dsm("GET", "/iso/sctm/secret", "").want(200, "1 secrets found")
	}
}

// Open question 5, the other way: tokens issued before the delete keep working until they
// expire (but for another delete); tokens issued after do not.
func TestDSMTokensOutliveDeactivation(t *testing.T) {
	h := newDSM(t, senhaseguramock.DSMQuirks{TokensOutliveDeactivation: true})
	minted, a := h.mint("app", "s", "e")
	before := h.login(a.clientID(), a.env["signature"].(string))
	minted.dsm("DELETE", "/iso/dapp/application/authorization", "").want(200, "Authorization deleted successfully.")
	minted.dsm("GET", "/iso/sctm/secret", "").want(200, "0 secrets found")
	before.dsm("POST", "/iso/sctm/secret", secretJSON("x", map[string]string{"K": "v"})).want(201, "Secret created successfully.")
	minted.dsm("DELETE", "/iso/dapp/application/authorization", "").wantError(401, 1, "Inactive authorization")
	h.login(a.clientID(), a.env["signature"].(string)).dsm("GET", "/iso/sctm/secret", "").wantError(401, 1, "Inactive authorization")
}

// decrypt decrypts an encrypted value with a PEM key (PKCS#8 or PKCS#1) and OAEP hash h.
func decrypt(t *testing.T, keyPEM, value string, h hash.Hash) string {
	t.Helper()
	block, _ := pem.Decode([]byte(keyPEM))
	if block == nil {
		t.Fatalf("no PEM: %q", keyPEM)
	}
	var key *rsa.PrivateKey
	switch block.Type {
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		key, _ = k.(*rsa.PrivateKey)
	case "RSA PRIVATE KEY":
		k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		key = k
	default:
		t.Fatalf("PEM type %s", block.Type)
	}
	ct, err := base64.StdEncoding.DecodeString(value)
	if err != nil || len(ct) != 256 {
		t.Fatalf("not one base64 RSA block: %q", value)
	}
	plain, err := rsa.DecryptOAEP(h, nil, key, ct, nil)
	if err != nil {
		t.Fatalf("decrypt %q: %v", value, err)
	}
	return string(plain)
}

// Open question 7, every way: an authorization with encryption reads RSA-OAEP ciphertext
// (base64) of every key/value value and of the sensitive credential and access-key fields;
// EncryptOnlySensitive leaves key/value values clear; OAEPSHA256 changes the hash, PKCS1Key
// the key download; a value too long to encrypt is the vendor's placeholder.
func TestDSMEncryption(t *testing.T) {
	long := strings.Repeat("x", 215)
	doc := `{"key_value":{"fields":{"K":"v","LONG":"` + long + `"}},"credentials":[{"credential":{"fields":{"user":"u","password":"p"}}}],` +
		`"access_keys":[{"access_key":{"type":"aws","fields":{"access_key_id":"AKIA","secret_access_key":"sk"}}}]}`
	body := fmt.Sprintf(`{"identity":"enc","data":%q}`, base64.StdEncoding.EncodeToString([]byte(doc)))
	for _, tc := range []struct {
		name    string
		q       senhaseguramock.DSMQuirks
		h       func() hash.Hash
		kvClear bool
		pemType string
	}{
		{"default", senhaseguramock.DSMQuirks{}, sha1.New, false, "PRIVATE KEY"},
		{"only sensitive", senhaseguramock.DSMQuirks{EncryptOnlySensitive: true}, sha1.New, true, "PRIVATE KEY"},
		{"sha-256, pkcs#1", senhaseguramock.DSMQuirks{OAEPSHA256: true, PKCS1Key: true}, sha256.New, false, "RSA PRIVATE KEY"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newDSM(t, tc.q)
			enc, a := h.mint("app", "s", "e", `"encryption_enabled":true`)
			a.want(200, "Application created: (2) app | Authorization created: (2)")
			id := a.clientID()
			if auth, _ := h.mock.DSMAuthorization(id); !auth.Encryption {
				t.Fatal("encryption_enabled was not taken")
			}
			key, ok := h.mock.DSMPrivateKey(id)
			if !ok || !strings.HasPrefix(key, "-----BEGIN "+tc.pemType+"-----") {
				t.Fatalf("key: %q", key)
			}
			if status, b := h.admin("GET", "/_mock/dsm/authorization/"+id+"/private-key", ""); status != 200 || string(b) != key {
				t.Fatalf("the admin hook's key: %d %s", status, b)
			}
			posted := enc.dsm("POST", "/iso/sctm/secret", body).want(201, "Secret created successfully.").items()
			read := enc.dsm("GET", "/iso/sctm/secret/enc", "").want(200, "Secret 1").items()
			for _, items := range [][]dsmItem{posted, read} {
				cred, ak, kv := items[0].Data[0], items[0].Data[1], items[0].Data[2]
				if cred["username"] != "u" || ak["access_key_id"] != "AKIA" || ak["TTL"] != nil {
					t.Fatalf("clear fields encrypted: %v", items[0].Data)
				}
				if got := decrypt(t, key, cred["password"].(string), tc.h()); got != "p" {
					t.Fatalf("password %q", got)
				}
				if got := decrypt(t, key, ak["secret_access_key"].(string), tc.h()); got != "sk" {
					t.Fatalf("secret access key %q", got)
				}
				if tc.kvClear {
					if kv["K"] != "v" || kv["LONG"] != long {
						t.Fatalf("key/value values encrypted: %v", kv)
					}
					continue
				}
				if got := decrypt(t, key, kv["K"].(string), tc.h()); got != "v" {
					t.Fatalf("K %q", got)
				}
				if kv["LONG"] != senhaseguramock.DSMEncryptionFailed {
					t.Fatalf("a value too long: %v", kv["LONG"])
				}
			}
			// Another authorization reading the same secret without encryption reads it clear.
			h.mock.LinkDSMSecret("enc", senhaseguramock.DefaultDSMClientID)
			if kv := h.dsm("GET", "/iso/sctm/secret/enc", "").items()[0].Data[2]; kv["K"] != "v" {
				t.Fatalf("the creator reads %v", kv)
			}
		})
	}
	// The longest value that fits: 214 bytes with SHA-1.
	h := newDSM(t, senhaseguramock.DSMQuirks{})
	enc, a := h.mint("app", "s", "e", `"encryption_enabled":"1"`)
	key, _ := h.mock.DSMPrivateKey(a.clientID())
	fits := strings.Repeat("y", 214)
	kv := enc.dsm("POST", "/iso/sctm/secret", secretJSON("fits", map[string]string{"F": fits})).items()[0].Data[0]
	if got := decrypt(t, key, kv["F"].(string), sha1.New()); got != fits {
		t.Fatal("214 bytes do not fit")
	}
}

// Open question 1, both ways: by default an update replaces the whole document; with
// MergeOnUpdate the key/value fields are merged (a removed key stays). VersionEveryPost counts
// a POST that changes nothing; UpdateStatus200 answers an update 200.
func TestDSMUpdateSemantics(t *testing.T) {
	for _, merge := range []bool{false, true} {
		h := newDSM(t, senhaseguramock.DSMQuirks{MergeOnUpdate: merge})
		h.dsm("POST", "/iso/sctm/secret", secretJSON("s", map[string]string{"A": "1", "B": "2"})).want(201, "Secret created successfully.")
		h.dsm("POST", "/iso/sctm/secret", secretJSON("s", map[string]string{"A": "9", "C": "3"})).want(201, "Secret updated successfully.")
		want := map[string]string{"A": "9", "C": "3"}
		if merge {
			want["B"] = "2"
		}
		s, _ := h.mock.DSMSecret("s")
		if !reflect.DeepEqual(s.Values, want) || s.Version != 2 {
			t.Fatalf("merge=%v: %+v", merge, s)
		}
		got := h.dsm("GET", "/iso/sctm/secret/s", "").items()[0]
		if len(got.Data) != 1 || len(got.Data[0]) != len(want) || got.Version != "2" {
			t.Fatalf("merge=%v: read %+v", merge, got)
		}
	}
	h := newDSM(t, senhaseguramock.DSMQuirks{VersionEveryPost: true, UpdateStatus200: true})
	body := secretJSON("s", map[string]string{"A": "1"})
	h.dsm("POST", "/iso/sctm/secret", body).want(201, "Secret created successfully.")
	h.dsm("POST", "/iso/sctm/secret", body).want(200, "Secret updated successfully.")
	if s, _ := h.mock.DSMSecret("s"); s.Version != 2 {
		t.Fatalf("VersionEveryPost: version %d", s.Version)
	}
}

// Open question 6, every way: a date that has passed inactivates the secret at once and
// deletes its data: not listed, not read (ListExpired: listed with no data); a POST on it
// leaves it inactive (ReviveExpired: active again); only "YYYY-MM-DD HH:MM:SS" is a date
// (ISODates: ISO 8601 too).
func TestDSMExpiry(t *testing.T) {
	past, future := "2001-02-03 04:05:06", time.Now().Add(48*time.Hour).UTC().Format("2006-01-02 15:04:05")
	for _, q := range []senhaseguramock.DSMQuirks{{}, {ListExpired: true}, {ReviveExpired: true}} {
		h := newDSM(t, q)
		h.dsm("POST", "/iso/sctm/secret", secretJSON("old", map[string]string{"K": "v"}, `"expiration_date":"`+past+`"`)).want(201, "Secret created successfully.")
		h.dsm("POST", "/iso/sctm/secret", secretJSON("live", map[string]string{"K": "v"}, `"expiration_date":"`+future+`"`)).want(201, "Secret created successfully.")
		s, _ := h.mock.DSMSecret("old")
		if s.Active || len(s.Values) != 0 || s.ExpirationDate != past {
			t.Fatalf("%+v: an expired secret: %+v", q, s)
		}
		list := h.dsm("GET", "/iso/sctm/secret", "").items()
		app := h.dsm("GET", "/iso/dapp/application", "").items()
		if q.ListExpired {
			if len(list) != 2 || list[0].Identity != "old" || len(list[0].Data) != 0 || len(app) != 2 {
				t.Fatalf("ListExpired: %+v", list)
			}
			h.dsm("GET", "/iso/sctm/secret/old", "").want(200, "Secret 1")
		} else {
			if len(list) != 1 || list[0].Identity != "live" || list[0].ExpirationDate != future || len(app) != 1 {
				t.Fatalf("%+v: list %+v", q, list)
			}
			h.dsm("GET", "/iso/sctm/secret/old", "").wantError(404, 4, "Secret not found")
		}
		h.dsm("POST", "/iso/sctm/secret", secretJSON("old", map[string]string{"K": "new"}, `"expiration_date":""`)).want(201, "Secret updated successfully.")
		s, _ = h.mock.DSMSecret("old")
		if s.Active != q.ReviveExpired || s.ExpirationDate != "" || s.Version != 2 {
			t.Fatalf("%+v: after a POST: %+v", q, s)
		}
		// The hook expires a live secret.
		if !h.mock.ExpireDSMSecret("live") || h.mock.ExpireDSMSecret("nothing") {
			t.Fatal("ExpireDSMSecret")
		}
		if s, _ := h.mock.DSMSecret("live"); s.Active {
			t.Fatal("ExpireDSMSecret left it active")
		}
	}
	// Dates: ISO 8601 refused by default, taken (and stored in UTC) with ISODates.
	h := newDSM(t, senhaseguramock.DSMQuirks{ISODates: true})
	for in, want := range map[string]string{
		"2030-01-02T03:04:05Z": "2030-01-02 03:04:05", "2030-01-02T03:04:05-03:00": "2030-01-02 06:04:05",
		"2030-01-02T03:04:05": "2030-01-02 03:04:05", "2030-01-02": "2030-01-02 00:00:00", "2030-01-02 03:04:05": "2030-01-02 03:04:05",
	} {
		h.dsm("POST", "/iso/sctm/secret", secretJSON("d", map[string]string{"K": "v"}, `"expiration_date":"`+in+`"`))
		if s, _ := h.mock.DSMSecret("d"); s.ExpirationDate != want {
			t.Errorf("%s stored as %q, want %q", in, s.ExpirationDate, want)
		}
	}
	h.dsm("POST", "/iso/sctm/secret", secretJSON("d", map[string]string{"K": "v"}, `"expiration_date":"02/01/2030"`)).
		wantError(400, 1, "The expiration_date field must be a date in the format YYYY-MM-DD HH:MM:SS")
}

// Open question 8, both ways: an omitted renew_* keeps its value; with RenewOmittedDisables it
// is disabled.
func TestDSMRenew(t *testing.T) {
	for _, disables := range []bool{false, true} {
		h := newDSM(t, senhaseguramock.DSMQuirks{RenewOmittedDisables: disables})
		h.dsm("POST", "/iso/sctm/secret", secretJSON("s", map[string]string{"K": "v"}, `"renew_cloud_time":30`, `"renew_credential_time":"15"`)).
			want(201, "Secret created successfully.")
		h.dsm("POST", "/iso/sctm/secret", secretJSON("s", map[string]string{"K": "v"}, `"renew_credential_time":20`)).want(201, "Secret updated successfully.")
		want := map[string]int{"renew_cloud_time": 30, "renew_credential_time": 20}
		if disables {
			delete(want, "renew_cloud_time")
		}
		if s, _ := h.mock.DSMSecret("s"); !reflect.DeepEqual(s.Renew, want) || s.Version != 2 {
			t.Fatalf("disables=%v: %+v", disables, s)
		}
	}
}

// Open question 3, the other ways: an older instance has neither GET /iso/sctm/secret nor
// /{identity}; NoSlashInPath refuses an identity with "/", raw or encoded.
func TestDSMSecretRoutesQuirks(t *testing.T) {
	h := newDSM(t, senhaseguramock.DSMQuirks{NoSecretRoutes: true})
	h.dsm("POST", "/iso/sctm/secret", secretJSON("a/b", map[string]string{"K": "v"})).want(201, "Secret created successfully.")
	h.dsm("GET", "/iso/sctm/secret", "").want(404, senhaseguramock.MsgNoRoute)
	h.dsm("GET", "/iso/sctm/secret/a/b", "").want(404, senhaseguramock.MsgNoRoute)
	if got := h.dsm("GET", "/iso/dapp/application", "").identities(); !slices.Equal(got, []string{"a/b"}) {
		t.Fatalf("the fallback read: %v", got)
	}
	if h.mock.RequestCount("GET /sctm/secret") != 1 || h.mock.RequestCount("GET /sctm/secret/{identity}") != 1 {
		t.Fatal("the absent routes are still counted")
	}
	h = newDSM(t, senhaseguramock.DSMQuirks{NoSlashInPath: true})
	h.dsm("POST", "/iso/sctm/secret", secretJSON("a/b", map[string]string{"K": "v"})).want(201, "Secret created successfully.")
	h.dsm("POST", "/iso/sctm/secret", secretJSON("ab", map[string]string{"K": "v"})).want(201, "Secret created successfully.")
	h.dsm("GET", "/iso/sctm/secret/a/b", "").want(404, senhaseguramock.MsgNoRoute)
	h.dsm("GET", "/iso/sctm/secret/a%2Fb", "").want(404, senhaseguramock.MsgNoRoute)
	h.dsm("GET", "/iso/sctm/secret/ab", "").want(200, "Secret 2")
	h.dsm("GET", "/iso/sctm/secret", "").want(200, "2 secrets found")
}

// Open questions 4 and 9, the other ways: ApplicationMessage replaces the message of POST
// /iso/dapp/application; ErrorsAs200 answers the application errors with HTTP 200.
func TestDSMMessageAndErrorQuirks(t *testing.T) {
	h := newDSM(t, senhaseguramock.DSMQuirks{ApplicationMessage: "Aplicação salva", ErrorsAs200: true})
	_, a := h.mint("app", "s", "e")
	a.want(200, "Aplicação salva")
	bad := h.dsm("POST", "/iso/sctm/secret", `{"identity":"x","data":"%%%"}`)
	if bad.status != 200 || bad.env["code"] != 400.0 || bad.env["response"].(map[string]any)["error"] != true ||
		bad.env["exception"].(map[string]any)["message"] != "The data field must be valid base64 encoded json" {
		t.Fatalf("ErrorsAs200: %d %s", bad.status, bad.body)
	}
	if nf := h.dsm("GET", "/iso/sctm/secret/none", ""); nf.status != 200 || nf.env["code"] != 404.0 {
		t.Fatalf("ErrorsAs200, not found: %d %s", nf.status, nf.body)
	}
	// The shared envelope's quirks reach DSM too.
	h2 := newHarness(t, senhaseguramock.Options{Quirks: senhaseguramock.Quirks{OmitCode: true, CapitalMessage: true}})
	a2 := h2.login(senhaseguramock.DefaultDSMClientID, senhaseguramock.DefaultDSMClientSecret).dsm("GET", "/iso/sctm/secret", "")
	if _, has := a2.env["code"]; has || a2.env["response"].(map[string]any)["Message"] != "0 secrets found" {
		t.Fatalf("envelope quirks: %s", a2.body)
	}
}

// TestDSMQuirkNames: ParseDSMQuirks knows every switch of DSMQuirks by its kebab-case name.
func TestDSMQuirkNames(t *testing.T) {
	names := senhaseguramock.DSMQuirkNames()
	typ := reflect.TypeFor[senhaseguramock.DSMQuirks]()
	bools := 0
	for i := 0; i < typ.NumField(); i++ {
		if typ.Field(i).Type.Kind() == reflect.Bool {
			bools++
		}
	}
	if len(names) != bools {
		t.Fatalf("%d names for %d switches: %v", len(names), bools, names)
	}
	for _, name := range names {
		q, err := senhaseguramock.ParseDSMQuirks(" " + name + " ,")
		if err != nil || q == (senhaseguramock.DSMQuirks{}) {
			t.Errorf("%s: %v %+v", name, err, q)
		}
	}
	q, err := senhaseguramock.ParseDSMQuirks("merge-on-update,oaep-sha256")
	if err != nil || q != (senhaseguramock.DSMQuirks{MergeOnUpdate: true, OAEPSHA256: true}) {
		t.Fatalf("%+v %v", q, err)
	}
	if _, err := senhaseguramock.ParseDSMQuirks("merge"); err == nil || !strings.Contains(err.Error(), "merge-on-update") {
		t.Fatalf("an unknown name: %v", err)
	}
}

// TestDSMHooks: the Go hooks see and change what the API does.
func TestDSMHooks(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{CreatorClientID: "creator", CreatorClientSecret: "creator-secret", CreatorEncryption: true}})
	if _, ok := h.mock.DSMAuthorization(senhaseguramock.DefaultDSMClientID); ok {
		t.Fatal("Options.DSM: the default creator is there too")
	}
	c := h.login("creator", "creator-secret")
	auths := h.mock.DSMAuthorizations()
	if len(auths) != 1 || !auths[0].CanCreateApplications || !auths[0].Encryption || auths[0].Application != senhaseguramock.DefaultDSMApplication {
		t.Fatalf("the creator: %+v", auths)
	}
	h.mock.AddDSMCreator("c2", "c2-secret")
	_, a := h.login("c2", "c2-secret").mint("app", "s", "e")
	a.want(200, "Application created: (2) app | Authorization created: (3)")
	// A secret seeded as the creator, read with encryption; changed out of band.
	id := h.mock.SeedDSMSecret("creator", senhaseguramock.DSMSecret{Identity: "seeded", Values: map[string]string{"K": "v"}})
	key, _ := h.mock.DSMPrivateKey("creator")
	item := c.dsm("GET", "/iso/sctm/secret/seeded", "").want(200, "Secret "+id).items()[0]
	if decrypt(t, key, item.Data[0]["K"].(string), sha1.New()) != "v" || item.Version != "1" || item.Engine != "Generic" || item.SecretName != "seeded" {
		t.Fatalf("seeded: %+v", item)
	}
	if !h.mock.ModifyDSMSecret("seeded", func(s *senhaseguramock.DSMSecret) { s.Values["K"] = "changed"; s.Values["NEW"] = "n"; s.Version = 7 }) ||
		h.mock.ModifyDSMSecret("nothing", func(*senhaseguramock.DSMSecret) {}) {
		t.Fatal("ModifyDSMSecret")
	}
	s, _ := h.mock.DSMSecret("seeded")
	if s.Version != 7 || s.Values["K"] != "changed" || s.Values["NEW"] != "n" {
		t.Fatalf("modified: %+v", s)
	}
	if item := c.dsm("GET", "/iso/sctm/secret", "").items()[0]; item.Version != "7" || len(item.Data[0]) != 2 {
		t.Fatalf("read after the change: %+v", item)
	}
	if secrets := h.mock.DSMSecrets(); len(secrets) != 1 || secrets[0].Identity != "seeded" {
		t.Fatalf("DSMSecrets: %+v", secrets)
	}
	added := h.mock.AddDSMAuthorization(senhaseguramock.DSMAuthorization{Application: "ops", System: "s", Environment: "e", Resources: []string{"Secret Management"}})
	if added.ClientID == "" || added.ClientSecret == "" || !added.Active || added.CanCreateApplications || !slices.Equal(added.Resources, []string{"Secret Management"}) {
		t.Fatalf("AddDSMAuthorization: %+v", added)
	}
	h.login(added.ClientID, added.ClientSecret).dsm("GET", "/iso/sctm/secret", "").want(200, "0 secrets found")
	for name, fn := range map[string]func(){
		"seed, unknown authorization": func() { h.mock.SeedDSMSecret("nobody", senhaseguramock.DSMSecret{Identity: "x"}) },
		"seed, taken identity":        func() { h.mock.SeedDSMSecret("creator", senhaseguramock.DSMSecret{Identity: "seeded"}) },
		"authorization, taken id": func() {
			h.mock.AddDSMAuthorization(senhaseguramock.DSMAuthorization{ClientID: senhaseguramock.DefaultClientID})
		},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			fn()
		}()
	}
	if apps := h.mock.DSMApplications(); len(apps) != 3 || apps[0].Name != senhaseguramock.DefaultDSMApplication || len(apps[0].Authorizations) != 2 {
		t.Fatalf("DSMApplications: %+v", apps)
	}
}

// TestDSMAdminHooks: the hooks under /_mock/dsm.
func TestDSMAdminHooks(t *testing.T) {
	h := newDSM(t, senhaseguramock.DSMQuirks{})
	h.dsm("POST", "/iso/sctm/secret", secretJSON("team/app/db", map[string]string{"K": "v"})).want(201, "Secret created successfully.")
	get := func(method, path, body string, want int) map[string]any {
		t.Helper()
		status, b := h.admin(method, path, body)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		if status != want {
			t.Fatalf("%s %s: %d %s", method, path, status, b)
		}
		return m
	}
	all := get("GET", "/_mock/dsm", "", 200)
	if len(all["applications"].([]any)) != 1 || len(all["authorizations"].([]any)) != 1 || len(all["secrets"].([]any)) != 1 {
		t.Fatalf("GET /_mock/dsm: %v", all)
	}
	if s := get("GET", "/_mock/dsm/secret/team/app/db", "", 200); s["values"].(map[string]any)["K"] != "v" {
		t.Fatalf("secret: %v", s)
	}
	s := get("PATCH", "/_mock/dsm/secret/team/app/db", `{"fields":{"description":"oob"},"values":{"K":"w"}}`, 200)
	if s["description"] != "oob" || s["version"] != 2.0 || s["values"].(map[string]any)["K"] != "w" {
		t.Fatalf("PATCH: %v", s)
	}
	if s := get("PATCH", "/_mock/dsm/secret/team/app/db", `{"version":9}`, 200); s["version"] != 9.0 {
		t.Fatalf("PATCH version: %v", s)
	}
	if item := h.dsm("GET", "/iso/sctm/secret/team/app/db", "").items()[0]; item.Version != "9" || item.Data[0]["K"] != "w" || item.Description != "oob" {
		t.Fatalf("read after PATCH: %+v", item)
	}
	get("PATCH", "/_mock/dsm/secret/team/app/db", `{"fields":{"bogus":"x"}}`, 400)
	get("PATCH", "/_mock/dsm/secret/none", `{}`, 404)
	added := get("POST", "/_mock/dsm/authorizations", `{"application":"billing","system":"ci","environment":"prod","encryption":true}`, 200)
	id, _ := added["client_id"].(string)
	if id == "" || added["client_secret"] == "" || added["encryption"] != true || added["application"] != "billing" {
		t.Fatalf("authorizations: %v", added)
	}
	get("POST", "/_mock/dsm/authorizations", `{"client_id":"`+id+`"}`, 409)
	if l := get("POST", "/_mock/dsm/link/"+id+"/team/app/db", "", 200); len(l["authorizations"].([]any)) != 2 {
		t.Fatalf("link: %v", l)
	}
	get("POST", "/_mock/dsm/link/nobody/team/app/db", "", 404)
	if a := get("POST", "/_mock/dsm/authorization/"+id+"/deactivate", "", 200); a["active"] != false {
		t.Fatalf("deactivate: %v", a)
	}
	b := h.login(id, added["client_secret"].(string))
	b.dsm("GET", "/iso/sctm/secret", "").wantError(401, 1, "Inactive authorization")
	get("POST", "/_mock/dsm/authorization/"+id+"/activate", "", 200)
	b.dsm("GET", "/iso/sctm/secret/team/app/db", "").want(200, "Secret 1")
	get("GET", "/_mock/dsm/authorization/nobody", "", 404)
	if e := get("POST", "/_mock/dsm/expire/team/app/db", "", 200); e["active"] != false {
		t.Fatalf("expire: %v", e)
	}
	get("POST", "/_mock/dsm/expire/none", "", 404)
	get("POST", "/_mock/dsm/engines", `{"name":"Terraform"}`, 200)
	h.dsm("POST", "/iso/sctm/secret", secretJSON("t", map[string]string{"K": "v"}, `"engine":"Terraform"`)).want(201, "Secret created successfully.")
	get("POST", "/_mock/dsm/engines", `{}`, 400)
	get("GET", "/_mock/dsm/nothing", "", 404)
	if c := get("GET", "/_mock/counters", "", 200); c["dsm_inactive_refusals"] != 1.0 || c["routes"].(map[string]any)["GET /sctm/secret/{identity}"] != 2.0 {
		t.Fatalf("counters: %v", c)
	}
}

// TestDSMFaults: the shared faults reach DSM's routes; Fault.ID rewrites the secret_id of GET
// one secret.
func TestDSMFaults(t *testing.T) {
	h := newDSM(t, senhaseguramock.DSMQuirks{})
	h.dsm("POST", "/iso/sctm/secret", secretJSON("s", map[string]string{"K": "v"})).want(201, "Secret created successfully.")
	h.mock.FailNextOn("GET /sctm/secret/{identity}", 1, senhaseguramock.Fault{ID: "-1"})
	if got := h.dsm("GET", "/iso/sctm/secret/s", "").items(); got[0].SecretID != "-1" || got[0].Identity != "s" {
		t.Fatalf("ID: %+v", got)
	}
	h.mock.FailNextOn("POST /dapp/application", 1, senhaseguramock.Fault{Status: 502})
	h.dsm("POST", "/iso/dapp/application", `{"application":"a","system":"s","environment":"e"}`).want(502, senhaseguramock.MsgBadGateway)
	h.mock.FailNextOn("POST /sctm/secret", 1, senhaseguramock.Fault{Status: 503, AfterHandling: true})
	if a := h.dsm("POST", "/iso/sctm/secret", secretJSON("after", map[string]string{"K": "v"})); a.status != 503 {
		t.Fatalf("%d %s", a.status, a.body)
	}
	if _, ok := h.mock.DSMSecret("after"); !ok {
		t.Fatal("AfterHandling: the secret was not stored")
	}
}
