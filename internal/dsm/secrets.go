package dsm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const (
	secretPath      = "/sctm/secret"
	applicationPath = "/dapp/application"
)

// SecretsService is DSM's secrets API as the client's authorization (/iso/sctm/secret, and
// /iso/dapp/application where the instance has no list of secrets, quirk D10). It never puts an
// identity in a URL path (quirk D11).
type SecretsService struct {
	c *Client

	// listed is the one list of secrets a provider process shares for this authorization;
	// wroteAt is when this client last wrote, so that Find never answers from a list older
	// than its own writes.
	listed  senhasegura.Shared[[]entry]
	writeMu sync.Mutex
	wroteAt time.Time
}

// List lists the secrets of the client's authorization, without their values (quirks D9,
// D10): GET /iso/sctm/secret, decoded as a stream; where that route is absent (a 404: an older
// instance), GET /iso/dapp/application, the application's secrets, from then on for every
// client of the instance. Each call lists anew; Listed shares one list.
func (s *SecretsService) List(ctx context.Context) ([]SecretListItem, error) {
	es, err := s.entries(ctx)
	if err != nil {
		return nil, err
	}
	return items(es), nil
}

// Listed is List made once and shared by every caller of this client for
// senhasegura.DefaultListMaxAge (a refresh of many secrets, the checks of many creates); a
// list older than this client's last write is made again.
func (s *SecretsService) Listed(ctx context.Context) ([]SecretListItem, error) {
	es, err := s.shared(ctx)
	if err != nil {
		return nil, err
	}
	return items(es), nil
}

// Fallback reports which list the client reads (quirk D10): used is true when the instance has
// no GET /iso/sctm/secret and lists come from GET /iso/dapp/application (which may show the
// secrets of the application's other authorizations too); known is false before the first list.
func (s *SecretsService) Fallback() (used, known bool) {
	r := s.c.inst.secretList()
	return r == routeAbsent, r != routeUnknown
}

func items(es []entry) []SecretListItem {
	out := make([]SecretListItem, 0, len(es))
	for _, e := range es {
		out = append(out, e.item)
	}
	return out
}

// Find is the secret with identity (compared exactly), with its values revealed (quirks D9,
// D15), from the shared list (Listed), made again first when it is older than this client's
// last write. Errors: senhasegura.ErrNotFound when the list does not show it,
// senhasegura.ErrAmbiguous when it shows it twice, a *ValueError (ErrEncrypted,
// ErrEncryptionFailed, ErrDecrypt) for a value that cannot be revealed, the options' error
// (ErrBadKey) when the decryption key cannot be used.
func (s *SecretsService) Find(ctx context.Context, identity string) (*StoredSecret, error) {
	if err := checkIdentity(identity); err != nil {
		return nil, s.refuse(http.MethodGet, err)
	}
	es, err := s.shared(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.pick(es, identity)
	if err != nil {
		return nil, err
	}
	return s.reveal(e)
}

// shared is the shared list, made again when it is older than this client's last write.
func (s *SecretsService) shared(ctx context.Context) ([]entry, error) {
	es, at, err := s.listed.Get(ctx, s.entries)
	if err != nil {
		return nil, err
	}
	s.writeMu.Lock()
	stale := at.Before(s.wroteAt)
	s.writeMu.Unlock()
	if stale {
		// Made before a write of this client: it may not show what the write changed.
		s.listed.Forget()
		if es, _, err = s.listed.Get(ctx, s.entries); err != nil {
			return nil, err
		}
	}
	return es, nil
}

// pick is the entry of es with identity.
func (s *SecretsService) pick(es []entry, identity string) (entry, error) {
	var found []entry
	for _, e := range es {
		if e.item.Identity == identity {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 0:
		return entry{}, senhasegura.NoMatch(fmt.Sprintf("DSM lists no secret with identity %q for this authorization (%s)", identity, s.source()))
	case 1:
		return found[0], nil
	}
	ids := make([]string, 0, len(found))
	for _, e := range found {
		ids = append(ids, e.item.ID)
	}
	return entry{}, senhasegura.Ambiguous(fmt.Sprintf("DSM lists %d secrets with identity %q (secret ids %v)", len(found), identity, ids))
}

// source names the list the client reads, for messages.
func (s *SecretsService) source() string {
	if used, _ := s.Fallback(); used {
		return "GET " + PathPrefix + applicationPath + ", the application's secrets"
	}
	return "GET " + PathPrefix + secretPath
}

// reveal is the stored secret of e, its values revealed. With an error about its data or its
// values, the secret returned has the list's attributes and no values.
func (s *SecretsService) reveal(e entry) (*StoredSecret, error) {
	st := &StoredSecret{SecretListItem: e.item}
	if s.c.decErr != nil {
		return st, s.c.decErr
	}
	if e.dataErr != "" {
		return st, &senhasegura.Error{Op: s.c.api.Op(http.MethodGet, secretPath), StatusCode: http.StatusOK, API: family.Name,
			Message: fmt.Sprintf("the secret %q cannot be read: %s", e.item.Identity, e.dataErr)}
	}
	object := fmt.Sprintf("DSM secret %q", e.item.Identity)
	maps := make([]map[string]*string, 0, len(e.data))
	var errs []error
	for _, m := range e.data {
		out := make(map[string]*string, len(m))
		for _, k := range sortedKeys(m) {
			v := m[k]
			if v == nil {
				out[k] = nil
				continue
			}
			plain, err := s.c.dec.Reveal(object, k, *v)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out[k] = &plain
		}
		maps = append(maps, out)
	}
	if len(errs) > 0 {
		return st, errors.Join(errs...)
	}
	st.Maps, st.Values = maps, merge(maps)
	return st, nil
}

// entries lists the secrets anew (quirk D10): GET /iso/sctm/secret while the instance has it,
// else the application's.
func (s *SecretsService) entries(ctx context.Context) ([]entry, error) {
	in := s.c.inst
	if in.secretList() != routeAbsent {
		es, err := s.listSecrets(ctx)
		switch {
		case err == nil:
			in.setSecretList(routePresent)
			return es, nil
		case in.secretList() == routeUnknown && noRoute(err):
			in.setSecretList(routeAbsent)
			s.c.api.Log(ctx, "DSM has no GET "+PathPrefix+secretPath+" (404): secrets are listed from GET "+PathPrefix+applicationPath+
				" from now on", map[string]any{"reason": err.Error()})
		default:
			return nil, classify(err, false)
		}
	}
	return s.listApplication(ctx)
}

// noRoute says whether err is DSM's (or its gateway's) 404 or 405 for the call, not the token
// endpoint's.
func noRoute(err error) bool {
	e, ok := senhasegura.AsError(err)
	return ok && ownCall(e) && errors.Is(e, senhasegura.ErrNoRoute)
}

// listSecrets is GET /iso/sctm/secret (reference/dsm-api.md §4.4), decoded as a stream: one
// entry at a time; entries that are no objects are skipped. An answer without the list and
// without a response block is an error.
func (s *SecretsService) listSecrets(ctx context.Context) ([]entry, error) {
	es := []entry{}
	found, rest, err := s.c.api.List(ctx, secretPath, nil, []string{"secrets"}, func(raw json.RawMessage) error {
		if e, ok := decodeSecret(raw); ok {
			es = append(es, e)
		}
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case !found && !rest.HasResponse():
		return nil, &senhasegura.Error{Op: s.c.api.Op(http.MethodGet, secretPath), StatusCode: http.StatusOK, API: family.Name,
			Message: `the answer has no "secrets" list`}
	}
	return es, nil
}

// listApplication is the secrets of GET /iso/dapp/application (reference/dsm-api.md §4.6), read
// whole: they are nested in the application, where the core's stream does not reach.
func (s *SecretsService) listApplication(ctx context.Context) ([]entry, error) {
	_, secrets, err := s.c.Applications.current(ctx)
	if err != nil {
		return nil, err
	}
	es := make([]entry, 0, len(secrets))
	for _, raw := range secrets {
		if e, ok := decodeSecret(raw); ok {
			es = append(es, e)
		}
	}
	return es, nil
}

// Put creates or updates the secret sec.Identity names with the whole document sec (POST
// /iso/sctm/secret; quirks D6, D7, D8): identity, name, description, engine, expiration_date and
// data, never renew_*. The upsert matches what a first attempt stored, so it is retried like an
// idempotent call. The POST's answer is not trusted: the secret is read back from a new list,
// revealed, and compared with what was sent (PutResult.Kept, Differs). A result with an error
// means the POST was answered with success and the read back failed: ErrNotReadBack when the
// list does not show the secret, a *ValueError when its values cannot be revealed.
//
// Put does not check whether the identity exists: a create that must not take over a secret
// asks Find first.
func (s *SecretsService) Put(ctx context.Context, sec Secret) (*PutResult, error) {
	if err := checkSecret(sec); err != nil {
		return nil, s.refuse(http.MethodPost, err)
	}
	body, data := secretBody(sec)
	vals := make([]string, 0, len(sec.Values)+1)
	for _, v := range sec.Values {
		vals = append(vals, v)
	}
	ctx = senhasegura.WithSecrets(ctx, append(vals, data)...)
	defer s.wrote()
	env, status, err := s.c.api.Do(ctx, http.MethodPost, secretPath, nil, body, true)
	if err != nil {
		return nil, classify(err, false)
	}
	res := &PutResult{Status: status, Message: responseMessage(env)}
	es, err := s.entries(ctx)
	if err != nil {
		return res, fmt.Errorf("DSM secret %q was written, but reading it back failed: %w", sec.Identity, err)
	}
	e, err := s.pick(es, sec.Identity)
	if err != nil {
		if errors.Is(err, senhasegura.ErrNotFound) {
			return res, fmt.Errorf("%w: DSM answered the write of secret %q with success (HTTP %d), but %s does not show it",
				ErrNotReadBack, sec.Identity, status, s.source())
		}
		return res, err
	}
	st, err := s.reveal(e)
	res.Secret = st
	if err != nil {
		return res, err
	}
	res.Kept, res.Differs = compare(sec.Values, st.Values)
	return res, nil
}

// compare says which keys got holds that sent did not send (kept), and which keys sent are not
// in got with the value sent (differs), each sorted; nil when none.
func compare(sent, got map[string]string) (kept, differs []string) {
	for k := range got {
		if _, ok := sent[k]; !ok {
			kept = append(kept, k)
		}
	}
	for k, v := range sent {
		if g, ok := got[k]; !ok || g != v {
			differs = append(differs, k)
		}
	}
	sort.Strings(kept)
	sort.Strings(differs)
	return kept, differs
}

// Expire sets the expiration date of the secret identity to at (quirk D12): DSM inactivates it
// then and deletes its information (access keys can no longer be recovered). The API has no
// other way to end a secret, and its POST takes the whole document, so Expire reads the secret
// (Find) and sends it again unchanged but for expiration_date: it refuses (ErrNotKeyValue) a
// secret whose data is not one map of string values, which it could not send again unchanged
// (credentials or access keys made elsewhere), and needs the values revealed (a decryption key
// where the authorization encrypts). at must not be the zero time. A secret at or before now
// may leave the list at once: for it, a read back that does not show it is no error (the
// result's Secret is nil).
func (s *SecretsService) Expire(ctx context.Context, identity string, at time.Time) (*PutResult, error) {
	if at.IsZero() {
		return nil, s.refuse(http.MethodPost, errors.New("the expiration date is the zero time"))
	}
	st, err := s.Find(ctx, identity)
	if err != nil {
		return nil, err
	}
	if len(st.Maps) > 1 || len(st.Maps) == 1 && len(st.Values) != len(st.Maps[0]) {
		return nil, fmt.Errorf("%w: DSM secret %q holds %d maps of values (credentials or access keys made elsewhere, or null "+
			"values): sending it again with a new expiration date would change it; expire it in DSM's web interface",
			ErrNotKeyValue, identity, len(st.Maps))
	}
	res, err := s.Put(ctx, Secret{Identity: identity, Name: st.Name, Description: st.Description, Engine: st.Engine,
		Expiration: at, Values: st.Values})
	if errors.Is(err, ErrNotReadBack) && !at.After(time.Now()) {
		return res, nil
	}
	return res, err
}

// refuse is the error of a call refused before it is sent (ErrBadInput).
func (s *SecretsService) refuse(method string, err error) error {
	return classify(s.c.api.Refuse(method, secretPath, 0, err.Error()), false)
}

// wrote notes a write of this client: a shared list made before it may not show it.
func (s *SecretsService) wrote() {
	s.writeMu.Lock()
	s.wroteAt = time.Now()
	s.writeMu.Unlock()
}
