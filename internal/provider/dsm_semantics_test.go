package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// Both answers to open question 1 (does an update replace the data document or merge into
// it?). Under replace, a key removed from the configuration leaves DSM. Under merge
// (DSMQuirks.MergeOnUpdate) it stays: the apply fails naming it, the state records what DSM
// holds, and the next plan shows it again: it never converges silently.
func TestAccDSMSecret_updateSemantics(t *testing.T) {
	two := dsmSecretHCL("app", `identity = "team/app"`, `values = { KEEP = "1", DROP = "2" }`)
	one := dsmSecretHCL("app", `identity = "team/app"`, `values = { KEEP = "1" }`)
	t.Run("replace", func(t *testing.T) {
		mock, url := testAccMock(t, senhaseguramock.Options{})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: testAccDSMProvider(url) + two, ConfigPlanChecks: emptyPlanAfterApply()},
				{
					Config: testAccDSMProvider(url) + one, ConfigPlanChecks: emptyPlanAfterApply(),
					Check: checkDSMSecret(mock, "team/app", holdsValues(map[string]string{"KEEP": "1"})),
				},
			},
		})
	})
	t.Run("merge", func(t *testing.T) {
		mock, url := testAccMock(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{Quirks: senhaseguramock.DSMQuirks{MergeOnUpdate: true}}})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: testAccDSMProvider(url) + two, ConfigPlanChecks: emptyPlanAfterApply()},
				{
					Config:      testAccDSMProvider(url) + one,
					ExpectError: regexp.MustCompile(`(?s)Error Updating DSM Secret.*DSM\s+kept\s+the\s+key\(s\)\s+"DROP".*merges`),
				},
				{
					// The state holds what DSM holds: the plan shows the removal again.
					Config: testAccDSMProvider(url) + one, PlanOnly: true, ExpectNonEmptyPlan: true,
					Check: checkDSMSecret(mock, "team/app", holdsValues(map[string]string{"KEEP": "1", "DROP": "2"})),
				},
				{
					// Removed in DSM's web interface: it converges.
					PreConfig: func() {
						mock.ModifyDSMSecret("team/app", func(s *senhaseguramock.DSMSecret) { delete(s.Values, "DROP"); s.Version++ })
					},
					Config: testAccDSMProvider(url) + one, ConfigPlanChecks: emptyPlanAfterApply(),
				},
			},
		})
	})
}

// Both list endpoints (open question 3): where GET /iso/sctm/secret is absent
// (DSMQuirks.NoSecretRoutes: 404), every read goes through GET /iso/dapp/application, the
// application's secrets: the resource's lifecycle, the data sources and the import work alike.
func TestAccDSMSecret_listEndpoints(t *testing.T) {
	cfg := func(url string) string {
		return testAccDSMProvider(url) + dsmSecretHCL("app", `identity = "team/app/db"`, `values = { USER = "app", PASS = "Dsm-List-1" }`) + `
data "senhasegura_dsm_secret" "app" {
  identity = senhasegura_dsm_secret.app.identity
}

data "senhasegura_dsm_secrets" "team" {
  identity_prefix = "team/"
  depends_on      = [senhasegura_dsm_secret.app]
}
`
	}
	for _, tc := range []struct {
		name        string
		quirks      senhaseguramock.DSMQuirks
		wantAppRead bool
	}{
		{"secret-list", senhaseguramock.DSMQuirks{}, false},
		{"application-fallback", senhaseguramock.DSMQuirks{NoSecretRoutes: true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mock, url := testAccMock(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{Quirks: tc.quirks}})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: cfg(url), ConfigPlanChecks: emptyPlanAfterApply(),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("data.senhasegura_dsm_secret.app", tfjsonpath.New("values"),
								knownvalue.MapExact(map[string]knownvalue.Check{"USER": knownvalue.StringExact("app"), "PASS": knownvalue.StringExact("Dsm-List-1")})),
							statecheck.ExpectKnownValue("data.senhasegura_dsm_secrets.team", tfjsonpath.New("secrets").AtSliceIndex(0).AtMapKey("identity"),
								knownvalue.StringExact("team/app/db")),
							statecheck.ExpectKnownValue("data.senhasegura_dsm_secrets.team", tfjsonpath.New("secrets").AtSliceIndex(0).AtMapKey("keys"),
								stringSet("PASS", "USER")),
						},
						Check: func(*terraform.State) error {
							// (Without the route, each provider process's first list gets its 404.)
							list, app := mock.RequestCount("GET /sctm/secret"), mock.RequestCount("GET /dapp/application")
							if list == 0 || (app > 0) != tc.wantAppRead {
								return fmt.Errorf("GET /iso/sctm/secret %d times, GET /iso/dapp/application %d times", list, app)
							}
							return noDSMIdentityInPath(mock)(nil)
						},
					},
					{
						ResourceName: "senhasegura_dsm_secret.app", ImportState: true, ImportStateId: "team/app/db",
						ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "identity",
					},
				},
			})
		})
	}
}
