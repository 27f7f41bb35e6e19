package pam

import (
	"context"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// DefaultPathPrefix is where the client sends PAM Core calls (quirk P1).
const DefaultPathPrefix = "/iso"

// Client is the PAM Core API of one senhasegura instance, one service per object kind. It is
// safe for concurrent use; build it once and share it.
type Client struct {
	Devices     *DevicesService
	Credentials *CredentialsService

	core *senhasegura.Client
}

// On builds a Client on core, whose instance, credentials, token and bound on requests in
// flight it shares with every other family built on it; prefix is where the instance serves
// PAM Core ("/iso" or "/api"; "" is DefaultPathPrefix).
func On(core *senhasegura.Client, prefix string) *Client {
	if prefix == "" {
		prefix = DefaultPathPrefix
	}
	a := core.APIUnder(family, prefix)
	return &Client{
		Devices:     &DevicesService{api: a},
		Credentials: &CredentialsService{api: a, v2: core.APIUnder(family, "/api")},
		core:        core,
	}
}

// New builds a Client on a core of its own (Config.APIPrefix is not used: prefix is PAM Core's).
func New(cfg senhasegura.Config, prefix string) (*Client, error) {
	core, err := senhasegura.New(cfg)
	if err != nil {
		return nil, err
	}
	return On(core, prefix), nil
}

// Authenticate fetches (or reuses) the OAuth2 token of the client's credentials.
func (c *Client) Authenticate(ctx context.Context) error { return c.core.Authenticate(ctx) }

// TokenFetches is how many tokens this client's credentials have obtained.
func (c *Client) TokenFetches() int { return c.core.TokenFetches() }

// BaseURL is the instance root this client talks to.
func (c *Client) BaseURL() string { return c.core.BaseURL() }
