package repotest

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestAccCLI_planWarnsBeforeDuplicating: MySafe already holds a password, an API secret and a
// note that the configuration would create again (the same name, username and URL; the same
// identifier_code; the same name and tags). `terraform plan` warns on each of those three
// resources, naming the identifier MySafe gave the existing item and the import block that
// adopts it, and on no other; it lists each kind once, and lists nothing when the plan creates
// nothing or duplicate_check = "off". With duplicate_check = "error" the plan fails.
func TestAccCLI_planWarnsBeforeDuplicating(t *testing.T) {
	tf := terraformBinary(t)
	env := devOverrides(t)
	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(mock)
	defer srv.Close()
	for i := 0; i < 3; i++ { // other items, so that the identifiers are not all "1"
		mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "other", "username": "u", "password": "p"}})
		mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{"name": "other", "url": "u", "client_id": "c", "identifier_code": "other"}})
	}
	pw := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{
		"name": "billing database", "username": "billing_app", "url": "https://db.example.com", "password": "Existing-Pw-1"}})
	as := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{
		"name": "a different name", "url": "https://api.example.com", "client_id": "c", "identifier_code": "gcp-billing"}})
	note := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{
		"name": "recovery codes", "note": "Existing-Note", "tags": "ops, mfa"}})

	work := t.TempDir()
	write := func(setting string) {
		cfg := requiredProviders + acctest.ProviderConfig(srv.URL, setting) + `
resource "senhasegura_mysafe_password" "dup" {
  name     = "billing database"
  username = "billing_app"
  url      = "https://db.example.com"
  password = "New-Pw-1"
}

resource "senhasegura_mysafe_password" "other_url" {
  name     = "billing database"
  username = "billing_app"
  url      = "https://replica.example.com"
  password = "New-Pw-2"
}

resource "senhasegura_mysafe_api_secret" "dup" {
  name                     = "gcp"
  url                      = "https://api.example.com"
  client_id                = "id"
  identifier_code          = "gcp-billing"
  client_secret_wo         = "New-Cs-1"
  client_secret_wo_version = 1
}

resource "senhasegura_mysafe_api_secret" "fresh" {
  name            = "gcp"
  url             = "https://api.example.com"
  client_id       = "id"
  identifier_code = "gcp-fresh"
}

resource "senhasegura_mysafe_note" "dup" {
  name = "recovery codes"
  tags = ["mfa", "ops"]
  note = "New-Note"
}

resource "senhasegura_mysafe_note" "other_tags" {
  name = "recovery codes"
  tags = ["mfa"]
  note = "New-Note"
}
`
		if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	lists := func() [3]int {
		return [3]int{mock.RequestCount("GET /mysafe/password"), mock.RequestCount("GET /mysafe/secretapi"), mock.RequestCount("GET /mysafe/note")}
	}

	write("")
	out, err := run(t, work, env, tf, "plan", "-no-color")
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	warnings := regexp.MustCompile(`(?s)Warning: MySafe Already Holds This (\w+ ?\w*)\n\n  with (senhasegura_\w+\.\w+),.*?id = "([^"]+)"`).FindAllStringSubmatch(out, -1)
	got := map[string]string{}
	for _, w := range warnings {
		got[w[2]] = w[3]
	}
	want := map[string]string{
		"senhasegura_mysafe_password.dup":   pw,
		"senhasegura_mysafe_api_secret.dup": "write-only:" + as, // its client secret is write-only
		"senhasegura_mysafe_note.dup":       note,
	}
	if len(got) != len(want) {
		t.Fatalf("warnings on %v, want on %v:\n%s", got, want, out)
	}
	for addr, id := range want {
		if got[addr] != id {
			t.Errorf("%s: the warning's import block names %q, want %q", addr, got[addr], id)
		}
	}
	for _, s := range []string{"MySafe already holds password " + pw + ", with the same name, username and URL", "API secret " + as + ", with the same identifier_code",
		"note " + note + ", with the same name and tags", "Plan: 6 to add"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), s) {
			t.Errorf("the plan does not say %q:\n%s", s, out)
		}
	}
	// One filtered list per planned key: passwords by name, username and URL (two keys), API
	// secrets by identifier_code (two codes) and a GET of the one candidate, notes by their first
	// tag (one: both planned notes start with "mfa"). None of the three other API secrets the
	// configuration does not name is read, and the cost follows the creates, not the vault.
	if l, gets := lists(), mock.RequestCount("GET /mysafe/secretapi/{id}"); l != [3]int{2, 2, 1} || gets != 1 {
		t.Errorf("requests (password, API secret, note lists) for one plan: %v and %d API secret GETs, want [2 2 1] and 1", l, gets)
	}
	t.Logf("plan with 6 creates: list requests per kind %v, API secret GETs %d", lists(), mock.RequestCount("GET /mysafe/secretapi/{id}"))

	write(`duplicate_check = "off"`)
	before := lists()
	if out, err := run(t, work, env, tf, "plan", "-no-color"); err != nil || strings.Contains(out, "Already Holds") {
		t.Fatalf("plan with duplicate_check = \"off\": %v\n%s", err, out)
	}
	if lists() != before {
		t.Errorf("duplicate_check = \"off\" still listed: %v → %v", before, lists())
	}

	write(`duplicate_check = "error"`)
	out, err = run(t, work, env, tf, "plan", "-no-color")
	if err == nil || !strings.Contains(out, "Error: MySafe Already Holds This Password") || !strings.Contains(out, `duplicate_check = "error" refuses such a plan`) {
		t.Fatalf("plan with duplicate_check = \"error\" should fail on the duplicates: %v\n%s", err, out)
	}

	// A configuration without duplicates applies; then a plan that creates nothing lists
	// nothing.
	only := requiredProviders + acctest.ProviderConfig(srv.URL) + `
resource "senhasegura_mysafe_password" "other_url" {
  name     = "billing database"
  username = "billing_app"
  url      = "https://replica.example.com"
  password = "New-Pw-2"
}
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(only), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, work, env, tf, "apply", "-auto-approve", "-no-color"); err != nil || strings.Contains(out, "Already Holds") {
		t.Fatalf("apply without duplicates: %v\n%s", err, out)
	}
	before = lists()
	if out, err := run(t, work, env, tf, "plan", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("plan without creates: %v\n%s", err, out)
	}
	if lists() != before {
		t.Errorf("a plan without creates listed: %v → %v", before, lists())
	}
}
