package mysafe_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// The "Secret note" of the vendor's create page.
func secretNote() mysafe.Note {
	return mysafe.Note{
		Name: "Secret note", Content: "My super top secret note", Tags: "secret",
		UsersAllowed:  []mysafe.Share{{Name: "pduarte"}},
		GroupsAllowed: []mysafe.Share{{Name: "Test group"}},
	}
}

func TestNoteLifecycle(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, senhaseguramock.Options{})
	created, err := e.client.Notes.Create(ctx, secretNote())
	if err != nil {
		t.Fatal(err)
	}
	// The create answer carries no content (quirk Q8).
	if created.ID != "1" || created.Content != "" || created.Tags != "secret" || len(created.UsersAllowed) != 1 {
		t.Fatalf("create answer: %+v", created)
	}
	got, err := e.client.Notes.Get(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	// GET returns the content, and user shares under "name" (quirk Q7).
	if got.Content != "My super top secret note" || !reflect.DeepEqual(got.UsersAllowed, []mysafe.Share{{Name: "pduarte"}}) {
		t.Fatalf("GET: %+v", got)
	}
	list, err := e.client.Notes.List(ctx, mysafe.NoteFilter{Tag: "secret"})
	if err != nil || len(list) != 1 || list[0].Tags != "secret" || !list[0].CanWrite {
		t.Fatalf("list: %+v %v", list, err)
	}
	content := "rotated"
	if _, err := e.client.Notes.Update(ctx, "1", mysafe.NoteUpdate{Content: &content, UsersAllowed: []mysafe.Share{}}); err != nil {
		t.Fatal(err)
	}
	it, _ := e.mock.Item(senhaseguramock.KindNote, "1")
	if it.Fields["note"] != "rotated" || it.Fields["name"] != "Secret note" || len(it.UsersAllowed) != 0 || len(it.GroupsAllowed) != 1 {
		t.Fatalf("after update the mock holds %+v", it)
	}
	if err := e.client.Notes.Deactivate(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.client.Notes.Get(ctx, "1"); !errors.Is(err, senhasegura.ErrInactive) {
		t.Fatalf("GET of a deactivated note: %v", err)
	}
	if _, err := e.client.Notes.Get(ctx, "99"); !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("GET of an unknown note: %v", err)
	}
	if _, err := e.client.Notes.Create(ctx, mysafe.Note{Name: "empty"}); !errors.Is(err, mysafe.ErrMissingParameter) {
		t.Fatalf("create without content: %v", err)
	}
}

// Retries never duplicate a note: after an ambiguous failure the stored note is adopted.
func TestNoteCreateNeverDuplicates(t *testing.T) {
	ctx := context.Background()
	for _, f := range []senhaseguramock.Fault{{Status: 502, AfterHandling: true}, {Reset: true, AfterHandling: true}, {Status: 504}} {
		e := newEnv(t, senhaseguramock.Options{})
		e.mock.FailNextOn("POST /mysafe/note", 1, f) // the create, not the list before it
		n, err := e.client.Notes.Create(ctx, secretNote())
		if err != nil {
			t.Fatalf("fault %+v: %v", f, err)
		}
		if got := len(e.mock.Items(senhaseguramock.KindNote)); got != 1 || n.ID != "1" {
			t.Fatalf("fault %+v: %d notes stored (id %s)", f, got, n.ID)
		}
	}
}
