package pam

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// This file finds PAM Core's entities in an answer and decodes them leniently (quirk P2): a
// field written as an array of scalars where the documentation shows a comma list (tags, as
// SSH keys' are in v3-32, §8.2) is read as that list, and a field whose value has a shape no
// version documents is left empty instead of failing the whole answer: one odd field must not
// make a list look empty, nor a create look failed.

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

// entities decodes the list under key: a JSON array, or an object of entries (a PHP array with
// non-sequential keys), each entry leniently; entries that are not objects are skipped. found
// is false when the key is absent or null.
func entities[T any](env senhasegura.Envelope, op string, status int, key string) (items []T, found bool, err error) {
	raw, ok := env[key]
	if !ok || isNull(raw) {
		return nil, false, nil
	}
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) != nil {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return nil, true, &senhasegura.Error{Op: op, StatusCode: status, API: family.Name, Message: fmt.Sprintf("the %q list of the answer has an unexpected shape", key)}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			arr = append(arr, obj[k])
		}
	}
	items = make([]T, 0, len(arr))
	for _, e := range arr {
		var it T
		if decodeLenient(e, &it) == nil {
			items = append(items, it)
		}
	}
	return items, true, nil
}

// decodeLenient decodes the JSON object raw into v, a struct of scalar-ish fields: a field that
// holds an array of scalars becomes their comma list, one that holds an object or a nested
// array is dropped (unless v's field wants it raw: json.RawMessage and pointers to structs keep
// theirs).
func decodeLenient(raw json.RawMessage, v any) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err == nil {
		return nil
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
