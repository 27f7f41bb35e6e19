// Package mysafemock is an in-memory double of a senhasegura instance for the tests and the
// demo: its OAuth2 token endpoint and its API families, each in files of its own on shared
// machinery. MySafe (passwords, API secrets, secure notes) is written from the vendor's MySafe
// API pages and honours every quirk listed in the package documentation of internal/mysafe
// (doc.go, Q1 to Q15, cited below as "quirk Qn"). PAM Core (devices and credentials under
// /iso/pam and /api/pam, and the API v2 credential read under /api/v2/pam) is written from the
// shared reference pam-api.md (cited as "pam-api.md §n"), its version variants and its open
// questions switchable through Options.PAM (PAMQuirks). It is an http.Handler, safe for
// concurrent use, with hooks for tests: inspect every stored item, change or deactivate items
// out of band, count requests, custody grants and password views, inject faults and latency,
// and tune the token lifetime.
//
// # Files
//
// The shared machinery: store.go holds the Server, its options and its state; serve.go serves
// a request (the /_mock/ hooks, the token endpoint, then the call of the API family whose
// routes match, with authentication, counting, latency and faults around it); routes.go lists
// the families and their routes; family.go is the seam an API family plugs into; envelope.go
// writes the envelope every family shares; tokens.go is the token endpoint; fault_state.go and
// faults.go hold and inject faults; records.go is a stored object, whose fields may be nested;
// calls.go records the calls; hooks.go and admin.go are the test hooks, in Go and over HTTP.
// MySafe: mysafe_routes.go (its routes), mysafe_items.go (their handlers), mysafe_kinds.go
// (what differs between its item kinds), mysafe_store.go (its records), mysafe_hooks.go (its
// test hooks). PAM Core: pam_routes.go (its routes), pam_items.go (the v1 handlers of devices
// and credentials), pam_v2.go (the API v2 credential read), pam_request.go (its parameters,
// from the query, a form or JSON), pam_store.go (its records and PAMQuirks), pam_hooks.go (its
// test hooks). mtls.go, silent.go, otherhost.go and totp.go are helpers for tests.
//
// It deliberately imports nothing from the provider or its API client, so that it tells the
// truth about the API rather than agreeing with the client's mistakes.
package mysafemock
