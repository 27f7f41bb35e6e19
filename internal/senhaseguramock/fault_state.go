package senhaseguramock

import (
	"math/rand"
	"sync"
	"time"
)

// Fault replaces or alters the answer of an API call (FailNext, FailNextOn, FailAlways,
// FailAlwaysOn, SetFaultRate) or of a token request (FailNextToken, FailTokensAlways): what a
// misbehaving senhasegura, or a gateway or proxy in front of it, answers.
//
// One fault may set several fields; the answer is the first of these that applies (after
// Delay, which comes first and combines with every one):
//
//  1. Reset: the connection is closed without an answer.
//  2. BodyBytes: a 200 (or Status) whose body never ends within BodyBytes bytes.
//  3. Mangle: an HTML page (with Status, Title), or the real answer cut or thinned (with ID
//     or DropID applied to the thinned one).
//  4. Location: a redirect.
//  5. Echo or Message: an application error whose message is the request or Message.
//  6. Status: a gateway or server error.
//  7. ID, BlankID or DropID: the real answer with its entity's identifier rewritten.
//
// AfterHandling decides whether the call is processed for real before 1, 2, HTML, 4, 5 and 6
// (the truncated, thinned and rewritten answers always follow the real call). A fault that
// sets none of 1 to 7 (only Delay, or nothing) serves the real answer. Every fault taken counts
// in FaultsServed, whatever it sets.
type Fault struct {
	// Status is the HTTP status to answer: 500 (MySafe "Unexpected error."), 502 and 504
	// (Kong's gateway messages), 429 (Kong's "API rate limit exceeded"), 503 or any other
	// code (Kong's {"message": status text}). It is also the status of a redirect (default
	// 307), of an Echo or Message error (default 400), of a MangleHTML page (default 200) and
	// of a BodyBytes answer (default 200).
	Status int
	// RetryAfter is sent as the Retry-After header when not empty, with any answer the fault
	// writes: seconds ("120", "999999") or an HTTP date ("Wed, 01 Jan 2099 00:00:00 GMT"),
	// sent as given.
	RetryAfter string
	// Reset closes the connection without any answer (a TCP reset).
	Reset bool
	// AfterHandling processes the request for real before answering with the fault, so the
	// client cannot tell whether its call took effect (e.g. a 502 after the item was created).
	AfterHandling bool
	// Location makes the answer a redirect: Status (default 307) with this Location header,
	// as a gateway, WAF or single sign-on front in front of MySafe might send.
	Location string
	// Mangle replaces the answer with a broken or thinner one (see Mangling). Status applies
	// to MangleHTML only.
	Mangle Mangling
	// Title is the <title> of a MangleHTML page; default "Service Temporarily Unavailable".
	// It is written as given, not escaped.
	Title string
	// Delay holds the answer back this long (or until the client gives up) before serving it:
	// the real answer when the fault sets nothing else, otherwise the fault (a slow server).
	Delay time.Duration

	// ID rewrites the identifier of the answer's entity to this exact string (a JSON string:
	// "3", "-1", "2.0", " 3"), after the call was processed for real: the "identifier" of a
	// MySafe entity (password_entity, api_entity, api_secret_entity, note_entity) and the "id"
	// of a PAM Core "device" or "credential" object (create, update, GET one, and the API v2
	// read, whose credential id is that object's "id"; the ids nested in it, of its device and
	// parent, are left alone), and the "secret_id" of a DSM "secret" (GET
	// /iso/sctm/secret/{identity}): each family says which (family.entityIDs). Lists, errors
	// and answers without an entity are unchanged. An entity without the key gets it, first.
	// The empty string leaves the identifier alone: use BlankID for "".
	ID string
	// BlankID rewrites the entity's identifier to "" (as ID does).
	BlankID bool
	// DropID removes the entity's identifier key (it wins over ID and BlankID).
	DropID bool

	// Echo answers an application error whose message is the request as received: its raw
	// body (for the token endpoint the form body, client_secret included), or, when it has
	// no body, its method and request URI ("GET /api/mysafe/password/1"). The answer is the
	// shared envelope with exception.code 1001 and that message, with HTTP Status (default
	// 400), on the token endpoint too: a server that echoes the request in its errors. It
	// wins over Message.
	Echo bool
	// Message answers an application error with this message (control characters and ANSI
	// escape sequences such as "\x1b[2J\x1b[31mboom" included, JSON-escaped on the wire):
	// the envelope with exception.code 1001 and HTTP Status (default 400); on the token
	// endpoint an OAuth2 error {"error":"invalid_request","error_description":Message}.
	Message string

	// BodyBytes answers Status (default 200) with a JSON content type and a body of exactly
	// this many bytes that starts like the envelope, {"code":200,"response":{"status":200,
	// "message":", and never closes the string: "x" up to the last byte. It is streamed in
	// small chunks, without a Content-Length (the client learns the size only by reading), and
	// stops when the client goes away.
	BodyBytes int64
}

// replacesAnswer says whether the fault changes the answer at all (Delay alone does not).
func (f Fault) replacesAnswer() bool {
	return f.Reset || f.BodyBytes > 0 || f.Mangle != MangleNone || f.Location != "" || f.Echo ||
		f.Message != "" || f.Status != 0 || f.rewritesID()
}

// rewritesID says whether the fault rewrites the entity's identifier.
func (f Fault) rewritesID() bool {
	return f.ID != "" || f.BlankID || f.DropID
}

// Mangling is an answer a real server, or something in front of it, might send instead of
// the documented one.
type Mangling int

const (
	// MangleNone leaves the answer alone.
	MangleNone Mangling = iota
	// MangleHTML answers Fault.Status (default 200) with an HTML maintenance page, as nginx
	// or a load balancer in front of the server does:
	// <html><head><title>Service Temporarily Unavailable</title></head><body>maintenance</body></html>
	// (the title is Fault.Title when set). The call is processed only with AfterHandling.
	MangleHTML
	// MangleTruncate processes the call, then sends the first half of the real answer.
	MangleTruncate
	// MangleSparse processes the call, then sends the real envelope with each entity reduced
	// to its identifier (a server that echoes less than the documentation shows).
	MangleSparse
)

// DefaultHTMLTitle is the <title> of a MangleHTML page when Fault.Title is empty.
const DefaultHTMLTitle = "Service Temporarily Unavailable"

// faultState is the faults queued, standing or drawn at random, and how many were served.
type faultState struct {
	mu          sync.Mutex
	queue       []Fault
	byRoute     map[string][]Fault // faults for the next calls of one route
	always      *Fault             // every call (FailAlways)
	alwaysRoute map[string]Fault   // every call of one route (FailAlwaysOn)
	tokens      []Fault            // faults for token requests
	tokenAlways *Fault             // every token request (FailTokensAlways)
	rate        float64
	choice      []Fault
	rnd         *rand.Rand
	served      int
}

func (f *faultState) init() { f.rnd = rand.New(rand.NewSource(1)) } //nolint:gosec // repeatable fault schedule, not security

// take returns the fault for the current call of route, if any: the route's queue, the
// route's standing fault, the general queue, the standing fault, then a random one.
func (f *faultState) take(route string) (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if q := f.byRoute[route]; len(q) > 0 {
		f.byRoute[route] = q[1:]
		f.served++
		return q[0], true
	}
	if ft, ok := f.alwaysRoute[route]; ok {
		f.served++
		return ft, true
	}
	if len(f.queue) > 0 {
		ft := f.queue[0]
		f.queue = f.queue[1:]
		f.served++
		return ft, true
	}
	if f.always != nil {
		f.served++
		return *f.always, true
	}
	if f.rate > 0 && len(f.choice) > 0 && f.rnd.Float64() < f.rate {
		f.served++
		return f.choice[f.rnd.Intn(len(f.choice))], true
	}
	return Fault{}, false
}

// takeToken returns the fault for the current token request, if any: the queue, then the
// standing one.
func (f *faultState) takeToken() (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.tokens) > 0 {
		ft := f.tokens[0]
		f.tokens = f.tokens[1:]
		f.served++
		return ft, true
	}
	if f.tokenAlways != nil {
		f.served++
		return *f.tokenAlways, true
	}
	return Fault{}, false
}
