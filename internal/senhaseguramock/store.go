package senhaseguramock

import (
	"sync"
	"time"
)

// Default credentials of the mock's first access key.
const (
	DefaultClientID     = "senhasegura-mock-client"
	DefaultClientSecret = "senhasegura-mock-secret"
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
	// The known users are those of the clients (New, AddClient and the others) and AddUser's;
	// the known groups are AddGroup's and AddGroupMember's.
	StrictShares bool
	// FilterIgnored makes the list endpoints ignore their filters (name, username, url,
	// identifier_code, tag) and list every item the user sees: a server whose filters do not
	// work (open question 11 of mysafe-api.md). It wins over FilterSubstring.
	FilterIgnored bool
	// FilterSubstring makes the list filters match a case-insensitive substring of the field
	// (of one of the tags for "tag") instead of the whole value. By default name, username,
	// url and identifier_code match exactly and tag matches one whole tag, ignoring case.
	FilterSubstring bool
}

// Options configure a new mock.
type Options struct {
	ClientID     string        // default DefaultClientID
	ClientSecret string        // default DefaultClientSecret
	User         string        // owner of items created through the default client; default DefaultUser
	TokenTTL     time.Duration // default 3600 s
	Quirks       Quirks
	// PAM selects the PAM Core variant (pam-api.md); the zero value is v3-33/v4 with API v2.
	PAM PAMQuirks
}

// Server is the mock. Create it with New and serve it with httptest.NewServer or http.Serve.
type Server struct {
	mu       sync.Mutex
	quirks   Quirks
	tokenTTL time.Duration
	clients  map[string]client // client_id → access key
	tokens   map[string]tokenInfo
	// mysafe is what the MySafe family stores (mysafe_store.go).
	mysafe   mysafeStore
	pam      pamStore // what the PAM Core family stores (pam_store.go)
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
	// readOnly is an A2A authorization whose PAM resource permission is "Read-only"
	// (pam-api.md §2): its PAM Core writes answer 1039.
	readOnly bool
	// pamOnly is an A2A authorization added with AddPAMClient: its MySafe calls are refused.
	pamOnly bool
	// listOnly is an access key added with AddListOnlyClient: its user sees the items in
	// MySafe lists but may not open them (GET one answers 1006).
	listOnly bool
}

type tokenInfo struct {
	user     string
	expires  time.Time
	readOnly bool // issued to a read-only client
	pamOnly  bool // issued to an A2A authorization that reaches PAM Core only
	listOnly bool // issued to a list-only access key
}

// New returns a mock with one access key (Options.ClientID/ClientSecret) acting as Options.User;
// the same client is also a read-and-write A2A authorization for PAM Core.
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
		mysafe:   newMySafeStore(opts.User),
		pam:      newPAMStore(opts.User, opts.PAM),
		counts:   map[string]int{},
		now:      time.Now,
	}
	s.faults.init()
	return s
}

// Call is one MySafe API call as the mock received it: its route (as for RequestCount), the
// path identifier, the top-level keys of its body, sorted (never the values), and its
// User-Agent.
type Call struct {
	Route     string   `json:"route"`
	ID        string   `json:"id,omitempty"`
	Keys      []string `json:"keys,omitempty"`
	UserAgent string   `json:"user_agent,omitempty"`
}
