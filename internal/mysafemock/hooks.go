package mysafemock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Item is a snapshot of one stored item, active or not, as the mock holds it.
type Item struct {
	Kind          Kind              `json:"kind"`
	ID            string            `json:"id"`
	Owner         string            `json:"owner"`
	Active        bool              `json:"active"`
	Fields        map[string]string `json:"fields"` // flat fields by their request names (notes, tags, ...)
	UsersAllowed  []Share           `json:"users_allowed"`
	GroupsAllowed []Share           `json:"groups_allowed"`
}

func snapshot(kind Kind, r *record) Item {
	c := r.clone()
	return Item{Kind: kind, ID: strconv.Itoa(c.id), Owner: c.owner, Active: c.active, Fields: c.fields, UsersAllowed: c.users, GroupsAllowed: c.groups}
}

func sortedIDs(m map[int]*record) []int {
	ids := make([]int, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

// Items returns every stored item of kind, inactive ones included, by identifier.
func (s *Server) Items(kind Kind) []Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Item{}
	for _, id := range sortedIDs(s.items[kind]) {
		out = append(out, snapshot(kind, s.items[kind][id]))
	}
	return out
}

// Item returns one stored item, inactive or not.
func (s *Server) Item(kind Kind, id string) (Item, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := strconv.Atoi(id)
	if err != nil {
		return Item{}, false
	}
	r, ok := s.items[kind][n]
	if !ok {
		return Item{}, false
	}
	return snapshot(kind, r), true
}

// Modify changes a stored item out of band, as another user would in the web UI. The
// function receives a copy; what it leaves in the copy is stored. It reports whether the
// item exists.
func (s *Server) Modify(kind Kind, id string, fn func(*Item)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := strconv.Atoi(id)
	if err != nil {
		return false
	}
	r, ok := s.items[kind][n]
	if !ok {
		return false
	}
	it := snapshot(kind, r)
	fn(&it)
	r.active = it.Active
	r.fields = map[string]string{}
	for _, f := range specs[kind].fields {
		r.fields[f] = it.Fields[f]
	}
	r.users = append([]Share{}, it.UsersAllowed...)
	r.groups = append([]Share{}, it.GroupsAllowed...)
	return true
}

// SetActive activates or deactivates an item out of band.
func (s *Server) SetActive(kind Kind, id string, active bool) bool {
	return s.Modify(kind, id, func(it *Item) { it.Active = active })
}

// Seed stores an item directly (owner defaults to the default client's user) and returns
// its identifier.
func (s *Server) Seed(it Item) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID[it.Kind]++
	owner := it.Owner
	if owner == "" {
		for _, c := range s.clients {
			owner = c.user
			break
		}
	}
	r := &record{id: s.nextID[it.Kind], owner: owner, active: true, fields: map[string]string{}}
	for _, f := range specs[it.Kind].fields {
		r.fields[f] = it.Fields[f]
	}
	r.users = append([]Share{}, it.UsersAllowed...)
	r.groups = append([]Share{}, it.GroupsAllowed...)
	s.items[it.Kind][r.id] = r
	return strconv.Itoa(r.id)
}

// AddClient registers another access key acting as user.
func (s *Server) AddClient(clientID, clientSecret, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[clientID] = client{secret: clientSecret, user: user}
	s.users[user] = true
}

// AddUser makes a username known (matters with Quirks.StrictShares).
func (s *Server) AddUser(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[name] = true
}

// AddGroupMember creates group if needed and adds user to it.
func (s *Server) AddGroupMember(group, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.groups[group] == nil {
		s.groups[group] = map[string]bool{}
	}
	if user != "" {
		s.groups[group][user] = true
		s.users[user] = true
	}
}

// RequestCount is how many calls a route has received, e.g. "POST /mysafe/password",
// "GET /mysafe/secretapi/{id}", "PUT /mysafe/password/update/{id}",
// "POST /mysafe/password/inactive/{id}" or "POST /oauth2/token". Both /api and /iso prefixes
// count alike. A route the mock does not serve panics, naming the routes it does: a misspelt
// route in a test must fail it, never count 0 and pass.
func (s *Server) RequestCount(route string) int {
	mustBeRoute(route)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[route]
}

// Routes lists the counter keys of every route the mock serves, sorted.
func Routes() []string {
	out := []string{tokenRoute}
	for kind := range specs {
		for o := opList; o <= opActivate; o++ {
			out = append(out, route{kind: kind, op: o}.name())
		}
	}
	sort.Strings(out)
	return out
}

func mustBeRoute(name string) {
	for _, r := range Routes() {
		if r == name {
			return
		}
	}
	panic(fmt.Sprintf("mysafemock: no route %q; the routes are: %s", name, strings.Join(Routes(), ", ")))
}

// Counts returns a copy of every route counter.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// TokenRequests is how many token requests (successful or not) the mock has received.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenReq
}

// SetTokenTTL sets the lifetime of tokens issued from now on.
func (s *Server) SetTokenTTL(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenTTL = d
}

// RevokeTokens invalidates every issued token (the next API call answers 401).
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = map[string]tokenInfo{}
}

// MaxInFlight is the largest number of authenticated API calls the mock has served at once.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxIn
}

// InFlight is how many authenticated API calls the mock is serving right now (those whose
// client went away included: the mock finishes them).
func (s *Server) InFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight
}

// Unauthorized is how many API calls were answered 401 (missing, unknown or expired token).
func (s *Server) Unauthorized() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.denied
}

// IssuedTokens returns every access token the mock has issued (to check they never leak).
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string{}, s.issued...)
}

// Call is one MySafe API call as the mock received it: its route (as for RequestCount), the
// path identifier, the top-level keys of its body, sorted (never the values), and its
// User-Agent.
type Call struct {
	Route     string   `json:"route"`
	ID        string   `json:"id,omitempty"`
	Keys      []string `json:"keys,omitempty"`
	UserAgent string   `json:"user_agent,omitempty"`
}

// record notes the call r (its body is read and put back).
func (s *Server) record(r *http.Request, rt route) {
	c := Call{Route: rt.name(), ID: rt.id, UserAgent: r.UserAgent()}
	if r.Body != nil {
		raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		r.Body = io.NopCloser(bytes.NewReader(raw))
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) == nil {
			for k := range m {
				c.Keys = append(c.Keys, k)
			}
		} else if vals, err := url.ParseQuery(string(raw)); err == nil {
			for k := range vals {
				c.Keys = append(c.Keys, k)
			}
		}
		sort.Strings(c.Keys)
	}
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.mu.Unlock()
}

// Calls returns every authenticated MySafe API call the mock has received (faulted ones
// included), in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call{}, s.calls...)
}
