package mysafe

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

// Entity keys and paths (reference §3 and §6).
const (
	passwordPath  = "/mysafe/password"
	apiSecretPath = "/mysafe/secretapi"
)

var digits = regexp.MustCompile(`^[0-9]+$`)

// checkID refuses identifiers that are not digit strings before any call is made (MySafe
// would answer 1010; refusing locally also keeps arbitrary text out of the URL path).
func checkID(op, id string) error {
	if !digits.MatchString(id) {
		return &Error{Op: op, StatusCode: http.StatusBadRequest, Code: 1010, Message: "Unexpected identifier type"}
	}
	return nil
}

// fetch performs a call and decodes the entity found under the first present key.
func (c *Client) fetch(ctx context.Context, method, path string, in any, idempotent bool, out any, keys ...string) error {
	env, status, err := c.call(ctx, method, path, nil, in, idempotent)
	if err != nil {
		return err
	}
	return env.entity(method+" "+c.apiPrefix+path, status, out, keys...)
}

func (c *Client) setActive(ctx context.Context, base, id string, active bool) error {
	path := base + "/inactive/" + id
	if active {
		path = base + "/active/" + id
	}
	if err := checkID(http.MethodPost+" "+c.apiPrefix+path, id); err != nil {
		return err
	}
	_, _, err := c.call(ctx, http.MethodPost, path, nil, nil, true)
	return err
}

func sharesToWire(list []Share, key string) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, s := range list {
		out = append(out, map[string]any{key: s.Name, "can_edit": s.CanEdit})
	}
	return out
}

// putNonEmpty adds the non-empty values of name/value pairs to a create body: MySafe needs
// no empty field on create, and a strict server could refuse one (an empty base32 seed, an
// empty identifier_code counted as a duplicate).
func putNonEmpty(m map[string]any, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			m[kv[i]] = kv[i+1]
		}
	}
}

// optField is a field of an update body: sent when value is not nil.
type optField struct {
	name  string
	value *string
}

// putSet adds the fields that are set to an update body.
func putSet(m map[string]any, fields ...optField) {
	for _, f := range fields {
		if f.value != nil {
			m[f.name] = *f.value
		}
	}
}

func putShares(m map[string]any, users, groups []Share) {
	if users != nil {
		m["users_allowed"] = sharesToWire(users, "username")
	}
	if groups != nil {
		m["groups_allowed"] = sharesToWire(groups, "name")
	}
}

// passwordBody is the create body for p: every non-empty field and both sharing lists.
func passwordBody(p Password) map[string]any {
	m := map[string]any{}
	putShares(m, nonNil(p.UsersAllowed), nonNil(p.GroupsAllowed))
	putNonEmpty(m, "name", p.Name, "username", p.Username, "password", p.Password, "url", p.URL,
		"secret_key", p.SecretKey, "notes", p.Notes, "tags", p.Tags)
	return m
}

func apiSecretBody(a APISecret) map[string]any {
	m := map[string]any{}
	putShares(m, nonNil(a.UsersAllowed), nonNil(a.GroupsAllowed))
	putNonEmpty(m, "name", a.Name, "url", a.URL, "client_id", a.ClientID, "client_secret", a.ClientSecret,
		"identifier_code", a.IdentifierCode, "method", a.Method, "notes", a.Notes, "tags", a.Tags)
	return m
}

func passwordUpdateBody(u PasswordUpdate) map[string]any {
	m := map[string]any{}
	putShares(m, u.UsersAllowed, u.GroupsAllowed)
	putSet(m, optField{"name", u.Name}, optField{"username", u.Username}, optField{"password", u.Password},
		optField{"url", u.URL}, optField{"secret_key", u.SecretKey}, optField{"notes", u.Notes}, optField{"tags", u.Tags})
	return m
}

func apiSecretUpdateBody(u APISecretUpdate) map[string]any {
	m := map[string]any{}
	putShares(m, u.UsersAllowed, u.GroupsAllowed)
	putSet(m, optField{"name", u.Name}, optField{"url", u.URL}, optField{"client_id", u.ClientID},
		optField{"client_secret", u.ClientSecret}, optField{"identifier_code", u.IdentifierCode},
		optField{"method", u.Method}, optField{"notes", u.Notes}, optField{"tags", u.Tags})
	return m
}

func nonNil(s []Share) []Share {
	if s == nil {
		return []Share{}
	}
	return s
}

// ---- passwords ----

// CreatePassword creates a password (POST /api/mysafe/password). The answer does not echo
// password or secret_key. After an ambiguous failure it looks for the password the failed
// attempt may have created (list filtered by name, username and url, then an exact match on
// GET) and adopts it instead of creating a second one.
func (c *Client) CreatePassword(ctx context.Context, p Password) (*Password, error) {
	return createWithRecovery(ctx, c,
		func(ctx context.Context) (*Password, error) {
			var w wirePassword
			if err := c.fetch(ctx, http.MethodPost, passwordPath, passwordBody(p), false, &w, "password_entity"); err != nil {
				return nil, err
			}
			return w.toPassword(), nil
		},
		func(ctx context.Context) (*Password, bool, error) { return c.findPassword(ctx, p) })
}

func (c *Client) findPassword(ctx context.Context, want Password) (*Password, bool, error) {
	list, err := c.ListPasswords(ctx, PasswordFilter{Name: want.Name, Username: want.Username, URL: want.URL})
	if err != nil {
		return nil, false, err
	}
	for i := len(list) - 1; i >= 0; i-- { // newest first
		it := list[i]
		if it.Name != want.Name || (it.Username != "" && it.Username != want.Username) {
			continue
		}
		got, err := c.GetPassword(ctx, it.ID)
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

// GetPassword reads one password (GET /api/mysafe/password/{id}), with its secret values and
// sharing lists.
func (c *Client) GetPassword(ctx context.Context, id string) (*Password, error) {
	if err := checkID("GET "+c.apiPrefix+passwordPath+"/"+id, id); err != nil {
		return nil, err
	}
	var w wirePassword
	if err := c.fetch(ctx, http.MethodGet, passwordPath+"/"+id, nil, true, &w, "password_entity"); err != nil {
		return nil, err
	}
	return w.toPassword(), nil
}

// ListPasswords lists the active passwords the user can see (GET /api/mysafe/password).
func (c *Client) ListPasswords(ctx context.Context, f PasswordFilter) ([]ListItem, error) {
	q := url.Values{}
	addQuery(q, "tag", f.Tag, "name", f.Name, "username", f.Username, "url", f.URL)
	return c.list(ctx, passwordPath, q, "password_on_list", "passwords_on_list")
}

// UpdatePassword changes the password id (PUT /api/mysafe/password/update/{identifier}). Only
// the fields set in u are sent; MySafe keeps the others. Both 200 and 201 are success. The
// answer does not echo password or secret_key.
func (c *Client) UpdatePassword(ctx context.Context, id string, u PasswordUpdate) (*Password, error) {
	if err := checkID("PUT "+c.apiPrefix+passwordPath+"/update/"+id, id); err != nil {
		return nil, err
	}
	var w wirePassword
	if err := c.fetch(ctx, http.MethodPut, passwordPath+"/update/"+id, passwordUpdateBody(u), true, &w, "password_entity"); err != nil {
		return nil, err
	}
	return w.toPassword(), nil
}

// DeactivatePassword deactivates a password (MySafe has no delete). Deactivating an
// inactive password succeeds.
func (c *Client) DeactivatePassword(ctx context.Context, id string) error {
	return c.setActive(ctx, passwordPath, id, false)
}

// ActivatePassword re-activates a password. Activating an active password succeeds.
func (c *Client) ActivatePassword(ctx context.Context, id string) error {
	return c.setActive(ctx, passwordPath, id, true)
}

// ---- API secrets ----

// CreateAPISecret creates an API secret (POST /api/mysafe/secretapi). After an ambiguous
// failure it looks for the secret the failed attempt may have created (by identifier_code
// when set, otherwise by name, then an exact match on GET) and adopts it.
func (c *Client) CreateAPISecret(ctx context.Context, a APISecret) (*APISecret, error) {
	return createWithRecovery(ctx, c,
		func(ctx context.Context) (*APISecret, error) {
			var w wireAPISecret
			if err := c.fetch(ctx, http.MethodPost, apiSecretPath, apiSecretBody(a), false, &w, "api_entity", "api_secret_entity"); err != nil {
				return nil, err
			}
			return w.toAPISecret(), nil
		},
		func(ctx context.Context) (*APISecret, bool, error) { return c.findAPISecret(ctx, a) })
}

func (c *Client) findAPISecret(ctx context.Context, want APISecret) (*APISecret, bool, error) {
	list, err := c.ListAPISecrets(ctx, APISecretFilter{IdentifierCode: want.IdentifierCode})
	if err != nil {
		return nil, false, err
	}
	for i := len(list) - 1; i >= 0; i-- {
		it := list[i]
		if it.Name != "" && it.Name != want.Name {
			continue
		}
		got, err := c.GetAPISecret(ctx, it.ID)
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

// GetAPISecret reads one API secret (GET /api/mysafe/secretapi/{id}).
func (c *Client) GetAPISecret(ctx context.Context, id string) (*APISecret, error) {
	if err := checkID("GET "+c.apiPrefix+apiSecretPath+"/"+id, id); err != nil {
		return nil, err
	}
	var w wireAPISecret
	if err := c.fetch(ctx, http.MethodGet, apiSecretPath+"/"+id, nil, true, &w, "api_secret_entity", "api_entity"); err != nil {
		return nil, err
	}
	return w.toAPISecret(), nil
}

// ListAPISecrets lists the active API secrets the user can see (GET /api/mysafe/secretapi).
func (c *Client) ListAPISecrets(ctx context.Context, f APISecretFilter) ([]ListItem, error) {
	q := url.Values{}
	addQuery(q, "tag", f.Tag, "identifier_code", f.IdentifierCode)
	return c.list(ctx, apiSecretPath, q, "api_secret_on_list", "api_secrets_on_list")
}

// UpdateAPISecret changes the API secret id (PUT /api/mysafe/secretapi/update/{id}); only the
// fields set in u are sent.
func (c *Client) UpdateAPISecret(ctx context.Context, id string, u APISecretUpdate) (*APISecret, error) {
	if err := checkID("PUT "+c.apiPrefix+apiSecretPath+"/update/"+id, id); err != nil {
		return nil, err
	}
	var w wireAPISecret
	if err := c.fetch(ctx, http.MethodPut, apiSecretPath+"/update/"+id, apiSecretUpdateBody(u), true, &w, "api_entity", "api_secret_entity"); err != nil {
		return nil, err
	}
	return w.toAPISecret(), nil
}

// DeactivateAPISecret deactivates an API secret; deactivating an inactive one succeeds.
func (c *Client) DeactivateAPISecret(ctx context.Context, id string) error {
	return c.setActive(ctx, apiSecretPath, id, false)
}

// ActivateAPISecret re-activates an API secret; activating an active one succeeds.
func (c *Client) ActivateAPISecret(ctx context.Context, id string) error {
	return c.setActive(ctx, apiSecretPath, id, true)
}

// ---- shared helpers ----

func addQuery(q url.Values, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
}

func (c *Client) list(ctx context.Context, path string, q url.Values, keys ...string) ([]ListItem, error) {
	var w []wireListItem
	env, status, err := c.call(ctx, http.MethodGet, path, q, nil, true)
	if err != nil {
		return nil, err
	}
	if err := env.entity(http.MethodGet+" "+c.apiPrefix+path, status, &w, keys...); err != nil {
		// An empty result may come back without the key at all.
		if _, ok := env["response"]; ok {
			return []ListItem{}, nil
		}
		return nil, err
	}
	out := make([]ListItem, 0, len(w))
	for _, it := range w {
		out = append(out, it.toListItem())
	}
	return out, nil
}

// createWithRecovery runs a non-idempotent create. A clear failure (4xx) is returned at once.
// After a 429 it waits (Retry-After) and tries again. After an ambiguous failure (no answer,
// connection reset, timeout, 500/502/503/504), when the server may have stored the object
// before failing, it first looks for that object and adopts it; only when it is not there
// is the create sent again.
func createWithRecovery[T any](ctx context.Context, c *Client, create func(context.Context) (T, error), find func(context.Context) (T, bool, error)) (T, error) {
	var zero T
	for attempt := 0; ; attempt++ {
		v, err := create(ctx)
		if err == nil {
			return v, nil
		}
		e, ok := AsError(err)
		if !ok || ctx.Err() != nil {
			return zero, err
		}
		if e.StatusCode >= 200 && e.StatusCode < 300 {
			// The server said yes but the answer could not be read (truncated, not JSON): the
			// object most likely exists. Adopt it rather than lose track of it.
			if found, ok, ferr := find(ctx); ferr == nil && ok {
				c.log(ctx, "MySafe create: unreadable answer, adopted the stored object", map[string]any{"op": e.Op})
				return found, nil
			}
			return zero, err
		}
		if attempt >= c.retries {
			return zero, err
		}
		retryable := e.StatusCode == 0 || e.StatusCode == http.StatusTooManyRequests || e.StatusCode == http.StatusInternalServerError ||
			e.StatusCode == http.StatusBadGateway || e.StatusCode == http.StatusServiceUnavailable || e.StatusCode == http.StatusGatewayTimeout
		if !retryable || (e.StatusCode == 0 && isPermanentTransportError(e.err)) {
			return zero, err
		}
		wait := e.RetryAfter
		if wait == 0 {
			wait = jittered(c.waitMin, c.waitMax, attempt)
		}
		c.log(ctx, "MySafe create failed, will check and retry", map[string]any{"op": e.Op, "status": e.StatusCode, "wait_ms": wait.Milliseconds()})
		if err := sleepCtx(ctx, wait); err != nil {
			return zero, err
		}
		if e.StatusCode == http.StatusTooManyRequests {
			continue // refused before any work was done
		}
		found, ok, ferr := find(ctx)
		if ferr != nil {
			// Without knowing whether the first attempt took effect, a second create could
			// duplicate the secret: report the original failure instead.
			return zero, err
		}
		if ok {
			c.log(ctx, "MySafe create: adopted the object stored by a failed attempt", map[string]any{"op": e.Op})
			return found, nil
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
