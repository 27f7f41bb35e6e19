package mysafemock

import (
	"sort"
	"strconv"
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

func snapshot(kind Kind, r *mysafeRecord) Item {
	c := r.clone()
	fields := make(map[string]string, len(c.fields))
	for f := range c.fields {
		fields[f] = c.str(f)
	}
	return Item{Kind: kind, ID: strconv.Itoa(c.id), Owner: c.owner, Active: c.active, Fields: fields, UsersAllowed: c.users, GroupsAllowed: c.groups}
}

func sortedIDs(m map[int]*mysafeRecord) []int {
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
	for _, id := range sortedIDs(s.mysafe.items[kind]) {
		out = append(out, snapshot(kind, s.mysafe.items[kind][id]))
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
	r, ok := s.mysafe.items[kind][n]
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
	r, ok := s.mysafe.items[kind][n]
	if !ok {
		return false
	}
	it := snapshot(kind, r)
	fn(&it)
	r.active = it.Active
	r.fields = map[string]any{}
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
	s.mysafe.nextID[it.Kind]++
	owner := it.Owner
	if owner == "" {
		for _, c := range s.clients {
			owner = c.user
			break
		}
	}
	r := &mysafeRecord{record: record{id: s.mysafe.nextID[it.Kind], owner: owner, active: true, fields: map[string]any{}}}
	for _, f := range specs[it.Kind].fields {
		r.fields[f] = it.Fields[f]
	}
	r.users = append([]Share{}, it.UsersAllowed...)
	r.groups = append([]Share{}, it.GroupsAllowed...)
	s.mysafe.items[it.Kind][r.id] = r
	return strconv.Itoa(r.id)
}

// AddUser makes a username known (matters with Quirks.StrictShares).
func (s *Server) AddUser(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mysafe.users[name] = true
}

// AddGroupMember creates group if needed and adds user to it.
func (s *Server) AddGroupMember(group, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mysafe.groups[group] == nil {
		s.mysafe.groups[group] = map[string]bool{}
	}
	if user != "" {
		s.mysafe.groups[group][user] = true
		s.mysafe.users[user] = true
	}
}
