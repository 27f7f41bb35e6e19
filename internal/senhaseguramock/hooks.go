package senhaseguramock

import (
	"time"
)

// AddClient registers another access key acting as user (a known user from then on): it
// reaches every family that admits access keys (MySafe, and PAM Core unless
// PAMQuirks.SeparateCredentials).
func (s *Server) AddClient(clientID, clientSecret, user string) {
	s.addClient(clientID, client{secret: clientSecret, user: user})
}

// addClient registers c under clientID; its user, if any, becomes a known user.
func (s *Server) addClient(clientID string, c client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addClientLocked(clientID, c)
}

// addClientLocked is addClient for a caller that holds s.mu.
func (s *Server) addClientLocked(clientID string, c client) {
	s.clients[clientID] = c
	if c.user != "" {
		s.users[c.user] = true
	}
}

// AddUser makes a username known to the instance: MySafe shares with it under
// Quirks.StrictShares, and a PAM Core credential's user_credential_owner may name it.
func (s *Server) AddUser(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[name] = true
}

// RequestCount is how many calls a route has received, e.g. "POST /mysafe/password",
// "GET /mysafe/secretapi/{id}", "PUT /mysafe/password/update/{id}",
// "POST /mysafe/password/inactive/{id}", "GET /pam/credential/{id}",
// "DELETE /pam/credential/custody/{id}", "GET /v2/pam/credentials/{id}",
// "GET /sctm/secret/{identity}", "DELETE /dapp/application/authorization" or
// "POST /oauth2/token" (Routes lists them). Both /api and /iso prefixes count alike (the API
// v2 read is served under /api only, DSM under /iso only). A route the mock does not serve panics, naming the routes it does: a
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

// SetLatency delays every API call (of every family) by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	s.latency = d
	s.mu.Unlock()
}
