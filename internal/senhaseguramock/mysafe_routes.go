package senhaseguramock

import (
	"net/http"
	"strings"
)

type op int

const (
	opList op = iota
	opCreate
	opGet
	opUpdate
	opDeactivate
	opActivate
)

type route struct {
	kind Kind
	op   op
	id   string
}

// match finds MySafe's calls under /api/mysafe and /iso/mysafe.
func (mysafeFamily) match(method, path string) (apiCall, bool) {
	rt, ok := matchRoute(method, path)
	if !ok {
		return apiCall{}, false
	}
	return apiCall{name: rt.name(), id: rt.id, serve: func(s *Server, w http.ResponseWriter, r *http.Request, c caller) {
		s.dispatch(w, r, rt, c.user(), c.client.kind == mysafeKindListOnly)
	}}, true
}

func (mysafeFamily) routes() []string {
	var out []string
	for kind := range specs {
		for o := opList; o <= opActivate; o++ {
			out = append(out, route{kind: kind, op: o}.name())
		}
	}
	return out
}

// name is the route's counter key, e.g. "GET /mysafe/password/{id}" (prefix /api or /iso dropped).
func (rt route) name() string {
	base := "/mysafe/" + string(rt.kind)
	switch rt.op {
	case opList:
		return "GET " + base
	case opCreate:
		return "POST " + base
	case opGet:
		return "GET " + base + "/{id}"
	case opUpdate:
		return "PUT " + base + "/update/{id}"
	case opDeactivate:
		return "POST " + base + "/inactive/{id}"
	default:
		return "POST " + base + "/active/{id}"
	}
}

func matchRoute(method, path string) (route, bool) {
	var rest string
	switch {
	case strings.HasPrefix(path, "/api/mysafe/"):
		rest = strings.TrimPrefix(path, "/api/mysafe/")
	case strings.HasPrefix(path, "/iso/mysafe/"):
		rest = strings.TrimPrefix(path, "/iso/mysafe/")
	default:
		return route{}, false
	}
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	kind := Kind(parts[0])
	if _, ok := specs[kind]; !ok {
		return route{}, false
	}
	switch {
	case len(parts) == 1 && method == http.MethodGet:
		return route{kind: kind, op: opList}, true
	case len(parts) == 1 && method == http.MethodPost:
		return route{kind: kind, op: opCreate}, true
	case len(parts) == 2 && method == http.MethodGet && parts[1] != "":
		return route{kind: kind, op: opGet, id: parts[1]}, true
	case len(parts) == 3 && parts[2] != "":
		switch {
		case parts[1] == "update" && method == http.MethodPut:
			return route{kind: kind, op: opUpdate, id: parts[2]}, true
		case parts[1] == "inactive" && method == http.MethodPost:
			return route{kind: kind, op: opDeactivate, id: parts[2]}, true
		case parts[1] == "active" && method == http.MethodPost:
			return route{kind: kind, op: opActivate, id: parts[2]}, true
		}
	}
	return route{}, false
}

// dispatch serves a MySafe call as user; listOnly says the token is a list-only access key's
// (AddListOnlyClient).
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, rt route, user string, listOnly bool) {
	spec := specs[rt.kind]
	switch rt.op {
	case opList:
		s.handleList(w, r, spec, user)
	case opCreate:
		s.handleCreate(w, r, spec, user)
	case opGet:
		s.handleGet(w, spec, rt.id, user, listOnly)
	case opUpdate:
		s.handleUpdate(w, r, spec, rt.id, user)
	case opDeactivate:
		s.handleSetActive(w, spec, rt.id, user, false)
	case opActivate:
		s.handleSetActive(w, spec, rt.id, user, true)
	}
}
