package mysafe

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const notePath = "/mysafe/note"

// NotesService is MySafe's secure notes API (/api/mysafe/note).
type NotesService struct{ api api }

// Create creates a note (POST /api/mysafe/note). The answer does not echo the content
// (quirk Q8). After an ambiguous failure it looks for the note the failed attempt may have
// created (list by tag, then name, then an exact match on GET) and adopts it.
func (s *NotesService) Create(ctx context.Context, n Note) (*Note, error) {
	return senhasegura.CreateWithRecovery(ctx, s.api.API,
		func(ctx context.Context) (*Note, error) {
			var w wireNote
			if err := s.api.fetch(ctx, http.MethodPost, notePath, noteBody(n), false, &w, "note_entity"); err != nil {
				return nil, err
			}
			return w.toNote(), nil
		},
		func(ctx context.Context) (*Note, bool, error) { return s.find(ctx, n) })
}

// find looks for a stored note equal to want, newest first. The list filters by one tag only
// (quirk Q11), so the name is matched here.
func (s *NotesService) find(ctx context.Context, want Note) (*Note, bool, error) {
	tag, _, _ := strings.Cut(want.Tags, ",")
	list, err := s.List(ctx, NoteFilter{Tag: strings.TrimSpace(tag)})
	if err != nil {
		return nil, false, err
	}
	for i := len(list) - 1; i >= 0; i-- {
		it := list[i]
		if it.Name != want.Name {
			continue
		}
		got, err := s.Get(ctx, it.ID)
		if err != nil {
			continue
		}
		if got.Name == want.Name && got.Content == want.Content {
			return got, true, nil
		}
	}
	return nil, false, nil
}

// Get reads one note (GET /api/mysafe/note/{id}), the only call that returns its content.
func (s *NotesService) Get(ctx context.Context, id string) (*Note, error) {
	path := notePath + "/" + id
	if err := s.api.checkID(http.MethodGet, path, id); err != nil {
		return nil, err
	}
	var w wireNote
	if err := s.api.fetch(ctx, http.MethodGet, path, nil, true, &w, "note_entity"); err != nil {
		return nil, err
	}
	return w.toNote(), nil
}

// List lists the active notes the user can see (GET /api/mysafe/note).
func (s *NotesService) List(ctx context.Context, f NoteFilter) ([]ListItem, error) {
	q := url.Values{}
	addQuery(q, "tag", f.Tag)
	return s.api.list(ctx, notePath, q, "note_on_list", "notes_on_list")
}

// Update changes the note id (PUT /api/mysafe/note/update/{identifier}); only the fields set
// in u are sent (quirk Q10). The answer does not echo the content.
func (s *NotesService) Update(ctx context.Context, id string, u NoteUpdate) (*Note, error) {
	path := notePath + "/update/" + id
	if err := s.api.checkID(http.MethodPut, path, id); err != nil {
		return nil, err
	}
	var w wireNote
	if err := s.api.fetch(ctx, http.MethodPut, path, noteUpdateBody(u), true, &w, "note_entity"); err != nil {
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
