package senhasegura

import (
	"sync"
	"time"
)

// A create whose answer was lost is recovered by a lookup (CreateWithRecovery's find): what
// the failed attempt may have stored is looked for among the objects the API lists. The lookup
// must never adopt an object that is not the one this create stored, or two resources would
// share an identifier and the next destroy would deactivate a sibling's object. A Ledger, one
// per object kind and client (so per provider process and credential set), is what the lookup
// knows to rule objects out:
//
//   - claimed identifiers: those this client has handed to a resource in this process (a
//     create's answer, an adoption, a refresh or an import). Another resource's lookup never
//     adopts them.
//   - identifiers seen before the create was sent: every list the client makes is recorded
//     (Seen), and an object listed before the create left cannot be what it stored.
//
// Lookups of the same recovery key are serialized (Lock), so that two siblings recovering at
// once see each other's claims; and Pick refuses to choose between several candidates that
// match equally: it returns an *Undecided naming them.

// Ledger records, for one object kind of one client, the identifiers claimed by resources and
// when each identifier was first seen listed. It is safe for concurrent use; the zero value is
// ready.
type Ledger struct {
	mu      sync.Mutex
	claimed map[string]bool
	seen    map[string]time.Time
	keys    map[string]*sync.Mutex
}

// Claim records that id belongs to a resource of this process.
func (l *Ledger) Claim(id string) {
	if id == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.claimed == nil {
		l.claimed = map[string]bool{}
	}
	l.claimed[id] = true
}

// Claimed reports whether a resource of this process holds id.
func (l *Ledger) Claimed(id string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.claimed[id]
}

// Seen records the identifiers of a list answered at (or after) at.
func (l *Ledger) Seen(at time.Time, ids ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = make(map[string]time.Time, len(ids))
	}
	for _, id := range ids {
		if t, ok := l.seen[id]; !ok || at.Before(t) {
			l.seen[id] = at
		}
	}
}

// Existed reports whether id was listed before sentAt: it cannot be what a create sent at
// sentAt stored.
func (l *Ledger) Existed(id string, sentAt time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.seen[id]
	return ok && t.Before(sentAt)
}

// Lock serializes the recovery lookups of one key; call the returned function to unlock.
func (l *Ledger) Lock(key string) func() {
	l.mu.Lock()
	if l.keys == nil {
		l.keys = map[string]*sync.Mutex{}
	}
	m := l.keys[key]
	if m == nil {
		m = &sync.Mutex{}
		l.keys[key] = m
	}
	l.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// Candidate is an object a recovery lookup read that matches the create: Exact when every
// attribute it can compare is equal, otherwise a partial match (the server may have dropped
// part of it, a share to an unknown user, say).
type Candidate[T any] struct {
	ID    string
	Value T
	Exact bool
}

// Pick chooses what a create sent at sentAt stored, among the candidates of its lookup: those
// claimed by another resource or listed before sentAt are ruled out; one exact match, else one
// partial match, is adopted and claimed. It cannot tell — an *Undecided — when a candidate could
// not be read (unreadable, with the last such error), or when several match equally. ok is
// false when nothing matches: the lookup was complete and nothing was stored.
func Pick[T any](l *Ledger, sentAt time.Time, found []Candidate[T], unreadable []string, readErr error) (T, bool, error) {
	var zero T
	var exact, partial []Candidate[T]
	for _, c := range found {
		if l.Claimed(c.ID) || l.Existed(c.ID, sentAt) {
			continue
		}
		if c.Exact {
			exact = append(exact, c)
		} else {
			partial = append(partial, c)
		}
	}
	var open []string
	for _, id := range unreadable {
		if !l.Claimed(id) && !l.Existed(id, sentAt) {
			open = append(open, id)
		}
	}
	switch {
	case len(open) > 0:
		return zero, false, &Undecided{Candidates: append(open, ids(exact, partial)...), Reason: "could not be read to tell", Err: readErr}
	case len(exact) == 1:
		l.Claim(exact[0].ID)
		return exact[0].Value, true, nil
	case len(exact) > 1:
		return zero, false, &Undecided{Candidates: ids(exact), Reason: "several stored objects match it equally"}
	case len(partial) == 1:
		l.Claim(partial[0].ID)
		return partial[0].Value, true, nil
	case len(partial) > 1:
		return zero, false, &Undecided{Candidates: ids(partial), Reason: "several stored objects match it in part"}
	}
	return zero, false, nil
}

func ids[T any](lists ...[]Candidate[T]) []string {
	var out []string
	for _, l := range lists {
		for _, c := range l {
			out = append(out, c.ID)
		}
	}
	return out
}
