package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafemock"
)

func TestAccMySafePasswordResource_writeOnly(t *testing.T) {
	mock, url := testAccMock(t, mysafemock.Options{})
	cfg := func(name, password, version string) string {
		return testAccPasswordConfig(url, `
  name                  = "`+name+`"
  username              = "svc"
  password_wo           = "`+password+`"
  password_wo_version   = `+version+`
  secret_key_wo         = "JBSWY3DPEHPK3PXP"
  secret_key_wo_version = 1
`)
	}
	stored := func(want string) resource.TestCheckFunc {
		return testAccCheckMock(mock, mysafemock.KindPassword, "1", func(it mysafemock.Item) error {
			return expectFields(it, map[string]string{"password": want, "secret_key": "JBSWY3DPEHPK3PXP"})
		})
	}
	notInState := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("password"), knownvalue.Null()),
		statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("password_wo"), knownvalue.Null()),
		statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("secret_key"), knownvalue.Null()),
		statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("secret_key_wo"), knownvalue.Null()),
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllDeactivated(mock, mysafemock.KindPassword),
		Steps: []resource.TestStep{
			{
				Config:            cfg("svc", "Wo-Secret-1", "1"),
				ConfigPlanChecks:  emptyPlanAfterApply(),
				ConfigStateChecks: append(notInState, statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("password_wo_version"), knownvalue.Int64Exact(1))),
				Check:             stored("Wo-Secret-1"),
			},
			// The value alone changing does nothing: Terraform cannot see write-only values.
			{Config: cfg("svc", "Wo-Secret-2", "1"), PlanOnly: true},
			// Bumping the version sends the new value.
			{
				Config: cfg("svc", "Wo-Secret-2", "2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(pwAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: notInState,
				Check:             stored("Wo-Secret-2"),
			},
			// Another change re-sends the full object, the write-only value included.
			{Config: cfg("svc-renamed", "Wo-Secret-2", "2"), ConfigStateChecks: notInState, Check: stored("Wo-Secret-2")},
			// A password changed outside Terraform is not tracked in write-only mode.
			{
				PreConfig: func() {
					mock.Modify(mysafemock.KindPassword, "1", func(it *mysafemock.Item) { it.Fields["password"] = "changed-by-hand" })
				},
				Config:   cfg("svc-renamed", "Wo-Secret-2", "2"),
				PlanOnly: true,
			},
		},
	})
}

func TestAccMySafePasswordResource_writeOnlyValidation(t *testing.T) {
	_, url := testAccMock(t, mysafemock.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccPasswordConfig(url, `
  name        = "n"
  username    = "u"
  password    = "plain"
  password_wo = "write-only"
  password_wo_version = 1
`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination`),
			},
			{
				Config: testAccPasswordConfig(url, `
  name     = "n"
  username = "u"
`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)No attribute specified when one \(and only one\) of\s+\[password_wo\] is required`),
			},
			{
				Config: testAccPasswordConfig(url, `
  name        = "n"
  username    = "u"
  password_wo = "write-only"
`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute "password_wo_version" must be specified when "password_wo" is\s+specified`),
			},
		},
	})
}

func TestAccMySafeAPISecretResource_writeOnly(t *testing.T) {
	mock, url := testAccMock(t, mysafemock.Options{})
	cfg := func(secret, version string) string {
		return testAccAPISecretConfig(url, `
  name                     = "GCP"
  url                      = "https://gcp.com"
  client_id                = "cid"
  client_secret_wo         = "`+secret+`"
  client_secret_wo_version = `+version+`
`)
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:           cfg("Cs-Wo-1", "1"),
				ConfigPlanChecks: emptyPlanAfterApply(),
				// MySafe echoes client_secret on create; in write-only mode it is not stored.
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(asAddr, tfjsonpath.New("client_secret"), knownvalue.Null()),
					statecheck.ExpectKnownValue(asAddr, tfjsonpath.New("client_secret_wo"), knownvalue.Null()),
				},
				Check: testAccCheckMock(mock, mysafemock.KindAPISecret, "1", func(it mysafemock.Item) error {
					return expectFields(it, map[string]string{"client_secret": "Cs-Wo-1"})
				}),
			},
			{
				Config: cfg("Cs-Wo-2", "2"),
				Check: testAccCheckMock(mock, mysafemock.KindAPISecret, "1", func(it mysafemock.Item) error {
					return expectFields(it, map[string]string{"client_secret": "Cs-Wo-2"})
				}),
			},
		},
	})
}
