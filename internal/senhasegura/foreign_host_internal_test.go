package senhasegura

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

type recordingTransport struct{ calls int }

func (r *recordingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	r.calls++
	return nil, errors.New("unreachable")
}

// The bearer token is only ever attached to requests for the configured host: an API request
// to any other origin fails before a token is fetched or anything is sent.
func TestBearerOnlyForConfiguredHost(t *testing.T) {
	c, err := New(Config{BaseURL: "https://vault.example.com:8443/root", ClientID: "a", ClientSecret: "b"})
	if err != nil {
		t.Fatal(err)
	}
	next := &recordingTransport{}
	tr := c.http.HTTPClient.Transport.(*authTransport) //nolint:forcetypeassert // built by New
	tr.next = next
	for _, target := range []string{"https://other.example.com:8443/api/mysafe/password", "http://vault.example.com:8443/api/mysafe/password", "https://vault.example.com/api/mysafe/password"} {
		ctx := context.WithValue(context.Background(), apiRequestKey, &requestAuth{tokens: c.tokens})
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if _, err := tr.RoundTrip(req); !errors.Is(err, errForeignHost) {
			t.Errorf("%s: want errForeignHost, got %v", target, err)
		}
	}
	if next.calls != 0 || c.TokenFetches() != 0 {
		t.Fatalf("%d requests sent, %d tokens fetched", next.calls, c.TokenFetches())
	}
}
