package senhaseguramock

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Device fields by their request names (reference/pam-api.md §4.1), in the order the answers write them.
var pamDeviceFields = []string{"hostname", "ip", "model", "type", "vendor", "site", "device_domain", "connectivities", "session_remote_config", "device_tags"}

// Credential fields a POST stores, by their request names (reference/pam-api.md §5.1, §5.3); the
// settings blocks are stored as nested values, as received.
var (
	pamCredentialFields = []string{"identifier", "username", "content", "additional", "tags", "credential_type", "domain", "parent_password"}
	pamSettingsBlocks   = []string{"execution_settings", "session_settings", "additional_settings", "jit_settings"}
)

// pamDefaultCredentialType is the credential type of a credential created without one
// (reference/pam-api.md §5.1).
const pamDefaultCredentialType = "Local User"

// pamPasswordLifetime is the notional credential policy of the mock: a password expires this
// long after its last change (the lists' "expiration", GET's "expiration_time").
const pamPasswordLifetime = 30 * 24 * time.Hour

// pamDevice is a stored device: its fields are pamDeviceFields, all strings; owner is the
// user whose authorization created it (devices are not restricted by owner: every
// authorization sees every device).
type pamDevice struct {
	record
}

// pamCredential is a stored credential: fields hold pamCredentialFields (strings) and the
// settings blocks (nested values); device is the id of its device.
type pamCredential struct {
	record
	device   int
	assigned map[string]bool // users other than the owner it is assigned to
	custody  string          // user holding custody ("" when nobody)
	views    int             // password views
	viewed   time.Time       // last password view; zero when never viewed
	changed  time.Time       // last password change
}

// visibleTo says whether user's authorization may read or change the credential: it created
// it, or it is assigned to it (reference/pam-api.md §2).
func (c *pamCredential) visibleTo(user string) bool {
	return c.owner == user || c.assigned[user]
}

// pamStore is what the PAM Core family stores: devices and credentials by id (two sequences,
// as on the server, where they are different objects), the registered domains, the
// credential types with their codes, and the custody and view counters.
//
// No request scans every device or credential but a list, which walks the ids in ascending
// order (nothing is ever removed and ids only grow, so the order slices need no sorting).
// What the calls look things up by is indexed: devices by hostname, credentials by
// identifier, by device and username, and by device (a device's deactivation disables its
// credentials). Every change of a hostname, an identifier, a username or a credential's device
// takes the object out of the indexes first and puts it back after (unindexDevice and
// indexDevice, unindexCredential and indexCredential).
type pamStore struct {
	quirks       PAMQuirks
	defaultUser  string
	devices      map[int]*pamDevice
	credentials  map[int]*pamCredential
	deviceOrder  []int // device ids in ascending order
	credOrder    []int // credential ids in ascending order
	byHostname   map[string]*pamDevice
	byIdentifier map[string]*pamCredential
	byDeviceUser map[deviceUser]*pamCredential
	byDevice     map[int]map[int]*pamCredential // device id → its credentials by id
	nextDevice   int
	nextCred     int
	domains      map[string]bool
	types        map[string]int
	grants       int
	releases     int
	views        int
}

// deviceUser is the key of a credential on its device.
type deviceUser struct {
	device   int
	username string
}

func newPAMStore(user string, quirks PAMQuirks) pamStore {
	return pamStore{
		quirks:       quirks,
		defaultUser:  user,
		devices:      map[int]*pamDevice{},
		credentials:  map[int]*pamCredential{},
		byHostname:   map[string]*pamDevice{},
		byIdentifier: map[string]*pamCredential{},
		byDeviceUser: map[deviceUser]*pamCredential{},
		byDevice:     map[int]map[int]*pamCredential{},
		domains:      map[string]bool{},
		// The credential types of a fresh instance (reference/pam-api.md §10, MD-UI); new names get
		// the next code.
		types: map[string]int{"Local User": 1, "Local administrator": 2, "Domain user": 3, "SSH Key": 4},
	}
}

// addDevice stores a new device, whose id is the largest yet, with its fields set, and
// indexes it.
func (p *pamStore) addDevice(d *pamDevice) {
	p.devices[d.id] = d
	p.deviceOrder = append(p.deviceOrder, d.id)
	p.indexDevice(d)
}

// indexDevice enters d into the hostname index.
func (p *pamStore) indexDevice(d *pamDevice) {
	p.byHostname[d.str("hostname")] = d
}

// unindexDevice takes d out of the hostname index, before its hostname changes.
func (p *pamStore) unindexDevice(d *pamDevice) {
	if h := d.str("hostname"); p.byHostname[h] == d {
		delete(p.byHostname, h)
	}
}

// addCredential stores a new credential, whose id is the largest yet, with its fields and
// device set, and indexes it.
func (p *pamStore) addCredential(c *pamCredential) {
	p.credentials[c.id] = c
	p.credOrder = append(p.credOrder, c.id)
	p.indexCredential(c)
}

// indexCredential enters c into the identifier, device-and-username and device indexes.
func (p *pamStore) indexCredential(c *pamCredential) {
	if ident := c.str("identifier"); ident != "" {
		p.byIdentifier[ident] = c
	}
	p.byDeviceUser[deviceUser{c.device, c.str("username")}] = c
	if p.byDevice[c.device] == nil {
		p.byDevice[c.device] = map[int]*pamCredential{}
	}
	p.byDevice[c.device][c.id] = c
}

// unindexCredential takes c out of the indexes, before its identifier, username or device
// changes.
func (p *pamStore) unindexCredential(c *pamCredential) {
	if ident := c.str("identifier"); ident != "" && p.byIdentifier[ident] == c {
		delete(p.byIdentifier, ident)
	}
	if k := (deviceUser{c.device, c.str("username")}); p.byDeviceUser[k] == c {
		delete(p.byDeviceUser, k)
	}
	if set := p.byDevice[c.device]; set != nil {
		delete(set, c.id)
		if len(set) == 0 {
			delete(p.byDevice, c.device)
		}
	}
}

// deviceByHostname is the device with that hostname, active or not (hostnames are unique).
func (p *pamStore) deviceByHostname(hostname string) *pamDevice {
	return p.byHostname[hostname]
}

// credentialByIdentifier is the credential with that identifier, active or not.
func (p *pamStore) credentialByIdentifier(identifier string) *pamCredential {
	if identifier == "" {
		return nil
	}
	return p.byIdentifier[identifier]
}

// credentialOnDevice is the credential with that username on the device, active or not.
func (p *pamStore) credentialOnDevice(device int, username string) *pamCredential {
	return p.byDeviceUser[deviceUser{device, username}]
}

// setDeviceActive activates or deactivates a device. Deactivation disables every credential
// of the device (unless quirks.NoCascade); activation restores none of them (reference/pam-api.md §4.4,
// §4.5, §7).
func (p *pamStore) setDeviceActive(d *pamDevice, active bool) {
	d.active = active
	if active || p.quirks.NoCascade {
		return
	}
	for _, c := range p.byDevice[d.id] {
		c.active = false
	}
}

// typeCode is the code of a credential type, registering a new type as the server does
// ("a new type is created for each unique value", reference/pam-api.md §5.1).
func (p *pamStore) typeCode(name string) int {
	if code, ok := p.types[name]; ok {
		return code
	}
	code := len(p.types) + 1
	p.types[name] = code
	return code
}

// domainsRegistered says whether list (one domain, or several joined by "," without spaces)
// names registered domains only (reference/pam-api.md §4.1 device_domain, §5.1 domain).
func (p *pamStore) domainsRegistered(list string) bool {
	for _, d := range strings.Split(list, ",") {
		if !p.domains[d] {
			return false
		}
	}
	return true
}

// parentOf is the credential's parent (parent_password is its id), or nil.
func (p *pamStore) parentOf(c *pamCredential) *pamCredential {
	id := c.str("parent_password")
	if id == "" {
		return nil
	}
	n, err := strconv.Atoi(id)
	if err != nil || strconv.Itoa(n) != id {
		return nil
	}
	if parent := p.credentials[n]; parent != nil && parent != c {
		return parent
	}
	return nil
}

// effectivePassword is the password a view returns: a child credential uses its parent's
// password and follows its rotations (reference/pam-api.md §10); owner is the credential whose stored
// password it is. Chains are followed a few levels, and a cycle stops at the last credential.
func (p *pamStore) effectivePassword(c *pamCredential) (password string, owner *pamCredential) {
	owner = c
	for i := 0; i < 8; i++ {
		parent := p.parentOf(owner)
		if parent == nil || parent == c {
			break
		}
		owner = parent
	}
	return owner.str("content"), owner
}

// newPAMIdentifier is a UUIDv7 (the shape of the identifiers v3-33 and later generate for a
// credential sent without one, e.g. 018f97f9-a3c2-7271-bcf9-1b096086fea8, reference/pam-api.md §1.4).
func newPAMIdentifier(now time.Time) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(now.UnixMilli())) //nolint:gosec // time is positive.
	copy(b[:6], ms[2:])
	b[6] = 0x70 | b[6]&0x0f
	b[8] = 0x80 | b[8]&0x3f
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// newPAMPassword is a random password, as a rotation sets.
func newPAMPassword() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#%*-_"
	var b [20]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}
