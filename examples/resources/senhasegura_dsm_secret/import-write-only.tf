# Import a secret without its values reaching the state.
import {
  to = senhasegura_dsm_secret.legacy
  id = "write-only:legacy/app/api-token"
}

variable "legacy_token" {
  type      = string
  ephemeral = true
}

resource "senhasegura_dsm_secret" "legacy" {
  identity          = "legacy/app/api-token"
  values_wo         = { API_TOKEN = var.legacy_token }
  values_wo_version = 1
}
