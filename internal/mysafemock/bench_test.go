package mysafemock_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafemock"
)

// BenchmarkServe is the mock's own cost per call (the handler, without the network), the
// share of make bench's CPU that is the mock's: a refresh GET and a create.
func BenchmarkServe(b *testing.B) {
	m := mysafemock.New(mysafemock.Options{})
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
		"client_id": {mysafemock.DefaultClientID}, "client_secret": {mysafemock.DefaultClientSecret}})
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
