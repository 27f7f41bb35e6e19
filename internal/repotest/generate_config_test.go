package repotest

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestAccCLI_generateConfigOut walks what a user does to adopt existing MySafe items:
// an import {} block, `terraform plan -generate-config-out=gen.tf`, fill in the secrets
// Terraform leaves out, apply, and the next plan must be empty.
func TestAccCLI_generateConfigOut(t *testing.T) {
	tf := terraformBinary(t)
	env := devOverrides(t)
	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(mock)
	defer srv.Close()
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{
		"name": "senseg account", "username": "npass", "password": "8jhfy@3789", "url": "www.senhasegura.com",
		"notes": "Access details", "tags": "tag1, tag2", "secret_key": "JBSWY3DPEHPK3PXP",
	}, UsersAllowed: []senhaseguramock.Share{{Name: "pduarte"}}, GroupsAllowed: []senhaseguramock.Share{{Name: "Test group", CanEdit: true}}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{
		"name": "GCP", "url": "https://gcp.com", "client_id": "gf455f7g8fb5dfg8fd545bffbv", "client_secret": "gf5464g5v7ffsd857xc4fds57g8fds",
		"identifier_code": "hyga125", "method": "get", "tags": "Cloud",
	}, UsersAllowed: []senhaseguramock.Share{{Name: "pduarte", CanEdit: true}}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{
		"name": "Recovery codes", "note": "gen-note-content", "tags": "mfa",
	}, GroupsAllowed: []senhaseguramock.Share{{Name: "Test group"}}})

	work := t.TempDir()
	main := requiredProviders + acctest.ProviderConfig(srv.URL) + `
import {
  to = senhasegura_mysafe_password.imported
  id = "1"
}
import {
  to = senhasegura_mysafe_api_secret.imported
  id = "1"
}
import {
  to = senhasegura_mysafe_note.imported
  id = "1"
}
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := run(t, work, env, tf, "plan", "-no-color", "-generate-config-out=gen.tf")
	genBytes, err := os.ReadFile(filepath.Join(work, "gen.tf"))
	if err != nil {
		t.Fatalf("no gen.tf written:\n%s", out)
	}
	gen := string(genBytes)
	for _, want := range []string{`name     = "senseg account"`, `username = "pduarte"`, `name     = "Test group"`, `identifier_code = "hyga125"`, `name = "Recovery codes"`, `tags = ["mfa"]`} {
		if !strings.Contains(strings.Join(strings.Fields(gen), " "), strings.Join(strings.Fields(want), " ")) {
			t.Fatalf("gen.tf lacks %s:\n%s", want, gen)
		}
	}
	// Terraform never writes sensitive values into generated configuration: fill them in, as
	// the docs tell users to.
	secrets := map[string]string{"password": "8jhfy@3789", "secret_key": "JBSWY3DPEHPK3PXP", "client_secret": "gf5464g5v7ffsd857xc4fds57g8fds", "note": "gen-note-content"}
	lines := strings.Split(gen, "\n")
	for i, l := range lines {
		for attr, v := range secrets {
			if strings.HasPrefix(strings.TrimSpace(l), attr+" ") && strings.Contains(l, "null") {
				lines[i] = "  " + attr + ` = "` + v + `"`
			}
		}
	}
	if err := os.WriteFile(filepath.Join(work, "gen.tf"), []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, work, env, tf, "apply", "-no-color", "-auto-approve"); err != nil ||
		!strings.Contains(out, "3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("apply of the generated configuration: %v\n%s\n--- gen.tf:\n%s", err, out, strings.Join(lines, "\n"))
	}
	if out, err := run(t, work, env, tf, "plan", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("plan after importing with generated configuration is not empty: %v\n%s", err, out)
	}
	if n := mock.RequestCount("PUT /mysafe/password/update/{id}") + mock.RequestCount("PUT /mysafe/secretapi/update/{id}") + mock.RequestCount("PUT /mysafe/note/update/{id}"); n != 0 {
		t.Fatalf("adopting with generated configuration changed the items (%d updates)", n)
	}
}
