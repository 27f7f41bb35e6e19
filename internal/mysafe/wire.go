package mysafe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// This file is where JSON starts and ends, in both directions, and with it the wire's quirks
// (see doc.go): identifiers as digit strings or numbers (Q4), `note` vs `notes` (Q5),
// `api_entity` vs `api_secret_entity` (Q6), `users_allowed[].name` vs `username` (Q7),
// envelopes without `code` or with `Message` (Q1), and error codes that live in
// exception.code or only in the message prefix (Q2).

// flexString decodes a JSON string, number, boolean or null into a string.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	case len(b) > 0 && (b[0] == '{' || b[0] == '['):
		return fmt.Errorf("expected a scalar, got %c", b[0])
	default:
		*f = flexString(b)
	}
	return nil
}

// flexBool decodes true/false, "1"/"0", "true"/"false", 1/0 and null.
type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	switch strings.ToLower(strings.TrimSpace(string(s))) {
	case "true", "1", "yes":
		*f = true
	default:
		*f = false
	}
	return nil
}

type wireShare struct {
	Username *flexString `json:"username"`
	Name     *flexString `json:"name"`
	CanEdit  flexBool    `json:"can_edit"`
}

// sharesFromWire reads users_allowed (key "username", falling back to "name", which GET of
// an API secret uses) or groups_allowed (key "name").
func sharesFromWire(in []wireShare) []Share {
	if in == nil {
		return nil // the key was absent: not reported (an empty array decodes to [])
	}
	out := make([]Share, 0, len(in))
	for _, s := range in {
		var name string
		switch {
		case s.Username != nil && *s.Username != "":
			name = string(*s.Username)
		case s.Name != nil:
			name = string(*s.Name)
		}
		out = append(out, Share{Name: name, CanEdit: bool(s.CanEdit)})
	}
	return out
}

func sharedErrors(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		var s flexString
		if err := json.Unmarshal(e, &s); err == nil {
			out = append(out, string(s))
			continue
		}
		out = append(out, string(e))
	}
	return out
}

type wirePassword struct {
	Identifier    flexString      `json:"identifier"`
	Name          flexString      `json:"name"`
	URL           flexString      `json:"url"`
	Username      flexString      `json:"username"`
	Password      flexString      `json:"password"`
	SecretKey     flexString      `json:"secret_key"`
	Token         flexString      `json:"token"`
	Note          *flexString     `json:"note"`
	Notes         *flexString     `json:"notes"`
	Tags          flexString      `json:"tags"`
	UsersAllowed  []wireShare     `json:"users_allowed"`
	GroupsAllowed []wireShare     `json:"groups_allowed"`
	SharedError   json.RawMessage `json:"shared_error"`
}

func (w *wirePassword) toPassword() *Password {
	p := &Password{
		ID: string(w.Identifier), Name: string(w.Name), URL: string(w.URL), Username: string(w.Username),
		Password: string(w.Password), SecretKey: string(w.SecretKey), Token: string(w.Token), Tags: string(w.Tags),
		UsersAllowed: sharesFromWire(w.UsersAllowed), GroupsAllowed: sharesFromWire(w.GroupsAllowed),
		SharedErrors: sharedErrors(w.SharedError),
	}
	switch {
	case w.Notes != nil:
		p.Notes = string(*w.Notes)
	case w.Note != nil:
		p.Notes = string(*w.Note)
	}
	return p
}

type wireAPISecret struct {
	Identifier     flexString      `json:"identifier"`
	Name           flexString      `json:"name"`
	URL            flexString      `json:"url"`
	ClientID       flexString      `json:"client_id"`
	ClientSecret   flexString      `json:"client_secret"`
	IdentifierCode flexString      `json:"identifier_code"`
	Method         flexString      `json:"method"`
	Tags           flexString      `json:"tags"`
	Notes          *flexString     `json:"notes"`
	Note           *flexString     `json:"note"`
	UsersAllowed   []wireShare     `json:"users_allowed"`
	GroupsAllowed  []wireShare     `json:"groups_allowed"`
	SharedError    json.RawMessage `json:"shared_error"`
}

func (w *wireAPISecret) toAPISecret() *APISecret {
	a := &APISecret{
		ID: string(w.Identifier), Name: string(w.Name), URL: string(w.URL), ClientID: string(w.ClientID),
		ClientSecret: string(w.ClientSecret), IdentifierCode: string(w.IdentifierCode), Method: string(w.Method),
		Tags: string(w.Tags), UsersAllowed: sharesFromWire(w.UsersAllowed), GroupsAllowed: sharesFromWire(w.GroupsAllowed),
		SharedErrors: sharedErrors(w.SharedError),
	}
	switch {
	case w.Notes != nil:
		a.Notes = string(*w.Notes)
	case w.Note != nil:
		a.Notes = string(*w.Note)
	}
	return a
}

type wireNote struct {
	Identifier    flexString      `json:"identifier"`
	Name          flexString      `json:"name"`
	Note          flexString      `json:"note"`
	Tags          flexString      `json:"tags"`
	UsersAllowed  []wireShare     `json:"users_allowed"`
	GroupsAllowed []wireShare     `json:"groups_allowed"`
	SharedError   json.RawMessage `json:"shared_error"`
}

func (w *wireNote) toNote() *Note {
	return &Note{
		ID: string(w.Identifier), Name: string(w.Name), Content: string(w.Note), Tags: string(w.Tags),
		UsersAllowed: sharesFromWire(w.UsersAllowed), GroupsAllowed: sharesFromWire(w.GroupsAllowed),
		SharedErrors: sharedErrors(w.SharedError),
	}
}

type wireListItem struct {
	Identifier   flexString `json:"identifier"`
	Name         flexString `json:"name"`
	URL          flexString `json:"url"`
	Username     flexString `json:"username"`
	Tags         flexString `json:"tags"`
	NeedJustify  flexBool   `json:"need_justify"`
	NeedApproval flexBool   `json:"need_approval"`
	CanView      flexBool   `json:"can_view"`
	CanWrite     flexBool   `json:"can_write"`
}

func (w wireListItem) toListItem() ListItem {
	return ListItem{
		ID: string(w.Identifier), Name: string(w.Name), URL: string(w.URL), Username: string(w.Username),
		Tags: string(w.Tags), NeedJustify: bool(w.NeedJustify), NeedApproval: bool(w.NeedApproval),
		CanView: bool(w.CanView), CanWrite: bool(w.CanWrite),
	}
}

// envelope is a decoded MySafe answer: the top-level keys, kept raw so that callers pick
// their entity key (or one of its aliases).
type envelope map[string]json.RawMessage

// entity decodes the first present key of keys into v. It fails with ErrInvalidResponse when
// none is present or the value has the wrong shape.
func (e envelope) entity(op string, status int, v any, keys ...string) error {
	for _, k := range keys {
		raw, ok := e[k]
		if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			continue
		}
		if err := json.Unmarshal(raw, v); err != nil {
			return &Error{Op: op, StatusCode: status, Message: fmt.Sprintf("the %q object of the answer has an unexpected shape", k)}
		}
		return nil
	}
	return &Error{Op: op, StatusCode: status, Message: fmt.Sprintf("the answer has no %q object", keys[0])}
}

type wireResponse struct {
	Status    flexString `json:"status"`
	Message   flexString `json:"message"`
	MessageUC flexString `json:"Message"`
	Mensagem  flexString `json:"mensagem"`
	Error     flexBool   `json:"error"`
	Erro      flexBool   `json:"erro"`
}

type wireException struct {
	Code    flexString `json:"code"`
	Message flexString `json:"message"`
}

// decodeEnvelope turns an HTTP answer into an envelope, or into an *Error for any failure:
// a non-2xx status, response.error set, an exception block, a gateway message, or a body
// that is not a JSON object. The body itself never goes into the error text: it may hold
// secrets.
func decodeEnvelope(op string, status int, body []byte) (envelope, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil || env == nil {
		msg := fmt.Sprintf("the answer is not a JSON object (%d bytes)", len(body))
		if len(bytes.TrimSpace(body)) == 0 {
			msg = "the answer has an empty body"
		}
		if status >= 200 && status < 300 {
			return nil, &Error{Op: op, StatusCode: status, Message: msg}
		}
		return nil, &Error{Op: op, StatusCode: status, Message: statusMessage(status)}
	}

	var resp wireResponse
	hasResp := false
	if raw, ok := env["response"]; ok {
		hasResp = json.Unmarshal(raw, &resp) == nil
	}
	var exc wireException
	hasExc := false
	if raw, ok := env["exception"]; ok && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		hasExc = json.Unmarshal(raw, &exc) == nil
	}

	failed := status < 200 || status >= 300 || bool(resp.Error) || bool(resp.Erro) || hasExc
	if !failed {
		return env, nil
	}

	e := &Error{Op: op, StatusCode: status}
	msg := firstNonEmpty(string(exc.Message), string(resp.Message), string(resp.Mensagem), string(resp.MessageUC))
	if !hasResp && !hasExc {
		// A gateway (Kong) answer: {"message": "..."} without the MySafe envelope; OAuth2
		// answers use {"error": "...", "error_description": "..."}.
		var kong struct {
			Message   flexString `json:"message"`
			Error     flexString `json:"error"`
			ErrorDesc flexString `json:"error_description"`
		}
		_ = json.Unmarshal(body, &kong)
		msg = firstNonEmpty(string(kong.Message), joinNonEmpty(string(kong.Error), string(kong.ErrorDesc)))
	}
	if c, err := strconv.Atoi(strings.TrimSpace(string(exc.Code))); err == nil && c != 0 {
		e.Code = c
	}
	if code, rest, ok := splitCode(msg); ok {
		if e.Code == 0 {
			e.Code = code
		}
		msg = rest
	}
	if msg == "" {
		msg = statusMessage(status)
	}
	e.Message = msg
	if e.StatusCode >= 200 && e.StatusCode < 300 && e.Code == 0 {
		// response.error set on a 2xx answer without any code: report it as a server error.
		e.StatusCode = http.StatusInternalServerError
	}
	return nil, e
}

// splitCode splits "1005: Password not found" into 1005 and "Password not found".
func splitCode(msg string) (int, string, bool) {
	head, rest, ok := strings.Cut(msg, ":")
	if !ok {
		return 0, msg, false
	}
	code, err := strconv.Atoi(strings.TrimSpace(head))
	if err != nil || code < 1000 || code > 9999 {
		return 0, msg, false
	}
	return code, strings.TrimSpace(rest), true
}

func statusMessage(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "unexpected answer"
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + ": " + b
}

// ---- requests ----

func sharesToWire(list []Share, key string) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, s := range list {
		out = append(out, map[string]any{key: s.Name, "can_edit": s.CanEdit})
	}
	return out
}

// putNonEmpty adds the non-empty values of name/value pairs to a create body: MySafe needs
// no empty field on create, and a strict server could refuse one (an empty base32 seed, an
// empty identifier_code counted as a duplicate).
func putNonEmpty(m map[string]any, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			m[kv[i]] = kv[i+1]
		}
	}
}

// optField is a field of an update body: sent when value is not nil.
type optField struct {
	name  string
	value *string
}

// putSet adds the fields that are set to an update body.
func putSet(m map[string]any, fields ...optField) {
	for _, f := range fields {
		if f.value != nil {
			m[f.name] = *f.value
		}
	}
}

func putShares(m map[string]any, users, groups []Share) {
	if users != nil {
		m["users_allowed"] = sharesToWire(users, "username")
	}
	if groups != nil {
		m["groups_allowed"] = sharesToWire(groups, "name")
	}
}

// passwordBody is the create body for p: every non-empty field and both sharing lists.
func passwordBody(p Password) map[string]any {
	m := map[string]any{}
	putShares(m, nonNil(p.UsersAllowed), nonNil(p.GroupsAllowed))
	putNonEmpty(m, "name", p.Name, "username", p.Username, "password", p.Password, "url", p.URL,
		"secret_key", p.SecretKey, "notes", p.Notes, "tags", p.Tags)
	return m
}

func apiSecretBody(a APISecret) map[string]any {
	m := map[string]any{}
	putShares(m, nonNil(a.UsersAllowed), nonNil(a.GroupsAllowed))
	putNonEmpty(m, "name", a.Name, "url", a.URL, "client_id", a.ClientID, "client_secret", a.ClientSecret,
		"identifier_code", a.IdentifierCode, "method", a.Method, "notes", a.Notes, "tags", a.Tags)
	return m
}

func passwordUpdateBody(u PasswordUpdate) map[string]any {
	m := map[string]any{}
	putShares(m, u.UsersAllowed, u.GroupsAllowed)
	putSet(m, optField{"name", u.Name}, optField{"username", u.Username}, optField{"password", u.Password},
		optField{"url", u.URL}, optField{"secret_key", u.SecretKey}, optField{"notes", u.Notes}, optField{"tags", u.Tags})
	return m
}

func apiSecretUpdateBody(u APISecretUpdate) map[string]any {
	m := map[string]any{}
	putShares(m, u.UsersAllowed, u.GroupsAllowed)
	putSet(m, optField{"name", u.Name}, optField{"url", u.URL}, optField{"client_id", u.ClientID},
		optField{"client_secret", u.ClientSecret}, optField{"identifier_code", u.IdentifierCode},
		optField{"method", u.Method}, optField{"notes", u.Notes}, optField{"tags", u.Tags})
	return m
}

func nonNil(s []Share) []Share {
	if s == nil {
		return []Share{}
	}
	return s
}

func addQuery(q url.Values, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
}

func noteBody(n Note) map[string]any {
	m := map[string]any{}
	putShares(m, nonNil(n.UsersAllowed), nonNil(n.GroupsAllowed))
	putNonEmpty(m, "name", n.Name, "note", n.Content, "tags", n.Tags)
	return m
}

func noteUpdateBody(u NoteUpdate) map[string]any {
	m := map[string]any{}
	putShares(m, u.UsersAllowed, u.GroupsAllowed)
	putSet(m, optField{"name", u.Name}, optField{"note", u.Content}, optField{"tags", u.Tags})
	return m
}
