package senhaseguramock

import (
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// checkPAMIndexes compares every index of PAM Core's store with what a scan of its records
// finds.
func checkPAMIndexes(t *testing.T, s *Server) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
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

// TestPAMIndexesFollowEveryChange runs a random mix of every PAM Core call and hook that
// changes what the indexes are keyed by, and checks the indexes against the records after each.
func TestPAMIndexesFollowEveryChange(t *testing.T) {
	s := New(Options{})
	s.AddClient("bob", "bob-secret", "bob")
	tokens := []string{tokenFor(t, s, DefaultClientID, DefaultClientSecret), tokenFor(t, s, "bob", "bob-secret")}
	rnd := rand.New(rand.NewSource(3)) //nolint:gosec // test data
	pick := func(prefix string, n int) string { return prefix + strconv.Itoa(rnd.Intn(n)) }
	hostIP := func(h string) string { return "10.0.0." + strings.TrimPrefix(h, "h") }
	for i := 0; i < 2500; i++ {
		tok := tokens[rnd.Intn(len(tokens))]
		switch op := rnd.Intn(9); op {
		case 0:
			h := pick("h", 8)
			call(s, "POST", "/iso/pam/device", tok, fmt.Sprintf(`{"hostname":%q,"ip":%q,"type":"t","vendor":"v","model":"m","site":"s"}`, h, hostIP(h)))
		case 1:
			h := pick("h", 8)
			call(s, "POST", "/iso/pam/credential", tok, fmt.Sprintf(`{"hostname":%q,"ip":%q,"username":%q,"identifier":%q}`,
				h, hostIP(h), pick("u", 5), []string{"", pick("ident", 10)}[rnd.Intn(2)]))
		case 2:
			s.ModifyPAMDevice(pick("", 10), func(d *PAMDevice) { d.Hostname = pick("h", 12); d.IP = hostIP(d.Hostname) })
		case 3:
			s.ModifyPAMCredential(pick("", 30), func(c *PAMCredential) {
				c.Hostname = pick("h", 12)
				c.IP = hostIP(c.Hostname)
				c.Username = pick("u", 5)
				c.Identifier = []string{"", pick("ident", 10)}[rnd.Intn(2)]
			})
		case 4:
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest(http.MethodPatch, "/_mock/pam/credential/"+pick("", 30),
				strings.NewReader(fmt.Sprintf(`{"fields":{"username":%q,"identifier":%q}}`, pick("u", 5), pick("ident", 10)))))
		case 5:
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
		case 6:
			call(s, []string{"DELETE", "PUT"}[rnd.Intn(2)], "/api/pam/device/"+pick("", 10), tok, "")
		case 7:
			h := pick("h", 8)
			func() {
				defer func() { _ = recover() }() // a taken hostname, identifier or username panics
				if rnd.Intn(2) == 0 {
					s.SeedPAMDevice(PAMDevice{Hostname: h, IP: hostIP(h)})
				} else {
					s.SeedPAMCredential(PAMCredential{Hostname: h, IP: hostIP(h), Username: pick("u", 5), Identifier: []string{"", pick("ident", 10)}[rnd.Intn(2)]})
				}
			}()
		case 8:
			call(s, "GET", "/api/pam/credential/"+pick("u", 5)+"@"+pick("h", 8), tok, "")
		}
		checkPAMIndexes(t, s)
	}
	if len(s.pam.credentials) < 20 {
		t.Fatalf("the mix made too little: %d credentials", len(s.pam.credentials))
	}
}
