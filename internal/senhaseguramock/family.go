package senhaseguramock

import "net/http"

// apiCall is one request an API family serves: the name it is counted under (RequestCount:
// "GET /mysafe/password/{id}"), its path identifier, and how it is served (by the user the
// token was issued for).
type apiCall struct {
	name  string
	id    string
	serve func(s *Server, w http.ResponseWriter, r *http.Request, user string)
}

// family is an API family the mock serves on its shared machinery (tokens, authentication,
// counters, latency, faults, the envelope).
type family interface {
	// match says which call of the family method and path are.
	match(method, path string) (apiCall, bool)
	// routes are the names of every call of the family, as RequestCount names them.
	routes() []string
}
