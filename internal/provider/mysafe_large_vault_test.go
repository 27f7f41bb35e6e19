package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// A real estate: the vault holds many items no configuration manages. A plan, an apply, a
// refresh and an import read only what the configuration manages or names (never a GET of
// another item: no secret read that nobody asked for), and lists each kind at most once per
// provider process, whatever the vault holds. (make bench VAULT measures the cost at 10,000
// items per kind and 100,000 PAM Core credentials; this is the CI-sized check.)

const largeVault = 600

func seedLargeVault(mock *senhaseguramock.Server) map[string]map[string]bool {
	unmanaged := map[string]map[string]bool{}
	add := func(route string, ids []string) {
		unmanaged[route] = map[string]bool{}
		for _, id := range ids {
			unmanaged[route][id] = true
		}
	}
	add("GET /mysafe/password/{id}", mock.SeedMany(senhaseguramock.KindPassword, largeVault, func(i int) senhaseguramock.Item {
		return senhaseguramock.Item{Fields: map[string]string{"name": fmt.Sprintf("svc-%d", i), "username": "app", "password": fmt.Sprintf("Pw-%d", i),
			"url": "https://db.example.com", "tags": "prod"}}
	}))
	add("GET /mysafe/secretapi/{id}", mock.SeedMany(senhaseguramock.KindAPISecret, largeVault, func(i int) senhaseguramock.Item {
		return senhaseguramock.Item{Fields: map[string]string{"name": fmt.Sprintf("api-%d", i), "url": "https://api.example.com",
			"client_id": fmt.Sprintf("c-%d", i), "client_secret": fmt.Sprintf("Cs-%d", i), "identifier_code": fmt.Sprintf("code-%d", i)}}
	}))
	add("GET /mysafe/note/{id}", mock.SeedMany(senhaseguramock.KindNote, largeVault, func(i int) senhaseguramock.Item {
		return senhaseguramock.Item{Fields: map[string]string{"name": fmt.Sprintf("note-%d", i), "note": fmt.Sprintf("text-%d", i), "tags": "ops"}}
	}))
	mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "big.example.com", IP: "10.9.0.1", Type: "Server", Vendor: "V", Model: "M", Site: "S"})
	creds := mock.SeedPAMCredentials(5*largeVault, func(i int) senhaseguramock.PAMCredential {
		return senhaseguramock.PAMCredential{Hostname: "big.example.com", IP: "10.9.0.1", Identifier: fmt.Sprintf("big-%d", i),
			Username: fmt.Sprintf("user%d", i), Password: fmt.Sprintf("Pam-%d", i)}
	})
	add("GET /pam/credential/{id}", creds)
	add("GET /v2/pam/credentials/{id}", creds)
	return unmanaged
}

// unmanagedReads lists the single-item GETs of items no configuration manages.
func unmanagedReads(mock *senhaseguramock.Server, unmanaged map[string]map[string]bool) []string {
	var out []string
	for _, c := range mock.Calls() {
		if unmanaged[c.Route][c.ID] {
			out = append(out, c.Route+" "+c.ID)
		}
	}
	return out
}

func TestAccLargeVault_readsOnlyTheConfiguration(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	unmanaged := seedLargeVault(mock)
	cfg := acctest.ProviderConfig(url) + `
resource "senhasegura_mysafe_password" "db" {
  name     = "svc-new"
  username = "app"
  password = "Pw-new"
  url      = "https://db.example.com"
}

resource "senhasegura_mysafe_api_secret" "api" {
  name            = "api-new"
  url             = "https://api.example.com"
  client_id       = "c-new"
  identifier_code = "code-new"
}

resource "senhasegura_mysafe_note" "note" {
  name = "note-new"
  note = "text-new"
  tags = ["ops"]
}

resource "senhasegura_pam_device" "db" {
  hostname = "db-new.example.com"
  ip       = "10.9.0.2"
  type     = "Database"
  vendor   = "Oracle"
  model    = "MySQL 8"
  site     = "LAX"
}

resource "senhasegura_pam_credential" "dba" {
  count      = 3
  hostname   = senhasegura_pam_device.db.hostname
  ip         = senhasegura_pam_device.db.ip
  identifier = "db-new-${count.index}"
  username   = "dba${count.index}"
}
`
	check := func(phase string, maxLists map[string]int) func() {
		before := mock.Counts()
		return func() {
			if reads := unmanagedReads(mock, unmanaged); len(reads) > 0 {
				t.Errorf("%s read %d items no configuration manages: %v", phase, len(reads), reads[:min(len(reads), 5)])
			}
			after := mock.Counts()
			var b strings.Builder
			for _, route := range []string{"GET /mysafe/password", "GET /mysafe/secretapi", "GET /mysafe/note", "GET /pam/device", "GET /pam/credential"} {
				n := after[route] - before[route]
				if n > maxLists[route] {
					t.Errorf("%s: %d × %s, at most %d (one per kind and provider process)", phase, n, route, maxLists[route])
				}
				fmt.Fprintf(&b, "%s %d, ", route, n)
			}
			t.Logf("%s: lists %s", phase, b.String())
		}
	}
	// Each phase is checked when the next begins: the lists it made, per kind, against the most
	// one list per kind and provider process allows (API secrets: the identifier_code lookup of
	// the planned create, and the list a create process makes once before its first create).
	done := func() {}
	phase := func(name string, limits [5]int) func() {
		return func() {
			done()
			done = check(name, map[string]int{"GET /mysafe/password": limits[0], "GET /mysafe/secretapi": limits[1], "GET /mysafe/note": limits[2],
				"GET /pam/device": limits[3], "GET /pam/credential": limits[4]})
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The plan, the apply and the plans after it.
				PreConfig:        phase("plan, apply and refresh", [5]int{2, 3, 2, 2, 3}),
				Config:           cfg,
				ConfigPlanChecks: emptyPlanAfterApply(),
			},
			{
				PreConfig: phase("refresh", [5]int{0, 0, 0, 1, 1}),
				Config:    cfg,
				PlanOnly:  true,
			},
			{
				PreConfig:         phase("import", [5]int{0, 0, 0, 0, 0}),
				Config:            cfg,
				ResourceName:      "senhasegura_mysafe_api_secret.api",
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				PreConfig:        phase("destroy", [5]int{0, 0, 0, 2, 2}),
				Config:           acctest.ProviderConfig(url),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("senhasegura_mysafe_note.note", plancheck.ResourceActionDestroy)}},
				Check: func(*terraform.State) error {
					done()
					done = func() {}
					return nil
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			done()
			if reads := unmanagedReads(mock, unmanaged); len(reads) > 0 {
				return fmt.Errorf("read %d unmanaged items", len(reads))
			}
			return nil
		},
	})
}

// An instance whose list filter does not filter: the duplicate check of an API secret does not
// read the API secrets the list shows one by one; it says it cannot check.
func TestAccLargeVault_filterNotApplied(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{Quirks: senhaseguramock.Quirks{FilterIgnored: true}})
	unmanaged := seedLargeVault(mock)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url, `duplicate_check = "error"`) + `
resource "senhasegura_mysafe_api_secret" "api" {
  name            = "api-new"
  url             = "https://api.example.com"
  client_id       = "c-new"
  identifier_code = "code-new"
}
`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Cannot Check For Duplicates.*does\s+not\s+seem\s+to\s+apply\s+the\s+filter`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if reads := unmanagedReads(mock, unmanaged); len(reads) > 0 {
				return fmt.Errorf("read %d unmanaged items", len(reads))
			}
			return nil
		},
	})
}
