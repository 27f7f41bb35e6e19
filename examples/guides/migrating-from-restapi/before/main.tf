# Before: MySafe through the generic REST provider. Its state keeps every secret in plaintext,
# in `data`, `api_response`, `create_response` and `api_data`.
terraform {
  required_providers {
    restapi = { source = "Mastercard/restapi" }
  }
}

provider "restapi" {
  uri                   = "https://vault.example.com"
  create_returns_object = true
}

resource "restapi_object" "db_password" {
  path         = "/api/mysafe/password"
  id_attribute = "password_entity/identifier"
  data = jsonencode({
    name     = "billing database"
    username = "billing_app"
    password = var.db_password
    url      = "https://db.example.com"
    tags     = "database, billing"
    users_allowed = [
      { username = "pduarte", can_edit = true },
    ]
  })
}

resource "restapi_object" "gcp_secret" {
  path         = "/api/mysafe/secretapi"
  id_attribute = "api_entity/identifier"
  data = jsonencode({
    name            = "gcp"
    url             = "https://gcp.example.com"
    client_id       = "billing-sa"
    client_secret   = var.gcp_client_secret
    identifier_code = "gcp-billing"
  })
}

variable "db_password" {
  type      = string
  sensitive = true
}

variable "gcp_client_secret" {
  type      = string
  sensitive = true
}
