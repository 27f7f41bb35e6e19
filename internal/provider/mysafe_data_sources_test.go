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

const testAccReadableItems = `
resource "senhasegura_mysafe_password" "test" {
  name       = "senseg account"
  username   = "npass"
  password   = "8jhfy@3789"
  url        = "www.senhasegura.com"
  secret_key = "JBSWY3DPEHPK3PXP"
  tags       = ["tag1", "tag2"]
  users_allowed {
    username = "pduarte"
    can_edit = true
  }
}

resource "senhasegura_mysafe_api_secret" "test" {
  name            = "GCP"
  url             = "https://gcp.com"
  client_id       = "gf455f7g8fb5dfg8fd545bffbv"
  client_secret   = "gf5464g5v7ffsd857xc4fds57g8fds"
  identifier_code = "hyga125"
  groups_allowed {
    name = "Test group"
  }
}
`

func TestAccDataSources(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "other", "username": "x", "password": "y", "tags": "tag2"}})
	cfg := acctest.ProviderConfig(url) + testAccReadableItems + `
data "senhasegura_mysafe_password" "by_id" {
  id = senhasegura_mysafe_password.test.id
}

data "senhasegura_mysafe_api_secret" "by_code" {
  identifier_code = senhasegura_mysafe_api_secret.test.identifier_code
}

data "senhasegura_mysafe_passwords" "tag2" {
  tag        = "tag2"
  depends_on = [senhasegura_mysafe_password.test]
}

data "senhasegura_mysafe_passwords" "by_name" {
  name       = "senseg account"
  depends_on = [senhasegura_mysafe_password.test]
}

data "senhasegura_mysafe_api_secrets" "all" {
  depends_on = [senhasegura_mysafe_api_secret.test]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_password.by_id", tfjsonpath.New("password"), knownvalue.StringExact("8jhfy@3789")),
					statecheck.ExpectSensitiveValue("data.senhasegura_mysafe_password.by_id", tfjsonpath.New("password")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_password.by_id", tfjsonpath.New("totp_code"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]{6}$`))),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_password.by_id", tfjsonpath.New("tags"), stringSet("tag1", "tag2")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_password.by_id", tfjsonpath.New("users_allowed"), knownvalue.SetExact([]knownvalue.Check{shareValue("username", "pduarte", true)})),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_api_secret.by_code", tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_api_secret.by_code", tfjsonpath.New("client_secret"), knownvalue.StringExact("gf5464g5v7ffsd857xc4fds57g8fds")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_api_secret.by_code", tfjsonpath.New("groups_allowed"), knownvalue.SetExact([]knownvalue.Check{shareValue("name", "Test group", false)})),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_passwords.tag2", tfjsonpath.New("passwords"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_passwords.by_name", tfjsonpath.New("passwords"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact("2"), "name": knownvalue.StringExact("senseg account"), "username": knownvalue.StringExact("npass"),
							"url": knownvalue.StringExact("www.senhasegura.com"), "tags": stringSet("tag1", "tag2"), "can_write": knownvalue.Bool(true),
						}),
					})),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_api_secrets.all", tfjsonpath.New("api_secrets"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact("1"), "name": knownvalue.StringExact("GCP"), "can_write": knownvalue.Bool(true)}),
					})),
				},
			},
			{
				Config:      acctest.ProviderConfig(url) + `data "senhasegura_mysafe_password" "missing" { id = "99" }`,
				ExpectError: regexp.MustCompile(`(?s)No active MySafe password matches.*MySafe error\s+1005`),
			},
			{
				Config:      acctest.ProviderConfig(url) + `data "senhasegura_mysafe_api_secret" "missing" { identifier_code = "nope" }`,
				ExpectError: wrapRx(`No active API secret has identifier_code "nope".`),
			},
			{
				Config:      acctest.ProviderConfig(url) + `data "senhasegura_mysafe_api_secret" "both" {` + "\n" + `  id = "1"` + "\n" + `  identifier_code = "hyga125"` + "\n}",
				ExpectError: regexp.MustCompile(`Invalid Attribute Combination`),
			},
			// Back to a valid configuration (the post-test destroy uses the last one).
			{Config: cfg, PlanOnly: true},
		},
	})
}

// Ephemeral resources hand secrets to other configuration without storing them: the echo
// provider shows what they produced.
func TestAccEphemeralResources(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "db", "username": "root", "password": "Eph-Pw-1"}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{"name": "GCP", "url": "https://gcp.com", "client_id": "cid", "client_secret": "Eph-Cs-1", "identifier_code": "hyga125"}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "SSH key", "note": "Eph-Note-1", "tags": "ssh"}})
	factories := map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()}
	for k, v := range testAccProtoV6ProviderFactories {
		factories[k] = v
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + `
ephemeral "senhasegura_mysafe_password" "db" {
  id = "1"
}

ephemeral "senhasegura_mysafe_api_secret" "gcp" {
  identifier_code = "hyga125"
}

ephemeral "senhasegura_mysafe_note" "ssh" {
  id = "1"
}

provider "echo" {
  data = {
    password      = ephemeral.senhasegura_mysafe_password.db.password
    username      = ephemeral.senhasegura_mysafe_password.db.username
    client_secret = ephemeral.senhasegura_mysafe_api_secret.gcp.client_secret
    note          = ephemeral.senhasegura_mysafe_note.ssh.note
    note_name     = ephemeral.senhasegura_mysafe_note.ssh.name
  }
}

resource "echo" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("password"), knownvalue.StringExact("Eph-Pw-1")),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("username"), knownvalue.StringExact("root")),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("client_secret"), knownvalue.StringExact("Eph-Cs-1")),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("note"), knownvalue.StringExact("Eph-Note-1")),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("note_name"), knownvalue.StringExact("SSH key")),
			},
		}},
	})
}

// The note's data sources: one note by id, with its content (stored in state, Sensitive), its
// tags and shares; the list filtered by tag carries no content.
func TestAccNoteDataSources(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "Recovery codes", "note": "ds-note-content-1", "tags": "backup, mfa"},
		UsersAllowed: []senhaseguramock.Share{{Name: "pduarte", CanEdit: true}}, GroupsAllowed: []senhaseguramock.Share{{Name: "Test group"}}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "Licence", "note": "ds-note-content-2", "tags": "licence"}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "Old licence", "note": "x", "tags": "licence"}})
	mock.SetActive(senhaseguramock.KindNote, "3", false)
	cfg := acctest.ProviderConfig(url) + `
data "senhasegura_mysafe_note" "codes" {
  id = "1"
}

data "senhasegura_mysafe_notes" "licence" {
  tag = "licence"
}

data "senhasegura_mysafe_notes" "all" {}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_note.codes", tfjsonpath.New("name"), knownvalue.StringExact("Recovery codes")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_note.codes", tfjsonpath.New("note"), knownvalue.StringExact("ds-note-content-1")),
					statecheck.ExpectSensitiveValue("data.senhasegura_mysafe_note.codes", tfjsonpath.New("note")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_note.codes", tfjsonpath.New("tags"), stringSet("backup", "mfa")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_note.codes", tfjsonpath.New("users_allowed"), knownvalue.SetExact([]knownvalue.Check{shareValue("username", "pduarte", true)})),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_note.codes", tfjsonpath.New("groups_allowed"), knownvalue.SetExact([]knownvalue.Check{shareValue("name", "Test group", false)})),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_notes.licence", tfjsonpath.New("notes"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.StringExact("2"), "name": knownvalue.StringExact("Licence"),
							"tags": stringSet("licence"), "can_write": knownvalue.Bool(true),
						}),
					})),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_notes.all", tfjsonpath.New("notes"), knownvalue.ListSizeExact(2)),
				},
				Check: func(*terraform.State) error {
					if n := mock.RequestCount("GET /mysafe/note"); n < 2 {
						return fmt.Errorf("the list data sources made %d list calls", n)
					}
					return nil
				},
			},
			{
				Config:      acctest.ProviderConfig(url) + `data "senhasegura_mysafe_note" "missing" { id = "99" }`,
				ExpectError: regexp.MustCompile(`(?s)No active MySafe note matches.*MySafe error\s+1005`),
			},
			{
				Config:      acctest.ProviderConfig(url) + `data "senhasegura_mysafe_note" "inactive" { id = "3" }`,
				ExpectError: regexp.MustCompile(`(?s)Error Reading MySafe Note.*deactivated; activate it in MySafe.*MySafe error\s+1009: Inactive note`),
			},
		},
	})
}
