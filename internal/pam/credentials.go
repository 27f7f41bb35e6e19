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

	// listed is the one list of credentials a provider process shares (a refresh of many
	// credentials, the checks of its creates); wroteAt is when this client last wrote, so that
	// Find never answers "not there" from a list older than its own writes.
	listed  senhasegura.Shared[[]CredentialListItem]
	ledger  senhasegura.Ledger
	writeMu sync.Mutex
	wroteAt time.Time
}

type v2Support int

const (
	v2Unknown v2Support = iota
	v2Present
	v2Absent
)

// Create creates a credential (POST /iso/pam/credential) that the caller made sure does not
// exist (the upsert would take it over, quirk P4). After an ambiguous failure, or when the
// answer is lost to an interrupt, it looks the credential up (by identifier, else hostname + ip
// + username) and adopts it; only when it is not there is the create sent again.
func (s *CredentialsService) Create(ctx context.Context, c Credential) (*Written, error) {
	defer s.wrote()
	_, _ = s.Listed(ctx) // the baseline a recovery rules out what existed by
	sentAt := time.Now()
	w, err := senhasegura.CreateWithRecovery(ctx, s.api,
		func(ctx context.Context) (*Written, error) { return s.upsert(ctx, c, false) },
		func(ctx context.Context) (*Written, bool, error) { return s.recoverAccount(ctx, c, sentAt) })
	if err == nil {
		s.ledger.Claim(w.ID)
	}
	return w, err
}

// recoverAccount looks for the credential a create sent at sentAt stored: the listed credential
// c would match (quirk P4) that no resource of this process holds and that was not listed before.
func (s *CredentialsService) recoverAccount(ctx context.Context, c Credential, sentAt time.Time) (*Written, bool, error) {
	defer s.ledger.Lock(c.Identifier + "\x00" + c.Hostname + "\x00" + c.Username)()
	list, err := s.List(ctx)
	if err != nil {
		return nil, false, &senhasegura.Undecided{Reason: "the credentials could not be listed", Err: err}
	}
	var found []senhasegura.Candidate[*Written]
	for _, it := range list {
		if matchesAccount(it, c) {
			found = append(found, senhasegura.Candidate[*Written]{ID: it.ID, Value: &Written{ID: it.ID, Identifier: it.Identifier}, Exact: true})
		}
	}
	return senhasegura.Pick(&s.ledger, sentAt, found, nil, nil)
}

// Update updates the credential c's identifier (or hostname + ip + username) names: the same
// upsert, which may be retried (it matches what the first attempt stored). The answer must name
// the credential id (or none).
func (s *CredentialsService) Update(ctx context.Context, id string, c Credential) (*Written, error) {
	defer s.wrote()
	w, err := s.upsert(ctx, c, true)
	if err != nil {
		return nil, err
	}
	if w.ID != id {
		return w, fmt.Errorf("%w: %w", ErrOtherCredential, &senhasegura.Error{Op: s.api.Op(http.MethodPost, credentialPath),
			StatusCode: http.StatusCreated, API: family.Name,
			Message: fmt.Sprintf("PAM Core stored the update of credential %s as credential %s: it found another credential by "+
				"identifier or by device and username", id, w.ID)})
	}
	return w, nil
}

func (s *CredentialsService) upsert(ctx context.Context, c Credential, idempotent bool) (*Written, error) {
	env, status, err := s.api.Do(ctx, http.MethodPost, credentialPath, nil, credentialBody(c), idempotent)
	if err != nil {
		return nil, err
	}
	var w wireWritten
	op := s.api.Op(http.MethodPost, credentialPath)
	if found, err := entity(env, op, status, &w, "credential"); err != nil || !found || !digits.MatchString(string(w.ID)) {
		// A yes that names no credential: Create adopts what it stored (an unreadable 2xx).
		msg := `the answer has no "credential" object with an id`
		if found && w.ID != "" {
			msg = fmt.Sprintf("the answer names the credential %q, which is not an id (PAM Core's are digits)", string(w.ID))
		}
		return nil, &senhasegura.Error{Op: op, StatusCode: status, API: family.Name, Message: msg}
	}
	return &Written{ID: string(w.ID), Identifier: w.identifier(), Updated: updatedMessage(env)}, nil
}

// matchesAccount says whether the listed credential it is the one c names: by identifier when c
// has one, else by hostname + ip + username (quirk P4); never an SSH key.
func matchesAccount(it CredentialListItem, c Credential) bool {
	if it.IsSSHKey() {
		return false
	}
	sameIP := it.IP == "" || c.IP == "" || it.IP == c.IP // v3-32 lists may leave management_ip empty
	return c.Identifier != "" && it.Identifier == c.Identifier || c.Identifier == "" && it.Hostname == c.Hostname && sameIP && it.Username == c.Username
}

// List lists the active credentials the authorization can see (GET /iso/pam/credential, quirk
// P6): no password, no custody. SSH keys are listed too (IsSSHKey).
func (s *CredentialsService) List(ctx context.Context) ([]CredentialListItem, error) {
	w, err := list[wireCredentialItem](ctx, s.api, credentialPath, "credentials")
	if err != nil {
		return nil, err
	}
	at := time.Now()
	out := make([]CredentialListItem, 0, len(w))
	ids := make([]string, 0, len(w))
	for _, it := range w {
		out = append(out, it.toListItem())
		ids = append(ids, string(it.ID))
	}
	s.ledger.Seen(at, ids...)
	return out, nil
}

// Listed is every credential the authorization can see, listed once and shared by every
// caller of this client for senhasegura.DefaultListMaxAge (one list per kind and provider
// process): a refresh of many credentials, the checks of many creates.
func (s *CredentialsService) Listed(ctx context.Context) ([]CredentialListItem, error) {
	items, _, err := s.listed.Get(ctx, s.List)
	return items, err
}

// Claim records that a resource of this process holds the credential id.
func (s *CredentialsService) Claim(id string) { s.ledger.Claim(id) }

// Claimed reports whether a resource of this process holds the credential id.
func (s *CredentialsService) Claimed(id string) bool { return s.ledger.Claimed(id) }

// Find is the listed credential with id, from the shared list (Listed); an error matching
// ErrNotFound when the list does not hold it (gone, or deactivated: lists show active
// credentials only). A list older than this client's last write is made again before it says
// so.
func (s *CredentialsService) Find(ctx context.Context, id string) (*CredentialListItem, error) {
	return s.findBy(ctx, func(it CredentialListItem) bool { return it.ID == id },
		func() error { return senhasegura.NoMatch(fmt.Sprintf("PAM Core lists no active credential %s", id)) })
}

// FindByIdentifier is the listed credential with identifier (ErrNotFound when none).
func (s *CredentialsService) FindByIdentifier(ctx context.Context, identifier string) (*CredentialListItem, error) {
	return s.findBy(ctx, func(it CredentialListItem) bool { return it.Identifier == identifier },
		func() error {
			return senhasegura.NoMatch(fmt.Sprintf("PAM Core lists no active credential with identifier %q", identifier))
		})
}

func (s *CredentialsService) findBy(ctx context.Context, is func(CredentialListItem) bool, none func() error) (*CredentialListItem, error) {
	items, at, err := s.listed.Get(ctx, s.List)
	if err != nil {
		return nil, err
	}
	s.writeMu.Lock()
	stale := at.Before(s.wroteAt)
	s.writeMu.Unlock()
	if stale {
		// Made before a write of this client: it may not show what the write changed.
		s.listed.Forget()
		if items, _, err = s.listed.Get(ctx, s.List); err != nil {
			return nil, err
		}
	}
	for _, it := range items {
		if is(it) && !it.IsSSHKey() {
			return &it, nil
		}
	}
	return nil, none()
}

// wrote notes a write of this client: a shared list made before it may not show it.
func (s *CredentialsService) wrote() {
	s.writeMu.Lock()
	s.wroteAt = time.Now()
	s.writeMu.Unlock()
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
	if ok && d.ID != "" && d.ID != id {
		return nil, &senhasegura.Error{Op: s.v2.Op(http.MethodGet, path), StatusCode: status, API: family.Name,
			Message: fmt.Sprintf("the API v2 answer is about credential %q, not %s (the one asked for): PAM Core answered about "+
				"another credential, so nothing was taken from it", d.ID, id)}
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

// Read reads the credential id the only ways that take no custody and view no password (quirk
// P5): its entry in the shared list (Find), and the API v2 read (Details) when the instance has
// one. An error matching senhasegura.ErrNotFound says it is gone or deactivated: the list shows
// active credentials only (quirk P6), and the v2 read shows the active flag (quirk P7).
func (s *CredentialsService) Read(ctx context.Context, id string) (*CredentialRead, error) {
	listed, err := s.Find(ctx, id)
	if err != nil {
		return nil, err
	}
	details, err := s.Details(ctx, id)
	switch {
	case errors.Is(err, ErrNoV2):
		return &CredentialRead{Listed: listed}, nil
	case err != nil:
		return nil, err
	case !details.Active:
		return nil, senhasegura.NoMatch(fmt.Sprintf("PAM Core credential %s is deactivated", id))
	}
	return &CredentialRead{Listed: listed, Details: details}, nil
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
	defer s.wrote()
	return setActive(ctx, s.api, http.MethodDelete, credentialPath+"/"+id, id)
}

// Activate re-activates a credential (PUT /iso/pam/credential/{id}); an active one answers an
// error matching ErrAlreadyActive.
func (s *CredentialsService) Activate(ctx context.Context, id string) error {
	defer s.wrote()
	err := setActive(ctx, s.api, http.MethodPut, credentialPath+"/"+id, id)
	// v3-32 answers an activation of an active credential with 1017, whatever its wording
	// (quirk P8): on a PUT it can only mean that.
	if e, ok := senhasegura.AsError(err); ok && e.Code == 1017 && !errors.Is(err, ErrAlreadyActive) {
		return fmt.Errorf("%w: %w", ErrAlreadyActive, err)
	}
	return err
}
