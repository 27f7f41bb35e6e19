package senhaseguramock

import (
	"net/http"
)

// MySafe's hooks under /_mock/ (AdminHelp): its items, one item, an out-of-band change, its
// activation, and the groups strict sharing knows.

const mysafeAdminHelp = `GET    /_mock/items                             every stored MySafe item, inactive ones included
GET    /_mock/{password|secretapi|note}/{id}    one of them
PATCH  /_mock/{password|secretapi|note}/{id}    out-of-band change: {"fields":{...},"users_allowed":[{"name":"x","can_edit":true}],"groups_allowed":[...]}
POST   /_mock/{password|secretapi|note}/{id}/deactivate (or /activate)
POST   /_mock/groups                            {"name":"ops","members":["alice"]}: a known group, with members or none
`

// serveMySafeAdmin serves MySafe's hooks; false when parts is none of them.
func (s *Server) serveMySafeAdmin(w http.ResponseWriter, r *http.Request, parts []string) bool {
	switch {
	case len(parts) == 1 && parts[0] == "items" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string][]Item{
			string(KindPassword):  s.Items(KindPassword),
			string(KindAPISecret): s.Items(KindAPISecret),
			string(KindNote):      s.Items(KindNote),
		})
	case len(parts) == 1 && parts[0] == "groups" && r.Method == http.MethodPost:
		var req struct {
			Name    string   `json:"name"`
			Members []string `json:"members"`
		}
		if !decodeAdmin(w, r, &req) {
			return true
		}
		if req.Name == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": "name is required"})
			return true
		}
		s.AddGroup(req.Name)
		for _, m := range req.Members {
			s.AddGroupMember(req.Name, m)
		}
		writeJSON(w, http.StatusOK, req)
	case len(parts) >= 2 && specs[Kind(parts[0])] != nil:
		s.serveAdminItem(w, r, Kind(parts[0]), parts[1], parts[2:])
	default:
		return false
	}
	return true
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
		writeAdminNotFound(w)
		return
	}
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "no such item"})
		return
	}
	it, _ := s.Item(kind, id)
	writeJSON(w, http.StatusOK, it)
}
