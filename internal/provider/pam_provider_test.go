package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// A device and a MySafe password in one configuration, for the credential tests below.
const testAccBothFamilies = `
resource "senhasegura_pam_device" "db" {
  hostname = "db01.example.com"
  ip       = "10.0.0.5"
  type     = "Database"
  vendor   = "Oracle"
  model    = "MySQL 8"
  site     = "LAX"
}

resource "senhasegura_mysafe_password" "probe" {
  name     = "probe"
  username = "probe"
  password = "probe-password"
}
`

// Where MySafe access keys do not reach PAM Core (internal/pam quirk P16, the other way), PAM
// Core takes its own A2A authorization (pam_client_id, pam_client_secret) while MySafe keeps
// client_id; without it, the PAM Core call fails with what to set.
func TestAccPAMProvider_separateCredentials(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{PAM: senhaseguramock.PAMQuirks{SeparateCredentials: true}})
	mock.AddPAMClient("a2a-terraform", "a2a-secret-1", "svc-terraform")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllPAMInactive(mock),
		Steps: []resource.TestStep{
			{
				Config:      acctest.ProviderConfig(url) + testAccBothFamilies,
				ExpectError: regexp.MustCompile(`(?s)Cannot Check PAM Core Devices.*PAM Core refused the provider's token.*set\s+pam_client_id\s+and\s+pam_client_secret.*HTTP\s+401`),
			},
			{
				Config:           acctest.ProviderConfig(url, `pam_client_id = "a2a-terraform"`, `pam_client_secret = "a2a-secret-1"`) + testAccBothFamilies,
				ConfigPlanChecks: emptyPlanAfterApply(),
				Check: func(*terraform.State) error {
					if d, ok := mock.PAMDevice("1"); !ok || !d.Active {
						return fmt.Errorf("no device: %+v", d)
					}
					if it, ok := mock.Item(senhaseguramock.KindPassword, "1"); !ok || it.Owner != senhaseguramock.DefaultUser {
						return fmt.Errorf("the MySafe password is not the access key user's: %+v", it)
					}
					return nil
				},
			},
		},
	})
}

// PAM Core's own credentials: both or neither; a wrong secret is pinned to pam_client_secret at
// plan time; a path prefix other than /iso and /api is refused.
func TestAccPAMProvider_configErrors(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.AddPAMClient("a2a-terraform", "a2a-secret-1", "svc-terraform")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.ProviderConfig(url, `pam_client_id = "a2a-terraform"`) + testAccBothFamilies,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Incomplete PAM Core Credentials.*pam_client_secret`),
			},
			{
				Config:      acctest.ProviderConfig(url, `pam_client_id = "a2a-terraform"`, `pam_client_secret = "wrong-secret"`) + testAccBothFamilies,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)PAM Core Credentials Rejected.*pam_client_secret.*"a2a-terraform"`),
			},
			{
				Config:      acctest.ProviderConfig(url, `pam_path_prefix = "/pam"`) + testAccBothFamilies,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)pam_path_prefix.*/api.*/iso`),
			},
		},
	})
}

// An A2A authorization with read-only PAM permission plans fine and fails the apply with code
// 1039 and what to change.
func TestAccPAMProvider_readOnly(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.AddReadOnlyClient("a2a-readonly", "ro-secret-1", "auditor")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      acctest.ProviderConfig(url, `pam_client_id = "a2a-readonly"`, `pam_client_secret = "ro-secret-1"`) + testAccBothFamilies,
			ExpectError: regexp.MustCompile(`(?s)Error Creating PAM Core Device.*may\s+read\s+PAM\s+Core\s+but\s+not\s+change\s+it.*error 1039`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := len(mock.PAMDevices()); n != 0 {
				return fmt.Errorf("%d devices stored", n)
			}
			return nil
		},
	})
}

// pam_path_prefix (here through its environment variable) is where every PAM Core v1 call
// goes; the API v2 read stays under /api.
func TestAccPAMProvider_pathPrefix(t *testing.T) {
	mock := senhaseguramock.New(senhaseguramock.Options{})
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/pam/") {
			mu.Lock()
			paths = append(paths, r.URL.Path)
			mu.Unlock()
		}
		mock.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	for _, prefix := range []string{"/iso", "/api"} {
		t.Run(prefix, func(t *testing.T) {
			mu.Lock()
			paths = nil
			mu.Unlock()
			t.Setenv(EnvPAMPathPrefix, prefix)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: acctest.ProviderConfig(srv.URL) + `
resource "senhasegura_pam_device" "db" {
  hostname = "db-` + strings.Trim(prefix, "/") + `.example.com"
  ip       = "10.0.0.5"
  type     = "Database"
  vendor   = "Oracle"
  model    = "MySQL 8"
  site     = "LAX"
}

resource "senhasegura_pam_credential" "app" {
  hostname = senhasegura_pam_device.db.hostname
  ip       = senhasegura_pam_device.db.ip
  username = "app"
}
`,
				}},
			})
			mu.Lock()
			defer mu.Unlock()
			v2 := 0
			for _, p := range paths {
				switch {
				case strings.HasPrefix(p, "/api/v2/pam/"):
					v2++
				case !strings.HasPrefix(p, prefix+"/pam/"):
					t.Fatalf("%s called with pam_path_prefix %s", p, prefix)
				}
			}
			if v2 == 0 || len(paths) <= v2 {
				t.Fatalf("calls %v: want v1 calls under %s and v2 reads under /api", paths, prefix)
			}
		})
	}
}
