package senhaseguramock_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// pamAnswer is a decoded PAM Core answer.
type pamAnswer struct {
	t      *testing.T
	status int
	body   []byte
	env    map[string]any
}

func (a pamAnswer) msg() string {
	resp, _ := a.env["response"].(map[string]any)
	if m, ok := resp["message"].(string); ok {
		return m
	}
	m, _ := a.env["message"].(string)
	return m
}

// obj is the entity under key.
func (a pamAnswer) obj(key string) map[string]any {
	a.t.Helper()
	m, ok := a.env[key].(map[string]any)
	if !ok {
		a.t.Fatalf("no object %q in %d %s", key, a.status, a.body)
	}
	return m
}

// list is the array under key.
func (a pamAnswer) list(key string) []map[string]any {
	a.t.Helper()
	raw, ok := a.env[key].([]any)
	if !ok {
		a.t.Fatalf("no array %q in %d %s", key, a.status, a.body)
	}
	out := []map[string]any{}
	for _, e := range raw {
		m, _ := e.(map[string]any)
		out = append(out, m)
	}
	return out
}

// want fails unless the answer has that status and message.
func (a pamAnswer) want(status int, msg string) pamAnswer {
	a.t.Helper()
	if a.status != status || a.msg() != msg {
		a.t.Fatalf("got %d %q, want %d %q (%s)", a.status, a.msg(), status, msg, a.body)
	}
	if status == http.StatusBadRequest {
		var code int
		_, _ = fmt.Sscanf(msg, "%d:", &code)
		exc, _ := a.env["exception"].(map[string]any)
		if exc["code"] != float64(code) || exc["message"] != msg {
			a.t.Fatalf("exception block of %q: %s", msg, a.body)
		}
	}
	return a
}

func (h *harness) pamRaw(method, path, contentType, body string) pamAnswer {
	h.t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+h.token)
	status, b := h.send(req)
	a := pamAnswer{t: h.t, status: status, body: b}
	if len(b) > 0 {
		if err := json.Unmarshal(b, &a.env); err != nil {
			h.t.Fatalf("%s %s: not JSON: %d %s", method, path, status, b)
		}
	}
	return a
}

func (h *harness) pam(method, path, body string) pamAnswer {
	h.t.Helper()
	return h.pamRaw(method, path, "application/json", body)
}

func deviceJSON(hostname, ip string, extra ...string) string {
	b := fmt.Sprintf(`{"hostname":%q,"ip":%q,"type":"Server","vendor":"Linux","model":"Ubuntu","site":"AWS"`, hostname, ip)
	for _, e := range extra {
		b += "," + e
	}
	return b + "}"
}

// newPAM is a harness with a device db01 (10.0.0.5), whose id it returns.
func newPAM(t *testing.T, q senhaseguramock.PAMQuirks) (*harness, string) {
	t.Helper()
	h := newHarness(t, senhaseguramock.Options{PAM: q})
	a := h.pam("POST", "/iso/pam/device", deviceJSON("db01", "10.0.0.5", `"connectivities":"SSH:22, HTTPS:443"`)).want(201, "Device successfully registered!")
	id, _ := a.obj("device")["id"].(string)
	return h, id
}

func credJSON(fields ...string) string {
	return `{"hostname":"db01","ip":"10.0.0.5"` + func() string {
		s := ""
		for _, f := range fields {
			s += "," + f
		}
		return s
	}() + "}"
}

// createCred posts a credential on db01 and returns its id and identifier.
func (h *harness) createCred(fields ...string) (string, string) {
	h.t.Helper()
	a := h.pam("POST", "/api/pam/credential", credJSON(fields...)).want(201, "Credential successfully registered!")
	c := a.obj("credential")
	id, _ := c["id"].(string)
	ident, _ := c["identifier"].(string)
	return id, ident
}

var deviceFields = []string{"id", "hostname", "ip", "model", "type", "vendor", "site", "device_domain", "connectivities", "session_remote_config", "device_tags"}

func TestPAMDeviceUpsert(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	a := h.pam("POST", "/iso/pam/device", deviceJSON("web01", "10.0.0.1", `"device_tags":"api, app"`, `"connectivities":"SSH:22"`, `"session_remote_config":"SSH:EXPECT:FILL"`)).
		want(201, "Device successfully registered!")
	if a.env["code"] != float64(201) {
		t.Fatalf("top-level code: %s", a.body)
	}
	dev := a.obj("device")
	wantKeys(t, "create answer", dev, deviceFields...)
	want := map[string]any{"id": "1", "hostname": "web01", "ip": "10.0.0.1", "model": "Ubuntu", "type": "Server", "vendor": "Linux",
		"site": "AWS", "device_domain": "", "connectivities": "SSH:22", "session_remote_config": "SSH:EXPECT:FILL", "device_tags": "api, app"}
	if !reflect.DeepEqual(dev, want) {
		t.Fatalf("create answer: %v", dev)
	}
	// The same hostname updates, through the other prefix: omitted optional fields stay, an
	// empty one is cleared, the required ones change.
	dev = h.pam("POST", "/api/pam/device", deviceJSON("web01", "10.0.0.2", `"device_tags":""`)).want(201, "Device updated successfully!").obj("device")
	if dev["id"] != "1" || dev["ip"] != "10.0.0.2" || dev["device_tags"] != "" || dev["connectivities"] != "SSH:22" || dev["session_remote_config"] != "SSH:EXPECT:FILL" {
		t.Fatalf("update answer: %v", dev)
	}
	// Another hostname is another device.
	dev = h.pam("POST", "/api/pam/device", deviceJSON("web02", "10.0.0.2")).want(201, "Device successfully registered!").obj("device")
	if dev["id"] != "2" {
		t.Fatalf("second device: %v", dev)
	}
	if n := len(h.mock.PAMDevices()); n != 2 || h.mock.RequestCount("POST /pam/device") != 3 {
		t.Fatalf("%d devices, %d posts", n, h.mock.RequestCount("POST /pam/device"))
	}
}

func TestPAMDeviceRequiredFieldOrder(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	steps := []struct{ add, msg string }{
		{`"hostname":"  "`, "1004: The device's hostname was not informed"},
		{`"hostname":"h"`, "1005: The device's IP was not informed"},
		{`"ip":"10.1.1.1"`, "1019: The device's site was not informed"},
		{`"site":"AWS"`, "1020: The device's model was not informed"},
		{`"model":"M"`, "1021: The device's vendor was not informed"},
		{`"vendor":"V"`, "1022: The device's type was not informed"},
	}
	var fields []string
	for _, st := range steps {
		if strings.HasPrefix(st.add, `"hostname":"h"`) {
			fields = nil
		}
		fields = append(fields, st.add)
		h.pam("POST", "/iso/pam/device", "{"+strings.Join(fields, ",")+"}").want(400, st.msg)
	}
	// Each field alone missing from a full body gives its own code: the order is not an
	// accident of the steps above.
	full := map[string]string{"hostname": "h", "ip": "i", "site": "s", "model": "m", "vendor": "v", "type": "t"}
	for field, msg := range map[string]string{"ip": "1005", "site": "1019", "model": "1020", "vendor": "1021", "type": "1022"} {
		b := map[string]string{}
		for k, v := range full {
			if k != field {
				b[k] = v
			}
		}
		raw, _ := json.Marshal(b)
		if a := h.pam("POST", "/iso/pam/device", string(raw)); a.status != 400 || !strings.HasPrefix(a.msg(), msg+":") {
			t.Fatalf("without %s: %d %s", field, a.status, a.body)
		}
	}
	if len(h.mock.PAMDevices()) != 0 {
		t.Fatal("a refused device was stored")
	}
	h.pam("POST", "/iso/pam/device", `{"hostname":"h","ip":"i","site":"s","model":"m","vendor":"v","type":"t"}`).want(201, "Device successfully registered!")
}

func TestPAMDomainRegistry(t *testing.T) {
	h, _ := newPAM(t, senhaseguramock.PAMQuirks{})
	const bad = "1029: It is not possible to enter a domain that has not been previously registered"
	h.pam("POST", "/iso/pam/device", deviceJSON("d1", "1.1.1.1", `"device_domain":"corp.lab"`)).want(400, bad)
	h.mock.AddPAMDomain("corp.lab")
	h.mock.AddPAMDomain("demo.lab")
	h.pam("POST", "/iso/pam/device", deviceJSON("d1", "1.1.1.1", `"device_domain":"corp.lab, demo.lab"`)).want(400, bad)
	h.pam("POST", "/iso/pam/device", deviceJSON("d1", "1.1.1.1", `"device_domain":"corp.lab,other.lab"`)).want(400, bad)
	dev := h.pam("POST", "/iso/pam/device", deviceJSON("d1", "1.1.1.1", `"device_domain":"corp.lab,demo.lab"`)).want(201, "Device successfully registered!").obj("device")
	if dev["device_domain"] != "corp.lab,demo.lab" {
		t.Fatalf("%v", dev)
	}
	// The credential's domain is checked against the same registry.
	h.pam("POST", "/iso/pam/credential", credJSON(`"username":"u"`, `"domain":"nope.lab"`)).want(400, bad)
	id, _ := h.createCred(`"username":"u"`, `"domain":"corp.lab"`)
	if c, _ := h.mock.PAMCredential(id); c.Domain != "corp.lab" {
		t.Fatalf("%+v", c)
	}
}

func TestPAMDeviceReads(t *testing.T) {
	h, id := newPAM(t, senhaseguramock.PAMQuirks{})
	h.pam("POST", "/iso/pam/device", deviceJSON("db01", "10.0.0.5", `"device_tags":"prod"`)).want(201, "Device updated successfully!")
	dev := h.pam("GET", "/iso/pam/device/"+id, "").want(200, "Device "+id).obj("device")
	wantKeys(t, "GET device", dev, deviceFields...)
	if dev["device_tags"] != "prod" || dev["connectivities"] != "SSH:22, HTTPS:443" || dev["id"] != id {
		t.Fatalf("GET device: %v", dev)
	}
	a := h.pam("GET", "/api/pam/device", "").want(200, "1 devices found")
	items := a.list("devices")
	if len(items) != 1 {
		t.Fatalf("%s", a.body)
	}
	wantKeys(t, "device list item", items[0], "id", "hostname", "ip", "model", "type", "vendor", "site", "tags")
	if items[0]["tags"] != "prod" || items[0]["id"] != id {
		t.Fatalf("list item: %v", items[0])
	}
	for _, path := range []string{"/iso/pam/device/99", "/iso/pam/device/db01", "/api/pam/device/01"} {
		h.pam("GET", path, "").want(400, "1011: Device not found")
	}
	h.pam("DELETE", "/iso/pam/device/99", "").want(400, "1011: Device not found")
	h.pam("PUT", "/iso/pam/device/99", "").want(400, "1011: Device not found")
	if h.mock.RequestCount("GET /pam/device/{id}") != 4 || h.mock.RequestCount("GET /pam/device") != 1 {
		t.Fatalf("counters: %v", h.mock.Counts())
	}
}

func TestPAMDeviceDeactivationCascades(t *testing.T) {
	h, dev := newPAM(t, senhaseguramock.PAMQuirks{})
	c1, _ := h.createCred(`"username":"root"`)
	c2, _ := h.createCred(`"username":"app"`)
	h.pam("DELETE", "/iso/pam/device/"+dev, "").want(200, "Device successfully deactivated")
	for _, id := range []string{c1, c2} {
		if c, _ := h.mock.PAMCredential(id); c.Active {
			t.Fatalf("credential %s still active after its device was deactivated", id)
		}
	}
	if d, _ := h.mock.PAMDevice(dev); d.Active {
		t.Fatal("device still active")
	}
	h.pam("GET", "/iso/pam/device/"+dev, "").want(400, "1011: Device not found")
	if n := len(h.pam("GET", "/iso/pam/device", "").want(200, "0 devices found").list("devices")); n != 0 {
		t.Fatal("an inactive device is listed")
	}
	if n := len(h.pam("GET", "/iso/pam/credential", "").want(200, "0 credentials found").list("credentials")); n != 0 {
		t.Fatal("inactive credentials are listed")
	}
	// Deactivating again answers 200 (open question 5).
	h.pam("DELETE", "/iso/pam/device/"+dev, "").want(200, "Device successfully deactivated")
	// A POST matching the inactive device updates it and leaves it inactive.
	h.pam("POST", "/iso/pam/device", deviceJSON("db01", "10.0.0.9")).want(201, "Device updated successfully!")
	if d, _ := h.mock.PAMDevice(dev); d.Active || d.IP != "10.0.0.9" {
		t.Fatalf("upsert on an inactive device: %+v", d)
	}
	h.pam("PUT", "/api/pam/device/"+dev, "").want(200, "Device successfully activated")
	for _, id := range []string{c1, c2} {
		if c, _ := h.mock.PAMCredential(id); c.Active {
			t.Fatalf("credential %s reactivated with its device", id)
		}
	}
	h.pam("PUT", "/api/pam/device/"+dev, "").want(400, "1044: Device is already activated")
	h.pam("GET", "/iso/pam/device/"+dev, "").want(200, "Device "+dev)
}

func TestPAMDeviceQuirks(t *testing.T) {
	h, dev := newPAM(t, senhaseguramock.PAMQuirks{NoCascade: true, InactiveDeviceReadable: true, ListInactive: true, DeleteInactiveDeviceFails: true, UpsertReactivates: true})
	c1, _ := h.createCred(`"username":"root"`)
	h.pam("DELETE", "/iso/pam/device/"+dev, "").want(200, "Device successfully deactivated")
	if c, _ := h.mock.PAMCredential(c1); !c.Active {
		t.Fatal("NoCascade: the credential was deactivated")
	}
	h.pam("GET", "/iso/pam/device/"+dev, "").want(200, "Device "+dev)
	h.pam("GET", "/iso/pam/device", "").want(200, "1 devices found")
	h.pam("DELETE", "/iso/pam/device/"+dev, "").want(400, "1011: Device not found")
	h.pam("POST", "/iso/pam/device", deviceJSON("db01", "10.0.0.5")).want(201, "Device updated successfully!")
	if d, _ := h.mock.PAMDevice(dev); !d.Active {
		t.Fatal("UpsertReactivates: the device stayed inactive")
	}
	// ListInactive lists inactive credentials too.
	h.pam("DELETE", "/iso/pam/credential/"+c1, "").want(200, "Credential successfully deactivated")
	h.pam("GET", "/iso/pam/credential", "").want(200, "1 credentials found")
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// Every row of the matching table of reference/pam-api.md §5.2.
func TestPAMCredentialUpsertRules(t *testing.T) {
	h, _ := newPAM(t, senhaseguramock.PAMQuirks{})
	h.pam("POST", "/iso/pam/device", deviceJSON("db02", "10.0.0.6")).want(201, "Device successfully registered!")

	// No identifier, new username: created, with a generated UUID.
	id1, ident1 := h.createCred(`"username":"root"`, `"content":"pw1"`)
	if !uuidPattern.MatchString(ident1) {
		t.Fatalf("generated identifier %q is not a UUIDv7", ident1)
	}
	// No identifier, existing username on that device: updated.
	c := h.pam("POST", "/iso/pam/credential", credJSON(`"username":"root"`, `"content":"pw2"`)).want(201, "Credential updated successfully!").obj("credential")
	wantKeys(t, "update answer", c, "id", "identifier")
	if c["id"] != id1 || c["identifier"] != ident1 {
		t.Fatalf("update by username: %v", c)
	}
	if got, _ := h.mock.PAMCredential(id1); got.Password != "pw2" {
		t.Fatalf("password not updated: %+v", got)
	}
	// The same username on another device is another credential.
	a := h.pam("POST", "/iso/pam/credential", `{"hostname":"db02","ip":"10.0.0.6","username":"root"}`).want(201, "Credential successfully registered!")
	if a.obj("credential")["id"] == id1 {
		t.Fatal("a credential on another device matched")
	}
	// New identifier, same hostname+ip+username: updated, and the identifier is set.
	c = h.pam("POST", "/iso/pam/credential", credJSON(`"identifier":"db.root"`, `"username":"root"`)).want(201, "Credential updated successfully!").obj("credential")
	if c["id"] != id1 || c["identifier"] != "db.root" {
		t.Fatalf("identifier set by device+username: %v", c)
	}
	// Existing identifier: updated, and the username changes with it.
	c = h.pam("POST", "/iso/pam/credential", credJSON(`"identifier":"db.root"`, `"username":"admin"`)).want(201, "Credential updated successfully!").obj("credential")
	if got, _ := h.mock.PAMCredential(id1); c["id"] != id1 || got.Username != "admin" || got.Identifier != "db.root" {
		t.Fatalf("rename by identifier: %v %+v", c, got)
	}
	// New identifier, no credential with that username: created with that identifier.
	id2, ident2 := h.createCred(`"identifier":"app_1-x"`, `"username":"app"`)
	if id2 == id1 || ident2 != "app_1-x" {
		t.Fatalf("create with identifier: %s %s", id2, ident2)
	}
	// An empty username is "usr"; an empty identifier is none.
	idUsr, _ := h.createCred(`"username":""`, `"identifier":""`)
	if got, _ := h.mock.PAMCredential(idUsr); got.Username != "usr" || got.CredentialType != "Local User" {
		t.Fatalf("empty username: %+v", got)
	}
	// Renaming onto a username the device has already: 1052.
	h.pam("POST", "/iso/pam/credential", credJSON(`"identifier":"app_1-x"`, `"username":"admin"`)).want(400, "1052: A credential with the same username already exists on this device")

	// Errors.
	h.pam("POST", "/iso/pam/credential", `{"hostname":"db01","ip":"10.0.0.9","username":"x"}`).want(400, "1011: Device not found")
	h.pam("POST", "/iso/pam/credential", `{"hostname":"nope","ip":"10.0.0.5","username":"x"}`).want(400, "1011: Device not found")
	h.pam("POST", "/iso/pam/credential", credJSON(`"content":"p"`)).want(400, "1042: Invalid username")
	h.pam("POST", "/iso/pam/credential", credJSON(`"username":null`)).want(400, "1042: Invalid username")
	h.pam("POST", "/iso/pam/credential", `{"ip":"10.0.0.5","username":"x"}`).want(400, "1004: The device's hostname was not informed")
	h.pam("POST", "/iso/pam/credential", `{"hostname":"db01","username":"x"}`).want(400, "1005: The device's IP was not informed")
	h.pam("POST", "/iso/pam/credential", credJSON(`"username":"x"`, `"identifier":"bad id!"`)).want(400, `1053: The identifier can only contain letters, numbers, "_" and "-".`)
	if n := len(h.mock.PAMCredentials()); n != 4 {
		t.Fatalf("%d credentials, want 4", n)
	}

	// An inactive credential matches too; the update leaves it inactive.
	h.pam("DELETE", "/iso/pam/credential/"+id2, "").want(200, "Credential successfully deactivated")
	h.pam("POST", "/iso/pam/credential", credJSON(`"username":"app"`, `"tags":"t"`)).want(201, "Credential updated successfully!")
	if got, _ := h.mock.PAMCredential(id2); got.Active || got.Tags != "t" {
		t.Fatalf("upsert on an inactive credential: %+v", got)
	}
}

func TestPAMCredentialFieldsAndSettings(t *testing.T) {
	h, _ := newPAM(t, senhaseguramock.PAMQuirks{})
	parent, _ := h.createCred(`"username":"root"`, `"content":"parent-pw"`)
	id, _ := h.createCred(`"identifier":"child"`, `"username":"app"`, `"content":"own"`, `"tags":"db, prod"`, `"additional":"info"`,
		`"credential_type":"Local administrator"`, `"parent_password":`+parent,
		`"execution_settings":{"automatic_change":true,"change_plugin":"SSH"}`,
		`"session_settings":{"SQL Server":true,"macros":[{"remote_app":"a","connectivity":"RDP"}]}`,
		`"additional_settings":[{"criticality":"High","user_credential_owner":"admin","notes":"n"}]`,
		`"jit_settings":{"jit":false}`)
	c, _ := h.mock.PAMCredential(id)
	if c.Tags != "db, prod" || c.Additional != "info" || c.CredentialType != "Local administrator" || c.ParentID != parent || c.Owner != senhaseguramock.DefaultUser {
		t.Fatalf("stored: %+v", c)
	}
	wantSettings := map[string]any{
		"execution_settings":  map[string]any{"automatic_change": true, "change_plugin": "SSH"},
		"session_settings":    map[string]any{"SQL Server": true, "macros": []any{map[string]any{"remote_app": "a", "connectivity": "RDP"}}},
		"additional_settings": []any{map[string]any{"criticality": "High", "user_credential_owner": "admin", "notes": "n"}},
		"jit_settings":        map[string]any{"jit": false},
	}
	if !reflect.DeepEqual(c.Settings, wantSettings) {
		t.Fatalf("settings: %#v", c.Settings)
	}
	// Snapshots are deep copies.
	c.Settings["execution_settings"].(map[string]any)["change_plugin"] = "changed"
	if again, _ := h.mock.PAMCredential(id); again.Settings["execution_settings"].(map[string]any)["change_plugin"] != "SSH" {
		t.Fatal("a snapshot shares the stored settings")
	}
	// An unknown user_credential_owner is a server error (reference/pam-api.md §5.1).
	if a := h.pam("POST", "/iso/pam/credential", credJSON(`"username":"x"`, `"additional_settings":{"user_credential_owner":"ghost"}`)); a.status != 500 {
		t.Fatalf("unknown owner: %d %s", a.status, a.body)
	}
	// The child's view returns its parent's password.
	if g := h.pam("GET", "/iso/pam/credential/"+id, "").want(200, "Credential "+id).obj("credential"); g["password"] != "parent-pw" ||
		g["parent_credential_cod"] != parent || g["parent_credential"] != "root" {
		t.Fatalf("child view: %v", g)
	}
	// The list shows automatic_change and the type.
	for _, it := range h.pam("GET", "/iso/pam/credential", "").list("credentials") {
		if it["id"] == id && (it["automatic_change"] != true || it["type"] != "Local administrator" || it["type_code"] != "2") {
			t.Fatalf("list item: %v", it)
		}
	}
}

func TestPAMCredentialV332Tag(t *testing.T) {
	h, _ := newPAM(t, senhaseguramock.PAMQuirks{V332Tag: true, AutomaticChangeString: true})
	c := h.pam("POST", "/iso/pam/credential", credJSON(`"identifier":"tagged"`, `"username":"u"`)).want(201, "Credential successfully registered!").obj("credential")
	wantKeys(t, "v3-32 create answer", c, "id", "tag")
	if c["tag"] != "tagged" {
		t.Fatalf("%v", c)
	}
	id, _ := c["id"].(string)
	g := h.pam("GET", "/iso/pam/credential/"+id, "").want(200, "Credential "+id).obj("credential")
	if _, has := g["identifier"]; has || g["tag"] != "tagged" {
		t.Fatalf("v3-32 GET: %v", g)
	}
	it := h.pam("GET", "/iso/pam/credential", "").list("credentials")[0]
	if it["identifier"] != "tagged" || it["automatic_change"] != "0" {
		t.Fatalf("v3-32 list: %v", it)
	}
}

func TestPAMCredentialReads(t *testing.T) {
	h, _ := newPAM(t, senhaseguramock.PAMQuirks{})
	id, ident := h.createCred(`"username":"root"`, `"content":"S3cret!"`, `"additional":"add"`)
	it := h.pam("GET", "/iso/pam/credential", "").want(200, "1 credentials found").list("credentials")[0]
	wantKeys(t, "credential list item", it, "id", "identifier", "username", "expiration", "change", "view", "hostname", "management_ip",
		"type", "type_code", "device_model", "device_type", "device_vendor", "automatic_change", "connectivity", "connectivity_code")
	if it["view"] != nil || it["management_ip"] != "10.0.0.5" || it["type"] != "Local User" || it["automatic_change"] != false ||
		it["connectivity"] != "SSH" || it["device_model"] != "Ubuntu" || it["identifier"] != ident {
		t.Fatalf("list item: %v", it)
	}
	if h.mock.CustodyGrants() != 0 || h.mock.PasswordViews() != 0 {
		t.Fatal("the list took custody")
	}
	g := h.pam("GET", "/iso/pam/credential/"+id, "").want(200, "Credential "+id).obj("credential")
	wantKeys(t, "GET credential", g, "id", "identifier", "username", "password", "content", "hostname", "parent_credential_cod",
		"parent_credential", "additional", "domain", "ip", "port", "model", "expiration_time")
	want := map[string]any{"id": id, "identifier": ident, "username": "root", "password": "S3cret!", "content": "S3cret!", "hostname": "db01",
		"parent_credential_cod": nil, "parent_credential": nil, "additional": "add", "domain": "", "ip": "10.0.0.5", "port": "22", "model": "Ubuntu"}
	delete(g, "expiration_time")
	if !reflect.DeepEqual(g, want) {
		t.Fatalf("GET credential: %v", g)
	}
	// By username@hostname too.
	h.pam("GET", "/api/pam/credential/root@db01", "").want(200, "Credential "+id)
	h.pam("GET", "/api/pam/credential/nobody@db01", "").want(400, "1007: Credential not found")
	h.pam("GET", "/api/pam/credential/"+ident, "").want(400, "1007: Credential not found")
	if it := h.pam("GET", "/iso/pam/credential", "").list("credentials")[0]; it["view"] == nil {
		t.Fatal("a password view did not set the list's view time")
	}
}

func TestPAMCustody(t *testing.T) {
	h, _ := newPAM(t, senhaseguramock.PAMQuirks{})
	id, _ := h.createCred(`"username":"root"`, `"content":"pw"`)
	h.pam("DELETE", "/iso/pam/credential/custody/"+id, "").want(400, "1018: The credential is not in the user custody")
	h.pam("GET", "/iso/pam/credential/"+id, "").want(200, "Credential "+id)
	h.pam("GET", "/iso/pam/credential/"+id, "").want(200, "Credential "+id)
	if h.mock.CustodyGrants() != 2 || h.mock.PasswordViews() != 2 || h.mock.CustodyHolders()[id] != senhaseguramock.DefaultUser {
		t.Fatalf("grants %d, views %d, holders %v", h.mock.CustodyGrants(), h.mock.PasswordViews(), h.mock.CustodyHolders())
	}
	if c, _ := h.mock.PAMCredential(id); c.Views != 2 || c.CustodyHolder != senhaseguramock.DefaultUser {
		t.Fatalf("%+v", c)
	}
	h.pam("DELETE", "/api/pam/credential/custody/"+id, "").want(200, "Credential custody "+id+" released")
	h.pam("DELETE", "/api/pam/credential/custody/"+id, "").want(400, "1018: The credential is not in the user custody")
	if h.mock.CustodyReleases() != 1 || len(h.mock.CustodyHolders()) != 0 {
		t.Fatalf("releases %d, holders %v", h.mock.CustodyReleases(), h.mock.CustodyHolders())
	}
	h.pam("DELETE", "/api/pam/credential/custody/99", "").want(400, "1007: Credential not found")
	h.pam("GET", "/iso/pam/credential/root@db01", "").want(200, "Credential "+id)
	h.pam("DELETE", "/iso/pam/credential/"+id, "").want(200, "Credential successfully deactivated")
	h.pam("DELETE", "/iso/pam/credential/custody/"+id, "").want(400, "1008: Credential inactive")
	if h.mock.RequestCount("DELETE /pam/credential/custody/{id}") != 5 || h.mock.RequestCount("GET /pam/credential/{id}") != 3 {
		t.Fatalf("counters: %v", h.mock.Counts())
	}
}

func TestPAMRotateAfterView(t *testing.T) {
	for _, rotate := range []bool{false, true} {
		h, _ := newPAM(t, senhaseguramock.PAMQuirks{RotateAfterView: rotate})
		id, _ := h.createCred(`"username":"root"`, `"content":"first"`)
		p1 := h.pam("GET", "/iso/pam/credential/"+id, "").obj("credential")["password"]
		p2 := h.pam("GET", "/iso/pam/credential/"+id, "").obj("credential")["password"]
		stored, _ := h.mock.PAMCredential(id)
		if p1 != "first" {
			t.Fatalf("rotate=%v: the first view returned %v", rotate, p1)
		}
		if rotate && (p2 == "first" || stored.Password == p2 || stored.Password == "first") {
			t.Fatalf("rotate: views %v %v, stored %q", p1, p2, stored.Password)
		}
		if !rotate && (p2 != "first" || stored.Password != "first") {
			t.Fatalf("no rotate: views %v %v, stored %q", p1, p2, stored.Password)
		}
	}
}

func TestPAMCredentialActivation(t *testing.T) {
	for _, v332 := range []bool{false, true} {
		h, _ := newPAM(t, senhaseguramock.PAMQuirks{InactiveCode1017: v332})
		id, _ := h.createCred(`"username":"root"`)
		h.pam("PUT", "/iso/pam/credential/"+id, "").want(400, "1043: Credential is already activated!")
		h.pam("DELETE", "/iso/pam/credential/root@db01", "").want(200, "Credential successfully deactivated")
		again := "1008: Credential inactive"
		if v332 {
			again = "1017: Credential inactive"
		}
		h.pam("DELETE", "/iso/pam/credential/"+id, "").want(400, again)
		h.pam("GET", "/iso/pam/credential/"+id, "").want(400, "1008: Credential inactive")
		h.pam("PUT", "/api/pam/credential/"+id, "").want(200, "Credential successfully activated")
		h.pam("GET", "/iso/pam/credential/"+id, "").want(200, "Credential "+id)
		h.pam("PUT", "/api/pam/credential/77", "").want(400, "1007: Credential not found")
		h.pam("DELETE", "/api/pam/credential/77", "").want(400, "1007: Credential not found")
	}
}

func TestPAMReadOnlyAuthorization(t *testing.T) {
	h, dev := newPAM(t, senhaseguramock.PAMQuirks{})
	id, _ := h.createCred(`"username":"root"`, `"content":"pw"`)
	h.mock.AddReadOnlyClient("reader", "reader-secret", senhaseguramock.DefaultUser)
	ro := h.login("reader", "reader-secret")
	const denied = "1039: Without PAM Configuration Access permission"
	for _, c := range [][3]string{
		{"POST", "/iso/pam/device", deviceJSON("new", "1.2.3.4")},
		{"POST", "/iso/pam/device", deviceJSON("db01", "10.0.0.5")},
		{"DELETE", "/iso/pam/device/" + dev, ""},
		{"PUT", "/iso/pam/device/" + dev, ""},
		{"POST", "/api/pam/credential", credJSON(`"username":"x"`)},
		{"DELETE", "/api/pam/credential/" + id, ""},
		{"PUT", "/api/pam/credential/" + id, ""},
		{"DELETE", "/api/pam/credential/custody/" + id, ""},
	} {
		ro.pam(c[0], c[1], c[2]).want(400, denied)
	}
	if len(h.mock.PAMDevices()) != 1 || len(h.mock.PAMCredentials()) != 1 {
		t.Fatal("a read-only write took effect")
	}
	if d, _ := h.mock.PAMDevice(dev); !d.Active {
		t.Fatal("a read-only DELETE deactivated the device")
	}
	// Reads work.
	ro.pam("GET", "/iso/pam/device", "").want(200, "1 devices found")
	ro.pam("GET", "/iso/pam/credential", "").want(200, "1 credentials found")
	ro.pam("GET", "/iso/pam/credential/"+id, "").want(200, "Credential "+id)
	ro.pam("DELETE", "/api/pam/credential/custody/"+id, "").want(400, denied)
	ro.pam("GET", "/api/v2/pam/credentials/"+id, "").want(200, "Credential "+id)
	// Custody is the user's: the read-and-write client of the same user releases what the
	// reader's view took.
	h.pam("DELETE", "/api/pam/credential/custody/"+id, "").want(200, "Credential custody "+id+" released")
}

func TestPAMV2Read(t *testing.T) {
	h, dev := newPAM(t, senhaseguramock.PAMQuirks{})
	parent, _ := h.createCred(`"username":"root"`)
	id, _ := h.createCred(`"identifier":"app-db"`, `"username":"app"`, `"content":"pw"`, `"tags":" db , prod,"`, `"additional":"info"`,
		`"parent_password":"`+parent+`"`, `"execution_settings":{"automatic_change":"1"}`, `"additional_settings":{"criticality":"High","user_credential_owner":"admin"}`)
	a := h.pam("GET", "/api/v2/pam/credentials/"+id, "").want(200, "Credential "+id)
	c := a.obj("credential")
	want := map[string]any{
		"id": id, "identifier": "app-db", "username": "app", "active": true, "type": "Local User", "tags": []any{"db", "prod"},
		"additional_information": "info", "domain": "", "criticality": "high", "user_credential_owner": "admin",
		"parent_credential": map[string]any{"id": parent, "username": "root"}, "automatic_change": true,
		"device": map[string]any{"id": dev, "name": "db01", "ip": "10.0.0.5"},
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("v2:\n got %v\nwant %v", c, want)
	}
	if _, has := c["password"]; has || h.mock.CustodyGrants() != 0 || h.mock.PasswordViews() != 0 || len(h.mock.CustodyHolders()) != 0 {
		t.Fatal("the v2 read took custody or returned the password")
	}
	// Defaults, an inactive credential, unknown and invisible ids.
	p := h.pam("GET", "/api/v2/pam/credentials/"+parent, "").obj("credential")
	if !reflect.DeepEqual(p["tags"], []any{}) || p["criticality"] != "medium" || p["user_credential_owner"] != nil || p["parent_credential"] != nil {
		t.Fatalf("v2 defaults: %v", p)
	}
	h.pam("DELETE", "/iso/pam/credential/"+id, "").want(200, "Credential successfully deactivated")
	if c := h.pam("GET", "/api/v2/pam/credentials/"+id, "").want(200, "Credential "+id).obj("credential"); c["active"] != false {
		t.Fatalf("inactive: %v", c)
	}
	h.pam("GET", "/api/v2/pam/credentials/99", "").want(400, "1007: Credential not found")
	// ETag and If-None-Match.
	req, _ := http.NewRequestWithContext(context.Background(), "GET", h.srv.URL+"/api/v2/pam/credentials/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	req.Header.Set("If-None-Match", etag)
	if status, _ := h.send(req); etag == "" || status != http.StatusNotModified {
		t.Fatalf("If-None-Match %q: %d", etag, status)
	}
	// Only under /api/v2.
	if a := h.pam("GET", "/iso/v2/pam/credentials/"+id, ""); a.status != 404 || a.msg() != senhaseguramock.MsgNoRoute {
		t.Fatalf("/iso/v2: %d %s", a.status, a.body)
	}
	if n := h.mock.RequestCount("GET /v2/pam/credentials/{id}"); n != 6 {
		t.Fatalf("v2 counter %d", n)
	}

	old, _ := newPAM(t, senhaseguramock.PAMQuirks{NoV2: true})
	oid, _ := old.createCred(`"username":"root"`)
	if a := old.pam("GET", "/api/v2/pam/credentials/"+oid, ""); a.status != 404 || a.msg() != senhaseguramock.MsgNoRoute {
		t.Fatalf("NoV2: %d %s", a.status, a.body)
	}
	if old.mock.RequestCount("GET /v2/pam/credentials/{id}") != 1 {
		t.Fatal("NoV2: the attempt was not counted")
	}
}

func TestPAMVisibility(t *testing.T) {
	h, _ := newPAM(t, senhaseguramock.PAMQuirks{})
	id, _ := h.createCred(`"username":"root"`, `"content":"pw"`)
	h.mock.AddClient("bob-client", "bob-secret", "bob")
	bob := h.login("bob-client", "bob-secret")
	const noAccess = "1009: No access to credential"
	bob.pam("GET", "/iso/pam/credential/"+id, "").want(400, noAccess)
	bob.pam("GET", "/iso/pam/credential/root@db01", "").want(400, noAccess)
	bob.pam("DELETE", "/iso/pam/credential/"+id, "").want(400, noAccess)
	bob.pam("PUT", "/iso/pam/credential/"+id, "").want(400, noAccess)
	bob.pam("DELETE", "/iso/pam/credential/custody/"+id, "").want(400, noAccess)
	bob.pam("GET", "/api/v2/pam/credentials/"+id, "").want(400, noAccess)
	bob.pam("POST", "/iso/pam/credential", credJSON(`"username":"root"`, `"content":"hijack"`)).want(400, noAccess)
	if n := len(bob.pam("GET", "/iso/pam/credential", "").want(200, "0 credentials found").list("credentials")); n != 0 {
		t.Fatal("bob lists a credential he was not assigned")
	}
	// Devices are not restricted.
	bob.pam("GET", "/iso/pam/device", "").want(200, "1 devices found")
	// Bob's own credential is his alone.
	bobID, _ := bob.createCred(`"username":"bob"`)
	h.pam("GET", "/iso/pam/credential/"+bobID, "").want(400, noAccess)
	if c, _ := h.mock.PAMCredential(bobID); c.Owner != "bob" {
		t.Fatalf("owner %q", c.Owner)
	}

	h.mock.AssignPAMCredential("bob", id)
	if items := bob.pam("GET", "/iso/pam/credential", "").want(200, "2 credentials found").list("credentials"); items[0]["id"] != id {
		t.Fatalf("assigned: %v", items)
	}
	if g := bob.pam("GET", "/iso/pam/credential/"+id, "").want(200, "Credential "+id).obj("credential"); g["password"] != "pw" {
		t.Fatalf("%v", g)
	}
	if h.mock.CustodyHolders()[id] != "bob" {
		t.Fatalf("holders %v", h.mock.CustodyHolders())
	}
	h.pam("DELETE", "/iso/pam/credential/custody/"+id, "").want(400, "1018: The credential is not in the user custody")
	bob.pam("DELETE", "/iso/pam/credential/custody/"+id, "").want(200, "Credential custody "+id+" released")
}

// POST parameters come from JSON, a form body or the query string (reference/pam-api.md §1.2).
func TestPAMRequestEncodings(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	form := url.Values{"hostname": {"formhost"}, "ip": {"10.9.9.9"}, "type": {"Server"}, "vendor": {"V"}, "model": {"M"}, "site": {"S"}, "device_tags": {"a,b"}}
	h.pamRaw("POST", "/iso/pam/device", "application/x-www-form-urlencoded", form.Encode()).want(201, "Device successfully registered!")
	query := url.Values{"hostname": {"queryhost"}, "ip": {"10.8.8.8"}, "type": {"Server"}, "vendor": {"V"}, "model": {"M"}, "site": {"S"}}
	h.pamRaw("POST", "/api/pam/device?"+query.Encode(), "", "").want(201, "Device successfully registered!")
	devs := h.mock.PAMDevices()
	if len(devs) != 2 || devs[0].Hostname != "formhost" || devs[0].Tags != "a,b" || devs[1].Hostname != "queryhost" {
		t.Fatalf("%+v", devs)
	}
	// A form body under a JSON content type (as the Ansible collection sends), with nested
	// settings written PHP-style.
	cred := url.Values{"hostname": {"formhost"}, "ip": {"10.9.9.9"}, "username": {"svc"}, "identifier": {"svc-form"}, "content": {"pw"},
		"execution_settings[automatic_change]": {"1"}, "additional_settings[0][criticality]": {"low"}}
	id, _ := h.pamRaw("POST", "/iso/pam/credential", "application/json", cred.Encode()).want(201, "Credential successfully registered!").obj("credential")["id"].(string)
	c, _ := h.mock.PAMCredential(id)
	if c.Username != "svc" || c.Identifier != "svc-form" || c.Password != "pw" ||
		!reflect.DeepEqual(c.Settings["execution_settings"], map[string]any{"automatic_change": "1"}) ||
		!reflect.DeepEqual(c.Settings["additional_settings"], []any{map[string]any{"criticality": "low"}}) {
		t.Fatalf("form credential: %+v", c)
	}
	// The credential's parameters in the query string only.
	q := url.Values{"hostname": {"queryhost"}, "ip": {"10.8.8.8"}, "username": {"q"}}
	h.pamRaw("POST", "/iso/pam/credential?"+q.Encode(), "", "").want(201, "Credential successfully registered!")
	// The body wins over the query.
	h.pamRaw("POST", "/iso/pam/credential?username=fromquery", "application/json", `{"hostname":"queryhost","ip":"10.8.8.8","username":"frombody"}`).
		want(201, "Credential successfully registered!")
	names := []string{}
	for _, c := range h.mock.PAMCredentials() {
		names = append(names, c.Username)
	}
	if !reflect.DeepEqual(names, []string{"svc", "q", "frombody"}) {
		t.Fatalf("usernames %v", names)
	}
	if a := h.pam("POST", "/iso/pam/device", `{"hostname":`); a.status != 500 {
		t.Fatalf("malformed JSON: %d %s", a.status, a.body)
	}
}

func TestPAMEnvelopeQuirks(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{Quirks: senhaseguramock.Quirks{OmitCode: true, CapitalMessage: true}})
	a := h.pam("POST", "/iso/pam/device", deviceJSON("d", "1.1.1.1")).want(201, "Device successfully registered!")
	resp, _ := a.env["response"].(map[string]any)
	if _, has := a.env["code"]; has || resp["Message"] != "Device successfully registered!" {
		t.Fatalf("%s", a.body)
	}
}

func TestPAMRoutesAndFaults(t *testing.T) {
	h, _ := newPAM(t, senhaseguramock.PAMQuirks{})
	for _, r := range []string{"GET /pam/device", "GET /pam/device/{id}", "POST /pam/device", "DELETE /pam/device/{id}", "PUT /pam/device/{id}",
		"GET /pam/credential", "GET /pam/credential/{id}", "POST /pam/credential", "DELETE /pam/credential/{id}", "PUT /pam/credential/{id}",
		"DELETE /pam/credential/custody/{id}", "GET /v2/pam/credentials/{id}"} {
		_ = h.mock.RequestCount(r) // panics if the route is unknown
	}
	for _, c := range [][2]string{{"PATCH", "/iso/pam/device/1"}, {"POST", "/iso/pam/device/1"}, {"GET", "/iso/pam/key/1"}, {"GET", "/api/v2/pam/credentials"}, {"GET", "/iso/pam/device/1/x"}} {
		if a := h.pam(c[0], c[1], ""); a.status != 404 || a.msg() != senhaseguramock.MsgNoRoute {
			t.Fatalf("%v: %d %s", c, a.status, a.body)
		}
	}
	// Faults aim at PAM routes like any other.
	h.mock.FailNextOn("POST /pam/credential", 1, senhaseguramock.Fault{Status: 502, AfterHandling: true})
	if a := h.pam("POST", "/iso/pam/credential", credJSON(`"username":"u"`)); a.status != 502 {
		t.Fatalf("%d", a.status)
	}
	if len(h.mock.PAMCredentials()) != 1 {
		t.Fatal("AfterHandling must store the credential")
	}
	h.token = "bogus"
	if a := h.pam("GET", "/iso/pam/device", ""); a.status != 401 {
		t.Fatalf("bogus token: %d", a.status)
	}
}

func TestPAMHooks(t *testing.T) {
	h := newHarness(t, senhaseguramock.Options{})
	dev := h.mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "seeded", IP: "10.1.1.1", Type: "Server", Vendor: "V", Model: "M", Site: "S"})
	cid := h.mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "seeded", IP: "10.1.1.1", Username: "root", Password: "pw",
		Settings: map[string]any{"execution_settings": map[string]any{"automatic_change": true}}})
	c, _ := h.mock.PAMCredential(cid)
	if !c.Active || c.Owner != senhaseguramock.DefaultUser || !uuidPattern.MatchString(c.Identifier) || c.CredentialType != "Local User" {
		t.Fatalf("seeded: %+v", c)
	}
	if it := h.pam("GET", "/iso/pam/credential", "").list("credentials")[0]; it["automatic_change"] != true || it["hostname"] != "seeded" {
		t.Fatalf("seeded list item: %v", it)
	}
	// Out-of-band changes, as in the UI.
	if !h.mock.ModifyPAMDevice(dev, func(d *senhaseguramock.PAMDevice) { d.IP = "10.1.1.2"; d.Tags = "ui" }) {
		t.Fatal("modify device")
	}
	if d := h.pam("GET", "/iso/pam/device/"+dev, "").obj("device"); d["ip"] != "10.1.1.2" || d["device_tags"] != "ui" {
		t.Fatalf("%v", d)
	}
	if !h.mock.ModifyPAMCredential(cid, func(c *senhaseguramock.PAMCredential) { c.Password = "rotated"; c.IP = "10.1.1.2" }) {
		t.Fatal("modify credential")
	}
	if g := h.pam("GET", "/iso/pam/credential/"+cid, "").obj("credential"); g["password"] != "rotated" {
		t.Fatalf("%v", g)
	}
	if h.mock.ModifyPAMCredential(cid, func(c *senhaseguramock.PAMCredential) { c.Hostname = "nowhere" }) {
		t.Fatal("a credential moved to a device that does not exist")
	}
	other := h.mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "other", IP: "10.1.1.3", Type: "T", Vendor: "V", Model: "M", Site: "S"})
	if h.mock.ModifyPAMDevice(other, func(d *senhaseguramock.PAMDevice) { d.Hostname = "seeded" }) {
		t.Fatal("two devices with one hostname")
	}
	if !h.mock.SetPAMDeviceActive(dev, false) {
		t.Fatal("deactivate")
	}
	if c, _ := h.mock.PAMCredential(cid); c.Active {
		t.Fatal("out-of-band deactivation must cascade like the API's")
	}
	h.mock.SetPAMDeviceActive(dev, true)
	h.mock.SetPAMCredentialActive(cid, true)
	h.pam("GET", "/iso/pam/credential/"+cid, "").want(200, "Credential "+cid)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("seeding a credential on an unknown device must panic")
			}
		}()
		h.mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "nowhere", IP: "1.1.1.1", Username: "x"})
	}()
}

func TestPAMAdminEndpoints(t *testing.T) {
	h, dev := newPAM(t, senhaseguramock.PAMQuirks{})
	id, _ := h.createCred(`"username":"root"`, `"content":"TopSecretPw"`)
	h.pam("GET", "/iso/pam/credential/"+id, "").want(200, "Credential "+id)
	admin := func(method, path, body string) (int, map[string]any, string) {
		req, _ := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, strings.NewReader(body))
		status, b := h.send(req)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		return status, m, string(b)
	}
	status, all, raw := admin("GET", "/_mock/pam", "")
	if status != 200 || strings.Contains(raw, "TopSecretPw") || len(all["devices"].([]any)) != 1 || len(all["credentials"].([]any)) != 1 {
		t.Fatalf("GET /_mock/pam: %d %s", status, raw)
	}
	if status, m, raw := admin("PATCH", "/_mock/pam/credential/"+id, `{"fields":{"password":"New","tags":"x","execution_settings":{"automatic_change":true}}}`); status != 200 || m["tags"] != "x" || strings.Contains(raw, "New") {
		t.Fatalf("PATCH credential: %d %s", status, raw)
	}
	if c, _ := h.mock.PAMCredential(id); c.Password != "New" || !reflect.DeepEqual(c.Settings["execution_settings"], map[string]any{"automatic_change": true}) {
		t.Fatalf("%+v", c)
	}
	if status, _, raw := admin("PATCH", "/_mock/pam/device/"+dev, `{"fields":{"bogus":"x"}}`); status != 400 {
		t.Fatalf("unknown field: %d %s", status, raw)
	}
	if status, m, raw := admin("PATCH", "/_mock/pam/device/"+dev, `{"fields":{"site":"GCP"}}`); status != 200 || m["site"] != "GCP" {
		t.Fatalf("PATCH device: %d %s", status, raw)
	}
	if status, m, raw := admin("POST", "/_mock/pam/device/"+dev+"/deactivate", ""); status != 200 || m["active"] != false {
		t.Fatalf("deactivate device: %d %s", status, raw)
	}
	if c, _ := h.mock.PAMCredential(id); c.Active {
		t.Fatal("admin deactivation must cascade")
	}
	if status, m, raw := admin("POST", "/_mock/pam/credential/"+id+"/activate", ""); status != 200 || m["active"] != true {
		t.Fatalf("activate credential: %d %s", status, raw)
	}
	if status, _, _ := admin("GET", "/_mock/pam/credential/99", ""); status != 404 {
		t.Fatal("unknown credential")
	}
	_, counters, raw := admin("GET", "/_mock/counters", "")
	if counters["custody_grants"] != float64(1) || counters["password_views"] != float64(1) || counters["custody_releases"] != float64(0) {
		t.Fatalf("counters: %s", raw)
	}
}

func TestPAMCredentialQuirks(t *testing.T) {
	h, _ := newPAM(t, senhaseguramock.PAMQuirks{NoAutoIdentifier: true, IdentifierNoPeriod: true, UpsertReactivates: true})
	c := h.pam("POST", "/iso/pam/credential", credJSON(`"username":"root"`)).want(201, "Credential successfully registered!").obj("credential")
	if _, has := c["identifier"]; !has || c["identifier"] != nil {
		t.Fatalf("NoAutoIdentifier: %v", c)
	}
	id, _ := c["id"].(string)
	h.pam("POST", "/iso/pam/credential", credJSON(`"username":"x"`, `"identifier":"with.period"`)).
		want(400, `1053: The identifier can only contain letters, numbers, "_" and "-".`)
	h.pam("DELETE", "/iso/pam/credential/"+id, "").want(200, "Credential successfully deactivated")
	h.pam("POST", "/iso/pam/credential", credJSON(`"username":"root"`)).want(201, "Credential updated successfully!")
	if got, _ := h.mock.PAMCredential(id); !got.Active {
		t.Fatal("UpsertReactivates: the credential stayed inactive")
	}
}

// Open question 1, both ways: by default one client reaches MySafe and PAM Core; with
// SeparateCredentials a MySafe access key is refused by PAM Core, and an A2A authorization
// (AddPAMClient) reaches PAM Core only, either way with the gateway's 401.
func TestPAMSeparateCredentials(t *testing.T) {
	tokenOf := func(h *harness, id, secret string) string {
		status, body := h.form("/iso/oauth2/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}, "")
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if status != http.StatusOK || json.Unmarshal(body, &tok) != nil {
			t.Fatalf("token: %d %s", status, body)
		}
		return tok.AccessToken
	}
	both := newHarness(t, senhaseguramock.Options{})
	if a := both.pam("GET", "/iso/pam/device", ""); a.status != 200 {
		t.Fatalf("one client reaches PAM Core by default: %d %s", a.status, a.body)
	}
	h := newHarness(t, senhaseguramock.Options{PAM: senhaseguramock.PAMQuirks{SeparateCredentials: true}})
	h.mock.AddPAMClient("a2a-app", "a2a-secret", "svc-terraform")
	if a := h.pam("GET", "/iso/pam/device", ""); a.status != 401 || a.msg() != senhaseguramock.MsgNotAuthorized {
		t.Fatalf("a MySafe access key on PAM Core: %d %s", a.status, a.body)
	}
	if a := h.pam("GET", "/api/v2/pam/credentials/1", ""); a.status != 401 {
		t.Fatalf("a MySafe access key on the v2 read: %d %s", a.status, a.body)
	}
	if status, body := h.do("GET", "/iso/mysafe/password", nil); status != 200 {
		t.Fatalf("the access key on MySafe: %d %s", status, body)
	}
	h.token = tokenOf(h, "a2a-app", "a2a-secret")
	if a := h.pam("GET", "/iso/pam/device", ""); a.status != 200 {
		t.Fatalf("the A2A authorization on PAM Core: %d %s", a.status, a.body)
	}
	if status, body := h.do("GET", "/iso/mysafe/password", nil); status != 401 {
		t.Fatalf("the A2A authorization on MySafe: %d %s", status, body)
	}
}
