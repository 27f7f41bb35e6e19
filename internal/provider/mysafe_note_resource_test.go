package provider

import (
	"errors"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

const noteAddr = "senhasegura_mysafe_note.test"

func testAccNoteConfig(url, body string) string {
	return acctest.ProviderConfig(url) + "resource \"senhasegura_mysafe_note\" \"test\" {\n" + body + "\n}\n"
}

// The "Secret note" of the vendor's create page.
const testAccNoteSeed = `
  name = "Secret note"
  note = "My super top secret note"
  tags = ["secret"]
  users_allowed {
    username = "pduarte"
  }
  groups_allowed {
    name = "Test group"
  }
`

const testAccNoteUpdated = `
  name = "Recovery codes"
  note = "1111-2222-3333"
  tags = ["mfa", "recovery"]
  users_allowed {
    username = "pduarte"
    can_edit = true
  }
  users_allowed {
    username = "alices"
  }
`

const testAccNoteNoShares = `
  name = "Recovery codes"
  note = "1111-2222-3333"
  tags = ["mfa", "recovery"]
`

func TestAccMySafeNoteResource_basic(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllDeactivated(mock, senhaseguramock.KindNote),
		Steps: []resource.TestStep{
			// Create: one POST, no read-after-write GET.
			{
				Config:           testAccNoteConfig(url, testAccNoteSeed),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(noteAddr, plancheck.ResourceActionCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(noteAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(noteAddr, tfjsonpath.New("tags"), stringSet("secret")),
					statecheck.ExpectKnownValue(noteAddr, tfjsonpath.New("users_allowed"), knownvalue.SetExact([]knownvalue.Check{shareValue("username", "pduarte", false)})),
					statecheck.ExpectKnownValue(noteAddr, tfjsonpath.New("groups_allowed"), knownvalue.SetExact([]knownvalue.Check{shareValue("name", "Test group", false)})),
					statecheck.ExpectSensitiveValue(noteAddr, tfjsonpath.New("note")),
				},
				Check: testAccCheckMock(mock, senhaseguramock.KindNote, "1", func(it senhaseguramock.Item) error {
					if err := expectFields(it, map[string]string{"name": "Secret note", "note": "My super top secret note", "tags": "secret"}); err != nil {
						return err
					}
					if p, g := mock.RequestCount("POST /mysafe/note"), mock.RequestCount("GET /mysafe/note/{id}"); p != 1 || g != 0 {
						return fmt.Errorf("create made %d POSTs and %d GETs, want 1 and 0", p, g)
					}
					return nil
				}),
			},
			// Import by identifier: every attribute, the content included, comes back from GET.
			{ResourceName: noteAddr, ImportState: true, ImportStateId: "1", ImportStateVerify: true},
			{ResourceName: noteAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			// Update every attribute; shares added, changed and removed.
			{
				Config:           testAccNoteConfig(url, testAccNoteUpdated),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(noteAddr, plancheck.ResourceActionUpdate)),
				Check: testAccCheckMock(mock, senhaseguramock.KindNote, "1", func(it senhaseguramock.Item) error {
					if err := expectFields(it, map[string]string{"name": "Recovery codes", "note": "1111-2222-3333", "tags": "mfa, recovery"}); err != nil {
						return err
					}
					if err := expectShares(it.GroupsAllowed); err != nil {
						return err
					}
					return expectShares(it.UsersAllowed, senhaseguramock.Share{Name: "pduarte", CanEdit: true}, senhaseguramock.Share{Name: "alices"})
				}),
			},
			// Removing every block clears sharing.
			{
				Config:           testAccNoteConfig(url, testAccNoteNoShares),
				ConfigPlanChecks: emptyPlanAfterApply(),
				Check: testAccCheckMock(mock, senhaseguramock.KindNote, "1", func(it senhaseguramock.Item) error {
					if len(it.UsersAllowed)+len(it.GroupsAllowed) != 0 {
						return errors.New("sharing was not cleared")
					}
					return nil
				}),
			},
			// Content and a share changed outside Terraform show in the plan; apply restores them.
			{
				PreConfig: func() {
					mock.Modify(senhaseguramock.KindNote, "1", func(it *senhaseguramock.Item) {
						it.Fields["note"] = "changed-by-hand"
						it.UsersAllowed = append(it.UsersAllowed, senhaseguramock.Share{Name: "mallory", CanEdit: true})
					})
				},
				Config: testAccNoteConfig(url, testAccNoteNoShares),
				ConfigPlanChecks: emptyPlanAfterApply(
					plancheck.ExpectResourceAction(noteAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(noteAddr, tfjsonpath.New("users_allowed"), knownvalue.SetSizeExact(0)),
				),
				Check: testAccCheckMock(mock, senhaseguramock.KindNote, "1", func(it senhaseguramock.Item) error {
					if err := expectShares(it.UsersAllowed); err != nil {
						return err
					}
					return expectFields(it, map[string]string{"note": "1111-2222-3333"})
				}),
			},
			// Deactivated outside Terraform: the plan re-creates it.
			{
				PreConfig:        func() { mock.SetActive(senhaseguramock.KindNote, "1", false) },
				Config:           testAccNoteConfig(url, testAccNoteNoShares),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(noteAddr, plancheck.ResourceActionCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(noteAddr, tfjsonpath.New("id"), knownvalue.StringExact("2")),
				},
			},
		},
	})
}

// The write-only matrix of the note's content: plain → write-only → unchanged version (not
// re-sent) → version bump (sent) → drift found and fixed → plain again; the content never
// reaches the state, its backup or a saved plan in write-only mode.
func TestAccMySafeNoteResource_writeOnly(t *testing.T) {
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	mock, url := testAccMock(t, senhaseguramock.Options{})
	wo := testAccNoteConfig(url, `
  name            = "Licence"
  note_wo         = var.content
  note_wo_version = var.content_version
`) + `
variable "content" {
  type      = string
  ephemeral = true
}
variable "content_version" {
  type = number
}
`
	vars := func(content string, version int) config.Variables {
		return config.Variables{"content": config.StringVariable(content), "content_version": config.IntegerVariable(version)}
	}
	plain := testAccNoteConfig(url, `
  name = "Licence"
  note = "plain-text-licence"
`)
	noteNull := statecheck.ExpectKnownValue(noteAddr, tfjsonpath.New("note"), knownvalue.Null())
	content := func(want string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			if err := noSecretInFiles(workDir); err != nil {
				return err
			}
			return testAccCheckMock(mock, senhaseguramock.KindNote, "1", func(it senhaseguramock.Item) error {
				return expectFields(it, map[string]string{"note": want})
			})(s)
		}
	}
	puts := func() int { return mock.RequestCount("PUT /mysafe/note/update/{id}") }
	var before int
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllDeactivated(mock, senhaseguramock.KindNote),
		Steps: []resource.TestStep{
			{Config: plain, ConfigPlanChecks: emptyPlanAfterApply(noSecretInPlan{woValues}), Check: content("plain-text-licence")},
			{
				Config: wo, ConfigVariables: vars("wo-licence-1", 1), ConfigPlanChecks: emptyPlanAfterApply(noSecretInPlan{woValues}),
				ConfigStateChecks: []statecheck.StateCheck{noteNull}, Check: content("wo-licence-1"),
			},
			// A new value without a version bump is not sent.
			{
				PreConfig: func() { before = puts() },
				Config:    wo, ConfigVariables: vars("wo-licence-ignored", 1), ConfigPlanChecks: emptyPlanAfterApply(noSecretInPlan{woValues}),
				ConfigStateChecks: []statecheck.StateCheck{noteNull},
				Check: func(*terraform.State) error {
					if puts() != before {
						return errors.New("the write-only content was re-sent without a version bump")
					}
					return content("wo-licence-1")(nil)
				},
			},
			{
				Config: wo, ConfigVariables: vars("wo-licence-2", 2), ConfigPlanChecks: emptyPlanAfterApply(noSecretInPlan{woValues}),
				ConfigStateChecks: []statecheck.StateCheck{noteNull}, Check: content("wo-licence-2"),
			},
			// Changed in MySafe: drift_detected shows it, apply re-sends the configured value.
			{
				PreConfig: func() {
					mock.Modify(senhaseguramock.KindNote, "1", func(it *senhaseguramock.Item) { it.Fields["note"] = "changed-by-hand" })
				},
				Config: wo, ConfigVariables: vars("wo-licence-2", 2),
				ConfigPlanChecks:  emptyPlanAfterApply(noSecretInPlan{woValues}, plancheck.ExpectResourceAction(noteAddr, plancheck.ResourceActionUpdate)),
				ConfigStateChecks: []statecheck.StateCheck{noteNull}, Check: content("wo-licence-2"),
			},
			{Config: plain, ConfigPlanChecks: emptyPlanAfterApply(noSecretInPlan{woValues}), Check: content("plain-text-licence")},
		},
	})
}
