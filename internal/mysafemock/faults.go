package mysafemock

import (
	"math/rand"
	"net"
	"net/http"
	"sync"
	"time"
)

// Fault replaces the answer of one MySafe API call (FailNext, SetFaultRate) or of one token
// request (FailNextToken).
type Fault struct {
	// Status is the HTTP status to answer: 500 (MySafe "Unexpected error."), 502 and 504
	// (Kong's gateway messages), 429 or 503 (with RetryAfter), or any other code.
	Status int
	// RetryAfter is sent as the Retry-After header when not empty.
	RetryAfter string
	// Reset closes the connection without any answer (a TCP reset).
	Reset bool
	// AfterHandling processes the request for real before answering with the fault, so the
	// client cannot tell whether its call took effect (e.g. a 502 after the item was created).
	AfterHandling bool
	// Location makes the answer a redirect: Status (default 307) with this Location header,
	// as a gateway, WAF or single sign-on front in front of MySafe might send.
	Location string
}

type faultState struct {
	mu     sync.Mutex
	queue  []Fault
	tokens []Fault // faults for token requests
	rate   float64
	choice []Fault
	rnd    *rand.Rand
	served int
}

func (f *faultState) init() { f.rnd = rand.New(rand.NewSource(1)) } //nolint:gosec // repeatable fault schedule, not security

// take returns the fault for the current call, if any.
func (f *faultState) take() (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queue) > 0 {
		ft := f.queue[0]
		f.queue = f.queue[1:]
		f.served++
		return ft, true
	}
	if f.rate > 0 && len(f.choice) > 0 && f.rnd.Float64() < f.rate {
		f.served++
		return f.choice[f.rnd.Intn(len(f.choice))], true
	}
	return Fault{}, false
}

// takeToken returns the fault for the current token request, if any.
func (f *faultState) takeToken() (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.tokens) == 0 {
		return Fault{}, false
	}
	ft := f.tokens[0]
	f.tokens = f.tokens[1:]
	f.served++
	return ft, true
}

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

// SetLatency delays every MySafe API call by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.latency = d
	s.mu.Unlock()
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
