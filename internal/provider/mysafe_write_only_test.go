package provider

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// woConfig is one configuration of the write-only matrix: for each of the three secrets, a
// plain value, or a write-only value and its version, or neither.
type woConfig struct {
	pw, pwWO     string
	pwVer        int
	seed, seedWO string
	seedVer      int
	cs, csWO     string
	csVer        int
	notes        string
}

// render returns the configuration, with the write-only values passed, as users are told to,
// through ephemeral input variables (a literal would sit in the plan's configuration).
func (c woConfig) render(url string) (string, config.Variables) {
	vars := config.Variables{}
	attr := func(name, v string) string {
		if v == "" {
			return ""
		}
		return fmt.Sprintf("  %s = %q\n", name, v)
	}
	wo := func(name, v string, ver int) string {
		if v == "" {
			return ""
		}
		vars[name+"_wo"] = config.StringVariable(v)
		return fmt.Sprintf("  %s_wo = var.%s_wo\n  %s_wo_version = %d\n", name, name, name, ver)
	}
	body := acctest.ProviderConfig(url) + `
variable "password_wo" {
  type      = string
  default   = null
  ephemeral = true
}
variable "secret_key_wo" {
  type      = string
  default   = null
  ephemeral = true
}
variable "client_secret_wo" {
  type      = string
  default   = null
  ephemeral = true
}

resource "senhasegura_mysafe_password" "test" {
  name     = "wo matrix"
  username = "svc"
` + attr("notes", c.notes) + attr("password", c.pw) + wo("password", c.pwWO, c.pwVer) +
		attr("secret_key", c.seed) + wo("secret_key", c.seedWO, c.seedVer) + `}

resource "senhasegura_mysafe_api_secret" "test" {
  name      = "wo matrix"
  url       = "https://api.example.com"
  client_id = "cid"
` + attr("notes", c.notes) + attr("client_secret", c.cs) + wo("client_secret", c.csWO, c.csVer) + `}
`
	return body, vars
}

// Write-only values of the matrix: none of them may ever reach a state file, its backup or a
// saved plan.
var woValues = []string{"Wo-Pw-One-1", "Wo-Pw-Two-2", "Wo-Pw-Three-3", "KRSXG5CTMVRXEZLU", "MFRGGZDFMZTWQ2LK", "Wo-Cs-One-1", "Wo-Cs-Two-2", "Wo-Cs-Three-3",
	"wo-licence-1", "wo-licence-ignored", "wo-licence-2"}

// noSecretInFiles scans every file terraform wrote under dir (state, backup, configuration)
// for the write-only values.
func noSecretInFiles(dir string) error { return noValueInFiles(dir, woValues) }

// putKeys returns the body keys of the last PUT of route.
func putKeys(m *senhaseguramock.Server, route string) []string {
	calls := m.Calls()
	for i := len(calls) - 1; i >= 0; i-- {
		if calls[i].Route == route {
			return calls[i].Keys
		}
	}
	return nil
}

const (
	pwPut = "PUT /mysafe/password/update/{id}"
	asPut = "PUT /mysafe/secretapi/update/{id}"
)

// TestAccWriteOnly_transitions walks every transition of the three secrets (password,
// secret_key, client_secret) between plain, write-only and removed, each in one apply that
// leaves an empty plan. After each step it scans the state file and its backup and the saved
// plan's JSON for every write-only value, and asks the mock what MySafe holds and which keys
// each PUT carried.
func TestAccWriteOnly_transitions(t *testing.T) {
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	mock, url := testAccMock(t, senhaseguramock.Options{})

	holds := func(pw, seed, cs string) error {
		p, _ := mock.Item(senhaseguramock.KindPassword, "1")
		a, _ := mock.Item(senhaseguramock.KindAPISecret, "1")
		if p.Fields["password"] != pw || p.Fields["secret_key"] != seed || a.Fields["client_secret"] != cs {
			return fmt.Errorf("MySafe holds password %q, secret_key %q, client_secret %q; want %q, %q, %q",
				p.Fields["password"], p.Fields["secret_key"], a.Fields["client_secret"], pw, seed, cs)
		}
		return nil
	}
	keys := func(route string, want, wantNot []string) error {
		got := putKeys(mock, route)
		for _, k := range want {
			if !slices.Contains(got, k) {
				return fmt.Errorf("%s carried %v, without %s", route, got, k)
			}
		}
		for _, k := range wantNot {
			if slices.Contains(got, k) {
				return fmt.Errorf("%s carried %v, including %s", route, got, k)
			}
		}
		return nil
	}
	step := func(c woConfig, check func() error) resource.TestStep {
		cfg, vars := c.render(url)
		return resource.TestStep{
			Config:           cfg,
			ConfigVariables:  vars,
			ConfigPlanChecks: emptyPlanAfterApply(noSecretInPlan{woValues}),
			Check: func(*terraform.State) error {
				if err := noSecretInFiles(workDir); err != nil {
					return err
				}
				return check()
			},
		}
	}
	nullSecrets := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("password"), knownvalue.Null()),
		statecheck.ExpectKnownValue(asAddr, tfjsonpath.New("client_secret"), knownvalue.Null()),
	}

	plain := woConfig{pw: "Plain-Pw-1", seed: "JBSWY3DPEHPK3PXP", cs: "Plain-Cs-1"}
	wo1 := woConfig{pwWO: "Wo-Pw-One-1", pwVer: 1, seedWO: "KRSXG5CTMVRXEZLU", seedVer: 1, csWO: "Wo-Cs-One-1", csVer: 1}
	// The values change but not the versions: nothing is sent.
	wo1Notes := woConfig{pwWO: "Wo-Pw-Two-2", pwVer: 1, seedWO: "MFRGGZDFMZTWQ2LK", seedVer: 1, csWO: "Wo-Cs-Two-2", csVer: 1, notes: "only notes"}
	// Version bumps for password and client_secret only.
	wo2 := woConfig{pwWO: "Wo-Pw-Two-2", pwVer: 2, seedWO: "MFRGGZDFMZTWQ2LK", seedVer: 1, csWO: "Wo-Cs-Two-2", csVer: 2, notes: "only notes"}
	backToPlain := woConfig{pw: "Plain-Pw-3", seed: "GEZDGNBVGY3TQOJQ", cs: "Plain-Cs-3"}
	wo3 := woConfig{pwWO: "Wo-Pw-Three-3", pwVer: 3, seedWO: "KRSXG5CTMVRXEZLU", seedVer: 3, csWO: "Wo-Cs-Three-3", csVer: 3}
	// secret_key and client_secret removed entirely (password is required in one form).
	removed := woConfig{pwWO: "Wo-Pw-Three-3", pwVer: 3}

	steps := []resource.TestStep{
		step(plain, func() error { return holds("Plain-Pw-1", "JBSWY3DPEHPK3PXP", "Plain-Cs-1") }),
		// plain → write-only
		step(wo1, func() error {
			if err := holds("Wo-Pw-One-1", "KRSXG5CTMVRXEZLU", "Wo-Cs-One-1"); err != nil {
				return err
			}
			if err := keys(pwPut, []string{"password", "secret_key"}, nil); err != nil {
				return err
			}
			return keys(asPut, []string{"client_secret"}, nil)
		}),
		// unchanged versions, another attribute changed: no secret in the PUTs
		step(wo1Notes, func() error {
			if err := holds("Wo-Pw-One-1", "KRSXG5CTMVRXEZLU", "Wo-Cs-One-1"); err != nil {
				return err
			}
			if err := keys(pwPut, []string{"notes"}, []string{"password", "secret_key"}); err != nil {
				return err
			}
			return keys(asPut, []string{"notes"}, []string{"client_secret"})
		}),
		// version bump: only the bumped secrets are sent
		step(wo2, func() error {
			if err := holds("Wo-Pw-Two-2", "KRSXG5CTMVRXEZLU", "Wo-Cs-Two-2"); err != nil {
				return err
			}
			if err := keys(pwPut, []string{"password"}, []string{"secret_key"}); err != nil {
				return err
			}
			return keys(asPut, []string{"client_secret"}, nil)
		}),
		// write-only → plain
		step(backToPlain, func() error { return holds("Plain-Pw-3", "GEZDGNBVGY3TQOJQ", "Plain-Cs-3") }),
		// plain → write-only again
		step(wo3, func() error { return holds("Wo-Pw-Three-3", "KRSXG5CTMVRXEZLU", "Wo-Cs-Three-3") }),
		// write-only → removed: MySafe's values are cleared
		step(removed, func() error {
			if err := holds("Wo-Pw-Three-3", "", ""); err != nil {
				return err
			}
			if err := keys(pwPut, []string{"secret_key"}, []string{"password"}); err != nil {
				return err
			}
			return keys(asPut, []string{"client_secret"}, nil)
		}),
	}
	for i := 1; i < len(steps); i++ {
		if i != 4 {
			steps[i].ConfigStateChecks = nullSecrets
		}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccWriteOnly_drift: a write-only value changed in MySafe behind Terraform's back shows
// in the plan (drift_detected, with a warning naming the attribute), the apply re-sends the
// configured value, and the plan after it is empty.
func TestAccWriteOnly_drift(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	cfg, vars := woConfig{pwWO: "Wo-Pw-One-1", pwVer: 1, seedWO: "KRSXG5CTMVRXEZLU", seedVer: 1, csWO: "Wo-Cs-One-1", csVer: 1}.render(url)
	outOfBand := func() {
		mock.Modify(senhaseguramock.KindPassword, "1", func(it *senhaseguramock.Item) { it.Fields["password"] = "changed-by-hand" })
		mock.Modify(senhaseguramock.KindAPISecret, "1", func(it *senhaseguramock.Item) { it.Fields["client_secret"] = "changed-by-hand" })
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:           cfg,
				ConfigVariables:  vars,
				ConfigPlanChecks: emptyPlanAfterApply(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("drift_detected"), knownvalue.SetSizeExact(0)),
				},
			},
			// The refresh finds the drift: the plan is not empty, and says why.
			{PreConfig: outOfBand, Config: cfg, ConfigVariables: vars, PlanOnly: true, ExpectNonEmptyPlan: true},
			{
				Config:          cfg,
				ConfigVariables: vars,
				ConfigPlanChecks: emptyPlanAfterApply(
					plancheck.ExpectResourceAction(pwAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(asAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(pwAddr, tfjsonpath.New("drift_detected"), knownvalue.SetSizeExact(0)),
				),
				Check: func(*terraform.State) error {
					p, _ := mock.Item(senhaseguramock.KindPassword, "1")
					a, _ := mock.Item(senhaseguramock.KindAPISecret, "1")
					if p.Fields["password"] != "Wo-Pw-One-1" || a.Fields["client_secret"] != "Wo-Cs-One-1" {
						return fmt.Errorf("not restored: %q, %q", p.Fields["password"], a.Fields["client_secret"])
					}
					if k := putKeys(mock, pwPut); !slices.Contains(k, "password") || slices.Contains(k, "secret_key") {
						return fmt.Errorf("the repair PUT carried %v: only the drifted secret is re-sent", k)
					}
					return nil
				},
			},
		},
	})
}

func TestAccMySafePasswordResource_writeOnlyValidation(t *testing.T) {
	_, url := testAccMock(t, senhaseguramock.Options{})
	resource.ParallelTest(t, resource.TestCase{
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
				ExpectError: regexp.MustCompile("(?s)Missing Password.*" + wrapRx("Set `password` or `password_wo` (with `password_wo_version`): MySafe requires a password.").String()),
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
