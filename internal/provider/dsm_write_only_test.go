package provider

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// dsmWOValues are the write-only values of the tests below: none may reach a state file, its
// backup or a saved plan.
var dsmWOValues = []string{"Dsm-Wo-One-1", "Dsm-Wo-Two-2", "Dsm-Wo-Ignored-3", "Dsm-Wo-Outside-4", "Dsm-Wo-Import-5"}

// dsmWOConfig is a secret with values_wo from an ephemeral input variable (a literal would sit
// in the plan's configuration), its version, and a description.
func dsmWOConfig(url, pass string, version int, description string) (string, config.Variables) {
	return testAccDSMProvider(url) + `
variable "pass" {
  type      = string
  ephemeral = true
}
` + dsmSecretHCL("app", `identity = "team/app/db"`, fmt.Sprintf("description = %q", description),
		`values_wo = { USER = "app", PASS = var.pass }`, fmt.Sprintf("values_wo_version = %d", version)), config.Variables{"pass": config.StringVariable(pass)}
}

// values_wo never reaches the state, its backup or a saved plan; it is sent on create and on a
// new version only: an update of the description re-sends what DSM holds (not a new values_wo
// whose version did not change); a change made in DSM outside Terraform is found by the keyed
// digest (drift_detected names values_wo and version, with a warning) and the next apply
// re-sends the configured values once; then the plan is empty.
func TestAccDSMSecret_writeOnly(t *testing.T) {
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	mock, url := testAccMock(t, senhaseguramock.Options{})
	const addr = "senhasegura_dsm_secret.app"
	holds := func(pass string) resource.TestCheckFunc {
		return resource.ComposeTestCheckFunc(
			checkDSMSecret(mock, "team/app/db", holdsValues(map[string]string{"USER": "app", "PASS": pass})),
			func(*terraform.State) error { return noValueInFiles(workDir, dsmWOValues) },
		)
	}
	step := func(pass string, version int, description string, check resource.TestCheckFunc, preApply ...plancheck.PlanCheck) resource.TestStep {
		cfg, vars := dsmWOConfig(url, pass, version, description)
		return resource.TestStep{
			Config: cfg, ConfigVariables: vars,
			ConfigPlanChecks: emptyPlanAfterApply(append(preApply, noSecretInPlan{dsmWOValues})...),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("values"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("keys"), stringSet("PASS", "USER")),
			},
			Check: check,
		}
	}
	outside := func() {
		mock.ModifyDSMSecret("team/app/db", func(s *senhaseguramock.DSMSecret) {
			s.Values = map[string]string{"USER": "app", "PASS": "Dsm-Wo-Outside-4"}
			s.Version++
		})
	}
	driftCfg, driftVars := dsmWOConfig(url, "Dsm-Wo-Two-2", 2, "second")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			step("Dsm-Wo-One-1", 1, "first", holds("Dsm-Wo-One-1")),
			// A new values_wo without a new version: the description's update re-sends what DSM holds.
			step("Dsm-Wo-Ignored-3", 1, "second", holds("Dsm-Wo-One-1"), plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)),
			step("Dsm-Wo-Two-2", 2, "second", holds("Dsm-Wo-Two-2"), plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)),
			{
				// Changed in DSM outside Terraform: the refresh finds it, and the plan re-sends.
				PreConfig: outside, Config: driftCfg, ConfigVariables: driftVars,
				PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			step("Dsm-Wo-Two-2", 2, "second", holds("Dsm-Wo-Two-2"), plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				expectRefreshed{addr, "drift_detected", []any{"values_wo", "version"}}),
		},
	})
}

// expectRefreshed is a plan check on what the plan's refresh found: the attribute's value in
// the resource change's "before" (the refreshed state).
type expectRefreshed struct {
	addr, attr string
	want       any
}

func (e expectRefreshed) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		if got := before[e.attr]; !reflect.DeepEqual(got, e.want) {
			resp.Error = fmt.Errorf("%s.%s refreshed to %v, want %v", e.addr, e.attr, got, e.want)
		}
		return
	}
	resp.Error = fmt.Errorf("no change of %s in the plan", e.addr)
}

// A change of the values in DSM, outside Terraform, shows in the plan: plain values by their
// difference (and the version, in drift_detected, with a warning), then the apply writes the
// configuration again. A key added outside shows too.
func TestAccDSMSecret_drift(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	const addr = "senhasegura_dsm_secret.app"
	cfg := testAccDSMProvider(url) + dsmSecretHCL("app", `identity = "svc/api"`, `values = { TOKEN = "Dsm-Drift-1" }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigPlanChecks: emptyPlanAfterApply()},
			{
				PreConfig: func() {
					mock.ModifyDSMSecret("svc/api", func(s *senhaseguramock.DSMSecret) {
						s.Values = map[string]string{"TOKEN": "changed-in-ui", "EXTRA": "added-in-ui"}
						s.Version++
					})
				},
				Config:             cfg,
				ExpectNonEmptyPlan: true,
				PlanOnly:           true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: emptyPlanAfterApply(
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("keys"), stringSet("TOKEN")),
				),
				Check: checkDSMSecret(mock, "svc/api", holdsValues(map[string]string{"TOKEN": "Dsm-Drift-1"})),
			},
		},
	})
}

// `write-only:<identity>`, or an import block by identity when the provider sets
// write_only_import (neither an identity nor terraform query's import blocks can carry the
// prefix), imports every field but the values, which stay null and never reach the state; the
// first apply sends the configured values_wo once.
func TestAccDSMSecret_importWriteOnly(t *testing.T) {
	for _, c := range []struct {
		name, setting, target string
		from                  *version.Version
	}{
		{"id prefix", "", `id = "write-only:legacy/app"`, tfversion.Version1_11_0},
		{"identity with write_only_import", "write_only_import = true", `identity = { id = "legacy/app" }`, tfversion.Version1_12_0},
	} {
		t.Run(c.name, func(t *testing.T) {
			workDir := t.TempDir()
			t.Setenv("TF_ACC_TEMP_DIR", workDir)
			mock, url := testAccMock(t, senhaseguramock.Options{})
			mock.SeedDSMSecret(senhaseguramock.DefaultDSMClientID, senhaseguramock.DSMSecret{Identity: "legacy/app", Values: map[string]string{"PASS": "Dsm-Wo-Import-5"}})
			settings := []string{}
			if c.setting != "" {
				settings = append(settings, c.setting)
			}
			cfg := testAccDSMProvider(url, settings...) + `
variable "pass" {
  type      = string
  ephemeral = true
}

import {
  to = senhasegura_dsm_secret.legacy
  ` + c.target + `
}
` + dsmSecretHCL("legacy", `identity = "legacy/app"`, `values_wo = { PASS = var.pass }`, `values_wo_version = 1`)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(c.from)},
				Steps: []resource.TestStep{{
					Config: cfg, ConfigVariables: config.Variables{"pass": config.StringVariable("Dsm-Wo-One-1")},
					ConfigPlanChecks: emptyPlanAfterApply(noSecretInPlan{dsmWOValues}),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("senhasegura_dsm_secret.legacy", tfjsonpath.New("values"), knownvalue.Null()),
					},
					Check: resource.ComposeTestCheckFunc(
						checkDSMSecret(mock, "legacy/app", func(s senhaseguramock.DSMSecret) error {
							if !maps.Equal(s.Values, map[string]string{"PASS": "Dsm-Wo-One-1"}) {
								return fmt.Errorf("values %v", s.Values)
							}
							return nil
						}),
						func(*terraform.State) error { return noValueInFiles(workDir, dsmWOValues) },
					),
				}},
			})
		})
	}
}

// values and values_wo: exactly one.
func TestAccDSMSecret_exactlyOneValues(t *testing.T) {
	_, url := testAccMock(t, senhaseguramock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      testAccDSMProvider(url) + dsmSecretHCL("x", `identity = "x"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Missing DSM Secret Values`),
			},
			{
				Config:      testAccDSMProvider(url) + dsmSecretHCL("x", `identity = "x"`, `values = { A = "1" }`, `values_wo = { A = "1" }`, `values_wo_version = 1`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)"values".*cannot be specified when.*"values_wo"`),
			},
		},
	})
}

// A key added to values_wo without a new values_wo_version changes nothing DSM holds, exactly
// as a new value does not: the plan is empty and keys stay DSM's (planning them from the
// configuration made the apply fail with an inconsistent result); the new version sends it.
func TestAccDSMSecret_writeOnlyKeysFollowTheVersion(t *testing.T) {
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	mock, url := testAccMock(t, senhaseguramock.Options{})
	const addr = "senhasegura_dsm_secret.app"
	cfg := func(version int, pairs string) (string, config.Variables) {
		return testAccDSMProvider(url) + `
variable "pass" {
  type      = string
  ephemeral = true
}
` + dsmSecretHCL("app", `identity = "team/app/keys"`, "values_wo = { "+pairs+" }", fmt.Sprintf("values_wo_version = %d", version)),
			config.Variables{"pass": config.StringVariable("Dsm-Wo-One-1")}
	}
	two, twoVars := cfg(1, `USER = "app", PASS = var.pass`)
	three, threeVars := cfg(1, `USER = "app", PASS = var.pass, HOST = "db.internal"`)
	bumped, bumpedVars := cfg(2, `USER = "app", PASS = var.pass, HOST = "db.internal"`)
	keys := func(want ...string) []statecheck.StateCheck {
		return []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("keys"), stringSet(want...))}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{Config: two, ConfigVariables: twoVars, ConfigStateChecks: keys("PASS", "USER")},
			{
				Config: three, ConfigVariables: threeVars,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: keys("PASS", "USER"),
				Check:             checkDSMSecret(mock, "team/app/keys", holdsValues(map[string]string{"USER": "app", "PASS": "Dsm-Wo-One-1"})),
			},
			{
				Config: bumped, ConfigVariables: bumpedVars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: keys("HOST", "PASS", "USER"),
				Check: checkDSMSecret(mock, "team/app/keys",
					holdsValues(map[string]string{"USER": "app", "PASS": "Dsm-Wo-One-1", "HOST": "db.internal"})),
			},
		},
	})
}
