package senhaseguramock_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestSeedMany: the bulk helpers store what the single ones do, in order, owned by the
// mock's first user however many clients there are.
func TestSeedMany(t *testing.T) {
	m := senhaseguramock.New(senhaseguramock.Options{})
	for i := 0; i < 20; i++ {
		m.AddClient(fmt.Sprintf("c%d", i), "s", fmt.Sprintf("user%d", i))
	}
	ids := m.SeedMany(senhaseguramock.KindAPISecret, 50, func(i int) senhaseguramock.Item {
		return senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "k" + strconv.Itoa(i), "identifier_code": "c" + strconv.Itoa(i)}}
	})
	items := m.Items(senhaseguramock.KindAPISecret)
	if len(ids) != 50 || len(items) != 50 || len(m.Items(senhaseguramock.KindNote)) != 0 {
		t.Fatalf("%d ids, %d API secrets", len(ids), len(items))
	}
	for i, it := range items {
		if it.ID != ids[i] || it.ID != strconv.Itoa(i+1) || it.Fields["name"] != "k"+strconv.Itoa(i) || it.Owner != senhaseguramock.DefaultUser || !it.Active {
			t.Fatalf("item %d: %+v (id %s)", i, it, ids[i])
		}
	}
	devs := m.SeedPAMDevices(3, func(i int) senhaseguramock.PAMDevice {
		return senhaseguramock.PAMDevice{Hostname: "h" + strconv.Itoa(i), IP: "10.0.0." + strconv.Itoa(i)}
	})
	creds := m.SeedPAMCredentials(30, func(i int) senhaseguramock.PAMCredential {
		// fn may call the mock.
		d, _ := m.PAMDevice(devs[i%3])
		return senhaseguramock.PAMCredential{Hostname: d.Hostname, IP: d.IP, Username: "u" + strconv.Itoa(i)}
	})
	all := m.PAMCredentials()
	if len(devs) != 3 || len(creds) != 30 || len(all) != 30 || all[29].ID != creds[29] || all[29].Username != "u29" || all[29].Hostname != "h2" || all[29].Identifier == "" {
		t.Fatalf("devices %v, credentials %v: %+v", devs, creds, all[29])
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a taken username must panic, as SeedPAMCredential does")
		}
	}()
	m.SeedPAMCredentials(1, func(int) senhaseguramock.PAMCredential {
		return senhaseguramock.PAMCredential{Hostname: "h0", IP: "10.0.0.0", Username: "u0"}
	})
}

// seedVault fills m with n MySafe items of each kind and nPAM credentials, 100 per device.
func seedVault(m *senhaseguramock.Server, n, nPAM int) {
	for _, k := range []senhaseguramock.Kind{senhaseguramock.KindPassword, senhaseguramock.KindAPISecret, senhaseguramock.KindNote} {
		m.SeedMany(k, n, func(i int) senhaseguramock.Item {
			s := strconv.Itoa(i)
			return senhaseguramock.Item{Fields: map[string]string{"name": "item " + s, "username": "u" + s, "password": "p" + s,
				"url": "https://h" + s + ".example.com", "tags": "t" + strconv.Itoa(i%10), "identifier_code": "code-" + s,
				"client_id": "c" + s, "note": "n" + s}}
		})
	}
	m.SeedPAMDevices((nPAM+99)/100, func(i int) senhaseguramock.PAMDevice {
		return senhaseguramock.PAMDevice{Hostname: fmt.Sprintf("host%05d.example.com", i), IP: fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255),
			Type: "Server", Vendor: "Linux", Model: "Ubuntu", Site: "DC1", Connectivities: "SSH:22"}
	})
	m.SeedPAMCredentials(nPAM, func(i int) senhaseguramock.PAMCredential {
		d := i / 100
		return senhaseguramock.PAMCredential{Hostname: fmt.Sprintf("host%05d.example.com", d), IP: fmt.Sprintf("10.%d.%d.%d", d>>16&255, d>>8&255, d&255),
			Username: "user" + strconv.Itoa(i%100), Identifier: "cred-" + strconv.Itoa(i), Password: "pw", Tags: "prod"}
	})
}

// listLen GETs a list through h and counts its items.
func listLen(t testing.TB, srv *httptest.Server, token, path, key string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil) //nolint:noctx // test helper
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env map[string]json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %d %v", path, resp.StatusCode, err)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(env[key], &items); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return len(items)
}

// TestRealSizedVault: 10,000 MySafe items of each kind and 100,000 PAM Core credentials are
// stored and listed in full. (The times are logged; BenchmarkList measures them.)
func TestRealSizedVault(t *testing.T) {
	if testing.Short() {
		t.Skip("a real-sized vault: not with -short")
	}
	h := newHarness(t, senhaseguramock.Options{})
	start := time.Now()
	seedVault(h.mock, 10000, 100000)
	t.Logf("seeded 3 × 10,000 MySafe items and 100,000 PAM Core credentials in %v", time.Since(start))
	for _, l := range []struct{ path, key string }{
		{"/api/mysafe/password", "password_on_list"}, {"/api/mysafe/secretapi", "api_secret_on_list"},
		{"/api/mysafe/note", "note_on_list"}, {"/iso/pam/credential", "credentials"}, {"/iso/pam/device", "devices"},
	} {
		start := time.Now()
		n := listLen(t, h.srv, h.token, l.path, l.key)
		t.Logf("GET %s: %d items in %v", l.path, n, time.Since(start))
		want := map[string]int{"credentials": 100000, "devices": 1000}[l.key]
		if want == 0 {
			want = 10000
		}
		if n != want {
			t.Fatalf("%s: %d items, want %d", l.path, n, want)
		}
	}
	if n := listLen(t, h.srv, h.token, "/api/mysafe/secretapi?identifier_code=code-9999", "api_secret_on_list"); n != 1 {
		t.Fatalf("filtered: %d", n)
	}
	// A create's duplicate check against 10,000 API secrets, and an upsert's lookups among
	// 100,000 credentials.
	if status, body := h.do("POST", "/api/mysafe/secretapi", []byte(`{"name":"n","url":"u","client_id":"c","identifier_code":"code-4242"}`)); status != 400 {
		t.Fatalf("duplicate code: %d %s", status, body)
	}
	h.pam("POST", "/iso/pam/credential", `{"hostname":"host00999.example.com","ip":"10.0.3.231","username":"user7","content":"new"}`).
		want(201, "Credential updated successfully!")
}

// TestListAllocationsDoNotGrowWithTheList is a time-free check on the lists' cost: the
// allocations of one list GET do not grow with the number of items it writes (they were a
// few per item when every item was an ordered object of boxed values).
func TestListAllocationsDoNotGrowWithTheList(t *testing.T) {
	allocs := func(n int, path string) float64 {
		m := senhaseguramock.New(senhaseguramock.Options{})
		seedVault(m, n, n)
		tok := httptest.NewRecorder()
		m.ServeHTTP(tok, tokenRequest())
		var tk struct {
			AccessToken string `json:"access_token"`
		}
		_ = json.Unmarshal(tok.Body.Bytes(), &tk)
		return testing.AllocsPerRun(5, func() {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set("Authorization", "Bearer "+tk.AccessToken)
			w := httptest.NewRecorder()
			m.ServeHTTP(w, req)
			if w.Code != 200 {
				t.Fatalf("%s: %d", path, w.Code)
			}
		})
	}
	for _, path := range []string{"/api/mysafe/password", "/api/mysafe/secretapi", "/api/mysafe/note", "/iso/pam/credential", "/iso/pam/device"} {
		small, large := allocs(200, path), allocs(5000, path)
		t.Logf("%s: %.0f allocations at 200 items, %.0f at 5,000", path, small, large)
		if large > small+40 {
			t.Errorf("%s: %.0f allocations at 200 items, %.0f at 5,000: the list allocates per item", path, small, large)
		}
	}
}

func tokenRequest() *http.Request {
	req := httptest.NewRequest(http.MethodPost, "/iso/oauth2/token", strings.NewReader(tokenForm.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}
