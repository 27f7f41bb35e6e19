package pam

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// This file finds PAM Core's entities in an answer and decodes them leniently (quirks P2 and
// P15): a field written as an array of scalars where the documentation shows a comma list
// (tags, as SSH keys' are in v3-32, reference/pam-api.md §8.2) is read as that list, and a
// field whose value has a shape no version documents is left empty instead of failing the
// whole answer: one odd field must not make a list look empty, nor a create look failed.

// entity decodes the object under the first present key of keys into v, leniently. found is
// false when no key is present (or all are null); err is set when one is, but is no object.
func entity(env senhasegura.Envelope, op string, status int, v any, keys ...string) (found bool, err error) {
	for _, k := range keys {
		raw, ok := env[k]
		if !ok || isNull(raw) {
			continue
		}
		if err := decodeLenient(raw, v); err != nil {
			return true, &senhasegura.Error{Op: op, StatusCode: status, API: family.Name, Message: fmt.Sprintf("the %q object of the answer has an unexpected shape", k)}
		}
		return true, nil
	}
	return false, nil
}

// list performs the list call of path and decodes its list under key as a stream
// (senhasegura.API.List: the raw answer is never held): a JSON array, or an object of entries (a
// PHP array with non-sequential keys), each entry leniently; entries that are not objects are
// skipped. An answer without the list and without a response block is an error.
func list[T any](ctx context.Context, api *senhasegura.API, path, key string) ([]T, error) {
	items := []T{}
	found, rest, err := api.List(ctx, path, nil, []string{key}, func(raw json.RawMessage) error {
		var it T
		if decodeLenient(raw, &it) == nil {
			items = append(items, it)
		}
		return nil
	})
	switch {
	case err != nil:
		return nil, err
	case !found && !rest.HasResponse():
		return nil, &senhasegura.Error{Op: api.Op(http.MethodGet, path), StatusCode: http.StatusOK, API: family.Name,
			Message: fmt.Sprintf("the answer has no %q list", key)}
	}
	return items, nil
}

// decodeLenient decodes the JSON object raw into v, a struct of scalar-ish fields: a field that
// holds an array of scalars becomes their comma list, one that holds an object or a nested
// array is dropped (unless v's field wants it raw: json.RawMessage and pointers to structs keep
// theirs).
func decodeLenient(raw json.RawMessage, v any) error {
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return fmt.Errorf("not an object")
	}
	if err := json.Unmarshal(raw, v); err == nil {
		return nil // the common case: no map of the fields is built
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return err
	}
	for k, val := range obj {
		t := bytes.TrimSpace(val)
		if len(t) == 0 || t[0] != '[' {
			continue
		}
		var list []senhasegura.FlexString
		if json.Unmarshal(t, &list) == nil {
			parts := make([]string, 0, len(list))
			for _, s := range list {
				parts = append(parts, strings.TrimSpace(string(s)))
			}
			b, _ := json.Marshal(strings.Join(parts, ","))
			obj[k] = b
		}
	}
	fixed, _ := json.Marshal(obj)
	if err := json.Unmarshal(fixed, v); err == nil {
		return nil
	}
	// Drop, one by one, the fields that still do not decode.
	for k := range obj {
		probe, _ := json.Marshal(map[string]json.RawMessage{k: obj[k]})
		if json.Unmarshal(probe, v) != nil {
			delete(obj, k)
		}
	}
	fixed, _ = json.Marshal(obj)
	return json.Unmarshal(fixed, v)
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }
