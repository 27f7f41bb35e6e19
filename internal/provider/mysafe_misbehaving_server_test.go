package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// The provider against a server that misbehaves the way gateways, proxies and buggy versions
// do (issue "Never wrong when the server misbehaves"): twins in one configuration, shares
// MySafe refuses, answers about another item, long Retry-After, echoed secrets.

// Two API secrets with one identifier_code are refused at plan time.
func TestAccTwins_apiSecrets(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	secret := func(name string) string {
		return fmt.Sprintf(`
resource "senhasegura_mysafe_api_secret" %[1]q {
  name            = %[1]q
  url             = "https://api.example.com"
  client_id       = "client-%[1]s"
  identifier_code = "billing"
}
`, name)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      acctest.ProviderConfig(url) + secret("one") + secret("two"),
			ExpectError: regexp.MustCompile(`(?s)Two Resources Of This Configuration Write One Object.*also\s+plans\s+the\s+identifier_code\s+"billing"`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := mock.RequestCount("POST /mysafe/secretapi"); n != 0 {
				return fmt.Errorf("%d creates reached MySafe", n)
			}
			return nil
		},
	})
}

// A share to a user MySafe does not know: the item is stored and stays in state, untainted,
// with a warning; the next plan shows the missing share as an in-place update (never a
// replacement), and once the user exists, the apply adds it. The identifier never changes.
func TestAccSharing_failedShareKeepsTheItem(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{Quirks: senhaseguramock.Quirks{StrictShares: true}})
	mock.AddUser("alice")
	cfg := acctest.ProviderConfig(url) + `
resource "senhasegura_mysafe_password" "shared" {
  name     = "db"
  username = "app"
  password = "Pw-1-x"
  users_allowed {
    username = "alice"
  }
  users_allowed {
    username = "ghost"
    can_edit = true
  }
}
`
	addr := "senhasegura_mysafe_password.shared"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllDeactivated(mock, senhaseguramock.KindPassword),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ExpectNonEmptyPlan: true,
				ConfigStateChecks:  []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("1"))},
				Check: func(*terraform.State) error {
					it, _ := mock.Item(senhaseguramock.KindPassword, "1")
					if len(mock.Items(senhaseguramock.KindPassword)) != 1 || !it.Active || expectShares(it.UsersAllowed, senhaseguramock.Share{Name: "alice"}) != nil {
						return fmt.Errorf("MySafe holds %+v", mock.Items(senhaseguramock.KindPassword))
					}
					return nil
				},
			},
			{
				// Still unknown: the same update is planned again, no replacement.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig:         func() { mock.AddUser("ghost") },
				Config:            cfg,
				ConfigPlanChecks:  emptyPlanAfterApply(plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("1"))},
				Check: func(*terraform.State) error {
					it, _ := mock.Item(senhaseguramock.KindPassword, "1")
					if len(mock.Items(senhaseguramock.KindPassword)) != 1 || expectShares(it.UsersAllowed, senhaseguramock.Share{Name: "alice"}, senhaseguramock.Share{Name: "ghost", CanEdit: true}) != nil {
						return fmt.Errorf("MySafe holds %+v", mock.Items(senhaseguramock.KindPassword))
					}
					return nil
				},
			},
		},
	})
}

// A refresh whose answer is about another item fails and leaves the state as it was; one
// without an identifier keeps the resource's; the state's id never moves.
func TestAccMisbehaving_readAboutAnotherItem(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	other := mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "someone else's", "username": "x", "password": "y"}})
	cfg := acctest.ProviderConfig(url) + `
resource "senhasegura_mysafe_password" "mine" {
  name     = "mine"
  username = "app"
  password = "Pw-1-x"
}
`
	addr := "senhasegura_mysafe_password.mine"
	idIs := []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("2"))}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: idIs},
			{
				PreConfig:   func() { mock.FailAlwaysOn("GET /mysafe/password/{id}", senhaseguramock.Fault{ID: other}) },
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Error Reading MySafe Password.*the\s+answer\s+is\s+about\s+identifier\s+"1",\s+not\s+2`),
			},
			{
				PreConfig: func() {
					mock.ClearFaults()
					mock.FailAlwaysOn("GET /mysafe/password/{id}", senhaseguramock.Fault{DropID: true})
				},
				Config:            cfg,
				PlanOnly:          true,
				ConfigStateChecks: idIs,
			},
			{
				PreConfig:         mock.ClearFaults,
				Config:            cfg,
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: idIs,
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if it, _ := mock.Item(senhaseguramock.KindPassword, other); !it.Active {
				return fmt.Errorf("the destroy deactivated someone else's password %s", other)
			}
			if it, _ := mock.Item(senhaseguramock.KindPassword, "2"); it.Active {
				return fmt.Errorf("Terraform's own password is still active")
			}
			return nil
		},
	})
}

// A token endpoint that asks for a long wait fails the plan at once, naming its Retry-After and
// the setting; so does a long Retry-After on an API call.
func TestAccMisbehaving_longRetryAfter(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.FailTokensAlways(senhaseguramock.Fault{Status: 429, RetryAfter: "999999"})
	var began time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { began = time.Now() },
				Config:    acctest.ProviderConfig(url) + testAccAnyResource,
				ExpectError: regexp.MustCompile(`(?s)MySafe Token Endpoint Asked To Wait.*raise\s+max_retry_wait.*` +
					`Retry-After:\s+999999`),
			},
			{
				PreConfig: func() {
					if took := time.Since(began); took > 20*time.Second {
						t.Errorf("the plan took %s", took)
					}
					mock.ClearFaults()
					mock.FailAlwaysOn("POST /mysafe/password", senhaseguramock.Fault{Status: 503, RetryAfter: "120"})
				},
				Config:      acctest.ProviderConfig(url) + testAccAnyResource,
				ExpectError: regexp.MustCompile(`(?s)Error Creating MySafe Password.*raise\s+max_retry_wait.*Retry-After:\s+120`),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := len(mock.Items(senhaseguramock.KindPassword)); n != 0 {
				return fmt.Errorf("%d passwords stored", n)
			}
			return nil
		},
	})
}

// A server that echoes the request in its errors (the write-only password, escape sequences)
// puts neither in a diagnostic.
func TestAccMisbehaving_echoedSecret(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.FailAlwaysOn("POST /mysafe/password", senhaseguramock.Fault{Echo: true})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + `
resource "senhasegura_mysafe_password" "wo" {
  name                = "db"
  username            = "app"
  password_wo         = "Echoed-Secret-Value-9"
  password_wo_version = 1
}
`,
			ExpectError: regexp.MustCompile(`(?s)Error Creating MySafe Password.*"password":"\*\*\*"`),
		}},
	})
}

// A replacement (here of a tainted password) is no duplicate of the item it replaces: with
// duplicate_check = "error", its plan does not fail on the resource's own identifier.
func TestAccDuplicateCheck_neverNamesTheResourceItself(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	cfg := acctest.ProviderConfig(url, `duplicate_check = "error"`) + `
resource "senhasegura_mysafe_password" "mine" {
  name     = "mine"
  username = "app"
  password = "Pw-1-x"
}
`
	addr := "senhasegura_mysafe_password.mine"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllDeactivated(mock, senhaseguramock.KindPassword),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				Taint:            []string{addr},
				Config:           cfg,
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)),
			},
		},
	})
}
