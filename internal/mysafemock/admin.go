package mysafemock

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// serveAdmin exposes the test hooks over HTTP under /_mock/ so that the mock can be driven
// by hand with curl and by the demo:
//
//	GET   /_mock/items                        every stored item, inactive ones included
//	PATCH /_mock/{password|secretapi}/{id}    out-of-band change: {"fields":{...},"users_allowed":[{"name":"x","can_edit":true}],"groups_allowed":[...]}
//	POST  /_mock/{password|secretapi}/{id}/deactivate (or /activate)
//	GET   /_mock/pam                          every PAM Core device and credential, inactive ones included (no passwords)
//	GET   /_mock/pam/{device|credential}/{id} one of them
//	PATCH /_mock/pam/{device|credential}/{id} out-of-band change: {"fields":{"ip":"10.0.0.9"}} by request names (a
//	                                          credential also takes "password", "owner", "custody_holder" and the settings blocks)
//	POST  /_mock/pam/{device|credential}/{id}/deactivate (or /activate; a device's deactivation cascades as in the API)
//	GET   /_mock/counters                     per-route request counters, token requests, faults, custody grants and releases, password views
//	POST  /_mock/faults                       {"count":2,"status":502,"retry_after":"1","reset":false,"after_handling":false}
//	POST  /_mock/latency                      {"ms":200}
//	POST  /_mock/token-ttl                    {"seconds":1}
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/_mock/"), "/"), "/")
	switch {
	case len(parts) == 1 && parts[0] == "items" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string][]Item{
			string(KindPassword):  s.Items(KindPassword),
			string(KindAPISecret): s.Items(KindAPISecret),
			string(KindNote):      s.Items(KindNote),
		})
	case len(parts) == 1 && parts[0] == "counters" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{
			"routes": s.Counts(), "token_requests": s.TokenRequests(), "faults_served": s.FaultsServed(),
			"custody_grants": s.CustodyGrants(), "custody_releases": s.CustodyReleases(), "password_views": s.PasswordViews(),
		})
	case len(parts) == 1 && parts[0] == "pam" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"devices": s.PAMDevices(), "credentials": s.PAMCredentials()})
	case len(parts) >= 3 && parts[0] == "pam" && (parts[1] == "device" || parts[1] == "credential"):
		s.serveAdminPAM(w, r, parts[1] == "device", parts[2], parts[3:])
	case len(parts) == 1 && parts[0] == "faults" && r.Method == http.MethodPost:
		var req struct {
			Count         int    `json:"count"`
			Status        int    `json:"status"`
			RetryAfter    string `json:"retry_after"`
			Reset         bool   `json:"reset"`
			AfterHandling bool   `json:"after_handling"`
		}
		if !decodeAdmin(w, r, &req) {
			return
		}
		s.FailNext(req.Count, Fault{Status: req.Status, RetryAfter: req.RetryAfter, Reset: req.Reset, AfterHandling: req.AfterHandling})
		writeJSON(w, http.StatusOK, map[string]int{"queued": req.Count})
	case len(parts) == 1 && parts[0] == "latency" && r.Method == http.MethodPost:
		var req struct {
			MS int `json:"ms"`
		}
		if !decodeAdmin(w, r, &req) {
			return
		}
		s.SetLatency(time.Duration(req.MS) * time.Millisecond)
		writeJSON(w, http.StatusOK, map[string]int{"ms": req.MS})
	case len(parts) == 1 && parts[0] == "token-ttl" && r.Method == http.MethodPost:
		var req struct {
			Seconds int `json:"seconds"`
		}
		if !decodeAdmin(w, r, &req) {
			return
		}
		s.SetTokenTTL(time.Duration(req.Seconds) * time.Second)
		writeJSON(w, http.StatusOK, map[string]int{"seconds": req.Seconds})
	case len(parts) >= 2 && specs[Kind(parts[0])] != nil:
		s.serveAdminItem(w, r, Kind(parts[0]), parts[1], parts[2:])
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "unknown mock admin route"})
	}
}

func (s *Server) serveAdminItem(w http.ResponseWriter, r *http.Request, kind Kind, id string, rest []string) {
	var ok bool
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
		var it Item
		it, ok = s.Item(kind, id)
		if ok {
			writeJSON(w, http.StatusOK, it)
			return
		}
	case len(rest) == 0 && r.Method == http.MethodPatch:
		var req struct {
			Fields        map[string]string `json:"fields"`
			UsersAllowed  *[]Share          `json:"users_allowed"`
			GroupsAllowed *[]Share          `json:"groups_allowed"`
		}
		if !decodeAdmin(w, r, &req) {
			return
		}
		ok = s.Modify(kind, id, func(it *Item) {
			for k, v := range req.Fields {
				it.Fields[k] = v
			}
			if req.UsersAllowed != nil {
				it.UsersAllowed = *req.UsersAllowed
			}
			if req.GroupsAllowed != nil {
				it.GroupsAllowed = *req.GroupsAllowed
			}
		})
	case len(rest) == 1 && r.Method == http.MethodPost && (rest[0] == "deactivate" || rest[0] == "activate"):
		ok = s.SetActive(kind, id, rest[0] == "activate")
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "unknown mock admin route"})
		return
	}
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "no such item"})
		return
	}
	it, _ := s.Item(kind, id)
	writeJSON(w, http.StatusOK, it)
}

// serveAdminPAM serves /_mock/pam/{device|credential}/{id}[/activate|/deactivate].
func (s *Server) serveAdminPAM(w http.ResponseWriter, r *http.Request, device bool, id string, rest []string) {
	get := func() (any, bool) {
		if device {
			return s.PAMDevice(id)
		}
		return s.PAMCredential(id)
	}
	if _, exists := get(); !exists {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "no such item"})
		return
	}
	ok := true
	switch {
	case len(rest) == 0 && r.Method == http.MethodGet:
	case len(rest) == 0 && r.Method == http.MethodPatch:
		var req struct {
			Fields map[string]any `json:"fields"`
		}
		if !decodeAdmin(w, r, &req) {
			return
		}
		if msg := checkPAMPatch(device, req.Fields); msg != "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": msg})
			return
		}
		if device {
			ok = s.ModifyPAMDevice(id, func(d *PAMDevice) { patchPAM(pamDevicePatchTargets(d), nil, req.Fields) })
		} else {
			ok = s.ModifyPAMCredential(id, func(c *PAMCredential) {
				if c.Settings == nil {
					c.Settings = map[string]any{}
				}
				patchPAM(pamCredentialPatchTargets(c), c.Settings, req.Fields)
			})
		}
	case len(rest) == 1 && r.Method == http.MethodPost && (rest[0] == "deactivate" || rest[0] == "activate"):
		if device {
			ok = s.SetPAMDeviceActive(id, rest[0] == "activate")
		} else {
			ok = s.SetPAMCredentialActive(id, rest[0] == "activate")
		}
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "unknown mock admin route"})
		return
	}
	if !ok {
		writeJSON(w, http.StatusConflict, map[string]string{"message": "refused: the hostname, identifier or username is taken, or no device has that hostname and ip"})
		return
	}
	v, _ := get()
	writeJSON(w, http.StatusOK, v)
}

// pamDevicePatchTargets are the string fields of a device a PATCH may set, by request name.
func pamDevicePatchTargets(d *PAMDevice) map[string]*string {
	return map[string]*string{
		"hostname": &d.Hostname, "ip": &d.IP, "type": &d.Type, "vendor": &d.Vendor, "model": &d.Model,
		"site": &d.Site, "device_domain": &d.Domains, "device_tags": &d.Tags,
		"connectivities": &d.Connectivities, "session_remote_config": &d.LoginExpression,
	}
}

// pamCredentialPatchTargets are the string fields of a credential a PATCH may set, by request
// name ("content" and "password" both set the password).
func pamCredentialPatchTargets(c *PAMCredential) map[string]*string {
	return map[string]*string{
		"identifier": &c.Identifier, "username": &c.Username, "hostname": &c.Hostname, "ip": &c.IP,
		"content": &c.Password, "password": &c.Password, "credential_type": &c.CredentialType,
		"tags": &c.Tags, "additional": &c.Additional, "domain": &c.Domain, "parent_password": &c.ParentID,
		"owner": &c.Owner, "custody_holder": &c.CustodyHolder,
	}
}

// checkPAMPatch says what is wrong with a PATCH's fields ("" when nothing): an unknown name,
// or a value that is not a string (the settings blocks of a credential take any JSON value;
// null removes the block).
func checkPAMPatch(device bool, fields map[string]any) string {
	targets := pamCredentialPatchTargets(&PAMCredential{})
	if device {
		targets = pamDevicePatchTargets(&PAMDevice{})
	}
	for k, v := range fields {
		if _, isString := v.(string); targets[k] != nil && isString {
			continue
		}
		if !device && slices.Contains(pamSettingsBlocks, k) {
			continue
		}
		if targets[k] != nil {
			return "field " + k + " takes a string"
		}
		return "unknown field " + k
	}
	return ""
}

// patchPAM applies checked PATCH fields to the targets, and to settings (a credential's).
func patchPAM(targets map[string]*string, settings map[string]any, fields map[string]any) {
	for k, v := range fields {
		if t := targets[k]; t != nil {
			*t = v.(string) //nolint:forcetypeassert // checked by checkPAMPatch.
			continue
		}
		if v == nil {
			delete(settings, k)
		} else {
			settings[k] = v
		}
	}
}

func decodeAdmin(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad JSON: " + err.Error()})
		return false
	}
	return true
}
