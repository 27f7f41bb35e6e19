package provider

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// Distinctive secret values, easy to find in a log.
const (
	logSecretProvider  = "Prov-Secret-7f3a9c"
	logSecretPassword  = "Pw-Secret-41be22"
	logSecretPassword2 = "Pw-Secret-Rotated-90d1"
	logSecretSeed      = "KRSXG5CTMVRXEZLU" // base32
	logSecretClient    = "Client-Secret-5d7e61"
	logSecretClient2   = "Client-Secret-Rotated-2c4b"
	logSecretNote      = "Note-Secret-b81f07"
	logSecretNote2     = "Note-Secret-Rotated-6a2e"
)

func testAccSecretsConfig(url, password, seed, clientSecret, note string) string {
	return acctest.ProviderConfig(url, `client_id = "log-client"`, fmt.Sprintf("client_secret = %q", logSecretProvider)) + fmt.Sprintf(`
resource "senhasegura_mysafe_password" "test" {
  name       = "logged"
  username   = "u"
  password   = %[1]q
  secret_key = %[2]q
  users_allowed {
    username = "pduarte"
  }
}

resource "senhasegura_mysafe_api_secret" "test" {
  name          = "logged"
  url           = "https://api.example.com"
  client_id     = "cid"
  client_secret = %[3]q
}

resource "senhasegura_mysafe_note" "test" {
  name = "logged"
  note = %[4]q
  groups_allowed {
    name = "Test group"
  }
}
`, password, seed, clientSecret, note)
}

var logEntryStart = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T[0-9:.]+[+-Z0-9:]* \[[A-Z]+\] ([^:]+):`)

// TestAccSecretsNeverLogged runs a full lifecycle with TF_LOG=TRACE and checks that no secret
// value (password, secret_key, client_secret, note content, the provider's client_secret, any
// access token) appears in the log. The only entries left out are those where the test harness
// prints the test's own configuration.
func TestAccSecretsNeverLogged(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.AddClient("log-client", logSecretProvider, senhaseguramock.DefaultUser)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccSecretsConfig(url, logSecretPassword, logSecretSeed, logSecretClient, logSecretNote)},
			{ResourceName: "senhasegura_mysafe_password.test", ImportState: true, ImportStateVerify: true},
			{ResourceName: "senhasegura_mysafe_api_secret.test", ImportState: true, ImportStateVerify: true},
			{ResourceName: "senhasegura_mysafe_note.test", ImportState: true, ImportStateVerify: true},
			{Config: testAccSecretsConfig(url, logSecretPassword2, logSecretSeed, logSecretClient2, logSecretNote2)},
			// Out-of-band deactivation: refresh takes the inactive path and the password is
			// created again.
			{
				PreConfig: func() { mock.SetActive(senhaseguramock.KindPassword, "1", false) },
				Config:    testAccSecretsConfig(url, logSecretPassword2, logSecretSeed, logSecretClient2, logSecretNote2),
			},
		},
	})

	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	secrets := append([]string{logSecretProvider, logSecretPassword, logSecretPassword2, logSecretSeed, logSecretClient, logSecretClient2, logSecretNote, logSecretNote2}, mock.IssuedTokens()...)
	if len(mock.IssuedTokens()) == 0 {
		t.Fatal("no token was issued")
	}

	var module string
	providerLines, scanned := 0, 0
	for _, line := range strings.Split(string(raw), "\n") {
		if m := logEntryStart.FindStringSubmatch(line); m != nil {
			module = m[1]
		}
		if module == "sdk.helper_resource" {
			continue // the test harness echoing the test's own configuration
		}
		scanned++
		if strings.Contains(line, "MySafe HTTP request") {
			providerLines++
		}
		for _, s := range secrets {
			if strings.Contains(line, s) {
				t.Errorf("a secret appears in the log (module %s): %.300s", module, line)
			}
		}
	}
	if providerLines < 10 || scanned < 1000 {
		t.Fatalf("the log holds %d provider request lines out of %d scanned: TF_LOG capture did not work", providerLines, scanned)
	}
	t.Logf("scanned %d log lines (%d bytes), %d provider request lines, %d secret values: none found", scanned, len(raw), providerLines, len(secrets))
}

// TestLogMasking proves the masking itself: whatever a log call carries, secrets of the RPC
// and the provider's client secret come out as ***.
func TestLogMasking(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	pd := &providerData{secrets: []string{"provider-secret-x"}}
	ctx = pd.withMasks(ctx, "item-password-y", "")
	tflog.Debug(ctx, "careless message with item-password-y and provider-secret-x", map[string]any{
		"password":     "whatever-z",
		"access_token": "token-w",
		"other":        "prefix item-password-y suffix",
	})
	out := buf.String()
	for _, s := range []string{"item-password-y", "provider-secret-x", "whatever-z", "token-w"} {
		if strings.Contains(out, s) {
			t.Errorf("%q was not masked: %s", s, out)
		}
	}
	if !strings.Contains(out, "***") {
		t.Fatalf("nothing was masked: %s", out)
	}
}

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
