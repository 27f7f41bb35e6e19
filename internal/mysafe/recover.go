package mysafe

import (
	"slices"
	"strings"
)

// What a create recovery (senhasegura.CreateWithRecovery, the services' find) compares between
// what a failed create sent and a stored item it reads: every field the create sent, tags as a
// set, and the sharing lists. A stored item equal in all of them is an exact match. One equal in
// every field whose shares are fewer than those sent (MySafe drops a share to a user or group
// it does not know, quirk Q15, and the answer that would have said so was lost) is a partial
// match. Anything else is another item: a sibling of the same name with other tags or shares is
// never adopted (senhasegura.Pick).

type match int

const (
	mismatch match = iota
	partial
	exact
)

// matchShares compares the stored sharing lists with those the create sent.
func matchShares(gotUsers, gotGroups, wantUsers, wantGroups []Share) match {
	eu, su := sameShares(gotUsers, wantUsers)
	eg, sg := sameShares(gotGroups, wantGroups)
	switch {
	case eu && eg:
		return exact
	case su && sg:
		return partial
	}
	return mismatch
}

// sameShares reports whether got equals want (as sets of name and can_edit), and whether it is
// a subset of it.
func sameShares(got, want []Share) (equal, subset bool) {
	in := map[Share]bool{}
	for _, s := range want {
		in[s] = true
	}
	subset = true
	seen := map[Share]bool{}
	for _, s := range got {
		if !in[s] {
			subset = false
		}
		seen[s] = true
	}
	return subset && len(seen) == len(in), subset
}

// sameTags compares MySafe's comma-separated tags as sets of trimmed values.
func sameTags(a, b string) bool {
	return slices.Equal(tagSet(a), tagSet(b))
}

func tagSet(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

func and(fieldsEqual bool, m match) match {
	if !fieldsEqual {
		return mismatch
	}
	return m
}

func matchPassword(got *Password, want Password) match {
	return and(got.Name == want.Name && got.Username == want.Username && got.URL == want.URL && got.Password == want.Password &&
		got.Notes == want.Notes && got.SecretKey == want.SecretKey && sameTags(got.Tags, want.Tags),
		matchShares(got.UsersAllowed, got.GroupsAllowed, want.UsersAllowed, want.GroupsAllowed))
}

func matchAPISecret(got *APISecret, want APISecret) match {
	return and(got.Name == want.Name && got.URL == want.URL && got.ClientID == want.ClientID && got.ClientSecret == want.ClientSecret &&
		got.IdentifierCode == want.IdentifierCode && got.Method == want.Method && got.Notes == want.Notes && sameTags(got.Tags, want.Tags),
		matchShares(got.UsersAllowed, got.GroupsAllowed, want.UsersAllowed, want.GroupsAllowed))
}

func matchNote(got *Note, want Note) match {
	return and(got.Name == want.Name && got.Content == want.Content && sameTags(got.Tags, want.Tags),
		matchShares(got.UsersAllowed, got.GroupsAllowed, want.UsersAllowed, want.GroupsAllowed))
}

// Recovery keys: the lookups of creates with one key are serialized (senhasegura.Ledger.Lock).
func passwordKey(p Password) string   { return p.Name + "\x00" + p.Username + "\x00" + p.URL }
func apiSecretKey(a APISecret) string { return a.IdentifierCode + "\x00" + a.Name }
func noteKey(n Note) string           { return n.Name }
