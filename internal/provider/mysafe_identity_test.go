package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// testAccIdentityItems holds one item of each kind. A seeded password takes identifier 1, so
// the managed password's identity is "2".
func testAccIdentityItems(url, name string) string {
	return acctest.ProviderConfig(url) + `
resource "senhasegura_mysafe_password" "test" {
  name     = "` + name + `"
  username = "svc"
  password = "Id-Pw-1"
}

resource "senhasegura_mysafe_api_secret" "test" {
  name          = "` + name + `"
  url           = "https://api.example.com"
  client_id     = "cid"
  client_secret = "Id-Cs-1"
}

resource "senhasegura_mysafe_note" "test" {
  name = "` + name + `"
  note = "Id-Note-1"
}
`
}

func expectIdentities(ids map[string]string) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for addr, id := range ids {
		checks = append(checks,
			statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}),
			statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")))
	}
	return checks
}

// TestAccIdentity: every item resource has the identity {id}, set on create, kept on update and
// refresh, and an import block with `identity = { id = … }` imports the item as it is (a
// no-op plan, the same identity).
func TestAccIdentity(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "other", "username": "x", "password": "y"}})
	ids := map[string]string{pwAddr: "2", asAddr: "1", noteAddr: "1"}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllDeactivated(mock, senhaseguramock.KindNote),
		Steps: []resource.TestStep{
			{Config: testAccIdentityItems(url, "identity"), ConfigStateChecks: expectIdentities(ids)},
			{
				Config:            testAccIdentityItems(url, "identity renamed"),
				ConfigPlanChecks:  emptyPlanAfterApply(plancheck.ExpectResourceAction(pwAddr, plancheck.ResourceActionUpdate)),
				ConfigStateChecks: expectIdentities(ids),
			},
			{ResourceName: pwAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{ResourceName: asAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{ResourceName: noteAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
		},
	})
}

// TestAccIdentity_writeOnlyImport: with the provider setting write_only_import, an import by
// identity reads no secret into the state and records write-only mode, so the configured *_wo
// values are sent by the first apply and the plan after it is empty.
func TestAccIdentity_writeOnlyImport(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "db", "username": "root", "password": "Seeded-Id-Pw"}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "codes", "note": "Seeded-Id-Note"}})
	cfg := acctest.ProviderConfig(url, "write_only_import = true") + `
variable "pw" {
  type      = string
  ephemeral = true
}
variable "codes" {
  type      = string
  ephemeral = true
}

import {
  to       = senhasegura_mysafe_password.db
  identity = { id = "1" }
}
resource "senhasegura_mysafe_password" "db" {
  name                = "db"
  username            = "root"
  password_wo         = var.pw
  password_wo_version = 1
}

import {
  to       = senhasegura_mysafe_note.codes
  identity = { id = "1" }
}
resource "senhasegura_mysafe_note" "codes" {
  name            = "codes"
  note_wo         = var.codes
  note_wo_version = 1
}
`
	vars := config.Variables{"pw": config.StringVariable("Wo-Id-Pw-2"), "codes": config.StringVariable("Wo-Id-Note-2")}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          cfg,
			ConfigVariables: vars,
			ConfigPlanChecks: emptyPlanAfterApply(
				noSecretInPlan{[]string{"Seeded-Id-Pw", "Seeded-Id-Note", "Wo-Id-Pw-2", "Wo-Id-Note-2"}},
				plancheck.ExpectResourceAction("senhasegura_mysafe_password.db", plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction("senhasegura_mysafe_note.codes", plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue("senhasegura_mysafe_password.db", tfjsonpath.New("password"), knownvalue.Null()),
				plancheck.ExpectKnownValue("senhasegura_mysafe_note.codes", tfjsonpath.New("note"), knownvalue.Null()),
			),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("senhasegura_mysafe_password.db", tfjsonpath.New("password"), knownvalue.Null()),
				statecheck.ExpectKnownValue("senhasegura_mysafe_note.codes", tfjsonpath.New("note"), knownvalue.Null()),
				statecheck.ExpectIdentity("senhasegura_mysafe_note.codes", map[string]knownvalue.Check{"id": knownvalue.StringExact("1")}),
			},
			Check: resource.ComposeTestCheckFunc(
				testAccCheckMock(mock, senhaseguramock.KindPassword, "1", func(it senhaseguramock.Item) error {
					return expectFields(it, map[string]string{"password": "Wo-Id-Pw-2"})
				}),
				testAccCheckMock(mock, senhaseguramock.KindNote, "1", func(it senhaseguramock.Item) error {
					return expectFields(it, map[string]string{"note": "Wo-Id-Note-2"})
				}),
			),
		}},
	})
}

// TestSetIdentityMatchesSetAttribute: setIdentity writes the identity value that the framework's
// SetAttribute writes, from a null identity (a create, Terraform before 1.12) or another one.
func TestSetIdentityMatchesSetAttribute(t *testing.T) {
	ctx := context.Background()
	typ := mysafeIdentitySchema.Type().TerraformType(ctx)
	for name, prior := range map[string]tftypes.Value{
		"null":  tftypes.NewValue(typ, nil),
		"other": tftypes.NewValue(typ, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "9")}),
	} {
		want := tfsdk.ResourceIdentity{Schema: mysafeIdentitySchema, Raw: prior.Copy()}
		if diags := want.SetAttribute(ctx, path.Root("id"), "312"); diags.HasError() {
			t.Fatal(diags)
		}
		got := tfsdk.ResourceIdentity{Schema: mysafeIdentitySchema, Raw: prior.Copy()}
		var diags diag.Diagnostics
		setIdentity(ctx, &got, "312", &diags)
		if diags.HasError() || !got.Raw.Equal(want.Raw) {
			t.Errorf("%s: setIdentity wrote %s, SetAttribute %s (%v)", name, got.Raw, want.Raw, diags)
		}
	}
}
