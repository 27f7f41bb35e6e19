// Package senhaseguramock is an in-memory double of a senhasegura instance for the tests and the
// demo: its OAuth2 token endpoint and its API families, each in files of its own on shared
// machinery. MySafe (passwords, API secrets, secure notes) is written from the vendor's MySafe
// API pages and honours every quirk listed in the package documentation of internal/mysafe
// (doc.go, Q1 to Q15, cited below as "quirk Qn"). PAM Core (devices and credentials under
// /iso/pam and /api/pam, and the API v2 credential read under /api/v2/pam) is written from the
// committed reference reference/pam-api.md (cited as "reference/pam-api.md §n"), its version variants and
// its open questions switchable through Options.PAM (PAMQuirks). DevOps Secret Manager
// (applications, their authorizations and secrets under /iso/dapp and /iso/sctm) is written
// from reference/dsm-api.md (cited as "reference/dsm-api.md §n"): every call acts as the DSM
// authorization whose token it carries, a creator authorization is there from the start
// (Options.DSM, AddDSMCreator), values are encrypted for an authorization with encryption, and
// every open question of the reference is a DSMQuirks switch whose zero value is what the
// provider assumes. It is an http.Handler, safe for concurrent use, with hooks for tests:
// inspect every stored item, change or deactivate items out of band, count requests, custody
// grants and password views, inject faults and latency, and tune the token lifetime.
//
// # A hostile server
//
// A Fault (fault_state.go documents which of its fields wins) makes the mock answer as a
// misbehaving senhasegura, or a gateway or proxy in front of it, does: an HTTP status with a
// Retry-After (seconds or a date), a connection reset, a redirect, an HTML maintenance page
// with a <title> and any status, a truncated or thinned answer, an answer held back (Delay), an
// application error that echoes the request (Echo: the token endpoint's form body,
// client_secret included) or carries any text (Message: ANSI escapes, control characters), a
// 200 whose body never ends within BodyBytes bytes (streamed), and a real answer whose
// entity's identifier is rewritten ("3", "-1", "2.0", " 3", "") or dropped (ID, BlankID,
// DropID). Any fault may follow the real processing of the call (AfterHandling). Faults are
// queued for the next calls (FailNext, per route FailNextOn, the token endpoint FailNextToken),
// standing until ClearFaults (FailAlways, FailAlwaysOn, FailTokensAlways: a 503 storm), or
// drawn at random (SetFaultRate). AddListOnlyClient is an access key whose user sees the
// items in lists but may not open them (1006). Quirks.FilterIgnored and
// Quirks.FilterSubstring are the other answers to how the list filters match (exact by
// default); Quirks.StrictShares refuses shares with users and groups the mock does not know
// (AddUser, AddGroup, AddGroupMember, and every client's user).
//
// # A real-sized vault
//
// The mock holds 100,000 PAM Core credentials and 10,000 MySafe items of each kind and
// answers a list of them in well under a second (BenchmarkList in bench_test.go): nothing a
// request does scans the store but a list, which walks the identifiers in order without
// sorting them; what calls look items up by (an API secret's identifier_code, a device's
// hostname, a credential's identifier, device and username, a device's credentials) is
// indexed, the indexes kept in step by every change (mysafe_store.go, pam_store.go); lists
// encode their items straight into a reused buffer (envelope.go). A POST costs the same
// whatever the store holds (BenchmarkCreateAtSize), so seeding through the API is linear, and
// SeedMany, SeedPAMDevices and SeedPAMCredentials seed in bulk from Go.
//
// # Over HTTP
//
// The hooks are also served over HTTP under /_mock/ (AdminHelp lists them, and
// internal/cmd/senhasegura-mock -h prints them): the stored items, out-of-band changes, counters,
// faults of every kind (for one route, the token endpoint, every call), latency, the token
// lifetime, known users and groups, more clients, and DSM's applications, authorizations
// (their private keys) and secrets. `make mock` runs the mock on its own
// (ADDR fixes its address, MOCK_FLAGS passes the command's flags: faults on every call,
// latency, strict sharing).
//
// # Files
//
// The shared machinery names no family: it reaches each through the family seam (family.go),
// which each family registers from its own <family>_registration.go: its routes, the entities
// whose identifier a fault rewrites, its token scope (which clients may call it), the kinds of
// client POST /_mock/clients adds, its hooks under /_mock/ and its lines of AdminHelp, its
// counters, and the state it keeps in the Server (embedded there). routes.go lists the
// families by those registrations. store.go holds the Server, its options and its shared state
// (clients, tokens, the instance's known users, counters); serve.go serves a request (the
// /_mock/ hooks, the token endpoint, then the call of the API family whose routes match, with
// authentication, counting, latency and faults around it); envelope.go writes the envelope
// every family shares, and encodes JSON without reflection; tokens.go is the token endpoint
// and the token scope check; fault_state.go (Fault, and the faults queued and standing) and
// faults.go (how they are injected and answered) hold and inject faults; records.go is a
// stored object, whose fields may be nested; calls.go records the calls; hooks.go and admin.go
// (AdminHelp) are the shared test hooks, in Go and over HTTP. walls_test.go checks the walls:
// a family's files name nothing another family's files declare, and a shared file names a
// family's identifiers only where its registration file declares them.
//
// MySafe: mysafe_registration.go (its seam, Quirks), mysafe_routes.go (its routes),
// mysafe_items.go (their handlers and list filters), mysafe_kinds.go (what differs between its
// item kinds), mysafe_store.go (its records and their index), mysafe_hooks.go (its test hooks,
// bulk seeding included), mysafe_admin.go (its hooks under /_mock/).
// PAM Core: pam_registration.go (its seam, PAMQuirks), pam_routes.go (its routes), pam_items.go
// (the v1 handlers of devices and credentials), pam_v2.go (the API v2 credential read),
// pam_request.go (its parameters, from the query, a form or JSON), pam_store.go (its records
// and their indexes), pam_hooks.go (its test hooks, bulk seeding included), pam_admin.go (its
// hooks under /_mock/).
// DevOps Secret Manager: dsm_registration.go (its seam, DSMOptions, DSMQuirks), dsm_routes.go
// (its routes, errors and the authorization checks), dsm_secrets.go (the secret calls and the
// secret item), dsm_applications.go (the application calls and the authorization delete),
// dsm_request.go (its parameters from JSON or a form, the data document, dates), dsm_store.go
// (its records, expiry and visibility), dsm_crypto.go (encrypted values and key pairs),
// dsm_hooks.go (its test hooks), dsm_admin.go (its hooks under /_mock/).
// mtls.go, silent.go, otherhost.go and totp.go are helpers for tests.
//
// It deliberately imports nothing from the provider or its API client, so that it tells the
// truth about the API rather than agreeing with the client's mistakes.
package senhaseguramock
