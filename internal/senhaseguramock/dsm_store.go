package senhaseguramock

import (
	"crypto/rsa"
	"maps"
	"slices"
	"strings"
	"time"
)

// dsmApplication is a stored DSM application (reference/dsm-api.md §5): its name (unique, what POST
// /iso/dapp/application finds it by), the fields the application keeps, and its
// authorizations in the order they were created.
type dsmApplication struct {
	id          int
	name        string
	description *string // nil: never set (the answers write null)
	tags        []string
	// fields are the other application fields as sent (authentication_method,
	// line_of_business, application_type, aws_arns, cloud_profiles, credential_profiles).
	fields map[string]any
	auths  []*dsmAuthorization
}

// dsmAuthorization is a stored authorization of an application (reference/dsm-api.md §2, §5): a client of
// the mock (client id and secret), found by system and environment or by unique_key, with its
// create-only settings, its key pair and the secrets linked to it (its Secrets tab).
type dsmAuthorization struct {
	id                     int
	app                    *dsmApplication
	clientID, clientSecret string
	system, environment    string
	uniqueKey              string
	active                 bool
	// deactivatedAt is how many tokens the mock had issued when the authorization was
	// deactivated: the tokens issued before (serial ≤ deactivatedAt) may outlive it
	// (DSMQuirks.TokensOutliveDeactivation).
	deactivatedAt int
	encryption    bool
	canCreate     bool     // "Enable creation of DSM applications"
	resources     []string // authorized resources: Application, CI/CD, Secret Management
	// settings are the other create-only settings as sent (expiration_date, allowed_ips,
	// allowed_http_referers, certificate_fingerprint).
	settings map[string]any
	key      *rsa.PrivateKey // generated with encryption, or when first downloaded
	secrets  map[int]bool    // ids of the linked secrets
}

// mayCall says whether the authorization's resources grant a call of the Application
// (/iso/dapp) or Secret Management (/iso/sctm) API (our reading, reference/dsm-api.md §2).
func (a *dsmAuthorization) mayCall(secrets bool) bool {
	for _, r := range a.resources {
		r = strings.ToLower(r)
		if secrets && strings.Contains(r, "secret") || !secrets && r == "application" {
			return true
		}
	}
	return false
}

// dsmAllResources are the authorized resources of an authorization created without any.
var dsmAllResources = []string{"Application", "CI/CD", "Secret Management"}

// dsmSecret is a stored secret (reference/dsm-api.md §4): identity is the upsert key; version grows with
// each change; postedBy is the authorization that created it (its application is the
// secret's); expiration is "YYYY-MM-DD HH:MM:SS" in UTC or "".
type dsmSecret struct {
	id          int
	identity    string
	name        string
	description string
	engine      string
	expiration  string
	version     int
	active      bool
	doc         dsmDocument
	renew       map[string]int // renew_* minutes; a missing key is disabled
	postedBy    *dsmAuthorization
}

// dsmDocument is the data document of a secret (reference/dsm-api.md §4.2), decoded.
type dsmDocument struct {
	keyValue    map[string]string
	credentials []map[string]string // the fields of each credential (user, user_label, host, ...)
	accessKeys  []dsmAccessKey
}

// dsmAccessKey is one access key of a data document: its type ("aws") and fields.
type dsmAccessKey struct {
	typ    string
	fields map[string]string
}

func (d dsmDocument) clone() dsmDocument {
	out := dsmDocument{keyValue: maps.Clone(d.keyValue)}
	for _, c := range d.credentials {
		out.credentials = append(out.credentials, maps.Clone(c))
	}
	for _, k := range d.accessKeys {
		out.accessKeys = append(out.accessKeys, dsmAccessKey{typ: k.typ, fields: maps.Clone(k.fields)})
	}
	return out
}

func (d dsmDocument) equal(o dsmDocument) bool {
	return maps.Equal(d.keyValue, o.keyValue) &&
		slices.EqualFunc(d.credentials, o.credentials, func(a, b map[string]string) bool { return maps.Equal(a, b) }) &&
		slices.EqualFunc(d.accessKeys, o.accessKeys, func(a, b dsmAccessKey) bool { return a.typ == b.typ && maps.Equal(a.fields, b.fields) })
}

// dsmStore is what the DSM family stores: applications by name, authorizations by id and by
// client id, secrets by identity (unique on the instance), the registered engines, and how
// many calls were refused as "Inactive authorization". Nothing is ever removed: an
// authorization is deactivated, a secret expires.
type dsmStore struct {
	quirks   DSMQuirks
	apps     map[string]*dsmApplication
	appOrder []*dsmApplication
	auths    []*dsmAuthorization // by id: auths[id-1]
	byClient map[string]*dsmAuthorization
	secrets  map[string]*dsmSecret
	byID     []*dsmSecret // by id: byID[id-1]
	engines  map[string]bool
	refusals int
}

// dsmEngines are the engines of a fresh instance (the UI's filter, reference/dsm-api.md §4.1).
var dsmEngines = []string{"Ansible", "Generic", "GitLab", "Kubernetes"}

func newDSMStore(quirks DSMQuirks) dsmStore {
	d := dsmStore{
		quirks: quirks, apps: map[string]*dsmApplication{}, byClient: map[string]*dsmAuthorization{},
		secrets: map[string]*dsmSecret{}, engines: map[string]bool{},
	}
	for _, e := range dsmEngines {
		d.engines[e] = true
	}
	return d
}

// application is the application named name, created when there is none.
func (d *dsmStore) application(name string) (app *dsmApplication, created bool) {
	if app = d.apps[name]; app != nil {
		return app, false
	}
	app = &dsmApplication{id: len(d.appOrder) + 1, name: name, tags: []string{}, fields: map[string]any{}}
	d.apps[name] = app
	d.appOrder = append(d.appOrder, app)
	return app, true
}

// findAuthorization is the application's authorization with that unique key or, when
// uniqueKey is empty, that system and environment: the first active one, or (with
// inactive) the first inactive one when none is active; nil when none.
func (d *dsmStore) findAuthorization(app *dsmApplication, system, environment, uniqueKey string, inactive bool) *dsmAuthorization {
	var fallback *dsmAuthorization
	for _, a := range app.auths {
		if uniqueKey != "" && a.uniqueKey != uniqueKey || uniqueKey == "" && (a.system != system || a.environment != environment) {
			continue
		}
		if a.active {
			return a
		}
		if inactive && fallback == nil {
			fallback = a
		}
	}
	return fallback
}

// addAuthorization stores a new authorization of app.
func (d *dsmStore) addAuthorization(a *dsmAuthorization) {
	a.id = len(d.auths) + 1
	a.app.auths = append(a.app.auths, a)
	d.auths = append(d.auths, a)
	d.byClient[a.clientID] = a
}

// addSecret stores a new secret, linked to the authorization that posted it.
func (d *dsmStore) addSecret(sec *dsmSecret) {
	sec.id = len(d.byID) + 1
	d.byID = append(d.byID, sec)
	d.secrets[sec.identity] = sec
	sec.postedBy.secrets[sec.id] = true
}

// dsmDateLayout is the layout of expiration_date (reference/dsm-api.md §4.1).
const dsmDateLayout = "2006-01-02 15:04:05"

// expireIfDue inactivates sec when its expiration date has passed, deleting its data, as
// the server does at expiry (reference/dsm-api.md §3, §4.7); it reports whether sec is active.
func (d *dsmStore) expireIfDue(sec *dsmSecret, now time.Time) bool {
	if !sec.active || sec.expiration == "" {
		return sec.active
	}
	t, err := time.ParseInLocation(dsmDateLayout, sec.expiration, time.UTC)
	if err == nil && !now.Before(t) {
		sec.active = false
		sec.doc = dsmDocument{}
	}
	return sec.active
}

// visible says whether a read shows sec: an active secret, or an expired one with
// DSMQuirks.ListExpired.
func (d *dsmStore) visible(sec *dsmSecret, now time.Time) bool {
	return d.expireIfDue(sec, now) || d.quirks.ListExpired
}

// secretsOf are the secrets linked to the authorizations, by id, each once.
func (d *dsmStore) secretsOf(auths ...*dsmAuthorization) []*dsmSecret {
	ids := map[int]bool{}
	for _, a := range auths {
		for id := range a.secrets {
			ids[id] = true
		}
	}
	sorted := slices.Sorted(maps.Keys(ids))
	out := make([]*dsmSecret, 0, len(sorted))
	for _, id := range sorted {
		out = append(out, d.byID[id-1])
	}
	return out
}

// readableBy is what a.reads shows: the secrets linked to a, visible now.
func (d *dsmStore) readableBy(a *dsmAuthorization, now time.Time) []*dsmSecret {
	var out []*dsmSecret
	for _, sec := range d.secretsOf(a) {
		if d.visible(sec, now) {
			out = append(out, sec)
		}
	}
	return out
}

// applicationSecrets is what the application entity lists for a: a's secrets, or with
// DSMQuirks.ApplicationListsAll those of every authorization of its application.
func (d *dsmStore) applicationSecrets(a *dsmAuthorization, now time.Time) []*dsmSecret {
	auths := []*dsmAuthorization{a}
	if d.quirks.ApplicationListsAll {
		auths = a.app.auths
	}
	var out []*dsmSecret
	for _, sec := range d.secretsOf(auths...) {
		if d.visible(sec, now) {
			out = append(out, sec)
		}
	}
	return out
}
