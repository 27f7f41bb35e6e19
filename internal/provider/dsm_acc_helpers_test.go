package provider

import (
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// dsmCreds are the settings of the mock's DSM creator authorization.
func dsmCreds() []string {
	return []string{
		fmt.Sprintf("dsm_client_id = %q", senhaseguramock.DefaultDSMClientID),
		fmt.Sprintf("dsm_client_secret = %q", senhaseguramock.DefaultDSMClientSecret),
	}
}

// testAccDSMProvider is a provider block of DSM alone (url, dsm_client_id, dsm_client_secret:
// no client_id) for the mock at url, with settings after them.
func testAccDSMProvider(url string, settings ...string) string {
	return acctest.ProviderBlock(append(append([]string{fmt.Sprintf("url = %q", url)}, dsmCreds()...), settings...)...)
}

// dsmSecretHCL renders a senhasegura_dsm_secret named name with the attribute lines given.
func dsmSecretHCL(name string, lines ...string) string {
	return fmt.Sprintf("\nresource \"senhasegura_dsm_secret\" %q {\n  %s\n}\n", name, strings.Join(lines, "\n  "))
}

// checkDSMSecret asserts on what the mock stores for the secret identity.
func checkDSMSecret(m *senhaseguramock.Server, identity string, check func(senhaseguramock.DSMSecret) error) func(*terraform.State) error {
	return func(*terraform.State) error {
		sec, ok := m.DSMSecret(identity)
		if !ok {
			return fmt.Errorf("the mock holds no DSM secret %q", identity)
		}
		if err := check(sec); err != nil {
			return fmt.Errorf("DSM secret %q in the mock: %w", identity, err)
		}
		return nil
	}
}

// holdsValues: the secret is active and holds exactly want.
func holdsValues(want map[string]string) func(senhaseguramock.DSMSecret) error {
	return func(sec senhaseguramock.DSMSecret) error {
		if !sec.Active {
			return fmt.Errorf("inactive")
		}
		if !maps.Equal(sec.Values, want) {
			return fmt.Errorf("values %v, want %v", sec.Values, want)
		}
		return nil
	}
}

// noDSMIdentityInPath: no call put an identity in a URL path (GET /iso/sctm/secret/{identity}).
func noDSMIdentityInPath(m *senhaseguramock.Server) func(*terraform.State) error {
	return func(*terraform.State) error {
		if n := m.RequestCount("GET /sctm/secret/{identity}"); n != 0 {
			return fmt.Errorf("%d reads put an identity in the URL path", n)
		}
		return nil
	}
}
