# A DSM secret with write-only pairs: applications read them by identity (dsmcli, External
# Secrets); the values reach DSM but never the plan or state, and are sent again only when
# values_wo_version changes.
variable "billing_db_password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_dsm_secret" "billing_db" {
  identity    = "billing/production/db"
  description = "Database of the billing service"
  engine      = "Kubernetes"

  values_wo = {
    DB_HOST     = "db.internal"
    DB_USER     = "billing"
    DB_PASSWORD = var.billing_db_password
  }
  values_wo_version = 1

  # DSM has no delete: "abandon" (the default) leaves the secret in DSM when the resource is
  # destroyed; "expire" sets its expiration date to now (DSM then deletes its values).
  on_destroy = "expire"
}
