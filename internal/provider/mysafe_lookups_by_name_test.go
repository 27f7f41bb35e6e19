package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// Lookups by name: the password and note data sources find an item by its name (and username
// or tags), and say clearly when none or several match; imports accept what the data sources
// accept (a password's or note's name, an API secret's identifier_code); a deactivated item's
// import says so.

func seedNamed(mock *senhaseguramock.Server) (db, note string) {
	db = mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "billing db", "username": "app", "password": "Billing-App-1"}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "billing db", "username": "admin", "password": "Billing-Admin-1"}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "unique", "username": "u", "password": "Unique-1"}})
	note = mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "recovery codes", "note": "Codes-1", "tags": "mfa, ops"}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "recovery codes", "note": "Codes-2", "tags": "mfa"}})
	return db, note
}

func TestAccLookups_byName(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	db, note := seedNamed(mock)
	cfg := acctest.ProviderConfig(url) + `
data "senhasegura_mysafe_password" "by_name" {
  name     = "billing db"
  username = "app"
}

data "senhasegura_mysafe_password" "unique" {
  name = "unique"
}

data "senhasegura_mysafe_note" "by_name" {
  name = "recovery codes"
  tags = ["ops", "mfa"]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_password.by_name", tfjsonpath.New("id"), knownvalue.StringExact(db)),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_password.by_name", tfjsonpath.New("password"), knownvalue.StringExact("Billing-App-1")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_password.unique", tfjsonpath.New("username"), knownvalue.StringExact("u")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_note.by_name", tfjsonpath.New("id"), knownvalue.StringExact(note)),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_note.by_name", tfjsonpath.New("note"), knownvalue.StringExact("Codes-1")),
				},
			},
			{
				Config: acctest.ProviderConfig(url) + `
data "senhasegura_mysafe_password" "two" {
  name = "billing db"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Error Reading MySafe Password.*2\s+active\s+passwords\s+are\s+named\s+"billing\s+db":\s+` +
					db + `\s+\(username\s+"app"\),.*Narrow\s+the\s+lookup`),
			},
			{
				Config: acctest.ProviderConfig(url) + `
data "senhasegura_mysafe_note" "none" {
  name = "nothing of that name"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Error Reading MySafe Note.*No\s+active\s+note\s+is\s+named\s+"nothing\s+of\s+that\s+name"\.`),
			},
			{
				Config: acctest.ProviderConfig(url) + `
data "senhasegura_mysafe_password" "both" {
  id   = "1"
  name = "billing db"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
			},
			{Config: cfg},
		},
	})
}

func TestAccImport_byNameAndIdentifierCode(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	_, note := seedNamed(mock)
	unique := "3"
	code := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{"name": "gcp", "url": "https://gcp.com",
		"client_id": "c", "client_secret": "Cs-1", "identifier_code": "gcp-billing"}})
	gone := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "gone", "username": "g", "password": "Gone-1"}})
	mock.SetActive(senhaseguramock.KindPassword, gone, false)
	cfg := acctest.ProviderConfig(url) + `
resource "senhasegura_mysafe_password" "unique" {
  name     = "unique"
  username = "u"
  password = "Unique-1"
}

resource "senhasegura_mysafe_api_secret" "gcp" {
  name            = "gcp"
  url             = "https://gcp.com"
  client_id       = "c"
  client_secret   = "Cs-1"
  identifier_code = "gcp-billing"
}

resource "senhasegura_mysafe_note" "codes" {
  name = "recovery codes"
  note = "Codes-1"
  tags = ["mfa", "ops"]
}
`
	importStep := func(addr, id, want string) resource.TestStep {
		return resource.TestStep{
			Config: cfg, ResourceName: addr, ImportState: true, ImportStateId: id, ImportStatePersist: true,
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				typ := strings.Split(addr, ".")[0]
				for _, st := range states {
					if st.Ephemeral.Type == typ {
						if st.ID != want {
							return fmt.Errorf("%s imported as %s, want %s", addr, st.ID, want)
						}
						return nil
					}
				}
				return fmt.Errorf("no %s imported", typ)
			},
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			importStep("senhasegura_mysafe_password.unique", "unique", unique),
			importStep("senhasegura_mysafe_api_secret.gcp", "gcp-billing", code),
			{
				Config: cfg, ResourceName: "senhasegura_mysafe_note.codes", ImportState: true, ImportStateId: "recovery codes",
				ExpectError: regexp.MustCompile(`(?s)Cannot Import MySafe Note.*2\s+active\s+notes\s+are\s+named\s+"recovery\s+codes"`),
			},
			importStep("senhasegura_mysafe_note.codes", note, note),
			{
				// Everything imported: the configuration matches what MySafe holds.
				Config:            cfg,
				ConfigPlanChecks:  emptyPlanAfterApply(),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("senhasegura_mysafe_api_secret.gcp", tfjsonpath.New("id"), knownvalue.StringExact(code))},
			},
			{
				Config: cfg + `
resource "senhasegura_mysafe_password" "gone" {
  name     = "gone"
  username = "g"
  password = "Gone-1"
}
`,
				ResourceName: "senhasegura_mysafe_password.gone", ImportState: true, ImportStateId: gone,
				ExpectError: regexp.MustCompile(`(?s)Cannot Import MySafe Password.*MySafe\s+password\s+` + gone + `\s+is\s+deactivated.*Activate\s+it\s+in\s+MySafe`),
			},
		},
	})
}

// An empty share name gets a message that names the block, not the set element's raw path.
func TestAccValidation_emptyShareName(t *testing.T) {
	_, url := testAccMock(t, senhaseguramock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + `
resource "senhasegura_mysafe_password" "p" {
  name     = "p"
  username = "u"
  password = "Pw-1-x"
  users_allowed {
    username = ""
  }
}
`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Empty Share.*A\s+users_allowed\s+block\s+has\s+an\s+empty\s+user\s+name`),
		}},
	})
}
