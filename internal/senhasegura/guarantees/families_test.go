package guarantees_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafe"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// The core's guarantees are tested through each API family built on it, against the mock: a
// test runs its guarantee once per family (a subtest named for the family), so that a family
// whose calls bypassed or bent the core would fail it. apiFamily is what those tests need of
// a family: how to build its client, one call of each sort (a read, a list, a change, a
// deactivation, a create), the mock's names for the routes they take, and how to prepare and
// inspect the mock. A new family adds one entry to families.

// apiFamily is one API family as the guarantee tests see it.
type apiFamily struct {
	name string
	// newClient builds the family's client on a core of its own, as the family's New does.
	newClient func(cfg senhasegura.Config) (familyClient, error)
	// on builds it on a core other families may share.
	on func(core *senhasegura.Client) familyClient
	// The routes of the calls, as the mock counts them (RequestCount, FailNextOn). listRoute
	// is also the list a create makes (its baseline, and its lookup after an ambiguous
	// failure).
	readRoute, listRoute, updateRoute, deactivateRoute, createRoute string
	// listPath and createPath are the list's and the create's paths as sent; pathPart is in
	// the path of every call of the family (for handlers that wrap the mock).
	listPath, createPath, pathPart string
	// refusal is what refusedCreate's error matches.
	refusal error
	// prepare makes a new mock ready for the family's calls (PAM Core: the device its
	// credentials are created on).
	prepare func(m *senhaseguramock.Server)
	// seed stores the object the read, the update and the deactivation work on, and returns
	// its id.
	seed func(m *senhaseguramock.Server) string
	// updated reports whether the object id holds what the update writes.
	updated func(m *senhaseguramock.Server, id string) bool
	// seedMany stores n objects of the listed kind.
	seedMany func(m *senhaseguramock.Server, n int)
	// stored is how many objects of the created kind the mock holds.
	stored func(m *senhaseguramock.Server) int
}

// familyClient is one client of a family: its calls, each through the family's own service.
type familyClient struct {
	authenticate func(ctx context.Context) error
	read         func(ctx context.Context, id string) error
	// list lists the objects of a kind and says how many there are.
	list func(ctx context.Context) (int, error)
	// update changes the object id (a call the family retries, as an idempotent one).
	update     func(ctx context.Context, id string) error
	deactivate func(ctx context.Context, id string) error
	// create creates an object told apart by name, whose secret value is secret, and returns
	// its id (a create is never retried blindly: senhasegura.CreateWithRecovery).
	create func(ctx context.Context, name, secret string) (string, error)
	// refusedCreate is a create the API refuses (a 4xx with an application code).
	refusedCreate func(ctx context.Context) error
}

// families are the API families built on the core.
var families = []apiFamily{mysafeFamily(), pamFamily()}

// forEachFamily runs test once per family, as a subtest named for it.
func forEachFamily(t *testing.T, test func(t *testing.T, f apiFamily)) {
	t.Helper()
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) { test(t, f) })
	}
}

func mysafeFamily() apiFamily {
	calls := func(c *mysafe.Client) familyClient {
		return familyClient{
			authenticate: c.Authenticate,
			read: func(ctx context.Context, id string) error {
				_, err := c.Passwords.Get(ctx, id)
				return err
			},
			list: func(ctx context.Context) (int, error) {
				l, err := c.Passwords.List(ctx, mysafe.PasswordFilter{})
				return len(l), err
			},
			update: func(ctx context.Context, id string) error {
				name := "renamed"
				_, err := c.Passwords.Update(ctx, id, mysafe.PasswordUpdate{Name: &name})
				return err
			},
			deactivate: func(ctx context.Context, id string) error { return c.Passwords.Deactivate(ctx, id) },
			create: func(ctx context.Context, name, secret string) (string, error) {
				p, err := c.Passwords.Create(ctx, mysafe.Password{Name: name, Username: "u", Password: secret})
				if err != nil {
					return "", err
				}
				return p.ID, nil
			},
			refusedCreate: func(ctx context.Context) error {
				_, err := c.Passwords.Create(ctx, mysafe.Password{Name: "x"}) // no username, no password
				return err
			},
		}
	}
	return apiFamily{
		name: "MySafe",
		newClient: func(cfg senhasegura.Config) (familyClient, error) {
			c, err := mysafe.New(cfg)
			if err != nil {
				return familyClient{}, err
			}
			return calls(c), nil
		},
		on:        func(core *senhasegura.Client) familyClient { return calls(mysafe.On(core)) },
		readRoute: "GET /mysafe/password/{id}", listRoute: "GET /mysafe/password", updateRoute: "PUT /mysafe/password/update/{id}",
		deactivateRoute: "POST /mysafe/password/inactive/{id}", createRoute: "POST /mysafe/password",
		listPath: "/api/mysafe/password", createPath: "/api/mysafe/password", pathPart: "/mysafe/",
		refusal: mysafe.ErrMissingParameter,
		prepare: func(*senhaseguramock.Server) {},
		seed: func(m *senhaseguramock.Server) string {
			return m.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "n", "username": "u", "password": "p"}})
		},
		updated: func(m *senhaseguramock.Server, id string) bool {
			it, _ := m.Item(senhaseguramock.KindPassword, id)
			return it.Fields["name"] == "renamed"
		},
		seedMany: func(m *senhaseguramock.Server, n int) {
			m.SeedMany(senhaseguramock.KindPassword, n, func(i int) senhaseguramock.Item {
				return senhaseguramock.Item{Fields: map[string]string{"name": fmt.Sprintf("n%d", i), "username": "u", "password": "p"}}
			})
		},
		stored: func(m *senhaseguramock.Server) int { return len(m.Items(senhaseguramock.KindPassword)) },
	}
}

// pamHost is the device of PAM Core's calls: the one read, updated (upserted) and deactivated,
// and the one the credentials are created on.
var pamHost = senhaseguramock.PAMDevice{Hostname: "db01", IP: "10.0.0.5", Type: "Database", Vendor: "Oracle", Model: "MySQL 8", Site: "LAX"}

// pamDevice is the id of the device pamHost, which it stores first if the mock does not have it.
func pamDevice(m *senhaseguramock.Server) string {
	for _, d := range m.PAMDevices() {
		if d.Hostname == pamHost.Hostname {
			return d.ID
		}
	}
	return m.SeedPAMDevice(pamHost)
}

func pamFamily() apiFamily {
	calls := func(c *pam.Client) familyClient {
		return familyClient{
			authenticate: c.Authenticate,
			read: func(ctx context.Context, id string) error {
				_, err := c.Devices.Get(ctx, id)
				return err
			},
			list: func(ctx context.Context) (int, error) {
				l, err := c.Credentials.List(ctx)
				return len(l), err
			},
			update: func(ctx context.Context, _ string) error {
				d := pam.Device{Hostname: pamHost.Hostname, IP: "10.0.0.9", Type: pamHost.Type, Vendor: pamHost.Vendor, Model: pamHost.Model, Site: pamHost.Site}
				_, err := c.Devices.Upsert(ctx, d) // the device with that hostname (quirk P4)
				return err
			},
			deactivate: func(ctx context.Context, id string) error { return c.Devices.Deactivate(ctx, id) },
			create: func(ctx context.Context, name, secret string) (string, error) {
				w, err := c.Credentials.Create(ctx, pam.Credential{Identifier: pamHost.Hostname + "-" + name, Username: name,
					Hostname: pamHost.Hostname, IP: pamHost.IP, Content: secret})
				if err != nil {
					return "", err
				}
				return w.ID, nil
			},
			refusedCreate: func(ctx context.Context) error {
				_, err := c.Credentials.Create(ctx, pam.Credential{Username: "u", Hostname: "nowhere", IP: "10.9.9.9"}) // no such device
				return err
			},
		}
	}
	return apiFamily{
		name: "PAM Core",
		newClient: func(cfg senhasegura.Config) (familyClient, error) {
			c, err := pam.New(cfg, "")
			if err != nil {
				return familyClient{}, err
			}
			return calls(c), nil
		},
		on:        func(core *senhasegura.Client) familyClient { return calls(pam.On(core, "")) },
		readRoute: "GET /pam/device/{id}", listRoute: "GET /pam/credential", updateRoute: "POST /pam/device",
		deactivateRoute: "DELETE /pam/device/{id}", createRoute: "POST /pam/credential",
		listPath: "/iso/pam/credential", createPath: "/iso/pam/credential", pathPart: "/pam/",
		refusal: pam.ErrDeviceNotFound,
		prepare: func(m *senhaseguramock.Server) { _ = pamDevice(m) },
		seed:    pamDevice,
		updated: func(m *senhaseguramock.Server, id string) bool {
			d, _ := m.PAMDevice(id)
			return d.IP == "10.0.0.9"
		},
		seedMany: func(m *senhaseguramock.Server, n int) {
			_ = pamDevice(m)
			m.SeedPAMCredentials(n, func(i int) senhaseguramock.PAMCredential {
				return senhaseguramock.PAMCredential{Hostname: pamHost.Hostname, IP: pamHost.IP, Username: fmt.Sprintf("u%d", i), Identifier: fmt.Sprintf("id%d", i)}
			})
		},
		stored: func(m *senhaseguramock.Server) int { return len(m.PAMCredentials()) },
	}
}

// env is a family's client on a mock of its own.
type env struct {
	f      apiFamily
	mock   *senhaseguramock.Server
	srv    *httptest.Server
	client familyClient
}

// newEnv serves a new mock (prepared for f) and builds f's client on it, with short retry
// waits; tweak changes the client's configuration.
func newEnv(t *testing.T, f apiFamily, opts senhaseguramock.Options, tweak ...func(*senhasegura.Config)) *env {
	t.Helper()
	m := senhaseguramock.New(opts)
	f.prepare(m)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	cfg := senhasegura.Config{
		BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret,
		RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
	}
	if opts.ClientID != "" {
		cfg.ClientID, cfg.ClientSecret = opts.ClientID, opts.ClientSecret
	}
	for _, tw := range tweak {
		tw(&cfg)
	}
	c, err := f.newClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{f: f, mock: m, srv: srv, client: c}
}

// another is another client of e's family on e's mock (another process, or other settings).
func (e *env) another(t *testing.T, tweak func(*senhasegura.Config)) familyClient {
	t.Helper()
	cfg := senhasegura.Config{BaseURL: e.srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret}
	tweak(&cfg)
	c, err := e.f.newClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
