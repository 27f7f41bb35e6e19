package mysafemock

import (
	"math/rand"
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
	// Mangle replaces the answer with a broken or thinner one (see Mangling); Status is
	// ignored.
	Mangle Mangling
	// Delay holds the answer back this long (or until the client gives up) before serving it:
	// the real answer when the fault sets nothing else, otherwise the fault (a slow server).
	Delay time.Duration
}

// Mangling is an answer a real server, or something in front of it, might send instead of
// the documented one.
type Mangling int

const (
	// MangleNone leaves the answer alone.
	MangleNone Mangling = iota
	// MangleHTML answers 200 with an HTML maintenance page; the call is not processed.
	MangleHTML
	// MangleTruncate processes the call, then sends the first half of the real answer.
	MangleTruncate
	// MangleSparse processes the call, then sends the real envelope with each entity reduced
	// to its identifier (a server that echoes less than the documentation shows).
	MangleSparse
)

// faultState is the faults queued or drawn at random, and how many were served.
type faultState struct {
	mu      sync.Mutex
	queue   []Fault
	byRoute map[string][]Fault // faults for the next calls of one route
	tokens  []Fault            // faults for token requests
	rate    float64
	choice  []Fault
	rnd     *rand.Rand
	served  int
}

func (f *faultState) init() { f.rnd = rand.New(rand.NewSource(1)) } //nolint:gosec // repeatable fault schedule, not security

// take returns the fault for the current call of route, if any.
func (f *faultState) take(route string) (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if q := f.byRoute[route]; len(q) > 0 {
		f.byRoute[route] = q[1:]
		f.served++
		return q[0], true
	}
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
