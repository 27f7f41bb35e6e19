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

// A DSM secret and a MySafe password in one configuration, for the settings tests below.
const testAccDSMAndMySafe = `
resource "senhasegura_dsm_secret" "app" {
  identity = "team/app"
  values   = { KEY = "value" }
}

resource "senhasegura_mysafe_password" "probe" {
  name     = "probe"
  username = "probe"
  password = "probe-password"
}
`

// DSM's credentials come through DSM's registration (dsm_client_id, dsm_client_secret): both or
// neither, checked at plan time with a token request pinned to dsm_client_secret; a DSM resource
// without them, and a MySafe resource in a configuration of DSM's credentials alone, are
// plan-time errors naming the settings they need; client_id may be left out only when another
// family's own credentials are complete.
func TestAccDSMProvider_settings(t *testing.T) {
	_, url := testAccMock(t, senhaseguramock.Options{})
	dsmOnly := `
resource "senhasegura_dsm_secret" "app" {
  identity = "team/app"
  values   = { KEY = "value" }
}
`
	steps := []resource.TestStep{
		{
			Config:      acctest.ProviderConfig(url, `dsm_client_id = "x"`) + dsmOnly,
			ExpectError: regexp.MustCompile(`(?s)Incomplete DSM Credentials.*dsm_client_secret`),
		},
		{
			Config:      acctest.ProviderConfig(url, dsmCreds()[0], `dsm_client_secret = "wrong-secret"`) + dsmOnly,
			ExpectError: regexp.MustCompile(`(?s)DSM Credentials Rejected.*dsm_client_secret.*` + regexp.QuoteMeta(senhaseguramock.DefaultDSMClientID)),
		},
		{
			// The provider's MySafe access key alone: DSM is not configured.
			Config:      acctest.ProviderConfig(url) + dsmOnly,
			ExpectError: regexp.MustCompile(`(?s)DSM Credentials Not Set.*dsm_client_id\s+and\s+dsm_client_secret.*SENHASEGURA_DSM_CLIENT_ID`),
		},
		{
			// DSM's credentials alone: MySafe is not configured.
			Config:      testAccDSMProvider(url) + testAccDSMAndMySafe,
			ExpectError: regexp.MustCompile(`(?s)MySafe Credentials Not Set.*client_id\s+and\s+client_secret`),
		},
		{
			// Neither client_id nor a family's own credentials.
			Config:      acctest.ProviderBlock(fmt.Sprintf("url = %q", url)) + dsmOnly,
			ExpectError: regexp.MustCompile(`(?s)Missing senhasegura Provider Setting.*client_id.*dsm_client_id and dsm_client_secret`),
		},
		{
			Config:      testAccDSMProvider(url, `decryption_private_key = "not a key"`) + dsmOnly,
			ExpectError: regexp.MustCompile(`(?s)Invalid Decryption Key.*decryption_private_key.*not\s+a\s+PEM\s+private\s+key`),
		},
		{
			Config:      testAccDSMProvider(url, `decryption_hash = "md5"`) + dsmOnly,
			ExpectError: regexp.MustCompile(`(?s)decryption_hash.*sha1.*sha256.*sha512`),
		},
	}
	for i := range steps {
		steps[i].PlanOnly = true
	}
	t.Setenv(EnvClientID, "")
	t.Setenv(EnvClientSecret, "")
	t.Setenv(EnvDSMClientID, "")
	t.Setenv(EnvDSMClientSecret, "")
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// Both families in one configuration, DSM's credentials from their environment variables: DSM
// acts as its authorization and MySafe as the access key; one token per credential set, each
// fetched when the provider is configured.
func TestAccDSMProvider_bothFamiliesFromEnv(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	t.Setenv(EnvDSMClientID, senhaseguramock.DefaultDSMClientID)
	t.Setenv(EnvDSMClientSecret, senhaseguramock.DefaultDSMClientSecret)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:           acctest.ProviderConfig(url) + testAccDSMAndMySafe,
			ConfigPlanChecks: emptyPlanAfterApply(),
			Check: func(*terraform.State) error {
				sec, ok := mock.DSMSecret("team/app")
				if !ok || sec.PostedBy != senhaseguramock.DefaultDSMClientID {
					return fmt.Errorf("the secret is not the DSM authorization's: %+v", sec)
				}
				if it, ok := mock.Item(senhaseguramock.KindPassword, "1"); !ok || it.Owner != senhaseguramock.DefaultUser {
					return fmt.Errorf("the MySafe password is not the access key user's: %+v", it)
				}
				return nil
			},
		}},
	})
	// Each provider process (plan, apply, refresh, destroy, ...) fetches one token per
	// credential set, at configure: never more than two per process.
	if tokens, calls := mock.TokenRequests(), mock.RequestCount("POST /sctm/secret"); calls == 0 || tokens%2 != 0 {
		t.Errorf("%d token requests for two credential sets (%d secret POSTs)", tokens, calls)
	}
}
