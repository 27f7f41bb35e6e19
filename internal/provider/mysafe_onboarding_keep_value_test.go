package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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

// keepValueExample is the onboarding guide's configuration that keeps the value MySafe
// already holds (docs/guides/onboarding-existing-secrets.md includes it).
const keepValueExample = "../../examples/guides/onboarding-existing-secrets/keep-current-value/main.tf"

// TestAccOnboarding_keepCurrentValue: the onboarding guide's configuration, as published (with
// the seeded item's identifier in place of 312), brings a password under Terraform without
// knowing it. The ephemeral resource of the same item reads the value MySafe holds, the import
// is write-only, and the apply sends that value back once: the plan after it is empty, MySafe
// still holds the seeded password, and no plan or state ever held it. The configuration never
// contains the secret; only the mock and this test's assertions know it.
func TestAccOnboarding_keepCurrentValue(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	const secret = "Seeded-Keep-Me-7!"
	// A TOTP seed the configuration does not set: the write-only import must not make the apply
	// clear it (the configuration never managed it).
	const seed = "JBSWY3DPEHPK3PXP"
	id := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{
		"name": "billing db", "username": "billing", "password": secret, "secret_key": seed,
	}})
	example, err := os.ReadFile(filepath.FromSlash(keepValueExample))
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.ReplaceAll(string(example), `"write-only:312"`, strconv.Quote("write-only:"+id))
	cfg = strings.ReplaceAll(cfg, `"312"`, strconv.Quote(id))
	if strings.Contains(cfg, "312") || !strings.Contains(cfg, strconv.Quote("write-only:"+id)) {
		t.Fatalf("%s no longer has the shape this test fills in (an ephemeral resource and a write-only import of 312):\n%s", keepValueExample, cfg)
	}
	if strings.Contains(cfg, secret) {
		t.Fatal("the configuration holds the secret: the test would prove nothing")
	}
	const addr = "senhasegura_mysafe_password.billing_db"
	resource.ParallelTest(t, resource.TestCase{
		// Ephemeral resources: Terraform 1.10; write-only attributes: 1.11.
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					noSecretInPlan{values: []string{secret, seed}},
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("password"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("password_wo_version"), knownvalue.Int64Exact(1)),
				noValueInState{secret, seed},
			},
			Check: func(*terraform.State) error {
				it, ok := mock.Item(senhaseguramock.KindPassword, id)
				if !ok || !it.Active {
					return fmt.Errorf("password %s is gone or inactive: %+v", id, it)
				}
				if it.Fields["password"] != secret {
					return fmt.Errorf("MySafe holds password %q for %s, want the seeded one unchanged", it.Fields["password"], id)
				}
				if it.Fields["secret_key"] != seed {
					return fmt.Errorf("MySafe holds TOTP seed %q for %s, want the seeded one unchanged", it.Fields["secret_key"], id)
				}
				if n := len(mock.Items(senhaseguramock.KindPassword)); n != 1 {
					return fmt.Errorf("MySafe holds %d passwords, want the seeded one only", n)
				}
				return nil
			},
		}},
	})
}

// noValueInState is a state check: none of the values appears anywhere in the state's JSON.
type noValueInState []string

func (v noValueInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	b, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if s, i := firstSecret(b, v); i >= 0 {
		resp.Error = fmt.Errorf("secret %q found in the state", s)
	}
}
