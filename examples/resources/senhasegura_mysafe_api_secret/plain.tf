# The plain form: the client secret is stored in the state (protect it).
variable "partner_client_secret" {
  type      = string
  sensitive = true
}

resource "senhasegura_mysafe_api_secret" "partner" {
  name          = "partner API"
  url           = "https://api.partner.example"
  client_id     = "partner-client"
  client_secret = var.partner_client_secret
}
