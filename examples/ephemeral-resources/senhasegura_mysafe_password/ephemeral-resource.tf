# Read a password at apply time without storing it in plan or state (Terraform 1.10+),
# e.g. to configure another provider.
ephemeral "senhasegura_mysafe_password" "db" {
  id = "312"
}

locals {
  db_connection = "postgres://${ephemeral.senhasegura_mysafe_password.db.username}@db.internal:5432/billing"
}
