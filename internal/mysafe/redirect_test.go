package mysafe_test

import (
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// otherHost starts a listener on 127.0.0.2 (another host from the client's point of view)
// that counts the connections it receives.
func otherHost(t *testing.T) *senhaseguramock.OtherHost {
	t.Helper()
	h, err := senhaseguramock.NewOtherHost()
	if err != nil {
		t.Fatalf("a second loopback address is needed for this test: %v", err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

// No credential follows a redirect: for every redirect status, on the token call, create,
// read, update and deactivate, the client reports the redirect (status and target host, never
// its path or query), does not retry it, and the other host receives nothing.
func TestRedirectsNeverFollowed(t *testing.T) {
	other := otherHost(t)
	host := strings.TrimPrefix(other.URL, "http://")
	location := other.URL + "/sso/login?ticket=Sso-Ticket-77&next=/api"
	ctx := context.Background()

	type op struct {
		name, route string
		run         func(c *mysafe.Client, id string) error
	}
	ops := []op{
		{"token", "POST /oauth2/token", func(c *mysafe.Client, _ string) error { return c.Authenticate(ctx) }},
		{"create", "POST /mysafe/password", func(c *mysafe.Client, _ string) error {
			_, err := c.Passwords.Create(ctx, sensegPassword())
			return err
		}},
		{"read", "GET /mysafe/password/{id}", func(c *mysafe.Client, id string) error {
			_, err := c.Passwords.Get(ctx, id)
			return err
		}},
		{"update", "PUT /mysafe/password/update/{id}", func(c *mysafe.Client, id string) error {
			_, err := c.Passwords.Update(ctx, id, mysafe.PasswordUpdate{Password: ptr("New-Secret-1")})
			return err
		}},
		{"deactivate", "POST /mysafe/password/inactive/{id}", func(c *mysafe.Client, id string) error {
			return c.Passwords.Deactivate(ctx, id)
		}},
	}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, o := range ops {
			t.Run(fmt.Sprintf("%d %s", status, o.name), func(t *testing.T) {
				e := newEnv(t, senhaseguramock.Options{})
				id := e.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "n", "username": "u", "password": "p"}})
				fault := senhaseguramock.Fault{Status: status, Location: location}
				if o.name == "token" {
					e.mock.FailNextToken(1, fault)
				} else {
					if err := e.client.Authenticate(ctx); err != nil {
						t.Fatal(err)
					}
					e.mock.FailNextOn(o.route, 1, fault)
				}
				before := e.mock.RequestCount(o.route)
				err := o.run(e.client, id)
				if !errors.Is(err, senhasegura.ErrRedirect) {
					t.Fatalf("want ErrRedirect, got %v", err)
				}
				msg := err.Error()
				if !strings.Contains(msg, host) || !strings.Contains(msg, fmt.Sprintf("HTTP %d", status)) {
					t.Errorf("the error names neither the target host nor the status: %s", msg)
				}
				if strings.Contains(msg, "sso") || strings.Contains(msg, "Sso-Ticket-77") {
					t.Errorf("the error repeats the redirect's path or query: %s", msg)
				}
				if n := e.mock.RequestCount(o.route) - before; n != 1 {
					t.Errorf("%s was sent %d times: a redirect is not retried", o.route, n)
				}
			})
		}
	}
	if n := other.Connections(); n != 0 {
		t.Fatalf("the other host received %d connections", n)
	}
}

// A URL with user information is refused, and the error does not repeat it.
func TestUserInfoNeverRepeated(t *testing.T) {
	for _, cfg := range []senhasegura.Config{
		{BaseURL: "https://admin:Url-Secret-9@vault.example.com", ClientID: "a", ClientSecret: "b"},
		{BaseURL: "https://vault.example.com", TokenURL: "https://admin:Url-Secret-9@vault.example.com/iso/oauth2/token", ClientID: "a", ClientSecret: "b"},
		{BaseURL: "vault.example.com:x:Url-Secret-9@", ClientID: "a", ClientSecret: "b"},
	} {
		_, err := mysafe.New(cfg)
		if err == nil {
			t.Fatalf("%+v accepted", cfg)
		}
		if strings.Contains(err.Error(), "Url-Secret-9") || strings.Contains(err.Error(), "admin") {
			t.Errorf("the error repeats the user information: %v", err)
		}
	}
	if got := senhasegura.RedactURL("https://u:p@h/x"); got != "https://***@h/x" {
		t.Fatalf("RedactURL: %s", got)
	}
}

// Mutual TLS: a server that requires a client certificate refuses the client without one or
// with one its CA did not sign, and accepts the configured one.
func TestClientCertificate(t *testing.T) {
	mt, err := senhaseguramock.NewMutualTLS()
	if err != nil {
		t.Fatal(err)
	}
	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewUnstartedServer(mock)
	srv.TLS = mt.ServerConfig()
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ca := pemCert(srv)
	newClient := func(o senhasegura.TLSOptions) (*mysafe.Client, error) {
		o.CACertPEM = ca
		return mysafe.New(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret, MaxRetries: -1, TLS: o})
	}
	for name, o := range map[string]senhasegura.TLSOptions{
		"no certificate": {},
		"unknown signer": {ClientCertPEM: mt.OtherCertPEM, ClientKeyPEM: mt.OtherKeyPEM},
	} {
		c, err := newClient(o)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Authenticate(context.Background()); !errors.Is(err, senhasegura.ErrConnection) {
			t.Errorf("%s: want a refused TLS handshake, got %v", name, err)
		}
	}
	c, err := newClient(senhasegura.TLSOptions{ClientCertPEM: mt.ClientCertPEM, ClientKeyPEM: mt.ClientKeyPEM})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Passwords.Create(context.Background(), sensegPassword()); err != nil {
		t.Fatalf("with the client certificate: %v", err)
	}
	if _, err := newClient(senhasegura.TLSOptions{ClientCertPEM: mt.ClientCertPEM}); !errors.Is(err, senhasegura.ErrInvalidClientCert) {
		t.Fatalf("a certificate without its key: %v", err)
	}
	if _, err := newClient(senhasegura.TLSOptions{ClientCertPEM: mt.ClientCertPEM, ClientKeyPEM: mt.OtherKeyPEM}); !errors.Is(err, senhasegura.ErrInvalidClientCert) {
		t.Fatalf("a key that does not match: %v", err)
	}
}

func pemCert(srv *httptest.Server) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
}
