package senhaseguramock

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// dsmParams are the parameters of a DSM request by name. The server takes JSON bodies and
// form-encoded ones (reference/dsm-api.md §1.2: dsmcli and its SDK send forms, with arrays as repeated
// keys; the Azure functions and the latest docs send JSON), so the mock reads both, by the
// body's first character as PAM Core's parser does: "{" is JSON, anything else a form. In a
// form a key sent twice, or ending in "[]", is an array. JSON values keep their types; null
// counts as not sent.
type dsmParams map[string]any

// parseDSMParams reads the parameters of r's body; false when it is malformed.
func parseDSMParams(r *http.Request) (dsmParams, bool) {
	p := dsmParams{}
	if r.Body == nil {
		return p, true
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, false
	}
	text := strings.TrimSpace(string(raw))
	switch {
	case text == "":
	case strings.HasPrefix(text, "{"):
		if err := json.Unmarshal(raw, (*map[string]any)(&p)); err != nil {
			return nil, false
		}
	default:
		vals, err := url.ParseQuery(text)
		if err != nil {
			return nil, false
		}
		for k, vs := range vals {
			name, isList := strings.CutSuffix(k, "[]")
			if !isList && len(vs) == 1 {
				p[name] = vs[0]
				continue
			}
			list := make([]any, 0, len(vs))
			for _, v := range vs {
				list = append(list, v)
			}
			p[name] = list
		}
	}
	return p, true
}

// has says whether name was sent (null counts as not sent).
func (p dsmParams) has(name string) bool {
	v, ok := p[name]
	return ok && v != nil
}

// str is a scalar parameter as a string: "" when absent, null or not a scalar; numbers and
// booleans in their JSON spelling.
func (p dsmParams) str(name string) string {
	return dsmScalar(p[name])
}

// list is an array parameter as strings; a scalar is a list of one ("" is none).
func (p dsmParams) list(name string) []string {
	switch v := p[name].(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			out = append(out, dsmScalar(e))
		}
		return out
	case nil:
		return nil
	default:
		if s := dsmScalar(v); s != "" {
			return []string{s}
		}
		return []string{}
	}
}

// truthy reads a boolean parameter as the server would from JSON or a form: true, "true",
// "1", 1, "on", "yes".
func (p dsmParams) truthy(name string) bool {
	switch x := p[name].(type) {
	case bool:
		return x
	case float64:
		return x != 0
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "1", "true", "on", "yes":
			return true
		}
	}
	return false
}

// dsmScalar is v as a string; "" when it is not a scalar.
func dsmScalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

// errDSMData is what is wrong with a data document that is not base64 of the documented JSON.
var errDSMData = errors.New("bad data document")

// decodeDSMData decodes the data parameter (reference/dsm-api.md §4.2): standard base64 (padded or not)
// of a JSON object whose key_value.fields is a flat map of strings (numbers and booleans are
// taken in their JSON spelling, null as ""), credentials a list of {"credential": {"fields":
// {...}}} and access_keys a list of {"access_key": {"type", "fields": {...}}}. Other top-level
// keys are ignored. sent says which of the three sections the document has.
func decodeDSMData(data string) (doc dsmDocument, sent map[string]bool, err error) {
	data = strings.TrimSpace(data)
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		if raw, err = base64.RawStdEncoding.DecodeString(data); err != nil {
			return dsmDocument{}, nil, errDSMData
		}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil || top == nil {
		return dsmDocument{}, nil, errDSMData
	}
	sent = map[string]bool{}
	if v, ok := top["key_value"]; ok && string(v) != "null" {
		var kv struct {
			Fields map[string]any `json:"fields"`
		}
		if json.Unmarshal(v, &kv) != nil {
			return dsmDocument{}, nil, errDSMData
		}
		if doc.keyValue, err = dsmFlat(kv.Fields); err != nil {
			return dsmDocument{}, nil, err
		}
		sent["key_value"] = true
	}
	if v, ok := top["credentials"]; ok && string(v) != "null" {
		var creds []struct {
			Credential struct {
				Fields map[string]any `json:"fields"`
			} `json:"credential"`
		}
		if json.Unmarshal(v, &creds) != nil {
			return dsmDocument{}, nil, errDSMData
		}
		for _, c := range creds {
			fields, err := dsmFlat(c.Credential.Fields)
			if err != nil {
				return dsmDocument{}, nil, err
			}
			doc.credentials = append(doc.credentials, fields)
		}
		sent["credentials"] = true
	}
	if v, ok := top["access_keys"]; ok && string(v) != "null" {
		var keys []struct {
			AccessKey struct {
				Type   string         `json:"type"`
				Fields map[string]any `json:"fields"`
			} `json:"access_key"`
		}
		if json.Unmarshal(v, &keys) != nil {
			return dsmDocument{}, nil, errDSMData
		}
		for _, k := range keys {
			fields, err := dsmFlat(k.AccessKey.Fields)
			if err != nil {
				return dsmDocument{}, nil, err
			}
			doc.accessKeys = append(doc.accessKeys, dsmAccessKey{typ: k.AccessKey.Type, fields: fields})
		}
		sent["access_keys"] = true
	}
	return doc, sent, nil
}

// dsmFlat is a map of scalars as strings; a nested value is errDSMData.
func dsmFlat(m map[string]any) (map[string]string, error) {
	out := make(map[string]string, len(m))
	for k, v := range m {
		switch v.(type) {
		case nil:
			out[k] = ""
		case string, bool, float64:
			out[k] = dsmScalar(v)
		default:
			return nil, errDSMData
		}
	}
	return out, nil
}

// parseDSMDate reads an expiration_date: "" (none), "YYYY-MM-DD HH:MM:SS" (UTC) or, with iso,
// an ISO 8601 date and time (with or without a zone) or date. It returns the date as stored,
// "YYYY-MM-DD HH:MM:SS" in UTC.
func parseDSMDate(v string, iso bool) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", true
	}
	if t, err := time.ParseInLocation(dsmDateLayout, v, time.UTC); err == nil {
		return t.Format(dsmDateLayout), true
	}
	if !iso {
		return "", false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return t.UTC().Format(dsmDateLayout), true
		}
	}
	return "", false
}

// dsmRenewFields are the auto-renewal settings of a secret, in minutes (reference/dsm-api.md §4.1).
var dsmRenewFields = []string{"renew_cloud_time", "renew_credential_time", "renew_ephemeral_credential_time"}

// dsmRenewMinimum is the smallest renewal the server takes, in minutes.
const dsmRenewMinimum = 10
