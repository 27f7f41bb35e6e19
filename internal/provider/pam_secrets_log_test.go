package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestAccPAMSecretsNeverLogged: the same for PAM Core, with an A2A authorization of its own: a
// credential's write-only password sent on create and on a new version, the password a
// checkout (the ephemeral resource) reads and the password the vault rotates to, PAM Core's
// client secret and every token never appear in a TF_LOG=TRACE log.
func TestAccPAMSecretsNeverLogged(t *testing.T) {
	const pamSecret, first, second, rotated = "Pam-Client-Secret-3e8d", "Pam-Log-Pw-1a2b", "Pam-Log-Pw-3c4d", "Pam-Log-Rotated-5e6f"
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.AddPAMClient("pam-log-client", pamSecret, "svc-terraform")
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	cfg := func(version int, checkout bool) string {
		c := acctest.ProviderConfig(url, `pam_client_id = "pam-log-client"`, fmt.Sprintf("pam_client_secret = %q", pamSecret)) + `
variable "password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_pam_device" "db" {
  hostname = "db01.example.com"
  ip       = "10.0.0.5"
  type     = "Database"
  vendor   = "Oracle"
  model    = "MySQL 8"
  site     = "LAX"
}

resource "senhasegura_pam_credential" "dbadmin" {
  identifier         = "db01-dbadmin"
  hostname           = senhasegura_pam_device.db.hostname
  ip                 = senhasegura_pam_device.db.ip
  username           = "dbadmin"
  content_wo         = var.password
  content_wo_version = ` + fmt.Sprint(version) + `
}
`
		if checkout {
			c += `
ephemeral "senhasegura_pam_credential" "dbadmin" {
  id = senhasegura_pam_credential.dbadmin.id
}

locals {
  user = ephemeral.senhasegura_pam_credential.dbadmin.username
}
`
		}
		return c
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg(1, false), ConfigVariables: config.Variables{"password": config.StringVariable(first)}},
			{Config: cfg(2, false), ConfigVariables: config.Variables{"password": config.StringVariable(second)}},
			{
				PreConfig:       func() { mock.ModifyPAMCredential("1", func(c *senhaseguramock.PAMCredential) { c.Password = rotated }) },
				Config:          cfg(2, true),
				ConfigVariables: config.Variables{"password": config.StringVariable(second)},
			},
		},
	})
	if mock.PasswordViews() == 0 {
		t.Fatal("the checkout viewed no password: the scan proves nothing about it")
	}
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	secrets := append([]string{pamSecret, first, second, rotated}, mock.IssuedTokens()...)
	var module string
	requests, scanned := 0, 0
	for _, line := range strings.Split(string(raw), "\n") {
		if m := logEntryStart.FindStringSubmatch(line); m != nil {
			module = m[1]
		}
		if module == "sdk.helper_resource" {
			continue
		}
		scanned++
		if strings.Contains(line, "PAM Core HTTP request") {
			requests++
		}
		for _, s := range secrets {
			if strings.Contains(line, s) {
				t.Errorf("a secret appears in the log (module %s): %.300s", module, line)
			}
		}
	}
	if requests < 10 || scanned < 1000 {
		t.Fatalf("the log holds %d PAM Core request lines out of %d scanned: TF_LOG capture did not work", requests, scanned)
	}
}
