package senhaseguramock

import (
	"net/http"
	"strings"
)

// dsmOp is one call of the DevOps Secret Manager family (reference/dsm-api.md §3).
type dsmOp int

const (
	dsmOpApplicationGet dsmOp = iota
	dsmOpApplicationPost
	dsmOpAuthorizationDelete
	dsmOpSecretPost
	dsmOpSecretList
	dsmOpSecretGet
	dsmOpCount
)

// dsmRouteNames are the counter keys of the calls (RequestCount; the /iso prefix dropped, as
// for the other families).
var dsmRouteNames = [dsmOpCount]string{
	dsmOpApplicationGet:      "GET /dapp/application",
	dsmOpApplicationPost:     "POST /dapp/application",
	dsmOpAuthorizationDelete: "DELETE /dapp/application/authorization",
	dsmOpSecretPost:          "POST /sctm/secret",
	dsmOpSecretList:          "GET /sctm/secret",
	dsmOpSecretGet:           "GET /sctm/secret/{identity}",
}

// secrets says whether the call is of the Secret Management API (/iso/sctm) rather than the
// Application API (/iso/dapp).
func (op dsmOp) secrets() bool {
	return op == dsmOpSecretPost || op == dsmOpSecretList || op == dsmOpSecretGet
}

// match finds DSM's calls, under /iso only (reference/dsm-api.md §1.1). The fixed part of the path
// matches whatever its case (dsmcli sends /iso/dapp/Application) and a trailing "/" is
// ignored; the identity of GET /iso/sctm/secret/{identity} is the rest of the path as
// decoded, "/" included.
func (dsmFamily) match(method, path string) (apiCall, bool) {
	op, identity, ok := matchDSM(method, path)
	if !ok {
		return apiCall{}, false
	}
	return apiCall{name: dsmRouteNames[op], id: identity, serve: func(s *Server, w http.ResponseWriter, r *http.Request, c caller) {
		s.dispatchDSM(w, r, op, identity, c)
	}}, true
}

func (dsmFamily) routes() []string {
	return append([]string{}, dsmRouteNames[:]...)
}

func matchDSM(method, path string) (dsmOp, string, bool) {
	const secretPrefix = "/iso/sctm/secret/"
	lower := strings.ToLower(path)
	if len(lower) > len(secretPrefix) && strings.HasPrefix(lower, secretPrefix) && strings.TrimSuffix(lower, "/") != strings.TrimSuffix(secretPrefix, "/") {
		if method != http.MethodGet {
			return 0, "", false
		}
		return dsmOpSecretGet, path[len(secretPrefix):], true
	}
	type key struct{ method, path string }
	op, ok := map[key]dsmOp{
		{http.MethodGet, "/iso/dapp/application"}:                  dsmOpApplicationGet,
		{http.MethodPost, "/iso/dapp/application"}:                 dsmOpApplicationPost,
		{http.MethodDelete, "/iso/dapp/application/authorization"}: dsmOpAuthorizationDelete,
		{http.MethodPost, "/iso/sctm/secret"}:                      dsmOpSecretPost,
		{http.MethodGet, "/iso/sctm/secret"}:                       dsmOpSecretList,
	}[key{method, strings.TrimSuffix(lower, "/")}]
	return op, "", ok
}

// DSM's application errors. The reference documents the errors of the authorization delete
// only (reference/dsm-api.md §6); the others are the mock's wording of what §1.3 and §9 expect.
const (
	dsmMsgInactive        = "Inactive authorization"
	dsmMsgSecretNotFound  = "Secret not found"
	dsmMsgBadBody         = "Malformed request body"
	dsmMsgNoIdentity      = "The identity field is required"
	dsmMsgNoData          = "The data field is required"
	dsmMsgBadData         = "The data field must be valid base64 encoded json"
	dsmMsgBadEngine       = "The engine must be a valid engine registered in senhasegura"
	dsmMsgBadDate         = "The expiration_date field must be a date in the format YYYY-MM-DD HH:MM:SS"
	dsmMsgBadRenew        = "The %s field must be a number of minutes, at least %d"
	dsmMsgNoApplication   = "The application field is required"
	dsmMsgNoSystem        = "The system field is required"
	dsmMsgNoEnvironment   = "The environment field is required"
	dsmMsgCannotCreate    = "You must have permission to create applications"
	dsmMsgDeleted         = "Authorization deleted successfully."
	dsmErrorCodeInactive  = 1 // error_code of 401 "Inactive authorization" (reference/dsm-api.md §6)
	dsmErrorCodeNotFound  = 4 // error_code of 404 "Resource sub not found" (reference/dsm-api.md §6)
	dsmErrorCodeInvalid   = 1
	dsmErrorCodeForbidden = 1
)

// dsmError writes an application error: status, with the envelope (error_code code) and the
// exception block, or HTTP 200 with that body under DSMQuirks.ErrorsAs200 (the inactive
// authorization's 401 excepted, which the reference documents). The caller holds no lock.
func (s *Server) dsmError(w http.ResponseWriter, status, code int, msg string) {
	httpStatus := status
	if s.dsmQuirks().ErrorsAs200 && status != http.StatusUnauthorized {
		httpStatus = http.StatusOK
	}
	writeJSON(w, httpStatus, s.errorBody(status, code, code, msg))
}

// dsmQuirks are the family's quirks (which never change after New).
func (s *Server) dsmQuirks() DSMQuirks { return s.dsm.quirks }

// dispatchDSM serves a DSM call as the caller's authorization (reference/dsm-api.md §2: every call acts as
// the authorization whose token it carries). An inactive authorization answers 401 "Inactive
// authorization" to everything (a token issued before the deactivation keeps working with
// DSMQuirks.TokensOutliveDeactivation, but for the delete); an authorization whose authorized
// resources do not include the call's API (Application for /iso/dapp, Secret Management for
// /iso/sctm; the delete is always allowed) gets the gateway's 404 "No route matched with those
// values.". With DSMQuirks.NoSecretRoutes, GET /iso/sctm/secret and /{identity} are not
// there.
func (s *Server) dispatchDSM(w http.ResponseWriter, r *http.Request, op dsmOp, identity string, c caller) {
	q := s.dsmQuirks()
	if q.NoSecretRoutes && (op == dsmOpSecretList || op == dsmOpSecretGet) {
		writeKong(w, http.StatusNotFound, MsgNoRoute)
		return
	}
	s.mu.Lock()
	a := s.dsm.byClient[c.clientID]
	if a == nil { // not an authorization of the family: admits lets none through
		s.mu.Unlock()
		writeKong(w, http.StatusUnauthorized, MsgNotAuthorized)
		return
	}
	outlives := q.TokensOutliveDeactivation && c.serial <= a.deactivatedAt && op != dsmOpAuthorizationDelete
	inactive := !a.active && !outlives
	if inactive {
		s.dsm.refusals++
	}
	allowed := op == dsmOpAuthorizationDelete || a.mayCall(op.secrets())
	s.mu.Unlock()
	switch {
	case inactive:
		writeJSON(w, http.StatusUnauthorized, s.errorBody(http.StatusUnauthorized, dsmErrorCodeInactive, dsmErrorCodeInactive, dsmMsgInactive))
		return
	case !allowed:
		writeKong(w, http.StatusNotFound, MsgNoRoute)
		return
	}
	switch op {
	case dsmOpApplicationGet:
		s.dsmGetApplication(w, a)
	case dsmOpApplicationPost:
		s.dsmPostApplication(w, r, a)
	case dsmOpAuthorizationDelete:
		s.dsmDeleteAuthorization(w, a)
	case dsmOpSecretPost:
		s.dsmPostSecret(w, r, a)
	case dsmOpSecretList:
		s.dsmListSecrets(w, a)
	case dsmOpSecretGet:
		s.dsmGetSecret(w, r, a, identity)
	}
}
