package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

const badInputPassword = `
resource "senhasegura_mysafe_password" "test" {
  name     = "db"
  username = "root"
  password = "Secret-Pw-991"
}
`

// TestAccBadInput lists what users get wrong, and what the provider answers: each case is a
// configuration and the message the user sees. Nothing may panic, and a failed apply must
// leave the state true to what MySafe holds.
func TestAccBadInput(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{"name": "x", "url": "u", "client_id": "c", "identifier_code": "taken"}})
	deadSrv := httptest.NewServer(http.NotFoundHandler())
	dead := deadSrv.URL
	deadSrv.Close()

	pw := func(body string) string {
		return acctest.ProviderConfig(url) + "resource \"senhasegura_mysafe_password\" \"test\" {\n" + body + "\n}\n"
	}
	cases := []struct {
		name   string
		config string
		err    string
	}{
		{"wrong credentials", acctest.ProviderConfig(url, `client_id = "nobody"`, `client_secret = "Wrong-Secret-123"`) + badInputPassword,
			`(?s)MySafe Credentials Rejected.*rejected client ID\s+"nobody".*invalid_client`},
		{"URL without MySafe (No route matched)", acctest.ProviderConfig(url+"/not-mysafe") + badInputPassword,
			`(?s)No MySafe API At That URL.*No route matched with those values`},
		{"server down", acctest.ProviderConfig(dead, "max_retries = 2") + badInputPassword,
			`(?s)Cannot Connect To MySafe.*No answer from ` + regexp.QuoteMeta(dead) + `.*connection refused.*gave up after 3\s+attempts`},
		{"invalid base32 secret_key", pw(`name = "n"
  username = "u"
  password = "p"
  secret_key = "JBSWY3DP-HPK3PXP"`), `(?s)Invalid TOTP Secret Key.*not base32`},
		{"duplicate username in users_allowed", pw(`name = "n"
  username = "u"
  password = "p"
  users_allowed {
    username = "pduarte"
  }
  users_allowed {
    username = "pduarte"
    can_edit = true
  }`), `(?s)Duplicate Share.*username "pduarte" appears in more than one block`},
		{"empty required string", pw(`name = "n"
  username = ""
  password = "p"`), `(?s)Attribute username string length must be at least 1, got: 0`},
		{"duplicate identifier_code", acctest.ProviderConfig(url) + `
resource "senhasegura_mysafe_api_secret" "test" {
  name            = "n"
  url             = "https://api.example.com"
  client_id       = "c"
  identifier_code = "taken"
}`, `(?s)Duplicate identifier_code.*identifier_code = "taken".*MySafe error 1001`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: c.config, ExpectError: regexp.MustCompile(c.err)}},
			})
		})
	}

	t.Run("import ID that names nothing", func(t *testing.T) {
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					// Not digits: a name, which no password has.
					Config: pw(`name = "n"
  username = "u"
  password = "p"`),
					ResourceName: "senhasegura_mysafe_password.test", ImportState: true, ImportStateId: "db-password",
					ExpectError: regexp.MustCompile(`(?s)Cannot Import MySafe Password.*No\s+active\s+password\s+is\s+named\s+"db-password"\.`),
				},
				{
					// Nothing at all after the write-only prefix.
					Config: pw(`name = "n"
  username = "u"
  password = "p"`),
					ResourceName: "senhasegura_mysafe_password.test", ImportState: true, ImportStateId: "write-only:",
					ExpectError: regexp.MustCompile(`(?s)Invalid Import Identifier.*"write-only:" is not a MySafe identifier`),
				},
			},
		})
	})

	// A refresh answered with HTML: a precise error, and the state keeps the password (the
	// next plan, once MySafe answers properly, is empty rather than a re-create).
	t.Run("answer that is not JSON", func(t *testing.T) {
		m, url := testAccMock(t, senhaseguramock.Options{})
		cfg := acctest.ProviderConfig(url) + badInputPassword
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: cfg},
				{
					PreConfig: func() {
						m.FailNextOn("GET /mysafe/password/{id}", 1, senhaseguramock.Fault{Mangle: senhaseguramock.MangleHTML})
					},
					Config:      cfg,
					ExpectError: regexp.MustCompile(`(?s)Error Reading MySafe Password.*the answer is an HTML page\s+titled\s+"Service\s+Temporarily\s+Unavailable",\s+not\s+JSON:\s+a\s+proxy\s+or\s+maintenance\s+page\s+is\s+likely`),
				},
				{
					PreConfig:        m.ClearFaults,
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
			},
		})
		if n := len(m.Items(senhaseguramock.KindPassword)); n != 1 {
			t.Fatalf("%d passwords stored, want 1", n)
		}
	})

	// A create answered with a truncated body: the provider finds the stored password and
	// adopts it, so state and MySafe agree and nothing is duplicated.
	t.Run("truncated answer to a create", func(t *testing.T) {
		m, url := testAccMock(t, senhaseguramock.Options{})
		m.FailNextOn("POST /mysafe/password", 1, senhaseguramock.Fault{Mangle: senhaseguramock.MangleTruncate})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:           acctest.ProviderConfig(url) + badInputPassword,
				ConfigPlanChecks: emptyPlanAfterApply(),
				Check: func(*terraform.State) error {
					if n := len(m.Items(senhaseguramock.KindPassword)); n != 1 {
						return fmt.Errorf("%d passwords stored, want exactly 1", n)
					}
					if m.FaultsServed() != 1 {
						return fmt.Errorf("the truncated answer was served %d times, want 1", m.FaultsServed())
					}
					return nil
				},
			}},
		})
	})
}

// An independent MySafe may answer creates and updates with less than the reference shows:
// what the answer leaves out keeps the planned value, so apply succeeds and the next plan,
// made from full GET answers, is empty.
func TestAccSparseWriteAnswers(t *testing.T) {
	m, url := testAccMock(t, senhaseguramock.Options{})
	sparse := senhaseguramock.Fault{Mangle: senhaseguramock.MangleSparse}
	for _, route := range []string{"POST /mysafe/password", "PUT /mysafe/password/update/{id}", "POST /mysafe/secretapi"} {
		m.FailNextOn(route, 1, sparse)
	}
	empty := emptyPlanAfterApply()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: testAccPasswordConfig(url, testAccPasswordSeed), ConfigPlanChecks: empty},
			{Config: testAccPasswordConfig(url, testAccPasswordUpdated), ConfigPlanChecks: empty},
			{Config: testAccAPISecretConfig(url, testAccAPISecretSeed), ConfigPlanChecks: empty},
		},
		CheckDestroy: func(*terraform.State) error {
			if m.FaultsServed() != 3 {
				return fmt.Errorf("%d sparse answers served, want 3 (create, update, create)", m.FaultsServed())
			}
			return nil
		},
	})
}
