package repotest

import (
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestAccCLI_writeOnlyImport walks what a user does to bring existing MySafe items under a
// configuration that manages their secrets write-only: an import {} block and
// `terraform import`, both with the `write-only:<id>` form. No plaintext secret may reach the
// state, its backup or a saved plan; the first apply sends the configured *_wo values once; the
// plan after it is empty. Then a secret changed in MySafe behind Terraform's back shows in the
// plan with a warning naming it, and the apply repairs it.
func TestAccCLI_writeOnlyImport(t *testing.T) {
	tf := terraformBinary(t)
	env := devOverrides(t)
	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(mock)
	defer srv.Close()
	stored := []string{"Seeded-Pw-8841", "GEZDGNBVGY3TQOJQ", "Seeded-Cs-5512", "Seeded-Note-7730"}
	configured := []string{"Wo-Import-Pw-1", "KRSXG5CTMVRXEZLU", "Wo-Import-Cs-1", "Wo-Import-Note-1"}
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{
		"name": "billing db", "username": "billing", "password": stored[0], "secret_key": stored[1],
	}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{
		"name": "GCP", "url": "https://gcp.com", "client_id": "cid", "client_secret": stored[2],
	}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{
		"name": "Recovery codes", "note": stored[3], "tags": "mfa",
	}})

	work := t.TempDir()
	main := requiredProviders + acctest.ProviderConfig(srv.URL) + `
variable "db_password" {
  type      = string
  ephemeral = true
}
variable "db_seed" {
  type      = string
  ephemeral = true
}
variable "gcp_secret" {
  type      = string
  ephemeral = true
}
variable "codes" {
  type      = string
  ephemeral = true
}
import {
  to = senhasegura_mysafe_note.codes
  id = "write-only:1"
}
resource "senhasegura_mysafe_note" "codes" {
  name            = "Recovery codes"
  tags            = ["mfa"]
  note_wo         = var.codes
  note_wo_version = 1
}
import {
  to = senhasegura_mysafe_password.db
  id = "write-only:1"
}
resource "senhasegura_mysafe_password" "db" {
  name                  = "billing db"
  username              = "billing"
  password_wo           = var.db_password
  password_wo_version   = 1
  secret_key_wo         = var.db_seed
  secret_key_wo_version = 1
}
resource "senhasegura_mysafe_api_secret" "gcp" {
  name                     = "GCP"
  url                      = "https://gcp.com"
  client_id                = "cid"
  client_secret_wo         = var.gcp_secret
  client_secret_wo_version = 1
}
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	env = append(env, "TF_VAR_db_password="+configured[0], "TF_VAR_db_seed="+configured[1], "TF_VAR_gcp_secret="+configured[2], "TF_VAR_codes="+configured[3])
	mustRun := func(args ...string) string {
		t.Helper()
		out, err := run(t, work, env, tf, append(args, "-no-color")...)
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	secrets := append(append([]string{}, stored...), configured...)
	mustRun("import", "senhasegura_mysafe_api_secret.gcp", "write-only:1")
	mustRun("plan", "-out=tfplan")
	if err := os.WriteFile(filepath.Join(work, "plan.json"), []byte(mustRun("show", "-json", "tfplan")), 0o600); err != nil {
		t.Fatal(err)
	}
	noPlaintext(t, work, "after import and plan", true, secrets...)
	if out := mustRun("apply", "tfplan"); !strings.Contains(out, "2 imported, 0 added, 3 changed, 0 destroyed") {
		t.Fatalf("the first apply imports the password and sends the write-only values:\n%s", out)
	}
	noPlaintext(t, work, "after the first apply", true, secrets...)
	p, _ := mock.Item(senhaseguramock.KindPassword, "1")
	a, _ := mock.Item(senhaseguramock.KindAPISecret, "1")
	n, _ := mock.Item(senhaseguramock.KindNote, "1")
	if p.Fields["password"] != configured[0] || p.Fields["secret_key"] != configured[1] || a.Fields["client_secret"] != configured[2] || n.Fields["note"] != configured[3] {
		t.Fatalf("MySafe does not hold the configured values: %+v %+v %+v", p.Fields, a.Fields, n.Fields)
	}
	puts := 0
	for _, c := range mock.Calls() {
		if strings.HasPrefix(c.Route, "PUT ") {
			puts++
			if !slices.Contains(c.Keys, "password") && !slices.Contains(c.Keys, "client_secret") && !slices.Contains(c.Keys, "note") {
				t.Fatalf("a PUT without the write-only value: %+v", c)
			}
		}
	}
	if puts != 3 {
		t.Fatalf("%d PUTs, want one per item", puts)
	}
	if out, err := run(t, work, env, tf, "plan", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after the first apply is not empty: %v\n%s", err, out)
	}

	// Drift in write-only mode: visible, named, repaired.
	mock.Modify(senhaseguramock.KindPassword, "1", func(it *senhaseguramock.Item) { it.Fields["password"] = "changed-by-hand" })
	mock.Modify(senhaseguramock.KindNote, "1", func(it *senhaseguramock.Item) { it.Fields["note"] = "note-changed-by-hand" })
	out, err := run(t, work, env, tf, "plan", "-no-color", "-detailed-exitcode")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("plan after an out-of-band change: want exit code 2 (changes), got %v\n%s", err, out)
	}
	for _, want := range []string{"Write-Only Value Changed Outside Terraform", "password_wo", "drift_detected", `- "password_wo"`, `- "note_wo"`} {
		if !strings.Contains(out, want) {
			t.Fatalf("the plan does not show %q:\n%s", want, out)
		}
	}
	mustRun("apply", "-auto-approve")
	p, _ = mock.Item(senhaseguramock.KindPassword, "1")
	n, _ = mock.Item(senhaseguramock.KindNote, "1")
	if p.Fields["password"] != configured[0] || n.Fields["note"] != configured[3] {
		t.Fatalf("apply did not restore the password and the note: %q, %q", p.Fields["password"], n.Fields["note"])
	}
	if out, err := run(t, work, env, tf, "plan", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after the repair is not empty: %v\n%s", err, out)
	}
	noPlaintext(t, work, "at the end", true, secrets...)
	t.Logf("imported 3 items write-only; plaintext found in state, backup and saved plan: 0")
}
