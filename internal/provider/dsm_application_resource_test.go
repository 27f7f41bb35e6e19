package provider

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// dsmApplicationHCL is a senhasegura_dsm_application "billing" with the lines given.
func dsmApplicationHCL(lines string) string {
	return `
resource "senhasegura_dsm_application" "billing" {
  application = "billing"
  system      = "ci"
  environment = "production"
` + lines + `}
`
}

// minted is the authorization the mock minted for billing / ci / production.
func minted(m *senhaseguramock.Server) (senhaseguramock.DSMAuthorization, bool) {
	for _, a := range m.DSMAuthorizations() {
		if a.Application == "billing" && a.System == "ci" && a.Environment == "production" {
			return a, true
		}
	}
	return senhaseguramock.DSMAuthorization{}, false
}

// An application registered by the provider's DSM authorization: the minted authorization's
// credentials in the state; refreshes read the application as the minted authorization (GET
// /iso/dapp/application with its own token) and never register again; a change of tags is a
// registration with the same three; an authorization deactivated outside Terraform disappears
// from the state and the next apply mints a new one; destroy deactivates the authorization with
// its own token.
func TestAccDSMApplication_lifecycle(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	const addr = "senhasegura_dsm_application.billing"
	posts := func() int { return mock.RequestCount("POST /dapp/application") }
	var first senhaseguramock.DSMAuthorization
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:           testAccDSMProvider(url) + dsmApplicationHCL("  description = \"billing service\"\n  tags        = [\"payments\"]\n"),
				ConfigPlanChecks: emptyPlanAfterApply(),
				Check: func(s *terraform.State) error {
					a, ok := minted(mock)
					if !ok || !a.Active {
						return fmt.Errorf("no active authorization minted: %+v", mock.DSMAuthorizations())
					}
					first = a
					attrs := s.RootModule().Resources[addr].Primary.Attributes
					if attrs["client_id"] != a.ClientID || attrs["client_secret"] != a.ClientSecret {
						return fmt.Errorf("state holds %q, the mock minted %q", attrs["client_id"], a.ClientID)
					}
					app := mock.DSMApplications()[1]
					if app.Name != "billing" || app.Description == nil || *app.Description != "billing service" || !slices.Equal(app.Tags, []string{"payments"}) {
						return fmt.Errorf("application %+v", app)
					}
					// Create registers once; the refreshes after it read as the minted authorization.
					if n := posts(); n != 1 {
						return fmt.Errorf("%d registrations, want 1: a refresh must never register", n)
					}
					return nil
				},
			},
			{
				Config:           testAccDSMProvider(url) + dsmApplicationHCL("  description = \"billing service\"\n  tags        = [\"payments\", \"pci\"]\n"),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)),
				Check: func(*terraform.State) error {
					a, _ := minted(mock)
					if a.ClientID != first.ClientID || len(mock.DSMAuthorizations()) != 2 {
						return fmt.Errorf("the update minted another authorization: %+v", mock.DSMAuthorizations())
					}
					if n := posts(); n != 2 {
						return fmt.Errorf("%d registrations, want 2", n)
					}
					return nil
				},
			},
			{
				// Deactivated in DSM's web interface: gone from the state, and the plan mints it again.
				PreConfig:        func() { mock.SetDSMAuthorizationActive(first.ClientID, false) },
				Config:           testAccDSMProvider(url) + dsmApplicationHCL("  description = \"billing service\"\n  tags        = [\"payments\", \"pci\"]\n"),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("client_id"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[addr].Primary.Attributes["client_id"]; id == first.ClientID {
						return fmt.Errorf("the state keeps the deactivated authorization %s", id)
					}
					return nil
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			for _, a := range mock.DSMAuthorizations() {
				if a.Application == "billing" && a.Active {
					return fmt.Errorf("authorization %s is still active after destroy", a.ClientID)
				}
			}
			if mock.RequestCount("DELETE /dapp/application/authorization") == 0 {
				return fmt.Errorf("destroy sent no DELETE /iso/dapp/application/authorization")
			}
			return nil
		},
	})
}

// The ephemeral credentials (nothing stored), fed here to a DSM secret's write-only values, as a
// Kubernetes secret's data_wo would take them; the resource of the same three then adopts that
// authorization; and a creator without "Enable
// creation of DSM applications" is refused with what to change.
func TestAccDSMApplication_credentials(t *testing.T) {
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.AddDSMAuthorization(senhaseguramock.DSMAuthorization{ClientID: "reader", ClientSecret: "reader-secret", Application: "other", System: "s", Environment: "e"})
	cfg := testAccDSMProvider(url) + `
ephemeral "senhasegura_dsm_application_credentials" "billing" {
  application = "billing"
  system      = "ci"
  environment = "production"
}

resource "senhasegura_dsm_secret" "handover" {
  identity          = "handover/billing"
  values_wo         = { CLIENT_ID = ephemeral.senhasegura_dsm_application_credentials.billing.client_id, CLIENT_SECRET = ephemeral.senhasegura_dsm_application_credentials.billing.client_secret }
  values_wo_version = 1
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:           cfg,
				ConfigPlanChecks: emptyPlanAfterApply(),
				Check: func(*terraform.State) error {
					a, ok := minted(mock)
					if !ok {
						return fmt.Errorf("no authorization minted")
					}
					sec, _ := mock.DSMSecret("handover/billing")
					if sec.Values["CLIENT_ID"] != a.ClientID || sec.Values["CLIENT_SECRET"] != a.ClientSecret {
						return fmt.Errorf("the ephemeral credentials are not the minted authorization's: %v", sec.Values)
					}
					if len(mock.DSMAuthorizations()) != 3 {
						return fmt.Errorf("each open must find the same authorization: %+v", mock.DSMAuthorizations())
					}
					return noValueInFiles(workDir, []string{a.ClientSecret})
				},
			},
			{
				Config: testAccDSMProvider(url) + dsmApplicationHCL(""),
				Check: func(s *terraform.State) error {
					a, _ := minted(mock)
					if id := s.RootModule().Resources["senhasegura_dsm_application.billing"].Primary.Attributes["client_id"]; id != a.ClientID {
						return fmt.Errorf("the resource holds %s, not the authorization the ephemeral resource found (%s)", id, a.ClientID)
					}
					return nil
				},
			},
			{
				Config: acctest2DSMProvider(url, "reader", "reader-secret") + `
resource "senhasegura_dsm_application" "other" {
  application = "other-app"
  system      = "s"
  environment = "e"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Error Registering DSM Application.*Enable\s+creation\s+of\s+DSM\s+applications`),
			},
		},
	})
}

// acctest2DSMProvider is a provider block of DSM alone with other credentials.
func acctest2DSMProvider(url, id, secret string) string {
	return fmt.Sprintf("\nprovider \"senhasegura\" {\nurl = %q\ndsm_client_id = %q\ndsm_client_secret = %q\n}\n", url, id, secret)
}

// Two resources of one configuration that register one authorization are refused at plan time
// (one destroy would deactivate the other's credentials); so are two DSM secrets with one
// identity.
func TestAccDSM_twins(t *testing.T) {
	_, url := testAccMock(t, senhaseguramock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccDSMProvider(url) + dsmSecretHCL("a", `identity = "team/app"`, `values = { A = "1" }`) +
					dsmSecretHCL("b", `identity = "team/app"`, `values = { B = "2" }`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Two Resources Of This Configuration Write One Object.*identity "team/app".*DSM\s+keeps\s+one\s+secret\s+per\s+identity`),
			},
			{
				Config: testAccDSMProvider(url) + dsmApplicationHCL("") + `
resource "senhasegura_dsm_application" "again" {
  application = "billing"
  system      = "ci"
  environment = "production"
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Two Resources Of This Configuration Write One Object.*"billing\s+/\s+ci\s+/\s+production"`),
			},
		},
	})
}

// The guide's pattern (Application secrets with DSM): a provider block configured with the
// ephemeral credentials of the application's authorization posts the secrets as that
// authorization, so DSM links them to it and a workload with those credentials reads them;
// destroy expires them as that authorization, then deactivates it.
//
// Terraform runs each provider configuration in a process of its own; the test harness serves
// every configuration of one provider from one in-process server, whose last configuration
// would then serve both (the application's create made as the workload's authorization, which
// may not create applications). The workload's provider block is therefore a second local name
// of the same provider (as google-beta serves google_* resources), served by a server of its own.
func TestAccDSMApplication_secretsOfTheWorkload(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	cfg := testAccDSMProvider(url) + dsmApplicationHCL("") + fmt.Sprintf(`
ephemeral "senhasegura_dsm_application_credentials" "billing" {
  application = "billing"
  system      = "ci"
  environment = "production"
}

provider "senhaseguraworkload" {
  url               = %q
  dsm_client_id     = ephemeral.senhasegura_dsm_application_credentials.billing.client_id
  dsm_client_secret = ephemeral.senhasegura_dsm_application_credentials.billing.client_secret
}

resource "senhasegura_dsm_secret" "db" {
  provider   = senhaseguraworkload
  identity   = "billing/production/db"
  values     = { DB_PASSWORD = "Dsm-Workload-1" }
  on_destroy = "expire"
  depends_on = [senhasegura_dsm_application.billing]
}
`, url)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"senhasegura":         testAccProtoV6ProviderFactories["senhasegura"],
			"senhaseguraworkload": providerserver.NewProtocol6WithError(&senhaseguraProvider{version: "test"}),
		},
		Steps: []resource.TestStep{{
			Config:           cfg,
			ConfigPlanChecks: emptyPlanAfterApply(),
			Check: func(*terraform.State) error {
				a, _ := minted(mock)
				sec, ok := mock.DSMSecret("billing/production/db")
				if !ok || sec.PostedBy != a.ClientID || !slices.Contains(a.Secrets, "billing/production/db") {
					return fmt.Errorf("the secret is not the workload's: posted by %q, the workload's authorization %q links %v", sec.PostedBy, a.ClientID, a.Secrets)
				}
				return nil
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			a, _ := minted(mock)
			sec, _ := mock.DSMSecret("billing/production/db")
			if a.Active || sec.Active {
				return fmt.Errorf("after destroy: authorization active %v, secret active %v", a.Active, sec.Active)
			}
			return nil
		},
	})
}
