package senhaseguramock

import (
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"testing"
)

// checkMySafeIndexes compares every index of MySafe's store with what a scan of its records
// finds.
func checkMySafeIndexes(t *testing.T, s *Server) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for kind, items := range s.mysafe.items {
		ids := make([]int, 0, len(items))
		for id := range items {
			ids = append(ids, id)
		}
		sort.Ints(ids)
		if !slices.Equal(ids, s.mysafe.order[kind]) && len(ids)+len(s.mysafe.order[kind]) > 0 {
			t.Fatalf("%s order %v, items %v", kind, s.mysafe.order[kind], ids)
		}
	}
	codes := map[ownerCode][]int{}
	for id, rec := range s.mysafe.items[KindAPISecret] {
		if code := rec.str("identifier_code"); code != "" {
			codes[ownerCode{rec.owner, code}] = append(codes[ownerCode{rec.owner, code}], id)
		}
	}
	indexed := map[ownerCode][]int{}
	for k, set := range s.mysafe.codes {
		for id, rec := range set {
			if s.mysafe.items[KindAPISecret][id] != rec {
				t.Fatalf("code index holds a stale record %d", id)
			}
			indexed[k] = append(indexed[k], id)
		}
	}
	for _, m := range []map[ownerCode][]int{codes, indexed} {
		for _, ids := range m {
			sort.Ints(ids)
		}
	}
	if !reflect.DeepEqual(codes, indexed) {
		t.Fatalf("identifier_code index %v, records %v", indexed, codes)
	}
}

// TestMySafeIndexesFollowEveryChange runs a random mix of every MySafe call and hook that
// changes what the indexes are keyed by, and checks the indexes against the records after each.
func TestMySafeIndexesFollowEveryChange(t *testing.T) {
	s := New(Options{})
	s.AddClient("bob", "bob-secret", "bob")
	tokens := []string{tokenFor(t, s, DefaultClientID, DefaultClientSecret), tokenFor(t, s, "bob", "bob-secret")}
	rnd := rand.New(rand.NewSource(3)) //nolint:gosec // test data
	pick := func(prefix string, n int) string { return prefix + strconv.Itoa(rnd.Intn(n)) }
	for i := 0; i < 1500; i++ {
		tok := tokens[rnd.Intn(len(tokens))]
		switch op := rnd.Intn(5); op {
		case 0:
			call(s, "POST", "/api/mysafe/secretapi", tok, fmt.Sprintf(`{"name":"n","url":"u","client_id":"c","identifier_code":%q}`, pick("code", 12)))
		case 1:
			call(s, "PUT", "/api/mysafe/secretapi/update/"+pick("", 40), tok, fmt.Sprintf(`{"identifier_code":%q}`, pick("code", 12)))
		case 2:
			s.Modify(KindAPISecret, pick("", 40), func(it *Item) { it.Fields["identifier_code"] = pick("code", 12) })
		case 3:
			call(s, "POST", "/api/mysafe/secretapi/"+[]string{"inactive", "active"}[rnd.Intn(2)]+"/"+pick("", 40), tok, "")
		case 4:
			s.Seed(Item{Kind: KindAPISecret, Owner: []string{"", "bob"}[rnd.Intn(2)], Fields: map[string]string{"identifier_code": pick("code", 12)}})
		}
		checkMySafeIndexes(t, s)
	}
	if len(s.mysafe.items[KindAPISecret]) < 20 {
		t.Fatalf("the mix made too little: %d API secrets", len(s.mysafe.items[KindAPISecret]))
	}
}
