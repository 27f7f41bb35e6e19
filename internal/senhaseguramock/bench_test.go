package senhaseguramock_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// BenchmarkServe is the mock's own cost per call (the handler, without the network), the
// share of make bench's CPU that is the mock's: a refresh GET and a create.
func BenchmarkServe(b *testing.B) {
	m := senhaseguramock.New(senhaseguramock.Options{})
	call := func(method, path, token string, body []byte, form url.Values) *httptest.ResponseRecorder {
		var req *http.Request
		if form != nil {
			req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			req = httptest.NewRequest(method, path, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		m.ServeHTTP(w, req)
		return w
	}
	w := call(http.MethodPost, "/iso/oauth2/token", "", nil, url.Values{"grant_type": {"client_credentials"},
		"client_id": {senhaseguramock.DefaultClientID}, "client_secret": {senhaseguramock.DefaultClientSecret}})
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		b.Fatalf("token: %d %s", w.Code, w.Body)
	}
	create := []byte(`{"name":"bench","username":"root","password":"s3cr3t-value","url":"https://db.example.com","notes":"n","tags":"a, b"}`)
	w = call(http.MethodPost, "/iso/mysafe/password", tok.AccessToken, create, nil)
	if w.Code != http.StatusCreated && w.Code != http.StatusOK {
		b.Fatalf("create: %d %s", w.Code, w.Body)
	}
	var created struct {
		Password struct {
			ID any `json:"id"`
		} `json:"password"`
	}
	_ = json.Unmarshal(w.Body.Bytes(), &created)
	b.Logf("create answer: %s", w.Body)
	b.Run("get", func(b *testing.B) {
		for b.Loop() {
			if w := call(http.MethodGet, "/iso/mysafe/password/1", tok.AccessToken, nil, nil); w.Code != http.StatusOK {
				b.Fatalf("get: %d %s", w.Code, w.Body)
			}
		}
	})
	b.Run("create", func(b *testing.B) {
		for b.Loop() {
			call(http.MethodPost, "/iso/mysafe/password", tok.AccessToken, create, nil)
		}
	})
}

// vaultLists are the list calls BenchmarkList measures, with their sizes in a seedVault of
// 10,000 MySafe items per kind and 100,000 PAM Core credentials.
var vaultLists = []struct{ name, path string }{
	{"password-10000", "/api/mysafe/password"},
	{"secretapi-10000", "/api/mysafe/secretapi"},
	{"note-10000", "/api/mysafe/note"},
	{"pam-credential-100000", "/iso/pam/credential"},
	{"pam-device-1000", "/iso/pam/device"},
}

// BenchmarkList is one list GET at real size, over HTTP through an httptest server (no
// latency), the body read in full but not decoded: the mock's own time and the transfer.
//
//	go test -run '^$' -bench 'BenchmarkList' -benchtime 20x ./internal/senhaseguramock/
func BenchmarkList(b *testing.B) {
	m := senhaseguramock.New(senhaseguramock.Options{})
	seedVault(m, 10000, 100000)
	srv := httptest.NewServer(m)
	defer srv.Close()
	token := benchToken(b, srv)
	for _, l := range vaultLists {
		b.Run(l.name, func(b *testing.B) {
			var n int64
			for b.Loop() {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+l.path, nil) //nolint:noctx // benchmark
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := srv.Client().Do(req)
				if err != nil {
					b.Fatal(err)
				}
				n, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", l.path, resp.StatusCode)
				}
			}
			b.ReportMetric(float64(n)/1e6, "MB/answer")
		})
	}
}

// BenchmarkListHandler is one list at real size through the handler alone (an
// httptest.ResponseRecorder, no network).
func BenchmarkListHandler(b *testing.B) {
	m := senhaseguramock.New(senhaseguramock.Options{})
	seedVault(m, 10000, 100000)
	w := httptest.NewRecorder()
	m.ServeHTTP(w, tokenRequest())
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.Unmarshal(w.Body.Bytes(), &tok)
	for _, l := range vaultLists {
		b.Run(l.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, l.path, nil)
				req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
				w := httptest.NewRecorder()
				m.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", l.path, w.Code)
				}
			}
		})
	}
}

// BenchmarkSeed is seeding a real-sized vault, one whole vault per iteration: through the Go
// helpers (SeedMany, SeedPAMDevices, SeedPAMCredentials), and through the HTTP API (a POST per
// item, through an httptest server, no latency, one client).
//
//	go test -run '^$' -bench 'BenchmarkSeed' -benchtime 1x ./internal/senhaseguramock/
func BenchmarkSeed(b *testing.B) {
	b.Run("go-mysafe-3x10000", func(b *testing.B) {
		for b.Loop() {
			seedVault(senhaseguramock.New(senhaseguramock.Options{}), 10000, 0)
		}
	})
	b.Run("go-pam-credential-100000", func(b *testing.B) {
		for b.Loop() {
			seedVault(senhaseguramock.New(senhaseguramock.Options{}), 0, 100000)
		}
	})
	for _, kind := range []senhaseguramock.Kind{senhaseguramock.KindPassword, senhaseguramock.KindAPISecret, senhaseguramock.KindNote} {
		b.Run("http-"+string(kind)+"-10000", func(b *testing.B) {
			for b.Loop() {
				srv := httptest.NewServer(senhaseguramock.New(senhaseguramock.Options{}))
				token := benchToken(b, srv)
				for i := 0; i < 10000; i++ {
					s := strconv.Itoa(i)
					body := `{"name":"item ` + s + `","username":"u","password":"p","url":"https://h` + s + `.example.com",` +
						`"client_id":"c","identifier_code":"code-` + s + `","note":"n","tags":"a"}`
					benchPost(b, srv, token, "/api/mysafe/"+string(kind), body)
				}
				srv.Close()
			}
		})
	}
	b.Run("http-pam-credential-100000", func(b *testing.B) {
		for b.Loop() {
			srv := httptest.NewServer(senhaseguramock.New(senhaseguramock.Options{}))
			token := benchToken(b, srv)
			for d := 0; d < 1000; d++ {
				benchPost(b, srv, token, "/iso/pam/device", fmt.Sprintf(`{"hostname":"host%05d","ip":"10.0.%d.%d","type":"Server","vendor":"Linux","model":"Ubuntu","site":"DC1"}`, d, d>>8, d&255))
			}
			for i := 0; i < 100000; i++ {
				d := i / 100
				benchPost(b, srv, token, "/iso/pam/credential", fmt.Sprintf(`{"hostname":"host%05d","ip":"10.0.%d.%d","username":"user%d","identifier":"cred-%d","content":"pw"}`, d, d>>8, d&255, i%100, i))
			}
			srv.Close()
		}
	})
}

func benchToken(b *testing.B, srv *httptest.Server) string {
	b.Helper()
	resp, err := srv.Client().PostForm(srv.URL+"/iso/oauth2/token", tokenForm) //nolint:noctx // benchmark
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		b.Fatalf("token: %d %v", resp.StatusCode, err)
	}
	return tok.AccessToken
}

func benchPost(b *testing.B, srv *httptest.Server, token, path, body string) {
	req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body)) //nolint:noctx // benchmark
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		b.Fatalf("POST %s %s: %d", path, body, resp.StatusCode)
	}
}

// BenchmarkCreateAtSize is one create through the handler (no network) into an empty store
// and into a real-sized one: the same cost, so that seeding through the API is linear.
//
//	go test -run '^$' -bench 'BenchmarkCreateAtSize' ./internal/senhaseguramock/
func BenchmarkCreateAtSize(b *testing.B) {
	for _, size := range []int{0, 100000} {
		m := senhaseguramock.New(senhaseguramock.Options{})
		seedVault(m, size/10, size)
		w := httptest.NewRecorder()
		m.ServeHTTP(w, tokenRequest())
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		_ = json.Unmarshal(w.Body.Bytes(), &tok)
		post := func(b *testing.B, path, body string) {
			req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
			w := httptest.NewRecorder()
			m.ServeHTTP(w, req)
			if w.Code != http.StatusCreated {
				b.Fatalf("%s: %d %s", path, w.Code, w.Body)
			}
		}
		post(b, "/iso/pam/device", `{"hostname":"bench-host","ip":"10.255.0.1","type":"Server","vendor":"Linux","model":"Ubuntu","site":"DC1"}`)
		i := 0
		b.Run(fmt.Sprintf("secretapi-at-%d", size/10), func(b *testing.B) {
			for b.Loop() {
				i++
				post(b, "/api/mysafe/secretapi", `{"name":"n","url":"u","client_id":"c","identifier_code":"bench-`+strconv.Itoa(i)+`"}`)
			}
		})
		b.Run(fmt.Sprintf("pam-credential-at-%d", size), func(b *testing.B) {
			for b.Loop() {
				i++
				post(b, "/iso/pam/credential", `{"hostname":"bench-host","ip":"10.255.0.1","username":"u`+strconv.Itoa(i)+`","identifier":"bench-`+strconv.Itoa(i)+`","content":"pw"}`)
			}
		})
	}
}
