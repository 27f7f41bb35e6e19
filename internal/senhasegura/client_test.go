package senhasegura_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// Two API families on one instance, with two credential sets: each set has its own token,
// and the bound on requests in flight is the instance's, whichever family and credentials a
// request uses.
func TestCredentialSetsShareTheInstanceBound(t *testing.T) {
	m := senhaseguramock.New(senhaseguramock.Options{})
	m.AddClient("second-id", "second-secret", "admin")
	srv := httptest.NewServer(m)
	defer srv.Close()
	m.SetLatency(100 * time.Millisecond)
	first, err := senhasegura.New(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret, MaxConcurrent: 3})
	if err != nil {
		t.Fatal(err)
	}
	second, err := first.WithCredentials("second-id", "second-secret", "")
	if err != nil {
		t.Fatal(err)
	}
	fa, fb := &senhasegura.Family{Name: "A"}, &senhasegura.Family{Name: "B"}
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for i := 0; i < 12; i++ {
		api := first.API(fa)
		if i%2 == 1 {
			api = second.API(fb)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := api.Do(ctx, http.MethodGet, "/mysafe/password", nil, nil, true)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := m.MaxInFlight(); n > 3 {
		t.Errorf("%d requests in flight at once, the instance's bound is 3", n)
	}
	if first.TokenFetches() != 1 || second.TokenFetches() != 1 || m.TokenRequests() != 2 {
		t.Errorf("tokens: first %d, second %d, mock %d; want one per credential set", first.TokenFetches(), second.TokenFetches(), m.TokenRequests())
	}
}

// The same application code means what each family's table says: MySafe's 1009 is
// "inactive", another family's may be "no access".
func TestCodesAreClassifiedPerFamily(t *testing.T) {
	body := []byte(`{"code":400,"response":{"status":400,"message":"1009: x","error":true},"exception":{"code":1009,"message":"1009: x"}}`)
	mine := errors.New("a family's own sentinel")
	inactive := &senhasegura.Family{Name: "One", Codes: []senhasegura.CodeRule{{Code: 1009, Classes: []error{senhasegura.ErrInactive}}}}
	noAccess := &senhasegura.Family{Name: "Two", Codes: []senhasegura.CodeRule{
		{Code: 1009, Contains: "other text", Classes: []error{senhasegura.ErrNotFound}},
		{Code: 1009, Classes: []error{senhasegura.ErrNoAccess, mine}},
	}}
	_, err1 := senhasegura.DecodeEnvelope("GET /x", 400, body, inactive)
	_, err2 := senhasegura.DecodeEnvelope("GET /x", 400, body, noAccess)
	_, err3 := senhasegura.DecodeEnvelope("GET /x", 400, body, nil)
	switch {
	case !errors.Is(err1, senhasegura.ErrInactive) || errors.Is(err1, senhasegura.ErrNoAccess):
		t.Errorf("family One: %v", err1)
	case !errors.Is(err2, senhasegura.ErrNoAccess) || !errors.Is(err2, mine) || errors.Is(err2, senhasegura.ErrInactive) || errors.Is(err2, senhasegura.ErrNotFound):
		t.Errorf("family Two: %v", err2)
	case errors.Is(err3, senhasegura.ErrInactive) || errors.Is(err3, senhasegura.ErrNoAccess):
		t.Errorf("no family: %v", err3)
	}
	if err1.Error() != "GET /x: One error 1009: x (HTTP 400)" || err3.Error() != "GET /x: senhasegura error 1009: x (HTTP 400)" {
		t.Errorf("messages name the family: %q, %q", err1, err3)
	}
}

// An exception block is a failure when it carries a code: "exception": {"code": 0} on a 2xx
// answer whose response says no error is not one (reference/pam-api.md §1.3 tolerances).
func TestDecodeEnvelopeException(t *testing.T) {
	ok := []byte(`{"code":201,"response":{"status":201,"message":"Device successfully registered!","error":false},"exception":{"code":0,"message":"","detail":null},"device":{"id":"1"}}`)
	if env, err := senhasegura.DecodeEnvelope("POST /x", 201, ok, nil); err != nil || env["device"] == nil {
		t.Fatalf("a zero exception failed the answer: %v", err)
	}
	bad := []byte(`{"code":200,"response":{"status":200,"message":"","error":false},"exception":{"code":1011,"message":"1011: Device not found"}}`)
	if _, err := senhasegura.DecodeEnvelope("GET /x", 200, bad, nil); err == nil || !strings.Contains(err.Error(), "1011") {
		t.Fatalf("an exception with a code on a 200 must fail: %v", err)
	}
}
