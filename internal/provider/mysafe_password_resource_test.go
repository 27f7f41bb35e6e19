package provider

import (
	"errors"
	"fmt"
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

const pwAddr = "senhasegura_mysafe_password.test"

func testAccPasswordConfig(url, body string) string {
	return acctest.ProviderConfig(url) + "resource \"senhasegura_mysafe_password\" \"test\" {\n" + body + "\n}\n"
}

// The "senseg account" password of the vendor's documentation (seed 004).
const testAccPasswordSeed = `
  name       = "senseg account"
  url        = "www.senhasegura.com"
  username   = "npass"
  password   = "8jhfy@3789"
  secret_key = "JBSWY3DPEHPK3PXP"
  notes      = "Access details"
  tags       = ["tag2", "tag1"]

  users_allowed {
    username = "pduarte"
  }
  groups_allowed {
    name     = "Test group"
    can_edit = false
  }
`

const testAccPasswordUpdated = `
  name       = "senseg account 2"
  url        = "https://www.senhasegura.com/login"
  username   = "npass2"
  password   = "n3w-P@ss"
  secret_key = "JBSWY3DPEHPK3PXQ"
  notes      = "Rotated"
  tags       = ["access"]

  users_allowed {
    username = "pduarte"
    can_edit = true
  }
  users_allowed {
    username = "alices"
  }
`

const testAccPasswordNoShares = `
  name       = "senseg account 2"
  url        = "https://www.senhasegura.com/login"
  username   = "npass2"
  password   = "n3w-P@ss"
  secret_key = "JBSWY3DPEHPK3PXQ"
  notes      = "Rotated"
  tags       = ["access"]
`

func TestAccMySafePasswordResource_lifecycle(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllDeactivated(mock, senhaseguramock.KindPassword),
		Steps: []resource.TestStep{
			// Create.
			{
				Config:           testAccPasswordConfig(url, testAccPasswordSeed),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(pwAddr, plancheck.ResourceActionCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("notes"), knownvalue.StringExact("Access details")),
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("tags"), stringSet("tag1", "tag2")),
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("users_allowed"), knownvalue.SetExact([]knownvalue.Check{shareValue("username", "pduarte", false)})),
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("groups_allowed"), knownvalue.SetExact([]knownvalue.Check{shareValue("name", "Test group", false)})),
					statecheck.ExpectSensitiveValue(pwAddr, tfjsonpath.New("password")),
					statecheck.ExpectSensitiveValue(pwAddr, tfjsonpath.New("secret_key")),
				},
				Check: testAccCheckMock(mock, senhaseguramock.KindPassword, "1", func(it senhaseguramock.Item) error {
					if err := expectFields(it, map[string]string{"name": "senseg account", "password": "8jhfy@3789", "tags": "tag1, tag2", "secret_key": "JBSWY3DPEHPK3PXP", "notes": "Access details"}); err != nil {
						return err
					}
					if err := expectShares(it.UsersAllowed, senhaseguramock.Share{Name: "pduarte"}); err != nil {
						return err
					}
					// Create is one POST, with no GET to re-read what the POST returned.
					if p, g := mock.RequestCount("POST /mysafe/password"), mock.RequestCount("GET /mysafe/password/{id}"); p != 1 || g != 0 {
						return fmt.Errorf("create made %d POSTs and %d GETs, want 1 and 0", p, g)
					}
					return nil
				}),
			},
			// Import by identifier: every attribute, secrets included, comes back from GET.
			{
				ResourceName:      pwAddr,
				ImportState:       true,
				ImportStateId:     "1",
				ImportStateVerify: true,
			},
			// An import {} block with the same configuration plans no change.
			{ResourceName: pwAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			// Update every attribute in place, and add, change and remove shares.
			{
				Config:           testAccPasswordConfig(url, testAccPasswordUpdated),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(pwAddr, plancheck.ResourceActionUpdate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("users_allowed"), knownvalue.SetExact([]knownvalue.Check{
						shareValue("username", "pduarte", true), shareValue("username", "alices", false),
					})),
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("groups_allowed"), knownvalue.SetSizeExact(0)),
				},
				Check: testAccCheckMock(mock, senhaseguramock.KindPassword, "1", func(it senhaseguramock.Item) error {
					if err := expectFields(it, map[string]string{
						"name": "senseg account 2", "username": "npass2", "password": "n3w-P@ss", "url": "https://www.senhasegura.com/login",
						"secret_key": "JBSWY3DPEHPK3PXQ", "notes": "Rotated", "tags": "access",
					}); err != nil {
						return err
					}
					if err := expectShares(it.GroupsAllowed); err != nil {
						return err
					}
					return expectShares(it.UsersAllowed, senhaseguramock.Share{Name: "pduarte", CanEdit: true}, senhaseguramock.Share{Name: "alices"})
				}),
			},
			// Removing every block clears sharing on the server.
			{
				Config:           testAccPasswordConfig(url, testAccPasswordNoShares),
				ConfigPlanChecks: emptyPlanAfterApply(),
				Check: testAccCheckMock(mock, senhaseguramock.KindPassword, "1", func(it senhaseguramock.Item) error {
					if len(it.UsersAllowed)+len(it.GroupsAllowed) != 0 {
						return errors.New("sharing was not cleared")
					}
					return nil
				}),
			},
			// Tags re-spaced and re-ordered outside Terraform: no diff.
			{
				PreConfig: func() {
					mock.Modify(senhaseguramock.KindPassword, "1", func(it *senhaseguramock.Item) { it.Fields["tags"] = " access ," })
				},
				Config:   testAccPasswordConfig(url, testAccPasswordNoShares),
				PlanOnly: true,
			},
			// A share added in the web UI shows in the plan, and apply removes it.
			{
				PreConfig: func() {
					mock.Modify(senhaseguramock.KindPassword, "1", func(it *senhaseguramock.Item) {
						it.UsersAllowed = append(it.UsersAllowed, senhaseguramock.Share{Name: "mallory", CanEdit: true})
					})
				},
				Config: testAccPasswordConfig(url, testAccPasswordNoShares),
				ConfigPlanChecks: emptyPlanAfterApply(
					plancheck.ExpectResourceAction(pwAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(pwAddr, tfjsonpath.New("users_allowed"), knownvalue.SetSizeExact(0)),
				),
				Check: testAccCheckMock(mock, senhaseguramock.KindPassword, "1", func(it senhaseguramock.Item) error {
					return expectShares(it.UsersAllowed)
				}),
			},
			// A password changed in the web UI shows in the plan, and apply restores it.
			{
				PreConfig: func() {
					mock.Modify(senhaseguramock.KindPassword, "1", func(it *senhaseguramock.Item) { it.Fields["password"] = "changed-by-hand" })
				},
				Config:           testAccPasswordConfig(url, testAccPasswordNoShares),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(pwAddr, plancheck.ResourceActionUpdate)),
				Check: testAccCheckMock(mock, senhaseguramock.KindPassword, "1", func(it senhaseguramock.Item) error {
					return expectFields(it, map[string]string{"password": "n3w-P@ss"})
				}),
			},
			// Deactivated outside Terraform: the plan re-creates it.
			{
				PreConfig:        func() { mock.SetActive(senhaseguramock.KindPassword, "1", false) },
				Config:           testAccPasswordConfig(url, testAccPasswordNoShares),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(pwAddr, plancheck.ResourceActionCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("id"), knownvalue.StringExact("2")),
				},
				Check: testAccCheckMock(mock, senhaseguramock.KindPassword, "2", func(it senhaseguramock.Item) error {
					if !it.Active {
						return errors.New("re-created password is not active")
					}
					return expectFields(it, map[string]string{"name": "senseg account 2", "password": "n3w-P@ss"})
				}),
			},
		},
	})
}

// Only the required attributes; explicit can_edit = false and an empty tag set must not
// cause a diff either.
func TestAccMySafePasswordResource_minimal(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllDeactivated(mock, senhaseguramock.KindPassword),
		Steps: []resource.TestStep{
			{
				Config: testAccPasswordConfig(url, `
  name     = "db"
  username = "root"
  password = "s3cr3t-value"
`),
				ConfigPlanChecks: emptyPlanAfterApply(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("url"), knownvalue.Null()),
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("tags"), knownvalue.Null()),
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("secret_key"), knownvalue.Null()),
				},
			},
			{ResourceName: pwAddr, ImportState: true, ImportStateVerify: true},
			{
				Config: testAccPasswordConfig(url, `
  name     = "db"
  username = "root"
  password = "s3cr3t-value"
  notes    = ""
  tags     = []

  groups_allowed {
    name     = "dba"
    can_edit = false
  }
`),
				ConfigPlanChecks: emptyPlanAfterApply(),
			},
			// Optional values set, then removed from the configuration: MySafe no longer holds them.
			{
				Config: testAccPasswordConfig(url, `
  name       = "db"
  username   = "root"
  password   = "s3cr3t-value"
  url        = "https://db.example.com"
  notes      = "temporary"
  secret_key = "JBSWY3DPEHPK3PXP"
  tags       = ["tmp"]
`),
				ConfigPlanChecks: emptyPlanAfterApply(),
			},
			{
				Config: testAccPasswordConfig(url, `
  name     = "db"
  username = "root"
  password = "s3cr3t-value"
`),
				ConfigPlanChecks: emptyPlanAfterApply(),
				Check: testAccCheckMock(mock, senhaseguramock.KindPassword, "1", func(it senhaseguramock.Item) error {
					return expectFields(it, map[string]string{"url": "", "notes": "", "secret_key": "", "tags": ""})
				}),
			},
		},
	})
}

func TestAccMySafePasswordResource_validation(t *testing.T) {
	_, url := testAccMock(t, senhaseguramock.Options{})
	cases := []struct {
		body string
		err  string
	}{
		{`name = ""
  username = "u"
  password = "p"`, `Attribute name string length must be at least 1`},
		{`name = "n"
  username = "u"
  password = ""`, `Attribute password string length must be at least 1`},
		{`name = "n"
  username = "u"
  password = "p"
  secret_key = "not-base32!"`, `Invalid TOTP Secret Key`},
		{`name = "n"
  username = "u"
  password = "p"
  secret_key = "ABC"`, `a base32 TOTP seed has at least 10`},
		{`name = "n"
  username = "u"
  password = "p"
  users_allowed {
    username = "alices"
  }
  users_allowed {
    username = "alices"
    can_edit = true
  }`, `(?s)Duplicate Share.*"alices"`},
		{`name = "n"
  username = "u"
  password = "p"
  groups_allowed {
    name = ""
  }`, `(?s)Empty Share.*A\s+groups_allowed\s+block\s+has\s+an\s+empty\s+group\s+name`},
		{`name = "n"
  username = "u"
  password = "p"
  tags = ["a,b"]`, `must be non-empty, contain no comma`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      testAccPasswordConfig(url, c.body),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.err),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// Importing a password the access key's user cannot see says so; an import ID that is no
// identifier is a name, and one no password has says so; an identifier that names nothing says
// so (never Terraform's generic "non-existent remote object").
func TestAccMySafePasswordResource_importErrors(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Owner: "bob", Fields: map[string]string{"name": "bobs", "username": "b", "password": "bob-password"}})
	cfg := testAccPasswordConfig(url, `
  name     = "bobs"
  username = "b"
  password = "bob-password"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ResourceName: pwAddr, ImportState: true, ImportStateId: "1", ExpectError: regexp.MustCompile(`(?s)has no access.*MySafe error 1006`)},
			{Config: cfg, ResourceName: pwAddr, ImportState: true, ImportStateId: "senseg account",
				ExpectError: regexp.MustCompile(`(?s)Cannot Import MySafe Password.*No\s+active\s+password\s+is\s+named\s+"senseg\s+account"`)},
			{Config: cfg, ResourceName: pwAddr, ImportState: true, ImportStateId: "99",
				ExpectError: regexp.MustCompile(`(?s)Cannot Import MySafe Password.*MySafe\s+password\s+99\s+does\s+not\s+exist`)},
		},
	})
}
