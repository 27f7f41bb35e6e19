package dsm

import (
	"context"
	"errors"
	"sync"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// PathPrefix is where every DSM path lives, whatever prefix MySafe and PAM Core use on the
// instance (quirk D1).
const PathPrefix = "/iso"

// Options are the settings of a DSM client beyond its core's.
type Options struct {
	// DecryptionKey is the PEM private key (PKCS#8 or PKCS#1) of an authorization that encrypts
	// values; "" for none (quirk D15).
	DecryptionKey string
	// DecryptionHash is RSA-OAEP's hash: "sha1" (the default, ""), "sha256" or "sha512".
	DecryptionHash string
	// KeySetting is how error messages name the decryption key's setting (the provider's
	// "decryption_private_key"); "" says "a decryption key".
	KeySetting string
	// TokenURL is the token endpoint of the clients As makes; "" is the instance's
	// /iso/oauth2/token.
	TokenURL string
}

// Client is the DSM API of one senhasegura instance as one authorization, one service per
// object kind. It is safe for concurrent use; build it once and share it.
type Client struct {
	Secrets      *SecretsService
	Applications *ApplicationsService

	core     *senhasegura.Client
	api      *senhasegura.API
	opts     Options
	dec      *Decrypter
	decErr   error
	inst     *instance
	clientID string // the authorization's, for a client As made
}

// instance is what every client of one instance shares, whichever authorization it acts as:
// which list of secrets the instance serves (quirk D10), and the clients As made.
type instance struct {
	mu     sync.Mutex
	listAt route
	as     map[string]*minted
}

// minted is a client As made, and the secret it was made with.
type minted struct {
	client *Client
	secret string
}

// route is what the clients know of GET /iso/sctm/secret.
type route int

const (
	routeUnknown route = iota
	routePresent
	routeAbsent
)

func (in *instance) secretList() route {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.listAt
}

func (in *instance) setSecretList(r route) {
	in.mu.Lock()
	in.listAt = r
	in.mu.Unlock()
}

// On builds a Client on core, acting as the authorization whose credentials core holds (the
// provider's dsm_client_id and dsm_client_secret: a core of their own, or
// senhasegura.Client.WithCredentials of the provider's). Its paths are always under /iso
// (PathPrefix). A decryption key that cannot be used does not stop it: Err says so, and every
// read of a secret's values fails with that error; lists (without values) still work.
func On(core *senhasegura.Client, opts Options) *Client {
	dec, err := NewDecrypter(opts)
	return build(core, opts, dec, err, &instance{as: map[string]*minted{}}, "")
}

// New builds a Client on a core of its own (Config.APIPrefix is not used: DSM's is /iso). An
// unusable decryption key is an error here (matching ErrBadKey).
func New(cfg senhasegura.Config, opts Options) (*Client, error) {
	if _, err := NewDecrypter(opts); err != nil {
		return nil, err
	}
	core, err := senhasegura.New(cfg)
	if err != nil {
		return nil, err
	}
	return On(core, opts), nil
}

func build(core *senhasegura.Client, opts Options, dec *Decrypter, decErr error, inst *instance, clientID string) *Client {
	c := &Client{core: core, api: core.APIUnder(family, PathPrefix), opts: opts, dec: dec, decErr: decErr, inst: inst, clientID: clientID}
	c.Secrets = &SecretsService{c: c}
	c.Applications = &ApplicationsService{c: c}
	return c
}

// As is a Client of the same instance acting as another authorization (one Register minted):
// its own OAuth2 token (senhasegura.Client.WithCredentials, at Options.TokenURL), the same
// options, transport and bound on requests in flight. Clients are cached by client ID, for
// every client of the instance: asking again with the same credentials returns the same
// Client (one token per process and credential set); with another secret for the same ID, a
// new one replaces it. Its values are revealed with the same decryption key (one per client
// set): reading the secrets of an authorization that encrypts with another key fails with
// ErrDecrypt.
func (c *Client) As(clientID, clientSecret string) (*Client, error) {
	if clientID == "" || clientSecret == "" {
		return nil, errors.New("dsm: the authorization's client ID and client secret are required")
	}
	c.inst.mu.Lock()
	defer c.inst.mu.Unlock()
	if other, ok := c.inst.as[clientID]; ok && other.secret == clientSecret {
		return other.client, nil
	}
	core, err := c.core.WithCredentials(clientID, clientSecret, c.opts.TokenURL)
	if err != nil {
		return nil, err
	}
	other := build(core, c.opts, c.dec, c.decErr, c.inst, clientID)
	c.inst.as[clientID] = &minted{client: other, secret: clientSecret}
	return other, nil
}

// ClientID is the client ID of the authorization a client made by As acts as; "" for the
// client of the provider's own credentials.
func (c *Client) ClientID() string { return c.clientID }

// Err is the error of the client's options (a decryption key or hash that cannot be used,
// matching ErrBadKey); nil when they are good.
func (c *Client) Err() error { return c.decErr }

// Decrypter is the client's Decrypter (quirk D15), to reveal values read elsewhere with the same
// key (a PAM Core password, see Decrypter); nil when the options' key cannot be used (Err).
func (c *Client) Decrypter() *Decrypter { return c.dec }

// Authenticate fetches (or reuses) the OAuth2 token of the client's authorization, so that wrong
// credentials are reported before any API call.
func (c *Client) Authenticate(ctx context.Context) error {
	return classify(c.core.Authenticate(ctx), false)
}

// TokenFetches is how many tokens the client's authorization has obtained.
func (c *Client) TokenFetches() int { return c.core.TokenFetches() }

// BaseURL is the instance root this client talks to.
func (c *Client) BaseURL() string { return c.core.BaseURL() }

// forget drops the client As cached for the authorization it acts as (after its
// deactivation, its token is no use).
func (c *Client) forget() {
	if c.clientID == "" {
		return
	}
	c.inst.mu.Lock()
	if m, ok := c.inst.as[c.clientID]; ok && m.client == c {
		delete(c.inst.as, c.clientID)
	}
	c.inst.mu.Unlock()
}
