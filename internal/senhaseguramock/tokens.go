package senhaseguramock

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// tokenRoute is the counter key of the token endpoint (/iso/oauth2/token and /api/oauth2/token).
const tokenRoute = "POST /oauth2/token"

func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.tokenReq++
	s.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "malformed form body"})
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "grant_type must be client_credentials"})
		return
	}
	s.mu.Lock()
	c, ok := s.clients[id]
	if !ok || c.secret != secret || id == "" {
		s.mu.Unlock()
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Client authentication failed"})
		return
	}
	tok := randomToken()
	ttl := s.tokenTTL
	s.tokens[tok] = tokenInfo{user: c.user, expires: s.now().Add(ttl), readOnly: c.readOnly, pamOnly: c.pamOnly, listOnly: c.listOnly}
	s.issued = append(s.issued, tok)
	s.mu.Unlock()
	secs := int(ttl / time.Second)
	if ttl%time.Second != 0 {
		secs++
	}
	writeJSON(w, http.StatusOK, orderedObject{
		{"token_type", "Bearer"},
		{"expires_in", secs},
		{"access_token", tok},
	})
}

// authenticate is the user of the request's token, false when the token is unknown or
// expired, or does not reach the route's module: with PAMQuirks.SeparateCredentials, a MySafe
// access key reaches MySafe only and an A2A authorization (AddPAMClient) PAM Core only (open
// question 1 of pam-api.md; by default one client reaches both).
func (s *Server) authenticate(r *http.Request, route string) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
		return "", false
	}
	tok := strings.TrimSpace(h[7:])
	s.mu.Lock()
	defer s.mu.Unlock()
	info, ok := s.tokens[tok]
	if !ok || !s.now().Before(info.expires) {
		return "", false
	}
	pamRoute := strings.Contains(route, " /pam/") || strings.Contains(route, " /v2/pam/")
	if info.pamOnly && !pamRoute || s.pam.quirks.SeparateCredentials && !info.pamOnly && pamRoute {
		return "", false
	}
	return info.user, true
}

// readOnly says whether the request's token was issued to a read-only client
// (AddReadOnlyClient). The call was authenticated before its family serves it; a token
// revoked since counts as read and write.
func (s *Server) readOnly(r *http.Request) bool {
	return s.bearer(r).readOnly
}

// bearer is what the mock knows of the request's token (the zero value when it knows
// nothing: a token revoked since the call was authenticated has no restriction).
func (s *Server) bearer(r *http.Request) tokenInfo {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
		return tokenInfo{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokens[strings.TrimSpace(h[7:])]
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
