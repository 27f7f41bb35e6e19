package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// writeConfig writes main.tf into the working directory dir.
func writeConfig(dir, cfg string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600)
}

// providerConfig is the terraform and provider blocks for the mock at url, with the mock's
// default access key.
func providerConfig(url string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    senhasegura = { source = "senhasegura/senhasegura" }
  }
}

provider "senhasegura" {
  url           = %q
  client_id     = %q
  client_secret = %q
}
`, url, senhaseguramock.DefaultClientID, senhaseguramock.DefaultClientSecret)
}

// passwordsConfig is the floor comparison's configuration: n passwords, each shared with a user.
func passwordsConfig(url string, n int) string {
	return providerConfig(url) + fmt.Sprintf(`
resource "senhasegura_mysafe_password" "p" {
  count    = %d
  name     = "bench ${count.index}"
  username = "svc-${count.index}"
  password = "Bench-Pw-${count.index}"
  url      = "db${count.index}.example.com"
  tags     = ["bench", "load"]

  users_allowed {
    username = "pduarte"
  }
}
`, n)
}

// mysafeConfig is a MySafe cell's configuration: n items of each kind (a password with a url
// and tags, an API secret with an identifier_code, a note), named after tag so that no two
// cells or rounds, and no seeded item, share a name or an identifier_code.
func mysafeConfig(url string, n int, tag string) string {
	return providerConfig(url) + fmt.Sprintf(`
resource "senhasegura_mysafe_password" "p" {
  count    = %[1]d
  name     = "bench %[2]s password ${count.index}"
  username = "svc-%[2]s-${count.index}"
  password = "Bench-Pw-${count.index}"
  url      = "https://app-%[2]s-${count.index}.example.com"
  tags     = ["bench", "load"]
}

resource "senhasegura_mysafe_api_secret" "a" {
  count           = %[1]d
  name            = "bench %[2]s api ${count.index}"
  url             = "https://api-%[2]s-${count.index}.example.com"
  client_id       = "client-%[2]s-${count.index}"
  client_secret   = "Bench-Secret-${count.index}"
  identifier_code = "bench-%[2]s-${count.index}"
  method          = "post"
  tags            = ["bench", "load"]
}

resource "senhasegura_mysafe_note" "n" {
  count = %[1]d
  name  = "bench %[2]s note ${count.index}"
  note  = "Recovery codes of bench %[2]s ${count.index}"
  tags  = ["bench", "load"]
}
`, n, tag)
}

// credentialsPerDevice is how many credentials share a device, in a PAM Core cell's
// configuration and in the seeded vault alike.
const credentialsPerDevice = 10

// pamDevices is how many devices hold n credentials.
func pamDevices(n int) int {
	return (n + credentialsPerDevice - 1) / credentialsPerDevice
}

// pamConfig is a PAM Core cell's configuration: n credentials (an identifier, tags, a
// criticality, a write-only password) on ceil(n/10) devices, ten to a device.
func pamConfig(url string, n int, tag string) string {
	return providerConfig(url) + fmt.Sprintf(`
resource "senhasegura_pam_device" "d" {
  count          = %[1]d
  hostname       = "bench-%[3]s-${count.index}.example.com"
  ip             = "10.201.${floor(count.index / 250)}.${count.index %% 250 + 1}"
  type           = "Server"
  vendor         = "Canonical"
  model          = "Ubuntu 22.04"
  site           = "LAX"
  tags           = ["bench"]
  connectivities = ["SSH:22"]
}

resource "senhasegura_pam_credential" "c" {
  count              = %[2]d
  identifier         = "bench-%[3]s-${count.index}"
  hostname           = senhasegura_pam_device.d[floor(count.index / %[4]d)].hostname
  ip                 = senhasegura_pam_device.d[floor(count.index / %[4]d)].ip
  username           = "svc${count.index}"
  credential_type    = "Local User"
  tags               = ["bench"]
  criticality        = "medium"
  content_wo         = "Bench-Pw-${count.index}"
  content_wo_version = 1
}
`, pamDevices(n), n, tag, credentialsPerDevice)
}
