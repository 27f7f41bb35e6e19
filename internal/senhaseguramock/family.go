package senhaseguramock

import "net/http"

// caller is who makes an API call: what the mock knew of the token's client when it issued the
// token. The shared machinery hands it to the family that serves the call and reads nothing
// in it but the scope; what kind and user mean is the family's business.
type caller struct {
	clientID string
	client   client
	// serial is the token's issue number (1 for the first token the mock issued): a family
	// compares it with its own events (an authorization deactivated after the token was issued).
	serial int
}

// user is the user the call acts as.
func (c caller) user() string { return c.client.user }

// apiCall is one request an API family serves: the name it is counted under (RequestCount:
// "GET /mysafe/password/{id}"), its path identifier, and how it is served (as the caller).
type apiCall struct {
	name  string
	id    string
	serve func(s *Server, w http.ResponseWriter, r *http.Request, c caller)
}

// clientKind is a kind of client a family adds through POST /_mock/clients (AdminHelp): its
// name there, a few words on it for AdminHelp, and how it is added.
type clientKind struct {
	name, about string
	add         func(s *Server, clientID, clientSecret, user string)
}

// family is an API family the mock serves on its shared machinery (tokens, authentication,
// counters, latency, faults, the envelope, the /_mock/ surface). Each family brings it from
// its <family>_registration.go, and the shared files reach a family through it only.
type family interface {
	// key is the family's short name ("mysafe", "pam", "dsm"): the prefix of its files, and
	// the scope of the clients that reach it alone (client.family).
	key() string
	// name is how people call it ("MySafe", "PAM Core").
	name() string
	// init sets up the family's state in a new Server from the options. It runs before the
	// mock's first client is added.
	init(s *Server, opts Options)

	// match says which call of the family method and path are.
	match(method, path string) (apiCall, bool)
	// routes are the names of every call of the family, as RequestCount names them.
	routes() []string
	// entityIDs maps the keys of the family's answer entities to the key of their identifier
	// (Fault.ID rewrites it): "password_entity" → "identifier".
	entityIDs() map[string]string

	// admits is the family's token scope: whether a token issued to c may call it. A call it
	// does not admit answers the gateway's 401.
	admits(s *Server, c client) bool
	// clientKinds are the kinds of client the family adds through POST /_mock/clients.
	clientKinds() []clientKind

	// adminHelp is the family's lines of AdminHelp (its hooks under /_mock/).
	adminHelp() string
	// serveAdmin serves the family's hooks under /_mock/ (parts is the path after /_mock/,
	// split at "/"); false when the path is none of its hooks (nothing was written).
	serveAdmin(s *Server, w http.ResponseWriter, r *http.Request, parts []string) bool
	// counters are the family's entries of GET /_mock/counters.
	counters(s *Server) map[string]any
}
