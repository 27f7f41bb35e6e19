package guarantees_test

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

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
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
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		other := otherHost(t)
		host := strings.TrimPrefix(other.URL, "http://")
		location := other.URL + "/sso/login?ticket=Sso-Ticket-77&next=/api"
		ctx := context.Background()

		type op struct {
			name, route string
			run         func(c familyClient, id string) error
		}
		ops := []op{
			{"token", "POST /oauth2/token", func(c familyClient, _ string) error { return c.authenticate(ctx) }},
			{"create", f.createRoute, func(c familyClient, _ string) error {
				_, err := c.create(ctx, "n", "New-Secret-1")
				return err
			}},
			{"read", f.readRoute, func(c familyClient, id string) error { return c.read(ctx, id) }},
			{"update", f.updateRoute, func(c familyClient, id string) error { return c.update(ctx, id) }},
			{"deactivate", f.deactivateRoute, func(c familyClient, id string) error { return c.deactivate(ctx, id) }},
		}
		for _, status := range []int{301, 302, 303, 307, 308} {
			for _, o := range ops {
				t.Run(fmt.Sprintf("%d %s", status, o.name), func(t *testing.T) {
					e := newEnv(t, f, senhaseguramock.Options{})
					id := f.seed(e.mock)
					fault := senhaseguramock.Fault{Status: status, Location: location}
					if o.name == "token" {
						e.mock.FailNextToken(1, fault)
					} else {
						if err := e.client.authenticate(ctx); err != nil {
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
	})
}

// A URL with user information is refused, and the error does not repeat it.
func TestUserInfoNeverRepeated(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		for _, cfg := range []senhasegura.Config{
			{BaseURL: "https://admin:Url-Secret-9@vault.example.com", ClientID: "a", ClientSecret: "b"},
			{BaseURL: "https://vault.example.com", TokenURL: "https://admin:Url-Secret-9@vault.example.com/iso/oauth2/token", ClientID: "a", ClientSecret: "b"},
			{BaseURL: "vault.example.com:x:Url-Secret-9@", ClientID: "a", ClientSecret: "b"},
		} {
			_, err := f.newClient(cfg)
			if err == nil {
				t.Fatalf("%+v accepted", cfg)
			}
			if strings.Contains(err.Error(), "Url-Secret-9") || strings.Contains(err.Error(), "admin") {
				t.Errorf("the error repeats the user information: %v", err)
			}
		}
	})
	if got := senhasegura.RedactURL("https://u:p@h/x"); got != "https://***@h/x" {
		t.Fatalf("RedactURL: %s", got)
	}
}

// Mutual TLS and a private CA: a server that requires a client certificate refuses the client
// without one or with one its CA did not sign, and accepts the configured one; the server's
// certificate is trusted through the configured CA only.
func TestClientCertificate(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		mt, err := senhaseguramock.NewMutualTLS()
		if err != nil {
			t.Fatal(err)
		}
		mock := senhaseguramock.New(senhaseguramock.Options{})
		f.prepare(mock)
		srv := httptest.NewUnstartedServer(mock)
		srv.TLS = mt.ServerConfig()
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
		srv.StartTLS()
		t.Cleanup(srv.Close)
		ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
		newClient := func(o senhasegura.TLSOptions) (familyClient, error) {
			o.CACertPEM = ca
			return f.newClient(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret, MaxRetries: -1, TLS: o})
		}
		for name, o := range map[string]senhasegura.TLSOptions{
			"no certificate": {},
			"unknown signer": {ClientCertPEM: mt.OtherCertPEM, ClientKeyPEM: mt.OtherKeyPEM},
		} {
			c, err := newClient(o)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.authenticate(context.Background()); !errors.Is(err, senhasegura.ErrConnection) {
				t.Errorf("%s: want a refused TLS handshake, got %v", name, err)
			}
		}
		c, err := newClient(senhasegura.TLSOptions{ClientCertPEM: mt.ClientCertPEM, ClientKeyPEM: mt.ClientKeyPEM})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.create(context.Background(), "n", "Pw-1"); err != nil {
			t.Fatalf("with the client certificate: %v", err)
		}
		c, err = f.newClient(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret,
			MaxRetries: -1, TLS: senhasegura.TLSOptions{ClientCertPEM: mt.ClientCertPEM, ClientKeyPEM: mt.ClientKeyPEM}})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.authenticate(context.Background()); !errors.Is(err, senhasegura.ErrUntrusted) {
			t.Errorf("without the private CA: want an untrusted certificate, got %v", err)
		}
		if _, err := newClient(senhasegura.TLSOptions{ClientCertPEM: mt.ClientCertPEM}); !errors.Is(err, senhasegura.ErrInvalidClientCert) {
			t.Fatalf("a certificate without its key: %v", err)
		}
		if _, err := newClient(senhasegura.TLSOptions{ClientCertPEM: mt.ClientCertPEM, ClientKeyPEM: mt.OtherKeyPEM}); !errors.Is(err, senhasegura.ErrInvalidClientCert) {
			t.Fatalf("a key that does not match: %v", err)
		}
	})
}
