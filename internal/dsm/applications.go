package dsm

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

const authorizationPath = "/dapp/application/authorization"

// ApplicationsService is DSM's applications API (/iso/dapp/application): register an
// application and get an authorization's client credentials, read the caller's application,
// deactivate the caller's authorization (quirks D13, D14). Reads and the deactivation act as
// the client's authorization: use Client.As for a minted one.
type ApplicationsService struct {
	c *Client
}

// Register registers the application app (POST /iso/dapp/application, quirk D13): it creates or
// updates the application named app.Name (its description and tags when set), finds or creates
// its authorization for app.System and app.Environment, and returns that authorization's
// client credentials. The same three always find the same authorization, so the call is
// retried like an idempotent one; it is still a write (it updates the application), never to
// be made by a refresh. The client's authorization needs "Enable creation of DSM applications".
func (s *ApplicationsService) Register(ctx context.Context, app Application) (*Registration, error) {
	for _, f := range []struct{ name, v string }{{"application", app.Name}, {"system", app.System}, {"environment", app.Environment}} {
		if f.v == "" || hasControl(f.v) {
			return nil, classify(s.c.api.Refuse(http.MethodPost, applicationPath, 0, "the "+f.name+" is empty or has a control character"), false)
		}
	}
	env, status, err := s.c.api.Do(ctx, http.MethodPost, applicationPath, nil, applicationBody(app), true)
	if err != nil {
		return nil, classify(err, false)
	}
	r, ok := parseRegistration(env)
	if !ok {
		return nil, &senhasegura.Error{Op: s.c.api.Op(http.MethodPost, applicationPath), StatusCode: status, API: family.Name,
			Message: `the answer has no "id" and "signature" (the authorization's client ID and secret)`}
	}
	return &r, nil
}

// Current is the client's application as its authorization sees it (GET /iso/dapp/application,
// reference/dsm-api.md §4.6): name, description, tags, and the authorization's system and
// environment. It reveals no value of the secrets the answer carries. A client As made reads
// its minted authorization's: a refresh of what Register made.
func (s *ApplicationsService) Current(ctx context.Context) (*ApplicationInfo, error) {
	info, _, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return &info, nil
}

// current is GET /iso/dapp/application: the application, and its secrets raw.
func (s *ApplicationsService) current(ctx context.Context) (ApplicationInfo, []json.RawMessage, error) {
	env, status, err := s.c.api.Do(ctx, http.MethodGet, applicationPath, nil, nil, true)
	if err != nil {
		return ApplicationInfo{}, nil, classify(err, false)
	}
	info, secrets, ok := decodeApplication(env["application"])
	if !ok {
		return ApplicationInfo{}, nil, &senhasegura.Error{Op: s.c.api.Op(http.MethodGet, applicationPath), StatusCode: status,
			API: family.Name, Message: `the answer has no "application" object`}
	}
	return info, secrets, nil
}

// DeactivateAuthorization deactivates the client's own authorization (DELETE
// /iso/dapp/application/authorization, no id: the token names it; quirk D14). With automatic
// provisioning, DSM deprovisions what the authorization provisioned too; the application
// stays. An authorization already gone answers an error matching senhasegura.ErrNotFound (404
// "Resource sub not found") or senhasegura.ErrInactive (401 "Inactive authorization"): callers
// take both for done. Afterwards the client's credentials are no use; the client As cached for
// them is dropped.
func (s *ApplicationsService) DeactivateAuthorization(ctx context.Context) error {
	_, _, err := s.c.api.Do(ctx, http.MethodDelete, authorizationPath, nil, nil, true)
	err = classify(err, true)
	if err == nil || errors.Is(err, senhasegura.ErrNotFound) || errors.Is(err, senhasegura.ErrInactive) {
		s.c.forget()
	}
	return err
}
