package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// seedPAM registers a device with two credentials (one a child of the other) and a second
// device; none of the passwords may reach a state file.
func seedPAM(mock *senhaseguramock.Server) {
	mock.AddPAMDomain("corp.example.com")
	mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "db01.example.com", IP: "10.0.0.5", Type: "Database", Vendor: "Oracle", Model: "MySQL 8",
		Site: "LAX", Domains: "corp.example.com", Tags: "prod, payments", Connectivities: "SSH:22, MySQL:3306", LoginExpression: "SSH:EXPECT:FILL"})
	mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "web01.example.com", IP: "10.0.0.9", Type: "Server", Vendor: "Canonical", Model: "Ubuntu 24.04", Site: "NYC"})
	mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "db01.example.com", IP: "10.0.0.5", Identifier: "db01-dbadmin", Username: "dbadmin",
		Password: "Pam-Pw-One-1", CredentialType: "Local administrator", Tags: "prod, db", Additional: "on call",
		Settings: map[string]any{"execution_settings": map[string]any{"automatic_change": true}, "additional_settings": []any{map[string]any{"criticality": "high"}}}})
	mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "db01.example.com", IP: "10.0.0.5", Identifier: "db01-app", Username: "app",
		Password: "Pam-Pw-Two-2", ParentID: "1"})
}

// The data sources read a device (by hostname) and a credential's metadata (by identifier and
// by id) without a password view: no custody is taken, no password is in the state.
func TestAccPAMDataSources(t *testing.T) {
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seedPAM(mock)
	dev, cred, child := "data.senhasegura_pam_device.db", "data.senhasegura_pam_credential.dbadmin", "data.senhasegura_pam_credential.app"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + `
data "senhasegura_pam_device" "db" {
  hostname = "db01.example.com"
}

data "senhasegura_pam_credential" "dbadmin" {
  identifier = "db01-dbadmin"
}

data "senhasegura_pam_credential" "app" {
  id = "2"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dev, tfjsonpath.New("id"), knownvalue.StringExact("1")),
				statecheck.ExpectKnownValue(dev, tfjsonpath.New("site"), knownvalue.StringExact("LAX")),
				statecheck.ExpectKnownValue(dev, tfjsonpath.New("tags"), stringSet("prod", "payments")),
				statecheck.ExpectKnownValue(dev, tfjsonpath.New("connectivities"), stringSet("SSH:22", "MySQL:3306")),
				statecheck.ExpectKnownValue(dev, tfjsonpath.New("domains"), stringSet("corp.example.com")),
				statecheck.ExpectKnownValue(dev, tfjsonpath.New("login_expression"), knownvalue.StringExact("SSH:EXPECT:FILL")),
				statecheck.ExpectKnownValue(cred, tfjsonpath.New("id"), knownvalue.StringExact("1")),
				statecheck.ExpectKnownValue(cred, tfjsonpath.New("username"), knownvalue.StringExact("dbadmin")),
				statecheck.ExpectKnownValue(cred, tfjsonpath.New("credential_type"), knownvalue.StringExact("Local administrator")),
				statecheck.ExpectKnownValue(cred, tfjsonpath.New("automatic_change"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(cred, tfjsonpath.New("tags"), stringSet("prod", "db")),
				statecheck.ExpectKnownValue(cred, tfjsonpath.New("criticality"), knownvalue.StringExact("high")),
				statecheck.ExpectKnownValue(cred, tfjsonpath.New("additional_info"), knownvalue.StringExact("on call")),
				statecheck.ExpectKnownValue(cred, tfjsonpath.New("device_model"), knownvalue.StringExact("MySQL 8")),
				statecheck.ExpectKnownValue(child, tfjsonpath.New("identifier"), knownvalue.StringExact("db01-app")),
				statecheck.ExpectKnownValue(child, tfjsonpath.New("parent_id"), knownvalue.StringExact("1")),
			},
			Check: func(s *terraform.State) error {
				if err := noPAMSecretInFiles(workDir); err != nil {
					return err
				}
				return testAccNoCustody(mock)(s)
			},
		}},
	})
}

// A credential the list does not show (unknown, or deactivated) is a clear error.
func TestAccPAMCredentialDataSource_notFound(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seedPAM(mock)
	mock.SetPAMCredentialActive("2", false)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + `
data "senhasegura_pam_credential" "app" {
  identifier = "db01-app"
}
`,
			ExpectError: regexp.MustCompile(`(?s)Error Reading PAM Core Credential.*db01-app`),
		}},
	})
}

// The ephemeral resource checks the password out (one custody per open, Terraform opens it in
// plan and in apply) and releases every custody it took when Terraform closes it.
func TestAccPAMCredentialEphemeral(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seedPAM(mock)
	factories := map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()}
	for k, v := range testAccProtoV6ProviderFactories {
		factories[k] = v
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + `
ephemeral "senhasegura_pam_credential" "dbadmin" {
  identifier = "db01-dbadmin"
}

ephemeral "senhasegura_pam_credential" "app" {
  id = "2"
}

provider "echo" {
  data = {
    username = ephemeral.senhasegura_pam_credential.dbadmin.username
    hostname = ephemeral.senhasegura_pam_credential.dbadmin.hostname
    child    = ephemeral.senhasegura_pam_credential.app.password
  }
}

resource "echo" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("username"), knownvalue.StringExact("dbadmin")),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("hostname"), knownvalue.StringExact("db01.example.com")),
				// A child credential's password is its parent's.
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("child"), knownvalue.StringExact("Pam-Pw-One-1")),
			},
			Check: func(*terraform.State) error {
				g, r, v := mock.CustodyGrants(), mock.CustodyReleases(), mock.PasswordViews()
				if g == 0 || g != r || v != g || len(mock.CustodyHolders()) != 0 {
					return fmt.Errorf("custody grants %d, releases %d, views %d, still held %v", g, r, v, mock.CustodyHolders())
				}
				t.Logf("ephemeral checkout of 2 credentials, every run of the step: custody grants %d, releases %d, password views %d", g, r, v)
				return nil
			},
		}},
	})
	// The destroy opened and closed it again.
	if g, r := mock.CustodyGrants(), mock.CustodyReleases(); g != r || len(mock.CustodyHolders()) != 0 {
		t.Fatalf("after the run: custody grants %d, releases %d, held %v", g, r, mock.CustodyHolders())
	}
}

// The ephemeral resource on a credential it cannot see: an error naming PAM Core's code, and
// no custody left behind.
func TestAccPAMCredentialEphemeral_noAccess(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seedPAM(mock)
	mock.AddClient("other-client", "other-secret", "someone")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url, `client_id = "other-client"`, `client_secret = "other-secret"`) + `
ephemeral "senhasegura_pam_credential" "dbadmin" {
  id = "1"
}

locals {
  user = ephemeral.senhasegura_pam_credential.dbadmin.username
}
`,
			ExpectError: regexp.MustCompile(`(?s)Error Reading PAM Core Credential.*1009`),
		}},
	})
	if len(mock.CustodyHolders()) != 0 {
		t.Fatalf("custody left behind: %v", mock.CustodyHolders())
	}
}

// A checkout whose answer is lost after PAM Core granted custody (a 502 from the gateway) gives
// the custody back before it reports the error; the view is not retried.
func TestAccPAMCredentialEphemeral_lostAnswer(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seedPAM(mock)
	mock.FailNextOn("GET /pam/credential/{id}", 1, senhaseguramock.Fault{Status: 502, AfterHandling: true})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + `
ephemeral "senhasegura_pam_credential" "dbadmin" {
  id = "1"
}

locals {
  user = ephemeral.senhasegura_pam_credential.dbadmin.username
}
`,
			ExpectError: regexp.MustCompile(`(?s)Error Reading PAM Core Credential.*HTTP 502`),
		}},
	})
	if h := mock.CustodyHolders(); len(h) != 0 || mock.PasswordViews() != 1 || mock.CustodyReleases() != 1 {
		t.Fatalf("custody held %v after %d views and %d releases", h, mock.PasswordViews(), mock.CustodyReleases())
	}
}
