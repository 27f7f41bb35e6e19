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
	s.issued = append(s.issued, tok)
	s.tokens[tok] = tokenInfo{clientID: id, client: c, expires: s.now().Add(ttl), serial: len(s.issued)}
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

// authenticate is the caller of the request's token, false when the token is unknown or
// expired, or is outside the token scope of the family that serves the call (family.admits:
// with PAMQuirks.SeparateCredentials a MySafe access key does not reach PAM Core, an A2A
// authorization reaches PAM Core only, a DSM authorization DSM only).
func (s *Server) authenticate(r *http.Request, f family) (caller, bool) {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
		return caller{}, false
	}
	tok := strings.TrimSpace(h[7:])
	s.mu.Lock()
	defer s.mu.Unlock()
	info, ok := s.tokens[tok]
	if !ok || !s.now().Before(info.expires) || !f.admits(s, info.client) {
		return caller{}, false
	}
	return caller{clientID: info.clientID, client: info.client, serial: info.serial}, true
}

func randomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
