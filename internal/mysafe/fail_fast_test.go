package mysafe_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// A server that accepts connections and never answers gets one retry, whatever max_retries
// says: two attempts of request_timeout each.
func TestSilentServerRetriedOnce(t *testing.T) {
	silent, err := senhaseguramock.NewSilentServer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(silent.Close)
	c, err := mysafe.New(senhasegura.Config{
		BaseURL: "http://" + silent.Addr(), ClientID: "id", ClientSecret: "secret", Timeout: 150 * time.Millisecond,
		MaxRetries: 5, RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Authenticate(context.Background())
	if err == nil || !strings.Contains(err.Error(), "timed out") || !strings.Contains(err.Error(), "gave up after 2 attempts") {
		t.Fatalf("want a timeout after 2 attempts, got %v", err)
	}
	if n := silent.Connections(); n != 2 {
		t.Fatalf("%d connections, want 2 (one retry)", n)
	}
}

// A refused port gets two quick retries, and the error names the address.
func TestRefusedPortFailsFast(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	c, err := mysafe.New(senhasegura.Config{BaseURL: "http://" + addr, ClientID: "id", ClientSecret: "secret", MaxRetries: 5,
		RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Authenticate(context.Background())
	if err == nil || !strings.Contains(err.Error(), "cannot connect to "+addr) || !strings.Contains(err.Error(), "gave up after 3 attempts") {
		t.Fatalf("want a refused connection to %s after 3 attempts, got %v", addr, err)
	}
}

// A failure with an answer (503) still gets every retry max_retries allows.
func TestAnsweredFailuresKeepAllRetries(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{}, func(c *senhasegura.Config) { c.MaxRetries = 4 })
	if err := e.client.Authenticate(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.mock.FailNextOn("GET /mysafe/password", 4, senhaseguramock.Fault{Status: 503})
	if _, err := e.client.Passwords.List(context.Background(), mysafe.PasswordFilter{}); err != nil {
		t.Fatalf("4 failures with 4 retries: %v", err)
	}
	if n := e.mock.RequestCount("GET /mysafe/password"); n != 5 {
		t.Fatalf("%d attempts, want 5", n)
	}
}
