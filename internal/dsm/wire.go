package dsm

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// This file is where DSM's entities start and end, in both directions: the secret's document
// and its base64 data (D6, D8), the secret item of the read answers (D9), the expiration date
// (D12), the application's registration and its message (D13). Nothing here makes a call.

// ExpirationLayout is the form of expiration_date on the wire: "YYYY-MM-DD HH:MM:SS"
// (reference/dsm-api.md §4.1), in UTC (quirk D12).
const ExpirationLayout = "2006-01-02 15:04:05"

// FormatExpiration is t as expiration_date is sent: ExpirationLayout in UTC, to the second
// (fractions dropped); "" for the zero time (no expiration).
func FormatExpiration(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(ExpirationLayout)
}

// expirationForms are the forms ParseExpiration reads, in order; those without a zone are UTC.
var expirationForms = []string{ExpirationLayout, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02"}

// ParseExpiration reads expiration_date leniently (quirk D12): ExpirationLayout (UTC), RFC 3339,
// the same without a zone (UTC), or a date alone (midnight UTC). "", "null" and MySQL's zero
// dates ("0000-00-00 00:00:00") are no expiration: the zero time and no error.
func ParseExpiration(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "null") || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, nil
	}
	for _, f := range expirationForms {
		if t, err := time.ParseInLocation(f, s, time.UTC); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("dsm: expiration date %q is neither %q nor RFC 3339", s, "YYYY-MM-DD HH:MM:SS")
}

// dataDocument is the JSON document whose base64 is a secret's data (reference/dsm-api.md
// §4.2): the key/value pairs only (quirk D8).
type dataDocument struct {
	KeyValue struct {
		Fields map[string]string `json:"fields"`
	} `json:"key_value"`
}

// encodeData is the base64 (standard, padded) of the data document of values.
func encodeData(values map[string]string) string {
	var doc dataDocument
	doc.KeyValue.Fields = map[string]string{}
	for k, v := range values {
		doc.KeyValue.Fields[k] = v
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the document as written: "<", ">" and "&" as they are
	_ = enc.Encode(doc)      // a map of strings always encodes
	return base64.StdEncoding.EncodeToString(bytes.TrimRight(b.Bytes(), "\n"))
}

// decodeData is the inverse of encodeData: the key/value pairs of a base64 data document.
func decodeData(data string) (map[string]string, error) {
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return nil, fmt.Errorf("data is not base64: %w", err)
	}
	var doc dataDocument
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("data is not the base64 of a JSON document: %w", err)
	}
	if doc.KeyValue.Fields == nil {
		return map[string]string{}, nil
	}
	return doc.KeyValue.Fields, nil
}

// secretBody is the JSON body of POST /iso/sctm/secret (quirks D6, D8): the whole document,
// every field, never renew_*; and the base64 data it carries (a secret of the call too).
func secretBody(s Secret) (map[string]any, string) {
	name, engine := s.Name, s.Engine
	if name == "" {
		name = s.Identity
	}
	if engine == "" {
		engine = DefaultEngine
	}
	data := encodeData(s.Values)
	return map[string]any{
		"identity": s.Identity, "name": name, "description": s.Description, "engine": engine,
		"expiration_date": FormatExpiration(s.Expiration), "data": data,
	}, data
}

// checkSecret is what Put refuses before any call: no identity, an identity or key with
// control characters, an empty key name.
func checkSecret(s Secret) error {
	if err := checkIdentity(s.Identity); err != nil {
		return err
	}
	for k := range s.Values {
		if strings.TrimSpace(k) == "" {
			return errors.New("a key name is empty")
		}
		if hasControl(k) {
			return fmt.Errorf("the key name %q has a control character", k)
		}
	}
	return nil
}

func checkIdentity(identity string) error {
	switch {
	case strings.TrimSpace(identity) == "":
		return errors.New("the secret has no identity")
	case hasControl(identity):
		return fmt.Errorf("the identity %q has a control character", identity)
	}
	return nil
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// entry is a secret of a list answer as the client keeps it: the list item, and its data maps
// (values not revealed yet), or why its data could not be read.
type entry struct {
	item    SecretListItem
	data    []map[string]*string
	dataErr string
}

// decodeSecret reads one secret of a list answer (reference/dsm-api.md §4.3) field by field:
// a field in a shape no example shows is left empty, and data that is neither an array of flat
// maps nor one map is noted (dataErr) rather than failing the list. ok is false when raw is no
// object.
func decodeSecret(raw json.RawMessage) (entry, bool) {
	obj, ok := object(raw)
	if !ok {
		return entry{}, false
	}
	it := SecretListItem{
		ID: strings.TrimSpace(str(obj, "secret_id")), Identity: str(obj, "identity"), Name: str(obj, "secret_name"),
		Description: str(obj, "description"), Engine: str(obj, "engine"), Version: strings.TrimSpace(str(obj, "version")),
		ExpirationRaw: strings.TrimSpace(str(obj, "expiration_date")),
	}
	if it.Name == "" {
		it.Name = str(obj, "name")
	}
	it.Expiration, _ = ParseExpiration(it.ExpirationRaw)
	e := entry{item: it}
	data, err := decodeMaps(field(obj, "data"))
	if err != nil {
		e.dataErr = err.Error()
	}
	e.data = data
	e.item.Keys = sortedKeys(merge(data))
	return e, true
}

// decodeMaps reads a secret item's data (quirk D9): an array of flat maps, one map alone, or
// null; a string is read as the base64 document a POST sends (an answer that echoes it). A
// value is a string, null (nil), or a number or boolean as its JSON text; an object or array
// as its compact JSON text.
func decodeMaps(raw json.RawMessage) ([]map[string]*string, error) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || bytes.Equal(t, []byte("null")) {
		return nil, nil
	}
	switch t[0] {
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(t, &items); err != nil {
			return nil, errors.New("its data is not a JSON array")
		}
		var out []map[string]*string
		for _, it := range items {
			if isNull(it) {
				continue
			}
			m, ok := flatMap(it)
			if !ok {
				return nil, errors.New("its data holds something that is not a map of values")
			}
			out = append(out, m)
		}
		return out, nil
	case '{':
		m, ok := flatMap(t)
		if !ok {
			return nil, errors.New("its data is not a map of values")
		}
		return []map[string]*string{m}, nil
	case '"':
		var s string
		if json.Unmarshal(t, &s) == nil {
			if fields, err := decodeData(s); err == nil {
				m := make(map[string]*string, len(fields))
				for k, v := range fields {
					m[k] = &v
				}
				return []map[string]*string{m}, nil
			}
		}
	}
	return nil, errors.New("its data is neither a list of maps nor a map")
}

// flatMap reads one map of a secret's data.
func flatMap(raw json.RawMessage) (map[string]*string, bool) {
	obj, ok := object(raw)
	if !ok {
		return nil, false
	}
	m := make(map[string]*string, len(obj))
	for k, v := range obj {
		t := bytes.TrimSpace(v)
		switch {
		case len(t) == 0 || bytes.Equal(t, []byte("null")):
			m[k] = nil
		case t[0] == '"':
			var s string
			if json.Unmarshal(t, &s) != nil {
				return nil, false
			}
			m[k] = &s
		default:
			var c bytes.Buffer
			if json.Compact(&c, t) != nil {
				return nil, false
			}
			s := c.String()
			m[k] = &s
		}
	}
	return m, true
}

// decodeApplication reads the application of GET /iso/dapp/application (reference/dsm-api.md
// §4.6) field by field; the vendor's clients read the environment as "Environment", so every
// field name matches in any case (as encoding/json would).
func decodeApplication(raw json.RawMessage) (ApplicationInfo, []json.RawMessage, bool) {
	obj, ok := object(raw)
	if !ok {
		return ApplicationInfo{}, nil, false
	}
	info := ApplicationInfo{
		Name: str(obj, "name"), Description: str(obj, "description"), Tags: tags(field(obj, "tags")),
		System: str(obj, "system"), Environment: str(obj, "environment"),
	}
	secrets := listOf(field(obj, "secrets"))
	info.Secrets = len(secrets)
	return info, secrets, true
}

// listOf reads a list written as a JSON array or as an object of entries (a PHP array with
// non-sequential keys); nil for anything else.
func listOf(raw json.RawMessage) []json.RawMessage {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return nil
	}
	var arr []json.RawMessage
	if t[0] == '[' && json.Unmarshal(t, &arr) == nil {
		return arr
	}
	if obj, ok := object(t); ok {
		arr = make([]json.RawMessage, 0, len(obj))
		for _, k := range sortedKeys(obj) {
			arr = append(arr, obj[k])
		}
		return arr
	}
	return nil
}

// tags reads tags: an array of strings or a comma list; blanks dropped ([""]); never nil.
func tags(raw json.RawMessage) []string {
	out := []string{}
	var arr []senhasegura.FlexString
	if json.Unmarshal(raw, &arr) == nil {
		for _, v := range arr {
			if t := strings.TrimSpace(string(v)); t != "" {
				out = append(out, t)
			}
		}
		return out
	}
	var one senhasegura.FlexString
	if json.Unmarshal(raw, &one) == nil {
		for _, t := range strings.Split(string(one), ",") {
			if t = strings.TrimSpace(t); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// applicationBody is the JSON body of POST /iso/dapp/application (quirk D13): the three keys,
// and description and tags when set. Nothing of the create-only authorization settings.
func applicationBody(a Application) map[string]any {
	m := map[string]any{"application": a.Name, "system": a.System, "environment": a.Environment}
	if a.Description != nil {
		m["description"] = *a.Description
	}
	if a.Tags != nil {
		m["tags"] = append([]string{}, a.Tags...)
	}
	return m
}

// messagePart finds "Application updated: (4)" and "Authorization found: (6)" in a
// registration's message (reference/dsm-api.md §5).
var messagePart = regexp.MustCompile(`(?i)\b(application|authorization)\s+([a-z]+)\s*:?\s*\(\s*(\d+)\s*\)`)

// parseRegistration reads the answer of POST /iso/dapp/application: id and signature at the
// top level (quirk D13), and the message, best effort.
func parseRegistration(env senhasegura.Envelope) (Registration, bool) {
	var r Registration
	var id, sig senhasegura.FlexString
	if json.Unmarshal(env["id"], &id) != nil || json.Unmarshal(env["signature"], &sig) != nil {
		return r, false
	}
	r.ClientID, r.ClientSecret = strings.TrimSpace(string(id)), strings.TrimSpace(string(sig))
	r.Message = responseMessage(env)
	for _, m := range messagePart.FindAllStringSubmatch(r.Message, -1) {
		switch strings.ToLower(m[1]) {
		case "application":
			if r.ApplicationID == "" {
				r.ApplicationOutcome, r.ApplicationID = strings.ToLower(m[2]), m[3]
			}
		case "authorization":
			if r.AuthorizationID == "" {
				r.AuthorizationOutcome, r.AuthorizationID = strings.ToLower(m[2]), m[3]
			}
		}
	}
	return r, r.ClientID != "" && r.ClientSecret != ""
}

// responseMessage is the response block's message (message, mensagem or Message), "" when none.
func responseMessage(env senhasegura.Envelope) string {
	obj, ok := object(env["response"])
	if !ok {
		return ""
	}
	for _, k := range []string{"message", "mensagem", "Message"} {
		if s := strings.TrimSpace(strExact(obj, k)); s != "" {
			return s
		}
	}
	return ""
}

// object reads raw as a JSON object, its values kept raw.
func object(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || t[0] != '{' {
		return nil, false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(t, &obj) != nil || obj == nil {
		return nil, false
	}
	return obj, true
}

// field is the value of obj's key name, matched exactly, else in any case (as encoding/json
// matches field names).
func field(obj map[string]json.RawMessage, name string) json.RawMessage {
	if v, ok := obj[name]; ok {
		return v
	}
	for k, v := range obj {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return nil
}

// str is obj's scalar field name as a string (a number or boolean as its text), as written;
// "" when it is absent, null or no scalar.
func str(obj map[string]json.RawMessage, name string) string {
	var s senhasegura.FlexString
	if raw := field(obj, name); raw != nil && json.Unmarshal(raw, &s) == nil {
		return string(s)
	}
	return ""
}

func strExact(obj map[string]json.RawMessage, name string) string {
	var s senhasegura.FlexString
	if raw, ok := obj[name]; ok && json.Unmarshal(raw, &s) == nil {
		return string(s)
	}
	return ""
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }
