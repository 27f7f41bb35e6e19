package senhaseguramock

import (
	"time"
)

// AddClient registers another access key acting as user.
func (s *Server) AddClient(clientID, clientSecret, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[clientID] = client{secret: clientSecret, user: user}
	s.mysafe.users[user] = true
}

// AddPAMClient registers an A2A authorization acting as user that reaches PAM Core only: its
// MySafe calls answer 401 "You are not authorized to access this resource.". With
// PAMQuirks.SeparateCredentials it is the only kind of client PAM Core accepts.
func (s *Server) AddPAMClient(clientID, clientSecret, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[clientID] = client{secret: clientSecret, user: user, pamOnly: true}
	s.mysafe.users[user] = true
}

// AddReadOnlyClient registers another client acting as user whose PAM resource permission is
// "Read-only" (pam-api.md §2): its PAM Core reads work, and every PAM Core write (POST, DELETE,
// PUT, custody release) answers "1039: Without PAM Configuration Access permission". Its
// MySafe calls are not restricted.
func (s *Server) AddReadOnlyClient(clientID, clientSecret, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[clientID] = client{secret: clientSecret, user: user, readOnly: true}
	s.mysafe.users[user] = true
}

// AddListOnlyClient registers an access key whose user sees the items in lists but may not
// open them: its MySafe list calls answer as they do for user (the items user owns or is
// shared), and its MySafe GET of any item that exists answers "1006: User does not have
// access" (400). Its other calls, and PAM Core, are not restricted.
func (s *Server) AddListOnlyClient(clientID, clientSecret, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[clientID] = client{secret: clientSecret, user: user, listOnly: true}
	s.mysafe.users[user] = true
}

// RequestCount is how many calls a route has received, e.g. "POST /mysafe/password",
// "GET /mysafe/secretapi/{id}", "PUT /mysafe/password/update/{id}",
// "POST /mysafe/password/inactive/{id}", "GET /pam/credential/{id}",
// "DELETE /pam/credential/custody/{id}", "GET /v2/pam/credentials/{id}" or
// "POST /oauth2/token". Both /api and /iso prefixes count alike (the API v2 read is served
// under /api only). A route the mock does not serve panics, naming the routes it does: a
// misspelt route in a test must fail it, never count 0 and pass.
func (s *Server) RequestCount(route string) int {
	mustBeRoute(route)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[route]
}

// Counts returns a copy of every route counter.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// TokenRequests is how many token requests (successful or not) the mock has received.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenReq
}

// SetTokenTTL sets the lifetime of tokens issued from now on.
func (s *Server) SetTokenTTL(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenTTL = d
}

// RevokeTokens invalidates every issued token (the next API call answers 401).
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = map[string]tokenInfo{}
}

// MaxInFlight is the largest number of authenticated API calls the mock has served at once.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxIn
}

// InFlight is how many authenticated API calls the mock is serving right now (those whose
// client went away included: the mock finishes them).
func (s *Server) InFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight
}

// Unauthorized is how many API calls were answered 401 (missing, unknown or expired token).
func (s *Server) Unauthorized() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.denied
}

// IssuedTokens returns every access token the mock has issued (to check they never leak).
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.issued...)
}

// SetLatency delays every API call (MySafe and PAM Core) by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.latency = d
	s.mu.Unlock()
}
