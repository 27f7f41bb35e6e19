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

// A family's own credentials alone make a configuration (the rule is the registrations', not
// one family's): PAM Core's A2A authorization without client_id manages a device, and a MySafe
// type in that configuration fails the plan naming the settings it needs.
func TestAccFamilies_ownCredentialsAlone(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.AddPAMClient("a2a-alone", "a2a-alone-secret", "svc-terraform")
	pamOnly := acctest.ProviderBlock(fmt.Sprintf("url = %q", url), `pam_client_id = "a2a-alone"`, `pam_client_secret = "a2a-alone-secret"`)
	device := `
resource "senhasegura_pam_device" "db" {
  hostname = "db01.example.com"
  ip       = "10.0.0.5"
  type     = "Database"
  vendor   = "Oracle"
  model    = "MySQL 8"
  site     = "LAX"
}
`
	t.Setenv(EnvClientID, "")
	t.Setenv(EnvClientSecret, "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:           pamOnly + device,
				ConfigPlanChecks: emptyPlanAfterApply(),
				Check: func(*terraform.State) error {
					if d, ok := mock.PAMDevice("1"); !ok || !d.Active {
						return fmt.Errorf("no device: %+v", d)
					}
					return nil
				},
			},
			{
				Config: pamOnly + device + `
resource "senhasegura_mysafe_password" "probe" {
  name     = "probe"
  username = "probe"
  password = "probe-password"
}
`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)MySafe Credentials Not Set.*client_id\s+and\s+client_secret`),
			},
		},
	})
}
