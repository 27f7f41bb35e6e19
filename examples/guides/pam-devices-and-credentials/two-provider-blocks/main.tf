# Or two provider blocks, one per API: each is a whole provider, so the aliased one could
# manage MySafe items too; here it serves PAM Core only. Secrets from the environment or from
# variables (var.pam_client_secret), never literals.
variable "pam_client_secret" {
  type      = string
  sensitive = true
}

provider "senhasegura" {
  url       = "https://vault.example.com"
  client_id = "2a1d6c7b9e8f4a3b" # the MySafe access key; secret from SENHASEGURA_CLIENT_SECRET
}

provider "senhasegura" {
  alias         = "pam"
  url           = "https://vault.example.com"
  client_id     = "9f8e7d6c5b4a3921" # the A2A authorization
  client_secret = var.pam_client_secret
}

resource "senhasegura_pam_device" "web" {
  provider = senhasegura.pam

  hostname = "web01.example.com"
  ip       = "10.0.1.21"
  type     = "Server"
  vendor   = "Canonical"
  model    = "Ubuntu 24.04"
  site     = "LAX"
}
