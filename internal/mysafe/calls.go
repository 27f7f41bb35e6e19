package mysafe

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// api is the core's view for MySafe and the calls every item kind's service makes the same way.
type api struct{ *senhasegura.API }

// create performs a create (POST path, not retried by the transport: see
// senhasegura.CreateWithRecovery) and decodes the entity under the first present key of keys
// into out; id points at the entity's identifier, which must be a digit string.
func (a api) create(ctx context.Context, path string, in, out any, id *senhasegura.FlexString, keys ...string) error {
	env, status, err := a.Do(ctx, http.MethodPost, path, nil, in, false)
	if err != nil {
		return err
	}
	if err := env.Entity(a.Op(http.MethodPost, path), status, out, keys...); err != nil {
		return err
	}
	return a.checkCreatedID(path, string(*id), status)
}

// read performs a call about the item id (a GET, or an update) and decodes the entity under
// the first present key of keys (an entity may come back under two keys, quirk Q6) into out;
// got points at the entity's identifier, which must be id (or absent: then it is id).
func (a api) read(ctx context.Context, method, path, id string, in, out any, got *senhasegura.FlexString, keys ...string) error {
	env, status, err := a.Do(ctx, method, path, nil, in, true)
	if err != nil {
		return err
	}
	if err := env.Entity(a.Op(method, path), status, out, keys...); err != nil {
		return err
	}
	v := string(*got)
	if err := a.checkAnswerID(method, path, id, &v, status); err != nil {
		return err
	}
	*got = senhasegura.FlexString(v)
	return nil
}

// list performs a list call (quirk Q11: no pagination; an empty list may lack its key),
// decoded as a stream (senhasegura.API.List: only the list items' few fields are kept), and
// records in ledger the identifiers it shows, as existing when its answer came.
func (a api) list(ctx context.Context, ledger *senhasegura.Ledger, path string, q url.Values, keys ...string) ([]ListItem, error) {
	out := []ListItem{}
	found, rest, err := a.List(ctx, path, q, keys, func(raw json.RawMessage) error {
		var w wireListItem
		if err := json.Unmarshal(raw, &w); err != nil {
			return &senhasegura.Error{Op: a.Op(http.MethodGet, path), StatusCode: http.StatusOK, API: family.Name,
				Message: fmt.Sprintf("an item of the %q list has an unexpected shape", keys[0])}
		}
		out = append(out, w.toListItem())
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !found && !rest.HasResponse() {
		return nil, &senhasegura.Error{Op: a.Op(http.MethodGet, path), StatusCode: http.StatusOK, API: family.Name,
			Message: fmt.Sprintf("the answer has no %q object", keys[0])}
	}
	ids := make([]string, 0, len(out))
	for _, it := range out {
		ids = append(ids, it.ID)
	}
	ledger.Seen(time.Now(), ids...)
	return out, nil
}

// checkAnswerID makes sure an answer about the item id is about it: an answer naming another
// identifier is an error that names both (the state's identifier is Terraform's, and a read
// never moves it); an answer without one is about id.
func (a api) checkAnswerID(method, path, id string, got *string, status int) error {
	switch *got {
	case id:
		return nil
	case "":
		*got = id
		return nil
	}
	return &senhasegura.Error{Op: a.Op(method, path), StatusCode: status, API: family.Name,
		Message: fmt.Sprintf("the answer is about identifier %q, not %s (the one asked for): the server answered about another "+
			"item, so nothing was taken from it", *got, id)}
}

// checkCreatedID refuses a create answer whose identifier is not a digit string (quirk Q4):
// the error is a 2xx that could not be used, which makes the create look the item up instead
// of losing it (senhasegura.CreateWithRecovery).
func (a api) checkCreatedID(path, id string, status int) error {
	if digits.MatchString(id) {
		return nil
	}
	return &senhasegura.Error{Op: a.Op(http.MethodPost, path), StatusCode: status, API: family.Name,
		Message: fmt.Sprintf("the create answer's identifier %q is not an identifier (MySafe's are digits)", id)}
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
