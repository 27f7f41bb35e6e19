package mysafe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const apiSecretPath = "/mysafe/secretapi"

// APISecretsService is MySafe's API secrets API (/api/mysafe/secretapi).
type APISecretsService struct{ api api }

// Create creates an API secret (POST /api/mysafe/secretapi). After an ambiguous failure it
// looks for the secret the failed attempt may have created (by identifier_code when set,
// otherwise by name, then an exact match on GET) and adopts it.
func (s *APISecretsService) Create(ctx context.Context, a APISecret) (*APISecret, error) {
	return senhasegura.CreateWithRecovery(ctx, s.api.API,
		func(ctx context.Context) (*APISecret, error) {
			var w wireAPISecret
			if err := s.api.fetch(ctx, http.MethodPost, apiSecretPath, apiSecretBody(a), false, &w, "api_entity", "api_secret_entity"); err != nil {
				return nil, err
			}
			return w.toAPISecret(), nil
		},
		func(ctx context.Context) (*APISecret, bool, error) { return s.find(ctx, a) })
}

// find looks for a stored API secret equal to want, newest first.
func (s *APISecretsService) find(ctx context.Context, want APISecret) (*APISecret, bool, error) {
	list, err := s.List(ctx, APISecretFilter{IdentifierCode: want.IdentifierCode})
	if err != nil {
		return nil, false, err
	}
	for i := len(list) - 1; i >= 0; i-- {
		it := list[i]
		if it.Name != "" && it.Name != want.Name {
			continue
		}
		got, err := s.Get(ctx, it.ID)
		if err != nil {
			continue
		}
		if want.IdentifierCode != "" {
			if got.IdentifierCode == want.IdentifierCode {
				return got, true, nil
			}
			continue
		}
		if got.Name == want.Name && got.URL == want.URL && got.ClientID == want.ClientID &&
			got.ClientSecret == want.ClientSecret && got.IdentifierCode == "" {
			return got, true, nil
		}
	}
	return nil, false, nil
}

// Get reads one API secret (GET /api/mysafe/secretapi/{id}).
func (s *APISecretsService) Get(ctx context.Context, id string) (*APISecret, error) {
	path := apiSecretPath + "/" + id
	if err := s.api.checkID(http.MethodGet, path, id); err != nil {
		return nil, err
	}
	var w wireAPISecret
	if err := s.api.fetch(ctx, http.MethodGet, path, nil, true, &w, "api_secret_entity", "api_entity"); err != nil {
		return nil, err
	}
	return w.toAPISecret(), nil
}

// List lists the active API secrets the user can see (GET /api/mysafe/secretapi).
func (s *APISecretsService) List(ctx context.Context, f APISecretFilter) ([]ListItem, error) {
	q := url.Values{}
	addQuery(q, "tag", f.Tag, "identifier_code", f.IdentifierCode)
	return s.api.list(ctx, apiSecretPath, q, "api_secret_on_list", "api_secrets_on_list")
}

// Update changes the API secret id (PUT /api/mysafe/secretapi/update/{id}); only the fields
// set in u are sent. Both 200 and 201 are success (quirk Q9).
func (s *APISecretsService) Update(ctx context.Context, id string, u APISecretUpdate) (*APISecret, error) {
	path := apiSecretPath + "/update/" + id
	if err := s.api.checkID(http.MethodPut, path, id); err != nil {
		return nil, err
	}
	var w wireAPISecret
	if err := s.api.fetch(ctx, http.MethodPut, path, apiSecretUpdateBody(u), true, &w, "api_entity", "api_secret_entity"); err != nil {
		return nil, err
	}
	return w.toAPISecret(), nil
}

// Deactivate deactivates an API secret; deactivating an inactive one succeeds.
func (s *APISecretsService) Deactivate(ctx context.Context, id string) error {
	return s.api.setActive(ctx, apiSecretPath, id, false)
}

// Activate re-activates an API secret; activating an active one succeeds.
func (s *APISecretsService) Activate(ctx context.Context, id string) error {
	return s.api.setActive(ctx, apiSecretPath, id, true)
}

// GetByIdentifierCode reads the active API secret whose identifier_code is code. The list
// filter's matching rules are not documented and list items carry no identifier_code (quirk
// Q11), so every candidate is confirmed on GET (a candidate gone, deactivated or not visible
// is passed over; any other failed read is returned). No match gives an error matching
// senhasegura.ErrNotFound.
func (s *APISecretsService) GetByIdentifierCode(ctx context.Context, code string) (*APISecret, error) {
	list, err := s.List(ctx, APISecretFilter{IdentifierCode: code})
	if err != nil {
		return nil, err
	}
	for _, it := range list {
		a, err := s.Get(ctx, it.ID)
		switch {
		case err == nil && a.IdentifierCode == code:
			return a, nil
		case err != nil && !errors.Is(err, senhasegura.ErrNotFound) && !errors.Is(err, senhasegura.ErrInactive) && !errors.Is(err, senhasegura.ErrNoAccess):
			// A failed read is not "no match": say why the candidate could not be confirmed.
			return nil, err
		}
	}
	return nil, senhasegura.NoMatch(fmt.Sprintf("no active API secret has identifier_code %q", code))
}
