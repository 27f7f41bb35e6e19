package senhaseguramock

import (
	"net/http"
	"strings"
)

// DevOps Secret Manager's hooks under /_mock/ (AdminHelp): its applications, authorizations and
// secrets, another authorization, an authorization's activation and private key, an
// out-of-band change of a secret, its expiry, a link, an engine.

const dsmAdminHelp = `GET    /_mock/dsm                               every DSM application, authorization (with its credentials) and secret (values in clear)
POST   /_mock/dsm/authorizations                {"application":"billing","system":"ci","environment":"prod","unique_key":"","encryption":true,
                                                 "can_create_applications":false,"authorized_resources":["Secret Management"],
                                                 "client_id":"","client_secret":""}: another DSM authorization, and its application
                                                 when new (empty credentials are generated; the answer has them)
GET    /_mock/dsm/authorization/{client_id}     one authorization
POST   /_mock/dsm/authorization/{client_id}/deactivate (or /activate)
GET    /_mock/dsm/authorization/{client_id}/private-key   its private key, PEM, as "Download private key" gives it
GET    /_mock/dsm/secret/{identity}             one secret (the identity may contain "/")
PATCH  /_mock/dsm/secret/{identity}             out-of-band change: {"fields":{"name":"n","description":"d","engine":"Generic",
                                                 "expiration_date":""},"values":{"KEY":"v"},"version":7}; values replace the
                                                 key/value pairs; the version grows by one unless given
POST   /_mock/dsm/expire/{identity}             expire the secret now (inactive, its data deleted)
POST   /_mock/dsm/link/{client_id}/{identity}   link the secret to another authorization (its Secrets tab)
POST   /_mock/dsm/engines                       {"name":"Terraform"}: register an engine
`

// serveDSMAdmin serves DSM's hooks; false when parts is none of them.
func (s *Server) serveDSMAdmin(w http.ResponseWriter, r *http.Request, parts []string) bool {
	if parts[0] != "dsm" {
		return false
	}
	rest := parts[1:]
	tail := func(from int) string { return strings.Join(rest[from:], "/") }
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{
			"applications": s.DSMApplications(), "authorizations": s.DSMAuthorizations(), "secrets": s.DSMSecrets(),
		})
	case len(rest) == 1 && rest[0] == "authorizations" && r.Method == http.MethodPost:
		var req DSMAuthorization
		if !decodeAdmin(w, r, &req) {
			return true
		}
		if _, taken := s.clientExists(req.ClientID); taken {
			writeJSON(w, http.StatusConflict, map[string]string{"message": "client_id is taken"})
			return true
		}
		writeJSON(w, http.StatusOK, s.AddDSMAuthorization(req))
	case len(rest) == 1 && rest[0] == "engines" && r.Method == http.MethodPost:
		var req struct {
			Name string `json:"name"`
		}
		if !decodeAdmin(w, r, &req) {
			return true
		}
		if req.Name == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": "name is required"})
			return true
		}
		s.AddDSMEngine(req.Name)
		writeJSON(w, http.StatusOK, req)
	case len(rest) >= 2 && rest[0] == "authorization":
		s.serveDSMAdminAuthorization(w, r, rest[1], rest[2:])
	case len(rest) >= 2 && rest[0] == "secret" && r.Method == http.MethodGet:
		s.writeDSMAdminSecret(w, tail(1))
	case len(rest) >= 2 && rest[0] == "secret" && r.Method == http.MethodPatch:
		s.patchDSMAdminSecret(w, r, tail(1))
	case len(rest) >= 2 && rest[0] == "expire" && r.Method == http.MethodPost:
		if !s.ExpireDSMSecret(tail(1)) {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "no such secret"})
			return true
		}
		s.writeDSMAdminSecret(w, tail(1))
	case len(rest) >= 3 && rest[0] == "link" && r.Method == http.MethodPost:
		if !s.LinkDSMSecret(tail(2), rest[1]) {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "no such secret or authorization"})
			return true
		}
		s.writeDSMAdminSecret(w, tail(2))
	default:
		writeAdminNotFound(w)
	}
	return true
}

// clientExists says whether some client of the mock has that id ("" never does).
func (s *Server) clientExists(clientID string) (client, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.clients[clientID]
	return c, ok && clientID != ""
}

// serveDSMAdminAuthorization serves /_mock/dsm/authorization/{client_id}[/deactivate|/activate|/private-key].
func (s *Server) serveDSMAdminAuthorization(w http.ResponseWriter, r *http.Request, clientID string, rest []string) {
	if _, ok := s.DSMAuthorization(clientID); !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "no such authorization"})
		return
	}
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
	case len(rest) == 1 && r.Method == http.MethodPost && (rest[0] == "deactivate" || rest[0] == "activate"):
		s.SetDSMAuthorizationActive(clientID, rest[0] == "activate")
	case len(rest) == 1 && r.Method == http.MethodGet && rest[0] == "private-key":
		key, _ := s.DSMPrivateKey(clientID)
		w.Header().Set("Content-Type", "application/x-pem-file")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(key))
		return
	default:
		writeAdminNotFound(w)
		return
	}
	a, _ := s.DSMAuthorization(clientID)
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) writeDSMAdminSecret(w http.ResponseWriter, identity string) {
	sec, ok := s.DSMSecret(identity)
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "no such secret"})
		return
	}
	writeJSON(w, http.StatusOK, sec)
}

// patchDSMAdminSecret serves PATCH /_mock/dsm/secret/{identity}.
func (s *Server) patchDSMAdminSecret(w http.ResponseWriter, r *http.Request, identity string) {
	var req struct {
		Fields  map[string]string  `json:"fields"`
		Values  *map[string]string `json:"values"`
		Version *int               `json:"version"`
	}
	if !decodeAdmin(w, r, &req) {
		return
	}
	targets := func(sec *DSMSecret) map[string]*string {
		return map[string]*string{"name": &sec.Name, "description": &sec.Description, "engine": &sec.Engine, "expiration_date": &sec.ExpirationDate}
	}
	for k := range req.Fields {
		if targets(&DSMSecret{})[k] == nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": "unknown field " + k + "; the fields are name, description, engine, expiration_date"})
			return
		}
	}
	ok := s.ModifyDSMSecret(identity, func(sec *DSMSecret) {
		t := targets(sec)
		for k, v := range req.Fields {
			*t[k] = v
		}
		if req.Values != nil {
			sec.Values = *req.Values
		}
		if req.Version != nil {
			sec.Version = *req.Version
		} else {
			sec.Version++
		}
	})
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "no such secret"})
		return
	}
	s.writeDSMAdminSecret(w, identity)
}
