package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestMain gives terraform a CLI configuration file that exists (the machine's
// TF_CLI_CONFIG_FILE may name one that does not) before any acceptance test runs.
func TestMain(m *testing.M) { acctest.UseCLIConfig(m) }

// testAccProtoV6ProviderFactories serves the provider in process, with short retry waits so
// that fault-injection tests stay fast.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"senhasegura": providerserver.NewProtocol6WithError(&senhaseguraProvider{
		version: "test", retryWaitMin: 20 * time.Millisecond, retryWaitMax: 200 * time.Millisecond,
	}),
}

// testAccUsers and testAccGroups are the MySafe users and groups the tests share items with:
// the mock knows them, and only them (strict sharing, as MySafe: a share to anyone else fails
// and is reported in shared_error).
var (
	testAccUsers  = []string{"pduarte", "alices", "alice", "mallory", "bob"}
	testAccGroups = []string{"Test group", "DBA", "dba"}
)

// testAccMock starts a fresh mock on 127.0.0.1 for one test, with strict sharing (a share to a
// user or group MySafe does not know fails, as it does in MySafe) and the users and groups the
// tests share with.
func testAccMock(t *testing.T, opts senhaseguramock.Options) (*senhaseguramock.Server, string) {
	t.Helper()
	opts.Quirks.StrictShares = true
	m := senhaseguramock.New(opts)
	for _, u := range testAccUsers {
		m.AddUser(u)
	}
	for _, g := range testAccGroups {
		m.AddGroup(g)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, srv.URL
}

// A resource whose plan needs a configured provider.
const testAccAnyResource = `
resource "senhasegura_mysafe_password" "probe" {
  name     = "probe"
  username = "probe"
  password = "probe-password"
}
`

func TestAccProvider_envConfiguration(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	t.Setenv(EnvURL, url)
	t.Setenv(EnvClientID, senhaseguramock.DefaultClientID)
	t.Setenv(EnvClientSecret, senhaseguramock.DefaultClientSecret)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "senhasegura" {}` + testAccAnyResource,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("senhasegura_mysafe_password.probe", tfjsonpath.New("id"), knownvalue.StringExact("1")),
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			if it, ok := mock.Item(senhaseguramock.KindPassword, "1"); !ok || it.Active {
				return fmt.Errorf("password 1 should be deactivated: %+v", it)
			}
			return nil
		},
	})
}

// Every call to MySafe names the provider, its version and the Terraform that runs it.
func TestAccProvider_userAgent(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	want := regexp.MustCompile(`^terraform-provider-senhasegura/test \(\+https://registry\.terraform\.io/providers/senhasegura/senhasegura\) Terraform/[0-9]+\.[0-9]+\.[0-9]+`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + testAccAnyResource,
			Check: func(*terraform.State) error {
				calls := mock.Calls()
				if len(calls) == 0 {
					return fmt.Errorf("no call reached MySafe")
				}
				for _, c := range calls {
					if !want.MatchString(c.UserAgent) {
						return fmt.Errorf("%s sent User-Agent %q, want %s", c.Route, c.UserAgent, want)
					}
				}
				return nil
			},
		}},
	})
}

func TestUserAgent(t *testing.T) {
	for _, tc := range []struct{ provider, terraform, want string }{
		{"0.1.0", "1.15.9", "terraform-provider-senhasegura/0.1.0 (+https://registry.terraform.io/providers/senhasegura/senhasegura) Terraform/1.15.9"},
		{"0.1.0-dev", "", "terraform-provider-senhasegura/0.1.0-dev (+https://registry.terraform.io/providers/senhasegura/senhasegura)"},
	} {
		if got := userAgent(tc.provider, tc.terraform); got != tc.want {
			t.Errorf("userAgent(%q, %q) = %q, want %q", tc.provider, tc.terraform, got, tc.want)
		}
	}
}

func TestAccProvider_configWinsOverEnv(t *testing.T) {
	_, url := testAccMock(t, senhaseguramock.Options{})
	t.Setenv(EnvURL, "http://127.0.0.1:1")
	t.Setenv(EnvClientSecret, "wrong-secret")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: acctest.ProviderConfig(url) + testAccAnyResource}},
	})
}

func TestAccProvider_errors(t *testing.T) {
	_, url := testAccMock(t, senhaseguramock.Options{})

	// Something that is not MySafe: a web server answering 404 everywhere.
	notMySafe := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(notMySafe.Close)
	// A port where nothing listens.
	closed := httptest.NewServer(http.NotFoundHandler())
	deadURL := closed.URL
	closed.Close()

	provider := func(settings string) string { return acctest.ProviderBlock(settings) + testAccAnyResource }
	steps := []resource.TestStep{
		{
			Config:      provider(fmt.Sprintf("url = %q\nclient_id = %q\nclient_secret = \"not-the-secret\"", url, senhaseguramock.DefaultClientID)),
			ExpectError: regexp.MustCompile(`(?s)MySafe Credentials Rejected.*rejected client ID`),
		},
		{
			Config:      provider(fmt.Sprintf("url = %q\nclient_id = \"a\"\nclient_secret = \"b\"", notMySafe.URL)),
			ExpectError: regexp.MustCompile(`No MySafe API At That URL`),
		},
		{
			Config:      provider(fmt.Sprintf("url = %q\nclient_id = \"a\"\nclient_secret = \"b\"\nmax_retries = 1", deadURL)),
			ExpectError: regexp.MustCompile(`(?s)Cannot Connect To MySafe.*` + regexp.QuoteMeta(deadURL)),
		},
		{
			Config:      provider(`url = "vault.example.com"` + "\nclient_id = \"a\"\nclient_secret = \"b\""),
			ExpectError: regexp.MustCompile(`Malformed senhasegura URL`),
		},
		{
			Config:      provider(fmt.Sprintf("url = %q", url)),
			ExpectError: regexp.MustCompile(`(?s)Missing senhasegura Provider Setting.*SENHASEGURA_CLIENT_ID`),
		},
		{
			// timetypes.GoDuration refuses what does not parse, with its own summary.
			Config:      provider(fmt.Sprintf("url = %q\nclient_id = \"a\"\nclient_secret = \"b\"\nrequest_timeout = \"soon\"", url)),
			ExpectError: regexp.MustCompile(`(?s)Invalid Time Duration String Value.*request_timeout = "soon"`),
		},
		{
			Config:      provider(fmt.Sprintf("url = %q\nclient_id = \"a\"\nclient_secret = \"b\"\nrequest_timeout = \"-5s\"", url)),
			ExpectError: regexp.MustCompile(`(?s)Invalid Duration.*"-5s" is not a positive Go duration`),
		},
		{
			// A URL known only after apply (terraform_data is built into terraform).
			Config: `resource "terraform_data" "later" { input = "x" }` + "\n" +
				provider("url = \"https://${terraform_data.later.id}.example.com\"\nclient_id = \"a\"\nclient_secret = \"b\""),
			ExpectError: regexp.MustCompile(`(?s)Unknown senhasegura Provider Setting.*"url" is unknown`),
		},
	}
	for i := range steps {
		steps[i].PlanOnly = true
	}
	t.Setenv(EnvURL, "")
	t.Setenv(EnvClientID, "")
	t.Setenv(EnvClientSecret, "")
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}
