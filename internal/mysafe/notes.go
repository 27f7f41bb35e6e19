package mysafe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const notePath = "/mysafe/note"

// NotesService is MySafe's secure notes API (/api/mysafe/note).
type NotesService struct {
	api    api
	ledger senhasegura.Ledger
	listed senhasegura.Shared[[]ListItem]
	byTag  senhasegura.SharedBy[string, []ListItem]
}

// Create creates a note (POST /api/mysafe/note). The answer does not echo the content
// (quirk Q8). After an ambiguous failure it looks for the note the failed attempt may have
// created (list by tag, then name, then a comparison on GET) and adopts it (see recover.go).
func (s *NotesService) Create(ctx context.Context, n Note) (*Note, error) {
	_, _ = s.Holding(ctx, n.Name, tagSet(n.Tags)) // what a recovery must never adopt
	sentAt := time.Now()
	got, err := senhasegura.CreateWithRecovery(ctx, s.api.API,
		func(ctx context.Context) (*Note, error) {
			var w wireNote
			if err := s.api.create(ctx, notePath, noteBody(n), &w, &w.Identifier, "note_entity"); err != nil {
				return nil, err
			}
			return w.toNote(), nil
		},
		func(ctx context.Context) (*Note, bool, error) { return s.find(ctx, n, sentAt) })
	if err == nil {
		s.ledger.Claim(got.ID)
	}
	return got, err
}

// find looks for the note a create sent at sentAt stored, newest first. The list filters by
// one tag only (quirk Q11), so the name is matched here.
func (s *NotesService) find(ctx context.Context, want Note, sentAt time.Time) (*Note, bool, error) {
	defer s.ledger.Lock(noteKey(want))()
	tag, _, _ := strings.Cut(want.Tags, ",")
	list, err := s.List(ctx, NoteFilter{Tag: strings.TrimSpace(tag)})
	if err != nil {
		return nil, false, &senhasegura.Undecided{Reason: "the notes could not be listed", Err: err}
	}
	var found []senhasegura.Candidate[*Note]
	var unreadable []string
	var readErr error
	for i := len(list) - 1; i >= 0; i-- {
		it := list[i]
		if it.Name != want.Name || s.ledger.Claimed(it.ID) || s.ledger.Existed(it.ID, sentAt) {
			continue
		}
		got, err := s.Get(ctx, it.ID)
		switch {
		case errors.Is(err, senhasegura.ErrNotFound), errors.Is(err, senhasegura.ErrInactive):
			continue
		case err != nil:
			unreadable, readErr = append(unreadable, it.ID), err
			continue
		}
		if m := matchNote(got, want); m != mismatch {
			found = append(found, senhasegura.Candidate[*Note]{ID: got.ID, Value: got, Exact: m == exact})
		}
	}
	return senhasegura.Pick(&s.ledger, sentAt, found, unreadable, readErr)
}

// FindByName reads the active note named name, with exactly the tags tags when they are given:
// the list filtered by the first tag (the only filter notes have, quirk Q11), the name and tags
// compared here (tags as sets), then a GET of the one match. None is an error matching senhasegura.ErrNotFound; several, one
// matching senhasegura.ErrAmbiguous that names them.
func (s *NotesService) FindByName(ctx context.Context, name string, tags []string) (*Note, error) {
	first := ""
	if len(tags) > 0 {
		first = tags[0]
	}
	list, err := s.List(ctx, NoteFilter{Tag: first})
	if err != nil {
		return nil, err
	}
	var hits []ListItem
	for _, it := range list {
		if it.Name == name && (len(tags) == 0 || slices.Equal(tagSet(it.Tags), tagSet(strings.Join(tags, ",")))) {
			hits = append(hits, it)
		}
	}
	what := fmt.Sprintf("named %q", name)
	if len(tags) > 0 {
		what += fmt.Sprintf(" with the tags %q", tags)
	}
	switch len(hits) {
	case 0:
		return nil, senhasegura.NoMatch("no active note is " + what)
	case 1:
		return s.Get(ctx, hits[0].ID)
	}
	names := make([]string, 0, len(hits))
	for _, it := range hits {
		names = append(names, fmt.Sprintf("%s (tags %q)", it.ID, it.Tags))
	}
	return nil, senhasegura.Ambiguous(fmt.Sprintf("%d active notes are %s: %s", len(hits), what, strings.Join(names, ", ")))
}

// Get reads one note (GET /api/mysafe/note/{id}), the only call that returns its content.
func (s *NotesService) Get(ctx context.Context, id string) (*Note, error) {
	path := notePath + "/" + id
	if err := s.api.checkID(http.MethodGet, path, id); err != nil {
		return nil, err
	}
	var w wireNote
	if err := s.api.read(ctx, http.MethodGet, path, id, nil, &w, &w.Identifier, "note_entity"); err != nil {
		return nil, err
	}
	return w.toNote(), nil
}

// List lists the active notes the user can see (GET /api/mysafe/note).
func (s *NotesService) List(ctx context.Context, f NoteFilter) ([]ListItem, error) {
	q := url.Values{}
	addQuery(q, "tag", f.Tag)
	return s.api.list(ctx, &s.ledger, notePath, q, "note_on_list", "notes_on_list")
}

// Listed is every active note the user can see, listed once and shared by every caller of
// this client for senhasegura.DefaultListMaxAge.
func (s *NotesService) Listed(ctx context.Context) ([]ListItem, error) {
	items, _, err := s.listed.Get(ctx, func(ctx context.Context) ([]ListItem, error) { return s.List(ctx, NoteFilter{}) })
	return items, err
}

// Holding lists the active notes named name with exactly the tags tags: the list filtered by
// the first tag (the only filter notes have, quirk Q11; without tags, the shared list of every
// note), once per tag and process, shared by the duplicate check and the create's recovery
// baseline.
func (s *NotesService) Holding(ctx context.Context, name string, tags []string) ([]ListItem, error) {
	var all []ListItem
	var err error
	if len(tags) == 0 {
		all, err = s.Listed(ctx)
	} else {
		all, _, err = s.byTag.Get(ctx, tags[0], func(ctx context.Context) ([]ListItem, error) {
			return s.List(ctx, NoteFilter{Tag: tags[0]})
		})
	}
	want := tagSet(strings.Join(tags, ","))
	var out []ListItem
	for _, it := range all {
		if it.Name == name && slices.Equal(tagSet(it.Tags), want) {
			out = append(out, it)
		}
	}
	return out, err
}

// Claim records that a resource of this process holds the note id.
func (s *NotesService) Claim(id string) { s.ledger.Claim(id) }

// Claimed reports whether a resource of this process holds the note id.
func (s *NotesService) Claimed(id string) bool { return s.ledger.Claimed(id) }

// Update changes the note id (PUT /api/mysafe/note/update/{identifier}); only the fields set
// in u are sent (quirk Q10). The answer does not echo the content.
func (s *NotesService) Update(ctx context.Context, id string, u NoteUpdate) (*Note, error) {
	path := notePath + "/update/" + id
	if err := s.api.checkID(http.MethodPut, path, id); err != nil {
		return nil, err
	}
	var w wireNote
	if err := s.api.read(ctx, http.MethodPut, path, id, noteUpdateBody(u), &w, &w.Identifier, "note_entity"); err != nil {
		return nil, err
	}
	return w.toNote(), nil
}

// Deactivate deactivates a note; deactivating an inactive one succeeds.
func (s *NotesService) Deactivate(ctx context.Context, id string) error {
	return s.api.setActive(ctx, notePath, id, false)
}

// Activate re-activates a note.
func (s *NotesService) Activate(ctx context.Context, id string) error {
	return s.api.setActive(ctx, notePath, id, true)
}
