package senhaseguramock

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// TestMySafeListsWriteWhatTheyWrote compares MySafe's lists, written straight into bytes, with
// what the orderedObject lists they replaced wrote, over items with every kind of string.
func TestMySafeListsWriteWhatTheyWrote(t *testing.T) {
	s := New(Options{})
	now := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	s.now = func() time.Time { return now }
	for i, str := range nastyStrings {
		fields := map[string]string{"name": str, "username": "u" + str, "url": "l" + str, "tags": "a," + str,
			"client_id": "c" + str, "identifier_code": "c" + strconv.Itoa(i)}
		for _, k := range []Kind{KindPassword, KindAPISecret, KindNote} {
			s.Seed(Item{Kind: k, Fields: fields, UsersAllowed: []Share{{Name: "bob", CanEdit: i%2 == 0}}})
		}
	}
	s.SetActive(KindPassword, "2", false)
	for _, user := range []string{DefaultUser, "bob"} {
		for _, k := range []Kind{KindPassword, KindAPISecret, KindNote} {
			w := httptest.NewRecorder()
			s.handleList(w, httptest.NewRequest(http.MethodGet, "/api/mysafe/"+string(k), nil), specs[k], user)
			compare(t, string(k)+" list as "+user, w.Body.Bytes(), legacyMySafeList(s, specs[k], user))
		}
	}
}

// legacyMySafeList is the MySafe list as handleList built it before.
func legacyMySafeList(s *Server, spec *kindSpec, user string) []byte {
	out := []orderedObject{}
	for _, id := range s.mysafe.order[spec.kind] {
		rec := s.mysafe.items[spec.kind][id]
		if !rec.active || !s.canView(rec, user) {
			continue
		}
		o := orderedObject{{"identifier", strconv.Itoa(rec.id)}}
		for _, f := range spec.listFields {
			o = append(o, kv{f, rec.fields[f]})
		}
		o = append(o,
			kv{"need_justify", "0"}, kv{"need_approval", "0"},
			kv{"can_view", true}, kv{"can_write", s.canEdit(rec, user)},
		)
		out = append(out, o)
	}
	return legacyEnvelope(s, "", spec.listKey, out)
}
