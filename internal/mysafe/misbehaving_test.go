package mysafe_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// A server that lies about identifiers: a read or update answer about another item is an
// error naming both, never a switch; an answer without an identifier is about the item asked
// for.
func TestAnswerAboutAnotherItem(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	ctx := context.Background()
	for _, kind := range []senhaseguramock.Kind{senhaseguramock.KindPassword, senhaseguramock.KindAPISecret, senhaseguramock.KindNote} {
		t.Run(string(kind), func(t *testing.T) {
			fields := map[string]string{"name": "n", "username": "u", "password": "p", "url": "https://x", "client_id": "c", "note": "x"}
			id := e.mock.Seed(senhaseguramock.Item{Kind: kind, Fields: fields})
			get := func() (string, error) {
				switch kind {
				case senhaseguramock.KindPassword:
					p, err := e.client.Passwords.Get(ctx, id)
					if err != nil {
						return "", err
					}
					return p.ID, nil
				case senhaseguramock.KindAPISecret:
					a, err := e.client.APISecrets.Get(ctx, id)
					if err != nil {
						return "", err
					}
					return a.ID, nil
				}
				n, err := e.client.Notes.Get(ctx, id)
				if err != nil {
					return "", err
				}
				return n.ID, nil
			}
			route := "GET /mysafe/" + string(kind) + "/{id}"
			e.mock.FailNextOn(route, 1, senhaseguramock.Fault{ID: "999"})
			_, err := get()
			if !errors.Is(err, senhasegura.ErrInvalidResponse) || !strings.Contains(err.Error(), `"999"`) || !strings.Contains(err.Error(), id) {
				t.Fatalf("another identifier: %v", err)
			}
			e.mock.FailNextOn(route, 1, senhaseguramock.Fault{DropID: true})
			if got, err := get(); err != nil || got != id {
				t.Fatalf("no identifier: %q, %v", got, err)
			}
		})
	}
	id := e.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "n2", "username": "u", "password": "p"}})
	e.mock.FailNextOn("PUT /mysafe/password/update/{id}", 1, senhaseguramock.Fault{ID: "1"})
	if _, err := e.client.Passwords.Update(ctx, id, mysafe.PasswordUpdate{Notes: ptr("x")}); !errors.Is(err, senhasegura.ErrInvalidResponse) {
		t.Fatalf("update about another item: %v", err)
	}
}

// A create answer whose identifier is not digits is recovered: the stored item is found and
// adopted under its real identifier, and the create is sent once.
func TestCreateAnswerWithABadIdentifier(t *testing.T) {
	for name, f := range map[string]senhaseguramock.Fault{"-1": {ID: "-1"}, "2.0": {ID: "2.0"}, "space 3": {ID: " 3"}, "blank": {BlankID: true},
		"none": {DropID: true}, "injection": {ID: "3; DROP"}} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, senhaseguramock.Options{})
			e.mock.FailNextOn("POST /mysafe/password", 1, f)
			got, err := e.client.Passwords.Create(context.Background(), mysafe.Password{Name: "n", Username: "u", Password: "Pw-1"})
			if err != nil || got.ID != "1" {
				t.Fatalf("%+v, %v", got, err)
			}
			if n := e.mock.RequestCount("POST /mysafe/password"); n != 1 {
				t.Fatalf("%d creates", n)
			}
		})
	}
}

// A lookup that cannot read a candidate (a 5xx, an access key that may list but not view)
// never leads to a second create: the error says the item may be stored and names it.
func TestRecoveryThatCannotTellNeverCreatesAgain(t *testing.T) {
	for _, name := range []string{"5xx", "list only"} {
		t.Run(name, func(t *testing.T) {
			opts := senhaseguramock.Options{}
			e := newEnv(t, opts)
			c := e.client
			if name == "list only" {
				e.mock.AddListOnlyClient("lister", "lister-secret", senhaseguramock.DefaultUser)
				c = newEnvFrom(t, e, func(cfg *senhasegura.Config) {
					cfg.ClientID, cfg.ClientSecret = "lister", "lister-secret"
					cfg.RetryWaitMin, cfg.RetryWaitMax = 5e6, 5e7
				})
			} else {
				e.mock.FailAlwaysOn("GET /mysafe/password/{id}", senhaseguramock.Fault{Status: 500})
			}
			e.mock.FailNextOn("POST /mysafe/password", 1, senhaseguramock.Fault{Status: 502, AfterHandling: true})
			_, err := c.Passwords.Create(context.Background(), mysafe.Password{Name: "n", Username: "u", Password: "Pw-1"})
			if !errors.Is(err, senhasegura.ErrMaybeStored) || !strings.Contains(err.Error(), "candidate 1") {
				t.Fatalf("want ErrMaybeStored naming candidate 1, got %v", err)
			}
			var ms *senhasegura.MaybeStoredError
			if !errors.As(err, &ms) || len(ms.Candidates()) != 1 || ms.Candidates()[0] != "1" {
				t.Fatalf("candidates: %v", err)
			}
			if n, items := e.mock.RequestCount("POST /mysafe/password"), len(e.mock.Items(senhaseguramock.KindPassword)); n != 1 || items != 1 {
				t.Fatalf("%d creates, %d stored", n, items)
			}
		})
	}
}

// Siblings whose recovery keys collide (same name, username, URL and password; other tags or
// shares) never adopt each other's items, however their answers are lost; an item that
// existed before the create is never adopted.
func TestSiblingsNeverAdoptEachOther(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	ctx := context.Background()
	// An identical item that existed before: never adopted.
	old := e.mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "svc", "username": "u", "password": "Pw-1", "tags": "t0"}})
	e.mock.SetFaultRate(0.5, 7,
		senhaseguramock.Fault{Status: 502, AfterHandling: true}, senhaseguramock.Fault{Reset: true, AfterHandling: true},
		senhaseguramock.Fault{Status: 502}, senhaseguramock.Fault{Status: 504, AfterHandling: true})
	const n = 12
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := mysafe.Password{Name: "svc", Username: "u", Password: "Pw-1", Tags: fmt.Sprintf("t%d", i%4)}
			if i%4 == 0 {
				p.UsersAllowed = []mysafe.Share{{Name: fmt.Sprintf("user%d", i)}}
			}
			got, err := e.client.Passwords.Create(ctx, p)
			if err == nil {
				ids[i] = got.ID
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	e.mock.ClearFaults()
	seen := map[string]int{}
	for i, id := range ids {
		if errs[i] != nil {
			if !errors.Is(errs[i], senhasegura.ErrMaybeStored) && !errors.Is(errs[i], senhasegura.ErrServer) && !errors.Is(errs[i], senhasegura.ErrGateway) &&
				!errors.Is(errs[i], senhasegura.ErrConnection) {
				t.Errorf("sibling %d: %v", i, errs[i])
			}
			continue
		}
		if other, dup := seen[id]; dup {
			t.Fatalf("siblings %d and %d share item %s", other, i, id)
		}
		seen[id] = i
		if id == old {
			t.Fatalf("sibling %d adopted the item that existed before", i)
		}
		it, _ := e.mock.Item(senhaseguramock.KindPassword, id)
		if it.Fields["tags"] != fmt.Sprintf("t%d", i%4) {
			t.Fatalf("sibling %d (tags t%d) adopted %s with tags %q", i, i%4, id, it.Fields["tags"])
		}
	}
	// Every stored item is either held by a sibling or named in an error (nothing orphaned
	// silently): stored items = adopted + the ones errors may name.
	named := 0
	for _, err := range errs {
		var ms *senhasegura.MaybeStoredError
		if errors.As(err, &ms) {
			named += len(ms.Candidates())
		}
	}
	stored := len(e.mock.Items(senhaseguramock.KindPassword)) - 1
	if stored > len(seen)+named {
		t.Fatalf("%d items stored, %d held, %d named: %d orphaned", stored, len(seen), named, stored-len(seen)-named)
	}
	if e.mock.FaultsServed() < 4 {
		t.Fatalf("only %d faults: the test proves nothing", e.mock.FaultsServed())
	}
	t.Logf("%d siblings: %d held, %d errors (%d items named), %d faults", n, len(seen), n-len(seen), named, e.mock.FaultsServed())
}

// A sibling stored by another process while this create's answer is lost (same name, username,
// URL and password, other tags) is not this create's item: the lookup passes it over, and the
// create is sent again.
func TestRecoveryPassesOverAnotherProcessSibling(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	other := newEnvFrom(t, e, func(*senhasegura.Config) {})
	ctx := context.Background()
	// This create is refused by a 502 before MySafe stores anything, after a delay during
	// which the other process stores its sibling.
	e.mock.FailNextOn("POST /mysafe/password", 1, senhaseguramock.Fault{Status: 502, Delay: 300e6})
	done := make(chan error, 1)
	var got *mysafe.Password
	go func() {
		var err error
		got, err = e.client.Passwords.Create(ctx, mysafe.Password{Name: "svc", Username: "u", Password: "Pw-1", Tags: "mine"})
		done <- err
	}()
	for e.mock.RequestCount("POST /mysafe/password") == 0 {
		runtimeGosched()
	}
	sib, err := other.Passwords.Create(ctx, mysafe.Password{Name: "svc", Username: "u", Password: "Pw-1", Tags: "theirs"})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got.ID == sib.ID {
		t.Fatalf("the create adopted the other process's item %s", sib.ID)
	}
	if it, _ := e.mock.Item(senhaseguramock.KindPassword, got.ID); it.Fields["tags"] != "mine" {
		t.Fatalf("adopted %+v", it)
	}
}

func runtimeGosched() { time.Sleep(time.Millisecond) }

// Ctrl-C during the lookup that follows a lost create answer: the lookup runs once more,
// detached from the interrupt; when it still cannot tell, the error says the request was sent
// and the item may be stored (never "interrupted before the request was sent"), and no second
// create is sent.
func TestInterruptDuringTheLookup(t *testing.T) {
	e := newEnv(t, senhaseguramock.Options{})
	e.mock.FailNextOn("POST /mysafe/password", 1, senhaseguramock.Fault{Status: 502, AfterHandling: true})
	e.mock.FailAlwaysOn("GET /mysafe/password/{id}", senhaseguramock.Fault{Status: 500, Delay: 100 * time.Millisecond})
	// Cancelled once the lookup has begun reading its candidate (the baseline list, then the
	// create, then the lookup's list and its first read).
	ctx := interruptAfter(t, e, "GET /mysafe/password/{id}", 1)
	_, err := e.client.Passwords.Create(ctx, mysafe.Password{Name: "n", Username: "u", Password: "Pw-1"})
	if errors.Is(err, senhasegura.ErrInterrupted) || !errors.Is(err, senhasegura.ErrMaybeStored) || !strings.Contains(err.Error(), "candidate 1") {
		t.Fatalf("want ErrMaybeStored naming the stored item, got %v", err)
	}
	if n := e.mock.RequestCount("POST /mysafe/password"); n != 1 {
		t.Fatalf("%d creates", n)
	}
}
