package mysafe

import (
	"context"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// Client is the MySafe API of one senhasegura instance, one service per item kind. It is safe
// for concurrent use; build it once and share it: its core holds one OAuth2 token for all calls
// and renews it before it expires.
type Client struct {
	Passwords  *PasswordsService
	APISecrets *APISecretsService
	Notes      *NotesService

	core *senhasegura.Client
}

// New builds a Client on a core of its own. It makes no call; use Authenticate to check the
// credentials.
func New(cfg senhasegura.Config) (*Client, error) {
	core, err := senhasegura.New(cfg)
	if err != nil {
		return nil, err
	}
	return On(core), nil
}

// On builds a Client on core, whose instance, credentials, token and bound on requests in
// flight it shares with every other family built on it.
func On(core *senhasegura.Client) *Client {
	a := api{core.API(family)}
	return &Client{Passwords: &PasswordsService{api: a}, APISecrets: &APISecretsService{api: a}, Notes: &NotesService{api: a}, core: core}
}

// BaseURL is the instance root this client talks to.
func (c *Client) BaseURL() string { return c.core.BaseURL() }

// Authenticate fetches (or reuses) the OAuth2 token, so that wrong credentials or a wrong
// URL are reported before any API call.
func (c *Client) Authenticate(ctx context.Context) error { return c.core.Authenticate(ctx) }

// TokenFetches is how many tokens this client has obtained (for tests and diagnostics).
func (c *Client) TokenFetches() int { return c.core.TokenFetches() }
