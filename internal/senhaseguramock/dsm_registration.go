package senhaseguramock

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// DevOps Secret Manager's registration: what the family brings to the shared machinery
// (family.go) and what it stores in the Server. The family is written from the committed
// reference reference/dsm-api.md (cited as "reference/dsm-api.md §n"). Its routes are in
// dsm_routes.go, the handlers in dsm_secrets.go and dsm_applications.go, its request parsing
// in dsm_request.go, its store in dsm_store.go, the encryption of values in dsm_crypto.go, its
// hooks in dsm_hooks.go and dsm_admin.go.

// Default credentials of the DSM creator authorization every mock starts with (Options.DSM).
const (
	DefaultDSMClientID     = "senhasegura-mock-dsm-client"
	DefaultDSMClientSecret = "senhasegura-mock-dsm-secret"
	// DefaultDSMApplication, DefaultDSMSystem and DefaultDSMEnvironment name the creator's
	// application and its authorization.
	DefaultDSMApplication = "senhasegura-mock"
	DefaultDSMSystem      = "mock"
	DefaultDSMEnvironment = "mock"
)

// DSMOptions configure the DevOps Secret Manager family of a new mock: the creator
// authorization it starts with, and the variant of the API it serves.
type DSMOptions struct {
	// CreatorClientID and CreatorClientSecret are the credentials of the creator: an
	// authorization of the application DefaultDSMApplication (system DefaultDSMSystem,
	// environment DefaultDSMEnvironment) with "Enable creation of DSM applications" and every
	// authorized resource, encryption off (reference/dsm-api.md §2). Defaults DefaultDSMClientID and
	// DefaultDSMClientSecret. AddDSMCreator adds more.
	CreatorClientID, CreatorClientSecret string
	// CreatorEncryption makes the creator an authorization with "Enable encryption of
	// sensitive information?" (its reads return encrypted values; DSMPrivateKey has its key).
	CreatorEncryption bool
	// Quirks are the other answers to the reference's open questions (reference/dsm-api.md §9).
	Quirks DSMQuirks
}

// DSMQuirks switches each open question of reference/dsm-api.md §9 to the answer the provider does not
// assume. The zero value is what the provider assumes:
//
//   - (1) an update replaces the whole data document (MergeOnUpdate); a POST that changes
//     nothing keeps the version (VersionEveryPost); an update answers 201 (UpdateStatus200);
//     an update changes the name and the engine it sends (KeepNameEngine);
//   - (2) GET /iso/dapp/application lists the caller's secrets only (ApplicationListsAll);
//   - (3) GET /iso/sctm/secret and /{identity} exist (NoSecretRoutes), and the latter takes an
//     identity with "/", raw or %2F-encoded (NoSlashInPath);
//   - (4) POST /iso/dapp/application says "Application created: (4) name | Authorization
//     created: (6)", "updated" and "found" when they existed (ApplicationMessage); an
//     inactive authorization is not found: a new one is created (FindInactive); an omitted
//     description or tags keeps its value (OmittedFieldsClear);
//   - (5) DELETE /iso/dapp/application/authorization deactivates the caller's authorization,
//     and the tokens issued before stop working at once (TokensOutliveDeactivation);
//   - (6) a secret whose expiration_date has passed is inactivated at once, its data
//     deleted, and no longer listed nor read (ListExpired); a POST on its identity updates it
//     but leaves it inactive (ReviveExpired); expiration_date is "YYYY-MM-DD HH:MM:SS" (UTC)
//     or "" only (ISODates);
//   - (7) a read by an authorization with encryption has every key/value value encrypted
//     (EncryptOnlySensitive), and the credentials' passwords, the access keys' secret access
//     keys and private keys (usernames, hosts and access key ids stay clear), with RSA-OAEP
//     SHA-1 (OAEPSHA256); its private key downloads as PKCS#8 (PKCS1Key);
//   - (8) an omitted renew_* keeps its value (RenewOmittedDisables);
//   - (9) a bad data document, an unknown engine, a bad date or a missing field answers 400
//     with the envelope (error true) and an exception block {code, message, detail}; a caller
//     without "creation of DSM applications" 403, a secret not found 404 (error_code 4), an
//     inactive authorization 401 "Inactive authorization" (error_code 1) (ErrorsAs200: HTTP
//     200 with the same body, but the 401).
type DSMQuirks struct {
	// MergeOnUpdate makes a POST on an existing identity merge the key/value fields into the
	// stored ones (a key it does not name is kept) instead of replacing the whole document;
	// credentials and access keys are replaced when sent, kept when not (open question 1).
	MergeOnUpdate bool
	// VersionEveryPost counts every POST on an existing identity as a new version, even one
	// that changes nothing. By default the version grows only when something changes.
	VersionEveryPost bool
	// UpdateStatus200 answers an update 200 "Secret updated successfully." instead of 201.
	UpdateStatus200 bool
	// KeepNameEngine makes an update keep the stored name and engine, whatever it sends: only
	// a create sets them (open question 1). By default an update changes them.
	KeepNameEngine bool
	// ApplicationListsAll makes GET /iso/dapp/application (and the application in the answer
	// of POST /iso/sctm/secret) list the secrets of every authorization of the caller's
	// application, as dsmcli's change of endpoint suggests (reference/dsm-api.md §4.6, open question 2).
	// GET /iso/sctm/secret stays the caller's.
	ApplicationListsAll bool
	// NoSecretRoutes makes an older instance: GET /iso/sctm/secret and GET
	// /iso/sctm/secret/{identity} answer 404 with the gateway's "No route matched with those
	// values." (the calls are still counted), and clients read through GET
	// /iso/dapp/application (open question 3).
	NoSecretRoutes bool
	// NoSlashInPath makes GET /iso/sctm/secret/{identity} refuse an identity with "/", raw or
	// encoded as %2F: 404 with the gateway's "No route matched with those values." (open
	// question 3).
	NoSlashInPath bool
	// ApplicationMessage, when not empty, is the message of every answer of POST
	// /iso/dapp/application instead of the "Application created: (4) name | Authorization
	// created: (6)" wording (open question 4): a client must not depend on it.
	ApplicationMessage string
	// OmittedFieldsClear makes a POST /iso/dapp/application that omits description or tags
	// clear them on an existing application (open question 4). By default an omitted field
	// keeps its value.
	OmittedFieldsClear bool
	// FindInactive makes POST /iso/dapp/application find an inactive authorization and answer
	// its credentials ("Authorization found"), which then answer 401 "Inactive authorization".
	// By default an inactive authorization is not found and a new one is created.
	FindInactive bool
	// TokensOutliveDeactivation keeps the tokens issued before DELETE
	// /iso/dapp/application/authorization working until they expire (the delete itself
	// answers 401 "Inactive authorization" again); tokens issued after it do not work. By
	// default every token of the authorization stops at once (open question 5).
	TokensOutliveDeactivation bool
	// ListExpired keeps an expired secret in the lists and reads (inactive, its data deleted:
	// "data": []) (open question 6).
	ListExpired bool
	// ReviveExpired makes a POST on an expired identity activate the secret again with the
	// data it sends (unless its expiration_date has passed too) (open question 6).
	ReviveExpired bool
	// ISODates accepts ISO 8601 dates in expiration_date too (2030-01-02T03:04:05Z,
	// 2030-01-02T03:04:05-03:00, 2030-01-02T03:04:05, 2030-01-02), stored and answered as
	// "YYYY-MM-DD HH:MM:SS" in UTC (open question 6).
	ISODates bool
	// EncryptOnlySensitive encrypts only the credentials' passwords, the access keys' secret
	// access keys and private keys for an authorization with encryption, as the examples show;
	// key/value values come in clear (open question 7).
	EncryptOnlySensitive bool
	// OAEPSHA256 encrypts with RSA-OAEP SHA-256 instead of SHA-1 (open question 7).
	OAEPSHA256 bool
	// PKCS1Key makes the private key download PKCS#1 ("RSA PRIVATE KEY") instead of PKCS#8
	// ("PRIVATE KEY") (open question 7).
	PKCS1Key bool
	// RenewOmittedDisables makes a POST that omits renew_cloud_time,
	// renew_credential_time or renew_ephemeral_credential_time disable that renewal instead of
	// keeping its value (open question 8).
	RenewOmittedDisables bool
	// ErrorsAs200 answers the application errors of the secret and application calls with
	// HTTP 200 and the same body (response.error true, the exception block), which dsmcli's
	// check of response.error allows (open question 9); 401 "Inactive authorization" stays a
	// 401, as the reference documents it.
	ErrorsAs200 bool
}

// switches are the DSMQuirks switches by the names ParseDSMQuirks reads (ApplicationMessage,
// a string, is not one of them).
func (q *DSMQuirks) switches() map[string]*bool {
	return map[string]*bool{
		"merge-on-update": &q.MergeOnUpdate, "version-every-post": &q.VersionEveryPost,
		"update-status-200": &q.UpdateStatus200, "keep-name-engine": &q.KeepNameEngine,
		"omitted-fields-clear": &q.OmittedFieldsClear, "application-lists-all": &q.ApplicationListsAll,
		"no-secret-routes": &q.NoSecretRoutes, "no-slash-in-path": &q.NoSlashInPath,
		"find-inactive": &q.FindInactive, "tokens-outlive-deactivation": &q.TokensOutliveDeactivation,
		"list-expired": &q.ListExpired, "revive-expired": &q.ReviveExpired, "iso-dates": &q.ISODates,
		"encrypt-only-sensitive": &q.EncryptOnlySensitive, "oaep-sha256": &q.OAEPSHA256, "pkcs1-key": &q.PKCS1Key,
		"renew-omitted-disables": &q.RenewOmittedDisables, "errors-as-200": &q.ErrorsAs200,
	}
}

// DSMQuirkNames lists the names ParseDSMQuirks reads, sorted.
func DSMQuirkNames() []string {
	var q DSMQuirks
	out := make([]string, 0, 16)
	for n := range q.switches() {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ParseDSMQuirks reads a comma-separated list of DSMQuirks switches by name
// ("merge-on-update,oaep-sha256": the field names in kebab case; DSMQuirkNames lists them).
func ParseDSMQuirks(list string) (DSMQuirks, error) {
	var q DSMQuirks
	switches := q.switches()
	for _, name := range strings.Split(list, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		p, ok := switches[name]
		if !ok {
			return DSMQuirks{}, fmt.Errorf("no DSM quirk %q; the quirks are: %s", name, strings.Join(DSMQuirkNames(), ", "))
		}
		*p = true
	}
	return q, nil
}

// dsmFamilyState is what the DevOps Secret Manager family keeps in the Server.
type dsmFamilyState struct {
	dsm dsmStore // what the DSM family stores (dsm_store.go)
}

// dsmFamily is DevOps Secret Manager's seam.
type dsmFamily struct{}

func (dsmFamily) key() string  { return "dsm" }
func (dsmFamily) name() string { return "DevOps Secret Manager" }

func (dsmFamily) init(s *Server, opts Options) {
	s.dsm = newDSMStore(opts.DSM.Quirks)
	id, secret := opts.DSM.CreatorClientID, opts.DSM.CreatorClientSecret
	if id == "" {
		id = DefaultDSMClientID
	}
	if secret == "" {
		secret = DefaultDSMClientSecret
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addDSMAuthorizationLocked(DSMAuthorization{
		ClientID: id, ClientSecret: secret, Application: DefaultDSMApplication, System: DefaultDSMSystem,
		Environment: DefaultDSMEnvironment, Encryption: opts.DSM.CreatorEncryption, CanCreateApplications: true,
	})
}

func (dsmFamily) entityIDs() map[string]string { return map[string]string{"secret": "secret_id"} }

// admits: DSM serves its own authorizations only, neither MySafe access keys nor PAM Core's
// A2A authorizations (reference/dsm-api.md §2).
func (f dsmFamily) admits(_ *Server, c client) bool { return c.family == f.key() }

// clientKinds: a DSM authorization is added through POST /_mock/dsm/authorizations, which
// says which application it belongs to.
func (dsmFamily) clientKinds() []clientKind { return nil }

func (dsmFamily) adminHelp() string { return dsmAdminHelp }

func (dsmFamily) serveAdmin(s *Server, w http.ResponseWriter, r *http.Request, parts []string) bool {
	return s.serveDSMAdmin(w, r, parts)
}

func (dsmFamily) counters(s *Server) map[string]any {
	return map[string]any{"dsm_inactive_refusals": s.DSMInactiveRefusals()}
}
