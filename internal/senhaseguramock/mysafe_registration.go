package senhaseguramock

import "net/http"

// MySafe's registration: what the family brings to the shared machinery (family.go) and what
// it stores in the Server. Its routes are in mysafe_routes.go, their handlers in
// mysafe_items.go, its hooks in mysafe_hooks.go and mysafe_admin.go.

// Quirks switches on documented variants of the API that a given MySafe version shows.
// The zero value is the current (v3-33/v4) behaviour.
type Quirks struct {
	// OmitCode leaves out the top-level "code" key (v3-32 deactivate responses, some 400s).
	// It shapes the envelope every family shares.
	OmitCode bool
	// CapitalMessage spells "Message" instead of "mensagem" (v3-33 EN examples). It shapes
	// the envelope every family shares.
	CapitalMessage bool
	// UpdateStatus201 answers API-secret updates with 201 "Api secret successfully registered" (v3-33).
	UpdateStatus201 bool
	// InactiveAs1005 answers GET of an inactive item with 1005 instead of 1009 (old /iso doc).
	InactiveAs1005 bool
	// StrictShares puts unknown users and groups into shared_error instead of storing them.
	// The known users are those of the clients (New, AddClient and the others) and AddUser's;
	// the known groups are AddGroup's and AddGroupMember's.
	StrictShares bool
	// FilterIgnored makes the list endpoints ignore their filters (name, username, url,
	// identifier_code, tag) and list every item the user sees: a server whose filters do not
	// work (open question 11 of reference/mysafe-api.md). It wins over FilterSubstring.
	FilterIgnored bool
	// FilterSubstring makes the list filters match a case-insensitive substring of the field
	// (of one of the tags for "tag") instead of the whole value. By default name, username,
	// url and identifier_code match exactly and tag matches one whole tag, ignoring case.
	FilterSubstring bool
}

// mysafeFamilyState is what the MySafe family keeps in the Server.
type mysafeFamilyState struct {
	quirks Quirks
	// mysafe is what the MySafe family stores (mysafe_store.go).
	mysafe mysafeStore
}

// mysafeKindListOnly is the client.kind of an access key added with AddListOnlyClient: its
// user sees the items in MySafe lists but may not open them (GET one answers 1006).
const mysafeKindListOnly = "list-only"

// mysafeFamily is MySafe's seam.
type mysafeFamily struct{}

func (mysafeFamily) key() string  { return "mysafe" }
func (mysafeFamily) name() string { return "MySafe" }

func (mysafeFamily) init(s *Server, opts Options) {
	s.quirks = opts.Quirks
	s.style = envelopeStyle{omitCode: opts.Quirks.OmitCode, capitalMessage: opts.Quirks.CapitalMessage}
	s.mysafe = newMySafeStore(opts.User)
}

func (mysafeFamily) entityIDs() map[string]string {
	return map[string]string{
		"password_entity": "identifier", "api_entity": "identifier", "api_secret_entity": "identifier", "note_entity": "identifier",
	}
}

// admits: MySafe serves access keys, not the authorizations of another family (an A2A
// authorization added with AddPAMClient, a DSM authorization).
func (f mysafeFamily) admits(_ *Server, c client) bool {
	return c.family == "" || c.family == f.key()
}

func (mysafeFamily) clientKinds() []clientKind {
	return []clientKind{{name: mysafeKindListOnly, about: "MySafe lists only", add: (*Server).AddListOnlyClient}}
}

func (mysafeFamily) adminHelp() string { return mysafeAdminHelp }

func (mysafeFamily) serveAdmin(s *Server, w http.ResponseWriter, r *http.Request, parts []string) bool {
	return s.serveMySafeAdmin(w, r, parts)
}

func (mysafeFamily) counters(*Server) map[string]any { return nil }
