package senhaseguramock

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AdminHelp lists the test hooks the mock serves over HTTP under /_mock/, one per line (method,
// path, what it does), as `senhasegura-mock -h` prints them. It is the one list of them: serveAdmin
// serves exactly these.
const AdminHelp = `GET    /_mock/items                             every stored MySafe item, inactive ones included
GET    /_mock/{password|secretapi|note}/{id}    one of them
PATCH  /_mock/{password|secretapi|note}/{id}    out-of-band change: {"fields":{...},"users_allowed":[{"name":"x","can_edit":true}],"groups_allowed":[...]}
POST   /_mock/{password|secretapi|note}/{id}/deactivate (or /activate)
GET    /_mock/pam                               every PAM Core device and credential, inactive ones included (no passwords)
GET    /_mock/pam/{device|credential}/{id}      one of them
PATCH  /_mock/pam/{device|credential}/{id}      out-of-band change: {"fields":{"ip":"10.0.0.9"}} by request names (a
                                                credential also takes "password", "owner", "custody_holder" and the settings blocks)
POST   /_mock/pam/{device|credential}/{id}/deactivate (or /activate; a device's deactivation cascades as in the API)
GET    /_mock/counters                          per-route request counters, token requests, faults, custody grants and releases, password views
POST   /_mock/faults                            queue a fault (Go: Fault), every field optional:
                                                {"count":2,"status":502,"retry_after":"120","reset":false,"after_handling":false,
                                                 "location":"https://sso.example.com/","mangle":"html|truncate|sparse","title":"Maintenance",
                                                 "delay_ms":500,"id":"-1","drop_id":false,"echo":false,"message":"boom","body_bytes":104857600,
                                                 "route":"GET /mysafe/password/{id}","token":false,"always":false,"rate":0,"seed":1}
                                                count: how many calls (default 1); route: one route only (as /_mock/counters names it);
                                                token: the token endpoint instead of API calls; always: every call until cleared;
                                                rate: that share of API calls, at random (seeded by seed); "id":"" blanks the identifier
DELETE /_mock/faults                            drop every queued and standing fault, the token endpoint's too
POST   /_mock/latency                           {"ms":200}: delay every API call
POST   /_mock/token-ttl                         {"seconds":1}: lifetime of tokens issued from now on
POST   /_mock/users                             {"name":"alice"}: a known user (for strict sharing)
POST   /_mock/groups                            {"name":"ops","members":["alice"]}: a known group, with members or none
POST   /_mock/clients                           {"client_id":"id","client_secret":"s","user":"bob","kind":"list-only"}: another client;
                                                kind "" (an access key), "read-only", "pam" (A2A, PAM Core only) or "list-only"
`

// serveAdmin exposes the test hooks over HTTP under /_mock/, so that the mock can be driven
// by hand with curl and by the demo: the hooks AdminHelp lists.
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
		s.serveAdminFaults(w, r)
	case len(parts) == 1 && parts[0] == "faults" && r.Method == http.MethodDelete:
		s.ClearFaults()
		writeJSON(w, http.StatusOK, map[string]bool{"cleared": true})
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
	case len(parts) == 1 && parts[0] == "users" && r.Method == http.MethodPost:
		var req struct {
			Name string `json:"name"`
		}
		if !decodeAdmin(w, r, &req) {
			return
		}
		if req.Name == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": "name is required"})
			return
		}
		s.AddUser(req.Name)
		writeJSON(w, http.StatusOK, req)
	case len(parts) == 1 && parts[0] == "groups" && r.Method == http.MethodPost:
		var req struct {
			Name    string   `json:"name"`
			Members []string `json:"members"`
		}
		if !decodeAdmin(w, r, &req) {
			return
		}
		if req.Name == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": "name is required"})
			return
		}
		s.AddGroup(req.Name)
		for _, m := range req.Members {
			s.AddGroupMember(req.Name, m)
		}
		writeJSON(w, http.StatusOK, req)
	case len(parts) == 1 && parts[0] == "clients" && r.Method == http.MethodPost:
		s.serveAdminClient(w, r)
	case len(parts) >= 2 && specs[Kind(parts[0])] != nil:
		s.serveAdminItem(w, r, Kind(parts[0]), parts[1], parts[2:])
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "unknown mock admin route"})
	}
}

// adminFault is the body of POST /_mock/faults (AdminHelp).
type adminFault struct {
	Count         *int    `json:"count"`
	Status        int     `json:"status"`
	RetryAfter    string  `json:"retry_after"`
	Reset         bool    `json:"reset"`
	AfterHandling bool    `json:"after_handling"`
	Location      string  `json:"location"`
	Mangle        string  `json:"mangle"`
	Title         string  `json:"title"`
	DelayMS       int     `json:"delay_ms"`
	ID            *string `json:"id"`
	DropID        bool    `json:"drop_id"`
	Echo          bool    `json:"echo"`
	Message       string  `json:"message"`
	BodyBytes     int64   `json:"body_bytes"`
	Route         string  `json:"route"`
	Token         bool    `json:"token"`
	Always        bool    `json:"always"`
	Rate          float64 `json:"rate"`
	Seed          int64   `json:"seed"`
}

// ParseMangling reads a Mangling by name: "" or "none", "html", "truncate", "sparse".
func ParseMangling(name string) (Mangling, bool) {
	switch strings.ToLower(name) {
	case "", "none":
		return MangleNone, true
	case "html":
		return MangleHTML, true
	case "truncate":
		return MangleTruncate, true
	case "sparse":
		return MangleSparse, true
	}
	return MangleNone, false
}

// fault is the Fault the request describes, or what is wrong with it.
func (req adminFault) fault() (Fault, string) {
	m, ok := ParseMangling(req.Mangle)
	if !ok {
		return Fault{}, "mangle is one of html, truncate, sparse"
	}
	f := Fault{
		Status: req.Status, RetryAfter: req.RetryAfter, Reset: req.Reset, AfterHandling: req.AfterHandling,
		Location: req.Location, Mangle: m, Title: req.Title, Delay: time.Duration(req.DelayMS) * time.Millisecond,
		DropID: req.DropID, Echo: req.Echo, Message: req.Message, BodyBytes: req.BodyBytes,
	}
	if req.ID != nil {
		f.ID, f.BlankID = *req.ID, *req.ID == ""
	}
	if f.Status != 0 && (f.Status < 100 || f.Status > 999) {
		return Fault{}, "status is an HTTP status code"
	}
	return f, ""
}

// serveAdminFaults serves POST /_mock/faults.
func (s *Server) serveAdminFaults(w http.ResponseWriter, r *http.Request) {
	var req adminFault
	if !decodeAdmin(w, r, &req) {
		return
	}
	f, msg := req.fault()
	switch {
	case msg != "":
	case req.Token && req.Route != "" && req.Route != tokenRoute:
		msg = "token and route exclude each other"
	case req.Route != "" && !slices.Contains(Routes(), req.Route):
		msg = "no route " + strconv.Quote(req.Route) + "; the routes are: " + strings.Join(Routes(), ", ")
	case req.Rate < 0 || req.Rate > 1:
		msg = "rate is between 0 and 1"
	case req.Rate > 0 && (req.Token || req.Route != "" || req.Always):
		msg = "rate applies to every API call: no token, route or always with it"
	}
	if msg != "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": msg})
		return
	}
	count := 1
	if req.Count != nil {
		count = *req.Count
	}
	token := req.Token || req.Route == tokenRoute
	switch {
	case req.Rate > 0:
		s.SetFaultRate(req.Rate, req.Seed, f)
		writeJSON(w, http.StatusOK, map[string]float64{"rate": req.Rate})
		return
	case req.Always && token:
		s.FailTokensAlways(f)
	case req.Always && req.Route != "":
		s.FailAlwaysOn(req.Route, f)
	case req.Always:
		s.FailAlways(f)
	case token:
		s.FailNextToken(count, f)
	case req.Route != "":
		s.FailNextOn(req.Route, count, f)
	default:
		s.FailNext(count, f)
	}
	if req.Always {
		writeJSON(w, http.StatusOK, map[string]bool{"always": true})
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"queued": count})
}

// serveAdminClient serves POST /_mock/clients.
func (s *Server) serveAdminClient(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
		User         string `json:"user"`
		Kind         string `json:"kind"`
	}
	if !decodeAdmin(w, r, &req) {
		return
	}
	if req.ClientID == "" || req.ClientSecret == "" || req.User == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "client_id, client_secret and user are required"})
		return
	}
	switch req.Kind {
	case "":
		s.AddClient(req.ClientID, req.ClientSecret, req.User)
	case "read-only":
		s.AddReadOnlyClient(req.ClientID, req.ClientSecret, req.User)
	case "pam":
		s.AddPAMClient(req.ClientID, req.ClientSecret, req.User)
	case "list-only":
		s.AddListOnlyClient(req.ClientID, req.ClientSecret, req.User)
	default:
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": `kind is "", "read-only", "pam" or "list-only"`})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"client_id": req.ClientID, "user": req.User, "kind": req.Kind})
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
