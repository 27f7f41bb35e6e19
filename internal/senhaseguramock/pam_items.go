package senhaseguramock

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The PAM Core v1 calls on devices and credentials (reference/pam-api.md §3 to §7), written from the
// reference's field tables, examples and error catalogue (§9). Where the reference leaves a
// question open, the comment says which answer the mock gives and which PAMQuirks switch
// gives the other.

// Application errors of PAM Core (reference/pam-api.md §9), exactly as the server writes them.
const (
	pamMsgNoHostname        = "1004: The device's hostname was not informed"
	pamMsgNoIP              = "1005: The device's IP was not informed"
	pamMsgCredNotFound      = "1007: Credential not found"
	pamMsgCredInactive      = "1008: Credential inactive"
	pamMsgNoAccess          = "1009: No access to credential"
	pamMsgDeviceNotFound    = "1011: Device not found"
	pamMsgCredInactive1017  = "1017: Credential inactive"
	pamMsgNotInCustody      = "1018: The credential is not in the user custody"
	pamMsgNoSite            = "1019: The device's site was not informed"
	pamMsgNoModel           = "1020: The device's model was not informed"
	pamMsgNoVendor          = "1021: The device's vendor was not informed"
	pamMsgNoType            = "1022: The device's type was not informed"
	pamMsgUnknownDomain     = "1029: It is not possible to enter a domain that has not been previously registered"
	pamMsgReadOnly          = "1039: Without PAM Configuration Access permission"
	pamMsgInvalidUsername   = "1042: Invalid username"
	pamMsgCredAlreadyActive = "1043: Credential is already activated!"
	pamMsgDevAlreadyActive  = "1044: Device is already activated"
	pamMsgBadIdentifier     = `1053: The identifier can only contain letters, numbers, "_" and "-".`
	// pamMsgDuplicate is 1052, "a credential with the same hostname and device was found"
	// (reference/pam-api.md §5.1); the server's text is not published, so this one is the mock's.
	pamMsgDuplicate = "1052: A credential with the same username already exists on this device"
)

// pamDeviceRequired are the device's required fields in the order the server is assumed to
// check them: the order of the error list (reference/pam-api.md §4.1).
var pamDeviceRequired = []struct{ field, msg string }{
	{"hostname", pamMsgNoHostname},
	{"ip", pamMsgNoIP},
	{"site", pamMsgNoSite},
	{"model", pamMsgNoModel},
	{"vendor", pamMsgNoVendor},
	{"type", pamMsgNoType},
}

// The identifier pattern [a-zA-Z0-9-_.] (reference/pam-api.md §1.4), and the one the 1053 text
// describes (no period; PAMQuirks.IdentifierNoPeriod).
var (
	pamIdentifierPattern         = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)
	pamIdentifierPatternNoPeriod = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// Time formats of the credential answers (reference/pam-api.md §5.5, §5.6 examples): the list's
// "change" and "view", the list's "expiration", GET's "expiration_time".
const (
	pamTimeFormat       = "2006-01-02 15:04:05"
	pamExpirationFormat = "2006-01-02T15:04:05-07:00"
	pamExpirationTime   = "2006-01-02T15:04:05"
)

// ---- devices ----

// pamLookupDevice resolves a device path identifier: the numeric id only. (The Ansible
// collection puts a hostname in the path, reference/pam-api.md §1.4; no doc does, and the mock answers
// 1011 to it: open question 18.)
func (s *Server) pamLookupDevice(id string) *pamDevice {
	n, err := strconv.Atoi(id)
	if err != nil || strconv.Itoa(n) != id {
		return nil
	}
	return s.pam.devices[n]
}

// pamDeviceEntity is a device as create, update and GET one write it: the id as a string and
// every writable field (reference/pam-api.md §4.1, §4.2).
func pamDeviceEntity(d *pamDevice) orderedObject {
	o := orderedObject{{"id", strconv.Itoa(d.id)}}
	for _, f := range pamDeviceFields {
		o = append(o, kv{f, d.str(f)})
	}
	return o
}

// pamListDevices is GET /device: id, hostname, ip, model, type, vendor, site and tags (called
// "tags" here, "device_tags" elsewhere) of every device (reference/pam-api.md §4.3). Inactive devices
// are left out unless PAMQuirks.ListInactive (open question 4). Devices are not restricted to
// the authorization that created them.
func (s *Server) pamListDevices(w http.ResponseWriter) {
	s.mu.Lock()
	buf := newListBuffer(len(s.pam.deviceOrder), 160)
	items := append(*buf, '[')
	n := 0
	for _, id := range s.pam.deviceOrder {
		d := s.pam.devices[id]
		if !d.active && !s.pam.quirks.ListInactive {
			continue
		}
		if n > 0 {
			items = append(items, ',')
		}
		n++
		items = append(items, `{"id":"`...)
		items = strconv.AppendInt(items, int64(d.id), 10)
		items = append(items, '"')
		for _, f := range pamDeviceListFields {
			items = appendMember(items, f.key, d.str(f.field))
		}
		items = append(items, '}')
	}
	s.mu.Unlock()
	*buf = append(items, ']')
	s.writeOKList(w, http.StatusOK, fmt.Sprintf("%d devices found", n), "devices", buf)
}

// pamDeviceListFields are the fields of the device list's items after the id: their keys
// and the fields they hold.
var pamDeviceListFields = [...]struct{ key, field string }{
	{"hostname", "hostname"}, {"ip", "ip"}, {"model", "model"}, {"type", "type"},
	{"vendor", "vendor"}, {"site", "site"}, {"tags", "device_tags"},
}

// appendMember appends `,"key":"value"` to an object being encoded.
func appendMember(b []byte, key, value string) []byte {
	b = append(b, ',')
	b = appendJSONString(b, key)
	b = append(b, ':')
	return appendJSONString(b, value)
}

// appendNullableMember appends `,"key":"value"`, or `,"key":null` when value is empty.
func appendNullableMember(b []byte, key, value string) []byte {
	if value != "" {
		return appendMember(b, key, value)
	}
	b = append(b, ',')
	b = appendJSONString(b, key)
	return append(b, ":null"...)
}

// appendTimeMember appends `,"key":"time"` in layout (whose output needs no escaping).
func appendTimeMember(b []byte, key string, t time.Time, layout string) []byte {
	b = append(b, ',')
	b = appendJSONString(b, key)
	b = append(b, ':', '"')
	b = t.AppendFormat(b, layout)
	return append(b, '"')
}

// pamGetDevice is GET /device/{id} (reference/pam-api.md §4.2). A deactivated device answers
// "1011: Device not found", as if it were gone, unless PAMQuirks.InactiveDeviceReadable
// (open question 3).
func (s *Server) pamGetDevice(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.pamLookupDevice(id)
	if d == nil || (!d.active && !s.pam.quirks.InactiveDeviceReadable) {
		s.writeAppError(w, pamMsgDeviceNotFound)
		return
	}
	s.writeOK(w, http.StatusOK, "Device "+strconv.Itoa(d.id), "device", pamDeviceEntity(d))
}

// pamUpsertDevice is POST /device, create or update by hostname (reference/pam-api.md §4.1). The six
// required fields are checked in the order of pamDeviceRequired, an update too. An omitted
// optional field keeps its value on update and an empty one clears it (the reference's
// assumption). A POST that matches an inactive device updates it and leaves it inactive
// (open question 6; PAMQuirks.UpsertReactivates activates it): a client that meant to create
// should PUT /device/{id} after an "updated" answer.
func (s *Server) pamUpsertDevice(w http.ResponseWriter, r *http.Request, user string) {
	p, ok := parsePAMParams(r)
	if !ok {
		s.writeUnexpected(w)
		return
	}
	for _, req := range pamDeviceRequired {
		if !p.required(req.field) {
			s.writeAppError(w, req.msg)
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if dom := p.str("device_domain"); dom != "" && !s.pam.domainsRegistered(dom) {
		s.writeAppError(w, pamMsgUnknownDomain)
		return
	}
	msg := "Device updated successfully!"
	d := s.pam.deviceByHostname(p.str("hostname"))
	isNew := d == nil
	if isNew {
		msg = "Device successfully registered!"
		s.pam.nextDevice++
		d = &pamDevice{record: record{id: s.pam.nextDevice, owner: user, active: true, fields: map[string]any{}}}
		for _, f := range pamDeviceFields {
			d.fields[f] = ""
		}
	} else {
		if !d.active && s.pam.quirks.UpsertReactivates {
			s.pam.setDeviceActive(d, true)
		}
		s.pam.unindexDevice(d)
	}
	for _, f := range pamDeviceFields {
		if p.has(f) {
			d.fields[f] = p.str(f)
		}
	}
	if isNew {
		s.pam.addDevice(d)
	} else {
		s.pam.indexDevice(d)
	}
	s.writeOK(w, http.StatusCreated, msg, "device", pamDeviceEntity(d))
}

// pamSetDeviceActive is DELETE /device/{id} (deactivate) and PUT /device/{id} (activate),
// reference/pam-api.md §4.4, §4.5. Deactivation disables every credential of the device (not with
// PAMQuirks.NoCascade); activation restores none of them. Activating an active device is
// 1044. Deactivating an inactive device answers 200 again and disables its credentials again
// (no error is documented for it: open question 5; PAMQuirks.DeleteInactiveDeviceFails
// answers 1011 instead, as Ansible's handling suggests).
func (s *Server) pamSetDeviceActive(w http.ResponseWriter, id string, active bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.pamLookupDevice(id)
	switch {
	case d == nil:
		s.writeAppError(w, pamMsgDeviceNotFound)
	case active && d.active:
		s.writeAppError(w, pamMsgDevAlreadyActive)
	case active:
		s.pam.setDeviceActive(d, true)
		s.writeOK(w, http.StatusOK, "Device successfully activated", "", nil)
	case !d.active && s.pam.quirks.DeleteInactiveDeviceFails:
		s.writeAppError(w, pamMsgDeviceNotFound)
	default:
		s.pam.setDeviceActive(d, false)
		s.writeOK(w, http.StatusOK, "Device successfully deactivated", "", nil)
	}
}

// ---- credentials ----

// pamLookupCredential resolves a credential path key: the numeric id, or username@hostname,
// split at the first "@" (so a username with "@" cannot be named this way, as documented,
// reference/pam-api.md §1.4). The identifier is not accepted in the path (open question 18).
func (s *Server) pamLookupCredential(key string) *pamCredential {
	if n, err := strconv.Atoi(key); err == nil && strconv.Itoa(n) == key {
		return s.pam.credentials[n]
	}
	username, hostname, ok := strings.Cut(key, "@")
	if !ok {
		return nil
	}
	d := s.pam.deviceByHostname(hostname)
	if d == nil {
		return nil
	}
	return s.pam.credentialOnDevice(d.id, username)
}

// pamAccess resolves a credential path key and checks that the caller's authorization owns
// it or is assigned it, writing 1007 or 1009 when not. The caller holds s.mu.
func (s *Server) pamAccess(w http.ResponseWriter, key, user string) (*pamCredential, bool) {
	c := s.pamLookupCredential(key)
	if c == nil {
		s.writeAppError(w, pamMsgCredNotFound)
		return nil, false
	}
	if !c.visibleTo(user) {
		s.writeAppError(w, pamMsgNoAccess)
		return nil, false
	}
	return c, true
}

// pamIdentifierKey is the name of the identifier in create/update and GET-one answers: "tag"
// in v3-32 (PAMQuirks.V332Tag), "identifier" later (reference/pam-api.md §11 item 2).
func (s *Server) pamIdentifierKey() string {
	if s.pam.quirks.V332Tag {
		return "tag"
	}
	return "identifier"
}

// pamGetCredential is GET /credential/{id} or /credential/{username@hostname}: the password
// view (reference/pam-api.md §5.5). It returns the clear password as both "password" and "content" (a
// child credential's is its parent's, §10), grants custody to the caller (the last viewer
// holds it: simultaneous viewing is allowed), counts a custody grant and a password view and
// sets the list's "view" time; with PAMQuirks.RotateAfterView the stored password changes
// after the view. An inactive credential is 1008 (the reference's assumption). The port is
// always "22", as in the example.
func (s *Server) pamGetCredential(w http.ResponseWriter, key, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.pamAccess(w, key, user)
	if !ok {
		return
	}
	if !c.active {
		s.writeAppError(w, pamMsgCredInactive)
		return
	}
	now := s.now()
	password, holder := s.pam.effectivePassword(c)
	c.custody = user
	c.views++
	c.viewed = now
	s.pam.grants++
	s.pam.views++
	d := s.pam.devices[c.device]
	var parentID, parentName any
	if parent := s.pam.parentOf(c); parent != nil {
		parentID, parentName = strconv.Itoa(parent.id), parent.str("username")
	}
	entity := orderedObject{
		{"id", strconv.Itoa(c.id)}, {s.pamIdentifierKey(), pamNullable(c.str("identifier"))},
		{"username", c.str("username")}, {"password", password}, {"content", password},
		{"hostname", d.str("hostname")}, {"parent_credential_cod", parentID}, {"parent_credential", parentName},
		{"additional", c.str("additional")}, {"domain", c.str("domain")}, {"ip", d.str("ip")},
		{"port", "22"}, {"model", d.str("model")},
		{"expiration_time", holder.changed.Add(pamPasswordLifetime).Format(pamExpirationTime)},
	}
	if s.pam.quirks.RotateAfterView {
		holder.fields["content"] = newPAMPassword()
		holder.changed = now
	}
	s.writeOK(w, http.StatusOK, "Credential "+strconv.Itoa(c.id), "credential", entity)
}

// pamConnectivityCodes are the codes of the list's connectivity_code. Only HTTPS = 10 is seen
// in a doc example (reference/pam-api.md §5.6); the others are the mock's.
var pamConnectivityCodes = map[string]int{
	"SSH": 1, "TELNET": 2, "RDP": 3, "VNC": 4, "MYSQL": 5, "SQL SERVER": 6, "ORACLE": 7, "X11": 8, "HTTP": 9, "HTTPS": 10,
}

// pamConnectivityName is the device's first connectivity ("SSH:22, HTTPS:443" gives SSH)
// and its code; "" and 0 when the device has none (the list writes both as null).
func pamConnectivityName(connectivities string) (string, int) {
	first, _, _ := strings.Cut(connectivities, ",")
	proto, _, _ := strings.Cut(strings.TrimSpace(first), ":")
	if proto = strings.TrimSpace(proto); proto == "" {
		return "", 0
	}
	return proto, pamConnectivityCodes[strings.ToUpper(proto)]
}

// pamListCredentials is GET /credential (reference/pam-api.md §5.6): the documented item fields only, of
// the credentials the caller's authorization owns or is assigned. Inactive ones are left out
// unless PAMQuirks.ListInactive (open question 4). It has no side effect.
func (s *Server) pamListCredentials(w http.ResponseWriter, user string) {
	s.mu.Lock()
	buf := newListBuffer(len(s.pam.credOrder), 420)
	items := append(*buf, '[')
	n := 0
	for _, id := range s.pam.credOrder {
		c := s.pam.credentials[id]
		if !c.visibleTo(user) || (!c.active && !s.pam.quirks.ListInactive) {
			continue
		}
		if n > 0 {
			items = append(items, ',')
		}
		n++
		items = s.appendPAMListCredential(items, c)
	}
	s.mu.Unlock()
	*buf = append(items, ']')
	s.writeOKList(w, http.StatusOK, fmt.Sprintf("%d credentials found", n), "credentials", buf)
}

// appendPAMListCredential appends one item of the credential list. The caller holds s.mu.
func (s *Server) appendPAMListCredential(b []byte, c *pamCredential) []byte {
	d := s.pam.devices[c.device]
	automatic := pamTruthy(pamSettingsObject(c.fields["execution_settings"])["automatic_change"])
	_, holder := s.pam.effectivePassword(c)
	ctype := c.str("credential_type")
	conn, connCode := pamConnectivityName(d.str("connectivities"))
	b = append(b, `{"id":"`...)
	b = strconv.AppendInt(b, int64(c.id), 10)
	b = append(b, '"')
	b = appendNullableMember(b, "identifier", c.str("identifier"))
	b = appendMember(b, "username", c.str("username"))
	b = appendTimeMember(b, "expiration", holder.changed.Add(pamPasswordLifetime), pamExpirationFormat)
	b = appendTimeMember(b, "change", holder.changed, pamTimeFormat)
	if c.viewed.IsZero() {
		b = append(b, `,"view":null`...)
	} else {
		b = appendTimeMember(b, "view", c.viewed, pamTimeFormat)
	}
	b = appendMember(b, "hostname", d.str("hostname"))
	b = appendMember(b, "management_ip", d.str("ip"))
	b = appendMember(b, "type", ctype)
	b = append(b, `,"type_code":"`...)
	b = strconv.AppendInt(b, int64(s.pam.typeCode(ctype)), 10)
	b = append(b, '"')
	b = appendMember(b, "device_model", d.str("model"))
	b = appendMember(b, "device_type", d.str("type"))
	b = appendMember(b, "device_vendor", d.str("vendor"))
	switch {
	case s.pam.quirks.AutomaticChangeString && automatic:
		b = append(b, `,"automatic_change":"1"`...)
	case s.pam.quirks.AutomaticChangeString:
		b = append(b, `,"automatic_change":"0"`...)
	default:
		b = append(b, `,"automatic_change":`...)
		b = strconv.AppendBool(b, automatic)
	}
	b = appendNullableMember(b, "connectivity", conn)
	if conn == "" {
		b = append(b, `,"connectivity_code":null`...)
	} else {
		b = append(b, `,"connectivity_code":"`...)
		b = strconv.AppendInt(b, int64(connCode), 10)
		b = append(b, '"')
	}
	return append(b, '}')
}

// pamUpsertCredential is POST /credential, create or update (reference/pam-api.md §5.1, §5.2):
//
//   - identifier sent and some credential has it: update that one, whose username (and
//     device) then become the sent ones;
//   - identifier sent, nobody has it, and the device has a credential with that username:
//     update that one and set its identifier;
//   - identifier sent, neither: create with it;
//   - no identifier (or ""), and the device has a credential with that username: update it;
//   - no identifier, new username: create with a generated UUID (none with
//     PAMQuirks.NoAutoIdentifier).
//
// The checks run in this order: hostname 1004, ip 1005, the username key 1042 (an empty
// username becomes "usr"), identifier pattern 1053, the device by hostname and ip 1011, domain
// 1029, additional_settings.user_credential_owner (an unknown user is a 500). Then the mock's
// own choices: a match the caller's authorization neither owns nor is assigned is 1009; an
// update that would give a device two credentials with one username (an identifier match that
// changes the username, or moves the credential to another device: open question 7) is 1052.
// Inactive credentials match like active ones; the update leaves them inactive (open question
// 6; PAMQuirks.UpsertReactivates activates them). An omitted field keeps its value, an empty
// one clears it; an empty credential_type is "Local User". The settings blocks are stored as
// sent, each replacing the one stored before. The device fields a credential POST may carry
// (type, vendor, model, site, device_*, connectivities, session_remote_config) are ignored,
// and "type" is never read as the credential type (open question 8, §11 item 13).
func (s *Server) pamUpsertCredential(w http.ResponseWriter, r *http.Request, user string) {
	p, ok := parsePAMParams(r)
	if !ok {
		s.writeUnexpected(w)
		return
	}
	switch {
	case !p.required("hostname"):
		s.writeAppError(w, pamMsgNoHostname)
		return
	case !p.required("ip"):
		s.writeAppError(w, pamMsgNoIP)
		return
	case !p.has("username"):
		s.writeAppError(w, pamMsgInvalidUsername)
		return
	}
	username := p.str("username")
	if strings.TrimSpace(username) == "" {
		username = "usr"
	}
	identifier := p.str("identifier")
	pattern := pamIdentifierPattern
	if s.pam.quirks.IdentifierNoPeriod {
		pattern = pamIdentifierPatternNoPeriod
	}
	if identifier != "" && !pattern.MatchString(identifier) {
		s.writeAppError(w, pamMsgBadIdentifier)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.pam.deviceByHostname(p.str("hostname"))
	if d == nil || d.str("ip") != p.str("ip") {
		s.writeAppError(w, pamMsgDeviceNotFound)
		return
	}
	if dom := p.str("domain"); dom != "" && !s.pam.domainsRegistered(dom) {
		s.writeAppError(w, pamMsgUnknownDomain)
		return
	}
	// The instance's users are those of the clients and AddUser's (hooks.go).
	if p.has("additional_settings") {
		owner := pamScalar(pamSettingsObject(p["additional_settings"])["user_credential_owner"])
		if owner != "" && !s.users[owner] {
			s.writeUnexpected(w)
			return
		}
	}
	c := s.pam.credentialByIdentifier(identifier)
	if c == nil {
		c = s.pam.credentialOnDevice(d.id, username)
	}
	if c != nil && !c.visibleTo(user) {
		s.writeAppError(w, pamMsgNoAccess)
		return
	}
	if other := s.pam.credentialOnDevice(d.id, username); c != nil && other != nil && other != c {
		s.writeAppError(w, pamMsgDuplicate)
		return
	}
	now := s.now()
	msg := "Credential updated successfully!"
	isNew := c == nil
	if isNew {
		msg = "Credential successfully registered!"
		if identifier == "" && !s.pam.quirks.NoAutoIdentifier {
			identifier = newPAMIdentifier(now)
		}
		s.pam.nextCred++
		c = &pamCredential{
			record:   record{id: s.pam.nextCred, owner: user, active: true, fields: map[string]any{}},
			assigned: map[string]bool{}, changed: now,
		}
		for _, f := range pamCredentialFields {
			c.fields[f] = ""
		}
		c.fields["credential_type"] = pamDefaultCredentialType
	} else {
		if !c.active && s.pam.quirks.UpsertReactivates {
			c.active = true
		}
		s.pam.unindexCredential(c)
	}
	c.device = d.id
	c.fields["username"] = username
	if identifier != "" {
		c.fields["identifier"] = identifier
	}
	for _, f := range []string{"content", "additional", "tags", "credential_type", "domain", "parent_password"} {
		if !p.has(f) {
			continue
		}
		v := p.str(f)
		switch {
		case f == "credential_type" && strings.TrimSpace(v) == "":
			v = pamDefaultCredentialType
		case f == "content" && v != c.str("content"):
			c.changed = now
		}
		c.fields[f] = v
	}
	s.pam.typeCode(c.str("credential_type"))
	for _, b := range pamSettingsBlocks {
		if p.has(b) {
			c.fields[b] = cloneValue(p[b])
		}
	}
	if isNew {
		s.pam.addCredential(c)
	} else {
		s.pam.indexCredential(c)
	}
	s.writeOK(w, http.StatusCreated, msg, "credential", orderedObject{
		{"id", strconv.Itoa(c.id)}, {s.pamIdentifierKey(), pamNullable(c.str("identifier"))},
	})
}

// pamSetCredentialActive is DELETE /credential/{id} (deactivate; also by username@hostname)
// and PUT /credential/{id} (activate), reference/pam-api.md §5.7, §5.8. Deactivating an inactive
// credential is "1008: Credential inactive" ("1017: Credential inactive" with
// PAMQuirks.InactiveCode1017); activating an active one is 1043. Custody is left as it is.
func (s *Server) pamSetCredentialActive(w http.ResponseWriter, key, user string, active bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.pamAccess(w, key, user)
	if !ok {
		return
	}
	switch {
	case active && c.active:
		s.writeAppError(w, pamMsgCredAlreadyActive)
	case active:
		c.active = true
		s.writeOK(w, http.StatusOK, "Credential successfully activated", "", nil)
	case !c.active && s.pam.quirks.InactiveCode1017:
		s.writeAppError(w, pamMsgCredInactive1017)
	case !c.active:
		s.writeAppError(w, pamMsgCredInactive)
	default:
		c.active = false
		s.writeOK(w, http.StatusOK, "Credential successfully deactivated", "", nil)
	}
}

// pamReleaseCustody is DELETE /credential/custody/{id} (also by username@hostname), reference/pam-api.md
// §5.9: it releases the custody the caller took with a password view; 1008 when the
// credential is inactive, 1018 when the caller does not hold its custody.
func (s *Server) pamReleaseCustody(w http.ResponseWriter, key, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.pamAccess(w, key, user)
	if !ok {
		return
	}
	switch {
	case !c.active:
		s.writeAppError(w, pamMsgCredInactive)
	case c.custody != user:
		s.writeAppError(w, pamMsgNotInCustody)
	default:
		c.custody = ""
		s.pam.releases++
		s.writeOK(w, http.StatusOK, "Credential custody "+strconv.Itoa(c.id)+" released", "", nil)
	}
}
