package mysafemock

import (
	"encoding/json"
	"math/rand"
	"net"
	"net/http"
	"net/http/httptest"
)

// FailNextToken makes the next n token requests answer with fault f (API calls are not
// affected).
func (s *Server) FailNextToken(n int, f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	for i := 0; i < n; i++ {
		s.faults.tokens = append(s.faults.tokens, f)
	}
}

// FailNext makes the next n MySafe API calls answer with fault f.
func (s *Server) FailNext(n int, f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	for i := 0; i < n; i++ {
		s.faults.queue = append(s.faults.queue, f)
	}
}

// FailNextOn makes the next n calls of one route answer with fault f; the route is named as
// RequestCount names it, e.g. "GET /mysafe/password/{id}" or "PUT /mysafe/secretapi/update/{id}";
// a route the mock does not serve panics, as it does for RequestCount.
func (s *Server) FailNextOn(route string, n int, f Fault) {
	mustBeRoute(route)
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if s.faults.byRoute == nil {
		s.faults.byRoute = map[string][]Fault{}
	}
	for i := 0; i < n; i++ {
		s.faults.byRoute[route] = append(s.faults.byRoute[route], f)
	}
}

// ClearFaults drops every queued fault and switches random faults off.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.queue, s.faults.tokens, s.faults.byRoute, s.faults.rate = nil, nil, nil, 0
}

// SetFaultRate makes a share rate (0..1) of MySafe API calls answer with one of faults,
// picked at random from a generator seeded with seed (so runs are repeatable). A rate of 0
// switches random faults off.
func (s *Server) SetFaultRate(rate float64, seed int64, faults ...Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.rate = rate
	s.faults.choice = faults
	s.faults.rnd = rand.New(rand.NewSource(seed)) //nolint:gosec // repeatable fault schedule, not security
}

// FaultsServed is how many calls have been answered with an injected fault.
func (s *Server) FaultsServed() int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return s.faults.served
}

func writeFault(w http.ResponseWriter, f Fault) {
	if f.Reset {
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
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Location != "" {
		status := f.Status
		if status == 0 {
			status = http.StatusTemporaryRedirect
		}
		w.Header().Set("Location", f.Location)
		writeKong(w, status, http.StatusText(status))
		return
	}
	switch f.Status {
	case http.StatusBadGateway:
		writeKong(w, f.Status, MsgBadGateway)
	case http.StatusGatewayTimeout:
		writeKong(w, f.Status, MsgGatewayTimout)
	case http.StatusTooManyRequests:
		writeKong(w, f.Status, "API rate limit exceeded")
	case http.StatusInternalServerError:
		writeJSON(w, f.Status, orderedObject{
			{"code", f.Status},
			{"response", orderedObject{{"status", f.Status}, {"message", MsgUnexpected}, {"error", true}, {"error_code", 1}, {"detail", ""}, {"mensagem", MsgUnexpected}, {"erro", true}, {"cod_erro", 1}}},
		})
	default:
		writeKong(w, f.Status, http.StatusText(f.Status))
	}
}

// serveMangled answers the call with the mangled form of its real answer (handle processes
// the call).
func serveMangled(w http.ResponseWriter, m Mangling, handle func(http.ResponseWriter)) {
	if m == MangleHTML {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<html><body>maintenance</body></html>"))
		return
	}
	rec := httptest.NewRecorder()
	handle(rec)
	body := rec.Body.Bytes()
	switch m {
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
	w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}
