package dsm_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// newClient is the creator's client on the fake at srv.
func newClient(t *testing.T, url string, opts dsm.Options) *dsm.Client {
	t.Helper()
	c, err := dsm.New(senhasegura.Config{BaseURL: url, ClientID: creatorID, ClientSecret: creatorSecret,
		RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 20 * time.Millisecond}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// rsaKey is one 2048-bit key for the whole test binary.
var rsaKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func pkcs8PEM(t *testing.T, k *rsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

func pkcs1PEM(k *rsa.PrivateKey) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
}

const dbIdentity = "team/app/db" // identities contain "/" (reference/dsm-api.md §4.1)

func dbSecret() dsm.Secret {
	return dsm.Secret{Identity: dbIdentity, Description: "database of app", Values: map[string]string{"DB_USER": "app", "DB_PASS": "s3cret"}}
}

// noIdentityInPaths fails when a request path carried an identity (quirk D11).
func noIdentityInPaths(t *testing.T, f *fake) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.paths {
		if strings.Contains(p, "team") || strings.Contains(strings.ToLower(p), "%2f") {
			t.Errorf("a request path holds an identity: %s", p)
		}
	}
}

// Put sends the whole document as JSON, data as the base64 of the key_value document, name =
// identity and engine Generic by default, never renew_*; the secret is read back from the list
// and its values come back merged; the list shows it without values.
func TestPutFindList(t *testing.T) {
	f, srv := newFake(t)
	c := newClient(t, srv.URL, dsm.Options{})
	res, err := c.Secrets.Put(ctx(t), dbSecret())
	if err != nil {
		t.Fatal(err)
	}
	body := f.lastBody("POST /iso/sctm/secret")
	want := map[string]any{"identity": dbIdentity, "name": dbIdentity, "description": "database of app", "engine": "Generic",
		"expiration_date": "", "data": body["data"]}
	if !reflect.DeepEqual(body, want) {
		t.Fatalf("POST body %v\nwant %v", body, want)
	}
	raw, _ := base64.StdEncoding.DecodeString(body["data"].(string))
	if string(raw) != `{"key_value":{"fields":{"DB_PASS":"s3cret","DB_USER":"app"}}}` {
		t.Fatalf("data document %s", raw)
	}
	if res.Status != http.StatusCreated || res.Message != "Secret created successfully." || !res.Converged() {
		t.Fatalf("put result %+v", res)
	}
	st := res.Secret
	if st.Identity != dbIdentity || st.Name != dbIdentity || st.Engine != "Generic" || st.Version != "1" || st.ID == "" ||
		!reflect.DeepEqual(st.Values, dbSecret().Values) || !reflect.DeepEqual(st.Keys, []string{"DB_PASS", "DB_USER"}) {
		t.Fatalf("read back %+v", st)
	}
	got, err := c.Secrets.Find(ctx(t), dbIdentity)
	if err != nil || !reflect.DeepEqual(got.Values, dbSecret().Values) || got.Description != "database of app" {
		t.Fatalf("find %+v, %v", got, err)
	}
	list, err := c.Secrets.List(ctx(t))
	if err != nil || len(list) != 1 || list[0].Identity != dbIdentity || list[0].Version != "1" {
		t.Fatalf("list %+v, %v", list, err)
	}
	if _, err := c.Secrets.Find(ctx(t), "team/app"); !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("find of a prefix of an identity: %v", err)
	}
	if used, known := c.Secrets.Fallback(); used || !known {
		t.Fatalf("fallback %v %v", used, known)
	}
	noIdentityInPaths(t, f)
}

// Listed is one list for every Find, made again after a write of the client.
func TestListedSharedAndRefetchedAfterWrite(t *testing.T) {
	f, srv := newFake(t)
	c := newClient(t, srv.URL, dsm.Options{})
	f.seed(creatorID, fakeSecret{identity: "a", name: "a", engine: "Generic", fields: map[string]string{"K": "1"}})
	for range 3 {
		if _, err := c.Secrets.Find(ctx(t), "a"); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.count("GET /iso/sctm/secret"); n != 1 {
		t.Fatalf("%d lists for three finds, want 1", n)
	}
	if _, err := c.Secrets.Listed(ctx(t)); err != nil || f.count("GET /iso/sctm/secret") != 1 {
		t.Fatalf("listed: %v, %d lists", err, f.count("GET /iso/sctm/secret"))
	}
	if _, err := c.Secrets.Put(ctx(t), dsm.Secret{Identity: "b", Values: map[string]string{"K": "2"}}); err != nil {
		t.Fatal(err)
	}
	lists := f.count("GET /iso/sctm/secret")
	if got, err := c.Secrets.Find(ctx(t), "b"); err != nil || got.Values["K"] != "2" {
		t.Fatalf("find after the write: %+v, %v", got, err)
	}
	if f.count("GET /iso/sctm/secret") != lists+1 {
		t.Fatalf("the shared list was not made again after the write")
	}
}

// Replace semantics: an update that drops a key converges. Merge semantics: the dropped key is
// named in Kept, never silently kept.
func TestUpdateSemantics(t *testing.T) {
	for _, merge := range []bool{false, true} {
		f, srv := newFake(t)
		f.merge = merge
		c := newClient(t, srv.URL, dsm.Options{})
		if _, err := c.Secrets.Put(ctx(t), dbSecret()); err != nil {
			t.Fatal(err)
		}
		upd := dbSecret()
		upd.Values = map[string]string{"DB_USER": "app2", "NEW": "n"}
		upd.Engine, upd.Name = "Kubernetes", "db of app"
		res, err := c.Secrets.Put(ctx(t), upd)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != http.StatusOK || res.Secret.Version != "2" || res.Secret.Engine != "Kubernetes" || res.Secret.Name != "db of app" {
			t.Fatalf("merge=%v: update %+v", merge, res)
		}
		if merge {
			if res.Converged() || !reflect.DeepEqual(res.Kept, []string{"DB_PASS"}) || res.Differs != nil {
				t.Fatalf("merge: kept %v differs %v", res.Kept, res.Differs)
			}
			continue
		}
		if !res.Converged() || !reflect.DeepEqual(res.Secret.Values, upd.Values) {
			t.Fatalf("replace: %+v kept %v differs %v", res.Secret, res.Kept, res.Differs)
		}
	}
}

// Where GET /iso/sctm/secret is absent (404), lists come from GET /iso/dapp/application, and the
// client never asks the absent route again; the fallback may show the application's other
// authorizations' secrets.
func TestListFallback(t *testing.T) {
	f, srv := newFake(t)
	f.noSecretRoute = true
	c := newClient(t, srv.URL, dsm.Options{})
	res, err := c.Secrets.Put(ctx(t), dbSecret())
	if err != nil || !res.Converged() {
		t.Fatalf("put through the fallback: %+v, %v", res, err)
	}
	if used, known := c.Secrets.Fallback(); !used || !known {
		t.Fatalf("fallback %v %v", used, known)
	}
	f.addAuth("other-id", "other-secret", creatorApp)
	f.seed("other-id", fakeSecret{identity: "other/secret", engine: "Generic", fields: map[string]string{"X": "1"}})
	list, err := c.Secrets.List(ctx(t))
	if err != nil || len(list) != 1 {
		t.Fatalf("list (own secrets only): %+v, %v", list, err)
	}
	f.appShowsAll = true
	list, err = c.Secrets.List(ctx(t))
	if err != nil || len(list) != 2 || list[1].Identity != "other/secret" {
		t.Fatalf("list (the whole application's): %+v, %v", list, err)
	}
	if got, err := c.Secrets.Find(ctx(t), dbIdentity); err != nil || got.Values["DB_PASS"] != "s3cret" {
		t.Fatalf("find through the fallback: %+v, %v", got, err)
	}
	if n := f.count("GET /iso/sctm/secret"); n != 1 {
		t.Fatalf("the absent route was asked %d times, want once", n)
	}
	// Another authorization of the same instance knows it too.
	reg, err := c.Applications.Register(ctx(t), dsm.Application{Name: "shop", System: "k8s", Environment: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	minted, err := c.As(reg.ClientID, reg.ClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := minted.Secrets.List(ctx(t)); err != nil || f.count("GET /iso/sctm/secret") != 1 {
		t.Fatalf("minted list: %v, %d", err, f.count("GET /iso/sctm/secret"))
	}
	noIdentityInPaths(t, f)
}

// The fallback's 404 is an error (no route), never "not found": a list that fails must not
// make secrets look gone.
func TestListErrorsAreNotNotFound(t *testing.T) {
	f, srv := newFake(t)
	f.noSecretRoute = true
	f.failNext("GET /iso/dapp/application", 1, http.StatusNotFound, `{"code":404,"response":{"status":404,"message":"Resource sub not found","error":true,"error_code":4}}`)
	c := newClient(t, srv.URL, dsm.Options{})
	_, err := c.Secrets.Find(ctx(t), dbIdentity)
	if err == nil || errors.Is(err, senhasegura.ErrNotFound) || !errors.Is(err, senhasegura.ErrNoRoute) {
		t.Fatalf("find while the application route fails: %v", err)
	}
}

// The read shape (quirk D9): data as one object; credential and access key maps with null
// values merged with the key/value pairs, last wins.
func TestReadShapes(t *testing.T) {
	f, srv := newFake(t)
	f.dataAsObject = true
	c := newClient(t, srv.URL, dsm.Options{})
	f.seed(creatorID, fakeSecret{identity: "single", engine: "Generic", fields: map[string]string{"A": "1"}})
	f.seed(creatorID, fakeSecret{identity: "mixed", engine: "Kubernetes", fields: map[string]string{"my_key": "kv", "username": "kv-wins"},
		extra: []map[string]any{
			{"hostname": "app_host", "username": "ADMIN_USR", "password": "ADMIN_PW"},
			{"access_key_id": "LKU5", "secret_access_key": "sack", "TTL": nil},
		}})
	got, err := c.Secrets.Find(ctx(t), "single")
	if err != nil || !reflect.DeepEqual(got.Values, map[string]string{"A": "1"}) || len(got.Maps) != 1 {
		t.Fatalf("single object: %+v, %v", got, err)
	}
	got, err = c.Secrets.Find(ctx(t), "mixed")
	want := map[string]string{"hostname": "app_host", "username": "kv-wins", "password": "ADMIN_PW", "access_key_id": "LKU5",
		"secret_access_key": "sack", "my_key": "kv"}
	if err != nil || !reflect.DeepEqual(got.Values, want) || len(got.Maps) != 3 || got.Maps[1]["TTL"] != nil {
		t.Fatalf("mixed: %+v, %v", got, err)
	}
	if _, ok := got.Maps[1]["TTL"]; !ok || contains(got.Keys, "TTL") {
		t.Fatalf("a null value: kept in Maps, not a key: %v %v", got.Maps[1], got.Keys)
	}
	// Expire cannot send it again unchanged.
	if _, err := c.Secrets.Expire(ctx(t), "mixed", time.Now()); !errors.Is(err, dsm.ErrNotKeyValue) {
		t.Fatalf("expire of a secret with credentials: %v", err)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Expiration dates go as "YYYY-MM-DD HH:MM:SS" in UTC and come back as the same instant; Expire
// resends the document with the date; an expired secret that leaves the list is no error.
func TestExpiration(t *testing.T) {
	f, srv := newFake(t)
	c := newClient(t, srv.URL, dsm.Options{})
	sec := dbSecret()
	sec.Expiration = time.Date(2031, 3, 4, 1, 30, 15, 999, time.FixedZone("BRT", -3*3600))
	res, err := c.Secrets.Put(ctx(t), sec)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.lastBody("POST /iso/sctm/secret")["expiration_date"]; got != "2031-03-04 04:30:15" {
		t.Fatalf("expiration_date sent %v", got)
	}
	if !res.Secret.Expiration.Equal(sec.Expiration.Truncate(time.Second)) || res.Secret.ExpirationRaw != "2031-03-04 04:30:15" {
		t.Fatalf("expiration read back %v (%q)", res.Secret.Expiration, res.Secret.ExpirationRaw)
	}
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	res, err = c.Secrets.Expire(ctx(t), dbIdentity, at)
	if err != nil || !res.Secret.Expiration.Equal(at) || !reflect.DeepEqual(res.Secret.Values, dbSecret().Values) {
		t.Fatalf("expire: %+v, %v", res, err)
	}
	body := f.lastBody("POST /iso/sctm/secret")
	if body["expiration_date"] != "2030-01-02 03:04:05" || body["description"] != "database of app" || body["name"] != dbIdentity {
		t.Fatalf("expire sent %v", body)
	}
	f.hideExpired = true
	res, err = c.Secrets.Expire(ctx(t), dbIdentity, time.Now().Add(-time.Minute))
	if err != nil || res.Secret != nil {
		t.Fatalf("expire now, the secret leaves the list: %+v, %v", res, err)
	}
	if s := f.secret(dbIdentity); s == nil || !s.hasExpiry {
		t.Fatalf("the fake holds %+v", s)
	}
	if _, err := c.Secrets.Find(ctx(t), dbIdentity); !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("find of the expired secret: %v", err)
	}
	if _, err := c.Secrets.Expire(ctx(t), dbIdentity, time.Time{}); !errors.Is(err, senhasegura.ErrBadInput) {
		t.Fatalf("expire at the zero time: %v", err)
	}
}

// Encryption: an authorization that encrypts with SHA-1 or SHA-256 is read with its key
// (PKCS#8 or PKCS#1); without a key its values are refused, naming the secret and the key and
// never the value; a wrong hash is ErrDecrypt; the placeholder is ErrEncryptionFailed; lists
// never decrypt.
func TestEncryptedValues(t *testing.T) {
	key := rsaKey()
	for _, tc := range []struct {
		hash    crypto.Hash
		name    string
		keyPEM  string
		wrongHs string
	}{
		{crypto.SHA1, "", pkcs8PEM(t, key), "sha256"},
		{crypto.SHA256, "sha256", pkcs1PEM(key), "sha1"},
	} {
		f, srv := newFake(t)
		f.encrypting(creatorID, &key.PublicKey, tc.hash)
		c := newClient(t, srv.URL, dsm.Options{DecryptionKey: tc.keyPEM, DecryptionHash: tc.name})
		res, err := c.Secrets.Put(ctx(t), dbSecret())
		if err != nil || !res.Converged() || res.Secret.Values["DB_PASS"] != "s3cret" {
			t.Fatalf("%v: put with a key: %+v, %v", tc.hash, res, err)
		}
		// The wire really carried ciphertext.
		f.mu.Lock()
		item := f.item(f.auths[creatorID], f.secrets[0])
		f.mu.Unlock()
		ct := item["data"].([]any)[0].(map[string]any)["DB_PASS"].(string)
		if bits, ok := dsm.LooksEncrypted(ct); !ok || bits != 2048 {
			t.Fatalf("%v: the fake sent %d bits", tc.hash, bits)
		}

		noKey := newClient(t, srv.URL, dsm.Options{KeySetting: "decryption_private_key"})
		if l, err := noKey.Secrets.List(ctx(t)); err != nil || len(l) != 1 || !reflect.DeepEqual(l[0].Keys, []string{"DB_PASS", "DB_USER"}) {
			t.Fatalf("%v: a list without a key: %+v, %v", tc.hash, l, err)
		}
		_, err = noKey.Secrets.Find(ctx(t), dbIdentity)
		var ve *dsm.ValueError
		if !errors.Is(err, dsm.ErrEncrypted) || !errors.As(err, &ve) || ve.Object != `DSM secret "team/app/db"` ||
			!strings.Contains(err.Error(), `key "DB_PASS"`) || !strings.Contains(err.Error(), "decryption_private_key") ||
			strings.Contains(err.Error(), ct[:40]) || strings.Contains(err.Error(), "s3cret") {
			t.Fatalf("%v: find without a key: %v", tc.hash, err)
		}
		res, err = noKey.Secrets.Put(ctx(t), dbSecret())
		if !errors.Is(err, dsm.ErrEncrypted) || res == nil || res.Secret == nil || res.Secret.Values != nil || res.Secret.Identity != dbIdentity {
			t.Fatalf("%v: put without a key: %+v, %v", tc.hash, res, err)
		}

		wrong := newClient(t, srv.URL, dsm.Options{DecryptionKey: tc.keyPEM, DecryptionHash: tc.wrongHs})
		if _, err := wrong.Secrets.Find(ctx(t), dbIdentity); !errors.Is(err, dsm.ErrDecrypt) || !strings.Contains(err.Error(), tc.wrongHs) {
			t.Fatalf("%v: find with the wrong hash: %v", tc.hash, err)
		}
	}

	// A value too long for one block: the placeholder.
	f, srv := newFake(t)
	f.encrypting(creatorID, &key.PublicKey, crypto.SHA1)
	c := newClient(t, srv.URL, dsm.Options{DecryptionKey: pkcs8PEM(t, key)})
	long := strings.Repeat("k", 215) // SHA-1 fits 214 bytes in a 2048-bit block
	_, err := c.Secrets.Put(ctx(t), dsm.Secret{Identity: "long", Values: map[string]string{"PEM": long, "OK": "fine"}})
	if !errors.Is(err, dsm.ErrEncryptionFailed) || !strings.Contains(err.Error(), `DSM secret "long", key "PEM"`) || strings.Contains(err.Error(), long) {
		t.Fatalf("placeholder: %v", err)
	}
	// An unusable key fails New, and every value read of a client On made.
	if _, err := dsm.New(senhasegura.Config{BaseURL: srv.URL, ClientID: creatorID, ClientSecret: creatorSecret},
		dsm.Options{DecryptionKey: "not a key"}); !errors.Is(err, dsm.ErrBadKey) {
		t.Fatalf("New with a bad key: %v", err)
	}
	core, _ := senhasegura.New(senhasegura.Config{BaseURL: srv.URL, ClientID: creatorID, ClientSecret: creatorSecret})
	bad := dsm.On(core, dsm.Options{DecryptionKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"})
	if !errors.Is(bad.Err(), dsm.ErrBadKey) || bad.Decrypter() != nil {
		t.Fatalf("On with a bad key: %v", bad.Err())
	}
	if _, err := bad.Secrets.Find(ctx(t), "long"); !errors.Is(err, dsm.ErrBadKey) {
		t.Fatalf("find with a bad key: %v", err)
	}
	if l, err := bad.Secrets.List(ctx(t)); err != nil || len(l) != 1 {
		t.Fatalf("list with a bad key: %v", err)
	}
}

// Register mints an authorization's credentials and says what it did; As acts as it (cached);
// Current reads its application; DeactivateAuthorization deactivates it, and again answers
// "already gone" (ErrInactive, or ErrNotFound for a 404).
func TestApplications(t *testing.T) {
	f, srv := newFake(t)
	c := newClient(t, srv.URL, dsm.Options{})
	desc := "shop backend"
	app := dsm.Application{Name: "shop", System: "k8s", Environment: "prod", Description: &desc, Tags: []string{"eso", "ci"}}
	reg, err := c.Applications.Register(ctx(t), app)
	if err != nil {
		t.Fatal(err)
	}
	if reg.ClientID == "" || reg.ClientSecret == "" || reg.ApplicationOutcome != "created" || reg.AuthorizationOutcome != "created" ||
		reg.ApplicationID == "" || reg.AuthorizationID == "" {
		t.Fatalf("register %+v", reg)
	}
	if body := f.lastBody("POST /iso/dapp/application"); !reflect.DeepEqual(body, map[string]any{"application": "shop", "system": "k8s",
		"environment": "prod", "description": "shop backend", "tags": []any{"eso", "ci"}}) {
		t.Fatalf("register body %v", body)
	}
	again, err := c.Applications.Register(ctx(t), dsm.Application{Name: "shop", System: "k8s", Environment: "prod"})
	if err != nil || again.ClientID != reg.ClientID || again.ClientSecret != reg.ClientSecret || again.ApplicationOutcome != "updated" ||
		again.AuthorizationOutcome != "found" || again.AuthorizationID != reg.AuthorizationID {
		t.Fatalf("register again %+v, %v", again, err)
	}
	if body := f.lastBody("POST /iso/dapp/application"); len(body) != 3 {
		t.Fatalf("description and tags left out when unset: %v", body)
	}
	minted, err := c.As(reg.ClientID, reg.ClientSecret)
	if err != nil || minted.ClientID() != reg.ClientID {
		t.Fatal(err)
	}
	if same, _ := c.As(reg.ClientID, reg.ClientSecret); same != minted {
		t.Fatal("As made a second client for the same credentials")
	}
	if same, _ := minted.As(reg.ClientID, reg.ClientSecret); same != minted {
		t.Fatal("As of a minted client made a second client for the same credentials")
	}
	info, err := minted.Applications.Current(ctx(t))
	if err != nil || !reflect.DeepEqual(*info, dsm.ApplicationInfo{Name: "shop", Description: "shop backend", Tags: []string{"eso", "ci"},
		System: "k8s", Environment: "prod"}) {
		t.Fatalf("current %+v, %v", info, err)
	}
	own, err := c.Applications.Current(ctx(t))
	if err != nil || own.Name != creatorApp || own.Description != "" || len(own.Tags) != 0 || own.System != "ci" {
		t.Fatalf("the creator's application %+v, %v", own, err)
	}
	if err := minted.Applications.DeactivateAuthorization(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if f.auths[reg.ClientID].active || !f.auths[creatorID].active {
		t.Fatal("the delete deactivated the wrong authorization")
	}
	err = minted.Applications.DeactivateAuthorization(ctx(t))
	if !errors.Is(err, senhasegura.ErrInactive) || errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("second deactivation: %v", err)
	}
	if _, err := minted.Applications.Current(ctx(t)); !errors.Is(err, senhasegura.ErrInactive) {
		t.Fatalf("read as a deactivated authorization: %v", err)
	}
	if again, _ := c.As(reg.ClientID, reg.ClientSecret); again == minted {
		t.Fatal("the deactivated authorization's client stayed cached")
	}
	f.deleteGone404 = true
	err = c.Applications.DeactivateAuthorization(ctx(t))
	if !errors.Is(err, senhasegura.ErrNotFound) || errors.Is(err, senhasegura.ErrNoRoute) && !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("deactivation answered 404: %v", err)
	}
	var e *senhasegura.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusNotFound || e.API != "DSM" {
		t.Fatalf("the core's error behind it: %#v", e)
	}
}

// A caller without "Enable creation of DSM applications" is refused: ErrNoAccess. Wrong
// credentials: ErrUnauthorized. Register refuses a missing key before any call.
func TestApplicationErrors(t *testing.T) {
	f, srv := newFake(t)
	f.addAuth("plain-id", "plain-secret", "plain")
	c := newClient(t, srv.URL, dsm.Options{})
	plain, err := c.As("plain-id", "plain-secret")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.Applications.Register(ctx(t), dsm.Application{Name: "x", System: "s", Environment: "e"}); !errors.Is(err, senhasegura.ErrNoAccess) ||
		errors.Is(err, senhasegura.ErrBadInput) {
		t.Fatalf("register without permission: %v", err)
	}
	bad, _ := c.As("plain-id", "wrong")
	if _, err := bad.Applications.Current(ctx(t)); !errors.Is(err, senhasegura.ErrUnauthorized) || errors.Is(err, senhasegura.ErrInactive) {
		t.Fatalf("wrong secret: %v", err)
	}
	if err := bad.Authenticate(ctx(t)); !errors.Is(err, senhasegura.ErrUnauthorized) {
		t.Fatalf("authenticate with a wrong secret: %v", err)
	}
	before := f.count("POST /iso/dapp/application")
	if _, err := c.Applications.Register(ctx(t), dsm.Application{Name: "x", System: "s"}); !errors.Is(err, senhasegura.ErrBadInput) {
		t.Fatalf("register without environment: %v", err)
	}
	if f.count("POST /iso/dapp/application") != before {
		t.Fatal("a refused registration was sent")
	}
	if _, err := c.As("", "x"); err == nil {
		t.Fatal("As without a client ID")
	}
	// An answer without credentials is an invalid answer.
	f.failNext("POST /iso/dapp/application", 1, http.StatusOK, `{"response":{"status":200,"message":"ok","error":false}}`)
	if _, err := c.Applications.Register(ctx(t), dsm.Application{Name: "x", System: "s", Environment: "e"}); !errors.Is(err, senhasegura.ErrInvalidResponse) {
		t.Fatalf("register answered without id: %v", err)
	}
}

// Secret errors: a 400 exception is ErrBadInput; a refused secret is not sent; a 5xx is retried
// (the upsert is idempotent); a written secret the list does not show is ErrNotReadBack; a value
// sent never shows in an error.
func TestSecretErrors(t *testing.T) {
	f, srv := newFake(t)
	c := newClient(t, srv.URL, dsm.Options{})
	f.failNext("POST /iso/sctm/secret", 1, http.StatusBadRequest, `{"code":400,"response":{"status":400,"message":"1099: Invalid engine s3cret","error":true},"exception":{"code":1099,"message":"1099: Invalid engine s3cret"}}`)
	_, err := c.Secrets.Put(ctx(t), dbSecret())
	var e *senhasegura.Error
	if !errors.Is(err, senhasegura.ErrBadInput) || !errors.As(err, &e) || e.Code != 1099 || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("a 400: %v", err)
	}
	for _, bad := range []dsm.Secret{{}, {Identity: " "}, {Identity: "a\nb"}, {Identity: "a", Values: map[string]string{"": "v"}}} {
		if _, err := c.Secrets.Put(ctx(t), bad); !errors.Is(err, senhasegura.ErrBadInput) {
			t.Fatalf("put %+v: %v", bad, err)
		}
	}
	if _, err := c.Secrets.Find(ctx(t), ""); !errors.Is(err, senhasegura.ErrBadInput) {
		t.Fatalf("find of no identity: %v", err)
	}
	if n := f.count("POST /iso/sctm/secret"); n != 1 {
		t.Fatalf("%d POSTs, want the one refused by the server", n)
	}
	f.failNext("POST /iso/sctm/secret", 2, http.StatusBadGateway, `{"message":"An invalid response was received from the upstream server"}`)
	if res, err := c.Secrets.Put(ctx(t), dbSecret()); err != nil || !res.Converged() {
		t.Fatalf("put after two 502: %+v, %v", res, err)
	}
	if n := f.count("POST /iso/sctm/secret"); n != 4 {
		t.Fatalf("%d POSTs, want 4", n)
	}
	if s := f.secret(dbIdentity); s.version != 1 {
		t.Fatalf("the retried upsert stored version %d", s.version)
	}
	// The list does not show what was written (another authorization's view, say).
	f.failNext("GET /iso/sctm/secret", 1, http.StatusOK, `{"code":200,"response":{"status":200,"message":"ok","error":false},"secrets":[]}`)
	res, err := c.Secrets.Put(ctx(t), dbSecret())
	if !errors.Is(err, dsm.ErrNotReadBack) || res == nil || res.Status != http.StatusOK || res.Secret != nil {
		t.Fatalf("not read back: %+v, %v", res, err)
	}
	// The POST's answer omitting the secret changes nothing: the list is the truth.
	f.omitSecret = true
	if res, err := c.Secrets.Put(ctx(t), dbSecret()); err != nil || !res.Converged() {
		t.Fatalf("answer without the secret: %+v, %v", res, err)
	}
	// Two secrets with one identity in a list.
	f.seed(creatorID, fakeSecret{identity: dbIdentity, fields: map[string]string{"A": "1"}})
	c2 := newClient(t, srv.URL, dsm.Options{})
	if _, err := c2.Secrets.Find(ctx(t), dbIdentity); !errors.Is(err, senhasegura.ErrAmbiguous) {
		t.Fatalf("two secrets with one identity: %v", err)
	}
	// A list that is no list.
	f.failNext("GET /iso/sctm/secret", 1, http.StatusOK, `{"code":200}`)
	if _, err := c2.Secrets.List(ctx(t)); !errors.Is(err, senhasegura.ErrInvalidResponse) {
		t.Fatalf("a list without its key or response: %v", err)
	}
	// One secret whose data is unreadable fails its own read, not the list.
	f.failNext("GET /iso/sctm/secret", 2, http.StatusOK, `{"response":{"status":200},"secrets":[{"identity":"odd","data":42},{"identity":"fine","data":[{"K":"v"}]}]}`)
	c3 := newClient(t, srv.URL, dsm.Options{})
	if l, err := c3.Secrets.List(ctx(t)); err != nil || len(l) != 2 {
		t.Fatalf("a list with one odd secret: %+v, %v", l, err)
	}
	if _, err := c3.Secrets.Find(ctx(t), "odd"); !errors.Is(err, senhasegura.ErrInvalidResponse) {
		t.Fatalf("the odd secret: %v", err)
	}
	if got, err := c3.Secrets.Find(ctx(t), "fine"); err != nil || got.Values["K"] != "v" {
		t.Fatalf("the fine secret: %+v, %v", got, err)
	}
}

// The answers' JSON stays JSON: a lower-case path, a JSON content type (checked by the fake),
// and the fake's application answer spells Environment with a capital E (as the vendor's clients
// read it).
func TestWireDetails(t *testing.T) {
	f, srv := newFake(t)
	c := newClient(t, srv.URL, dsm.Options{})
	if _, err := c.Secrets.Put(ctx(t), dsm.Secret{Identity: "html", Values: map[string]string{"Q": "<a&b>"}}); err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(f.lastBody("POST /iso/sctm/secret")["data"].(string))
	var doc map[string]map[string]map[string]string
	if err := json.Unmarshal(raw, &doc); err != nil || doc["key_value"]["fields"]["Q"] != "<a&b>" || strings.Contains(string(raw), `\u003c`) {
		t.Fatalf("data %s", raw)
	}
	for _, p := range f.paths {
		if p != strings.ToLower(p) {
			t.Errorf("path %s is not lower case", p)
		}
	}
}
