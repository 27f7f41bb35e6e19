package provider

import (
	"fmt"
	"reflect"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

const credAddr = "senhasegura_pam_credential.dbadmin"

// pamPasswords are the credential passwords of these tests: none may reach a state file, its
// backup or a saved plan.
var pamPasswords = []string{"Pam-Pw-One-1", "Pam-Pw-Two-2", "Pam-Pw-Rotated-3"}

// testAccCredentialConfig is a device and, on it, the credential with body; the password
// comes from ephemeral variables (see pamVars).
func testAccCredentialConfig(url, body string) string {
	return acctest.ProviderConfig(url) + `
variable "password" {
  type      = string
  ephemeral = true
}

variable "password_version" {
  type = number
}

resource "senhasegura_pam_device" "db" {
  hostname = "db01.example.com"
  ip       = "10.0.0.5"
  type     = "Database"
  vendor   = "Oracle"
  model    = "MySQL 8"
  site     = "LAX"
}

resource "senhasegura_pam_credential" "dbadmin" {
  hostname = senhasegura_pam_device.db.hostname
  ip       = senhasegura_pam_device.db.ip
` + body + `
  content_wo         = var.password
  content_wo_version = var.password_version
}
`
}

func pamVars(password string, version int) config.Variables {
	return config.Variables{"password": config.StringVariable(password), "password_version": config.IntegerVariable(version)}
}

const testAccCredentialFull = `
  identifier       = "db01-dbadmin"
  username         = "dbadmin"
  credential_type  = "Local administrator"
  tags             = ["prod", "db"]
  additional_info  = "on call"
  domain           = "corp.example.com"
  criticality      = "high"
  owner            = "tfuser"
  automatic_change = true
  change_plugin    = "SSH"
  change_template  = "Linux - Change password"
`

// testAccCheckCredential checks credential 1, the one each of these tests manages.
func testAccCheckCredential(m *senhaseguramock.Server, check func(senhaseguramock.PAMCredential) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		c, ok := m.PAMCredential("1")
		if !ok {
			return fmt.Errorf("PAM Core has no credential 1")
		}
		return check(c)
	}
}

// testAccNoCustody fails once any step has viewed a password or taken custody: no plan,
// refresh, import, create, update or destroy of a credential may.
func testAccNoCustody(m *senhaseguramock.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if g, v, n := m.CustodyGrants(), m.PasswordViews(), m.RequestCount("GET /pam/credential/{id}"); g+v+n != 0 {
			return fmt.Errorf("custody taken %d times, %d password views, %d GET /pam/credential/{id}", g, v, n)
		}
		return nil
	}
}

// logPAMReads reports what the refreshes of a test read: lists, v2 reads, password views.
func logPAMReads(t *testing.T, m *senhaseguramock.Server) {
	t.Helper()
	t.Logf("PAM Core reads: %d credential lists, %d API v2 reads, %d device GETs; custody grants %d, password views %d",
		m.RequestCount("GET /pam/credential"), m.RequestCount("GET /v2/pam/credentials/{id}"), m.RequestCount("GET /pam/device/{id}"),
		m.CustodyGrants(), m.PasswordViews())
}

// The credential's life, on Segura 4.2.2+ (API v2): create (the password sent, never stored),
// import by id and by identifier, rename the account in place, send a new password, change the
// identifier in place, out-of-band changes of what the v2 read shows are planned and undone
// while a vault rotation is not, an out-of-band deactivation makes the next plan create it
// again (the same credential comes back), destroy deactivates. No step views the password or
// takes custody.
func TestAccPAMCredentialResource_basic(t *testing.T) {
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)
	mock, url := testAccMock(t, senhaseguramock.Options{User: "tfuser"})
	mock.AddPAMDomain("corp.example.com")
	noSecrets := func(s *terraform.State) error {
		if err := noPAMSecretInFiles(workDir); err != nil {
			return err
		}
		return testAccNoCustody(mock)(s)
	}
	t.Cleanup(func() { logPAMReads(t, mock) })
	renamed := regexp.MustCompile(`username\s+=\s+"dbadmin"`).ReplaceAllString(testAccCredentialFull, `username = "dba"`)
	rekeyed := regexp.MustCompile(`identifier\s+=\s+"db01-dbadmin"`).ReplaceAllString(renamed, `identifier = "db01-dba"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllPAMInactive(mock),
		Steps: []resource.TestStep{
			{
				Config:          testAccCredentialConfig(url, testAccCredentialFull),
				ConfigVariables: pamVars("Pam-Pw-One-1", 1),
				ConfigPlanChecks: emptyPlanAfterApply(
					plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionCreate),
					noSecretInPlan{pamPasswords},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(credAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(credAddr, tfjsonpath.New("identifier"), knownvalue.StringExact("db01-dbadmin")),
					statecheck.ExpectKnownValue(credAddr, tfjsonpath.New("content_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(credAddr, tfjsonpath.New("tags"), stringSet("prod", "db")),
				},
				Check: resource.ComposeTestCheckFunc(noSecrets, testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					if c.Password != "Pam-Pw-One-1" || c.Username != "dbadmin" || c.CredentialType != "Local administrator" || c.Tags != "db,prod" ||
						c.Additional != "on call" || c.Domain != "corp.example.com" || c.Hostname != "db01.example.com" {
						return fmt.Errorf("stored %+v", c)
					}
					want := map[string]any{
						"execution_settings":  map[string]any{"automatic_change": true, "change_plugin": "SSH", "change_template": "Linux - Change password"},
						"additional_settings": []any{map[string]any{"criticality": "high", "user_credential_owner": "tfuser"}},
					}
					if !reflect.DeepEqual(c.Settings, want) {
						return fmt.Errorf("settings %#v", c.Settings)
					}
					return nil
				})),
			},
			// Import: what the list and the v2 read show comes back; the plugin and template are
			// not readable, the password is write-only.
			{
				ResourceName: credAddr, ImportState: true, ImportStateId: "1", ImportStateVerify: true,
				ConfigVariables:         pamVars("Pam-Pw-One-1", 1),
				ImportStateVerifyIgnore: []string{"content_wo_version", "change_plugin", "change_template"},
			},
			{
				ResourceName: credAddr, ImportState: true, ImportStateId: "db01-dbadmin", ImportStateVerify: true,
				ConfigVariables:         pamVars("Pam-Pw-One-1", 1),
				ImportStateVerifyIgnore: []string{"content_wo_version", "change_plugin", "change_template"},
				Check:                   noSecrets,
			},
			// A new username, in place: the identifier finds the credential.
			{
				Config:           testAccCredentialConfig(url, renamed),
				ConfigVariables:  pamVars("Pam-Pw-One-1", 1),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionUpdate)),
				Check: resource.ComposeTestCheckFunc(noSecrets, testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					if c.Username != "dba" || c.Password != "Pam-Pw-One-1" || len(mock.PAMCredentials()) != 1 {
						return fmt.Errorf("after the rename %+v (of %d)", c, len(mock.PAMCredentials()))
					}
					return nil
				})),
			},
			// A new password version sends the new password.
			{
				Config:           testAccCredentialConfig(url, renamed),
				ConfigVariables:  pamVars("Pam-Pw-Two-2", 2),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionUpdate), noSecretInPlan{pamPasswords}),
				Check: resource.ComposeTestCheckFunc(noSecrets, testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					if c.Password != "Pam-Pw-Two-2" {
						return fmt.Errorf("the new password was not sent")
					}
					return nil
				})),
			},
			// A new identifier, in place: the device and username find the credential.
			{
				Config:           testAccCredentialConfig(url, rekeyed),
				ConfigVariables:  pamVars("Pam-Pw-Two-2", 2),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionUpdate)),
				Check: testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					if c.Identifier != "db01-dba" || len(mock.PAMCredentials()) != 1 {
						return fmt.Errorf("after the re-key %+v (of %d)", c, len(mock.PAMCredentials()))
					}
					return nil
				}),
			},
			// Identifier and username together: neither would find the credential.
			{
				Config: testAccCredentialConfig(url, regexp.MustCompile(`identifier\s+=\s+"db01-dba"`).ReplaceAllString(
					regexp.MustCompile(`username\s+=\s+"dba"`).ReplaceAllString(rekeyed, `username = "root"`), `identifier = "db01-root"`)),
				ConfigVariables: pamVars("Pam-Pw-Two-2", 2),
				PlanOnly:        true,
				ExpectError:     regexp.MustCompile(`Identifier And Username Change Together`),
			},
			// Behind Terraform's back: tags and criticality changed (the plan shows them and the
			// apply undoes them), and the vault rotated the password (not a change: it is never
			// compared, and the apply does not send it).
			{
				PreConfig: func() {
					mock.ModifyPAMCredential("1", func(c *senhaseguramock.PAMCredential) {
						c.Tags = "prod, db, ui"
						c.Password = "Pam-Pw-Rotated-3"
						c.Settings["additional_settings"] = []any{map[string]any{"criticality": "low", "user_credential_owner": "tfuser"}}
					})
				},
				Config:          testAccCredentialConfig(url, rekeyed),
				ConfigVariables: pamVars("Pam-Pw-Two-2", 2),
				ConfigPlanChecks: emptyPlanAfterApply(
					plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(credAddr, tfjsonpath.New("criticality"), knownvalue.StringExact("high")),
				),
				Check: resource.ComposeTestCheckFunc(noSecrets, testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					if c.Tags != "db,prod" || c.Password != "Pam-Pw-Rotated-3" {
						return fmt.Errorf("tags %q (want db,prod), password rotated by the vault overwritten: %v", c.Tags, c.Password != "Pam-Pw-Rotated-3")
					}
					return nil
				})),
			},
			// Criticality and owner removed from the configuration are cleared in PAM Core.
			{
				Config:           testAccCredentialConfig(url, regexp.MustCompile(`(?m)^\s+(criticality|owner)\s+=.*$`).ReplaceAllString(rekeyed, "")),
				ConfigVariables:  pamVars("Pam-Pw-Two-2", 2),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionUpdate)),
				Check: testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					if !reflect.DeepEqual(c.Settings["additional_settings"], []any{map[string]any{}}) {
						return fmt.Errorf("additional settings %#v", c.Settings["additional_settings"])
					}
					return nil
				}),
			},
			// Deactivated behind Terraform's back: the next plan creates it; PAM Core's upsert
			// finds the same credential, which the provider activates again.
			{
				PreConfig:        func() { mock.SetPAMCredentialActive("1", false) },
				Config:           testAccCredentialConfig(url, rekeyed),
				ConfigVariables:  pamVars("Pam-Pw-Two-2", 2),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionCreate)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(credAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
				},
				Check: resource.ComposeTestCheckFunc(noSecrets, testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					if !c.Active || len(mock.PAMCredentials()) != 1 || c.Password != "Pam-Pw-Two-2" {
						return fmt.Errorf("not brought back: %+v (of %d)", c, len(mock.PAMCredentials()))
					}
					return nil
				})),
			},
		},
	})
}

// Before Segura 4.2.2 (no API v2) a refresh sees what the list shows: the username, the
// device, the type and automatic change are refreshed; tags and the other settings cannot be
// read, so a change made to them outside Terraform cannot show.
func TestAccPAMCredentialResource_withoutV2(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{User: "tfuser", PAM: senhaseguramock.PAMQuirks{NoV2: true}})
	mock.AddPAMDomain("corp.example.com")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllPAMInactive(mock),
		Steps: []resource.TestStep{
			{
				Config:           testAccCredentialConfig(url, testAccCredentialFull),
				ConfigVariables:  pamVars("Pam-Pw-One-1", 1),
				ConfigPlanChecks: emptyPlanAfterApply(),
			},
			{
				PreConfig:       func() { mock.ModifyPAMCredential("1", func(c *senhaseguramock.PAMCredential) { c.Tags = "ui" }) },
				Config:          testAccCredentialConfig(url, testAccCredentialFull),
				ConfigVariables: pamVars("Pam-Pw-One-1", 1),
				PlanOnly:        true,
			},
			{
				PreConfig: func() {
					mock.ModifyPAMCredential("1", func(c *senhaseguramock.PAMCredential) {
						c.Settings["execution_settings"] = map[string]any{"automatic_change": false}
					})
				},
				Config:           testAccCredentialConfig(url, testAccCredentialFull),
				ConfigVariables:  pamVars("Pam-Pw-One-1", 1),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionUpdate)),
				Check: resource.ComposeTestCheckFunc(testAccNoCustody(mock), testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					if c.Settings["execution_settings"].(map[string]any)["automatic_change"] != true {
						return fmt.Errorf("automatic change not restored: %#v", c.Settings)
					}
					return nil
				})),
			},
		},
	})
}

// An account PAM Core already has (the same identifier, or the same device and username) is
// refused at plan time with the import block that adopts it; nothing is sent.
func TestAccPAMCredentialResource_refusesTakeover(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{User: "tfuser"})
	mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "db01.example.com", IP: "10.0.0.5", Type: "Database", Vendor: "Oracle", Model: "MySQL 8", Site: "LAX"})
	mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "db01.example.com", IP: "10.0.0.5", Username: "dbadmin", Identifier: "legacy-dbadmin", Password: "Pam-Pw-One-1"})
	cfg := acctest.ProviderConfig(url) + `
variable "password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_pam_credential" "dbadmin" {
  hostname           = "db01.example.com"
  ip                 = "10.0.0.5"
  username           = %q
  identifier         = %q
  content_wo         = var.password
  content_wo_version = 1
}
`
	vars := config.Variables{"password": config.StringVariable("Pam-Pw-Two-2")}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(cfg, "dbadmin", "db01-dbadmin"), ConfigVariables: vars, PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)PAM Core Credential Already Exists.*username "dbadmin" on device\s+"db01.example.com":\s+credential 1\..*id = "1"`),
			},
			{
				Config: fmt.Sprintf(cfg, "other", "legacy-dbadmin"), ConfigVariables: vars, PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)PAM Core Credential Already Exists.*identifier "legacy-dbadmin":\s+credential 1\.`),
			},
			{
				Config: acctest.ProviderConfig(url),
				Check: resource.ComposeTestCheckFunc(testAccNoCustody(mock), testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					if n := mock.RequestCount("POST /pam/credential"); n != 0 || c.Password != "Pam-Pw-One-1" {
						return fmt.Errorf("%d POSTs; password changed: %v", n, c.Password != "Pam-Pw-One-1")
					}
					return nil
				})),
			},
		},
	})
}

// A credential on a device PAM Core does not have: a diagnostic on hostname that says to
// register the device first.
func TestAccPAMCredentialResource_deviceNotFound(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + `
resource "senhasegura_pam_credential" "orphan" {
  hostname = "nowhere.example.com"
  ip       = "10.9.9.9"
  username = "root"
}
`,
			ExpectError: regexp.MustCompile(`(?s)PAM Core Device Not Found.*Register\s+the device first.*1011`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := len(mock.PAMCredentials()); n != 0 {
				return fmt.Errorf("%d credentials stored", n)
			}
			return nil
		},
	})
}

// On an instance whose lists show deactivated objects too (internal/pam quirk P6, the other
// way), a device and credential Terraform destroyed can be created again: the create check
// sees they are deactivated (device GET 1011, credential v2 active=false), and PAM Core's
// upsert brings the same objects back, active.
func TestAccPAMCredentialResource_listsShowInactive(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{User: "tfuser", PAM: senhaseguramock.PAMQuirks{ListInactive: true}})
	mock.AddPAMDomain("corp.example.com")
	cfg := testAccCredentialConfig(url, testAccCredentialFull)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllPAMInactive(mock),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigVariables: pamVars("Pam-Pw-One-1", 1), ConfigPlanChecks: emptyPlanAfterApply()},
			{Config: acctest.ProviderConfig(url), Check: testAccCheckAllPAMInactive(mock)},
			{
				Config: cfg, ConfigVariables: pamVars("Pam-Pw-Two-2", 1),
				ConfigPlanChecks: emptyPlanAfterApply(
					plancheck.ExpectResourceAction(deviceAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionCreate),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deviceAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
					statecheck.ExpectKnownValue(credAddr, tfjsonpath.New("id"), knownvalue.StringExact("1")),
				},
				Check: testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					d, _ := mock.PAMDevice("1")
					if !c.Active || !d.Active || c.Password != "Pam-Pw-Two-2" || len(mock.PAMCredentials()) != 1 || len(mock.PAMDevices()) != 1 {
						return fmt.Errorf("not brought back: %+v, device %+v", c, d)
					}
					return nil
				}),
			},
		},
	})
}

// A 3.32 instance: no identifier generated, "tag" in answers, automatic_change as "0"/"1",
// 1017 for "already inactive", no API v2. A credential without identifier lives through
// create, refresh, import and destroy with an empty plan after each apply.
func TestAccPAMCredentialResource_v332(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{PAM: senhaseguramock.PAMQuirks{
		V332Tag: true, NoAutoIdentifier: true, AutomaticChangeString: true, InactiveCode1017: true, NoV2: true,
	}})
	cfg := testAccCredentialConfig(url, `
  username         = "svc"
  automatic_change = true
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllPAMInactive(mock),
		Steps: []resource.TestStep{
			{
				Config: cfg, ConfigVariables: pamVars("Pam-Pw-One-1", 1), ConfigPlanChecks: emptyPlanAfterApply(),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(credAddr, tfjsonpath.New("identifier"), knownvalue.Null()),
					statecheck.ExpectKnownValue(credAddr, tfjsonpath.New("automatic_change"), knownvalue.Bool(true)),
				},
			},
			{
				ResourceName: credAddr, ImportState: true, ImportStateId: "1", ImportStateVerify: true,
				ConfigVariables: pamVars("Pam-Pw-One-1", 1), ImportStateVerifyIgnore: []string{"content_wo_version"},
			},
			// Without API v2 a tag set in the web UI cannot be read: the plan stays empty.
			{
				PreConfig:        func() { mock.ModifyPAMCredential("1", func(c *senhaseguramock.PAMCredential) { c.Tags = "ui" }) },
				Config:           cfg,
				ConfigVariables:  pamVars("Pam-Pw-One-1", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			// Without an identifier nothing but the username finds the credential: a new username
			// replaces it (the old account is deactivated, the new one registered), never an
			// update that would register a second credential behind Terraform's back.
			{
				Config: testAccCredentialConfig(url, `
  username         = "svc2"
  automatic_change = true
`),
				ConfigVariables:  pamVars("Pam-Pw-One-1", 1),
				ConfigPlanChecks: emptyPlanAfterApply(plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionDestroyBeforeCreate)),
				Check: func(*terraform.State) error {
					all := mock.PAMCredentials()
					if len(all) != 2 || all[0].Active || !all[1].Active || all[1].Username != "svc2" {
						return fmt.Errorf("credentials %+v", all)
					}
					return nil
				},
			},
		},
	})
}

// A fault storm on PAM Core (20 % of calls fail, half of them after PAM Core did the work):
// 30 credentials and their device are applied, each stored exactly once, and the plan after
// the apply is empty. Creates whose answer was lost are found by identifier and adopted.
func TestAccPAMReliability_faultStormNoDuplicates(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	mock.SetFaultRate(0.2, 7,
		senhaseguramock.Fault{Status: 502}, senhaseguramock.Fault{Status: 504},
		senhaseguramock.Fault{Status: 502, AfterHandling: true}, senhaseguramock.Fault{Status: 504, AfterHandling: true},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             testAccCheckAllPAMInactive(mock),
		Steps: []resource.TestStep{{
			Config: acctest.ProviderConfig(url) + `
resource "senhasegura_pam_device" "db" {
  hostname = "db01.example.com"
  ip       = "10.0.0.5"
  type     = "Database"
  vendor   = "Oracle"
  model    = "MySQL 8"
  site     = "LAX"
}

resource "senhasegura_pam_credential" "svc" {
  count      = 30
  identifier = "svc-${count.index}"
  hostname   = senhasegura_pam_device.db.hostname
  ip         = senhasegura_pam_device.db.ip
  username   = "svc${count.index}"
}
`,
			ConfigPlanChecks: emptyPlanAfterApply(),
			Check: func(*terraform.State) error {
				creds, ids := mock.PAMCredentials(), map[string]int{}
				for _, c := range creds {
					ids[c.Identifier]++
				}
				if len(creds) != 30 || len(ids) != 30 || len(mock.PAMDevices()) != 1 {
					return fmt.Errorf("PAM Core holds %d credentials (%d identifiers) and %d devices, want 30, 30 and 1", len(creds), len(ids), len(mock.PAMDevices()))
				}
				if mock.FaultsServed() < 5 {
					return fmt.Errorf("only %d faults were served: the test proves nothing", mock.FaultsServed())
				}
				t.Logf("PAM fault storm: %d faults served, %d credential POSTs for 30 credentials", mock.FaultsServed(), mock.RequestCount("POST /pam/credential"))
				return testAccNoCustody(mock)(nil)
			},
		}},
	})
}

// noPAMSecretInFiles is noSecretInFiles for the PAM Core credentials' passwords.
func noPAMSecretInFiles(dir string) error { return noValueInFiles(dir, pamPasswords) }
