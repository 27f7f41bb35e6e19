package senhaseguramock

import (
	"fmt"
	"strconv"
)

// PAMDevice is a snapshot of one stored PAM Core device, active or not. The JSON names (as
// GET /_mock/pam writes them) are the request names of reference/pam-api.md §4.1.
type PAMDevice struct {
	ID              string `json:"id"`
	Hostname        string `json:"hostname"`
	IP              string `json:"ip"`
	Type            string `json:"type"`
	Vendor          string `json:"vendor"`
	Model           string `json:"model"`
	Site            string `json:"site"`
	Domains         string `json:"device_domain"`         // comma list of registered domains
	Tags            string `json:"device_tags"`           // comma list, as sent
	Connectivities  string `json:"connectivities"`        // e.g. "SSH:22, HTTPS:443", as sent
	LoginExpression string `json:"session_remote_config"` // e.g. "SSH:EXPECT:FILL", as sent
	Active          bool   `json:"active"`
}

// PAMCredential is a snapshot of one stored PAM Core credential, active or not. Hostname and
// IP are its device's. Password is the stored password ("content"; a child credential's views
// return its parent's instead); it is left out of the JSON of GET /_mock/pam. Settings holds
// the settings blocks that were sent (execution_settings, session_settings,
// additional_settings, jit_settings) as they were stored, deep-copied. Views counts the
// password views (GET /credential/{id}).
type PAMCredential struct {
	ID             string         `json:"id"`
	Identifier     string         `json:"identifier"`
	Username       string         `json:"username"`
	Hostname       string         `json:"hostname"`
	IP             string         `json:"ip"`
	Password       string         `json:"-"`
	CredentialType string         `json:"credential_type"`
	Tags           string         `json:"tags"`
	Additional     string         `json:"additional"`
	Domain         string         `json:"domain"`
	ParentID       string         `json:"parent_password"` // id of the parent credential
	Owner          string         `json:"owner"`
	CustodyHolder  string         `json:"custody_holder"` // user holding custody, "" when nobody
	Active         bool           `json:"active"`
	Settings       map[string]any `json:"settings"`
	Views          int            `json:"views"`
}

func pamDeviceSnapshot(d *pamDevice) PAMDevice {
	return PAMDevice{
		ID: strconv.Itoa(d.id), Hostname: d.str("hostname"), IP: d.str("ip"), Type: d.str("type"),
		Vendor: d.str("vendor"), Model: d.str("model"), Site: d.str("site"), Domains: d.str("device_domain"),
		Tags: d.str("device_tags"), Connectivities: d.str("connectivities"),
		LoginExpression: d.str("session_remote_config"), Active: d.active,
	}
}

func (s *Server) pamCredentialSnapshot(c *pamCredential) PAMCredential {
	d := s.pam.devices[c.device]
	settings := map[string]any{}
	for _, b := range pamSettingsBlocks {
		if v, ok := c.fields[b]; ok {
			settings[b] = cloneValue(v)
		}
	}
	return PAMCredential{
		ID: strconv.Itoa(c.id), Identifier: c.str("identifier"), Username: c.str("username"),
		Hostname: d.str("hostname"), IP: d.str("ip"), Password: c.str("content"),
		CredentialType: c.str("credential_type"), Tags: c.str("tags"), Additional: c.str("additional"),
		Domain: c.str("domain"), ParentID: c.str("parent_password"), Owner: c.owner,
		CustodyHolder: c.custody, Active: c.active, Settings: settings, Views: c.views,
	}
}

// pamID parses a numeric id as the API writes it.
func pamID(id string) (int, bool) {
	n, err := strconv.Atoi(id)
	return n, err == nil && strconv.Itoa(n) == id
}

// PAMDevices returns every stored device, inactive ones included, by id.
func (s *Server) PAMDevices() []PAMDevice {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]PAMDevice, 0, len(s.pam.deviceOrder))
	for _, id := range s.pam.deviceOrder {
		out = append(out, pamDeviceSnapshot(s.pam.devices[id]))
	}
	return out
}

// PAMDevice returns one stored device, active or not.
func (s *Server) PAMDevice(id string) (PAMDevice, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := pamID(id)
	if d := s.pam.devices[n]; ok && d != nil {
		return pamDeviceSnapshot(d), true
	}
	return PAMDevice{}, false
}

// PAMCredentials returns every stored credential, inactive ones and every owner's included,
// by id.
func (s *Server) PAMCredentials() []PAMCredential {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]PAMCredential, 0, len(s.pam.credOrder))
	for _, id := range s.pam.credOrder {
		out = append(out, s.pamCredentialSnapshot(s.pam.credentials[id]))
	}
	return out
}

// PAMCredential returns one stored credential, active or not.
func (s *Server) PAMCredential(id string) (PAMCredential, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := pamID(id)
	if c := s.pam.credentials[n]; ok && c != nil {
		return s.pamCredentialSnapshot(c), true
	}
	return PAMCredential{}, false
}

// SeedPAMDevice stores a device directly, active (ID and Active are ignored), and returns its
// id. A hostname some device already has panics: hostnames are unique (reference/pam-api.md §4.1).
func (s *Server) SeedPAMDevice(dv PAMDevice) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seedPAMDeviceLocked(dv)
}

// SeedPAMDevices stores n devices directly, as SeedPAMDevice does, and returns their ids in
// order: device i is fn(i). It takes time linear in n whatever the store holds, and fn may
// call the mock.
func (s *Server) SeedPAMDevices(n int, fn func(i int) PAMDevice) []string {
	ids := make([]string, 0, n)
	for i := 0; i < n; i++ {
		dv := fn(i)
		ids = append(ids, s.SeedPAMDevice(dv))
	}
	return ids
}

func (s *Server) seedPAMDeviceLocked(dv PAMDevice) string {
	if s.pam.deviceByHostname(dv.Hostname) != nil {
		panic(fmt.Sprintf("senhaseguramock: SeedPAMDevice: a device with hostname %q exists", dv.Hostname))
	}
	s.pam.nextDevice++
	d := &pamDevice{record: record{id: s.pam.nextDevice, owner: s.pam.defaultUser, active: true, fields: make(map[string]any, len(pamDeviceFields))}}
	setPAMDeviceFields(d, dv)
	s.pam.addDevice(d)
	return strconv.Itoa(d.id)
}

func setPAMDeviceFields(d *pamDevice, dv PAMDevice) {
	for f, v := range map[string]string{
		"hostname": dv.Hostname, "ip": dv.IP, "type": dv.Type, "vendor": dv.Vendor, "model": dv.Model,
		"site": dv.Site, "device_domain": dv.Domains, "device_tags": dv.Tags,
		"connectivities": dv.Connectivities, "session_remote_config": dv.LoginExpression,
	} {
		d.fields[f] = v
	}
}

// SeedPAMCredential stores a credential directly, active (ID and Active are ignored), on the
// device with its Hostname and IP, and returns its id. Owner defaults to the default client's
// user, Identifier to a generated UUID (none with PAMQuirks.NoAutoIdentifier), CredentialType
// to "Local User"; CustodyHolder, Views and Settings (deep-copied) are stored as given. No
// such device, an identifier some credential has, or a username the device has already,
// panics.
func (s *Server) SeedPAMCredential(pc PAMCredential) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seedPAMCredentialLocked(pc)
}

// SeedPAMCredentials stores n credentials directly, as SeedPAMCredential does, and returns
// their ids in order: credential i is fn(i). It takes time linear in n whatever the store
// holds (100,000 credentials take well under a second), and fn may call the mock.
func (s *Server) SeedPAMCredentials(n int, fn func(i int) PAMCredential) []string {
	ids := make([]string, 0, n)
	for i := 0; i < n; i++ {
		pc := fn(i)
		ids = append(ids, s.SeedPAMCredential(pc))
	}
	return ids
}

func (s *Server) seedPAMCredentialLocked(pc PAMCredential) string {
	d := s.pam.deviceByHostname(pc.Hostname)
	if d == nil || d.str("ip") != pc.IP {
		panic(fmt.Sprintf("senhaseguramock: SeedPAMCredential: no device %q with ip %q", pc.Hostname, pc.IP))
	}
	if pc.Identifier == "" && !s.pam.quirks.NoAutoIdentifier {
		pc.Identifier = newPAMIdentifier(s.now())
	}
	if s.pam.credentialByIdentifier(pc.Identifier) != nil || s.pam.credentialOnDevice(d.id, pc.Username) != nil {
		panic(fmt.Sprintf("senhaseguramock: SeedPAMCredential: identifier %q or username %q on %q is taken", pc.Identifier, pc.Username, pc.Hostname))
	}
	if pc.Owner == "" {
		pc.Owner = s.pam.defaultUser
	}
	s.pam.nextCred++
	c := &pamCredential{
		record:   record{id: s.pam.nextCred, active: true, fields: make(map[string]any, len(pamCredentialFields))},
		assigned: map[string]bool{}, changed: s.now(),
	}
	s.setPAMCredentialFields(c, d, pc)
	s.pam.addCredential(c)
	return strconv.Itoa(c.id)
}

func (s *Server) setPAMCredentialFields(c *pamCredential, d *pamDevice, pc PAMCredential) {
	if pc.CredentialType == "" {
		pc.CredentialType = pamDefaultCredentialType
	}
	if c.str("content") != pc.Password {
		c.changed = s.now()
	}
	c.device = d.id
	c.owner = pc.Owner
	c.custody = pc.CustodyHolder
	c.views = pc.Views
	for f, v := range map[string]string{
		"identifier": pc.Identifier, "username": pc.Username, "content": pc.Password,
		"credential_type": pc.CredentialType, "tags": pc.Tags, "additional": pc.Additional,
		"domain": pc.Domain, "parent_password": pc.ParentID,
	} {
		c.fields[f] = v
	}
	for _, b := range pamSettingsBlocks {
		delete(c.fields, b)
		if v, ok := pc.Settings[b]; ok {
			c.fields[b] = cloneValue(v)
		}
	}
	s.pam.typeCode(pc.CredentialType)
}

// ModifyPAMDevice changes a stored device out of band, as another administrator would in the
// web UI. The function receives a copy; what it leaves in the copy is stored (ID excepted).
// Setting Active false deactivates the device as the API does (its credentials too, unless
// PAMQuirks.NoCascade). It reports false, changing nothing, when the device does not exist or
// the new hostname is another device's.
func (s *Server) ModifyPAMDevice(id string, fn func(*PAMDevice)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := pamID(id)
	d := s.pam.devices[n]
	if !ok || d == nil {
		return false
	}
	dv := pamDeviceSnapshot(d)
	fn(&dv)
	if other := s.pam.deviceByHostname(dv.Hostname); other != nil && other != d {
		return false
	}
	s.pam.unindexDevice(d)
	setPAMDeviceFields(d, dv)
	s.pam.indexDevice(d)
	if dv.Active != d.active {
		s.pam.setDeviceActive(d, dv.Active)
	}
	return true
}

// ModifyPAMCredential changes a stored credential out of band, as another administrator would
// in the web UI. The function receives a copy; what it leaves in the copy is stored (ID
// excepted): new Hostname and IP move it to that device; Settings replaces every settings
// block. It reports false, changing nothing, when the credential does not exist, no device
// has the Hostname and IP, the identifier is another credential's, or the device has another
// credential with the username.
func (s *Server) ModifyPAMCredential(id string, fn func(*PAMCredential)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := pamID(id)
	c := s.pam.credentials[n]
	if !ok || c == nil {
		return false
	}
	pc := s.pamCredentialSnapshot(c)
	fn(&pc)
	d := s.pam.deviceByHostname(pc.Hostname)
	if d == nil || d.str("ip") != pc.IP {
		return false
	}
	if other := s.pam.credentialByIdentifier(pc.Identifier); other != nil && other != c {
		return false
	}
	if other := s.pam.credentialOnDevice(d.id, pc.Username); other != nil && other != c {
		return false
	}
	s.pam.unindexCredential(c)
	s.setPAMCredentialFields(c, d, pc)
	s.pam.indexCredential(c)
	c.active = pc.Active
	return true
}

// SetPAMDeviceActive activates or deactivates a device out of band. Deactivation disables its
// credentials, as the API does (unless PAMQuirks.NoCascade); activation restores none.
func (s *Server) SetPAMDeviceActive(id string, active bool) bool {
	return s.ModifyPAMDevice(id, func(d *PAMDevice) { d.Active = active })
}

// SetPAMCredentialActive activates or deactivates a credential out of band.
func (s *Server) SetPAMCredentialActive(id string, active bool) bool {
	return s.ModifyPAMCredential(id, func(c *PAMCredential) { c.Active = active })
}

// AddPAMDomain registers a domain (PAM Core → Settings → Domains), so that device_domain and
// domain may name it (reference/pam-api.md §4.1, §5.1). Register a domain's abbreviation too if
// requests are to use it.
func (s *Server) AddPAMDomain(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pam.domains[name] = true
}

// AssignPAMCredential makes a credential visible to another user's authorization, as the
// authorization's Credentials tab does (reference/pam-api.md §2). An unknown id does nothing.
func (s *Server) AssignPAMCredential(user, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := pamID(id)
	if c := s.pam.credentials[n]; ok && c != nil {
		c.assigned[user] = true
	}
}

// CustodyGrants is how many times a password view (GET /credential/{id}) granted custody.
func (s *Server) CustodyGrants() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pam.grants
}

// CustodyReleases is how many custody releases (DELETE /credential/custody/{id}) succeeded.
func (s *Server) CustodyReleases() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pam.releases
}

// PasswordViews is how many times a credential's password was returned (GET
// /credential/{id}; the v2 read and the lists never return it).
func (s *Server) PasswordViews() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pam.views
}

// CustodyHolders maps the id of every credential in someone's custody to the holder.
func (s *Server) CustodyHolders() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for id, c := range s.pam.credentials {
		if c.custody != "" {
			out[strconv.Itoa(id)] = c.custody
		}
	}
	return out
}

// AddPAMClient registers an A2A authorization acting as user that reaches PAM Core only: its
// MySafe calls answer 401 "You are not authorized to access this resource.". With
// PAMQuirks.SeparateCredentials it is the only kind of client PAM Core accepts.
func (s *Server) AddPAMClient(clientID, clientSecret, user string) {
	s.addClient(clientID, client{secret: clientSecret, user: user, family: pamFamily{}.key()})
}

// AddReadOnlyClient registers another client acting as user whose PAM resource permission is
// "Read-only" (reference/pam-api.md §2): its PAM Core reads work, and every PAM Core write (POST, DELETE,
// PUT, custody release) answers "1039: Without PAM Configuration Access permission". Its
// MySafe calls are not restricted.
func (s *Server) AddReadOnlyClient(clientID, clientSecret, user string) {
	s.addClient(clientID, client{secret: clientSecret, user: user, kind: pamKindReadOnly})
}
