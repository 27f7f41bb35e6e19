package pam

import (
	"encoding/json"
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
