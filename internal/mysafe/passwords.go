package mysafe

import (
	"context"
	"net/http"
	"net/url"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const passwordPath = "/mysafe/password"

// PasswordsService is MySafe's passwords API (/api/mysafe/password).
type PasswordsService struct{ api api }

// Create creates a password (POST /api/mysafe/password). The answer does not echo password
// or secret_key (quirk Q8). After an ambiguous failure it looks for the password the failed
// attempt may have created (list filtered by name, username and url, then an exact match on
// GET) and adopts it instead of creating a second one.
func (s *PasswordsService) Create(ctx context.Context, p Password) (*Password, error) {
	return senhasegura.CreateWithRecovery(ctx, s.api.API,
		func(ctx context.Context) (*Password, error) {
			var w wirePassword
			if err := s.api.fetch(ctx, http.MethodPost, passwordPath, passwordBody(p), false, &w, "password_entity"); err != nil {
				return nil, err
			}
			return w.toPassword(), nil
		},
		func(ctx context.Context) (*Password, bool, error) { return s.find(ctx, p) })
}

// find looks for a stored password equal to want, newest first.
func (s *PasswordsService) find(ctx context.Context, want Password) (*Password, bool, error) {
	list, err := s.List(ctx, PasswordFilter{Name: want.Name, Username: want.Username, URL: want.URL})
	if err != nil {
		return nil, false, err
	}
	for i := len(list) - 1; i >= 0; i-- {
		it := list[i]
		if it.Name != want.Name || (it.Username != "" && it.Username != want.Username) {
			continue
		}
		got, err := s.Get(ctx, it.ID)
		if err != nil {
			continue
		}
		if got.Name == want.Name && got.Username == want.Username && got.URL == want.URL &&
			got.Password == want.Password && got.Notes == want.Notes && got.SecretKey == want.SecretKey {
			return got, true, nil
		}
	}
	return nil, false, nil
}

// Get reads one password (GET /api/mysafe/password/{id}), with its secret values and
// sharing lists.
func (s *PasswordsService) Get(ctx context.Context, id string) (*Password, error) {
	path := passwordPath + "/" + id
	if err := s.api.checkID(http.MethodGet, path, id); err != nil {
		return nil, err
	}
	var w wirePassword
	if err := s.api.fetch(ctx, http.MethodGet, path, nil, true, &w, "password_entity"); err != nil {
		return nil, err
	}
	return w.toPassword(), nil
}

// List lists the active passwords the user can see (GET /api/mysafe/password).
func (s *PasswordsService) List(ctx context.Context, f PasswordFilter) ([]ListItem, error) {
	q := url.Values{}
	addQuery(q, "tag", f.Tag, "name", f.Name, "username", f.Username, "url", f.URL)
	return s.api.list(ctx, passwordPath, q, "password_on_list", "passwords_on_list")
}

// Update changes the password id (PUT /api/mysafe/password/update/{identifier}). Only the
// fields set in u are sent; MySafe keeps the others (quirk Q10). The answer does not echo
// password or secret_key.
func (s *PasswordsService) Update(ctx context.Context, id string, u PasswordUpdate) (*Password, error) {
	path := passwordPath + "/update/" + id
	if err := s.api.checkID(http.MethodPut, path, id); err != nil {
		return nil, err
	}
	var w wirePassword
	if err := s.api.fetch(ctx, http.MethodPut, path, passwordUpdateBody(u), true, &w, "password_entity"); err != nil {
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
