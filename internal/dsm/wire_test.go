package dsm

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

func ptr(s string) *string { return &s }

// The secret item of the read answers (quirk D9), in every shape the reference shows.
func TestDecodeSecretShapes(t *testing.T) {
	for name, tc := range map[string]struct {
		raw     string
		item    SecretListItem
		data    []map[string]*string
		dataErr bool
	}{
		"the reference's example": {
			raw: `{"secret_id":"106","secret_name":"application5","identity":"application5","version":"3","expiration_date":"","engine":"Kubernetes","description":"d",
				"data":[{"hostname":"app_host","username":"ADMIN_USR"},{"access_key_id":"LKU","TTL":null},{"my_key_name":"my_key_value","username":"kv"}]}`,
			item: SecretListItem{ID: "106", Identity: "application5", Name: "application5", Version: "3", Engine: "Kubernetes", Description: "d",
				Keys: []string{"access_key_id", "hostname", "my_key_name", "username"}},
			data: []map[string]*string{{"hostname": ptr("app_host"), "username": ptr("ADMIN_USR")}, {"access_key_id": ptr("LKU"), "TTL": nil},
				{"my_key_name": ptr("my_key_value"), "username": ptr("kv")}},
		},
		"numbers, one object, name, expiry": {
			raw:  `{"secret_id":106,"name":"n","identity":"a/b","version":2,"expiration_date":"2022-08-18 11:10:00","data":{"PORT":5432,"ON":true,"J":{"x":[1, 2]}}}`,
			item: SecretListItem{ID: "106", Identity: "a/b", Name: "n", Version: "2", ExpirationRaw: "2022-08-18 11:10:00", Expiration: time.Date(2022, 8, 18, 11, 10, 0, 0, time.UTC), Keys: []string{"J", "ON", "PORT"}},
			data: []map[string]*string{{"PORT": ptr("5432"), "ON": ptr("true"), "J": ptr(`{"x":[1,2]}`)}},
		},
		"no data, null description, odd expiry": {
			raw:  `{"identity":"x","description":null,"expiration_date":"tomorrow","data":null,"version":""}`,
			item: SecretListItem{Identity: "x", ExpirationRaw: "tomorrow", Keys: []string{}},
		},
		"data as the base64 a POST sends": {
			raw:  `{"identity":"x","data":"` + encodeData(map[string]string{"K": "v"}) + `"}`,
			item: SecretListItem{Identity: "x", Keys: []string{"K"}},
			data: []map[string]*string{{"K": ptr("v")}},
		},
		"data that is no map": {
			raw: `{"identity":"x","data":[{"K":"v"}, 3]}`, item: SecretListItem{Identity: "x", Keys: []string{}}, dataErr: true,
		},
		"data that is a number": {
			raw: `{"identity":"x","data":42}`, item: SecretListItem{Identity: "x", Keys: []string{}}, dataErr: true,
		},
		"a field of another shape is left empty": {
			raw:  `{"identity":"x","engine":{"name":"Generic"},"data":[null,{"K":"v"}]}`,
			item: SecretListItem{Identity: "x", Keys: []string{"K"}},
			data: []map[string]*string{{"K": ptr("v")}},
		},
	} {
		e, ok := decodeSecret(json.RawMessage(tc.raw))
		if !ok || !reflect.DeepEqual(e.item, tc.item) || !reflect.DeepEqual(e.data, tc.data) || (e.dataErr != "") != tc.dataErr {
			t.Errorf("%s:\n got %+v %v %q\nwant %+v %v", name, e.item, e.data, e.dataErr, tc.item, tc.data)
		}
	}
	if _, ok := decodeSecret(json.RawMessage(`["no object"]`)); ok {
		t.Error("an array decoded as a secret")
	}
}

// Every map merged in order, the last value winning; a null is no value and never overrides.
func TestMerge(t *testing.T) {
	got := merge([]map[string]*string{{"a": ptr("1"), "b": ptr("1")}, {"a": ptr("2"), "b": nil, "n": nil}, {"c": ptr("3")}})
	if !reflect.DeepEqual(got, map[string]string{"a": "2", "b": "1", "c": "3"}) {
		t.Fatal(got)
	}
	if m := merge(nil); m == nil || len(m) != 0 {
		t.Fatal("merge of nothing is not an empty map")
	}
	kept, differs := compare(map[string]string{"a": "1", "b": "2", "c": "3"}, map[string]string{"a": "1", "b": "x", "z": "0", "y": ""})
	if !reflect.DeepEqual(kept, []string{"y", "z"}) || !reflect.DeepEqual(differs, []string{"b", "c"}) {
		t.Fatalf("kept %v differs %v", kept, differs)
	}
	if k, d := compare(map[string]string{"a": "1"}, map[string]string{"a": "1"}); k != nil || d != nil {
		t.Fatal(k, d)
	}
}

// Expiration dates (quirk D12): sent in UTC as "YYYY-MM-DD HH:MM:SS", read back in every form.
func TestExpirationForms(t *testing.T) {
	at := time.Date(2031, 3, 4, 1, 30, 15, 500, time.FixedZone("BRT", -3*3600))
	if got := FormatExpiration(at); got != "2031-03-04 04:30:15" {
		t.Fatal(got)
	}
	if FormatExpiration(time.Time{}) != "" {
		t.Fatal("the zero time is not empty")
	}
	want := time.Date(2031, 3, 4, 4, 30, 15, 0, time.UTC)
	for _, s := range []string{"2031-03-04 04:30:15", " 2031-03-04 04:30:15 ", "2031-03-04T04:30:15Z", "2031-03-04T01:30:15-03:00", "2031-03-04T04:30:15"} {
		if got, err := ParseExpiration(s); err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%q: %v, %v", s, got, err)
		}
	}
	if got, err := ParseExpiration("2031-03-04"); err != nil || !got.Equal(time.Date(2031, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("a date alone: %v %v", got, err)
	}
	for _, s := range []string{"", "null", "0000-00-00 00:00:00", "0000-00-00"} {
		if got, err := ParseExpiration(s); err != nil || !got.IsZero() {
			t.Errorf("%q: %v, %v", s, got, err)
		}
	}
	if _, err := ParseExpiration("18/08/2022"); err == nil {
		t.Error("a date in another form")
	}
}

// The POST's document (quirks D6, D8).
func TestSecretBody(t *testing.T) {
	body, data := secretBody(Secret{Identity: "a/b", Values: map[string]string{"Z": "<&>", "A": "é"}})
	if body["name"] != "a/b" || body["engine"] != "Generic" || body["expiration_date"] != "" || body["description"] != "" || body["data"] != data || len(body) != 6 {
		t.Fatalf("body %v", body)
	}
	raw, _ := base64.StdEncoding.DecodeString(data)
	if string(raw) != `{"key_value":{"fields":{"A":"é","Z":"<&>"}}}` {
		t.Fatalf("document %s", raw)
	}
	if fields, err := decodeData(data); err != nil || !reflect.DeepEqual(fields, map[string]string{"Z": "<&>", "A": "é"}) {
		t.Fatal(fields, err)
	}
	_, data = secretBody(Secret{Identity: "x"})
	if raw, _ := base64.StdEncoding.DecodeString(data); string(raw) != `{"key_value":{"fields":{}}}` {
		t.Fatalf("no values: %s", raw)
	}
	body, _ = secretBody(Secret{Identity: "x", Name: "n", Engine: "Kubernetes", Description: "d", Expiration: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if body["name"] != "n" || body["engine"] != "Kubernetes" || body["description"] != "d" || body["expiration_date"] != "2030-01-01 00:00:00" {
		t.Fatalf("body %v", body)
	}
	for k := range body {
		if strings.HasPrefix(k, "renew") {
			t.Fatalf("sent %s", k)
		}
	}
}

// The registration's answer (quirk D13): the reference's message, the latest form with code and
// tenant, a number for an id, and a message that says nothing.
func TestParseRegistration(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want Registration
		ok   bool
	}{
		"v3-32": {`{"response":{"status":200,"message":"Application updated: (4) postman | Authorization found: (6)","error":false,"error_code":0},"id":"applicationID","signature":"signature"}`,
			Registration{ClientID: "applicationID", ClientSecret: "signature", Message: "Application updated: (4) postman | Authorization found: (6)",
				ApplicationOutcome: "updated", ApplicationID: "4", AuthorizationOutcome: "found", AuthorizationID: "6"}, true},
		"latest, created": {`{"code":200,"tenant":"Segura","response":{"status":200,"mensagem":"Application created: (12) APP-SQL | Authorization created (13)"},"id":77,"signature":"s"}`,
			Registration{ClientID: "77", ClientSecret: "s", Message: "Application created: (12) APP-SQL | Authorization created (13)",
				ApplicationOutcome: "created", ApplicationID: "12", AuthorizationOutcome: "created", AuthorizationID: "13"}, true},
		"a message that says nothing": {`{"response":{"Message":"OK"},"id":"i","signature":"s"}`, Registration{ClientID: "i", ClientSecret: "s", Message: "OK"}, true},
		"no signature":                {`{"response":{"message":"x"},"id":"i"}`, Registration{}, false},
	} {
		var env senhasegura.Envelope
		if err := json.Unmarshal([]byte(tc.body), &env); err != nil {
			t.Fatal(err)
		}
		got, ok := parseRegistration(env)
		if ok != tc.ok || ok && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v %v\nwant %+v", name, got, ok, tc.want)
		}
	}
	desc := ""
	if b := applicationBody(Application{Name: "a", System: "s", Environment: "e", Description: &desc, Tags: []string{}}); !reflect.DeepEqual(b,
		map[string]any{"application": "a", "system": "s", "environment": "e", "description": "", "tags": []string{}}) {
		t.Fatalf("clearing description and tags: %v", b)
	}
}

// The application of GET /iso/dapp/application (reference/dsm-api.md §4.6).
func TestDecodeApplication(t *testing.T) {
	info, secrets, ok := decodeApplication(json.RawMessage(`{"name":"postman","description":null,"tags":[""],"system":"back","Environment":"test",
		"secrets":{"3":{"identity":"b"},"1":{"identity":"a"}}}`))
	if !ok || !reflect.DeepEqual(info, ApplicationInfo{Name: "postman", Tags: []string{}, System: "back", Environment: "test", Secrets: 2}) || len(secrets) != 2 {
		t.Fatalf("%+v %d %v", info, len(secrets), ok)
	}
	if e, _ := decodeSecret(secrets[0]); e.item.Identity != "a" {
		t.Fatalf("an object of entries is read in key order: %+v", e.item)
	}
	info, _, _ = decodeApplication(json.RawMessage(`{"name":"x","tags":"ci, eso ,","environment":"prod"}`))
	if !reflect.DeepEqual(info.Tags, []string{"ci", "eso"}) || info.Environment != "prod" {
		t.Fatalf("%+v", info)
	}
	if _, _, ok := decodeApplication(nil); ok {
		t.Fatal("no application decoded")
	}
}

// The classes DSM's answers get (quirk D3), from the answers the reference shows.
func TestClassify(t *testing.T) {
	const del, list, post = "DELETE /iso/dapp/application/authorization", "GET /iso/sctm/secret", "POST /iso/sctm/secret"
	for _, tc := range []struct {
		name       string
		op         string
		status     int
		body       string
		authDelete bool
		is, isNot  []error
	}{
		{"inactive authorization", del, 401, `{"code":401,"response":{"status":401,"message":"Inactive authorization","error":true,"error_code":1}}`, true,
			[]error{senhasegura.ErrInactive, senhasegura.ErrUnauthorized}, []error{senhasegura.ErrNotFound}},
		{"authorization not found", del, 404, `{"code":404,"response":{"status":404,"message":"Resource sub not found","error":true,"error_code":4}}`, true,
			[]error{senhasegura.ErrNotFound}, []error{senhasegura.ErrInactive, senhasegura.ErrBadInput}},
		{"a list's 404 is no 'not found'", list, 404, `{"code":404,"response":{"status":404,"message":"Resource sub not found","error":true}}`, false,
			[]error{senhasegura.ErrNoRoute}, []error{senhasegura.ErrNotFound}},
		{"no route for this API", del, 404, `{"message":"no Route matched with those values"}`, true,
			[]error{senhasegura.ErrNoRoute}, []error{senhasegura.ErrNotFound}},
		{"an unknown 400", post, 400, `{"code":400,"response":{"status":400,"message":"1099: Invalid engine","error":true},"exception":{"code":1099,"message":"1099: Invalid engine"}}`, false,
			[]error{senhasegura.ErrBadInput}, []error{senhasegura.ErrNoAccess}},
		{"a 400 without a code", post, 400, `{"code":400,"response":{"status":400,"message":"data must be valid base64 encoded json","error":true}}`, false,
			[]error{senhasegura.ErrBadInput}, nil},
		{"not informed", post, 400, `{"response":{"message":"1001: Parameter 'identity' was not informed!","error":true},"exception":{"code":1001}}`, false,
			[]error{senhasegura.ErrBadInput}, []error{senhasegura.ErrDuplicate}},
		{"no permission", "POST /iso/dapp/application", 400, `{"response":{"message":"You must have permission to create applications in this application","error":true}}`, false,
			[]error{senhasegura.ErrNoAccess}, []error{senhasegura.ErrBadInput}},
		{"forbidden", list, 403, `{"message":"Forbidden"}`, false, []error{senhasegura.ErrNoAccess}, []error{senhasegura.ErrBadInput}},
		{"server fault", post, 500, `{"message":"Unexpected error."}`, false, []error{senhasegura.ErrServer}, []error{senhasegura.ErrBadInput, senhasegura.ErrNoAccess}},
	} {
		_, err := senhasegura.DecodeEnvelope(tc.op, tc.status, []byte(tc.body), family)
		err = classify(err, tc.authDelete)
		for _, s := range tc.is {
			if !errors.Is(err, s) {
				t.Errorf("%s: %v does not match %v", tc.name, err, s)
			}
		}
		for _, s := range tc.isNot {
			if errors.Is(err, s) {
				t.Errorf("%s: %v matches %v", tc.name, err, s)
			}
		}
		if e, ok := senhasegura.AsError(err); !ok || e.StatusCode != tc.status {
			t.Errorf("%s: the core's error is not behind %v", tc.name, err)
		}
	}
	// A token endpoint's refusal is never "bad input", and "inactive" only when it says so.
	tokenErr := &senhasegura.Error{Op: "POST /iso/oauth2/token", StatusCode: 400, Message: "invalid_client"}
	if err := classify(tokenErr, false); errors.Is(err, senhasegura.ErrBadInput) || errors.Is(err, senhasegura.ErrInactive) {
		t.Errorf("token refusal: %v", err)
	}
	if err := classify(&senhasegura.Error{Op: "POST /iso/oauth2/token", StatusCode: 401, Message: "Inactive authorization"}, false); !errors.Is(err, senhasegura.ErrInactive) {
		t.Errorf("token refusal of an inactive authorization: %v", err)
	}
	if classify(nil, true) != nil {
		t.Error("nil")
	}
}

var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func keyPEM(t *testing.T, pkcs8 bool) string {
	t.Helper()
	if !pkcs8 {
		return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(testKey())}))
	}
	der, err := x509.MarshalPKCS8PrivateKey(testKey())
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// Keys and hashes a Decrypter accepts or refuses, with errors that hold nothing of the key.
func TestNewDecrypter(t *testing.T) {
	for _, h := range []struct{ in, want string }{{"", "sha1"}, {"SHA1", "sha1"}, {"sha-256", "sha256"}, {"SHA512", "sha512"}} {
		d, err := NewDecrypter(Options{DecryptionHash: h.in})
		if err != nil || d.Hash() != h.want || d.HasKey() {
			t.Errorf("hash %q: %v %v", h.in, d, err)
		}
	}
	if _, err := NewDecrypter(Options{DecryptionHash: "md5"}); !errors.Is(err, ErrBadKey) {
		t.Errorf("md5: %v", err)
	}
	for _, pkcs8 := range []bool{true, false} {
		d, err := NewDecrypter(Options{DecryptionKey: keyPEM(t, pkcs8)})
		if err != nil || !d.HasKey() || d.KeyBits() != 2048 {
			t.Errorf("pkcs8=%v: %v", pkcs8, err)
		}
	}
	escaped := strings.ReplaceAll(strings.TrimSpace(keyPEM(t, true)), "\n", `\n`)
	if d, err := NewDecrypter(Options{DecryptionKey: escaped}); err != nil || !d.HasKey() {
		t.Errorf("a PEM with \\n written out: %v", err)
	}
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	body := base64.StdEncoding.EncodeToString([]byte("garbage"))
	for name, k := range map[string]string{
		"not PEM":       "hello",
		"EC key":        string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER})),
		"encrypted":     "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + body + "\n-----END ENCRYPTED PRIVATE KEY-----\n",
		"proc-type":     "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n" + body + "\n-----END RSA PRIVATE KEY-----\n",
		"garbage block": "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n",
	} {
		_, err := NewDecrypter(Options{DecryptionKey: k, KeySetting: "decryption_private_key"})
		if !errors.Is(err, ErrBadKey) || !strings.Contains(err.Error(), "decryption_private_key") || strings.Contains(err.Error(), body) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// What looks like ciphertext: base64 of exactly 256, 384 or 512 bytes.
func TestLooksEncrypted(t *testing.T) {
	b64 := func(n int) string { return base64.StdEncoding.EncodeToString(make([]byte, n)) }
	for n, want := range map[int]bool{255: false, 256: true, 257: false, 384: true, 512: true, 1024: false, 0: false} {
		if bits, ok := LooksEncrypted(b64(n)); ok != want || ok && bits != n*8 {
			t.Errorf("%d bytes: %d %v", n, bits, ok)
		}
	}
	wrapped := b64(256)
	wrapped = wrapped[:64] + "\r\n" + wrapped[64:128] + "\n" + wrapped[128:]
	if _, ok := LooksEncrypted(wrapped); !ok {
		t.Error("base64 with line breaks")
	}
	for _, v := range []string{strings.Repeat("a", 344), base64.RawStdEncoding.EncodeToString(make([]byte, 256)), base64.URLEncoding.EncodeToString(make([]byte, 255)) + "_"} {
		if _, ok := LooksEncrypted(v); ok {
			t.Errorf("%.20q… looks encrypted", v)
		}
	}
}

// Reveal with and without a key, SHA-1, SHA-256 and SHA-512, a block of another key size, the
// placeholder, and a nil Decrypter (no key).
func TestReveal(t *testing.T) {
	k := testKey()
	pemKey := keyPEM(t, true)
	for _, h := range []string{"sha1", "sha256", "sha512"} {
		d, err := NewDecrypter(Options{DecryptionKey: pemKey, DecryptionHash: h})
		if err != nil {
			t.Fatal(err)
		}
		ct, err := rsa.EncryptOAEP(d.newHash(), rand.Reader, &k.PublicKey, []byte("pa55"), nil)
		if err != nil {
			t.Fatal(err)
		}
		v := base64.StdEncoding.EncodeToString(ct)
		if got, err := d.Reveal("o", "k", v); err != nil || got != "pa55" {
			t.Errorf("%s: %q %v", h, got, err)
		}
		if got, err := d.Reveal("o", "k", "plain"); err != nil || got != "plain" {
			t.Errorf("%s: plain %q %v", h, got, err)
		}
	}
	ct256, _ := rsa.EncryptOAEP(sha256.New(), rand.Reader, &k.PublicKey, []byte("x"), nil)
	sha1Dec, _ := NewDecrypter(Options{DecryptionKey: pemKey, KeySetting: "decryption_private_key"})
	_, err := sha1Dec.Reveal(`DSM secret "a"`, "K", base64.StdEncoding.EncodeToString(ct256))
	var ve *ValueError
	if !errors.Is(err, ErrDecrypt) || !errors.As(err, &ve) || ve.Bits != 2048 || !strings.Contains(err.Error(), "sha1") || !strings.Contains(err.Error(), `DSM secret "a", key "K"`) {
		t.Errorf("wrong hash: %v", err)
	}
	_, err = sha1Dec.Reveal("o", "K", base64.StdEncoding.EncodeToString(make([]byte, 512)))
	if !errors.Is(err, ErrDecrypt) || !strings.Contains(err.Error(), "4096-bit") || !strings.Contains(err.Error(), "2048-bit") {
		t.Errorf("a block of another key size: %v", err)
	}
	for _, d := range []*Decrypter{nil, {}, sha1Dec} {
		if _, err := d.Reveal("o", "K", EncryptionPlaceholder); !errors.Is(err, ErrEncryptionFailed) {
			t.Errorf("placeholder: %v", err)
		}
	}
	var none *Decrypter
	ct512, _ := rsa.EncryptOAEP(sha512.New(), rand.Reader, &k.PublicKey, []byte("x"), nil)
	_, err = none.Reveal("PAM Core credential 12", "password", base64.StdEncoding.EncodeToString(ct512))
	if !errors.Is(err, ErrEncrypted) || !strings.Contains(err.Error(), `PAM Core credential 12, key "password"`) || !strings.Contains(err.Error(), "a decryption key") {
		t.Errorf("no key: %v", err)
	}
	if got, err := none.Reveal("o", "k", "dmFsdWU="); err != nil || got != "dmFsdWU=" {
		t.Errorf("short base64 is a value: %q %v", got, err)
	}
	if none.Hash() != "sha1" || none.KeyBits() != 0 || none.HasKey() {
		t.Error("a nil Decrypter")
	}
}
