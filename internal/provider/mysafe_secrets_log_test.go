package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
