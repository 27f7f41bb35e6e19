// Package mysafemock is an in-memory double of the senhasegura MySafe API (passwords, API
// secrets, secure notes) and of its OAuth2 token endpoint, written from the vendor's MySafe API pages and
// honouring every quirk listed in the package documentation of internal/mysafe (doc.go, Q1 to
// Q15, cited below as "quirk Qn"). It is an http.Handler, safe for concurrent use, with
// hooks for tests: inspect every stored item, change or deactivate items out of band, count
// requests, inject faults and latency, and tune the token lifetime.
//
// It deliberately imports nothing from the provider or its API client, so that it tells the
// truth about the API rather than agreeing with the client's mistakes.
package mysafemock

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Default credentials of the mock's first access key.
const (
	DefaultClientID     = "mysafe-mock-client"
	DefaultClientSecret = "mysafe-mock-secret"
	DefaultUser         = "admin"
)

// Kong's gateway messages (quirk Q12).
const (
	MsgNotAuthorized = "You are not authorized to access this resource."
	MsgNoRoute       = "No route matched with those values."
	MsgBadGateway    = "An invalid response was received from the upstream server"
	MsgGatewayTimout = "The upstream server is timing out"
	MsgUnexpected    = "Unexpected error."
)

// Quirks switches on documented variants of the API that a given MySafe version shows.
// The zero value is the current (v3-33/v4) behaviour.
type Quirks struct {
	// OmitCode leaves out the top-level "code" key (v3-32 deactivate responses, some 400s).
	OmitCode bool
	// CapitalMessage spells "Message" instead of "mensagem" (v3-33 EN examples).
	CapitalMessage bool
	// UpdateStatus201 answers API-secret updates with 201 "Api secret successfully registered" (v3-33).
	UpdateStatus201 bool
	// InactiveAs1005 answers GET of an inactive item with 1005 instead of 1009 (old /iso doc).
	InactiveAs1005 bool
	// StrictShares puts unknown users and groups into shared_error instead of storing them.
	StrictShares bool
}

// Options configure a new mock.
type Options struct {
	ClientID     string        // default DefaultClientID
	ClientSecret string        // default DefaultClientSecret
	User         string        // owner of items created through the default client; default DefaultUser
	TokenTTL     time.Duration // default 3600 s
	Quirks       Quirks
}

// Server is the mock. Create it with New and serve it with httptest.NewServer or http.Serve.
type Server struct {
	mu       sync.Mutex
	quirks   Quirks
	tokenTTL time.Duration
	clients  map[string]client // client_id → access key
	tokens   map[string]tokenInfo
	groups   map[string]map[string]bool // group → members
	users    map[string]bool
	items    map[Kind]map[int]*record
	nextID   map[Kind]int
	counts   map[string]int
	tokenReq int
	faults   faultState
	latency  time.Duration
	inFlight int
	maxIn    int
	denied   int
	issued   []string
	calls    []Call
	now      func() time.Time
}

type client struct {
	secret string
	user   string
}

type tokenInfo struct {
	user    string
	expires time.Time
}

// New returns a mock with one access key (Options.ClientID/ClientSecret) acting as Options.User.
func New(opts Options) *Server {
	if opts.ClientID == "" {
		opts.ClientID = DefaultClientID
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = DefaultClientSecret
	}
	if opts.User == "" {
		opts.User = DefaultUser
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = time.Hour
	}
	s := &Server{
		quirks:   opts.Quirks,
		tokenTTL: opts.TokenTTL,
		clients:  map[string]client{opts.ClientID: {secret: opts.ClientSecret, user: opts.User}},
		tokens:   map[string]tokenInfo{},
		groups:   map[string]map[string]bool{},
		users:    map[string]bool{opts.User: true},
		items:    map[Kind]map[int]*record{KindPassword: {}, KindAPISecret: {}, KindNote: {}},
		nextID:   map[Kind]int{KindPassword: 0, KindAPISecret: 0, KindNote: 0},
		counts:   map[string]int{},
		now:      time.Now,
	}
	s.faults.init()
	return s
}

// ServeHTTP routes token requests, the eighteen MySafe endpoints under /api and /iso, and the
// /_mock/ administration endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_mock/") {
		s.serveAdmin(w, r)
		return
	}
	if r.URL.Path == "/iso/oauth2/token" || r.URL.Path == "/api/oauth2/token" {
		s.count(tokenRoute)
		if r.Method != http.MethodPost {
			writeKong(w, http.StatusNotFound, MsgNoRoute)
			return
		}
		if f, ok := s.faults.takeToken(); ok {
			writeFault(w, f)
			return
		}
		s.serveToken(w, r)
		return
	}
	rt, ok := matchRoute(r.Method, r.URL.Path)
	if !ok {
		writeKong(w, http.StatusNotFound, MsgNoRoute)
		return
	}
	s.count(rt.name())
	user, ok := s.authenticate(r)
	if !ok {
		s.mu.Lock()
		s.denied++
		s.mu.Unlock()
		writeKong(w, http.StatusUnauthorized, MsgNotAuthorized)
		return
	}
	s.record(r, rt)
	s.mu.Lock()
	s.inFlight++
	s.maxIn = max(s.maxIn, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	// A real server finishes a request it received even when the client goes away (a Ctrl-C,
	// a timeout): the mock does its work after the latency whether or not anyone still waits
	// for the answer, and only the answer is lost.
	s.sleepLatency()
	if r.Context().Err() != nil {
		s.dispatch(&discardWriter{header: http.Header{}}, r, rt, user)
		return
	}
	f, hasFault := s.faults.take(rt.name())
	if hasFault && f.Delay > 0 {
		if !wait(r, f.Delay) {
			// The client gave up on a slow answer: the work is still done.
			s.dispatch(&discardWriter{header: http.Header{}}, r, rt, user)
			return
		}
		hasFault = f.Status != 0 || f.Reset || f.Location != "" || f.Mangle != MangleNone
	}
	if hasFault && f.Mangle != MangleNone {
		serveMangled(w, f.Mangle, func(w http.ResponseWriter) { s.dispatch(w, r, rt, user) })
		return
	}
	if hasFault && !f.AfterHandling {
		writeFault(w, f)
		return
	}
	if hasFault {
		// Process the request for real, then answer with the fault: the client cannot know
		// whether its call took effect (an ambiguous failure).
		rec := &discardWriter{header: http.Header{}}
		s.dispatch(rec, r, rt, user)
		writeFault(w, f)
		return
	}
	s.dispatch(w, r, rt, user)
}

func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, rt route, user string) {
	spec := specs[rt.kind]
	switch rt.op {
	case opList:
		s.handleList(w, r, spec, user)
	case opCreate:
		s.handleCreate(w, r, spec, user)
	case opGet:
		s.handleGet(w, spec, rt.id, user)
	case opUpdate:
		s.handleUpdate(w, r, spec, rt.id, user)
	case opDeactivate:
		s.handleSetActive(w, spec, rt.id, user, false)
	case opActivate:
		s.handleSetActive(w, spec, rt.id, user, true)
	}
}

// sleepLatency waits the latency of every API call (SetLatency) in full, as a server's own
// processing time: a client that goes away does not make the server faster.
func (s *Server) sleepLatency() {
	s.mu.Lock()
	d := s.latency
	s.mu.Unlock()
	if d > 0 {
		time.Sleep(d)
	}
}

// wait sleeps d, or until the client gives up on the request (false).
func wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) count(name string) {
	s.mu.Lock()
	s.counts[name]++
	s.mu.Unlock()
}

// ---- routing ----

type op int

const (
	opList op = iota
	opCreate
	opGet
	opUpdate
	opDeactivate
	opActivate
)

// tokenRoute is the counter key of the token endpoint (/iso/oauth2/token and /api/oauth2/token).
const tokenRoute = "POST /oauth2/token"

type route struct {
	kind Kind
	op   op
	id   string
}

// name is the route's counter key, e.g. "GET /mysafe/password/{id}" (prefix /api or /iso dropped).
func (rt route) name() string {
	base := "/mysafe/" + string(rt.kind)
	switch rt.op {
	case opList:
		return "GET " + base
	case opCreate:
		return "POST " + base
	case opGet:
		return "GET " + base + "/{id}"
	case opUpdate:
		return "PUT " + base + "/update/{id}"
	case opDeactivate:
		return "POST " + base + "/inactive/{id}"
	default:
		return "POST " + base + "/active/{id}"
	}
}

func matchRoute(method, path string) (route, bool) {
	var rest string
	switch {
	case strings.HasPrefix(path, "/api/mysafe/"):
		rest = strings.TrimPrefix(path, "/api/mysafe/")
	case strings.HasPrefix(path, "/iso/mysafe/"):
		rest = strings.TrimPrefix(path, "/iso/mysafe/")
	default:
		return route{}, false
	}
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	kind := Kind(parts[0])
	if _, ok := specs[kind]; !ok {
		return route{}, false
	}
	switch {
	case len(parts) == 1 && method == http.MethodGet:
		return route{kind: kind, op: opList}, true
	case len(parts) == 1 && method == http.MethodPost:
		return route{kind: kind, op: opCreate}, true
	case len(parts) == 2 && method == http.MethodGet && parts[1] != "":
		return route{kind: kind, op: opGet, id: parts[1]}, true
	case len(parts) == 3 && parts[2] != "":
		switch {
		case parts[1] == "update" && method == http.MethodPut:
			return route{kind: kind, op: opUpdate, id: parts[2]}, true
		case parts[1] == "inactive" && method == http.MethodPost:
			return route{kind: kind, op: opDeactivate, id: parts[2]}, true
		case parts[1] == "active" && method == http.MethodPost:
			return route{kind: kind, op: opActivate, id: parts[2]}, true
		}
	}
	return route{}, false
}

// ---- OAuth2 ----

func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.tokenReq++
	s.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "malformed form body"})
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "grant_type must be client_credentials"})
		return
	}
	s.mu.Lock()
	c, ok := s.clients[id]
	if !ok || c.secret != secret || id == "" {
		s.mu.Unlock()
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Client authentication failed"})
		return
	}
	tok := randomToken()
	ttl := s.tokenTTL
	s.tokens[tok] = tokenInfo{user: c.user, expires: s.now().Add(ttl)}
	s.issued = append(s.issued, tok)
	s.mu.Unlock()
	secs := int(ttl / time.Second)
	if ttl%time.Second != 0 {
		secs++
	}
	writeJSON(w, http.StatusOK, orderedObject{
		{"token_type", "Bearer"},
		{"expires_in", secs},
		{"access_token", tok},
	})
}

func (s *Server) authenticate(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
		return "", false
	}
	tok := strings.TrimSpace(h[7:])
	s.mu.Lock()
	defer s.mu.Unlock()
	info, ok := s.tokens[tok]
	if !ok || !s.now().Before(info.expires) {
		return "", false
	}
	return info.user, true
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ---- envelopes ----

// orderedObject marshals as a JSON object whose keys keep their order, so that responses
// look like the vendor documentation's examples.
type orderedObject []kv

type kv struct {
	k string
	v any
}

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (s *Server) responseBlock(status int, msg string, isErr bool) orderedObject {
	code := 0
	if isErr {
		code = 1
	}
	o := orderedObject{
		{"status", status}, {"message", msg}, {"error", isErr}, {"error_code", code}, {"detail", ""},
	}
	if s.quirks.CapitalMessage {
		o = append(o, kv{"Message", msg})
	} else {
		o = append(o, kv{"mensagem", msg})
	}
	return append(o, kv{"erro", isErr}, kv{"cod_erro", code})
}

func (s *Server) writeOK(w http.ResponseWriter, status int, msg, key string, entity any) {
	o := orderedObject{}
	if !s.quirks.OmitCode {
		o = append(o, kv{"code", status})
	}
	o = append(o, kv{"response", s.responseBlock(status, msg, false)})
	if key != "" {
		o = append(o, kv{key, entity})
	}
	writeJSON(w, status, o)
}

// writeAppError writes a MySafe application error: HTTP 400 with the numeric code in
// exception.code and the "NNNN: text" message (quirks Q1, Q2).
func (s *Server) writeAppError(w http.ResponseWriter, msg string) {
	code, _ := strconv.Atoi(strings.SplitN(msg, ":", 2)[0])
	o := orderedObject{}
	if !s.quirks.OmitCode {
		o = append(o, kv{"code", http.StatusBadRequest})
	}
	o = append(o,
		kv{"response", s.responseBlock(http.StatusBadRequest, msg, true)},
		kv{"exception", orderedObject{{"code", code}, {"message", msg}, {"detail", nil}}},
	)
	writeJSON(w, http.StatusBadRequest, o)
}

func writeKong(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// discardWriter swallows the real answer when a fault replaces it.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}
