package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// dsmSeededValues are the values seedDSM stores: none may appear in a query result.
var dsmSeededValues = []string{"Dsm-Seed-Pass-1", "Dsm-Seed-Token-2", "Dsm-Seed-Old-3"}

// seedDSM stores three secrets of the creator, one of them expired.
func seedDSM(m *senhaseguramock.Server) {
	m.SeedDSMSecret(senhaseguramock.DefaultDSMClientID, senhaseguramock.DSMSecret{Identity: "team/app/db", Name: "App DB",
		Description: "the app's database", Values: map[string]string{"USER": "app-user", "PASS": "Dsm-Seed-Pass-1"}})
	m.SeedDSMSecret(senhaseguramock.DefaultDSMClientID, senhaseguramock.DSMSecret{Identity: "ci/deploy", Engine: "GitLab",
		Values: map[string]string{"TOKEN": "Dsm-Seed-Token-2"}})
	m.SeedDSMSecret(senhaseguramock.DefaultDSMClientID, senhaseguramock.DSMSecret{Identity: "team/old", Values: map[string]string{"OLD": "Dsm-Seed-Old-3"}})
	m.ExpireDSMSecret("team/old")
}

// noDSMValueInQuery fails when a seeded value appears in any query result.
type noDSMValueInQuery struct{}

func (noDSMValueInQuery) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	b, err := json.Marshal(req.Query)
	if err != nil || len(req.Query) == 0 {
		resp.Error = fmt.Errorf("no query results to scan (%w)", err)
		return
	}
	if s, i := firstSecret(b, dsmSeededValues); i >= 0 {
		resp.Error = fmt.Errorf("value %q found in the query results", s)
	}
}

// `terraform query` lists the DSM secrets, filtered, each with its identity {id} and display
// name; include_resource gives the resource object with values null; no value is ever in a
// result; an expired secret is left out.
func TestAccDSMListResource(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{Quirks: senhaseguramock.DSMQuirks{ListExpired: true}}})
	seedDSM(mock)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccDSMProvider(url)},
			{
				Query: true,
				Config: `
list "senhasegura_dsm_secret" "team" {
  provider         = senhasegura
  include_resource = true
  config {
    identity_prefix = "team/"
  }
}

list "senhasegura_dsm_secret" "all" {
  provider = senhasegura
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					noDSMValueInQuery{},
					querycheck.ExpectLength("senhasegura_dsm_secret.team", 1),
					querycheck.ExpectResourceDisplayName("senhasegura_dsm_secret.team", byID("team/app/db"), knownvalue.StringExact("team/app/db (App DB)")),
					querycheck.ExpectResourceKnownValues("senhasegura_dsm_secret.team", byID("team/app/db"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("App DB")},
						{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("the app's database")},
						{Path: tfjsonpath.New("keys"), KnownValue: stringSet("PASS", "USER")},
						{Path: tfjsonpath.New("values"), KnownValue: knownvalue.Null()},
					}),
					// team/old expired.
					querycheck.ExpectLength("senhasegura_dsm_secret.all", 2),
				},
			},
		},
	})
}

// The DSM secret has the identity {id}, holding its identity: an import block with `identity`
// adopts it as it is (values in the state, compared with the configuration's), and the plan
// after it is empty.
func TestAccDSMIdentity(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seedDSM(mock)
	cfg := testAccDSMProvider(url) + `
import {
  to       = senhasegura_dsm_secret.db
  identity = { id = "team/app/db" }
}
` + dsmSecretHCL("db", `identity = "team/app/db"`, `name = "App DB"`, `description = "the app's database"`,
		`values = { USER = "app-user", PASS = "Dsm-Seed-Pass-1" }`)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:           cfg,
			ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction("senhasegura_dsm_secret.db", plancheck.ResourceActionNoop)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity("senhasegura_dsm_secret.db", map[string]knownvalue.Check{"id": knownvalue.StringExact("team/app/db")}),
			},
			Check: func(*terraform.State) error {
				if n := mock.RequestCount("POST /sctm/secret"); n != 0 {
					return fmt.Errorf("the import wrote to DSM %d times", n)
				}
				return nil
			},
		}},
	})
}
