package provider

import (
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// otherHost starts a listener on 127.0.0.2 (another host from the client's point of view)
// that counts the connections it receives.
func otherHost(t *testing.T) *senhaseguramock.OtherHost {
	t.Helper()
	h, err := senhaseguramock.NewOtherHost()
	if err != nil {
		t.Fatalf("a second loopback address is needed for this test: %v", err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

// A redirect, on the token call or on a refresh, is an error that says what to fix; the
// other host receives nothing.
func TestAccSecurity_redirectsRefused(t *testing.T) {
	other := otherHost(t)
	target := other.URL + "/login?SAMLRequest=Saml-Ticket-3"

	t.Run("token", func(t *testing.T) {
		mock, url := testAccMock(t, senhaseguramock.Options{})
		mock.FailNextToken(50, senhaseguramock.Fault{Status: 302, Location: target})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      acctest.ProviderConfig(url) + testAccAnyResource,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)MySafe Token Request Redirected.*HTTP 302`),
			}},
		})
	})
	t.Run("refresh", func(t *testing.T) {
		mock, url := testAccMock(t, senhaseguramock.Options{})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{Config: acctest.ProviderConfig(url) + testAccAnyResource},
				{
					PreConfig:   func() { mock.FailNext(1, senhaseguramock.Fault{Status: 308, Location: target}) },
					Config:      acctest.ProviderConfig(url) + testAccAnyResource,
					ExpectError: regexp.MustCompile(`(?s)Error Reading MySafe Password.*redirect, which the provider never\s+follows.*HTTP 308`),
				},
			},
		})
	})
	if n := other.Connections(); n != 0 {
		t.Fatalf("the other host received %d connections", n)
	}
}

// Mutual TLS: against a MySafe that requires a client certificate, the provider without one
// cannot connect; with client_cert_pem and client_key_file it works.
func TestAccSecurity_clientCertificate(t *testing.T) {
	mt, err := senhaseguramock.NewMutualTLS()
	if err != nil {
		t.Fatal(err)
	}
	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewUnstartedServer(mock)
	srv.TLS = mt.ServerConfig()
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	keyFile := filepath.Join(t.TempDir(), "client.key")
	if err := os.WriteFile(keyFile, mt.ClientKeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	one := fmt.Sprintf(testAccManyPasswords, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.ProviderConfig(srv.URL, fmt.Sprintf("ca_cert_pem = %q\nmax_retries = 0", caPEM)) + one,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Cannot Connect To MySafe`),
			},
			{
				Config:      acctest.ProviderConfig(srv.URL, fmt.Sprintf("ca_cert_pem = %q\nclient_cert_pem = %q", caPEM, string(mt.ClientCertPEM))) + one,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Incomplete Client Certificate`),
			},
			{
				Config: acctest.ProviderConfig(srv.URL, fmt.Sprintf("ca_cert_pem = %q\nclient_cert_pem = %q\nclient_key_file = %q",
					caPEM, string(mt.ClientCertPEM), keyFile)) + one,
				ConfigPlanChecks: emptyPlanAfterApply(),
			},
		},
	})
	if n := len(mock.Items(senhaseguramock.KindPassword)); n != 1 {
		t.Fatalf("%d passwords created over mutual TLS, want 1", n)
	}
}

// Shares MySafe lists twice (the web UI or another tool stored them) no longer break every
// plan: they are merged, the plan shows an update, and the apply writes the clean list.
func TestAccSecurity_duplicateSharesMerged(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	cfg := testAccPasswordConfig(url, `
  name     = "shared twice"
  username = "u"
  password = "Dup-Pw-1"
  users_allowed {
    username = "pduarte"
    can_edit = true
  }
  groups_allowed {
    name = "DBA"
  }
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ConfigPlanChecks: emptyPlanAfterApply()},
			{
				PreConfig: func() {
					mock.Modify(senhaseguramock.KindPassword, "1", func(it *senhaseguramock.Item) {
						it.UsersAllowed = []senhaseguramock.Share{{Name: "pduarte"}, {Name: "pduarte", CanEdit: true}}
						it.GroupsAllowed = []senhaseguramock.Share{{Name: "DBA"}, {Name: "DBA"}}
					})
				},
				Config:           cfg,
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(pwAddr, plancheck.ResourceActionUpdate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("drift_detected"), knownvalue.SetSizeExact(0)),
				},
				Check: testAccCheckMock(mock, senhaseguramock.KindPassword, "1", func(it senhaseguramock.Item) error {
					if err := expectShares(it.UsersAllowed, senhaseguramock.Share{Name: "pduarte", CanEdit: true}); err != nil {
						return err
					}
					return expectShares(it.GroupsAllowed, senhaseguramock.Share{Name: "DBA"})
				}),
			},
		},
	})
}

// Names, usernames and client IDs made only of spaces are refused at plan time; a URL with
// user information is refused.
func TestAccSecurity_blankAndURLInput(t *testing.T) {
	_, url := testAccMock(t, senhaseguramock.Options{})
	steps := []resource.TestStep{
		{Config: testAccPasswordConfig(url, "name = \"   \"\nusername = \"u\"\npassword = \"p\""), ExpectError: regexp.MustCompile(`(?s)Blank Value.*name is made only of white space`)},
		{Config: testAccPasswordConfig(url, "name = \"n\"\nusername = \"\t \"\npassword = \"p\""), ExpectError: regexp.MustCompile(`(?s)Blank Value.*username is made only of white space`)},
		{Config: testAccAPISecretConfig(url, "name = \"n\"\nurl = \"https://a\"\nclient_id = \"  \""), ExpectError: regexp.MustCompile(`(?s)Blank Value.*client_id is made only of white space`)},
		{
			Config:      acctest.ProviderConfig("http://admin:Url-Secret-9@"+url[len("http://"):], `client_id = "a"`, `client_secret = "b"`) + testAccAnyResource,
			ExpectError: regexp.MustCompile(`(?s)Credentials In senhasegura URL.*http://\*\*\*@127\.0\.0\.1`),
		},
	}
	for i := range steps {
		steps[i].PlanOnly = true
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}
