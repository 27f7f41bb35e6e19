package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

const deviceAddr = "senhasegura_pam_device.db"

func testAccDeviceConfig(url, body string) string {
	return acctest.ProviderConfig(url) + "resource \"senhasegura_pam_device\" \"db\" {\n" + body + "\n}\n"
}

const testAccDeviceFull = `
  hostname         = "db01.example.com"
  ip               = "10.0.0.5"
  type             = "Database"
  vendor           = "Oracle"
  model            = "MySQL 8"
  site             = "LAX"
  domains          = ["corp.example.com"]
  tags             = ["prod", "payments"]
  connectivities   = ["SSH:22", "MySQL:3306"]
  login_expression = "SSH:EXPECT:FILL"
`

const testAccDeviceUpdated = `
  hostname       = "db01.example.com"
  ip             = "10.0.0.6"
  type           = "Database"
  vendor         = "Oracle"
  model          = "MySQL 8.4"
  site           = "LAX"
  tags           = ["prod"]
  connectivities = ["SSH:2222"]
`

// testAccCheckDevice checks the device PAM Core holds under id.
func testAccCheckDevice(m *senhaseguramock.Server, id string, check func(senhaseguramock.PAMDevice) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		d, ok := m.PAMDevice(id)
		if !ok {
			return fmt.Errorf("PAM Core has no device %s", id)
		}
		return check(d)
	}
}

// testAccCheckAllPAMInactive is a CheckDestroy: every device and credential is deactivated.
func testAccCheckAllPAMInactive(m *senhaseguramock.Server) func(*terraform.State) error {
	return func(*terraform.State) error {
		for _, d := range m.PAMDevices() {
			if d.Active {
				return fmt.Errorf("device %s (%s) is still active", d.ID, d.Hostname)
			}
		}
		for _, c := range m.PAMCredentials() {
			if c.Active {
				return fmt.Errorf("credential %s (%s) is still active", c.ID, c.Username)
			}
		}
		return nil
	}
}

// The device's life: create (one upsert, after one list that found no such hostname), import
// by id and by hostname, update in place, out-of-band changes shown and undone, a hostname
// change replaces, an out-of-band deactivation makes the next plan create it again (and the
// create brings the same device back), destroy deactivates.
func TestAccPAMDeviceResource_basic(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.AddPAMDomain("corp.example.com")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllPAMInactive(mock),
		Steps: []resource.TestStep{
			{
				Config:           testAccDeviceConfig(url, testAccDeviceFull),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(deviceAddr, plancheck.ResourceActionCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deviceAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(deviceAddr, tfjsonpath.New("tags"), stringSet("prod", "payments")),
					statecheck.ExpectKnownValue(deviceAddr, tfjsonpath.New("connectivities"), stringSet("SSH:22", "MySQL:3306")),
					statecheck.ExpectKnownValue(deviceAddr, tfjsonpath.New("domains"), stringSet("corp.example.com")),
				},
				Check: testAccCheckDevice(mock, "1", func(d senhaseguramock.PAMDevice) error {
					want := senhaseguramock.PAMDevice{ID: "1", Hostname: "db01.example.com", IP: "10.0.0.5", Type: "Database", Vendor: "Oracle",
						Model: "MySQL 8", Site: "LAX", Domains: "corp.example.com", Tags: "payments,prod", Connectivities: "MySQL:3306,SSH:22",
						LoginExpression: "SSH:EXPECT:FILL", Active: true}
					if d != want {
						return fmt.Errorf("stored %+v\nwant   %+v", d, want)
					}
					if n := mock.RequestCount("POST /pam/device"); n != 1 {
						return fmt.Errorf("%d POSTs", n)
					}
					return nil
				}),
			},
			{ResourceName: deviceAddr, ImportState: true, ImportStateId: "1", ImportStateVerify: true},
			{ResourceName: deviceAddr, ImportState: true, ImportStateId: "db01.example.com", ImportStateVerify: true},
			// A hostname no device has: said once, plainly; an id no device has: named, not
			// Terraform's generic "non-existent remote object".
			{ResourceName: deviceAddr, ImportState: true, ImportStateId: "nowhere.example.com",
				ExpectError: regexp.MustCompile(`Cannot Import PAM Core Device\s+No\s+active\s+PAM\s+Core\s+device\s+has\s+hostname\s+"nowhere.example.com"\.`)},
			{ResourceName: deviceAddr, ImportState: true, ImportStateId: "99",
				ExpectError: regexp.MustCompile(`(?s)Cannot Import PAM Core Device.*PAM\s+Core\s+device\s+99\s+does\s+not\s+exist`)},
			{ResourceName: deviceAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
			// Update: ip, model, tags, connectivities changed; domains and login expression
			// removed, which clears them.
			{
				Config:           testAccDeviceConfig(url, testAccDeviceUpdated),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(deviceAddr, plancheck.ResourceActionUpdate)),
				Check: testAccCheckDevice(mock, "1", func(d senhaseguramock.PAMDevice) error {
					if d.IP != "10.0.0.6" || d.Model != "MySQL 8.4" || d.Tags != "prod" || d.Connectivities != "SSH:2222" || d.Domains != "" || d.LoginExpression != "" {
						return fmt.Errorf("after update: %+v", d)
					}
					return nil
				}),
			},
			// Changed in PAM Core behind Terraform's back: the plan shows it, the apply undoes it.
			// Spacing and order of the comma lists are not a change.
			{
				PreConfig: func() {
					mock.ModifyPAMDevice("1", func(d *senhaseguramock.PAMDevice) { d.Vendor = "MariaDB"; d.Tags = "prod, ui-added" })
				},
				Config: testAccDeviceConfig(url, testAccDeviceUpdated),
				ConfigPlanChecks: emptyPlanAfterApply(
					plancheck.ExpectResourceAction(deviceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(deviceAddr, tfjsonpath.New("vendor"), knownvalue.StringExact("Oracle")),
				),
				Check: testAccCheckDevice(mock, "1", func(d senhaseguramock.PAMDevice) error {
					if d.Vendor != "Oracle" || d.Tags != "prod" {
						return fmt.Errorf("the apply did not undo the out-of-band change: %+v", d)
					}
					return nil
				}),
			},
			{
				PreConfig: func() {
					mock.ModifyPAMDevice("1", func(d *senhaseguramock.PAMDevice) { d.Connectivities = " SSH:2222 " })
				},
				Config:   testAccDeviceConfig(url, testAccDeviceUpdated),
				PlanOnly: true,
			},
			// Deactivated behind Terraform's back: gone from state, the plan creates it again;
			// PAM Core's upsert brings the same device back, active.
			{
				PreConfig:        func() { mock.SetPAMDeviceActive("1", false) },
				Config:           testAccDeviceConfig(url, testAccDeviceUpdated),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(deviceAddr, plancheck.ResourceActionCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deviceAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
				},
				Check: testAccCheckDevice(mock, "1", func(d senhaseguramock.PAMDevice) error {
					if !d.Active || len(mock.PAMDevices()) != 1 {
						return fmt.Errorf("the device was not brought back: %+v (of %d)", d, len(mock.PAMDevices()))
					}
					return nil
				}),
			},
			// A new hostname is a new device; the old one is deactivated.
			{
				Config: testAccDeviceConfig(url, `
  hostname = "db02.example.com"
  ip       = "10.0.0.6"
  type     = "Database"
  vendor   = "Oracle"
  model    = "MySQL 8.4"
  site     = "LAX"
`),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(deviceAddr, plancheck.ResourceActionDestroyBeforeCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deviceAddr, tfjsonpath.New("id"), knownvalue.StringExact("2")),
				},
				Check: resource.ComposeTestCheckFunc(
					testAccCheckDevice(mock, "1", func(d senhaseguramock.PAMDevice) error {
						if d.Active {
							return fmt.Errorf("the replaced device is still active")
						}
						return nil
					}),
					testAccCheckDevice(mock, "2", func(d senhaseguramock.PAMDevice) error {
						if !d.Active || d.Hostname != "db02.example.com" {
							return fmt.Errorf("the new device: %+v", d)
						}
						return nil
					}),
				),
			},
		},
	})
}

// A hostname PAM Core already has is refused at plan time, with the import block that adopts
// it; nothing is sent.
func TestAccPAMDeviceResource_refusesTakeover(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "db01.example.com", IP: "10.0.0.5", Type: "Server", Vendor: "Dell", Model: "R640", Site: "NYC"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      testAccDeviceConfig(url, testAccDeviceFull),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)PAM Core Device Already Exists.*hostname "db01.example.com": device 1\..*import \{\s+to = <this resource's address, shown above>\s+id = "1"`),
		}, {
			PreConfig: func() {
				if n := mock.RequestCount("POST /pam/device"); n != 0 {
					t.Fatalf("%d POSTs", n)
				}
			},
			Config: acctest.ProviderConfig(url),
			Check: testAccCheckDevice(mock, "1", func(d senhaseguramock.PAMDevice) error {
				if d.Type != "Server" || d.Site != "NYC" {
					return fmt.Errorf("the existing device was changed: %+v", d)
				}
				return nil
			}),
		}},
	})
}

// Bad input PAM Core would refuse is caught at plan time: a connectivity without a port, a
// tag with a comma, an empty required field.
func TestAccPAMDeviceResource_badInput(t *testing.T) {
	_, url := testAccMock(t, senhaseguramock.Options{})
	base := "hostname = \"h\"\nip = \"1.1.1.1\"\ntype = \"t\"\nvendor = \"v\"\nmodel = \"m\"\nsite = \"s\"\n"
	var steps []resource.TestStep
	for _, tc := range []struct{ body, want string }{
		{base + `connectivities = ["SSH"]`, `must be PROTOCOL:PORT`},
		{base + `tags = ["a,b"]`, `contain no comma`},
		{base + `domains = ["corp example"]`, `without commas\s+or white space`},
		{strings.Replace(base, `ip = "1.1.1.1"`, `ip = " "`, 1), `(?s)Attribute ip.*PAM Core`},
	} {
		steps = append(steps, resource.TestStep{Config: testAccDeviceConfig(url, tc.body), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// A domain PAM Core does not know is PAM Core's 1029, named with its message and what to do.
func TestAccPAMDeviceResource_unknownDomain(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      testAccDeviceConfig(url, testAccDeviceFull),
			ExpectError: regexp.MustCompile(`(?s)Error Creating PAM Core Device.*1029`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := len(mock.PAMDevices()); n != 0 {
				return fmt.Errorf("%d devices stored", n)
			}
			return nil
		},
	})
}
