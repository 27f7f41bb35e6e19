package mysafe_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// interruptAfter cancels the returned context once the mock has received n calls of route,
// as Terraform's first Ctrl-C cancels every operation in flight (StopProvider).
func interruptAfter(t *testing.T, e *env, route string, n int) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	go func() {
		for e.mock.RequestCount(route) < n {
			time.Sleep(2 * time.Millisecond)
		}
		cancel()
	}()
	return ctx
}

// A create already sent when the interrupt arrives completes: its object comes back, once.
func TestInterruptedCreateCompletes(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	e.mock.SetLatency(200 * time.Millisecond)
	ctx := interruptAfter(t, e, "POST /mysafe/password", 1)
	got, err := e.client.Passwords.Create(ctx, mysafe.Password{Name: "n", Username: "u", Password: "Pw-1"})
	if err != nil {
		t.Fatalf("a create sent before the interrupt must complete: %v", err)
	}
	if ctx.Err() == nil {
		t.Fatal("the context was not cancelled while the create was in flight")
	}
	if got.ID != "1" || len(e.mock.Items(senhaseguramock.KindPassword)) != 1 || e.mock.RequestCount("POST /mysafe/password") != 1 {
		t.Fatalf("created %+v; MySafe holds %d passwords after %d POSTs", got, len(e.mock.Items(senhaseguramock.KindPassword)), e.mock.RequestCount("POST /mysafe/password"))
	}
}

// A create that has not left when the interrupt arrives (it waits for a slot of
// max_concurrent_requests) is never sent.
func TestInterruptedCreateNotYetSentIsNotSent(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{}, func(c *senhasegura.Config) { c.MaxConcurrent = 1 })
	e.mock.SetLatency(300 * time.Millisecond)
	ctx := interruptAfter(t, e, "POST /mysafe/password", 1)
	first := make(chan error, 1)
	go func() {
		_, err := e.client.Passwords.Create(ctx, mysafe.Password{Name: "first", Username: "u", Password: "Pw-1"})
		first <- err
	}()
	for e.mock.RequestCount("POST /mysafe/password") < 1 {
		time.Sleep(time.Millisecond)
	}
	_, err := e.client.Passwords.Create(ctx, mysafe.Password{Name: "second", Username: "u", Password: "Pw-2"})
	if !errors.Is(err, senhasegura.ErrInterrupted) {
		t.Fatalf("the queued create: want ErrInterrupted, got %v", err)
	}
	if err := <-first; err != nil {
		t.Fatalf("the create in flight: %v", err)
	}
	time.Sleep(400 * time.Millisecond)
	if n := e.mock.RequestCount("POST /mysafe/password"); n != 1 {
		t.Fatalf("%d creates reached MySafe, want only the one sent before the interrupt", n)
	}
}

// A create whose answer is lost after the interrupt (the connection resets once MySafe stored
// the password) is recovered by the lookup on a detached context, and never sent again.
func TestInterruptedCreateLostAnswerIsRecovered(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	e.mock.SetLatency(200 * time.Millisecond)
	e.mock.FailNextOn("POST /mysafe/password", 1, senhaseguramock.Fault{Reset: true, AfterHandling: true})
	ctx := interruptAfter(t, e, "POST /mysafe/password", 1)
	got, err := e.client.Passwords.Create(ctx, mysafe.Password{Name: "n", Username: "u", Password: "Pw-1"})
	if err != nil {
		t.Fatalf("the stored password must be recovered: %v", err)
	}
	// Two lists: the baseline one (before the first create of the kind in the process) and the
	// recovery's.
	if got.ID != "1" || e.mock.RequestCount("POST /mysafe/password") != 1 || e.mock.RequestCount("GET /mysafe/password") != 2 {
		t.Fatalf("recovered %+v with %d POSTs and %d lists", got, e.mock.RequestCount("POST /mysafe/password"), e.mock.RequestCount("GET /mysafe/password"))
	}
}

// An update and a deactivation already sent complete; a retry is never sent after the interrupt.
func TestInterruptedChangesComplete(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	id := e.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "n", "username": "u", "password": "p"}})
	e.mock.SetLatency(200 * time.Millisecond)
	name := "renamed"
	ctx := interruptAfter(t, e, "PUT /mysafe/password/update/{id}", 1)
	if _, err := e.client.Passwords.Update(ctx, id, mysafe.PasswordUpdate{Name: &name}); err != nil {
		t.Fatalf("an update sent before the interrupt must complete: %v", err)
	}
	if it, _ := e.mock.Item(senhaseguramock.KindPassword, id); it.Fields["name"] != name {
		t.Fatalf("MySafe holds %q", it.Fields["name"])
	}
	ctx = interruptAfter(t, e, "POST /mysafe/password/inactive/{id}", 1)
	if err := e.client.Passwords.Deactivate(ctx, id); err != nil {
		t.Fatalf("a deactivation sent before the interrupt must complete: %v", err)
	}
	// A 502 answer to an update, then the interrupt while the retry waits: no second PUT.
	e.mock.SetLatency(0)
	e.mock.FailNextOn("PUT /mysafe/password/update/{id}", 1, senhaseguramock.Fault{Status: 502})
	before := e.mock.RequestCount("PUT /mysafe/password/update/{id}")
	e2 := newEnvFrom(t, e, func(c *senhasegura.Config) { c.RetryWaitMin, c.RetryWaitMax = 2*time.Second, 2*time.Second })
	ctx = interruptAfter(t, e, "PUT /mysafe/password/update/{id}", before+1)
	start := time.Now()
	_, err := e2.Passwords.Update(ctx, id, mysafe.PasswordUpdate{Name: &name})
	if !errors.Is(err, senhasegura.ErrInterrupted) {
		t.Fatalf("want ErrInterrupted, got %v", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("the interrupted update waited %s for a retry it will not send", took)
	}
	if n := e.mock.RequestCount("PUT /mysafe/password/update/{id}") - before; n != 1 {
		t.Errorf("%d PUTs after the interrupt, want 1", n)
	}
}

// newEnvFrom is another client of e's mock.
func newEnvFrom(t *testing.T, e *env, tweak func(*senhasegura.Config)) *mysafe.Client {
	t.Helper()
	cfg := senhasegura.Config{BaseURL: e.srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret}
	tweak(&cfg)
	c, err := mysafe.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
