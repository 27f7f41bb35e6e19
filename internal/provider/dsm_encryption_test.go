package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// dsmKeySetting is the provider setting of the private key of the authorization clientID.
func dsmKeySetting(m *senhaseguramock.Server, clientID string) string {
	key, ok := m.DSMPrivateKey(clientID)
	if !ok {
		panic("no DSM authorization " + clientID)
	}
	return "decryption_private_key = <<-EOT\n" + strings.TrimSpace(key) + "\nEOT"
}

// An authorization that encrypts values (open question 7: every key/value value, RSA-OAEP):
// with decryption_private_key (SHA-1 by default; SHA-256 with decryption_hash) the resource
// converges, the data source and the ephemeral resource read the values in clear; without a
// key the values are refused with an error naming the key and the setting, never passed on.
func TestAccDSMSecret_encryption(t *testing.T) {
	cfg := func(url string, settings ...string) string {
		return testAccDSMProvider(url, settings...) + dsmSecretHCL("app", `identity = "team/app"`, `values = { USER = "billing-user", PASS = "Dsm-Enc-1" }`)
	}
	// The reads, once the secret exists (an ephemeral resource is opened at plan time).
	reads := func(url string, settings ...string) string {
		return cfg(url, settings...) + `
data "senhasegura_dsm_secret" "app" {
  identity = senhasegura_dsm_secret.app.identity
}

ephemeral "senhasegura_dsm_secret" "app" {
  identity = senhasegura_dsm_secret.app.identity
}

locals {
  keys = ephemeral.senhasegura_dsm_secret.app.keys
}
`
	}
	for _, tc := range []struct {
		name   string
		quirks senhaseguramock.DSMQuirks
		hash   []string
	}{
		{"sha1", senhaseguramock.DSMQuirks{}, nil},
		{"sha256", senhaseguramock.DSMQuirks{OAEPSHA256: true}, []string{`decryption_hash = "sha256"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mock, url := testAccMock(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{CreatorEncryption: true, Quirks: tc.quirks}})
			key := dsmKeySetting(mock, senhaseguramock.DefaultDSMClientID)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:           cfg(url, append([]string{key}, tc.hash...)...),
						ConfigPlanChecks: emptyPlanAfterApply(),
						Check:            checkDSMSecret(mock, "team/app", holdsValues(map[string]string{"USER": "billing-user", "PASS": "Dsm-Enc-1"})),
					},
					{
						Config:           reads(url, append([]string{key}, tc.hash...)...),
						ConfigPlanChecks: emptyPlanAfterApply(),
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue("data.senhasegura_dsm_secret.app", tfjsonpath.New("values").AtMapKey("PASS"), knownvalue.StringExact("Dsm-Enc-1")),
							statecheck.ExpectKnownValue("senhasegura_dsm_secret.app", tfjsonpath.New("values").AtMapKey("PASS"), knownvalue.StringExact("Dsm-Enc-1")),
						},
					},
				},
			})
		})
	}
	t.Run("no-key", func(t *testing.T) {
		mock, url := testAccMock(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{CreatorEncryption: true}})
		mock.SeedDSMSecret(senhaseguramock.DefaultDSMClientID, senhaseguramock.DSMSecret{Identity: "seeded", Values: map[string]string{"PASS": "Dsm-Enc-2"}})
		encrypted := `(?s)DSM\s+secret\s+"%s",\s+key\s+"PASS":\s+the\s+value\s+is\s+encrypted.*no\s+decryption\s+key\s+is\s+configured:\s+set\s+decryption_private_key`
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config:      testAccDSMProvider(url) + "\ndata \"senhasegura_dsm_secret\" \"seeded\" {\n  identity = \"seeded\"\n}\n",
					ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Error Reading DSM Secret.*`+encrypted[4:], "seeded")),
				},
				{
					Config:      cfg(url),
					ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Error Creating DSM Secret.*`+encrypted[4:], "team/app")),
				},
			},
		})
	})
	t.Run("placeholder", func(t *testing.T) {
		mock, url := testAccMock(t, senhaseguramock.Options{DSM: senhaseguramock.DSMOptions{CreatorEncryption: true}})
		long := strings.Repeat("x", 300)
		mock.SeedDSMSecret(senhaseguramock.DefaultDSMClientID, senhaseguramock.DSMSecret{Identity: "long", Values: map[string]string{"CERT": long}})
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:      testAccDSMProvider(url, dsmKeySetting(mock, senhaseguramock.DefaultDSMClientID)) + "\ndata \"senhasegura_dsm_secret\" \"long\" {\n  identity = \"long\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)DSM\s+secret\s+"long",\s+key\s+"CERT":\s+senhasegura\s+returned\s+"An\s+error\s+occurred\s+while\s+encrypting\s+the\s+text"`),
			}},
		})
	})
}
