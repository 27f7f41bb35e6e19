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

// Options configure a new mock.
type Options struct {
	ClientID     string        // default DefaultClientID
	ClientSecret string        // default DefaultClientSecret
	User         string        // owner of items created through the default client; default DefaultUser
	TokenTTL     time.Duration // default 3600 s
	// Quirks selects the MySafe variant (mysafe_registration.go); its OmitCode and
	// CapitalMessage shape the envelope of every family's answers.
	Quirks Quirks
	// PAM selects the PAM Core variant (reference/pam-api.md); the zero value is v3-33/v4 with API v2.
	PAM PAMQuirks
	// DSM is the DevOps Secret Manager's creator authorization and variant (reference/dsm-api.md); the
	// zero value seeds the creator with DefaultDSMClientID and DefaultDSMClientSecret.
	DSM DSMOptions
}

// Server is the mock. Create it with New and serve it with httptest.NewServer or http.Serve.
type Server struct {
	mu       sync.Mutex
	style    envelopeStyle // the shape of every family's envelope (envelope.go)
	tokenTTL time.Duration
	clients  map[string]client // client_id → client
	tokens   map[string]tokenInfo
	users    map[string]bool // the instance's known users (AddUser, the clients')
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

	// What each family stores, declared in its registration file.
	mysafeFamilyState
	pamFamilyState
	dsmFamilyState
}

// client is a client of the token endpoint: an access key, or an authorization of one family.
type client struct {
	secret string
	user   string
	// family is the key of the one family the client reaches (an authorization of that
	// family); "" for an access key, which reaches every family that admits access keys.
	family string
	// kind is what the client is to its family ("read-only", "list-only"...): the shared
	// machinery never reads it.
	kind string
}

type tokenInfo struct {
	clientID string
	client   client // as it was when the token was issued
	expires  time.Time
	serial   int
}

// New returns a mock with one access key (Options.ClientID/ClientSecret) acting as Options.User;
// the same client is also a read-and-write A2A authorization for PAM Core. Each family sets
// up its state from the options (DevOps Secret Manager seeds its creator authorization).
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
		tokenTTL: opts.TokenTTL,
		clients:  map[string]client{},
		tokens:   map[string]tokenInfo{},
		users:    map[string]bool{},
		counts:   map[string]int{},
		now:      time.Now,
	}
	s.faults.init()
	for _, f := range families {
		f.init(s, opts)
	}
	s.addClient(opts.ClientID, client{secret: opts.ClientSecret, user: opts.User})
	return s
}

// Call is one API call as the mock received it: its route (as for RequestCount), the path
// identifier, the top-level keys of its body, sorted (never the values), and its User-Agent.
type Call struct {
	Route     string   `json:"route"`
	ID        string   `json:"id,omitempty"`
	Keys      []string `json:"keys,omitempty"`
	UserAgent string   `json:"user_agent,omitempty"`
}
