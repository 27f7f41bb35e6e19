package provider

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // RSA-OAEP's hash, as senhasegura encrypts
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// encryptFor is value encrypted as an authorization that encrypts answers it: RSA-OAEP with
// SHA-1 under the public half of the PEM private key, in standard base64.
func encryptFor(t *testing.T, privatePEM, value string) string {
	t.Helper()
	block, _ := pem.Decode([]byte(privatePEM))
	if block == nil {
		t.Fatal("no PEM key")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		t.Fatalf("%T is not an RSA key", key)
	}
	ct, err := rsa.EncryptOAEP(sha1.New(), rand.Reader, &rk.PublicKey, []byte(value), nil) //nolint:gosec // see the import
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(ct)
}

// The decryption key is the provider's, shared by the families whose authorizations encrypt:
// a PAM Core password checked out by the senhasegura_pam_credential ephemeral resource from an
// authorization that encrypts it is decrypted with decryption_private_key (here fed to a MySafe
// password's write-only value, which the mock then holds in clear); without the key, the
// checkout fails with an error naming the key and the setting, and releases the custody.
func TestAccDecryption_pamCredential(t *testing.T) {
	mock, url := testAccMock(t, senhaseguramock.Options{})
	key, _ := mock.DSMPrivateKey(senhaseguramock.DefaultDSMClientID)
	mock.SeedPAMDevice(senhaseguramock.PAMDevice{Hostname: "db01.example.com", IP: "10.0.0.5", Type: "Database", Vendor: "Oracle", Model: "MySQL 8", Site: "LAX"})
	id := mock.SeedPAMCredential(senhaseguramock.PAMCredential{Hostname: "db01.example.com", IP: "10.0.0.5", Username: "dbadmin",
		Password: encryptFor(t, key, "Pam-Decrypted-1")})
	body := fmt.Sprintf(`
ephemeral "senhasegura_pam_credential" "dbadmin" {
  id = %q
}

resource "senhasegura_mysafe_password" "copy" {
  name                = "copy"
  username            = "dbadmin"
  password_wo         = ephemeral.senhasegura_pam_credential.dbadmin.password
  password_wo_version = 1
}
`, id)
	withKey := acctest.ProviderConfig(url, "decryption_private_key = <<-EOT\n"+strings.TrimSpace(key)+"\nEOT") + body
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.ProviderConfig(url) + body,
				ExpectError: regexp.MustCompile(`(?s)Error Reading PAM Core Credential.*encrypts\s+passwords.*PAM\s+Core\s+credential\s+` + id + `,\s+key\s+"password":\s+the\s+value\s+is\s+encrypted.*decryption_private_key`),
			},
			{
				Config: withKey,
				Check: func(*terraform.State) error {
					it, ok := mock.Item(senhaseguramock.KindPassword, "1")
					if !ok || it.Fields["password"] != "Pam-Decrypted-1" {
						return fmt.Errorf("the checked-out password reached MySafe as %q", it.Fields["password"])
					}
					if len(mock.CustodyHolders()) != 0 {
						return fmt.Errorf("custody still held: %v", mock.CustodyHolders())
					}
					return nil
				},
			},
		},
	})
}
