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
// path, what it does), as `senhasegura-mock -h` prints them: each family's (family.adminHelp),
// then the shared ones. It is the one list of them: serveAdmin serves exactly these.
var AdminHelp = adminHelp()

// adminColumn is where the description of a hook starts in AdminHelp's lines.
const adminColumn = 49

func adminHelp() string {
	var b strings.Builder
	for _, f := range families {
		b.WriteString(f.adminHelp())
	}
	b.WriteString(`GET    /_mock/counters                          per-route request counters, token requests, faults, and each family's own
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
POST   /_mock/users                             {"name":"alice"}: a known user (for strict sharing, a credential's owner)
POST   /_mock/clients                           {"client_id":"id","client_secret":"s","user":"bob","kind":"list-only"}: another client;
`)
	items := []string{`kind "" (an access key)`}
	for _, k := range clientKinds() {
		items = append(items, strconv.Quote(k.name)+" ("+k.about+")")
	}
	line := ""
	for i, item := range items {
		switch {
		case i == len(items)-2:
			item += " or"
		case i < len(items)-2:
			item += ","
		}
		if line != "" && len(line)+1+len(item) > 72 {
			b.WriteString(strings.Repeat(" ", adminColumn-1) + line + "\n")
			line = ""
		}
		line = strings.TrimPrefix(line+" "+item, " ")
	}
	b.WriteString(strings.Repeat(" ", adminColumn-1) + line + "\n")
	return b.String()
}

// clientKinds are the kinds of client POST /_mock/clients adds besides access keys: every
// family's.
func clientKinds() []clientKind {
	var out []clientKind
	for _, f := range families {
		out = append(out, f.clientKinds()...)
	}
	return out
}

// serveAdmin exposes the test hooks over HTTP under /_mock/, so that the mock can be driven
// by hand with curl and by the demo: the hooks AdminHelp lists, the shared ones here and each
// family's through family.serveAdmin.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/_mock/"), "/"), "/")
	switch {
	case len(parts) == 1 && parts[0] == "counters" && r.Method == http.MethodGet:
		counters := map[string]any{"routes": s.Counts(), "token_requests": s.TokenRequests(), "faults_served": s.FaultsServed()}
		for _, f := range families {
			for k, v := range f.counters(s) {
				counters[k] = v
			}
		}
		writeJSON(w, http.StatusOK, counters)
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
	case len(parts) == 1 && parts[0] == "clients" && r.Method == http.MethodPost:
		s.serveAdminClient(w, r)
	default:
		for _, f := range families {
			if f.serveAdmin(s, w, r, parts) {
				return
			}
		}
		writeAdminNotFound(w)
	}
}

// writeAdminNotFound answers a path under /_mock/ that is no hook.
func writeAdminNotFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]string{"message": "unknown mock admin route"})
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
	kinds := clientKinds()
	i := slices.IndexFunc(kinds, func(k clientKind) bool { return k.name == req.Kind })
	switch {
	case req.Kind == "":
		s.AddClient(req.ClientID, req.ClientSecret, req.User)
	case i >= 0:
		kinds[i].add(s, req.ClientID, req.ClientSecret, req.User)
	default:
		names := []string{`""`}
		for _, k := range kinds {
			names = append(names, strconv.Quote(k.name))
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "kind is one of " + strings.Join(names, ", ")})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"client_id": req.ClientID, "user": req.User, "kind": req.Kind})
}

func decodeAdmin(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad JSON: " + err.Error()})
		return false
	}
	return true
}
