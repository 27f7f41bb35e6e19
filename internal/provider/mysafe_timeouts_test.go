package provider

import (
	"fmt"
	"net"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestAccTimeouts_read: a refresh against a MySafe that holds the answer back for a minute
// fails when the configured read timeout (2s) runs out, long before the 15 s attempt timeout,
// and the error names the timeout and how to raise it.
func TestAccTimeouts_read(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
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
					mock.FailNextOn("GET /mysafe/password/{id}", 10, senhaseguramock.Fault{Delay: time.Minute})
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
	srv, err := senhaseguramock.NewSilentServer()
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

// TestAccTimeouts_lookups: data sources (`read`) and ephemeral resources (`open`) have their
// own timeouts blocks; against a MySafe that holds the answer back for a minute, each fails
// when its 2s runs out, naming the timeout and how to raise it.
func TestAccTimeouts_lookups(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "db", "username": "root", "password": "Lk-Pw-1"}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{"name": "GCP", "url": "https://gcp.com", "client_id": "cid", "client_secret": "Lk-Cs-1", "identifier_code": "hyga125"}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "SSH key", "note": "Lk-Note-1", "tags": "ssh"}})
	factories := map[string]func() (tfprotov6.ProviderServer, error){"echo": echoprovider.NewProviderServer()}
	for k, v := range testAccProtoV6ProviderFactories {
		factories[k] = v
	}
	cfg := acctest.ProviderConfig(url) + `
data "senhasegura_mysafe_password" "db" {
  id = "1"
  timeouts {
    read = "2s"
  }
}

data "senhasegura_mysafe_notes" "ssh" {
  tag = "ssh"
  timeouts {
    read = "2s"
  }
}

ephemeral "senhasegura_mysafe_api_secret" "gcp" {
  identifier_code = "hyga125"
  timeouts {
    open = "2s"
  }
}

provider "echo" {
  data = ephemeral.senhasegura_mysafe_api_secret.gcp.client_id
}

resource "echo" "test" {}
`
	slow := &slowMySafe{t: t, mock: mock}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_password.db", tfjsonpath.New("timeouts").AtMapKey("read"), knownvalue.StringExact("2s")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_password.db", tfjsonpath.New("username"), knownvalue.StringExact("root")),
					statecheck.ExpectKnownValue("data.senhasegura_mysafe_notes.ssh", tfjsonpath.New("notes"), knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data"), knownvalue.StringExact("cid")),
				},
			},
			{
				PreConfig: slow.hold("GET /mysafe/password/{id}"),
				Config:    cfg, PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)MySafe read timeout ran out.*MySafe\s+password\s+1\s+did\s+not\s+finish.*read\s+timeout\s+of\s+2s.*timeouts\s+\{\s+read\s+=\s+"4s"\s+\}`),
			},
			{
				PreConfig: slow.failedFast("the password data source", slow.hold("GET /mysafe/note")),
				Config:    cfg, PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)MySafe read timeout ran out.*list\s+of\s+MySafe\s+notes.*read\s+timeout\s+of\s+2s`),
			},
			{
				PreConfig: slow.failedFast("the notes data source", slow.hold("GET /mysafe/secretapi")),
				Config:    cfg, PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)MySafe open timeout ran out.*open\s+timeout\s+of\s+2s.*timeouts\s+\{\s+open\s+=\s+"4s"\s+\}`),
			},
			{
				PreConfig: slow.failedFast("the API secret ephemeral resource", mock.ClearFaults),
				Config:    cfg, PlanOnly: true,
			},
		},
	})
}

// slowMySafe makes routes of a mock hold their answers back for a minute, and checks that the
// step it slowed failed on its 2s timeout rather than on the 15 s attempt timeout.
type slowMySafe struct {
	t     *testing.T
	mock  *senhaseguramock.Server
	start time.Time
}

// hold is a PreConfig: the route's next answers are held back, and the clock starts.
func (s *slowMySafe) hold(route string) func() {
	return func() {
		s.mock.ClearFaults()
		s.mock.FailNextOn(route, 10, senhaseguramock.Fault{Delay: time.Minute})
		s.start = time.Now()
	}
}

// failedFast is a PreConfig that checks the previous step (what) failed within about its
// 2s timeout, terraform run included, then runs next.
func (s *slowMySafe) failedFast(what string, next func()) func() {
	return func() {
		elapsed := time.Since(s.start)
		s.t.Logf("%s with a 2s timeout against a silent MySafe failed after %s (terraform run included)", what, elapsed.Round(100*time.Millisecond))
		if elapsed > 12*time.Second {
			s.t.Errorf("%s took %s: its timeout did not cut it short", what, elapsed)
		}
		next()
	}
}
