package dsm

import (
	"maps"
	"slices"
	"time"
)

// Secret is what SecretsService.Put sends: the whole document of a secret (quirks D6, D8).
type Secret struct {
	// Identity is the upsert key and the name applications read the secret by (External
	// Secrets' remoteRef.key). It may contain "/" and never goes into a URL path (quirk D11).
	Identity string
	// Name is the display name; "" sends Identity (quirk D6).
	Name string
	// Description is sent as it is ("" clears it).
	Description string
	// Engine is a registered engine; "" sends DefaultEngine.
	Engine string
	// Expiration is when DSM inactivates the secret, sent as "YYYY-MM-DD HH:MM:SS" in UTC; the
	// zero time sends "" (none; quirk D12).
	Expiration time.Time
	// Values are the key/value pairs (data's key_value.fields). nil sends none.
	Values map[string]string
}

// DefaultEngine is the engine a Secret without one is sent with (DSM's own default,
// reference/dsm-api.md §4.1).
const DefaultEngine = "Generic"

// SecretListItem is a secret as the authorization's list shows it, without its values (quirk
// D9): what a list of secrets may show anyone.
type SecretListItem struct {
	// ID is secret_id, a digit string ("" when the answer has none).
	ID string
	// Identity is the secret's upsert key.
	Identity string
	// Name is secret_name.
	Name        string
	Description string
	Engine      string
	// Version is a digit string that grows on each change ("" in some answers).
	Version string
	// Expiration is expiration_date read back (quirk D12): the zero time when there is none, or
	// when the API wrote something the client cannot read (ExpirationRaw then holds it).
	Expiration time.Time
	// ExpirationRaw is expiration_date as the API wrote it.
	ExpirationRaw string
	// Keys are the names of the secret's key/value pairs: every map of its data merged (quirk
	// D9), null values left out, sorted; never nil.
	Keys []string
}

// StoredSecret is a secret with its values, as the list shows it and revealed (decrypted) for
// the caller (quirks D9, D15).
type StoredSecret struct {
	SecretListItem
	// Values are the key/value pairs: every map of Maps merged in order, the last map that
	// gives a key a value winning; null values left out. Never nil.
	Values map[string]string
	// Maps are the maps of data as they came (one per credential, access key and the
	// key/value pairs), values revealed; nil for a null value.
	Maps []map[string]*string
}

// PutResult is the answer to SecretsService.Put: the secret as the list shows it after the
// write (not as the POST's answer says, quirk D6), and how it compares with what was sent
// (quirk D7).
type PutResult struct {
	// Secret is the secret read back from the authorization's list; nil when the list does not
	// show it (Put then also returns an error matching ErrNotReadBack). With an error about its
	// values (ErrEncrypted, ...), it holds the list's attributes and no values.
	Secret *StoredSecret
	// Status is the POST's HTTP status (201 documented for a create, 200 or 201 for an update)
	// and Message its response message ("Secret created successfully."): what DSM said, for
	// logs only.
	Status  int
	Message string
	// Kept are the keys the secret still holds that the document did not send: DSM merged the
	// update into the stored pairs instead of replacing them (open question 1), or the secret
	// holds maps the document cannot name (credentials or access keys made elsewhere, which
	// merge with the pairs, quirk D9). Sorted; nil when none.
	Kept []string
	// Differs are the keys sent whose value the list does not show as sent (missing, or
	// another value). Sorted; nil when none.
	Differs []string
}

// Converged says whether the secret read back holds exactly the values sent.
func (r *PutResult) Converged() bool {
	return r != nil && r.Secret != nil && len(r.Kept) == 0 && len(r.Differs) == 0
}

// Application is what ApplicationsService.Register sends (quirk D13).
type Application struct {
	// Name is the application ("application"); System and Environment pick its authorization.
	// The three are required.
	Name, System, Environment string
	// Description is sent when not nil ("" clears it); nil leaves it out.
	Description *string
	// Tags are sent when not nil (an empty list clears them); nil leaves them out.
	Tags []string
}

// Registration is the answer to ApplicationsService.Register: the client credentials of the
// application's authorization for the system and environment (quirk D13), and what the
// message says happened, read best effort (never to be depended on).
type Registration struct {
	// ClientID ("id") and ClientSecret ("signature") are the authorization's OAuth2 client
	// credentials. ClientSecret is a secret.
	ClientID, ClientSecret string
	// Message is the response message as DSM wrote it, e.g. "Application updated: (4) postman |
	// Authorization found: (6)".
	Message string
	// ApplicationOutcome and AuthorizationOutcome are the words of the message ("created",
	// "updated", "found", in lower case), ApplicationID and AuthorizationID the numbers in
	// brackets after them; "" when the message does not say.
	ApplicationOutcome, ApplicationID     string
	AuthorizationOutcome, AuthorizationID string
}

// ApplicationInfo is the caller's application, as GET /iso/dapp/application shows it to its
// authorization (ApplicationsService.Current). System and Environment are the authorization's
// (reference/dsm-api.md §4.6).
type ApplicationInfo struct {
	Name        string
	Description string
	// Tags are the non-blank tags (an answer writes none as [""]); never nil.
	Tags                []string
	System, Environment string
	// Secrets is how many secrets the answer lists with the application.
	Secrets int
}

// merge merges maps in order, the last map that gives a key a value winning; null values left
// out (quirk D9). Never nil.
func merge(ms []map[string]*string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			if v != nil {
				out[k] = *v
			}
		}
	}
	return out
}

// sortedKeys are m's keys in order; never nil.
func sortedKeys[V any](m map[string]V) []string {
	keys := slices.AppendSeq(make([]string, 0, len(m)), maps.Keys(m))
	slices.Sort(keys)
	return keys
}
