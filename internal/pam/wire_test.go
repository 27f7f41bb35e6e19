package pam

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
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
// expected) does not lose the item; a list that is no list is an error, never "no items"; the
// list is decoded as a stream (list, senhasegura.API.List).
func TestListLenient(t *testing.T) {
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/oauth2/token") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"t","token_type":"Bearer","expires_in":3600}`))
			return
		}
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	core, err := senhasegura.New(senhasegura.Config{BaseURL: srv.URL, ClientID: "a", ClientSecret: "b"})
	if err != nil {
		t.Fatal(err)
	}
	api := core.APIUnder(family, "/iso")
	get := func(b string) ([]wireCredentialItem, error) {
		body = b
		return list[wireCredentialItem](context.Background(), api, credentialPath, "credentials")
	}
	items, err := get(`{"response":{"status":200},"credentials":[
		{"id":"1","identifier":"a","username":"u1","hostname":"h","management_ip":"10.0.0.1","type":"Local User","automatic_change":"1","tags":["x","y"]},
		{"id":"2","tag":"b","username":"u2","hostname":"h","connectivity":{"name":"SSH"},"automatic_change":false},
		"not an object", null]}`)
	if err != nil || len(items) != 2 {
		t.Fatalf("items %+v, err %v", items, err)
	}
	if a, b := items[0].toListItem(), items[1].toListItem(); a.ID != "1" || !a.AutomaticChange || a.IP != "10.0.0.1" || b.ID != "2" || b.Identifier != "b" || b.Connectivity != "" {
		t.Fatalf("decoded %+v, %+v", a, b)
	}
	if _, err := get(`{"response":{"status":200},"credentials":"none"}`); err == nil {
		t.Fatal("a list that is a string must be an error")
	}
	if items, err := get(`{"credentials":{"7":{"id":"7","username":"u"}},"response":{"status":200}}`); err != nil || len(items) != 1 || items[0].ID != "7" {
		t.Fatalf("a list written as an object: %+v, %v", items, err)
	}
	if items, err := get(`{"response":{"status":200,"message":"no credentials"}}`); err != nil || len(items) != 0 {
		t.Fatalf("an empty list without its key: %+v, %v", items, err)
	}
	if _, err := get(`{"unrelated":1}`); err == nil {
		t.Fatal("an answer without the list and without a response block must be an error")
	}
	if _, err := get(`{"response":{"status":200},"credentials":[{"id":"1"},{"id":`); !errors.Is(err, senhasegura.ErrInvalidResponse) {
		t.Fatalf("a list that breaks off: %v", err)
	}
	if _, err := get(`{"credentials":[{"id":"1"}],"response":{"status":400,"message":"1007: nope","error":true}}`); err == nil {
		t.Fatal("a failure the envelope signals after the list must be an error")
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
