package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// The lifecycle of a DSM secret whose identity holds "/", in a configuration of DSM alone (url,
// dsm_client_id, dsm_client_secret): create, import (ImportStateVerify), an update that changes
// a value, removes a key and adds one (the whole document sent: DSM holds exactly the new
// pairs), an expiration date, and a destroy that abandons it (DSM has no delete: the secret
// stays, active). No identity ever goes into a URL path.
func TestAccDSMSecret_basic(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	const identity = "team/billing/db"
	addr := "senhasegura_dsm_secret.db"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccDSMProvider(url) + dsmSecretHCL("db", `identity = "`+identity+`"`, `description = "billing database"`,
					`values = { DB_USER = "billing", DB_PASS = "Dsm-Pass-1" }`),
				ConfigPlanChecks: emptyPlanAfterApply(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("secret_id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("version"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(identity)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("engine"), knownvalue.StringExact("Generic")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("on_destroy"), knownvalue.StringExact("abandon")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("keys"), stringSet("DB_PASS", "DB_USER")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("drift_detected"), stringSet()),
				},
				Check: resource.ComposeTestCheckFunc(
					checkDSMSecret(mock, identity, holdsValues(map[string]string{"DB_USER": "billing", "DB_PASS": "Dsm-Pass-1"})),
					checkDSMSecret(mock, identity, func(sec senhaseguramock.DSMSecret) error {
						if sec.PostedBy != senhaseguramock.DefaultDSMClientID || sec.Description != "billing database" || sec.Name != identity {
							return fmt.Errorf("%+v", sec)
						}
						return nil
					}),
				),
			},
			{
				ResourceName:                         addr,
				ImportState:                          true,
				ImportStateId:                        identity,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "identity",
			},
			{
				Config: testAccDSMProvider(url) + dsmSecretHCL("db", `identity = "`+identity+`"`, `name = "Billing DB"`,
					`values = { DB_PASS = "Dsm-Pass-2", DB_HOST = "db.internal" }`, `expiration_date = "2099-01-31T15:00:00-03:00"`),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("version"), knownvalue.StringExact("2")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("keys"), stringSet("DB_HOST", "DB_PASS")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("expiration_date"), knownvalue.StringExact("2099-01-31T15:00:00-03:00")),
				},
				Check: resource.ComposeTestCheckFunc(
					checkDSMSecret(mock, identity, holdsValues(map[string]string{"DB_PASS": "Dsm-Pass-2", "DB_HOST": "db.internal"})),
					checkDSMSecret(mock, identity, func(sec senhaseguramock.DSMSecret) error {
						if sec.ExpirationDate != "2099-01-31 18:00:00" || sec.Name != "Billing DB" || sec.Description != "" {
							return fmt.Errorf("expiration %q (want UTC), name %q, description %q", sec.ExpirationDate, sec.Name, sec.Description)
						}
						return nil
					}),
					noDSMIdentityInPath(mock),
				),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			sec, ok := mock.DSMSecret(identity)
			if !ok || !sec.Active || sec.Values["DB_PASS"] != "Dsm-Pass-2" {
				return fmt.Errorf("on_destroy = abandon must leave the secret as it was: %+v", sec)
			}
			return nil
		},
	})
}

// An identity DSM already lists is refused at plan time, with the import block that adopts it
// (the upsert would take it over); nothing is posted. The import then adopts it.
func TestAccDSMSecret_refusesExisting(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.SeedDSMSecret(senhaseguramock.DefaultDSMClientID, senhaseguramock.DSMSecret{Identity: "ci/deploy", Values: map[string]string{"TOKEN": "made-in-ui"}})
	cfg := testAccDSMProvider(url) + dsmSecretHCL("deploy", `identity = "ci/deploy"`, `values = { TOKEN = "from-terraform" }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)DSM Secret Already Exists.*identity "ci/deploy".*import \{.*id = "ci/deploy"`),
			},
			{
				Config: cfg + `
import {
  to = senhasegura_dsm_secret.deploy
  id = "ci/deploy"
}
`,
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction("senhasegura_dsm_secret.deploy", plancheck.ResourceActionUpdate)),
				Check:            checkDSMSecret(mock, "ci/deploy", holdsValues(map[string]string{"TOKEN": "from-terraform"})),
			},
		},
	})
	if n := mock.RequestCount("POST /sctm/secret"); n != 1 {
		t.Errorf("%d POSTs: the refused create must post nothing, the import's update once", n)
	}
}

// on_destroy = "expire": destroying sets the secret's expiration date to now, and DSM
// inactivates it and deletes its values (CheckDestroy asks the mock), whether DSM keeps listing
// an expired secret (DSMQuirks.ListExpired) or not. A secret that expired outside Terraform
// leaves the state with a warning, and its identity cannot be created again.
func TestAccDSMSecret_onDestroyExpire(t *testing.T) {
	for _, tc := range []struct {
		name   string
		quirks senhaseguramock.DSMQuirks
	}{{"unlisted", senhaseguramock.DSMQuirks{}}, {"listed", senhaseguramock.DSMQuirks{ListExpired: true}}} {
		t.Run(tc.name, func(t *testing.T) {
			mock, url := testAccMock(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{Quirks: tc.quirks}})
			cfg := testAccDSMProvider(url) + dsmSecretHCL("tmp", `identity = "tmp/token"`, `values = { TOKEN = "Dsm-Expire-1" }`, `on_destroy = "expire"`)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: cfg, ConfigPlanChecks: emptyPlanAfterApply()}},
				CheckDestroy: func(*terraform.State) error {
					sec, ok := mock.DSMSecret("tmp/token")
					if !ok || sec.Active || sec.ExpirationDate == "" || len(sec.Values) != 0 {
						return fmt.Errorf("on_destroy = expire must leave the secret expired, its values deleted: %+v", sec)
					}
					return nil
				},
			})
		})
	}
	t.Run("expired-outside", func(t *testing.T) {
		mock, url := testAccMock(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{Quirks: senhaseguramock.DSMQuirks{ListExpired: true}}})
		cfg := testAccDSMProvider(url) + dsmSecretHCL("tmp", `identity = "tmp/token"`, `values = { TOKEN = "Dsm-Expire-2" }`)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: cfg, ConfigPlanChecks: emptyPlanAfterApply()},
				{
					PreConfig:   func() { mock.ExpireDSMSecret("tmp/token") },
					Config:      cfg,
					ExpectError: regexp.MustCompile(`(?s)DSM Secret Expired.*"tmp/token".*cannot\s+bring\s+it\s+back`),
				},
				{
					Config: testAccDSMProvider(url),
				},
			},
		})
	})
}
