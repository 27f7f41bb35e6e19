package senhaseguramock

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// pamV2GetCredential is GET /api/v2/pam/credentials/{id} of Segura 4.2.2 and later (reference/pam-api.md
// §5.10): "the absolute superset of all non-sensitive credential attributes", with no password
// and no side effect (no custody, no password view, no "view" time, no rotation). Only the
// first part of the vendor's pages is readable, so the shape is the mock's choice: the shared
// envelope (reference/pam-api.md §1.3), message "Credential {id}", entity key "credential":
//
//	{"id": "5", "identifier": "robot-test-5", "username": "credential_5", "active": true,
//	 "type": "Local User", "tags": ["db", "prod"], "additional_information": "...",
//	 "domain": "", "criticality": "medium", "user_credential_owner": null,
//	 "parent_credential": {"id": "4", "username": "root"} or null, "automatic_change": false,
//	 "device": {"id": "3", "name": "db01", "ip": "10.0.0.5"}}
//
// tags is an array of trimmed strings ([] when none); criticality comes from
// additional_settings.criticality, lowercased (the Portuguese labels mapped), "medium" when
// unset; user_credential_owner is that setting's username or null. An inactive credential is
// returned with active false. An unknown id is 400 "1007: Credential not found" (not a 404),
// one the caller's authorization neither owns nor is assigned is "1009: No access to
// credential". The answer carries an ETag and an X-Request-Id, and If-None-Match with the
// current ETag answers 304. With PAMQuirks.NoV2 the route does not exist: 404 with Kong's
// "No route matched with those values." (the call is still counted).
func (s *Server) pamV2GetCredential(w http.ResponseWriter, r *http.Request, id, user string) {
	if s.pam.quirks.NoV2 {
		writeKong(w, http.StatusNotFound, MsgNoRoute)
		return
	}
	s.mu.Lock()
	var c *pamCredential
	if n, err := strconv.Atoi(id); err == nil && strconv.Itoa(n) == id {
		c = s.pam.credentials[n]
	}
	switch {
	case c == nil:
		s.mu.Unlock()
		s.writeAppError(w, pamMsgCredNotFound)
		return
	case !c.visibleTo(user):
		s.mu.Unlock()
		s.writeAppError(w, pamMsgNoAccess)
		return
	}
	entity := s.pamV2Entity(c)
	s.mu.Unlock()
	raw, _ := json.Marshal(entity)
	sum := sha256.Sum256(raw)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("X-Request-Id", randomToken()[:32])
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.writeOK(w, http.StatusOK, "Credential "+strconv.Itoa(c.id), "credential", entity)
}

// pamV2Entity is the v2 shape of c (see pamV2GetCredential). The caller holds s.mu.
func (s *Server) pamV2Entity(c *pamCredential) orderedObject {
	tags := []string{}
	for _, t := range strings.Split(c.str("tags"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	extra := pamSettingsObject(c.fields["additional_settings"])
	criticality := pamScalar(extra["criticality"])
	owner := pamScalar(extra["user_credential_owner"])
	var parent any
	if p := s.pam.parentOf(c); p != nil {
		parent = orderedObject{{"id", strconv.Itoa(p.id)}, {"username", p.str("username")}}
	}
	d := s.pam.devices[c.device]
	return orderedObject{
		{"id", strconv.Itoa(c.id)}, {"identifier", pamNullable(c.str("identifier"))},
		{"username", c.str("username")}, {"active", c.active}, {"type", c.str("credential_type")},
		{"tags", tags}, {"additional_information", c.str("additional")}, {"domain", c.str("domain")},
		{"criticality", pamCriticality(criticality)}, {"user_credential_owner", pamNullable(owner)},
		{"parent_credential", parent},
		{"automatic_change", pamTruthy(pamSettingsObject(c.fields["execution_settings"])["automatic_change"])},
		{"device", orderedObject{{"id", strconv.Itoa(d.id)}, {"name", d.str("hostname")}, {"ip", d.str("ip")}}},
	}
}

// pamCriticality is a criticality as v2 writes it: low, medium, high or critical. The
// versions send Portuguese labels, capitalised or lowercase English (reference/pam-api.md §5.3, §11
// item 7); unset is the documented default, medium.
func pamCriticality(v string) string {
	switch c := strings.ToLower(strings.TrimSpace(v)); c {
	case "":
		return "medium"
	case "baixo", "baixa":
		return "low"
	case "médio", "medio", "média", "media":
		return "medium"
	case "alto", "alta":
		return "high"
	case "crítico", "critico", "crítica", "critica":
		return "critical"
	default:
		return c
	}
}
