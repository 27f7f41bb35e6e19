package pam_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

type env struct {
	mock   *senhaseguramock.Server
	srv    *httptest.Server
	client *pam.Client
}

func newEnv(t *testing.T, quirks senhaseguramock.PAMQuirks, prefix string, tweak ...func(*senhasegura.Config)) *env {
	t.Helper()
	m := senhaseguramock.New(senhaseguramock.Options{PAM: quirks})
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	cfg := senhasegura.Config{
		BaseURL: srv.URL, ClientID: senhaseguramock.DefaultClientID, ClientSecret: senhaseguramock.DefaultClientSecret,
		RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
	}
	for _, f := range tweak {
		f(&cfg)
	}
	c, err := pam.New(cfg, prefix)
	if err != nil {
		t.Fatal(err)
	}
	return &env{mock: m, srv: srv, client: c}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func dbDevice() pam.Device {
	return pam.Device{
		Hostname: "db01", IP: "10.0.0.5", Type: "Database", Vendor: "Oracle", Model: "MySQL 8", Site: "LAX",
		Tags: "prod,payments", Connectivities: "SSH:22,MySQL:3306", LoginExpression: "SSH:EXPECT:FILL",
	}
}

func dbAdmin() pam.Credential {
	auto := true
	return pam.Credential{
		Identifier: "db01-dbadmin", Username: "dbadmin", Hostname: "db01", IP: "10.0.0.5", Content: "S3cret-Pw!",
		CredentialType: "Local administrator", Tags: "prod,db", Additional: "on call",
		Settings: pam.CredentialSettings{AutomaticChange: &auto, ChangePlugin: "SSH", ChangeTemplate: "Linux - Change password", Criticality: "high", Owner: senhaseguramock.DefaultUser},
	}
}

// The device upsert: a create, then the same hostname again is an update of that device, told
// apart by the message; the answer echoes every field; GET and the list read it back.
func TestDeviceUpsertGetList(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	w, err := e.client.Devices.Upsert(ctx(t), dbDevice())
	if err != nil {
		t.Fatal(err)
	}
	want := dbDevice()
	want.ID = w.ID
	if w.Updated || w.ID == "" || !reflect.DeepEqual(w.Device, want) {
		t.Fatalf("create answered %+v, want %+v", w, want)
	}
	got, err := e.client.Devices.Get(ctx(t), w.ID)
	if err != nil || !reflect.DeepEqual(*got, want) {
		t.Fatalf("GET %+v, %v; want %+v", got, err, want)
	}
	changed := dbDevice()
	changed.IP, changed.Tags, changed.LoginExpression = "10.0.0.6", "", ""
	w2, err := e.client.Devices.Upsert(ctx(t), changed)
	if err != nil || !w2.Updated || w2.ID != w.ID {
		t.Fatalf("second upsert %+v, %v: want an update of device %s", w2, err, w.ID)
	}
	stored, _ := e.mock.PAMDevice(w.ID)
	if stored.IP != "10.0.0.6" || stored.Tags != "" || stored.LoginExpression != "" || stored.Connectivities != "SSH:22,MySQL:3306" {
		t.Fatalf("stored after update: %+v (\"\" must clear, every field is sent)", stored)
	}
	list, err := e.client.Devices.List(ctx(t))
	if err != nil || len(list) != 1 || list[0].ID != w.ID || list[0].Hostname != "db01" || list[0].Site != "LAX" {
		t.Fatalf("list %+v, %v", list, err)
	}
	if it, err := e.client.Devices.FindByHostname(ctx(t), "db01"); err != nil || it.ID != w.ID {
		t.Fatalf("find %+v, %v", it, err)
	}
	if _, err := e.client.Devices.FindByHostname(ctx(t), "nope"); !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("find of an unknown hostname: %v", err)
	}
	if e.mock.RequestCount("POST /pam/device") != 2 {
		t.Fatalf("%d POSTs", e.mock.RequestCount("POST /pam/device"))
	}
}

// Deactivating a device disables its credentials; GET of the device answers 1011 (not found);
// activating it does not bring the credentials back; activating an active device is an error.
func TestDeviceDeactivateActivate(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	w, _ := e.client.Devices.Upsert(ctx(t), dbDevice())
	cw, err := e.client.Credentials.Create(ctx(t), dbAdmin())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.client.Devices.Deactivate(ctx(t), w.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.Devices.Get(ctx(t), w.ID)
	if !errors.Is(err, senhasegura.ErrNotFound) || !errors.Is(err, pam.ErrDeviceNotFound) {
		t.Fatalf("GET of a deactivated device: %v", err)
	}
	if !strings.Contains(err.Error(), "1011") {
		t.Fatalf("the error should name the code: %v", err)
	}
	if c, _ := e.mock.PAMCredential(cw.ID); c.Active {
		t.Fatal("the credential stayed active with its device deactivated")
	}
	if _, err := e.client.Credentials.Find(ctx(t), cw.ID); !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("a disabled credential is not listed: %v", err)
	}
	if err := e.client.Devices.Activate(ctx(t), w.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Devices.Activate(ctx(t), w.ID); !errors.Is(err, pam.ErrAlreadyActive) {
		t.Fatalf("activating an active device: %v", err)
	}
	if c, _ := e.mock.PAMCredential(cw.ID); c.Active {
		t.Fatal("device activation brought the credential back")
	}
	if err := e.client.Credentials.Activate(ctx(t), cw.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Credentials.Activate(ctx(t), cw.ID); !errors.Is(err, pam.ErrAlreadyActive) {
		t.Fatalf("activating an active credential: %v", err)
	}
}

// A credential create sends the documented body: credential_type (never "type"), no device
// field, the password as content, execution_settings and additional_settings (one-element
// array); the answer's id and identifier come back.
func TestCredentialCreateBody(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	if _, err := e.client.Devices.Upsert(ctx(t), dbDevice()); err != nil {
		t.Fatal(err)
	}
	w, err := e.client.Credentials.Create(ctx(t), dbAdmin())
	if err != nil {
		t.Fatal(err)
	}
	if w.ID == "" || w.Identifier != "db01-dbadmin" || w.Updated {
		t.Fatalf("written %+v", w)
	}
	c, _ := e.mock.PAMCredential(w.ID)
	if c.Password != "S3cret-Pw!" || c.CredentialType != "Local administrator" || c.Tags != "prod,db" || c.Additional != "on call" || c.Username != "dbadmin" {
		t.Fatalf("stored %+v", c)
	}
	wantSettings := map[string]any{
		"execution_settings":  map[string]any{"automatic_change": true, "change_plugin": "SSH", "change_template": "Linux - Change password"},
		"additional_settings": []any{map[string]any{"criticality": "high", "user_credential_owner": senhaseguramock.DefaultUser}},
	}
	if !reflect.DeepEqual(c.Settings, wantSettings) {
		t.Fatalf("settings %#v, want %#v", c.Settings, wantSettings)
	}
	d, _ := e.mock.PAMDevice("1")
	if d.Type != "Database" || d.Vendor != "Oracle" {
		t.Fatalf("a credential call changed its device: %+v", d)
	}
	// Without an identifier, PAM Core generates one and the answer says which.
	anon := pam.Credential{Username: "app", Hostname: "db01", IP: "10.0.0.5"}
	w2, err := e.client.Credentials.Create(ctx(t), anon)
	if err != nil || w2.Identifier == "" || w2.ID == w.ID {
		t.Fatalf("create without identifier: %+v, %v", w2, err)
	}
	if c, _ := e.mock.PAMCredential(w2.ID); c.Password != "" || c.Settings["additional_settings"] != nil {
		t.Fatalf("nothing unset is sent: %+v", c)
	}
}

// A credential on a device PAM Core does not have fails with ErrDeviceNotFound, and the error
// names the code, not the password.
func TestCredentialCreateWithoutDevice(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	_, err := e.client.Credentials.Create(ctx(t), dbAdmin())
	if !errors.Is(err, pam.ErrDeviceNotFound) || !strings.Contains(err.Error(), "1011") {
		t.Fatalf("want 1011 device not found: %v", err)
	}
	if strings.Contains(err.Error(), "S3cret-Pw!") {
		t.Fatalf("the password is in the error: %v", err)
	}
	if e.mock.RequestCount("POST /pam/credential") != 1 {
		t.Fatal("an application error must not be retried")
	}
}

// A create whose answer is lost (a 502 after PAM Core stored it) is found by its identifier
// and adopted: one POST, one credential.
func TestCredentialCreateRecoversLostAnswer(t *testing.T) {
	for _, tc := range []struct {
		name string
		cred func() pam.Credential
	}{
		{"by identifier", dbAdmin},
		{"by device and username", func() pam.Credential { c := dbAdmin(); c.Identifier = ""; return c }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
			_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
			e.mock.FailNextOn("POST /pam/credential", 1, senhaseguramock.Fault{Status: 502, AfterHandling: true})
			w, err := e.client.Credentials.Create(ctx(t), tc.cred())
			if err != nil {
				t.Fatal(err)
			}
			all := e.mock.PAMCredentials()
			if len(all) != 1 || all[0].ID != w.ID || e.mock.RequestCount("POST /pam/credential") != 1 {
				t.Fatalf("%d credentials after %d POSTs; adopted %+v", len(all), e.mock.RequestCount("POST /pam/credential"), w)
			}
		})
	}
}

// An interrupt after the create was sent does not abandon it: the answer is awaited and the
// credential comes back, once.
func TestCredentialCreateInterrupted(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
	e.mock.SetLatency(200 * time.Millisecond)
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	go func() {
		for e.mock.RequestCount("POST /pam/credential") < 1 {
			time.Sleep(2 * time.Millisecond)
		}
		cancel()
	}()
	w, err := e.client.Credentials.Create(c, dbAdmin())
	if err != nil || w.ID == "" {
		t.Fatalf("a create sent before the interrupt must complete: %+v, %v", w, err)
	}
	if c.Err() == nil || len(e.mock.PAMCredentials()) != 1 || e.mock.RequestCount("POST /pam/credential") != 1 {
		t.Fatalf("ctx %v; %d credentials, %d POSTs", c.Err(), len(e.mock.PAMCredentials()), e.mock.RequestCount("POST /pam/credential"))
	}
}

// An update keeps the credential: the old identifier with a new username renames it; a new
// identifier with the old username re-keys it; settings sent replace the stored block.
func TestCredentialUpdate(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
	w, _ := e.client.Credentials.Create(ctx(t), dbAdmin())
	rename := dbAdmin()
	rename.Username, rename.Content = "dba", ""
	w2, err := e.client.Credentials.Update(ctx(t), w.ID, rename)
	if err != nil || w2.ID != w.ID || !w2.Updated {
		t.Fatalf("rename %+v, %v", w2, err)
	}
	rekey := dbAdmin()
	rekey.Identifier, rekey.Username, rekey.Content = "db01-dba", "dba", ""
	rekey.Settings.Criticality, rekey.Settings.Owner, rekey.Settings.ReplaceAdditional = "", "", true
	w3, err := e.client.Credentials.Update(ctx(t), w.ID, rekey)
	if err != nil || w3.ID != w.ID || w3.Identifier != "db01-dba" {
		t.Fatalf("re-key %+v, %v", w3, err)
	}
	c, _ := e.mock.PAMCredential(w.ID)
	if c.Username != "dba" || c.Identifier != "db01-dba" || c.Password != "S3cret-Pw!" || len(e.mock.PAMCredentials()) != 1 {
		t.Fatalf("stored %+v (of %d)", c, len(e.mock.PAMCredentials()))
	}
	if !reflect.DeepEqual(c.Settings["additional_settings"], []any{map[string]any{}}) {
		t.Fatalf("ReplaceAdditional sends an empty block: %#v", c.Settings["additional_settings"])
	}
}

// The reads a refresh makes (list, Find, v2 Details) and device reads take no custody and view
// no password; Finds within a refresh share one list, and a write drops it.
func TestReadsTakeNoCustody(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	dw, _ := e.client.Devices.Upsert(ctx(t), dbDevice())
	w, _ := e.client.Credentials.Create(ctx(t), dbAdmin())
	lists := e.mock.RequestCount("GET /pam/credential")
	for range 3 {
		it, err := e.client.Credentials.Find(ctx(t), w.ID)
		if err != nil || it.Identifier != "db01-dbadmin" || it.Username != "dbadmin" || it.IP != "10.0.0.5" || it.Type != "Local administrator" || !it.AutomaticChange {
			t.Fatalf("find %+v, %v", it, err)
		}
	}
	if n := e.mock.RequestCount("GET /pam/credential") - lists; n != 1 {
		t.Fatalf("three Finds made %d lists, want 1", n)
	}
	d, err := e.client.Credentials.Details(ctx(t), w.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := pam.CredentialDetails{
		ID: w.ID, Identifier: "db01-dbadmin", Username: "dbadmin", Type: "Local administrator", Active: true,
		Tags: []string{"prod", "db"}, Additional: "on call", Criticality: "high", Owner: senhaseguramock.DefaultUser,
		AutomaticChange: true, DeviceID: dw.ID, Hostname: "db01", IP: "10.0.0.5",
	}
	if !reflect.DeepEqual(*d, want) {
		t.Fatalf("details %+v\nwant    %+v", *d, want)
	}
	if present, known := e.client.Credentials.HasV2(); !present || !known {
		t.Fatal("v2 not recorded as present")
	}
	_, _ = e.client.Devices.Get(ctx(t), dw.ID)
	_, _ = e.client.Devices.List(ctx(t))
	if _, err := e.client.Credentials.FindByIdentifier(ctx(t), "db01-dbadmin"); err != nil {
		t.Fatal(err)
	}
	if e.mock.CustodyGrants() != 0 || e.mock.PasswordViews() != 0 || e.mock.RequestCount("GET /pam/credential/{id}") != 0 {
		t.Fatalf("reads took custody %d times, viewed %d passwords", e.mock.CustodyGrants(), e.mock.PasswordViews())
	}
	_ = e.client.Credentials.Deactivate(ctx(t), w.ID)
	if _, err := e.client.Credentials.Find(ctx(t), w.ID); !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("after a deactivation, a Find must not answer from the list before it: %v", err)
	}
}

// Read is a refresh's one call: the list entry and the v2 read, no custody, no password view;
// without v2 the list entry alone; a credential deactivated (listed or not) or gone matches
// ErrNotFound.
func TestCredentialRead(t *testing.T) {
	for _, q := range []senhaseguramock.PAMQuirks{{}, {NoV2: true}, {ListInactive: true}} {
		e := newEnv(t, q, "")
		_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
		w, err := e.client.Credentials.Create(ctx(t), dbAdmin())
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.client.Credentials.Read(ctx(t), w.ID)
		if err != nil || r.Listed == nil || r.Listed.ID != w.ID || r.Listed.Identifier != "db01-dbadmin" {
			t.Fatalf("%+v: read %+v, %v", q, r, err)
		}
		if q.NoV2 != (r.Details == nil) || r.Details != nil && (r.Details.Owner != senhaseguramock.DefaultUser || !r.Details.Active) {
			t.Fatalf("%+v: details %+v", q, r.Details)
		}
		if e.mock.CustodyGrants() != 0 || e.mock.PasswordViews() != 0 {
			t.Fatalf("%+v: a read took custody %d times, viewed %d passwords", q, e.mock.CustodyGrants(), e.mock.PasswordViews())
		}
		if err := e.client.Credentials.Deactivate(ctx(t), w.ID); err != nil {
			t.Fatal(err)
		}
		if r, err := e.client.Credentials.Read(ctx(t), w.ID); !errors.Is(err, senhasegura.ErrNotFound) || r != nil {
			t.Fatalf("%+v: read of a deactivated credential: %+v, %v", q, r, err)
		}
		if _, err := e.client.Credentials.Read(ctx(t), "999"); !errors.Is(err, senhasegura.ErrNotFound) {
			t.Fatalf("%+v: read of no credential: %v", q, err)
		}
	}
}

// Without API v2 (before Segura 4.2.2), the first Details call learns it and no later one asks.
func TestDetailsWithoutV2(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{NoV2: true}, "")
	_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
	w, _ := e.client.Credentials.Create(ctx(t), dbAdmin())
	for range 3 {
		if _, err := e.client.Credentials.Details(ctx(t), w.ID); !errors.Is(err, pam.ErrNoV2) {
			t.Fatalf("want ErrNoV2: %v", err)
		}
	}
	if n := e.mock.RequestCount("GET /v2/pam/credentials/{id}"); n != 1 {
		t.Fatalf("%d v2 calls, want 1", n)
	}
	if present, known := e.client.Credentials.HasV2(); present || !known {
		t.Fatal("v2 not recorded as absent")
	}
}

// View is the password view: it takes custody, which ReleaseCustody gives back; releasing
// twice answers ErrNotInCustody.
func TestViewTakesCustodyRelease(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{RotateAfterView: true}, "")
	_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
	w, _ := e.client.Credentials.Create(ctx(t), dbAdmin())
	v, err := e.client.Credentials.View(ctx(t), w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Password != "S3cret-Pw!" || v.Identifier != "db01-dbadmin" || v.Username != "dbadmin" || v.Hostname != "db01" || v.IP != "10.0.0.5" {
		t.Fatalf("view %+v", v)
	}
	if e.mock.CustodyGrants() != 1 || e.mock.CustodyHolders()[w.ID] != senhaseguramock.DefaultUser {
		t.Fatalf("custody grants %d, holders %v", e.mock.CustodyGrants(), e.mock.CustodyHolders())
	}
	if c, _ := e.mock.PAMCredential(w.ID); c.Password == "S3cret-Pw!" {
		t.Fatal("RotateAfterView did not rotate")
	}
	if err := e.client.Credentials.ReleaseCustody(ctx(t), w.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.Credentials.ReleaseCustody(ctx(t), w.ID); !errors.Is(err, pam.ErrNotInCustody) {
		t.Fatalf("second release: %v", err)
	}
	if e.mock.CustodyReleases() != 1 || len(e.mock.CustodyHolders()) != 0 {
		t.Fatalf("releases %d, holders %v", e.mock.CustodyReleases(), e.mock.CustodyHolders())
	}
}

// Deactivating an inactive credential is an ErrInactive error, whichever code the version
// uses (1008 in v4, 1017 in v3-32).
func TestCredentialDeactivateTwice(t *testing.T) {
	for _, q := range []senhaseguramock.PAMQuirks{{}, {InactiveCode1017: true}} {
		e := newEnv(t, q, "")
		_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
		w, _ := e.client.Credentials.Create(ctx(t), dbAdmin())
		if err := e.client.Credentials.Deactivate(ctx(t), w.ID); err != nil {
			t.Fatal(err)
		}
		err := e.client.Credentials.Deactivate(ctx(t), w.ID)
		if !errors.Is(err, senhasegura.ErrInactive) {
			t.Fatalf("%+v: second deactivation: %v", q, err)
		}
		if _, err := e.client.Credentials.View(ctx(t), w.ID); !errors.Is(err, senhasegura.ErrInactive) {
			t.Fatalf("%+v: view of an inactive credential: %v", q, err)
		}
	}
}

// v3-32's wire: "tag" for the identifier in answers, automatic_change as "0"/"1" in lists;
// and the /api prefix of later versions.
func TestVersionQuirks(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{V332Tag: true, AutomaticChangeString: true}, "/api")
	_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
	w, err := e.client.Credentials.Create(ctx(t), dbAdmin())
	if err != nil || w.Identifier != "db01-dbadmin" {
		t.Fatalf("create %+v, %v", w, err)
	}
	it, err := e.client.Credentials.Find(ctx(t), w.ID)
	if err != nil || !it.AutomaticChange {
		t.Fatalf("find %+v, %v", it, err)
	}
	v, err := e.client.Credentials.View(ctx(t), w.ID)
	if err != nil || v.Identifier != "db01-dbadmin" {
		t.Fatalf("view %+v, %v", v, err)
	}
}

// A read-only authorization reads, and its writes fail with ErrReadOnly (1039).
func TestReadOnlyAuthorization(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "", func(c *senhasegura.Config) { c.ClientID, c.ClientSecret = "ro-client", "ro-secret" })
	e.mock.AddReadOnlyClient("ro-client", "ro-secret", "auditor")
	if _, err := e.client.Devices.List(ctx(t)); err != nil {
		t.Fatal(err)
	}
	_, err := e.client.Devices.Upsert(ctx(t), dbDevice())
	if !errors.Is(err, senhasegura.ErrReadOnly) || !strings.Contains(err.Error(), "1039") {
		t.Fatalf("want 1039 read-only: %v", err)
	}
}

// An id that is not digits is refused before any call: it would be part of the path.
func TestNonNumericIDRefused(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	for _, f := range []func() error{
		func() error { _, err := e.client.Devices.Get(ctx(t), "db01"); return err },
		func() error { return e.client.Devices.Deactivate(ctx(t), "db01") },
		func() error { _, err := e.client.Credentials.View(ctx(t), "1?x=1"); return err },
		func() error { _, err := e.client.Credentials.Details(ctx(t), "a"); return err },
		func() error { return e.client.Credentials.ReleaseCustody(ctx(t), "") },
	} {
		if err := f(); err == nil {
			t.Fatal("a non-numeric id was accepted")
		}
	}
	for _, r := range []string{"GET /pam/device/{id}", "DELETE /pam/device/{id}", "GET /pam/credential/{id}", "GET /v2/pam/credentials/{id}", "DELETE /pam/credential/custody/{id}"} {
		if n := e.mock.RequestCount(r); n != 0 {
			t.Fatalf("%s was called %d times", r, n)
		}
	}
}

// A v2 read the authorization may not use (403), or an answer with no credential in it, means
// no v2 for this client: refreshes go on from the list, and it is not asked again.
func TestDetailsUnusableV2(t *testing.T) {
	for name, f := range map[string]senhaseguramock.Fault{
		"403":            {Status: 403},
		"no credential":  {Mangle: senhaseguramock.MangleSparse},
		"a gateway 404:": {Status: 404},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
			_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
			w, _ := e.client.Credentials.Create(ctx(t), dbAdmin())
			e.mock.FailNextOn("GET /v2/pam/credentials/{id}", 1, f)
			for range 2 {
				if _, err := e.client.Credentials.Details(ctx(t), w.ID); !errors.Is(err, pam.ErrNoV2) {
					t.Fatalf("want ErrNoV2: %v", err)
				}
			}
			if n := e.mock.RequestCount("GET /v2/pam/credentials/{id}"); n != 1 {
				t.Fatalf("%d v2 calls", n)
			}
		})
	}
}

// SSH keys are in the credential list, but no lookup of a credential finds one.
func TestSSHKeysAreNoCredentials(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
	key := e.mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "db01", IP: "10.0.0.5", Username: "deploy", Identifier: "db01-deploy-key", CredentialType: "SSH Key"})
	if _, err := e.client.Credentials.Find(ctx(t), key); !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("Find found the SSH key: %v", err)
	}
	if _, err := e.client.Credentials.FindByIdentifier(ctx(t), "db01-deploy-key"); !errors.Is(err, senhasegura.ErrNotFound) {
		t.Fatalf("FindByIdentifier found the SSH key: %v", err)
	}
	list, _ := e.client.Credentials.List(ctx(t))
	if len(list) != 1 || !list[0].IsSSHKey() {
		t.Fatalf("the list shows %+v", list)
	}
}

// A password view is never retried: each attempt that reaches PAM Core is another audited view.
func TestViewNotRetried(t *testing.T) {
	e := newEnv(t, senhaseguramock.PAMQuirks{}, "")
	_, _ = e.client.Devices.Upsert(ctx(t), dbDevice())
	w, _ := e.client.Credentials.Create(ctx(t), dbAdmin())
	e.mock.FailNextOn("GET /pam/credential/{id}", 1, senhaseguramock.Fault{Status: 502, AfterHandling: true})
	if _, err := e.client.Credentials.View(ctx(t), w.ID); err == nil {
		t.Fatal("the 502 was not reported")
	}
	if n := e.mock.PasswordViews(); n != 1 {
		t.Fatalf("%d password views, want 1", n)
	}
}
