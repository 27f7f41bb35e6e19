package mysafe

import (
	"context"
	"net/http"
	"net/url"
	"regexp"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// api is the core's view for MySafe and the calls every item kind's service makes the same way.
type api struct{ *senhasegura.API }

// fetch performs a call and decodes the entity found under the first present key (an entity
// may come back under two keys, quirk Q6).
func (a api) fetch(ctx context.Context, method, path string, in any, idempotent bool, out any, keys ...string) error {
	return a.Fetch(ctx, method, path, in, idempotent, out, keys...)
}

// list performs a list call (quirk Q11: no pagination; an empty list may lack its key).
func (a api) list(ctx context.Context, path string, q url.Values, keys ...string) ([]ListItem, error) {
	var w []wireListItem
	env, status, err := a.Do(ctx, http.MethodGet, path, q, nil, true)
	if err != nil {
		return nil, err
	}
	if err := env.Entity(a.Op(http.MethodGet, path), status, &w, keys...); err != nil {
		if env.HasResponse() {
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

// setActive deactivates or re-activates an item (quirk Q14: there is no delete).
func (a api) setActive(ctx context.Context, base, id string, active bool) error {
	path := base + "/inactive/" + id
	if active {
		path = base + "/active/" + id
	}
	if err := a.checkID(http.MethodPost, path, id); err != nil {
		return err
	}
	_, _, err := a.Do(ctx, http.MethodPost, path, nil, nil, true)
	return err
}

var digits = regexp.MustCompile(`^[0-9]+$`)

// checkID refuses identifiers that are not digit strings before any call is made (MySafe
// would answer 1010, quirk Q4; refusing locally also keeps arbitrary text out of the URL
// path).
func (a api) checkID(method, path, id string) error {
	if !digits.MatchString(id) {
		return a.Refuse(method, path, 1010, "Unexpected identifier type")
	}
	return nil
}

// decodeEnvelope decodes an answer of MySafe (the core's decoder with MySafe's code table).
func decodeEnvelope(op string, status int, body []byte) (senhasegura.Envelope, error) {
	return senhasegura.DecodeEnvelope(op, status, body, family)
}
