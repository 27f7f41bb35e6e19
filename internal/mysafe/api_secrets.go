package mysafe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const apiSecretPath = "/mysafe/secretapi"

// APISecretsService is MySafe's API secrets API (/api/mysafe/secretapi).
type APISecretsService struct {
	api     api
	ledger  senhasegura.Ledger
	listed  senhasegura.Shared[[]ListItem]
	holding senhasegura.SharedBy[string, []string]
}

// Create creates an API secret (POST /api/mysafe/secretapi). After an ambiguous failure it
// looks for the secret the failed attempt may have created (by identifier_code when set,
// otherwise by name, then a comparison on GET) and adopts it (see recover.go).
func (s *APISecretsService) Create(ctx context.Context, a APISecret) (*APISecret, error) {
	// What a recovery must never adopt: the API secrets with its identifier_code (without one,
	// every API secret: the recovery then looks among them by name).
	if a.IdentifierCode != "" {
		_, _ = s.Holding(ctx, a.IdentifierCode)
	} else {
		_, _ = s.Listed(ctx)
	}
	sentAt := time.Now()
	got, err := senhasegura.CreateWithRecovery(ctx, s.api.API,
		func(ctx context.Context) (*APISecret, error) {
			var w wireAPISecret
			if err := s.api.create(ctx, apiSecretPath, apiSecretBody(a), &w, &w.Identifier, "api_entity", "api_secret_entity"); err != nil {
				return nil, err
			}
			return w.toAPISecret(), nil
		},
		func(ctx context.Context) (*APISecret, bool, error) { return s.find(ctx, a, sentAt) })
	if err == nil {
		s.ledger.Claim(got.ID)
	}
	return got, err
}

// find looks for the API secret a create sent at sentAt stored, newest first: the list
// filtered by identifier_code (list items carry only the name, quirk Q11), then GET of the
// candidates of that name.
func (s *APISecretsService) find(ctx context.Context, want APISecret, sentAt time.Time) (*APISecret, bool, error) {
	defer s.ledger.Lock(apiSecretKey(want))()
	list, err := s.List(ctx, APISecretFilter{IdentifierCode: want.IdentifierCode})
	if err != nil {
		return nil, false, &senhasegura.Undecided{Reason: "the API secrets could not be listed", Err: err}
	}
	var found []senhasegura.Candidate[*APISecret]
	var unreadable []string
	var readErr error
	for i := len(list) - 1; i >= 0; i-- {
		it := list[i]
		if it.Name != "" && it.Name != want.Name || s.ledger.Claimed(it.ID) || s.ledger.Existed(it.ID, sentAt) {
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
		if m := matchAPISecret(got, want); m != mismatch {
			found = append(found, senhasegura.Candidate[*APISecret]{ID: got.ID, Value: got, Exact: m == exact})
		}
	}
	return senhasegura.Pick(&s.ledger, sentAt, found, unreadable, readErr)
}

// Get reads one API secret (GET /api/mysafe/secretapi/{id}).
func (s *APISecretsService) Get(ctx context.Context, id string) (*APISecret, error) {
	path := apiSecretPath + "/" + id
	if err := s.api.checkID(http.MethodGet, path, id); err != nil {
		return nil, err
	}
	var w wireAPISecret
	if err := s.api.read(ctx, http.MethodGet, path, id, nil, &w, &w.Identifier, "api_secret_entity", "api_entity"); err != nil {
		return nil, err
	}
	return w.toAPISecret(), nil
}

// List lists the active API secrets the user can see (GET /api/mysafe/secretapi).
func (s *APISecretsService) List(ctx context.Context, f APISecretFilter) ([]ListItem, error) {
	q := url.Values{}
	addQuery(q, "tag", f.Tag, "identifier_code", f.IdentifierCode)
	return s.api.list(ctx, &s.ledger, apiSecretPath, q, "api_secret_on_list", "api_secrets_on_list")
}

// Listed is every active API secret the user can see (without identifier_code: quirk Q11),
// listed once and shared by every caller of this client for senhasegura.DefaultListMaxAge.
func (s *APISecretsService) Listed(ctx context.Context) ([]ListItem, error) {
	items, _, err := s.listed.Get(ctx, func(ctx context.Context) ([]ListItem, error) { return s.List(ctx, APISecretFilter{}) })
	return items, err
}

// Holding is the identifiers of the active API secrets with identifier_code code
// (WithIdentifierCode: the filtered list and a GET of its candidates only), once per code and
// process, shared by the duplicate check of a planned create, the create's recovery baseline
// and the explanation of a duplicate MySafe refused.
func (s *APISecretsService) Holding(ctx context.Context, code string) ([]string, error) {
	ids, _, err := s.holding.Get(ctx, code, func(ctx context.Context) ([]string, error) {
		found, err := s.WithIdentifierCode(ctx, code)
		ids := make([]string, 0, len(found))
		for _, a := range found {
			ids = append(ids, a.ID)
		}
		return ids, err
	})
	return ids, err
}

// Claim records that a resource of this process holds the API secret id.
func (s *APISecretsService) Claim(id string) { s.ledger.Claim(id) }

// Claimed reports whether a resource of this process holds the API secret id.
func (s *APISecretsService) Claimed(id string) bool { return s.ledger.Claimed(id) }

// Update changes the API secret id (PUT /api/mysafe/secretapi/update/{id}); only the fields
// set in u are sent. Both 200 and 201 are success (quirk Q9).
func (s *APISecretsService) Update(ctx context.Context, id string, u APISecretUpdate) (*APISecret, error) {
	path := apiSecretPath + "/update/" + id
	if err := s.api.checkID(http.MethodPut, path, id); err != nil {
		return nil, err
	}
	var w wireAPISecret
	if err := s.api.read(ctx, http.MethodPut, path, id, apiSecretUpdateBody(u), &w, &w.Identifier, "api_entity", "api_secret_entity"); err != nil {
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

// MaxFilterCandidates is the most API secrets a list filtered by identifier_code may show
// for the client to read them one by one. identifier_code is unique per user (quirk Q3), so a
// filtered list shows one, or a few shared by other users; more means the instance does not
// filter (the filter's rules are not documented, quirk Q11), and reading them would read
// secrets nothing asked for.
const MaxFilterCandidates = 10

// WithIdentifierCode reads the active API secrets whose identifier_code is code: the list
// filtered by identifier_code (list items carry none, quirk Q11), then a GET of each candidate
// to confirm it (one gone, deactivated or not visible is passed over; any other failed read is
// returned). A filtered list with more than MaxFilterCandidates items is an error matching
// ErrFilterIgnored, and nothing is read.
func (s *APISecretsService) WithIdentifierCode(ctx context.Context, code string) ([]*APISecret, error) {
	list, err := s.List(ctx, APISecretFilter{IdentifierCode: code})
	if err != nil {
		return nil, err
	}
	if len(list) > MaxFilterCandidates {
		return nil, fmt.Errorf("%w: the list of API secrets filtered by identifier_code %q shows %d of them; no more than %d "+
			"can have it, so the instance does not seem to apply the filter, and the client does not read them one by one",
			ErrFilterIgnored, code, len(list), MaxFilterCandidates)
	}
	var out []*APISecret
	for _, it := range list {
		a, err := s.Get(ctx, it.ID)
		switch {
		case err == nil && a.IdentifierCode == code:
			out = append(out, a)
		case err != nil && !errors.Is(err, senhasegura.ErrNotFound) && !errors.Is(err, senhasegura.ErrInactive) && !errors.Is(err, senhasegura.ErrNoAccess):
			// A failed read is not "no match": say why the candidate could not be confirmed.
			return nil, err
		}
	}
	return out, nil
}

// GetByIdentifierCode reads the active API secret whose identifier_code is code
// (WithIdentifierCode). No match gives an error matching senhasegura.ErrNotFound.
func (s *APISecretsService) GetByIdentifierCode(ctx context.Context, code string) (*APISecret, error) {
	found, err := s.WithIdentifierCode(ctx, code)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, senhasegura.NoMatch(fmt.Sprintf("no active API secret has identifier_code %q", code))
	}
	return found[0], nil
}
