package senhaseguramock

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// call serves one request through the whole mock and returns the answer.
func call(s *Server, method, path, token, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if token == "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return w
}

func tokenFor(t testing.TB, s *Server, id, secret string) string {
	t.Helper()
	w := call(s, http.MethodPost, "/iso/oauth2/token", "", url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}.Encode())
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: %d %s", w.Code, w.Body)
	}
	return tok.AccessToken
}

// checkIndexes compares every index of the store with what a scan of the records finds.
func checkIndexes(t *testing.T, s *Server) {
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

	orderOf := func(n int, has func(int) bool) []int {
		var out []int
		for id := 1; id <= n; id++ {
			if has(id) {
				out = append(out, id)
			}
		}
		return out
	}
	if got := orderOf(s.pam.nextDevice, func(id int) bool { return s.pam.devices[id] != nil }); !slices.Equal(got, s.pam.deviceOrder) {
		t.Fatalf("device order %v, devices %v", s.pam.deviceOrder, got)
	}
	if got := orderOf(s.pam.nextCred, func(id int) bool { return s.pam.credentials[id] != nil }); !slices.Equal(got, s.pam.credOrder) {
		t.Fatalf("credential order %v, credentials %v", s.pam.credOrder, got)
	}
	hosts := map[string]*pamDevice{}
	for _, d := range s.pam.devices {
		if hosts[d.str("hostname")] != nil {
			t.Fatalf("two devices named %q", d.str("hostname"))
		}
		hosts[d.str("hostname")] = d
	}
	if !reflect.DeepEqual(hosts, s.pam.byHostname) {
		t.Fatalf("hostname index has %d entries, devices %d", len(s.pam.byHostname), len(hosts))
	}
	idents := map[string]*pamCredential{}
	onDevice := map[deviceUser]*pamCredential{}
	byDevice := map[int]map[int]*pamCredential{}
	for id, c := range s.pam.credentials {
		if ident := c.str("identifier"); ident != "" {
			if idents[ident] != nil {
				t.Fatalf("two credentials with identifier %q", ident)
			}
			idents[ident] = c
		}
		k := deviceUser{c.device, c.str("username")}
		if onDevice[k] != nil {
			t.Fatalf("two credentials %v", k)
		}
		onDevice[k] = c
		if byDevice[c.device] == nil {
			byDevice[c.device] = map[int]*pamCredential{}
		}
		byDevice[c.device][id] = c
	}
	if !reflect.DeepEqual(idents, s.pam.byIdentifier) || !reflect.DeepEqual(onDevice, s.pam.byDeviceUser) || !reflect.DeepEqual(byDevice, s.pam.byDevice) {
		t.Fatalf("credential indexes differ from the records: identifiers %d/%d, device and username %d/%d, devices %d/%d",
			len(s.pam.byIdentifier), len(idents), len(s.pam.byDeviceUser), len(onDevice), len(s.pam.byDevice), len(byDevice))
	}
}

// TestIndexesFollowEveryChange runs a random mix of every call and hook that changes what
// the indexes are keyed by, and checks the indexes against the records after each.
func TestIndexesFollowEveryChange(t *testing.T) {
	s := New(Options{})
	s.AddClient("bob", "bob-secret", "bob")
	tokens := []string{tokenFor(t, s, DefaultClientID, DefaultClientSecret), tokenFor(t, s, "bob", "bob-secret")}
	rnd := rand.New(rand.NewSource(3)) //nolint:gosec // test data
	pick := func(prefix string, n int) string { return prefix + strconv.Itoa(rnd.Intn(n)) }
	hostIP := func(h string) string { return "10.0.0." + strings.TrimPrefix(h, "h") }
	for i := 0; i < 3000; i++ {
		tok := tokens[rnd.Intn(len(tokens))]
		switch op := rnd.Intn(14); op {
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
		case 5:
			h := pick("h", 8)
			call(s, "POST", "/iso/pam/device", tok, fmt.Sprintf(`{"hostname":%q,"ip":%q,"type":"t","vendor":"v","model":"m","site":"s"}`, h, hostIP(h)))
		case 6:
			h := pick("h", 8)
			call(s, "POST", "/iso/pam/credential", tok, fmt.Sprintf(`{"hostname":%q,"ip":%q,"username":%q,"identifier":%q}`,
				h, hostIP(h), pick("u", 5), []string{"", pick("ident", 10)}[rnd.Intn(2)]))
		case 7:
			s.ModifyPAMDevice(pick("", 10), func(d *PAMDevice) { d.Hostname = pick("h", 12); d.IP = hostIP(d.Hostname) })
		case 8:
			s.ModifyPAMCredential(pick("", 30), func(c *PAMCredential) {
				c.Hostname = pick("h", 12)
				c.IP = hostIP(c.Hostname)
				c.Username = pick("u", 5)
				c.Identifier = []string{"", pick("ident", 10)}[rnd.Intn(2)]
			})
		case 9:
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest(http.MethodPatch, "/_mock/pam/credential/"+pick("", 30),
				strings.NewReader(fmt.Sprintf(`{"fields":{"username":%q,"identifier":%q}}`, pick("u", 5), pick("ident", 10)))))
		case 10:
			if d, ok := s.PAMDevice(pick("", 10)); ok {
				s.SetPAMDeviceActive(d.ID, rnd.Intn(2) == 0)
				if !d.Active {
					break
				}
				s.mu.Lock()
				n, _ := strconv.Atoi(d.ID)
				for _, c := range s.pam.credentials {
					if c.device == n && !s.pam.devices[n].active && c.active {
						s.mu.Unlock()
						t.Fatalf("credential %d stayed active on deactivated device %d", c.id, n)
					}
				}
				s.mu.Unlock()
			}
		case 11:
			call(s, []string{"DELETE", "PUT"}[rnd.Intn(2)], "/api/pam/device/"+pick("", 10), tok, "")
		case 12:
			h := pick("h", 8)
			func() {
				defer func() { _ = recover() }() // a taken hostname, identifier or username panics
				if rnd.Intn(2) == 0 {
					s.SeedPAMDevice(PAMDevice{Hostname: h, IP: hostIP(h)})
				} else {
					s.SeedPAMCredential(PAMCredential{Hostname: h, IP: hostIP(h), Username: pick("u", 5), Identifier: []string{"", pick("ident", 10)}[rnd.Intn(2)]})
				}
			}()
		case 13:
			call(s, "GET", "/api/pam/credential/"+pick("u", 5)+"@"+pick("h", 8), tok, "")
		}
		checkIndexes(t, s)
	}
	if len(s.pam.credentials) < 20 || len(s.mysafe.items[KindAPISecret]) < 20 {
		t.Fatalf("the mix made too little: %d credentials, %d API secrets", len(s.pam.credentials), len(s.mysafe.items[KindAPISecret]))
	}
}
