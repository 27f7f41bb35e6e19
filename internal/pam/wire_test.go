package pam

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// The v2 answer's envelope is not published (quirk P7): every shape its documented field names
// allow decodes to the same details.
func TestDecodeDetailsShapes(t *testing.T) {
	want := CredentialDetails{
		ID: "5", Identifier: "db01-app", Username: "app", Type: "Local User", Active: true, Tags: []string{"prod", "db"},
		Additional: "info", Criticality: "high", Owner: "alice", ParentID: "2", DeviceID: "1", Hostname: "db01", IP: "10.0.0.5",
	}
	cred := `"id":"5","identifier":"db01-app","username":"app","active":true,"tags":["prod","db"],"additional_information":"info","criticality":"High"`
	dev := `{"id":"1","name":"db01","ip":"10.0.0.5"}`
	for name, body := range map[string]string{
		"PAM envelope, device nested":  `{"code":200,"response":{"status":200},"credential":{` + cred + `,"type":"Local User","user_credential_owner":"alice","parent_credential":{"id":"2","username":"root"},"device":` + dev + `}}`,
		"data with credential, device": `{"data":{"credential":{` + cred + `,"password_type":"Local User","user_credential_owner":{"id":7,"username":"alice"},"parent_credential":{"id":2}},"device":` + dev + `}}`,
		"data is the credential":       `{"data":{` + cred + `,"type":"Local User","user_credential_owner":"alice","parent_credential":"2","device":` + dev + `}}`,
		"the answer is the credential": `{` + cred + `,"type":"Local User","user_credential_owner":"alice","parent_credential":2,"device":` + dev + `}`,
	} {
		var env senhasegura.Envelope
		if err := json.Unmarshal([]byte(body), &env); err != nil {
			t.Fatal(name, err)
		}
		got, ok := decodeDetails(env)
		if !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v (%v)\nwant %+v", name, got, ok, want)
		}
	}
	for name, body := range map[string]string{
		"no active flag": `{"credential":{"id":"5","username":"app"}}`,
		"nothing":        `{"code":200,"response":{"status":200}}`,
		"tags as a list": `{"credential":{"id":"5","active":"1","tags":"a, b"}}`,
	} {
		var env senhasegura.Envelope
		_ = json.Unmarshal([]byte(body), &env)
		got, ok := decodeDetails(env)
		if name == "tags as a list" {
			if !ok || !got.Active || !reflect.DeepEqual(got.Tags, []string{"a", "b"}) {
				t.Errorf("%s: %+v %v", name, got, ok)
			}
			continue
		}
		if ok {
			t.Errorf("%s: decoded %+v", name, got)
		}
	}
}

// One field in a shape no version documents (tags as an array, an object where a string was
// expected) does not lose the item; a list that is no list is an error, never "no items".
func TestEntitiesLenient(t *testing.T) {
	body := `{"response":{"status":200},"credentials":[
		{"id":"1","identifier":"a","username":"u1","hostname":"h","management_ip":"10.0.0.1","type":"Local User","automatic_change":"1","tags":["x","y"]},
		{"id":"2","tag":"b","username":"u2","hostname":"h","connectivity":{"name":"SSH"},"automatic_change":false},
		"not an object"]}`
	var env senhasegura.Envelope
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		t.Fatal(err)
	}
	items, found, err := entities[wireCredentialItem](env, "GET /iso/pam/credential", 200, "credentials")
	if err != nil || !found || len(items) != 2 {
		t.Fatalf("items %+v, found %v, err %v", items, found, err)
	}
	if a, b := items[0].toListItem(), items[1].toListItem(); a.ID != "1" || !a.AutomaticChange || a.IP != "10.0.0.1" || b.ID != "2" || b.Identifier != "b" || b.Connectivity != "" {
		t.Fatalf("decoded %+v, %+v", a, b)
	}
	_ = json.Unmarshal([]byte(`{"response":{"status":200},"credentials":"none"}`), &env)
	if _, found, err := entities[wireCredentialItem](env, "GET /iso/pam/credential", 200, "credentials"); !found || err == nil {
		t.Fatalf("a list that is a string: found %v, err %v", found, err)
	}
	_ = json.Unmarshal([]byte(`{"response":{"status":200},"credentials":{"7":{"id":"7","username":"u"}}}`), &env)
	if items, _, err := entities[wireCredentialItem](env, "GET /iso/pam/credential", 200, "credentials"); err != nil || len(items) != 1 || items[0].ID != "7" {
		t.Fatalf("a list written as an object: %+v, %v", items, err)
	}
}

// Code 1017 means "already active" on an activation, whatever its wording, and "inactive"
// otherwise (quirk P8).
func TestCode1017(t *testing.T) {
	for msg, wantActive := range map[string]bool{
		"1017: Credential is already active":     true,
		"1017: Credential is already activated!": true,
		"1017: Credential inactive":              false,
	} {
		body := []byte(`{"code":400,"response":{"status":400,"message":"` + msg + `","error":true},"exception":{"code":1017,"message":"` + msg + `"}}`)
		_, err := senhasegura.DecodeEnvelope("PUT /iso/pam/credential/1", 400, body, family)
		if errors.Is(err, ErrAlreadyActive) != wantActive || errors.Is(err, senhasegura.ErrInactive) == wantActive {
			t.Errorf("%q: %v (already active %v, inactive %v)", msg, err, errors.Is(err, ErrAlreadyActive), errors.Is(err, senhasegura.ErrInactive))
		}
	}
}

// A v2 404 from the gateway means no v2 route; one about the credential does not.
func TestGatewayNoRoute(t *testing.T) {
	for body, want := range map[string]bool{
		`{"message":"No route matched with those values."}`: true,
		`{"message":"Resource sub not found"}`:              true,
		``:                                                  true,
		`{"error":"not_found","message":"Credential 5 not found"}`:                                   false,
		`{"code":404,"response":{"status":404,"message":"1007: Credential not found","error":true}}`: false,
	} {
		_, err := senhasegura.DecodeEnvelope("GET /api/v2/pam/credentials/5", 404, []byte(body), family)
		if got := gatewayNoRoute(err); got != want {
			t.Errorf("%s: gatewayNoRoute = %v (%v)", body, got, err)
		}
	}
}

func TestIsSSHKey(t *testing.T) {
	for typ, want := range map[string]bool{"SSH Key": true, "ssh  key": true, "Local User": false, "": false} {
		if got := (CredentialListItem{Type: typ}).IsSSHKey(); got != want {
			t.Errorf("%q: %v", typ, got)
		}
	}
}
