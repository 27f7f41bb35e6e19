package senhaseguramock

import "net/http"

// PAM Core's registration: what the family brings to the shared machinery (family.go) and
// what it stores in the Server. Its routes are in pam_routes.go, their handlers in
// pam_items.go and pam_v2.go, its hooks in pam_hooks.go and pam_admin.go.

// PAMQuirks switches on documented variants of the PAM Core API, and the other answer to the
// questions the reference leaves open (reference/pam-api.md, "Open questions"). The zero value is a
// v3-33/v4 server with the API v2 read (Segura 4.2.2+), whose device deactivation cascades to
// the device's credentials.
type PAMQuirks struct {
	// NoCascade keeps a device's credentials active when the device is deactivated. Every
	// source says they are disabled with it (reference/pam-api.md §4.4); this is for testing a client
	// that must not count on it.
	NoCascade bool
	// InactiveDeviceReadable answers GET /device/{id} of a deactivated device with 200, as if
	// it were active. By default it answers 400 "1011: Device not found" (open question 3).
	InactiveDeviceReadable bool
	// ListInactive puts deactivated devices and credentials into the v1 lists. By default
	// lists leave them out, as the web UI does (open question 4).
	ListInactive bool
	// V332Tag names the credential identifier "tag" in the create/update and GET-one answers,
	// as v3-32 does; lists keep "identifier" (reference/pam-api.md §11 item 2).
	V332Tag bool
	// NoAutoIdentifier leaves a credential created without an identifier without one (the
	// answers show null), as v3-32 does; v3-33 and later generate a UUID (reference/pam-api.md §11
	// item 3).
	NoAutoIdentifier bool
	// RotateAfterView changes the stored password to a new random value after each password
	// view (GET /credential/{id}), as a credential policy's "expiration time by view" does
	// (reference/pam-api.md §5.5). The view itself returns the password it found.
	RotateAfterView bool
	// InactiveCode1017 answers DELETE of an already inactive credential with
	// "1017: Credential inactive" (v3-32 pt page) instead of "1008: Credential inactive" (v4)
	// (reference/pam-api.md §5.7).
	InactiveCode1017 bool
	// AutomaticChangeString writes the list's automatic_change as "0"/"1" (v3-32) instead of
	// a boolean (reference/pam-api.md §5.6, §11 item 4).
	AutomaticChangeString bool
	// NoV2 makes the server older than 4.2.2: GET /api/v2/pam/credentials/{id} answers 404
	// with Kong's "No route matched with those values." (reference/pam-api.md §5.10).
	NoV2 bool
	// DeleteInactiveDeviceFails answers DELETE of an already inactive device with 400
	// "1011: Device not found", as the vendor's Ansible collection suggests (reference/pam-api.md §4.4).
	// By default it answers 200 "Device successfully deactivated" again (open question 5).
	DeleteInactiveDeviceFails bool
	// UpsertReactivates makes a POST that matches an inactive device or credential activate
	// it. By default the POST updates it and leaves it inactive, which is why a client should
	// PUT it after an "updated" answer (open question 6, reference/pam-api.md §12.1, §12.2).
	UpsertReactivates bool
	// IdentifierNoPeriod refuses "." in a credential identifier with 1053, as the error text
	// says; by default the documented pattern [a-zA-Z0-9-_.] is applied (open question 13).
	IdentifierNoPeriod bool
	// SeparateCredentials makes MySafe access keys (the default client, AddClient,
	// AddReadOnlyClient) unable to reach PAM Core: its calls answer 401 "You are not authorized
	// to access this resource." for them, and only A2A authorizations (AddPAMClient) reach it.
	// By default one client reaches both modules (open question 1).
	SeparateCredentials bool
}

// pamFamilyState is what the PAM Core family keeps in the Server.
type pamFamilyState struct {
	pam pamStore // what the PAM Core family stores (pam_store.go)
}

// pamKindReadOnly is the client.kind of a client added with AddReadOnlyClient: its PAM
// resource permission is "Read-only" (its PAM Core writes answer 1039).
const pamKindReadOnly = "read-only"

// pamFamily is PAM Core's seam.
type pamFamily struct{}

func (pamFamily) key() string  { return "pam" }
func (pamFamily) name() string { return "PAM Core" }

func (pamFamily) init(s *Server, opts Options) {
	s.pam = newPAMStore(opts.User, opts.PAM)
}

func (pamFamily) entityIDs() map[string]string {
	return map[string]string{"device": "id", "credential": "id"}
}

// admits: by default PAM Core serves access keys and its own A2A authorizations (AddPAMClient);
// with PAMQuirks.SeparateCredentials its A2A authorizations only (open question 1).
func (f pamFamily) admits(s *Server, c client) bool {
	if s.pam.quirks.SeparateCredentials {
		return c.family == f.key()
	}
	return c.family == "" || c.family == f.key()
}

func (pamFamily) clientKinds() []clientKind {
	return []clientKind{
		{name: pamKindReadOnly, about: "PAM Core read-only", add: (*Server).AddReadOnlyClient},
		{name: "pam", about: "A2A, PAM Core only", add: (*Server).AddPAMClient},
	}
}

func (pamFamily) adminHelp() string { return pamAdminHelp }

func (pamFamily) serveAdmin(s *Server, w http.ResponseWriter, r *http.Request, parts []string) bool {
	return s.servePAMAdmin(w, r, parts)
}

func (pamFamily) counters(s *Server) map[string]any {
	return map[string]any{"custody_grants": s.CustodyGrants(), "custody_releases": s.CustodyReleases(), "password_views": s.PasswordViews()}
}
