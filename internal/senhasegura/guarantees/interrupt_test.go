package guarantees_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
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
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{})
		e.mock.SetLatency(200 * time.Millisecond)
		ctx := interruptAfter(t, e, f.createRoute, 1)
		id, err := e.client.create(ctx, "n", "Pw-1")
		if err != nil {
			t.Fatalf("a create sent before the interrupt must complete: %v", err)
		}
		if ctx.Err() == nil {
			t.Fatal("the context was not cancelled while the create was in flight")
		}
		if id != "1" || f.stored(e.mock) != 1 || e.mock.RequestCount(f.createRoute) != 1 {
			t.Fatalf("created %s; the mock holds %d after %d creates", id, f.stored(e.mock), e.mock.RequestCount(f.createRoute))
		}
	})
}

// A create that has not left when the interrupt arrives (it waits for a slot of
// max_concurrent_requests) is never sent.
func TestInterruptedCreateNotYetSentIsNotSent(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{}, func(c *senhasegura.Config) { c.MaxConcurrent = 1 })
		e.mock.SetLatency(300 * time.Millisecond)
		ctx := interruptAfter(t, e, f.createRoute, 1)
		first := make(chan error, 1)
		go func() {
			_, err := e.client.create(ctx, "first", "Pw-1")
			first <- err
		}()
		for e.mock.RequestCount(f.createRoute) < 1 {
			time.Sleep(time.Millisecond)
		}
		_, err := e.client.create(ctx, "second", "Pw-2")
		if !errors.Is(err, senhasegura.ErrInterrupted) {
			t.Fatalf("the queued create: want ErrInterrupted, got %v", err)
		}
		if err := <-first; err != nil {
			t.Fatalf("the create in flight: %v", err)
		}
		time.Sleep(400 * time.Millisecond)
		if n := e.mock.RequestCount(f.createRoute); n != 1 {
			t.Fatalf("%d creates reached the server, want only the one sent before the interrupt", n)
		}
	})
}

// A create whose answer is lost after the interrupt (the connection resets once the server
// stored the object) is recovered by the lookup on a detached context, and never sent again.
func TestInterruptedCreateLostAnswerIsRecovered(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{})
		e.mock.SetLatency(200 * time.Millisecond)
		e.mock.FailNextOn(f.createRoute, 1, senhaseguramock.Fault{Reset: true, AfterHandling: true})
		ctx := interruptAfter(t, e, f.createRoute, 1)
		id, err := e.client.create(ctx, "n", "Pw-1")
		if err != nil {
			t.Fatalf("the stored object must be recovered: %v", err)
		}
		// Two lists: the baseline one (before the first create of the kind in the process) and
		// the recovery's.
		if id != "1" || e.mock.RequestCount(f.createRoute) != 1 || e.mock.RequestCount(f.listRoute) != 2 {
			t.Fatalf("recovered %s with %d creates and %d lists", id, e.mock.RequestCount(f.createRoute), e.mock.RequestCount(f.listRoute))
		}
	})
}

// An update and a deactivation already sent complete; a retry is never sent after the interrupt.
func TestInterruptedChangesComplete(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		e := newEnv(t, f, senhaseguramock.Options{})
		id := f.seed(e.mock)
		e.mock.SetLatency(200 * time.Millisecond)
		ctx := interruptAfter(t, e, f.updateRoute, 1)
		if err := e.client.update(ctx, id); err != nil {
			t.Fatalf("an update sent before the interrupt must complete: %v", err)
		}
		if !f.updated(e.mock, id) {
			t.Fatal("the server does not hold the update")
		}
		ctx = interruptAfter(t, e, f.deactivateRoute, 1)
		if err := e.client.deactivate(ctx, id); err != nil {
			t.Fatalf("a deactivation sent before the interrupt must complete: %v", err)
		}
		// A 502 answer to an update, then the interrupt while the retry waits: no second update.
		e.mock.SetLatency(0)
		e.mock.FailNextOn(f.updateRoute, 1, senhaseguramock.Fault{Status: 502})
		before := e.mock.RequestCount(f.updateRoute)
		e2 := e.another(t, func(c *senhasegura.Config) { c.RetryWaitMin, c.RetryWaitMax = 2*time.Second, 2*time.Second })
		ctx = interruptAfter(t, e, f.updateRoute, before+1)
		start := time.Now()
		err := e2.update(ctx, id)
		if !errors.Is(err, senhasegura.ErrInterrupted) {
			t.Fatalf("want ErrInterrupted, got %v", err)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("the interrupted update waited %s for a retry it will not send", took)
		}
		if n := e.mock.RequestCount(f.updateRoute) - before; n != 1 {
			t.Errorf("%d updates after the interrupt, want 1", n)
		}
	})
}

// A create that fails ambiguously (a 5xx or a reset, before or after the server stored the
// object) ends with exactly one stored object: the lookup adopts what the failed attempt
// stored, and only when it finds nothing is the create sent again.
func TestCreateNeverDuplicates(t *testing.T) {
	ctx := context.Background()
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		for _, fault := range []senhaseguramock.Fault{
			{Status: 502, AfterHandling: true}, {Status: 504, AfterHandling: true}, {Status: 500, AfterHandling: true},
			{Reset: true, AfterHandling: true}, {Status: 502}, {Reset: true},
		} {
			e := newEnv(t, f, senhaseguramock.Options{})
			e.mock.FailNextOn(f.createRoute, 1, fault)
			id, err := e.client.create(ctx, "n", "Pw-1")
			if err != nil {
				t.Fatalf("fault %+v: %v", fault, err)
			}
			if n := f.stored(e.mock); n != 1 || id != "1" {
				t.Fatalf("fault %+v: %d stored (id %s)", fault, n, id)
			}
			if e.mock.FaultsServed() != 1 {
				t.Fatalf("fault %+v: %d faults served: the create was not the call that failed", fault, e.mock.FaultsServed())
			}
			// Sent once when the failed attempt stored the object (an upsert, like PAM Core's,
			// would hide a second one), twice when the lookup found that it did not.
			want := 1
			if !fault.AfterHandling {
				want = 2
			}
			if n := e.mock.RequestCount(f.createRoute); n != want {
				t.Fatalf("fault %+v: the create was sent %d times, want %d", fault, n, want)
			}
		}
	})
}

// A create whose 2xx answer cannot be read (truncated) still ends with the stored object.
func TestCreateAdoptsOnUnreadableAnswer(t *testing.T) {
	forEachFamily(t, func(t *testing.T, f apiFamily) {
		m := senhaseguramock.New(senhaseguramock.Options{})
		f.prepare(m)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == f.createPath {
				rec := httptest.NewRecorder()
				m.ServeHTTP(rec, r)
				w.WriteHeader(rec.Code)
				_, _ = w.Write(rec.Body.Bytes()[:rec.Body.Len()/2]) // truncated
				return
			}
			m.ServeHTTP(w, r)
		}))
		defer srv.Close()
		c, _ := f.newClient(senhasegura.Config{BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret, MaxRetries: -1})
		id, err := c.create(context.Background(), "n", "Pw-1")
		if err != nil || id != "1" || f.stored(m) != 1 {
			t.Fatalf("got %s, %v", id, err)
		}
	})
}
