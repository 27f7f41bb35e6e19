package senhaseguramock

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"time"
)

// ServeHTTP routes the /_mock/ administration endpoints, token requests, and the calls of
// every API family (under /api and /iso).
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
		f, hasFault := s.faults.takeToken()
		if !hasFault {
			s.serveToken(w, r)
			return
		}
		raw := readBody(r)
		s.serveFault(w, r, f, raw, true, func(w http.ResponseWriter) { s.serveToken(w, r) })
		return
	}
	rt, fam, ok := matchCall(r.Method, r.URL.Path)
	if !ok {
		writeKong(w, http.StatusNotFound, MsgNoRoute)
		return
	}
	s.count(rt.name)
	who, ok := s.authenticate(r, fam)
	if !ok {
		s.mu.Lock()
		s.denied++
		s.mu.Unlock()
		writeKong(w, http.StatusUnauthorized, MsgNotAuthorized)
		return
	}
	raw := s.recordCall(r, rt.name, rt.id)
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
		rt.serve(s, &discardWriter{header: http.Header{}}, r, who)
		return
	}
	f, hasFault := s.faults.take(rt.name)
	if !hasFault {
		rt.serve(s, w, r, who)
		return
	}
	s.serveFault(w, r, f, raw, false, func(w http.ResponseWriter) { rt.serve(s, w, r, who) })
}

// readBody reads the request's body (up to 1 MiB) and puts it back for the handler.
func readBody(r *http.Request) []byte {
	if r.Body == nil {
		return nil
	}
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(bytes.NewReader(raw))
	return raw
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
