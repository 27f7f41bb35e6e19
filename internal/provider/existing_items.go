package provider

import "sync"

// What a provider process has listed once of what an API holds, per object kind, so that a
// plan's creates can be checked against it (MySafe's duplicate_check, PAM Core's refusal to
// take an object over) at the cost of one list per kind and process.

// existingItems holds, per object kind, the keys of what the API held when this provider
// process first planned a create of that kind.
type existingItems struct {
	mu    sync.Mutex
	kinds map[string]*existingKind
}

type existingKind struct {
	once sync.Once
	ids  map[string][]string // key → identifiers, ascending
	err  error
}

// of returns the index of kind, building it on first use.
func (x *existingItems) of(kind string, build func() (map[string][]string, error)) (map[string][]string, error) {
	x.mu.Lock()
	if x.kinds == nil {
		x.kinds = map[string]*existingKind{}
	}
	k := x.kinds[kind]
	if k == nil {
		k = &existingKind{}
		x.kinds[kind] = k
	}
	x.mu.Unlock()
	k.once.Do(func() { k.ids, k.err = build() })
	return k.ids, k.err
}
