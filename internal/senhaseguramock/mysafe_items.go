package senhaseguramock

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ---- request parsing ----

// body is a decoded request: the flat fields that were present (an explicit "" counts as
// present) and the share lists when their keys were sent.
type body struct {
	fields    map[string]string
	users     []Share
	groups    []Share
	hasUsers  bool
	hasGroups bool
}

func parseBody(r *http.Request, spec *kindSpec) (*body, bool) {
	b := &body{fields: map[string]string{}}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, false
	}
	if ct == "application/x-www-form-urlencoded" {
		// the vendor's "About senhasegura APIs" page says the APIs "accept URL form-encoded
		// requests": flat fields only.
		vals, err := url.ParseQuery(string(raw))
		if err != nil {
			return nil, false
		}
		for _, f := range spec.fields {
			if vs, ok := vals[f]; ok {
				b.fields[f] = vs[0]
			}
		}
		return b, true
	}
	if len(strings.TrimSpace(string(raw))) == 0 {
		return b, true
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, false
	}
	for _, f := range spec.fields {
		v, ok := m[f]
		if !ok {
			continue
		}
		b.fields[f] = jsonScalar(v)
	}
	if v, ok := m["users_allowed"]; ok {
		b.hasUsers = true
		b.users = parseShares(v, "username")
	}
	if v, ok := m["groups_allowed"]; ok {
		b.hasGroups = true
		b.groups = parseShares(v, "name")
	}
	return b, true
}

// jsonScalar renders a JSON scalar as the string MySafe would store (null → "").
func jsonScalar(v json.RawMessage) string {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return s
	}
	t := strings.TrimSpace(string(v))
	if t == "null" {
		return ""
	}
	return t
}

func parseShares(v json.RawMessage, key string) []Share {
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(v, &list); err != nil {
		return nil
	}
	out := []Share{}
	for _, e := range list {
		name := jsonScalar(e[key])
		if name == "" && key == "username" {
			name = jsonScalar(e["name"])
		}
		if name == "" {
			continue
		}
		ce := false
		if raw, ok := e["can_edit"]; ok {
			switch strings.ToLower(jsonScalar(raw)) {
			case "true", "1":
				ce = true
			}
		}
		// A name listed twice keeps its last entry.
		replaced := false
		for i := range out {
			if out[i].Name == name {
				out[i].CanEdit = ce
				replaced = true
			}
		}
		if !replaced {
			out = append(out, Share{Name: name, CanEdit: ce})
		}
	}
	return out
}

// ---- access ----

// msgNoAccess is MySafe's answer to a user who may not see or change an item.
const msgNoAccess = "1006: User does not have access"

func (s *Server) canView(rec *mysafeRecord, user string) bool {
	if rec.owner == user {
		return true
	}
	for _, u := range rec.users {
		if u.Name == user {
			return true
		}
	}
	for _, g := range rec.groups {
		if s.mysafe.groups[g.Name][user] {
			return true
		}
	}
	return false
}

func (s *Server) canEdit(rec *mysafeRecord, user string) bool {
	if rec.owner == user {
		return true
	}
	for _, u := range rec.users {
		if u.Name == user && u.CanEdit {
			return true
		}
	}
	for _, g := range rec.groups {
		if g.CanEdit && s.mysafe.groups[g.Name][user] {
			return true
		}
	}
	return false
}

// lookup resolves a path identifier: 1010 when it is not a number, 1005 when nothing has it.
func (s *Server) lookup(spec *kindSpec, id string) (*mysafeRecord, string) {
	n, err := strconv.Atoi(id)
	if err != nil || n <= 0 || strconv.Itoa(n) != id {
		return nil, "1010: Unexpected identifier type"
	}
	rec, ok := s.mysafe.items[spec.kind][n]
	if !ok {
		return nil, spec.msgNotFound
	}
	return rec, ""
}

// access resolves id and checks the user's right (edit or view), writing the MySafe error
// (1010, 1005, 1006) when it fails. The caller holds s.mu.
func (s *Server) access(w http.ResponseWriter, spec *kindSpec, id, user string, edit bool) (*mysafeRecord, bool) {
	rec, msg := s.lookup(spec, id)
	if msg != "" {
		s.writeAppError(w, msg)
		return nil, false
	}
	allowed := s.canView(rec, user)
	if edit {
		allowed = s.canEdit(rec, user)
	}
	if !allowed {
		s.writeAppError(w, msgNoAccess)
		return nil, false
	}
	return rec, true
}

// ---- handlers ----

func (s *Server) handleList(w http.ResponseWriter, r *http.Request, spec *kindSpec, user string) {
	filters := s.listFilters(spec, r.URL.Query())
	s.mu.Lock()
	buf := newListBuffer(len(s.mysafe.order[spec.kind]), 160)
	items := append(*buf, '[')
	n := 0
	for _, id := range s.mysafe.order[spec.kind] {
		rec := s.mysafe.items[spec.kind][id]
		if !rec.active || !s.canView(rec, user) || !filters.match(rec) {
			continue
		}
		if n > 0 {
			items = append(items, ',')
		}
		n++
		items = s.appendListItem(items, spec, rec, user)
	}
	s.mu.Unlock()
	*buf = append(items, ']')
	s.writeOKList(w, http.StatusOK, "", spec.listKey, buf)
}

// appendListItem appends one item of a list answer: its identifier, the kind's list fields
// and the access flags. The caller holds s.mu.
func (s *Server) appendListItem(b []byte, spec *kindSpec, rec *mysafeRecord, user string) []byte {
	b = append(b, `{"identifier":"`...)
	b = strconv.AppendInt(b, int64(rec.id), 10)
	b = append(b, '"')
	for _, f := range spec.listFields {
		b = append(b, ',')
		b = appendJSONString(b, f)
		b = append(b, ':')
		b, _ = appendJSON(b, rec.fields[f]) // strings: never fails
	}
	b = append(b, `,"need_justify":"0","need_approval":"0","can_view":true,"can_write":`...)
	b = strconv.AppendBool(b, s.canEdit(rec, user))
	return append(b, '}')
}

// listFilter is one list filter a request sent (its value not empty).
type listFilter struct {
	field, want string
}

// listFilters are the filters of a list request, as the server applies them.
type listFilters struct {
	list      []listFilter
	substring bool
}

// listFilters reads the kind's filters from the query (open question 11 of reference/mysafe-api.md):
// none with Quirks.FilterIgnored (a server whose filters do not work), case-insensitive
// substrings with Quirks.FilterSubstring, and by default exact matches, except "tag", which
// matches one comma-separated tag of the item ignoring case (quirk Q11: semantics
// undocumented). Several filters combine with AND.
func (s *Server) listFilters(spec *kindSpec, q url.Values) listFilters {
	out := listFilters{substring: s.quirks.FilterSubstring}
	if s.quirks.FilterIgnored {
		return out
	}
	for _, f := range spec.filters {
		if want := q.Get(f); want != "" {
			if out.substring {
				want = strings.ToLower(want)
			}
			out.list = append(out.list, listFilter{field: f, want: want})
		}
	}
	return out
}

// match says whether rec passes every filter.
func (fs listFilters) match(rec *mysafeRecord) bool {
	for _, f := range fs.list {
		if f.field == "tag" {
			found := false
			for _, t := range strings.Split(rec.str("tags"), ",") {
				t = strings.TrimSpace(t)
				if fs.substring && strings.Contains(strings.ToLower(t), f.want) || !fs.substring && strings.EqualFold(t, f.want) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
			continue
		}
		v := rec.str(f.field)
		if fs.substring && !strings.Contains(strings.ToLower(v), f.want) || !fs.substring && v != f.want {
			return false
		}
	}
	return true
}

func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request, spec *kindSpec, user string) {
	b, ok := parseBody(r, spec)
	if !ok {
		s.writeUnexpected(w)
		return
	}
	for _, f := range spec.required {
		if strings.TrimSpace(b.fields[f]) == "" {
			s.writeAppError(w, "1001: Parameter '"+f+"' was not informed!")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg := s.duplicateIdentifierCode(spec, user, b.fields["identifier_code"], 0, false); msg != "" {
		s.writeAppError(w, msg)
		return
	}
	s.mysafe.nextID[spec.kind]++
	rec := &mysafeRecord{record: record{id: s.mysafe.nextID[spec.kind], owner: user, active: true, fields: map[string]any{}}}
	for _, f := range spec.fields {
		rec.fields[f] = b.fields[f]
	}
	var sharedErr []string
	rec.users, sharedErr = s.acceptShares(b.users, false, sharedErr)
	rec.groups, sharedErr = s.acceptShares(b.groups, true, sharedErr)
	s.mysafe.add(spec.kind, rec)
	s.writeOK(w, http.StatusCreated, spec.msgCreated, spec.writeKey, s.writeEntity(spec, rec, sharedErr))
}

func (s *Server) handleUpdate(w http.ResponseWriter, r *http.Request, spec *kindSpec, id, user string) {
	b, ok := parseBody(r, spec)
	if !ok {
		s.writeUnexpected(w)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.access(w, spec, id, user, true)
	if !ok {
		return
	}
	if !rec.active {
		s.writeAppError(w, spec.msgInactive)
		return
	}
	if code, ok := b.fields["identifier_code"]; ok {
		if msg := s.duplicateIdentifierCode(spec, rec.owner, code, rec.id, true); msg != "" {
			s.writeAppError(w, msg)
			return
		}
	}
	for _, f := range spec.required {
		if v, ok := b.fields[f]; ok && strings.TrimSpace(v) == "" {
			s.writeAppError(w, "1001: Parameter '"+f+"' was not informed!")
			return
		}
	}
	s.mysafe.unindex(spec.kind, rec)
	for f, v := range b.fields {
		rec.fields[f] = v
	}
	s.mysafe.index(spec.kind, rec)
	var sharedErr []string
	if b.hasUsers {
		rec.users, sharedErr = s.acceptShares(b.users, false, sharedErr)
	}
	if b.hasGroups {
		rec.groups, sharedErr = s.acceptShares(b.groups, true, sharedErr)
	}
	status, message := http.StatusOK, spec.msgUpdated
	if spec.kind == KindAPISecret && s.quirks.UpdateStatus201 {
		status, message = http.StatusCreated, spec.msgCreated
	}
	s.writeOK(w, status, message, spec.writeKey, s.writeEntity(spec, rec, sharedErr))
}

// duplicateIdentifierCode enforces that identifier_code is unique among the owner's active
// API secrets. (Whether inactive secrets count is undocumented; counting them would make a
// deactivated secret's code unusable forever, so the mock does not.) It looks the code up in
// the store's index, whatever the number of items.
func (s *Server) duplicateIdentifierCode(spec *kindSpec, owner, code string, self int, update bool) string {
	if spec.kind != KindAPISecret || code == "" {
		return ""
	}
	for _, other := range s.mysafe.codes[ownerCode{owner, code}] {
		if other.id != self && other.active {
			if update {
				return spec.msgDuplicateOnUpdate
			}
			return spec.msgDuplicateCreate
		}
	}
	return ""
}

func (s *Server) acceptShares(in []Share, groups bool, sharedErr []string) ([]Share, []string) {
	out := []Share{}
	for _, sh := range in {
		if s.quirks.StrictShares {
			known := s.users[sh.Name]
			if groups {
				_, known = s.mysafe.groups[sh.Name]
			}
			if !known {
				sharedErr = append(sharedErr, sh.Name)
				continue
			}
		}
		out = append(out, sh)
	}
	return out, sharedErr
}

// handleGet is GET one. A list-only access key (AddListOnlyClient) gets "1006: User does
// not have access" for every item that exists, after the identifier checks (1010, 1005).
func (s *Server) handleGet(w http.ResponseWriter, spec *kindSpec, id, user string, listOnly bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if listOnly {
		if _, msg := s.lookup(spec, id); msg != "" {
			s.writeAppError(w, msg)
		} else {
			s.writeAppError(w, msgNoAccess)
		}
		return
	}
	rec, ok := s.access(w, spec, id, user, false)
	if !ok {
		return
	}
	if !rec.active {
		if s.quirks.InactiveAs1005 {
			s.writeAppError(w, spec.msgNotFound)
		} else {
			s.writeAppError(w, spec.msgInactive)
		}
		return
	}
	s.writeOK(w, http.StatusOK, "Success", spec.getKey, s.getEntity(spec, rec))
}

func (s *Server) handleSetActive(w http.ResponseWriter, spec *kindSpec, id, user string, active bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.access(w, spec, id, user, true)
	if !ok {
		return
	}
	var message string
	switch {
	case active && rec.active:
		message = spec.msgAlreadyActivated
	case active:
		message = spec.msgActivated
	case !rec.active:
		message = spec.msgAlreadyDeactivated
	default:
		message = spec.msgDeactivated
	}
	rec.active = active
	s.writeOK(w, http.StatusOK, message, "", nil)
}

// ---- entities ----

func sharesJSON(list []Share, key string) []orderedObject {
	out := []orderedObject{}
	for _, sh := range list {
		out = append(out, orderedObject{{key, sh.Name}, {"can_edit", sh.CanEdit}})
	}
	return out
}

func (s *Server) writeEntity(spec *kindSpec, rec *mysafeRecord, sharedErr []string) orderedObject {
	o := orderedObject{{"identifier", strconv.Itoa(rec.id)}}
	for _, f := range spec.writeFields {
		if f == "note" {
			o = append(o, kv{"note", rec.fields["notes"]})
			continue
		}
		o = append(o, kv{f, rec.fields[f]})
	}
	if sharedErr == nil {
		sharedErr = []string{}
	}
	return append(o,
		kv{"users_allowed", sharesJSON(rec.users, "username")},
		kv{"groups_allowed", sharesJSON(rec.groups, "name")},
		kv{"shared_error", sharedErr},
	)
}

func (s *Server) getEntity(spec *kindSpec, rec *mysafeRecord) orderedObject {
	o := orderedObject{{"identifier", strconv.Itoa(rec.id)}}
	for _, f := range spec.getFields {
		switch f {
		case "secret_key":
			o = append(o, kv{f, nullIfEmpty(rec.str("secret_key"))})
		case "token":
			var tok any
			if code, ok := totp(rec.str("secret_key"), s.now()); ok {
				tok = code
			}
			o = append(o, kv{f, tok})
		default:
			o = append(o, kv{f, rec.fields[f]})
		}
	}
	return append(o,
		kv{"users_allowed", sharesJSON(rec.users, spec.getUserKey)},
		kv{"groups_allowed", sharesJSON(rec.groups, "name")},
	)
}

func nullIfEmpty(v string) any {
	if v == "" {
		return nil
	}
	return v
}
