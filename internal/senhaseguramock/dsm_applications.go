package senhaseguramock

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The Application calls (reference/dsm-api.md §5, §6, §4.6): register an application and find or mint
// an authorization, deactivate the caller's authorization, read the caller's application.

// dsmApplicationFields are the fields of POST /iso/dapp/application the application keeps
// besides description and tags; authentication_method is taken on creation only.
var dsmApplicationFields = []string{"line_of_business", "application_type", "aws_arns", "cloud_profiles", "credential_profiles"}

// dsmAuthorizationSettings are the create-only settings of an authorization the mock keeps as
// sent (besides authorized_resources and encryption_enabled, which it acts on).
var dsmAuthorizationSettings = []string{"expiration_date", "allowed_ips", "allowed_http_referers", "certificate_fingerprint"}

// dsmApplicationEntity is the caller's application as GET /iso/dapp/application and POST
// /iso/sctm/secret write it (reference/dsm-api.md §4.6): name, description (null when never set), tags,
// the caller's system and environment, and the secrets it lists (the caller's, or with
// DSMQuirks.ApplicationListsAll every authorization's of the application). The caller holds
// s.mu.
func (s *Server) dsmApplicationEntity(a *dsmAuthorization, now time.Time) orderedObject {
	var desc any
	if a.app.description != nil {
		desc = *a.app.description
	}
	items := []orderedObject{}
	for _, sec := range s.dsm.applicationSecrets(a, now) {
		items = append(items, s.dsmSecretItem(sec, a))
	}
	return orderedObject{
		{"name", a.app.name}, {"description", desc}, {"tags", append([]string{}, a.app.tags...)},
		{"system", a.system}, {"environment", a.environment}, {"secrets", items},
	}
}

// dsmGetApplication is GET /iso/dapp/application (reference/dsm-api.md §4.6): 200 "Application N" with
// the caller's application.
func (s *Server) dsmGetApplication(w http.ResponseWriter, a *dsmAuthorization) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writeOK(w, http.StatusOK, "Application "+strconv.Itoa(a.app.id), "application", s.dsmApplicationEntity(a, s.now()))
}

// dsmPostApplication is POST /iso/dapp/application (reference/dsm-api.md §5): a caller without "Enable
// creation of DSM applications" answers 403 "You must have permission to create applications"
// (the shape is not documented: open question 4). Otherwise it creates the application named
// application, or updates the description, tags and other fields it was sent (an omitted one
// keeps its value; DSMQuirks.OmittedFieldsClear clears an omitted description and tags); then
// finds its active authorization with unique_key or, without one, with system and environment
// (DSMQuirks.FindInactive: an inactive one too), or creates it with the create-only settings
// (authorized_resources, every resource by default; encryption_enabled, with a new key pair).
// The answer is 200 with the authorization's client id and secret, top level "id" and
// "signature", and the message "Application created: (4) name | Authorization created: (6)"
// ("updated", "found" when they existed; DSMQuirks.ApplicationMessage replaces it).
func (s *Server) dsmPostApplication(w http.ResponseWriter, r *http.Request, caller *dsmAuthorization) {
	p, ok := parseDSMParams(r)
	if !ok {
		s.dsmError(w, http.StatusBadRequest, dsmErrorCodeInvalid, dsmMsgBadBody)
		return
	}
	s.mu.Lock()
	canCreate := caller.canCreate
	s.mu.Unlock()
	name, system, environment, uniqueKey := p.str("application"), p.str("system"), p.str("environment"), p.str("unique_key")
	var msg string
	switch {
	case !canCreate:
		s.dsmError(w, http.StatusForbidden, dsmErrorCodeForbidden, dsmMsgCannotCreate)
		return
	case strings.TrimSpace(name) == "":
		msg = dsmMsgNoApplication
	case uniqueKey == "" && strings.TrimSpace(system) == "":
		msg = dsmMsgNoSystem
	case uniqueKey == "" && strings.TrimSpace(environment) == "":
		msg = dsmMsgNoEnvironment
	}
	if msg != "" {
		s.dsmError(w, http.StatusBadRequest, dsmErrorCodeInvalid, msg)
		return
	}
	// A key pair takes a while to make: not while holding the lock.
	var key *rsa.PrivateKey
	if p.truthy("encryption_enabled") {
		key = newDSMKey()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	app, appCreated := s.dsm.application(name)
	if appCreated && p.has("authentication_method") {
		app.fields["authentication_method"] = p["authentication_method"]
	}
	if p.has("description") {
		d := p.str("description")
		app.description = &d
	} else if !appCreated && s.dsm.quirks.OmittedFieldsClear {
		app.description = nil
	}
	if p.has("tags") {
		app.tags = p.list("tags")
	} else if !appCreated && s.dsm.quirks.OmittedFieldsClear {
		app.tags = nil
	}
	for _, f := range dsmApplicationFields {
		if p.has(f) {
			app.fields[f] = cloneValue(p[f])
		}
	}
	a := s.dsm.findAuthorization(app, system, environment, uniqueKey, s.dsm.quirks.FindInactive)
	authCreated := a == nil
	if authCreated {
		resources := dsmAllResources
		if p.has("authorized_resources") {
			resources = p.list("authorized_resources")
		}
		a = &dsmAuthorization{
			app: app, system: system, environment: environment, uniqueKey: uniqueKey, active: true,
			encryption: key != nil, key: key, resources: slices.Clone(resources), settings: map[string]any{}, secrets: map[int]bool{},
		}
		for _, f := range dsmAuthorizationSettings {
			if p.has(f) {
				a.settings[f] = cloneValue(p[f])
			}
		}
		a.clientID, a.clientSecret = s.newDSMCredentials()
		s.dsm.addAuthorization(a)
		s.addClientLocked(a.clientID, client{secret: a.clientSecret, family: dsmFamily{}.key()})
	}
	msg = s.dsm.quirks.ApplicationMessage
	if msg == "" {
		msg = fmt.Sprintf("Application %s: (%d) %s | Authorization %s: (%d)",
			map[bool]string{true: "created", false: "updated"}[appCreated], app.id, app.name,
			map[bool]string{true: "created", false: "found"}[authCreated], a.id)
	}
	o := append(s.envelope(http.StatusOK, msg, false), kv{"id", a.clientID}, kv{"signature", a.clientSecret})
	writeJSON(w, http.StatusOK, o)
}

// newDSMCredentials are a fresh client id and secret, the client id unused. The caller holds
// s.mu.
func (s *Server) newDSMCredentials() (id, secret string) {
	for {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		if id = hex.EncodeToString(b); s.clients[id].secret == "" {
			break
		}
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return id, hex.EncodeToString(b)
}

// dsmDeleteAuthorization is DELETE /iso/dapp/application/authorization (reference/dsm-api.md §6): it
// deactivates the caller's own authorization (the request names no other: open question 5)
// and answers 200 "Authorization deleted successfully."; from then on its calls answer 401
// "Inactive authorization" (DSMQuirks.TokensOutliveDeactivation: but those of the tokens
// issued before). The application and the secrets stay.
func (s *Server) dsmDeleteAuthorization(w http.ResponseWriter, a *dsmAuthorization) {
	s.mu.Lock()
	s.setDSMAuthorizationActiveLocked(a, false)
	s.mu.Unlock()
	s.writeOK(w, http.StatusOK, dsmMsgDeleted, "", nil)
}

// setDSMAuthorizationActiveLocked activates or deactivates a; a deactivation notes how many
// tokens were issued before it. The caller holds s.mu.
func (s *Server) setDSMAuthorizationActiveLocked(a *dsmAuthorization, active bool) {
	if a.active && !active {
		a.deactivatedAt = len(s.issued)
	}
	a.active = active
}
