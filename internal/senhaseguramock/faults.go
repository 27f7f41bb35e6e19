package senhaseguramock

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
)

// FailNextToken makes the next n token requests answer with fault f (API calls are not
// affected). Every kind of fault applies, as to API calls; on the token endpoint Message is an
// OAuth2 error and ID, BlankID and DropID change nothing (the answer has no entity).
func (s *Server) FailNextToken(n int, f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	for i := 0; i < n; i++ {
		s.faults.tokens = append(s.faults.tokens, f)
	}
}

// FailTokensAlways makes every token request answer with fault f from now on (after those
// FailNextToken queued), until ClearFaults: e.g. a 503 storm, or a 429 with a Retry-After,
// on every request.
func (s *Server) FailTokensAlways(f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.tokenAlways = &f
}

// FailNext makes the next n API calls (of every family) answer with fault f.
func (s *Server) FailNext(n int, f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	for i := 0; i < n; i++ {
		s.faults.queue = append(s.faults.queue, f)
	}
}

// FailAlways makes every API call answer with fault f from now on (after the faults queued
// for it), until ClearFaults: e.g. a maintenance page on every call.
func (s *Server) FailAlways(f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.always = &f
}

// FailNextOn makes the next n calls of one route answer with fault f; the route is named as
// RequestCount names it, e.g. "GET /mysafe/password/{id}" or "PUT /mysafe/secretapi/update/{id}";
// a route the mock does not serve panics, as it does for RequestCount. The token endpoint's
// route, "POST /oauth2/token", is FailNextToken's.
func (s *Server) FailNextOn(route string, n int, f Fault) {
	mustBeRoute(route)
	if route == tokenRoute {
		s.FailNextToken(n, f)
		return
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if s.faults.byRoute == nil {
		s.faults.byRoute = map[string][]Fault{}
	}
	for i := 0; i < n; i++ {
		s.faults.byRoute[route] = append(s.faults.byRoute[route], f)
	}
}

// FailAlwaysOn makes every call of one route answer with fault f from now on (after the
// faults FailNextOn queued for it), until ClearFaults; the route is named as for FailNextOn.
// The token endpoint's route, "POST /oauth2/token", is FailTokensAlways's.
func (s *Server) FailAlwaysOn(route string, f Fault) {
	mustBeRoute(route)
	if route == tokenRoute {
		s.FailTokensAlways(f)
		return
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if s.faults.alwaysRoute == nil {
		s.faults.alwaysRoute = map[string]Fault{}
	}
	s.faults.alwaysRoute[route] = f
}

// ClearFaults drops every queued and standing fault (the token endpoint's too) and switches
// random faults off.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.queue, s.faults.tokens, s.faults.byRoute, s.faults.rate = nil, nil, nil, 0
	s.faults.always, s.faults.alwaysRoute, s.faults.tokenAlways = nil, nil, nil
}

// SetFaultRate makes a share rate (0..1) of API calls answer with one of faults, picked at
// random from a generator seeded with seed (so runs are repeatable). A rate of 0 switches
// random faults off.
func (s *Server) SetFaultRate(rate float64, seed int64, faults ...Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.rate = rate
	s.faults.choice = faults
	s.faults.rnd = rand.New(rand.NewSource(seed)) //nolint:gosec // repeatable fault schedule, not security
}

// FaultsServed is how many calls and token requests have been answered with an injected
// fault.
func (s *Server) FaultsServed() int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.served
}

// serveFault answers a request with fault f (see Fault for the order in which its fields
// apply). handle processes the request for real, writing the real answer to its writer; raw
// is the request's body as received; token says the request is a token request.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault, raw []byte, token bool, handle func(http.ResponseWriter)) {
	discard := func() { handle(&discardWriter{header: http.Header{}}) }
	if f.Delay > 0 && !wait(r, f.Delay) {
		// The client gave up on a slow answer: the work is still done.
		discard()
		return
	}
	switch {
	case !f.replacesAnswer():
		handle(w)
	case !f.Reset && f.BodyBytes <= 0 && (f.Mangle == MangleTruncate || f.Mangle == MangleSparse):
		serveRewritten(w, f, handle)
	case !f.Reset && f.BodyBytes <= 0 && f.Mangle == MangleNone && f.Location == "" && !f.Echo && f.Message == "" && f.Status == 0:
		// Only the identifier changes.
		serveRewritten(w, f, handle)
	default:
		if f.AfterHandling {
			// Process the request for real, then answer with the fault: the client cannot
			// know whether its call took effect (an ambiguous failure).
			discard()
		}
		s.writeFault(w, r, f, raw, token)
	}
}

// writeFault writes the answer of a fault that replaces the real one.
func (s *Server) writeFault(w http.ResponseWriter, r *http.Request, f Fault, raw []byte, token bool) {
	if f.Reset {
		resetConnection(w)
		return
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch {
	case f.BodyBytes > 0:
		writeEndless(w, f)
	case f.Mangle == MangleHTML:
		writeHTML(w, f)
	case f.Location != "":
		status := f.Status
		if status == 0 {
			status = http.StatusTemporaryRedirect
		}
		w.Header().Set("Location", f.Location)
		writeKong(w, status, http.StatusText(status))
	case f.Echo || f.Message != "":
		status := f.Status
		if status == 0 {
			status = http.StatusBadRequest
		}
		if f.Echo {
			msg := string(raw)
			if len(raw) == 0 {
				msg = r.Method + " " + r.URL.RequestURI()
			}
			s.writeErrorEnvelope(w, status, 1001, msg)
		} else if token {
			writeJSON(w, status, orderedObject{{"error", "invalid_request"}, {"error_description", f.Message}})
		} else {
			s.writeErrorEnvelope(w, status, 1001, f.Message)
		}
	default:
		writeStatus(w, f.Status)
	}
}

// writeStatus writes the answer of a bare status fault.
func writeStatus(w http.ResponseWriter, status int) {
	switch status {
	case http.StatusBadGateway:
		writeKong(w, status, MsgBadGateway)
	case http.StatusGatewayTimeout:
		writeKong(w, status, MsgGatewayTimout)
	case http.StatusTooManyRequests:
		writeKong(w, status, "API rate limit exceeded")
	case http.StatusInternalServerError:
		writeJSON(w, status, orderedObject{
			{"code", status},
			{"response", orderedObject{{"status", status}, {"message", MsgUnexpected}, {"error", true}, {"error_code", 1}, {"detail", ""}, {"mensagem", MsgUnexpected}, {"erro", true}, {"cod_erro", 1}}},
		})
	default:
		writeKong(w, status, http.StatusText(status))
	}
}

// resetConnection closes the request's connection without an answer.
func resetConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		conn, _, err := hj.Hijack()
		if err == nil {
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0)
			}
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// writeHTML writes a MangleHTML maintenance page.
func writeHTML(w http.ResponseWriter, f Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	title := f.Title
	if title == "" {
		title = DefaultHTMLTitle
	}
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<html><head><title>" + title + "</title></head><body>maintenance</body></html>"))
}

// writeEndless writes a BodyBytes answer: exactly f.BodyBytes bytes of an envelope that
// never ends, in chunks, until done or the client goes away.
func writeEndless(w http.ResponseWriter, f Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	st := strconv.Itoa(status)
	head := []byte(`{"code":` + st + `,"response":{"status":` + st + `,"message":"`)
	left := f.BodyBytes
	if int64(len(head)) > left {
		head = head[:left]
	}
	if _, err := w.Write(head); err != nil {
		return
	}
	left -= int64(len(head))
	chunk := bytes.Repeat([]byte{'x'}, 32*1024)
	for left > 0 {
		n := min(left, int64(len(chunk)))
		if _, err := w.Write(chunk[:n]); err != nil {
			return
		}
		left -= n
	}
}

// serveRewritten answers with the real answer, mangled (MangleTruncate, MangleSparse) and
// with its entity's identifier rewritten (Fault.ID, BlankID, DropID). The headers of the
// real answer are kept (ETag and X-Request-Id of the v2 read included), but its length.
func serveRewritten(w http.ResponseWriter, f Fault, handle func(http.ResponseWriter)) {
	rec := httptest.NewRecorder()
	handle(rec)
	body := rec.Body.Bytes()
	switch f.Mangle {
	case MangleTruncate:
		body = body[:len(body)/2]
	case MangleSparse:
		var env map[string]any
		if json.Unmarshal(body, &env) == nil {
			for k, v := range env {
				if ent, ok := v.(map[string]any); ok && k != "response" && k != "exception" {
					env[k] = map[string]any{"identifier": ent["identifier"]}
				}
			}
			body, _ = json.Marshal(env)
		}
	}
	if f.rewritesID() && f.Mangle != MangleTruncate {
		body = rewriteEntityID(body, f)
	}
	for k, v := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = v
		}
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

// entityIDKeys are the keys of the entities whose identifier Fault.ID rewrites, and the
// identifier's key in each: every family's (family.entityIDs).
var entityIDKeys = func() map[string]string {
	out := map[string]string{}
	for _, f := range families {
		for k, v := range f.entityIDs() {
			out[k] = v
		}
	}
	return out
}()

// rawMember is a member of a JSON object whose value is left encoded.
type rawMember struct {
	key   string
	value json.RawMessage
}

// rewriteEntityID rewrites (or drops) the identifier of every entity of an envelope, keeping
// the order of the keys; a body that is not a JSON object is returned as it is.
func rewriteEntityID(body []byte, f Fault) []byte {
	top, ok := decodeMembers(body)
	if !ok {
		return body
	}
	for i, m := range top {
		idKey := entityIDKeys[m.key]
		if idKey == "" {
			continue
		}
		ent, ok := decodeMembers(m.value)
		if !ok {
			continue
		}
		at := -1
		for j, e := range ent {
			if e.key == idKey {
				at = j
			}
		}
		switch {
		case f.DropID && at >= 0:
			ent = append(ent[:at], ent[at+1:]...)
		case f.DropID:
		case at >= 0:
			ent[at].value = appendJSONString(nil, f.ID)
		default:
			ent = append([]rawMember{{idKey, appendJSONString(nil, f.ID)}}, ent...)
		}
		top[i].value = encodeMembers(ent)
	}
	return encodeMembers(top)
}

// decodeMembers reads a JSON object's members in order; false when b is not an object.
func decodeMembers(b []byte) ([]rawMember, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var out []rawMember
	for dec.More() {
		t, err := dec.Token()
		key, isKey := t.(string)
		if err != nil || !isKey {
			return nil, false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		out = append(out, rawMember{key, v})
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, false
	}
	return out, true
}

// encodeMembers writes members as a JSON object.
func encodeMembers(members []rawMember) []byte {
	b := []byte{'{'}
	for i, m := range members {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, m.key)
		b = append(b, ':')
		b = append(b, m.value...)
	}
	return append(b, '}')
}
