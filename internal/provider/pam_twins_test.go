package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// Two PAM Core resources of one configuration that would write one object (twins.go): two
// devices with one hostname, two credentials with one identifier or one device and username.

// twinDevice is a device resource named name with hostname (an expression) and ip.
func twinDevice(name, hostname, ip string) string {
	return fmt.Sprintf(`
resource "senhasegura_pam_device" %[1]q {
  hostname = %[2]s
  ip       = %[3]q
  type     = "Server"
  vendor   = "Canonical"
  model    = "Ubuntu 24.04"
  site     = "LAX"
}
`, name, hostname, ip)
}

// Two devices with one hostname are refused at plan time; nothing is sent to PAM Core.
func TestAccTwins_pamDevicesRefusedAtPlan(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + twinDevice("a", `"web01.example.com"`, "10.0.0.1") + twinDevice("b", `"web01.example.com"`, "10.0.0.2"),
			ExpectError: regexp.MustCompile(`(?s)Two Resources Of This Configuration Write One Object.*also\s+plans\s+the\s+hostname\s+"web01.example.com".*` +
				`PAM\s+Core\s+keeps\s+one\s+device\s+per\s+hostname`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := mock.RequestCount("POST /pam/device"); n != 0 {
				return fmt.Errorf("%d device upserts reached PAM Core", n)
			}
			return nil
		},
	})
}

// Hostnames known only at apply: the second device's own plan in the apply fails before
// anything is sent for it; PAM Core holds one device of that hostname, written once.
func TestAccTwins_pamDevicesRefusedAtApply(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seed := `
resource "senhasegura_mysafe_note" "seed" {
  name    = "seed"
  note_wo = "x"
  note_wo_version = 1
}
`
	host := `"host-${senhasegura_mysafe_note.seed.id}.example.com"`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      acctest.ProviderConfig(url) + seed + twinDevice("a", host, "10.0.0.1") + twinDevice("b", host, "10.0.0.2"),
			ExpectError: regexp.MustCompile(`(?s)Two Resources Of This Configuration Write One Object.*also\s+plans\s+the\s+hostname\s+"host-1.example.com"`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n, devices := mock.RequestCount("POST /pam/device"), len(mock.PAMDevices()); n != 1 || devices != 1 {
				return fmt.Errorf("%d device upserts, %d devices: want one of each", n, devices)
			}
			return nil
		},
	})
}

func twinCredential(name, identifier, username string) string {
	id := ""
	if identifier != "" {
		id = fmt.Sprintf("identifier = %q", identifier)
	}
	return fmt.Sprintf(`
resource "senhasegura_pam_credential" %[1]q {
  hostname = senhasegura_pam_device.a.hostname
  ip       = senhasegura_pam_device.a.ip
  username = %[2]q
  %[3]s
}
`, name, username, id)
}

// Two credentials with one identifier, or without identifiers on one device and username, are
// refused; a third with its own identifier is fine.
func TestAccTwins_pamCredentials(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	device := twinDevice("a", `"db01.example.com"`, "10.0.0.5")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.ProviderConfig(url) + device + twinCredential("x", "db01-root", "root") + twinCredential("y", "db01-root", "admin"),
				ExpectError: regexp.MustCompile(`(?s)Two Resources Of This Configuration Write One Object.*also\s+plans\s+the\s+identifier\s+"db01-root"`),
			},
			{
				Config: acctest.ProviderConfig(url) + device + twinCredential("x", "", "root") + twinCredential("y", "", "root"),
				ExpectError: regexp.MustCompile(`(?s)Two Resources Of This Configuration Write One Object.*also\s+plans\s+the\s+device\s+and\s+username\s+` +
					`"db01.example.com\s+/\s+root"`),
			},
			{
				Config:           acctest.ProviderConfig(url) + device + twinCredential("x", "db01-root", "root") + twinCredential("y", "db01-admin", "admin"),
				ConfigPlanChecks: emptyPlanAfterApply(),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := mock.RequestCount("POST /pam/credential"); n != 2 {
				return fmt.Errorf("%d credential upserts, want the 2 of the last step", n)
			}
			return nil
		},
	})
}
