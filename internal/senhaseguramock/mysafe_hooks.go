package senhaseguramock

import (
	"fmt"
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

// Items returns every stored item of kind, inactive ones included, by identifier.
func (s *Server) Items(kind Kind) []Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Item, 0, len(s.mysafe.order[kind]))
	for _, id := range s.mysafe.order[kind] {
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
	s.mysafe.unindex(kind, r)
	r.active = it.Active
	r.fields = map[string]any{}
	for _, f := range specs[kind].fields {
		r.fields[f] = it.Fields[f]
	}
	r.users = append([]Share{}, it.UsersAllowed...)
	r.groups = append([]Share{}, it.GroupsAllowed...)
	s.mysafe.index(kind, r)
	return true
}

// SetActive activates or deactivates an item out of band.
func (s *Server) SetActive(kind Kind, id string, active bool) bool {
	return s.Modify(kind, id, func(it *Item) { it.Active = active })
}

// Seed stores an item directly, active (ID and Active are ignored), and returns its
// identifier. Owner defaults to the user of the mock's first access key (Options.User).
func (s *Server) Seed(it Item) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seedLocked(it.Kind, it)
}

// SeedMany stores n items of kind directly, as Seed does, and returns their identifiers in
// order: item i is fn(i), whose Kind is ignored. It takes time linear in n whatever the
// store holds (10,000 items take a few milliseconds), and fn may call the mock.
func (s *Server) SeedMany(kind Kind, n int, fn func(i int) Item) []string {
	if specs[kind] == nil {
		panic(fmt.Sprintf("senhaseguramock: SeedMany: no kind %q", kind))
	}
	ids := make([]string, 0, n)
	for i := 0; i < n; i++ {
		it := fn(i)
		s.mu.Lock()
		ids = append(ids, s.seedLocked(kind, it))
		s.mu.Unlock()
	}
	return ids
}

// seedLocked stores it as an item of kind. The caller holds s.mu.
func (s *Server) seedLocked(kind Kind, it Item) string {
	s.mysafe.nextID[kind]++
	owner := it.Owner
	if owner == "" {
		owner = s.mysafe.defaultUser
	}
	r := &mysafeRecord{record: record{id: s.mysafe.nextID[kind], owner: owner, active: true, fields: make(map[string]any, len(specs[kind].fields))}}
	for _, f := range specs[kind].fields {
		r.fields[f] = it.Fields[f]
	}
	r.users = append([]Share{}, it.UsersAllowed...)
	r.groups = append([]Share{}, it.GroupsAllowed...)
	s.mysafe.add(kind, r)
	return strconv.Itoa(r.id)
}

// AddGroup makes a group known, without members (matters with Quirks.StrictShares); a
// group that exists keeps its members.
func (s *Server) AddGroup(name string) {
	s.AddGroupMember(name, "")
}

// AddGroupMember creates group if needed and adds user to it (a known user from then on);
// an empty user only creates the group.
func (s *Server) AddGroupMember(group, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mysafe.groups[group] == nil {
		s.mysafe.groups[group] = map[string]bool{}
	}
	if user != "" {
		s.mysafe.groups[group][user] = true
		s.users[user] = true
	}
}

// AddListOnlyClient registers an access key whose user sees the items in lists but may not
// open them: its MySafe list calls answer as they do for user (the items user owns or is
// shared), and its MySafe GET of any item that exists answers "1006: User does not have
// access" (400). Its other calls, and PAM Core, are not restricted.
func (s *Server) AddListOnlyClient(clientID, clientSecret, user string) {
	s.addClient(clientID, client{secret: clientSecret, user: user, kind: mysafeKindListOnly})
}
