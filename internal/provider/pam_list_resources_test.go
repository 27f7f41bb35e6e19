package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// noPAMSecretInQuery fails when a seeded PAM Core password appears in any query result.
type noPAMSecretInQuery struct{}

func (noPAMSecretInQuery) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	b, err := json.Marshal(req.Query)
	if err != nil || len(req.Query) == 0 {
		resp.Error = fmt.Errorf("no query results to scan (%w)", err)
		return
	}
	if s, i := firstSecret(b, pamPasswords); i >= 0 {
		resp.Error = fmt.Errorf("password %q found in the query results", s)
	}
}

// `terraform query` lists the devices and credentials, filtered, each with its identity and
// display name; include_resource gives the resource object; no password is viewed and no
// custody taken; a deactivated credential is left out.
func TestAccPAMListResources(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seedPAM(mock)
	mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "web01.example.com", IP: "10.0.0.9", Identifier: "web01-root", Username: "root", Password: "Pam-Pw-Rotated-3"})
	mock.SetPAMCredentialActive("3", false)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: acctest.ProviderConfig(url)},
			{
				Query: true,
				Config: `
list "senhasegura_pam_device" "lax" {
  provider         = senhasegura
  include_resource = true
  config {
    site = "LAX"
  }
}

list "senhasegura_pam_device" "all" {
  provider = senhasegura
}

list "senhasegura_pam_credential" "db01" {
  provider         = senhasegura
  include_resource = true
  config {
    hostname = "db01.example.com"
  }
}

list "senhasegura_pam_credential" "all" {
  provider = senhasegura
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					noPAMSecretInQuery{},
					querycheck.ExpectLength("senhasegura_pam_device.lax", 1),
					querycheck.ExpectResourceDisplayName("senhasegura_pam_device.lax", byID("1"), knownvalue.StringExact("db01.example.com (10.0.0.5)")),
					querycheck.ExpectResourceKnownValues("senhasegura_pam_device.lax", byID("1"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("tags"), KnownValue: stringSet("prod", "payments")},
						{Path: tfjsonpath.New("connectivities"), KnownValue: stringSet("SSH:22", "MySQL:3306")},
						{Path: tfjsonpath.New("login_expression"), KnownValue: knownvalue.StringExact("SSH:EXPECT:FILL")},
					}),
					querycheck.ExpectLength("senhasegura_pam_device.all", 2),
					querycheck.ExpectLength("senhasegura_pam_credential.db01", 2),
					querycheck.ExpectResourceDisplayName("senhasegura_pam_credential.db01", byID("1"), knownvalue.StringExact("dbadmin@db01.example.com")),
					querycheck.ExpectResourceKnownValues("senhasegura_pam_credential.db01", byID("1"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("identifier"), KnownValue: knownvalue.StringExact("db01-dbadmin")},
						{Path: tfjsonpath.New("credential_type"), KnownValue: knownvalue.StringExact("Local administrator")},
						{Path: tfjsonpath.New("tags"), KnownValue: stringSet("prod", "db")},
						{Path: tfjsonpath.New("criticality"), KnownValue: knownvalue.StringExact("high")},
						{Path: tfjsonpath.New("automatic_change"), KnownValue: knownvalue.Bool(true)},
						{Path: tfjsonpath.New("content_wo"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectResourceKnownValues("senhasegura_pam_credential.db01", byID("2"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("parent_id"), KnownValue: knownvalue.StringExact("1")},
					}),
					// web01's root is deactivated.
					querycheck.ExpectLength("senhasegura_pam_credential.all", 2),
				},
			},
			{
				Config: acctest.ProviderConfig(url),
				Check:  testAccNoCustody(mock),
			},
		},
	})
}

// The PAM Core resources have the identity {id}; an import block with `identity` imports a
// device and a credential as they are, the credential's password untouched until the
// configuration sends one.
func TestAccPAMIdentity(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	seedPAM(mock)
	cfg := acctest.ProviderConfig(url) + `
import {
  to       = senhasegura_pam_device.db
  identity = { id = "1" }
}

resource "senhasegura_pam_device" "db" {
  hostname       = "db01.example.com"
  ip             = "10.0.0.5"
  type           = "Database"
  vendor         = "Oracle"
  model          = "MySQL 8"
  site           = "LAX"
  domains        = ["corp.example.com"]
  tags           = ["prod", "payments"]
  connectivities = ["SSH:22", "MySQL:3306"]

  login_expression = "SSH:EXPECT:FILL"
}

import {
  to       = senhasegura_pam_credential.dbadmin
  identity = { id = "1" }
}

resource "senhasegura_pam_credential" "dbadmin" {
  identifier       = "db01-dbadmin"
  hostname         = senhasegura_pam_device.db.hostname
  ip               = senhasegura_pam_device.db.ip
  username         = "dbadmin"
  credential_type  = "Local administrator"
  tags             = ["prod", "db"]
  additional_info  = "on call"
  criticality      = "high"
  automatic_change = true
}
`
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: emptyPlanAfterApply(
					plancheck.ExpectResourceAction(deviceAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(credAddr, plancheck.ResourceActionNoop),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(deviceAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact("1")}),
					statecheck.ExpectIdentity(credAddr, map[string]knownvalue.Check{"id": knownvalue.StringExact("1")}),
				},
				Check: resource.ComposeTestCheckFunc(testAccNoCustody(mock), testAccCheckCredential(mock, func(c senhaseguramock.PAMCredential) error {
					if c.Password != "Pam-Pw-One-1" || mock.RequestCount("POST /pam/credential")+mock.RequestCount("POST /pam/device") != 0 {
						return fmt.Errorf("the import changed PAM Core")
					}
					return nil
				})),
			},
		},
	})
}
