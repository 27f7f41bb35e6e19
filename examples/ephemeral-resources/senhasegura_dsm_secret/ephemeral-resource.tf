# Read a DSM secret at plan and apply time without storing it (Terraform 1.10+), and hand one
# value to a MySafe password as a write-only value.
ephemeral "senhasegura_dsm_secret" "billing_db" {
  identity = "billing/production/db"
}

resource "senhasegura_mysafe_password" "billing_db_for_dba" {
  name                = "billing db (production)"
  username            = "billing"
  password_wo         = ephemeral.senhasegura_dsm_secret.billing_db.values["DB_PASSWORD"]
  password_wo_version = 1
}
