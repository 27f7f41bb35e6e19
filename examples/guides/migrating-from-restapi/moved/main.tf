# After: the same items as senhasegura resources, moved from restapi_object without a create.
# The password becomes write-only (never again in the state); the API secret keeps its secret
# in the plain attribute.
moved {
  from = restapi_object.db_password
  to   = senhasegura_mysafe_password.db
}

moved {
  from = restapi_object.gcp_secret
  to   = senhasegura_mysafe_api_secret.gcp
}

resource "senhasegura_mysafe_password" "db" {
  name                = "billing database"
  username            = "billing_app"
  password_wo         = var.db_password
  password_wo_version = 1
  url                 = "https://db.example.com"
  tags                = ["database", "billing"]

  users_allowed {
    username = "pduarte"
    can_edit = true
  }
}

resource "senhasegura_mysafe_api_secret" "gcp" {
  name            = "gcp"
  url             = "https://gcp.example.com"
  client_id       = "billing-sa"
  client_secret   = var.gcp_client_secret
  identifier_code = "gcp-billing"
}

variable "db_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "gcp_client_secret" {
  type      = string
  sensitive = true
}
