package dsm_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fake is a small DSM written from reference/dsm-api.md for this package's tests (the mock's
// DSM family is written separately, from the same reference): the token endpoint, the secrets
// (POST and GET /iso/sctm/secret), the applications (POST and GET /iso/dapp/application) and
// the authorization delete, each call acting as the authorization of its token. Its switches
// make it behave each way an open question of the reference allows.
type fake struct {
	t *testing.T

	mu sync.Mutex
	// Switches.
	noSecretRoute bool // GET /iso/sctm/secret answers the gateway's 404 (an older instance)
	merge         bool // a POST on an existing identity merges key/value fields (else replaces)
	appShowsAll   bool // GET /iso/dapp/application shows every authorization's secrets of the application
	hideExpired   bool // expired secrets leave the lists
	dataAsObject  bool // data is written as one object, not an array of maps
	omitSecret    bool // the POST's answer does not show the secret
	deleteGone404 bool // the authorization delete answers 404 "Resource sub not found"

	auths   map[string]*fakeAuth // by client id
	tokens  map[string]string    // token → client id
	apps    map[string]*fakeApp  // by name
	secrets []*fakeSecret
	counts  map[string]int // "GET /iso/sctm/secret" → calls
	faults  map[string][]fault
	bodies  map[string][]map[string]any // route → JSON bodies received
	paths   []string                    // every raw path received
	nextID  int
}

type fakeAuth struct {
	id, secret    string
	app           string
	system, env   string
	active        bool
	canCreateApps bool
	authID        int
	encrypt       *rsa.PublicKey
	hash          crypto.Hash
}

type fakeApp struct {
	id          int
	name        string
	description string
	tags        []string
}

type fakeSecret struct {
	id                                  int
	identity, name, description, engine string
	expiration                          string
	fields                              map[string]string
	extra                               []map[string]any // credential or access key maps, as the UI makes them
	version                             int
	owner                               string // client id of the authorization that posted it
	app                                 string
	expiredAt                           time.Time
	hasExpiry                           bool
}

type fault struct {
	status int
	body   string
}

const (
	creatorID     = "creator-id"
	creatorSecret = "creator-secret"
	creatorApp    = "provider"
)

// newFake starts the fake on 127.0.0.1 with one authorization, the creator (client ID
// creatorID), which may create applications.
func newFake(t *testing.T) (*fake, *httptest.Server) {
	t.Helper()
	f := &fake{t: t, auths: map[string]*fakeAuth{}, tokens: map[string]string{}, apps: map[string]*fakeApp{},
		counts: map[string]int{}, faults: map[string][]fault{}, bodies: map[string][]map[string]any{}, nextID: 100}
	f.apps[creatorApp] = &fakeApp{id: 1, name: creatorApp}
	f.auths[creatorID] = &fakeAuth{id: creatorID, secret: creatorSecret, app: creatorApp, system: "ci", env: "prod", active: true,
		canCreateApps: true, authID: 1}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// failNext makes the next n calls of route ("POST /iso/sctm/secret") answer status and body.
func (f *fake) failNext(route string, n, status int, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.faults[route] = append(f.faults[route], fault{status, body})
	}
}

func (f *fake) count(route string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[route]
}

func (f *fake) lastBody(route string) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.bodies[route]
	if len(b) == 0 {
		return nil
	}
	return b[len(b)-1]
}

// encrypting makes the authorization id encrypt every value it reads with key and h.
func (f *fake) encrypting(id string, key *rsa.PublicKey, h crypto.Hash) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.auths[id].encrypt, f.auths[id].hash = key, h
}

// addAuth adds an authorization of app (made in the UI).
func (f *fake) addAuth(id, secret, app string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.apps[app] == nil {
		f.nextID++
		f.apps[app] = &fakeApp{id: f.nextID, name: app}
	}
	f.nextID++
	f.auths[id] = &fakeAuth{id: id, secret: secret, app: app, active: true, authID: f.nextID}
}

// seed stores a secret made elsewhere (the UI), owned by the authorization owner.
func (f *fake) seed(owner string, s fakeSecret) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	s.id, s.owner, s.app, s.version = f.nextID, owner, f.auths[owner].app, 1
	f.secrets = append(f.secrets, &s)
}

func (f *fake) secret(identity string) *fakeSecret {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range f.secrets {
		if s.identity == identity {
			return s
		}
	}
	return nil
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := strings.ToLower(r.URL.Path) // routes match in any case (reference/dsm-api.md §1.1)
	route := r.Method + " " + path
	f.mu.Lock()
	defer f.mu.Unlock()
	f.paths = append(f.paths, r.URL.EscapedPath())
	f.counts[route]++
	if q := f.faults[route]; len(q) > 0 {
		f.faults[route] = q[1:]
		writeRaw(w, q[0].status, q[0].body)
		return
	}
	if route == "POST /iso/oauth2/token" {
		f.token(w, body)
		return
	}
	a := f.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	auth := f.auths[a]
	switch {
	case auth == nil:
		writeRaw(w, http.StatusUnauthorized, `{"message":"You are not authorized to access this resource."}`)
		return
	case !auth.active:
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 401, "response": map[string]any{"status": 401,
			"message": "Inactive authorization", "error": true, "error_code": 1}})
		return
	}
	var in map[string]any
	if len(body) > 0 {
		if r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &in) != nil {
			f.t.Errorf("%s: the body is not JSON (%s)", route, r.Header.Get("Content-Type"))
			badRequest(w, 1001, "1001: the body was not informed")
			return
		}
		f.bodies[route] = append(f.bodies[route], in)
	}
	switch {
	case route == "GET /iso/sctm/secret":
		if f.noSecretRoute {
			writeRaw(w, http.StatusNotFound, `{"message":"no Route matched with those values"}`)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"code": 200, "response": ok200("Secrets listed"), "secrets": f.items(auth, false)})
	case strings.HasPrefix(path, "/iso/sctm/secret/"):
		f.t.Errorf("an identity went into a URL path: %s", r.URL.EscapedPath())
		writeRaw(w, http.StatusNotFound, `{"message":"no Route matched with those values"}`)
	case route == "POST /iso/sctm/secret":
		f.postSecret(w, auth, in)
	case route == "GET /iso/dapp/application":
		app := f.apps[auth.app]
		writeJSON(w, http.StatusOK, map[string]any{"response": ok200(fmt.Sprintf("Application %d", app.id)),
			"application": map[string]any{"name": app.name, "description": nullable(app.description), "tags": tagsOrBlank(app.tags),
				"system": auth.system, "Environment": auth.env, "secrets": f.items(auth, f.appShowsAll)}})
	case route == "POST /iso/dapp/application":
		f.register(w, auth, in)
	case route == "DELETE /iso/dapp/application/authorization":
		if f.deleteGone404 {
			writeJSON(w, http.StatusNotFound, map[string]any{"code": 404, "response": map[string]any{"status": 404,
				"message": "Resource sub not found", "error": true, "error_code": 4}})
			return
		}
		auth.active = false
		writeJSON(w, http.StatusOK, map[string]any{"code": 200, "response": map[string]any{"status": 200,
			"message": "Authorization deleted successfully.", "error": false, "error_code": 0, "detail": "",
			"mensagem": "Authorization deleted successfully.", "erro": false, "cod_erro": 0}})
	default:
		writeRaw(w, http.StatusNotFound, `{"message":"no Route matched with those values"}`)
	}
}

func (f *fake) token(w http.ResponseWriter, body []byte) {
	form, _ := url.ParseQuery(string(body))
	a := f.auths[form.Get("client_id")]
	if form.Get("grant_type") != "client_credentials" || a == nil || a.secret != form.Get("client_secret") {
		writeRaw(w, http.StatusUnauthorized, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
		return
	}
	f.nextID++
	tok := fmt.Sprintf("token-%d", f.nextID)
	f.tokens[tok] = a.id
	writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": 3600, "access_token": tok})
}

// postSecret is the upsert by identity (reference/dsm-api.md §4.1).
func (f *fake) postSecret(w http.ResponseWriter, auth *fakeAuth, in map[string]any) {
	for k := range in {
		if strings.HasPrefix(k, "renew_") {
			f.t.Errorf("POST /iso/sctm/secret sent %s", k)
		}
	}
	identity, _ := in["identity"].(string)
	data, _ := in["data"].(string)
	if identity == "" || data == "" {
		badRequest(w, 1001, "1001: Parameter 'identity' or 'data' was not informed")
		return
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	var doc struct {
		KeyValue *struct {
			Fields map[string]string `json:"fields"`
		} `json:"key_value"`
	}
	if err != nil || json.Unmarshal(raw, &doc) != nil || doc.KeyValue == nil {
		badRequest(w, 1099, "1099: data must be valid base64 encoded json")
		return
	}
	exp, _ := in["expiration_date"].(string)
	var at time.Time
	if exp != "" {
		if at, err = time.ParseInLocation("2006-01-02 15:04:05", exp, time.UTC); err != nil {
			badRequest(w, 1098, "1098: Invalid expiration date")
			return
		}
	}
	str := func(k string) string { s, _ := in[k].(string); return s }
	var s *fakeSecret
	for _, c := range f.secrets {
		if c.identity == identity {
			s = c
		}
	}
	status, msg := http.StatusOK, "Secret updated successfully."
	if s == nil {
		f.nextID++
		s = &fakeSecret{id: f.nextID, identity: identity, owner: auth.id, app: auth.app, fields: map[string]string{}}
		f.secrets = append(f.secrets, s)
		status, msg = http.StatusCreated, "Secret created successfully."
	}
	if !f.merge {
		s.fields = map[string]string{}
	}
	for k, v := range doc.KeyValue.Fields {
		s.fields[k] = v
	}
	s.name, s.description, s.engine, s.expiration = str("name"), str("description"), str("engine"), exp
	s.expiredAt, s.hasExpiry = at, exp != ""
	s.version++
	app := f.apps[auth.app]
	answer := map[string]any{"code": status, "response": map[string]any{"status": status, "message": msg, "error": false, "error_code": 0},
		"application": map[string]any{"name": app.name, "description": nil, "tags": []string{}, "system": auth.system,
			"environment": auth.env, "secrets": []any{}}}
	if !f.omitSecret {
		answer["application"].(map[string]any)["secrets"] = []any{f.item(auth, s)}
	}
	writeJSON(w, status, answer)
}

// items are the secrets auth reads: those it posted (or every one of its application's).
func (f *fake) items(auth *fakeAuth, wholeApp bool) []any {
	out := []any{}
	for _, s := range f.secrets {
		if s.owner != auth.id && (!wholeApp || s.app != auth.app) {
			continue
		}
		if f.hideExpired && s.hasExpiry && !s.expiredAt.After(time.Now()) {
			continue
		}
		out = append(out, f.item(auth, s))
	}
	return out
}

// item is a secret as the read answers write it (reference/dsm-api.md §4.3), its values
// encrypted for an encrypting authorization.
func (f *fake) item(auth *fakeAuth, s *fakeSecret) map[string]any {
	reveal := func(v string) any {
		if auth.encrypt == nil {
			return v
		}
		ct, err := rsa.EncryptOAEP(newHash(auth.hash), rand.Reader, auth.encrypt, []byte(v), nil)
		if err != nil {
			return "An error occurred while encrypting the text" // too long for one block
		}
		return base64.StdEncoding.EncodeToString(ct)
	}
	var maps []any
	for _, m := range s.extra {
		out := map[string]any{}
		for k, v := range m {
			if sv, ok := v.(string); ok {
				out[k] = reveal(sv)
			} else {
				out[k] = v
			}
		}
		maps = append(maps, out)
	}
	kv := map[string]any{}
	keys := make([]string, 0, len(s.fields))
	for k := range s.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kv[k] = reveal(s.fields[k])
	}
	if len(kv) > 0 || len(maps) == 0 {
		maps = append(maps, kv)
	}
	var data any = maps
	if f.dataAsObject && len(maps) == 1 {
		data = maps[0]
	}
	return map[string]any{"secret_id": strconv.Itoa(s.id), "secret_name": s.name, "identity": s.identity,
		"version": strconv.Itoa(s.version), "expiration_date": s.expiration, "engine": s.engine, "description": s.description,
		"data": data}
}

// register is POST /iso/dapp/application (reference/dsm-api.md §5).
func (f *fake) register(w http.ResponseWriter, auth *fakeAuth, in map[string]any) {
	if !auth.canCreateApps {
		badRequest(w, 1100, "1100: You must have permission to create applications in this application")
		return
	}
	name, _ := in["application"].(string)
	system, _ := in["system"].(string)
	env, _ := in["environment"].(string)
	if name == "" || system == "" || env == "" {
		badRequest(w, 1001, "1001: Parameter 'application' was not informed")
		return
	}
	app, appWord := f.apps[name], "updated"
	if app == nil {
		f.nextID++
		app, appWord = &fakeApp{id: f.nextID, name: name}, "created"
		f.apps[name] = app
	}
	if d, ok := in["description"].(string); ok {
		app.description = d
	}
	if t, ok := in["tags"].([]any); ok {
		app.tags = nil
		for _, v := range t {
			s, _ := v.(string)
			app.tags = append(app.tags, s)
		}
	}
	var found *fakeAuth
	for _, a := range f.auths {
		if a.app == name && a.system == system && a.env == env && a.active {
			found = a
		}
	}
	authWord := "found"
	if found == nil {
		f.nextID++
		found = &fakeAuth{id: fmt.Sprintf("client-%d", f.nextID), secret: fmt.Sprintf("signature-%d", f.nextID), app: name,
			system: system, env: env, active: true, authID: f.nextID}
		f.auths[found.id] = found
		authWord = "created"
	}
	msg := fmt.Sprintf("Application %s: (%d) %s | Authorization %s: (%d)", appWord, app.id, name, authWord, found.authID)
	writeJSON(w, http.StatusOK, map[string]any{"code": 200, "tenant": "Segura",
		"response": map[string]any{"status": 200, "message": msg, "error": false, "error_code": 0},
		"id":       found.id, "signature": found.secret})
}

func newHash(h crypto.Hash) hash.Hash {
	switch h {
	case crypto.SHA256:
		return sha256.New()
	case crypto.SHA512:
		return sha512.New()
	}
	return sha1.New()
}

func ok200(msg string) map[string]any {
	return map[string]any{"status": 200, "message": msg, "error": false, "error_code": 0}
}

func badRequest(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{"code": 400,
		"response":  map[string]any{"status": 400, "message": msg, "error": true, "error_code": 1},
		"exception": map[string]any{"code": code, "message": msg, "detail": nil}})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func tagsOrBlank(t []string) []string {
	if len(t) == 0 {
		return []string{""}
	}
	return t
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	writeRaw(w, status, string(b))
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
