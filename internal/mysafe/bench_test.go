package mysafe_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// BenchmarkGetPassword measures one GET through the client against the mock on loopback
// (token cached): the client's per-call overhead plus the mock.
func BenchmarkGetPassword(b *testing.B) {
	m := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(m)
	defer srv.Close()
	c, err := mysafe.New(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	p, err := c.Passwords.Create(ctx, sensegPassword())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Passwords.Get(ctx, p.ID); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n := m.TokenRequests(); n != 1 {
		b.Fatalf("%d token requests", n)
	}
}

// BenchmarkCreateAPISecret measures a create (one POST) with sharing.
func BenchmarkCreateAPISecret(b *testing.B) {
	m := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(m)
	defer srv.Close()
	c, _ := mysafe.New(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret})
	ctx := context.Background()
	a := gcpSecret()
	a.IdentifierCode = ""
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.APISecrets.Create(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
}
