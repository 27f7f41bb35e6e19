package provider

import (
	"fmt"
	"net"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/mysafemock"
)

// TestAccTimeouts_read: a refresh against a MySafe that holds the answer back for a minute
// fails when the configured read timeout (2s) runs out, long before the 15 s attempt timeout,
// and the error names the timeout and how to raise it.
func TestAccTimeouts_read(t *testing.T) {
	mock, url := testAccMock(t, mysafemock.Options{})
	cfg := acctest.ProviderConfig(url) + `
resource "senhasegura_mysafe_password" "test" {
  name     = "slow"
  username = "svc"
  password = "Slow-Pw-1"
  timeouts {
    read = "2s"
  }
}
`
	var start time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pwAddr, tfjsonpath.New("timeouts").AtMapKey("read"), knownvalue.StringExact("2s")),
				},
			},
			{
				PreConfig: func() {
					mock.FailNextOn("GET /mysafe/password/{id}", 10, mysafemock.Fault{Delay: time.Minute})
					start = time.Now()
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)MySafe read timeout ran out.*read timeout of 2s.*timeouts \{ read = "4s" \}`),
			},
			{
				PreConfig: func() {
					elapsed := time.Since(start)
					t.Logf("refresh against a silent MySafe with read = \"2s\" failed after %s (terraform run included)", elapsed.Round(100*time.Millisecond))
					if elapsed > 12*time.Second {
						t.Errorf("the refresh took %s: the read timeout did not cut it short", elapsed)
					}
					mock.ClearFaults()
				},
				Config: cfg, PlanOnly: true,
			},
		},
	})
}

// TestAccTimeouts_failFast: with the default settings, a plan against a server that accepts
// connections and never answers fails within about 30 s (two attempts of the 15 s
// request_timeout), and one against a refused port within a few seconds, naming the address.
func TestAccTimeouts_failFast(t *testing.T) {
	srv, err := mysafemock.NewSilentServer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	silent := srv.Addr()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := ln.Addr().String()
	_ = ln.Close()
	var start time.Time
	check := func(what string, limit time.Duration) func() {
		return func() {
			elapsed := time.Since(start)
			t.Logf("plan against a %s failed after %s", what, elapsed.Round(100*time.Millisecond))
			if elapsed > limit {
				t.Errorf("plan against a %s took %s, more than %s", what, elapsed, limit)
			}
			start = time.Now()
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { start = time.Now() },
				Config:      acctest.ProviderConfig("http://"+silent) + testAccAnyResource,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)the\s+request\s+timed\s+out\s+\(gave\s+up\s+after\s+2\s+attempts\)`),
			},
			{
				PreConfig:   check("silent server", 40*time.Second),
				Config:      acctest.ProviderConfig("http://"+refused) + testAccAnyResource,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)cannot\s+connect\s+to\s+%s:.*refused.*gave\s+up\s+after\s+3\s+attempts`, regexp.QuoteMeta(refused))),
			},
			{
				PreConfig:   check("refused port", 8*time.Second),
				Config:      acctest.ProviderConfig("http://"+refused) + testAccAnyResource,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`refused`),
			},
		},
	})
}
