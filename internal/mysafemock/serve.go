package mysafemock

import (
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
		if f, ok := s.faults.takeToken(); ok {
			writeFault(w, f)
			return
		}
		s.serveToken(w, r)
		return
	}
	rt, ok := matchCall(r.Method, r.URL.Path)
	if !ok {
		writeKong(w, http.StatusNotFound, MsgNoRoute)
		return
	}
	s.count(rt.name)
	user, ok := s.authenticate(r, rt.name)
	if !ok {
		s.mu.Lock()
		s.denied++
		s.mu.Unlock()
		writeKong(w, http.StatusUnauthorized, MsgNotAuthorized)
		return
	}
	s.recordCall(r, rt.name, rt.id)
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
		rt.serve(s, &discardWriter{header: http.Header{}}, r, user)
		return
	}
	f, hasFault := s.faults.take(rt.name)
	if hasFault && f.Delay > 0 {
		if !wait(r, f.Delay) {
			// The client gave up on a slow answer: the work is still done.
			rt.serve(s, &discardWriter{header: http.Header{}}, r, user)
			return
		}
		hasFault = f.Status != 0 || f.Reset || f.Location != "" || f.Mangle != MangleNone
	}
	if hasFault && f.Mangle != MangleNone {
		serveMangled(w, f.Mangle, func(w http.ResponseWriter) { rt.serve(s, w, r, user) })
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
		rt.serve(s, rec, r, user)
		writeFault(w, f)
		return
	}
	rt.serve(s, w, r, user)
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
