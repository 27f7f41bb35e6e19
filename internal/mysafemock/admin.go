package mysafemock

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// serveAdmin exposes the test hooks over HTTP under /_mock/ so that the mock can be driven
// by hand with curl and by the demo:
//
//	GET   /_mock/items                        every stored item, inactive ones included
//	PATCH /_mock/{password|secretapi}/{id}    out-of-band change: {"fields":{...},"users_allowed":[{"name":"x","can_edit":true}],"groups_allowed":[...]}
//	POST  /_mock/{password|secretapi}/{id}/deactivate (or /activate)
//	GET   /_mock/counters                     per-route request counters and token requests
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
		writeJSON(w, http.StatusOK, map[string]any{"routes": s.Counts(), "token_requests": s.TokenRequests(), "faults_served": s.FaultsServed()})
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

func decodeAdmin(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "bad JSON: " + err.Error()})
		return false
	}
	return true
}
