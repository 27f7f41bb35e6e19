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

// TestAccCLI_pamTwoProviderBlocks: where a MySafe access key does not reach PAM Core, two
// provider blocks serve the two APIs, the default one with the access key and an aliased one
// with the A2A authorization as its client_id (the guide's example). Each block is a provider
// process of its own (the in-process test server would share one), so this runs the real
// binary: apply, an empty plan, destroy.
func TestAccCLI_pamTwoProviderBlocks(t *testing.T) {
	tf := terraformBinary(t)
	env := devOverrides(t)
	mock := senhaseguramock.New(senhaseguramock.Options{PAM: senhaseguramock.PAMQuirks{SeparateCredentials: true}})
	mock.AddPAMClient("a2a-terraform", "a2a-secret-1", "svc-terraform")
	srv := httptest.NewServer(mock)
	defer srv.Close()
	work := t.TempDir()
	cfg := requiredProviders + acctest.ProviderConfig(srv.URL) +
		acctest.ProviderConfig(srv.URL, `alias = "pam"`, `client_id = "a2a-terraform"`, `client_secret = "a2a-secret-1"`) + `
resource "senhasegura_pam_device" "web" {
  provider = senhasegura.pam

  hostname = "web01.example.com"
  ip       = "10.0.1.21"
  type     = "Server"
  vendor   = "Canonical"
  model    = "Ubuntu 24.04"
  site     = "LAX"
}

resource "senhasegura_mysafe_password" "db" {
  name     = "billing database"
  username = "billing_app"
  password = "Two-Blocks-Pw-1"
}
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	apply(t, work, env, tf, "apply", "-auto-approve", "-no-color")
	if d, ok := mock.PAMDevice("1"); !ok || !d.Active || len(mock.Items(senhaseguramock.KindPassword)) != 1 {
		t.Fatalf("device %+v, %d MySafe passwords", d, len(mock.Items(senhaseguramock.KindPassword)))
	}
	emptyPlan(t, work, env, tf)
	if out, err := run(t, work, env, tf, "destroy", "-auto-approve", "-no-color"); err != nil || !strings.Contains(out, "2 destroyed") {
		t.Fatalf("destroy: %v\n%s", err, out)
	}
	if d, _ := mock.PAMDevice("1"); d.Active {
		t.Fatal("the device is still active")
	}
}
