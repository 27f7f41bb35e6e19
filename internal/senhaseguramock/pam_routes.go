package senhaseguramock

import (
	"net/http"
	"strings"
)

// pamOp is one call of the PAM Core family (reference/pam-api.md §3).
type pamOp int

const (
	pamOpDeviceList pamOp = iota
	pamOpDeviceGet
	pamOpDeviceUpsert
	pamOpDeviceDeactivate
	pamOpDeviceActivate
	pamOpCredentialList
	pamOpCredentialGet
	pamOpCredentialUpsert
	pamOpCredentialDeactivate
	pamOpCredentialActivate
	pamOpCustodyRelease
	pamOpV2CredentialGet
	pamOpCount
)

// pamRouteNames are the counter keys of the calls (RequestCount; the /iso or /api prefix
// dropped).
var pamRouteNames = [pamOpCount]string{
	pamOpDeviceList:           "GET /pam/device",
	pamOpDeviceGet:            "GET /pam/device/{id}",
	pamOpDeviceUpsert:         "POST /pam/device",
	pamOpDeviceDeactivate:     "DELETE /pam/device/{id}",
	pamOpDeviceActivate:       "PUT /pam/device/{id}",
	pamOpCredentialList:       "GET /pam/credential",
	pamOpCredentialGet:        "GET /pam/credential/{id}",
	pamOpCredentialUpsert:     "POST /pam/credential",
	pamOpCredentialDeactivate: "DELETE /pam/credential/{id}",
	pamOpCredentialActivate:   "PUT /pam/credential/{id}",
	pamOpCustodyRelease:       "DELETE /pam/credential/custody/{id}",
	pamOpV2CredentialGet:      "GET /v2/pam/credentials/{id}",
}

// write says whether the call changes something: a read-only authorization may not make it
// (1039, reference/pam-api.md §2).
func (op pamOp) write() bool {
	switch op {
	case pamOpDeviceUpsert, pamOpDeviceDeactivate, pamOpDeviceActivate,
		pamOpCredentialUpsert, pamOpCredentialDeactivate, pamOpCredentialActivate, pamOpCustodyRelease:
		return true
	}
	return false
}

// match finds PAM Core's calls: the v1 routes under /iso/pam and /api/pam, which are aliases
// (reference/pam-api.md §1.1), and the API v2 read under /api/v2/pam only (§5.10).
func (pamFamily) match(method, path string) (apiCall, bool) {
	op, id, ok := matchPAM(method, path)
	if !ok {
		return apiCall{}, false
	}
	return apiCall{name: pamRouteNames[op], id: id, serve: func(s *Server, w http.ResponseWriter, r *http.Request, c caller) {
		s.dispatchPAM(w, r, op, id, c.user(), c.client.kind == pamKindReadOnly)
	}}, true
}

func (pamFamily) routes() []string {
	return append([]string{}, pamRouteNames[:]...)
}

// matchPAM finds the call of method and path; a trailing "/" is ignored (the Postman export
// lists GET /iso/pam/credential/ beside GET /iso/pam/credential, reference/pam-api.md §3).
func matchPAM(method, path string) (pamOp, string, bool) {
	if rest, ok := strings.CutPrefix(path, "/api/v2/pam/credentials/"); ok {
		id := strings.TrimSuffix(rest, "/")
		if method == http.MethodGet && id != "" && !strings.Contains(id, "/") {
			return pamOpV2CredentialGet, id, true
		}
		return 0, "", false
	}
	rest, ok := strings.CutPrefix(path, "/iso/pam/")
	if !ok {
		if rest, ok = strings.CutPrefix(path, "/api/pam/"); !ok {
			return 0, "", false
		}
	}
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	for _, p := range parts[1:] {
		if p == "" {
			return 0, "", false
		}
	}
	type key struct {
		resource, method string
		n                int
	}
	ops := map[key]pamOp{
		{"device", http.MethodGet, 1}:        pamOpDeviceList,
		{"device", http.MethodPost, 1}:       pamOpDeviceUpsert,
		{"device", http.MethodGet, 2}:        pamOpDeviceGet,
		{"device", http.MethodDelete, 2}:     pamOpDeviceDeactivate,
		{"device", http.MethodPut, 2}:        pamOpDeviceActivate,
		{"credential", http.MethodGet, 1}:    pamOpCredentialList,
		{"credential", http.MethodPost, 1}:   pamOpCredentialUpsert,
		{"credential", http.MethodGet, 2}:    pamOpCredentialGet,
		{"credential", http.MethodDelete, 2}: pamOpCredentialDeactivate,
		{"credential", http.MethodPut, 2}:    pamOpCredentialActivate,
	}
	if len(parts) == 3 && parts[0] == "credential" && parts[1] == "custody" && method == http.MethodDelete {
		return pamOpCustodyRelease, parts[2], true
	}
	op, ok := ops[key{parts[0], method, len(parts)}]
	if !ok {
		return 0, "", false
	}
	id := ""
	if len(parts) == 2 {
		id = parts[1]
	}
	return op, id, true
}

// dispatchPAM serves a PAM Core call as user. A write by a read-only authorization
// (AddReadOnlyClient) is refused before anything else is looked at.
func (s *Server) dispatchPAM(w http.ResponseWriter, r *http.Request, op pamOp, id, user string, readOnly bool) {
	if op.write() && readOnly {
		s.writeAppError(w, pamMsgReadOnly)
		return
	}
	switch op {
	case pamOpDeviceList:
		s.pamListDevices(w)
	case pamOpDeviceGet:
		s.pamGetDevice(w, id)
	case pamOpDeviceUpsert:
		s.pamUpsertDevice(w, r, user)
	case pamOpDeviceDeactivate:
		s.pamSetDeviceActive(w, id, false)
	case pamOpDeviceActivate:
		s.pamSetDeviceActive(w, id, true)
	case pamOpCredentialList:
		s.pamListCredentials(w, user)
	case pamOpCredentialGet:
		s.pamGetCredential(w, id, user)
	case pamOpCredentialUpsert:
		s.pamUpsertCredential(w, r, user)
	case pamOpCredentialDeactivate:
		s.pamSetCredentialActive(w, id, user, false)
	case pamOpCredentialActivate:
		s.pamSetCredentialActive(w, id, user, true)
	case pamOpCustodyRelease:
		s.pamReleaseCustody(w, id, user)
	case pamOpV2CredentialGet:
		s.pamV2GetCredential(w, r, id, user)
	}
}
