package provider

import (
	"errors"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

const asAddr = "senhasegura_mysafe_api_secret.test"

func testAccAPISecretConfig(url, body string) string {
	return acctest.ProviderConfig(url) + "resource \"senhasegura_mysafe_api_secret\" \"test\" {\n" + body + "\n}\n"
}

// The GCP API secret of the vendor's documentation (seed 002).
const testAccAPISecretSeed = `
  name            = "GCP"
  url             = "https://gcp.com"
  client_id       = "gf455f7g8fb5dfg8fd545bffbv"
  client_secret   = "gf5464g5v7ffsd857xc4fds57g8fds"
  identifier_code = "hyga125"
  tags            = ["Cloud"]
  notes           = "Access details"
  method          = "get"

  users_allowed {
    username = "pduarte"
    can_edit = true
  }
  groups_allowed {
    name = "Test group"
  }
`

const testAccAPISecretUpdated = `
  name            = "GCP1"
  url             = "https://gcp1.com"
  client_id       = "hb455f7g8fg9dfg8yt845bxxku"
  client_secret   = "hy7464g5v8ghy4d858jk7fds57t4tr"
  identifier_code = "gcp7852"
  tags            = ["Cloud1", "prod"]
  notes           = "Access details for this API secret"
  method          = "post"

  users_allowed {
    username = "alices"
    can_edit = true
  }
  groups_allowed {
    name     = "Test group"
    can_edit = true
  }
`

const testAccAPISecretNoShares = `
  name            = "GCP1"
  url             = "https://gcp1.com"
  client_id       = "hb455f7g8fg9dfg8yt845bxxku"
  client_secret   = "hy7464g5v8ghy4d858jk7fds57t4tr"
  identifier_code = "gcp7852"
  tags            = ["Cloud1", "prod"]
  notes           = "Access details for this API secret"
  method          = "post"
`

func TestAccMySafeAPISecretResource_lifecycle(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllDeactivated(mock, senhaseguramock.KindAPISecret),
		Steps: []resource.TestStep{
			{
				Config:           testAccAPISecretConfig(url, testAccAPISecretSeed),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(asAddr, plancheck.ResourceActionCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(asAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(asAddr, tfjsonpath.New("identifier_code"), knownvalue.StringExact("hyga125")),
					statecheck.ExpectKnownValue(asAddr, tfjsonpath.New("users_allowed"), knownvalue.SetExact([]knownvalue.Check{shareValue("username", "pduarte", true)})),
					statecheck.ExpectKnownValue(asAddr, tfjsonpath.New("groups_allowed"), knownvalue.SetExact([]knownvalue.Check{shareValue("name", "Test group", false)})),
					statecheck.ExpectSensitiveValue(asAddr, tfjsonpath.New("client_secret")),
				},
				Check: testAccCheckMock(mock, senhaseguramock.KindAPISecret, "1", func(it senhaseguramock.Item) error {
					return expectFields(it, map[string]string{"client_secret": "gf5464g5v7ffsd857xc4fds57g8fds", "tags": "Cloud", "method": "get"})
				}),
			},
			// GET answers api_secret_entity with users_allowed[].name: import must still match.
			{ResourceName: asAddr, ImportState: true, ImportStateVerify: true},
			// An import {} block with the same configuration plans no change.
			{ResourceName: asAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			{
				Config:           testAccAPISecretConfig(url, testAccAPISecretUpdated),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(asAddr, plancheck.ResourceActionUpdate)),
				Check: testAccCheckMock(mock, senhaseguramock.KindAPISecret, "1", func(it senhaseguramock.Item) error {
					if err := expectFields(it, map[string]string{
						"name": "GCP1", "url": "https://gcp1.com", "client_id": "hb455f7g8fg9dfg8yt845bxxku", "client_secret": "hy7464g5v8ghy4d858jk7fds57t4tr",
						"identifier_code": "gcp7852", "tags": "Cloud1, prod", "notes": "Access details for this API secret", "method": "post",
					}); err != nil {
						return err
					}
					if err := expectShares(it.GroupsAllowed, senhaseguramock.Share{Name: "Test group", CanEdit: true}); err != nil {
						return err
					}
					return expectShares(it.UsersAllowed, senhaseguramock.Share{Name: "alices", CanEdit: true})
				}),
			},
			{
				Config:           testAccAPISecretConfig(url, testAccAPISecretNoShares),
				ConfigPlanChecks: emptyPlanAfterApply(),
				Check: testAccCheckMock(mock, senhaseguramock.KindAPISecret, "1", func(it senhaseguramock.Item) error {
					if len(it.UsersAllowed)+len(it.GroupsAllowed) != 0 {
						return errors.New("sharing was not cleared")
					}
					return nil
				}),
			},
			// A group share added outside Terraform shows in the plan; apply removes it.
			{
				PreConfig: func() {
					mock.Modify(senhaseguramock.KindAPISecret, "1", func(it *senhaseguramock.Item) {
						it.GroupsAllowed = []senhaseguramock.Share{{Name: "contractors", CanEdit: true}}
					})
				},
				Config: testAccAPISecretConfig(url, testAccAPISecretNoShares),
				ConfigPlanChecks: emptyPlanAfterApply(
					plancheck.ExpectResourceAction(asAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(asAddr, tfjsonpath.New("groups_allowed"), knownvalue.SetSizeExact(0)),
				),
				Check: testAccCheckMock(mock, senhaseguramock.KindAPISecret, "1", func(it senhaseguramock.Item) error {
					return expectShares(it.GroupsAllowed)
				}),
			},
			// Deactivated outside Terraform: re-created, with the same identifier_code.
			{
				PreConfig:        func() { mock.SetActive(senhaseguramock.KindAPISecret, "1", false) },
				Config:           testAccAPISecretConfig(url, testAccAPISecretNoShares),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(asAddr, plancheck.ResourceActionCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(asAddr, tfjsonpath.New("id"), knownvalue.StringExact("2")),
				},
			},
		},
	})
}

func TestAccMySafeAPISecretResource_duplicateIdentifierCode(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{"name": "other", "url": "u", "client_id": "c", "identifier_code": "taken"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccAPISecretConfig(url, `
  name            = "mine"
  url             = "https://api.example.com"
  client_id       = "id"
  identifier_code = "taken"
`),
				ExpectError: regexp.MustCompile(`(?s)Duplicate identifier_code.*identifier_code = "taken".*MySafe error 1001: Identifier already found`),
			},
			// A minimal API secret: client_secret is optional.
			{
				Config: testAccAPISecretConfig(url, `
  name      = "mine"
  url       = "https://api.example.com"
  client_id = "id"
`),
				ConfigPlanChecks: emptyPlanAfterApply(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(asAddr, tfjsonpath.New("client_secret"), knownvalue.Null()),
				},
			},
			// Changing to a code in use fails on update and leaves state as it was.
			{
				Config: testAccAPISecretConfig(url, `
  name            = "mine"
  url             = "https://api.example.com"
  client_id       = "id"
  identifier_code = "taken"
`),
				ExpectError: regexp.MustCompile(`Duplicate identifier_code`),
			},
			{
				Config: testAccAPISecretConfig(url, `
  name      = "mine"
  url       = "https://api.example.com"
  client_id = "id"
`),
				PlanOnly: true,
			},
		},
	})
}

// MySafe refuses an identifier_code another API secret of the user has: the error names that
// API secret and the import block that adopts it (duplicate_check off, so that only the
// apply's own error shows).
func TestAccMySafeAPISecretResource_duplicateNamesHolder(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{"name": "first", "url": "u", "client_id": "c", "identifier_code": "free"}})
	holder := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{"name": "other", "url": "u", "client_id": "c", "identifier_code": "taken"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url, `duplicate_check = "off"`) + `
resource "senhasegura_mysafe_api_secret" "test" {
  name                     = "mine"
  url                      = "https://api.example.com"
  client_id                = "id"
  identifier_code          = "taken"
  client_secret_wo         = "Dup-Cs-1"
  client_secret_wo_version = 1
}
`,
			ExpectError: regexp.MustCompile(`(?s)Duplicate identifier_code.*API secret ` + holder + ` already has the same\s+identifier_code.*id = "write-only:` + holder + `".*MySafe error 1001`),
		}},
	})
}
