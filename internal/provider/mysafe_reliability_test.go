package provider

import (
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

const testAccManyPasswords = `
resource "senhasegura_mysafe_password" "many" {
  count    = %d
  name     = "service-${count.index}"
  username = "svc${count.index}"
  password = "pw-${count.index}-Xq9"
  tags     = ["storm"]

  users_allowed {
    username = "pduarte"
  }
}
`

// 50 passwords applied while 20 % of MySafe calls fail with 502/504, half of them after the
// server did the work: the apply succeeds, MySafe holds exactly 50 passwords, the next plan
// is empty.
func TestAccReliability_faultStormNoDuplicates(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.SetFaultRate(0.2, 42,
		senhaseguramock.Fault{Status: 502}, senhaseguramock.Fault{Status: 504},
		senhaseguramock.Fault{Status: 502, AfterHandling: true}, senhaseguramock.Fault{Status: 504, AfterHandling: true},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllDeactivated(mock, senhaseguramock.KindPassword),
		Steps: []resource.TestStep{{
			Config:           acctest.ProviderConfig(url) + fmt.Sprintf(testAccManyPasswords, 50),
			ConfigPlanChecks: emptyPlanAfterApply(),
			Check: func(*terraform.State) error {
				items := mock.Items(senhaseguramock.KindPassword)
				names := map[string]int{}
				for _, it := range items {
					names[it.Fields["name"]]++
				}
				if len(items) != 50 || len(names) != 50 {
					return fmt.Errorf("mock holds %d passwords with %d distinct names, want exactly 50", len(items), len(names))
				}
				if mock.FaultsServed() < 10 {
					return fmt.Errorf("only %d faults were served: the test proves nothing", mock.FaultsServed())
				}
				t.Logf("fault storm: %d faults served, %d POSTs for 50 passwords", mock.FaultsServed(), mock.RequestCount("POST /mysafe/password"))
				return nil
			},
		}},
	})
}

// Tokens live 1 s while every call takes 300 ms: tokens are renewed during the apply
// without a single call being refused.
func TestAccReliability_tokenExpiresDuringApply(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{TokenTTL: time.Second})
	mock.SetLatency(300 * time.Millisecond)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:           acctest.ProviderConfig(url, "max_concurrent_requests = 1") + fmt.Sprintf(testAccManyPasswords, 6),
			ConfigPlanChecks: emptyPlanAfterApply(),
			Check: func(*terraform.State) error {
				if n := len(mock.Items(senhaseguramock.KindPassword)); n != 6 {
					return fmt.Errorf("%d passwords", n)
				}
				// One apply process makes 6 sequential creates of >= 300 ms: its token must
				// have been renewed at least once.
				if mock.TokenRequests() < 3 {
					return fmt.Errorf("only %d token requests", mock.TokenRequests())
				}
				// Renewal happens before expiry: not a single call is refused.
				if mock.Unauthorized() != 0 {
					return fmt.Errorf("%d calls were answered 401", mock.Unauthorized())
				}
				t.Logf("token TTL 1s: %d token requests, %d calls answered 401", mock.TokenRequests(), mock.Unauthorized())
				return nil
			},
		}},
	})
}

// A 429 with Retry-After: 1 is waited out and the apply succeeds.
func TestAccReliability_rateLimited(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	var start time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				mock.FailNext(2, senhaseguramock.Fault{Status: 429, RetryAfter: "1"})
				start = time.Now()
			},
			Config: acctest.ProviderConfig(url) + fmt.Sprintf(testAccManyPasswords, 1),
			Check: func(*terraform.State) error {
				if mock.FaultsServed() != 2 || len(mock.Items(senhaseguramock.KindPassword)) != 1 {
					return fmt.Errorf("faults %d, passwords %d", mock.FaultsServed(), len(mock.Items(senhaseguramock.KindPassword)))
				}
				if waited := time.Since(start); waited < 2*time.Second {
					return fmt.Errorf("two Retry-After: 1 answers should cost >= 2s, took %v", waited)
				}
				return nil
			},
		}},
	})
}

// max_concurrent_requests bounds the requests in flight whatever Terraform's parallelism.
func TestAccReliability_maxConcurrentRequests(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.SetLatency(100 * time.Millisecond)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url, "max_concurrent_requests = 2") + fmt.Sprintf(testAccManyPasswords, 10),
			Check: func(*terraform.State) error {
				if n := mock.MaxInFlight(); n != 2 {
					return fmt.Errorf("max in flight %d, want 2", n)
				}
				return nil
			},
		}},
	})
}

// TLS: verification is on by default, a private CA is trusted through ca_cert_pem or
// ca_cert_file, and insecure_skip_verify works with a warning.
func TestAccReliability_tls(t *testing.T) {
	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewTLSServer(mock)
	t.Cleanup(srv.Close)
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, []byte(caPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	one := fmt.Sprintf(testAccManyPasswords, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.ProviderConfig(srv.URL) + one,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)MySafe Certificate Not Trusted.*set\s+ca_cert_file.*not\s+trusted.*unknown\s+authority`),
			},
			{
				Config:      acctest.ProviderConfig(srv.URL, "ca_cert_pem = \"not a certificate\"") + one,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`Invalid CA Certificate`),
			},
			{Config: acctest.ProviderConfig(srv.URL, fmt.Sprintf("ca_cert_pem = %q", caPEM)) + one},
			{Config: acctest.ProviderConfig(srv.URL, fmt.Sprintf("ca_cert_file = %q", caFile)) + one, PlanOnly: true},
			{Config: acctest.ProviderConfig(srv.URL, "insecure_skip_verify = true") + one, PlanOnly: true},
		},
	})
	if len(mock.Items(senhaseguramock.KindPassword)) != 1 {
		t.Fatal("nothing was created over TLS")
	}
}
