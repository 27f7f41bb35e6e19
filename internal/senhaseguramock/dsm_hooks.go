package senhaseguramock

import (
	"crypto/rsa"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"
)

// DSMApplication is a snapshot of one stored DSM application. Description is nil when it was
// never set; Fields are the other fields it keeps, as sent; Authorizations are the client ids
// of its authorizations, in the order they were created.
type DSMApplication struct {
	ID             string         `json:"id"`
	Name           string         `json:"name"`
	Description    *string        `json:"description"`
	Tags           []string       `json:"tags"`
	Fields         map[string]any `json:"fields"`
	Authorizations []string       `json:"authorizations"`
}

// DSMAuthorization is a snapshot of one DSM authorization, active or not: its credentials
// (ClientID, ClientSecret: the "id" and "signature" POST /iso/dapp/application answers), its
// application, system, environment and unique key, whether it encrypts values
// (Encryption) and may create applications (CanCreateApplications), its authorized resources,
// the other create-only settings it was created with (Settings), and the identities of the
// secrets linked to it.
type DSMAuthorization struct {
	ID                    string         `json:"id"`
	ClientID              string         `json:"client_id"`
	ClientSecret          string         `json:"client_secret"`
	Application           string         `json:"application"`
	System                string         `json:"system"`
	Environment           string         `json:"environment"`
	UniqueKey             string         `json:"unique_key"`
	Active                bool           `json:"active"`
	Encryption            bool           `json:"encryption"`
	CanCreateApplications bool           `json:"can_create_applications"`
	Resources             []string       `json:"authorized_resources"`
	Settings              map[string]any `json:"settings,omitempty"`
	Secrets               []string       `json:"secrets"`
}

// DSMSecret is a snapshot of one stored DSM secret, active (not expired) or not, with its data
// document decoded: Values are the key/value fields, Credentials the fields of each credential
// and AccessKeys those of each access key (its type under "type"), as they were sent. Version
// counts the changes; Renew holds the renew_* settings that are set, in minutes; PostedBy is
// the client id of the authorization that created it, Application that authorization's
// application, Authorizations the client ids of every authorization it is linked to.
type DSMSecret struct {
	ID             string              `json:"secret_id"`
	Identity       string              `json:"identity"`
	Name           string              `json:"name"`
	Description    string              `json:"description"`
	Engine         string              `json:"engine"`
	ExpirationDate string              `json:"expiration_date"`
	Version        int                 `json:"version"`
	Active         bool                `json:"active"`
	Values         map[string]string   `json:"values"`
	Credentials    []map[string]string `json:"credentials"`
	AccessKeys     []map[string]string `json:"access_keys"`
	Renew          map[string]int      `json:"renew"`
	PostedBy       string              `json:"posted_by"`
	Application    string              `json:"application"`
	Authorizations []string            `json:"authorizations"`
}

func dsmApplicationSnapshot(app *dsmApplication) DSMApplication {
	out := DSMApplication{ID: strconv.Itoa(app.id), Name: app.name, Tags: slices.Clone(app.tags), Fields: map[string]any{}, Authorizations: []string{}}
	if app.description != nil {
		d := *app.description
		out.Description = &d
	}
	for k, v := range app.fields {
		out.Fields[k] = cloneValue(v)
	}
	for _, a := range app.auths {
		out.Authorizations = append(out.Authorizations, a.clientID)
	}
	return out
}

func (s *Server) dsmAuthorizationSnapshot(a *dsmAuthorization) DSMAuthorization {
	out := DSMAuthorization{
		ID: strconv.Itoa(a.id), ClientID: a.clientID, ClientSecret: a.clientSecret, Application: a.app.name,
		System: a.system, Environment: a.environment, UniqueKey: a.uniqueKey, Active: a.active, Encryption: a.encryption,
		CanCreateApplications: a.canCreate, Resources: slices.Clone(a.resources), Secrets: []string{},
	}
	if len(a.settings) > 0 {
		out.Settings = map[string]any{}
		for k, v := range a.settings {
			out.Settings[k] = cloneValue(v)
		}
	}
	for _, sec := range s.dsm.secretsOf(a) {
		out.Secrets = append(out.Secrets, sec.identity)
	}
	return out
}

func (s *Server) dsmSecretSnapshot(sec *dsmSecret) DSMSecret {
	s.dsm.expireIfDue(sec, s.now())
	doc := sec.doc.clone()
	out := DSMSecret{
		ID: strconv.Itoa(sec.id), Identity: sec.identity, Name: sec.name, Description: sec.description, Engine: sec.engine,
		ExpirationDate: sec.expiration, Version: sec.version, Active: sec.active, Values: doc.keyValue,
		Credentials: doc.credentials, Renew: maps.Clone(sec.renew), PostedBy: sec.postedBy.clientID,
		Application: sec.postedBy.app.name, Authorizations: []string{},
	}
	if out.Values == nil {
		out.Values = map[string]string{}
	}
	for _, k := range doc.accessKeys {
		m := maps.Clone(k.fields)
		if m == nil {
			m = map[string]string{}
		}
		m["type"] = k.typ
		out.AccessKeys = append(out.AccessKeys, m)
	}
	for _, a := range s.dsm.auths {
		if a.secrets[sec.id] {
			out.Authorizations = append(out.Authorizations, a.clientID)
		}
	}
	return out
}

// DSMApplications returns every DSM application (the creator's included), by id.
func (s *Server) DSMApplications() []DSMApplication {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]DSMApplication, 0, len(s.dsm.appOrder))
	for _, app := range s.dsm.appOrder {
		out = append(out, dsmApplicationSnapshot(app))
	}
	return out
}

// DSMAuthorizations returns every DSM authorization, inactive ones and the creators included,
// by id.
func (s *Server) DSMAuthorizations() []DSMAuthorization {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]DSMAuthorization, 0, len(s.dsm.auths))
	for _, a := range s.dsm.auths {
		out = append(out, s.dsmAuthorizationSnapshot(a))
	}
	return out
}

// DSMAuthorization returns the authorization whose client id that is, active or not.
func (s *Server) DSMAuthorization(clientID string) (DSMAuthorization, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.dsm.byClient[clientID]; a != nil {
		return s.dsmAuthorizationSnapshot(a), true
	}
	return DSMAuthorization{}, false
}

// DSMSecrets returns every DSM secret, expired ones included, by id, with their values in
// clear.
func (s *Server) DSMSecrets() []DSMSecret {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]DSMSecret, 0, len(s.dsm.byID))
	for _, sec := range s.dsm.byID {
		out = append(out, s.dsmSecretSnapshot(sec))
	}
	return out
}

// DSMSecret returns the secret with that identity, expired or not.
func (s *Server) DSMSecret(identity string) (DSMSecret, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec := s.dsm.secrets[identity]; sec != nil {
		return s.dsmSecretSnapshot(sec), true
	}
	return DSMSecret{}, false
}

// AddDSMAuthorization stores an authorization directly, as the web UI makes one, and returns
// it: of the application named a.Application (created when there is none; "" is
// DefaultDSMApplication), active, with a.System, a.Environment, a.UniqueKey, a.Encryption (a
// key pair is generated), a.CanCreateApplications and a.Resources (default: every resource).
// An empty ClientID or ClientSecret is generated. ID, Active, Settings and Secrets are
// ignored. A client id some client of the mock has panics.
func (s *Server) AddDSMAuthorization(a DSMAuthorization) DSMAuthorization {
	if a.Encryption {
		// Made before taking the lock: a key pair takes a while.
		key := newDSMKey()
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.dsmAuthorizationSnapshot(s.addDSMAuthorizationKeyLocked(a, key))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dsmAuthorizationSnapshot(s.addDSMAuthorizationLocked(a))
}

// AddDSMCreator adds an authorization that may create applications ("Enable creation of DSM
// applications"), encryption off, to the application DefaultDSMApplication, with unique key
// clientID: a creator like the one every mock starts with (Options.DSM).
func (s *Server) AddDSMCreator(clientID, clientSecret string) {
	s.AddDSMAuthorization(DSMAuthorization{
		ClientID: clientID, ClientSecret: clientSecret, Application: DefaultDSMApplication, System: DefaultDSMSystem,
		Environment: DefaultDSMEnvironment, UniqueKey: clientID, CanCreateApplications: true,
	})
}

// addDSMAuthorizationLocked is AddDSMAuthorization for a caller that holds s.mu.
func (s *Server) addDSMAuthorizationLocked(a DSMAuthorization) *dsmAuthorization {
	var key *rsa.PrivateKey
	if a.Encryption {
		key = newDSMKey()
	}
	return s.addDSMAuthorizationKeyLocked(a, key)
}

func (s *Server) addDSMAuthorizationKeyLocked(a DSMAuthorization, key *rsa.PrivateKey) *dsmAuthorization {
	if _, taken := s.clients[a.ClientID]; taken && a.ClientID != "" {
		panic(fmt.Sprintf("senhaseguramock: AddDSMAuthorization: client id %q is taken", a.ClientID))
	}
	if a.Application == "" {
		a.Application = DefaultDSMApplication
	}
	if a.Resources == nil {
		a.Resources = dsmAllResources
	}
	id, secret := s.newDSMCredentials()
	if a.ClientID == "" {
		a.ClientID = id
	}
	if a.ClientSecret == "" {
		a.ClientSecret = secret
	}
	app, _ := s.dsm.application(a.Application)
	stored := &dsmAuthorization{
		app: app, clientID: a.ClientID, clientSecret: a.ClientSecret, system: a.System, environment: a.Environment,
		uniqueKey: a.UniqueKey, active: true, encryption: a.Encryption, key: key, canCreate: a.CanCreateApplications,
		resources: slices.Clone(a.Resources), settings: map[string]any{}, secrets: map[int]bool{},
	}
	s.dsm.addAuthorization(stored)
	s.addClientLocked(stored.clientID, client{secret: stored.clientSecret, family: dsmFamily{}.key()})
	return stored
}

// SetDSMAuthorizationActive activates or deactivates an authorization out of band (as DELETE
// /iso/dapp/application/authorization does, or the web UI); false when no authorization has
// that client id.
func (s *Server) SetDSMAuthorizationActive(clientID string, active bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.dsm.byClient[clientID]
	if a == nil {
		return false
	}
	s.setDSMAuthorizationActiveLocked(a, active)
	return true
}

// DSMPrivateKey is the private key of an authorization, PEM, as the web UI's "Download private
// key" gives it (PKCS#8; DSMQuirks.PKCS1Key: PKCS#1): what decrypts its encrypted values. An
// authorization without encryption gets a key pair when first asked. false when no
// authorization has that client id.
func (s *Server) DSMPrivateKey(clientID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.dsm.byClient[clientID]
	if a == nil {
		return "", false
	}
	return s.dsm.privateKeyPEM(a), true
}

// SeedDSMSecret stores a secret directly, as if the authorization with that client id had
// posted it (linked to it, in its application), and returns its id: sec's Identity (required),
// Name (default the identity), Description, Engine (default Generic, not checked),
// ExpirationDate ("YYYY-MM-DD HH:MM:SS" or ""; one that has passed expires it), Version
// (default 1), Values, Credentials, AccessKeys (the type under "type") and Renew; Active is
// ignored (it is stored active, unless its date has passed). No such
// authorization, or an identity some secret has, panics.
func (s *Server) SeedDSMSecret(clientID string, sec DSMSecret) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.dsm.byClient[clientID]
	if a == nil {
		panic(fmt.Sprintf("senhaseguramock: SeedDSMSecret: no authorization %q", clientID))
	}
	if sec.Identity == "" || s.dsm.secrets[sec.Identity] != nil {
		panic(fmt.Sprintf("senhaseguramock: SeedDSMSecret: identity %q is empty or taken", sec.Identity))
	}
	stored := &dsmSecret{identity: sec.Identity, active: true, postedBy: a}
	s.dsm.addSecret(stored)
	if sec.Version == 0 {
		sec.Version = 1
	}
	sec.Active = true
	s.setDSMSecretLocked(stored, sec)
	return strconv.Itoa(stored.id)
}

// setDSMSecretLocked stores what a snapshot holds into sec (the identity, id and links
// excepted), and expires it if its date has passed. The caller holds s.mu.
func (s *Server) setDSMSecretLocked(sec *dsmSecret, snap DSMSecret) {
	if snap.Name == "" {
		snap.Name = sec.identity
	}
	if snap.Engine == "" {
		snap.Engine = "Generic"
	}
	sec.name, sec.description, sec.engine, sec.expiration = snap.Name, snap.Description, snap.Engine, snap.ExpirationDate
	sec.version, sec.active = snap.Version, snap.Active
	doc := dsmDocument{keyValue: maps.Clone(snap.Values)}
	for _, c := range snap.Credentials {
		doc.credentials = append(doc.credentials, maps.Clone(c))
	}
	for _, k := range snap.AccessKeys {
		fields := maps.Clone(k)
		delete(fields, "type")
		doc.accessKeys = append(doc.accessKeys, dsmAccessKey{typ: k["type"], fields: fields})
	}
	sec.doc = doc
	sec.renew = maps.Clone(snap.Renew)
	if sec.renew == nil {
		sec.renew = map[string]int{}
	}
	s.dsm.expireIfDue(sec, s.now())
}

// ModifyDSMSecret changes a stored secret out of band, as a user of the web UI would. The
// function receives a copy; what it leaves in the copy is stored exactly (Version included: a
// change in the UI makes a new version, so raise it to say so; Active false inactivates it,
// true revives it), but ID, Identity, PostedBy, Application and Authorizations
// (LinkDSMSecret links). An ExpirationDate that has passed expires it. It reports whether
// the secret exists.
func (s *Server) ModifyDSMSecret(identity string, fn func(*DSMSecret)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.dsm.secrets[identity]
	if sec == nil {
		return false
	}
	snap := s.dsmSecretSnapshot(sec)
	fn(&snap)
	s.setDSMSecretLocked(sec, snap)
	return true
}

// ExpireDSMSecret makes a secret's expiration date now: it is inactivated and its data
// deleted, as at expiry (reference/dsm-api.md §3). It reports whether the secret exists.
func (s *Server) ExpireDSMSecret(identity string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.dsm.secrets[identity]
	if sec == nil {
		return false
	}
	sec.expiration = s.now().UTC().Format(dsmDateLayout)
	s.dsm.expireIfDue(sec, s.now().Add(time.Second))
	return true
}

// LinkDSMSecret links a secret to another authorization, as the authorization's Secrets tab
// does: its reads show it from then on. It reports whether both exist.
func (s *Server) LinkDSMSecret(identity, clientID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, a := s.dsm.secrets[identity], s.dsm.byClient[clientID]
	if sec == nil || a == nil {
		return false
	}
	a.secrets[sec.id] = true
	return true
}

// AddDSMEngine registers an engine, which POST /iso/sctm/secret then accepts (a fresh instance
// has Ansible, Generic, GitLab and Kubernetes).
func (s *Server) AddDSMEngine(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dsm.engines[name] = true
}

// DSMInactiveRefusals is how many DSM calls were answered 401 "Inactive authorization".
func (s *Server) DSMInactiveRefusals() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dsm.refusals
}
