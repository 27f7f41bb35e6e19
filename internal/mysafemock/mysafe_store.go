package mysafemock

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
// users and groups items can be shared with.
type mysafeStore struct {
	items  map[Kind]map[int]*mysafeRecord
	nextID map[Kind]int
	groups map[string]map[string]bool // group → members
	users  map[string]bool
}

func newMySafeStore(user string) mysafeStore {
	return mysafeStore{
		items:  map[Kind]map[int]*mysafeRecord{KindPassword: {}, KindAPISecret: {}, KindNote: {}},
		nextID: map[Kind]int{KindPassword: 0, KindAPISecret: 0, KindNote: 0},
		groups: map[string]map[string]bool{},
		users:  map[string]bool{user: true},
	}
}
