package mysafe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const passwordPath = "/mysafe/password"

// PasswordsService is MySafe's passwords API (/api/mysafe/password).
type PasswordsService struct {
	api     api
	ledger  senhasegura.Ledger
	listed  senhasegura.Shared[[]ListItem]
	holding senhasegura.SharedBy[string, []ListItem]
}

// Create creates a password (POST /api/mysafe/password). The answer does not echo password
// or secret_key (quirk Q8). After an ambiguous failure it looks for the password the failed
// attempt may have created (list filtered by name, username and url, then a comparison on GET)
// and adopts it instead of creating a second one (see recover.go).
func (s *PasswordsService) Create(ctx context.Context, p Password) (*Password, error) {
	_, _ = s.Holding(ctx, p.Name, p.Username, p.URL) // what a recovery must never adopt
	sentAt := time.Now()
	got, err := senhasegura.CreateWithRecovery(ctx, s.api.API,
		func(ctx context.Context) (*Password, error) {
			var w wirePassword
			if err := s.api.create(ctx, passwordPath, passwordBody(p), &w, &w.Identifier, "password_entity"); err != nil {
				return nil, err
			}
			return w.toPassword(), nil
		},
		func(ctx context.Context) (*Password, bool, error) { return s.find(ctx, p, sentAt) })
	if err == nil {
		s.ledger.Claim(got.ID)
	}
	return got, err
}

// find looks for the password a create sent at sentAt stored, newest first.
func (s *PasswordsService) find(ctx context.Context, want Password, sentAt time.Time) (*Password, bool, error) {
	defer s.ledger.Lock(passwordKey(want))()
	list, err := s.List(ctx, PasswordFilter{Name: want.Name, Username: want.Username, URL: want.URL})
	if err != nil {
		return nil, false, &senhasegura.Undecided{Reason: "the passwords could not be listed", Err: err}
	}
	var found []senhasegura.Candidate[*Password]
	var unreadable []string
	var readErr error
	for i := len(list) - 1; i >= 0; i-- {
		it := list[i]
		if it.Name != want.Name || (it.Username != "" && it.Username != want.Username) || s.ledger.Claimed(it.ID) || s.ledger.Existed(it.ID, sentAt) {
			continue
		}
		got, err := s.Get(ctx, it.ID)
		switch {
		case errors.Is(err, senhasegura.ErrNotFound), errors.Is(err, senhasegura.ErrInactive):
			continue // gone meanwhile: not what the create stored
		case err != nil:
			unreadable, readErr = append(unreadable, it.ID), err
			continue
		}
		if m := matchPassword(got, want); m != mismatch {
			found = append(found, senhasegura.Candidate[*Password]{ID: got.ID, Value: got, Exact: m == exact})
		}
	}
	return senhasegura.Pick(&s.ledger, sentAt, found, unreadable, readErr)
}

// FindByName reads the active password named name, with username when it is not "": the list
// filtered by both (the filters' rules are not documented, quirk Q11, so the name and username
// are compared here too), then a GET of the one match. None is an error matching
// senhasegura.ErrNotFound; several, one matching senhasegura.ErrAmbiguous that names them.
func (s *PasswordsService) FindByName(ctx context.Context, name, username string) (*Password, error) {
	list, err := s.List(ctx, PasswordFilter{Name: name, Username: username})
	if err != nil {
		return nil, err
	}
	var hits []ListItem
	for _, it := range list {
		if it.Name == name && (username == "" || it.Username == username) {
			hits = append(hits, it)
		}
	}
	what := fmt.Sprintf("named %q", name)
	if username != "" {
		what += fmt.Sprintf(" with username %q", username)
	}
	switch len(hits) {
	case 0:
		return nil, senhasegura.NoMatch("no active password is " + what)
	case 1:
		return s.Get(ctx, hits[0].ID)
	}
	names := make([]string, 0, len(hits))
	for _, it := range hits {
		names = append(names, fmt.Sprintf("%s (username %q)", it.ID, it.Username))
	}
	return nil, senhasegura.Ambiguous(fmt.Sprintf("%d active passwords are %s: %s", len(hits), what, strings.Join(names, ", ")))
}

// Get reads one password (GET /api/mysafe/password/{id}), with its secret values and
// sharing lists. An answer about another identifier is an error.
func (s *PasswordsService) Get(ctx context.Context, id string) (*Password, error) {
	path := passwordPath + "/" + id
	if err := s.api.checkID(http.MethodGet, path, id); err != nil {
		return nil, err
	}
	var w wirePassword
	if err := s.api.read(ctx, http.MethodGet, path, id, nil, &w, &w.Identifier, "password_entity"); err != nil {
		return nil, err
	}
	return w.toPassword(), nil
}

// List lists the active passwords the user can see (GET /api/mysafe/password).
func (s *PasswordsService) List(ctx context.Context, f PasswordFilter) ([]ListItem, error) {
	q := url.Values{}
	addQuery(q, "tag", f.Tag, "name", f.Name, "username", f.Username, "url", f.URL)
	return s.api.list(ctx, &s.ledger, passwordPath, q, "password_on_list", "passwords_on_list")
}

// Listed is every active password the user can see, listed once and shared by every caller of
// this client for senhasegura.DefaultListMaxAge (one list per kind and provider process).
func (s *PasswordsService) Listed(ctx context.Context) ([]ListItem, error) {
	items, _, err := s.listed.Get(ctx, func(ctx context.Context) ([]ListItem, error) { return s.List(ctx, PasswordFilter{}) })
	return items, err
}

// Holding lists the active passwords with name, username and url (the list filtered by all
// three, compared exactly: the filters' rules are not documented, quirk Q11), once per key and
// process, shared by every caller: the duplicate check of a planned create, and the create
// itself, which lists its key before it is sent so that a recovery can rule out what existed
// before (the ledger records every list). Its cost follows the creates, not the vault.
func (s *PasswordsService) Holding(ctx context.Context, name, username, url string) ([]ListItem, error) {
	key := passwordKey(Password{Name: name, Username: username, URL: url})
	all, _, err := s.holding.Get(ctx, key, func(ctx context.Context) ([]ListItem, error) {
		return s.List(ctx, PasswordFilter{Name: name, Username: username, URL: url})
	})
	var out []ListItem
	for _, it := range all {
		if it.Name == name && it.Username == username && it.URL == url {
			out = append(out, it)
		}
	}
	return out, err
}

// Claim records that a resource of this process holds the password id: no other resource's
// create recovery adopts it.
func (s *PasswordsService) Claim(id string) { s.ledger.Claim(id) }

// Claimed reports whether a resource of this process holds the password id.
func (s *PasswordsService) Claimed(id string) bool { return s.ledger.Claimed(id) }

// Update changes the password id (PUT /api/mysafe/password/update/{identifier}). Only the
// fields set in u are sent; MySafe keeps the others (quirk Q10). The answer does not echo
// password or secret_key.
func (s *PasswordsService) Update(ctx context.Context, id string, u PasswordUpdate) (*Password, error) {
	path := passwordPath + "/update/" + id
	if err := s.api.checkID(http.MethodPut, path, id); err != nil {
		return nil, err
	}
	var w wirePassword
	if err := s.api.read(ctx, http.MethodPut, path, id, passwordUpdateBody(u), &w, &w.Identifier, "password_entity"); err != nil {
		return nil, err
	}
	return w.toPassword(), nil
}

// Deactivate deactivates a password (MySafe has no delete). Deactivating an inactive
// password succeeds.
func (s *PasswordsService) Deactivate(ctx context.Context, id string) error {
	return s.api.setActive(ctx, passwordPath, id, false)
}

// Activate re-activates a password. Activating an active password succeeds.
func (s *PasswordsService) Activate(ctx context.Context, id string) error {
	return s.api.setActive(ctx, passwordPath, id, true)
}
