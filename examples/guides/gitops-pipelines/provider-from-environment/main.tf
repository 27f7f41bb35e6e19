# In a pipeline the provider block names no credential: SENHASEGURA_URL,
# SENHASEGURA_CLIENT_ID and SENHASEGURA_CLIENT_SECRET come from the runner's secrets.
provider "senhasegura" {}

variable "db_password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_mysafe_password" "db" {
  name                = "billing database"
  username            = "billing_app"
  password_wo         = var.db_password
  password_wo_version = 1
  tags                = ["billing", "gitops"]

  groups_allowed {
    name = "DBA"
  }
}
