package senhaseguramock

// Share is one entry of users_allowed (Name is the username) or groups_allowed.
type Share struct {
	Name    string `json:"name"`
	CanEdit bool   `json:"can_edit"`
}

// mysafeRecord is a stored MySafe item: a record and its sharing lists.
type mysafeRecord struct {
	record
	users  []Share
	groups []Share
}

func (r *mysafeRecord) clone() *mysafeRecord {
	return &mysafeRecord{record: cloneRecord(r.record), users: append([]Share{}, r.users...), groups: append([]Share{}, r.groups...)}
}

// mysafeStore is what the MySafe family stores: its items by kind and identifier, and the
// groups items can be shared with (the users are the instance's: Server.users).
//
// Nothing a request does scans every item but a list, which walks order: items are never
// removed and identifiers only grow, so order is the identifiers in ascending order without
// sorting. The API secrets are indexed by owner and identifier_code (active or not), which
// is what the duplicate check of a create or an update looks up; every change of a record's
// fields goes through unindex and index (mysafe_items.go, mysafe_hooks.go).
type mysafeStore struct {
	items       map[Kind]map[int]*mysafeRecord
	order       map[Kind][]int // identifiers in ascending order
	nextID      map[Kind]int
	groups      map[string]map[string]bool // group → members
	defaultUser string                     // the owner of seeded items
	codes       map[ownerCode]map[int]*mysafeRecord
}

// ownerCode is the key of the identifier_code index.
type ownerCode struct{ owner, code string }

// newMySafeStore is an empty store whose seeded items belong to user.
func newMySafeStore(user string) mysafeStore {
	return mysafeStore{
		items:       map[Kind]map[int]*mysafeRecord{KindPassword: {}, KindAPISecret: {}, KindNote: {}},
		order:       map[Kind][]int{},
		nextID:      map[Kind]int{KindPassword: 0, KindAPISecret: 0, KindNote: 0},
		groups:      map[string]map[string]bool{},
		defaultUser: user,
		codes:       map[ownerCode]map[int]*mysafeRecord{},
	}
}

// add stores a new record of kind, whose id is the largest yet, and indexes it.
func (m *mysafeStore) add(kind Kind, rec *mysafeRecord) {
	m.items[kind][rec.id] = rec
	m.order[kind] = append(m.order[kind], rec.id)
	m.index(kind, rec)
}

// index enters rec into the identifier_code index (API secrets with a code only).
func (m *mysafeStore) index(kind Kind, rec *mysafeRecord) {
	if kind != KindAPISecret {
		return
	}
	k := ownerCode{rec.owner, rec.str("identifier_code")}
	if k.code == "" {
		return
	}
	if m.codes[k] == nil {
		m.codes[k] = map[int]*mysafeRecord{}
	}
	m.codes[k][rec.id] = rec
}

// unindex takes rec out of the identifier_code index, before its fields change.
func (m *mysafeStore) unindex(kind Kind, rec *mysafeRecord) {
	if kind != KindAPISecret {
		return
	}
	k := ownerCode{rec.owner, rec.str("identifier_code")}
	if set := m.codes[k]; set != nil {
		delete(set, rec.id)
		if len(set) == 0 {
			delete(m.codes, k)
		}
	}
}
