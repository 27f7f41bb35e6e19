package mysafe

import (
	"encoding/json"
	"net/url"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// This file is where MySafe's entities start and end, in both directions, and with them the
// wire's quirks (see doc.go): identifiers as digit strings or numbers (Q4), `note` vs `notes`
// (Q5), `api_entity` vs `api_secret_entity` (Q6), `users_allowed[].name` vs `username` (Q7).
// The envelope around them (Q1, Q2) is the core's (senhasegura.DecodeEnvelope).

type wireShare struct {
	Username *senhasegura.FlexString `json:"username"`
	Name     *senhasegura.FlexString `json:"name"`
	CanEdit  senhasegura.FlexBool    `json:"can_edit"`
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
		var s senhasegura.FlexString
		if err := json.Unmarshal(e, &s); err == nil {
			out = append(out, string(s))
			continue
		}
		out = append(out, string(e))
	}
	return out
}

type wirePassword struct {
	Identifier    senhasegura.FlexString  `json:"identifier"`
	Name          senhasegura.FlexString  `json:"name"`
	URL           senhasegura.FlexString  `json:"url"`
	Username      senhasegura.FlexString  `json:"username"`
	Password      senhasegura.FlexString  `json:"password"`
	SecretKey     senhasegura.FlexString  `json:"secret_key"`
	Token         senhasegura.FlexString  `json:"token"`
	Note          *senhasegura.FlexString `json:"note"`
	Notes         *senhasegura.FlexString `json:"notes"`
	Tags          senhasegura.FlexString  `json:"tags"`
	UsersAllowed  []wireShare             `json:"users_allowed"`
	GroupsAllowed []wireShare             `json:"groups_allowed"`
	SharedError   json.RawMessage         `json:"shared_error"`
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
	Identifier     senhasegura.FlexString  `json:"identifier"`
	Name           senhasegura.FlexString  `json:"name"`
	URL            senhasegura.FlexString  `json:"url"`
	ClientID       senhasegura.FlexString  `json:"client_id"`
	ClientSecret   senhasegura.FlexString  `json:"client_secret"`
	IdentifierCode senhasegura.FlexString  `json:"identifier_code"`
	Method         senhasegura.FlexString  `json:"method"`
	Tags           senhasegura.FlexString  `json:"tags"`
	Notes          *senhasegura.FlexString `json:"notes"`
	Note           *senhasegura.FlexString `json:"note"`
	UsersAllowed   []wireShare             `json:"users_allowed"`
	GroupsAllowed  []wireShare             `json:"groups_allowed"`
	SharedError    json.RawMessage         `json:"shared_error"`
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
	Identifier    senhasegura.FlexString `json:"identifier"`
	Name          senhasegura.FlexString `json:"name"`
	Note          senhasegura.FlexString `json:"note"`
	Tags          senhasegura.FlexString `json:"tags"`
	UsersAllowed  []wireShare            `json:"users_allowed"`
	GroupsAllowed []wireShare            `json:"groups_allowed"`
	SharedError   json.RawMessage        `json:"shared_error"`
}

func (w *wireNote) toNote() *Note {
	return &Note{
		ID: string(w.Identifier), Name: string(w.Name), Content: string(w.Note), Tags: string(w.Tags),
		UsersAllowed: sharesFromWire(w.UsersAllowed), GroupsAllowed: sharesFromWire(w.GroupsAllowed),
		SharedErrors: sharedErrors(w.SharedError),
	}
}

type wireListItem struct {
	Identifier   senhasegura.FlexString `json:"identifier"`
	Name         senhasegura.FlexString `json:"name"`
	URL          senhasegura.FlexString `json:"url"`
	Username     senhasegura.FlexString `json:"username"`
	Tags         senhasegura.FlexString `json:"tags"`
	NeedJustify  senhasegura.FlexBool   `json:"need_justify"`
	NeedApproval senhasegura.FlexBool   `json:"need_approval"`
	CanView      senhasegura.FlexBool   `json:"can_view"`
	CanWrite     senhasegura.FlexBool   `json:"can_write"`
}

func (w wireListItem) toListItem() ListItem {
	return ListItem{
		ID: string(w.Identifier), Name: string(w.Name), URL: string(w.URL), Username: string(w.Username),
		Tags: string(w.Tags), NeedJustify: bool(w.NeedJustify), NeedApproval: bool(w.NeedApproval),
		CanView: bool(w.CanView), CanWrite: bool(w.CanWrite),
	}
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
