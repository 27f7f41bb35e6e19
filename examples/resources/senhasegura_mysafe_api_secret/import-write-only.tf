# Import an API secret without its client secret reaching the state.
import {
  to = senhasegura_mysafe_api_secret.billing
  id = "write-only:43"
}

variable "billing_client_secret" {
  type      = string
  ephemeral = true
}

resource "senhasegura_mysafe_api_secret" "billing" {
  name                     = "billing API"
  url                      = "https://billing.example.com"
  client_id                = "billing"
  client_secret_wo         = var.billing_client_secret
  client_secret_wo_version = 1
}
