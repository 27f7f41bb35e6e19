variable "billing_db_password" {
  type      = string
  ephemeral = true
}

# The service's secrets, declared in HCL and posted as its own authorization. The password is
# write-only: it reaches DSM, never the plan or state; bump the version to send a new one.
resource "senhasegura_dsm_secret" "billing_db" {
  provider    = senhasegura.billing
  identity    = "billing/production/db"
  description = "Database of the billing service"

  values_wo = {
    DB_HOST     = "db.internal"
    DB_USER     = "billing"
    DB_PASSWORD = var.billing_db_password
  }
  values_wo_version = 1

  # Destroying the resource expires the secret (DSM has no delete). Destroyed before the
  # application, whose authorization posts it.
  on_destroy = "expire"
  depends_on = [senhasegura_dsm_application.billing]
}

resource "senhasegura_dsm_secret" "billing_settings" {
  provider = senhasegura.billing
  identity = "billing/production/settings"

  values = {
    LOG_LEVEL = "info"
    CURRENCY  = "BRL"
  }

  depends_on = [senhasegura_dsm_application.billing]
}
