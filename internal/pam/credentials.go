package pam

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const (
	credentialPath = "/pam/credential"
	custodyPath    = "/pam/credential/custody"
	detailsPath    = "/v2/pam/credentials"
)

// ErrNoV2 says the instance has no API v2 (before Segura 4.2.2): what only the v2 read returns
// cannot be read (quirk P7).
var ErrNoV2 = errors.New("pam: the instance has no API v2 read (Segura 4.2.2+)")

// CredentialsService is PAM Core's credentials API (/iso/pam/credential). Only View reads a
// password (quirk P5); every other read is side-effect free.
type CredentialsService struct {
	api *senhasegura.API
	v2  *senhasegura.API // under /api, where the API v2 lives

	// v2State is what this client learned of API v2: unknown until the first Details call.
	v2Mu    sync.Mutex
	v2State v2Support

	// listed coalesces the lists of concurrent reads (a refresh of many credentials): one list
	// serves every Find for listTTL, or until a write of this client.
	listMu sync.Mutex
	listed *listing
}

type v2Support int

const (
	v2Unknown v2Support = iota
	v2Present
	v2Absent
)

// listTTL is how long one list answers the Finds of a refresh. A write of this client drops
// it at once, so a client never reads its own writes stale.
const listTTL = 5 * time.Second

type listing struct {
	done  chan struct{}
	at    time.Time
	items []CredentialListItem
	err   error
}

// Create creates a credential (POST /iso/pam/credential) that the caller made sure does not
// exist (the upsert would take it over, quirk P4). After an ambiguous failure, or when the
// answer is lost to an interrupt, it looks the credential up (by identifier, else hostname + ip
// + username) and adopts it; only when it is not there is the create sent again.
func (s *CredentialsService) Create(ctx context.Context, c Credential) (*Written, error) {
	defer s.forgetList()
	return senhasegura.CreateWithRecovery(ctx, s.api,
		func(ctx context.Context) (*Written, error) { return s.upsert(ctx, c, false) },
		func(ctx context.Context) (*Written, bool, error) {
			it, err := s.findAccount(ctx, c)
			if err != nil || it == nil {
				return nil, false, err
			}
			return &Written{ID: it.ID, Identifier: it.Identifier}, true, nil
		})
}

// Update updates the credential c's identifier (or hostname + ip + username) names: the same
// upsert, which may be retried (it matches what the first attempt stored).
func (s *CredentialsService) Update(ctx context.Context, c Credential) (*Written, error) {
	defer s.forgetList()
	return s.upsert(ctx, c, true)
}

func (s *CredentialsService) upsert(ctx context.Context, c Credential, idempotent bool) (*Written, error) {
	env, status, err := s.api.Do(ctx, http.MethodPost, credentialPath, nil, credentialBody(c), idempotent)
	if err != nil {
		return nil, err
	}
	var w wireWritten
	op := s.api.Op(http.MethodPost, credentialPath)
	if found, err := entity(env, op, status, &w, "credential"); err != nil || !found || w.ID == "" {
		// A yes that names no credential: Create adopts what it stored (an unreadable 2xx).
		return nil, &senhasegura.Error{Op: op, StatusCode: status, API: family.Name, Message: `the answer has no "credential" object with an id`}
	}
	return &Written{ID: string(w.ID), Identifier: w.identifier(), Updated: updatedMessage(env)}, nil
}

// findAccount is the listed credential c would match: by identifier when c has one, else by
// hostname + ip + username (quirk P4); nil when none.
func (s *CredentialsService) findAccount(ctx context.Context, c Credential) (*CredentialListItem, error) {
	list, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range list {
		if it.IsSSHKey() {
			continue
		}
		sameIP := it.IP == "" || c.IP == "" || it.IP == c.IP // v3-32 lists may leave management_ip empty
		if c.Identifier != "" && it.Identifier == c.Identifier || c.Identifier == "" && it.Hostname == c.Hostname && sameIP && it.Username == c.Username {
			return &it, nil
		}
	}
	return nil, nil
}

// List lists the active credentials the authorization can see (GET /iso/pam/credential, quirk
// P6): no password, no custody. SSH keys are listed too (IsSSHKey).
func (s *CredentialsService) List(ctx context.Context) ([]CredentialListItem, error) {
	env, status, err := s.api.Do(ctx, http.MethodGet, credentialPath, nil, nil, true)
	if err != nil {
		return nil, err
	}
	op := s.api.Op(http.MethodGet, credentialPath)
	w, found, err := entities[wireCredentialItem](env, op, status, "credentials")
	switch {
	case err != nil:
		return nil, err
	case !found && !env.HasResponse():
		return nil, &senhasegura.Error{Op: op, StatusCode: status, API: family.Name, Message: `the answer has no "credentials" list`}
	}
	out := make([]CredentialListItem, 0, len(w))
	for _, it := range w {
		out = append(out, it.toListItem())
	}
	return out, nil
}

// Find is the listed credential with id, from a list at most listTTL old that concurrent
// callers share; an error matching ErrNotFound when the list does not hold it (gone, or
// deactivated: lists show active credentials only).
func (s *CredentialsService) Find(ctx context.Context, id string) (*CredentialListItem, error) {
	items, err := s.sharedList(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.ID == id && !it.IsSSHKey() {
			return &it, nil
		}
	}
	return nil, senhasegura.NoMatch(fmt.Sprintf("PAM Core lists no active credential %s", id))
}

// FindByIdentifier is the listed credential with identifier (ErrNotFound when none).
func (s *CredentialsService) FindByIdentifier(ctx context.Context, identifier string) (*CredentialListItem, error) {
	items, err := s.sharedList(ctx)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Identifier == identifier && !it.IsSSHKey() {
			return &it, nil
		}
	}
	return nil, senhasegura.NoMatch(fmt.Sprintf("PAM Core lists no active credential with identifier %q", identifier))
}

func (s *CredentialsService) sharedList(ctx context.Context) ([]CredentialListItem, error) {
	s.listMu.Lock()
	l := s.listed
	if l == nil || time.Since(l.at) > listTTL {
		l = &listing{done: make(chan struct{}), at: time.Now()}
		s.listed = l
		s.listMu.Unlock()
		l.items, l.err = s.List(ctx)
		close(l.done)
		if l.err != nil {
			s.forgetList()
		}
		return l.items, l.err
	}
	s.listMu.Unlock()
	select {
	case <-l.done:
		return l.items, l.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *CredentialsService) forgetList() {
	s.listMu.Lock()
	s.listed = nil
	s.listMu.Unlock()
}

// Details is the API v2 read (GET /api/v2/pam/credentials/{id}, quirk P7): every non-sensitive
// attribute, the active flag among them, no password, no custody. Ask it only of a credential
// the list shows. The client learns on the first call whether the instance has a v2 read it can
// use, and remembers it (ErrNoV2 from then on, without a call): a 404 (no such route), a 401 or
// 403 (the authorization may use v1 only) or an answer in which no credential can be found
// (the v2 envelope is not published, quirk P7) all mean no.
func (s *CredentialsService) Details(ctx context.Context, id string) (*CredentialDetails, error) {
	path := detailsPath + "/" + id
	if err := checkID(s.v2, http.MethodGet, path, id); err != nil {
		return nil, err
	}
	s.v2Mu.Lock()
	state := s.v2State
	s.v2Mu.Unlock()
	if state == v2Absent {
		return nil, ErrNoV2
	}
	env, status, err := s.v2.Do(ctx, http.MethodGet, path, nil, nil, true)
	var d CredentialDetails
	ok := false
	if err == nil {
		d, ok = decodeDetails(env)
	}
	switch {
	case err == nil && ok:
		s.setV2(v2Present)
		return &d, nil
	case state == v2Unknown && (err == nil || unusableV2(err)):
		s.setV2(v2Absent)
		reason := "the answer holds no credential this client can read"
		if err != nil {
			reason = err.Error()
		}
		s.v2.Log(ctx, "PAM Core API v2 read not used: refreshes read the credential list only", map[string]any{"reason": reason, "status": status})
		return nil, ErrNoV2
	case err == nil:
		return nil, &senhasegura.Error{Op: s.v2.Op(http.MethodGet, path), StatusCode: status, API: family.Name,
			Message: "the API v2 answer holds no credential this client can read"}
	case errors.Is(err, senhasegura.ErrNoRoute) && !gatewayNoRoute(err):
		// A 404 about this credential, which the list shows: v2 has no view of it. The caller
		// goes on from the list, for this credential only.
		s.v2.Log(ctx, "PAM Core API v2 read has no view of a listed credential", map[string]any{"id": id, "status": status})
		return nil, ErrNoV2
	}
	return nil, err
}

// unusableV2 says whether the first v2 answer shows there is no v2 read this client may use:
// the gateway knows no such route, or refuses the authorization.
func unusableV2(err error) bool {
	if errors.Is(err, senhasegura.ErrUnauthorized) || gatewayNoRoute(err) {
		return true
	}
	e, ok := senhasegura.AsError(err)
	return ok && e.StatusCode == http.StatusForbidden && e.Code == 0
}

// gatewayNoRoute: a 404 or 405 whose message is the gateway's ("No route matched with those
// values.", "Resource sub not found"), not an answer about one credential.
func gatewayNoRoute(err error) bool {
	e, ok := senhasegura.AsError(err)
	if !ok || !errors.Is(err, senhasegura.ErrNoRoute) {
		return false
	}
	m := strings.ToLower(e.Message)
	// A body-less 404 comes out as the status text ("Not Found"): no server's answer either.
	return e.Code == 0 && (strings.Contains(m, "no route") || strings.Contains(m, "resource sub not found") ||
		m == strings.ToLower(http.StatusText(e.StatusCode)))
}

func (s *CredentialsService) setV2(st v2Support) {
	s.v2Mu.Lock()
	s.v2State = st
	s.v2Mu.Unlock()
}

// HasV2 reports what the client knows of API v2: known is false before the first Details call.
func (s *CredentialsService) HasV2() (present, known bool) {
	s.v2Mu.Lock()
	defer s.v2Mu.Unlock()
	return s.v2State == v2Present, s.v2State != v2Unknown
}

// View reads the credential id with its password (GET /iso/pam/credential/{id}): a password
// view, audited, which TAKES CUSTODY of the credential for the caller and, under a policy's
// "expiration time by view", makes senhasegura rotate the password later (quirk P5). Release the
// custody with ReleaseCustody when done.
func (s *CredentialsService) View(ctx context.Context, id string) (*CredentialView, error) {
	path := credentialPath + "/" + id
	if err := checkID(s.api, http.MethodGet, path, id); err != nil {
		return nil, err
	}
	// Not retried: every attempt that reaches PAM Core is another audited view, which can
	// trigger a rotation (quirk P5).
	env, status, err := s.api.Do(ctx, http.MethodGet, path, nil, nil, false)
	if err != nil {
		return nil, err
	}
	var w wireView
	if found, err := entity(env, s.api.Op(http.MethodGet, path), status, &w, "credential"); err != nil || !found {
		if err == nil {
			err = &senhasegura.Error{Op: s.api.Op(http.MethodGet, path), StatusCode: status, API: family.Name, Message: `the answer has no "credential" object`}
		}
		return nil, err
	}
	v := w.toView()
	return &v, nil
}

// ReleaseCustody releases the custody a View took (DELETE /iso/pam/credential/custody/{id}); an
// error matching ErrNotInCustody when the caller holds none.
func (s *CredentialsService) ReleaseCustody(ctx context.Context, id string) error {
	return setActive(ctx, s.api, http.MethodDelete, custodyPath+"/"+id, id)
}

// Deactivate deactivates a credential (DELETE /iso/pam/credential/{id}); an inactive one
// answers an error matching ErrInactive (quirk P8).
func (s *CredentialsService) Deactivate(ctx context.Context, id string) error {
	defer s.forgetList()
	return setActive(ctx, s.api, http.MethodDelete, credentialPath+"/"+id, id)
}

// Activate re-activates a credential (PUT /iso/pam/credential/{id}); an active one answers an
// error matching ErrAlreadyActive.
func (s *CredentialsService) Activate(ctx context.Context, id string) error {
	defer s.forgetList()
	err := setActive(ctx, s.api, http.MethodPut, credentialPath+"/"+id, id)
	// v3-32 answers an activation of an active credential with 1017, whatever its wording
	// (quirk P8): on a PUT it can only mean that.
	if e, ok := senhasegura.AsError(err); ok && e.Code == 1017 && !errors.Is(err, ErrAlreadyActive) {
		return fmt.Errorf("%w: %w", ErrAlreadyActive, err)
	}
	return err
}
