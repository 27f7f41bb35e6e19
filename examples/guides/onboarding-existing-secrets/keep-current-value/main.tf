# Bring a password under Terraform without knowing it. The ephemeral resource reads the
# value MySafe holds (never stored in plan or state), the import takes every field but the
# secret, and the first apply sends that same value back once. The next plan is empty.
ephemeral "senhasegura_mysafe_password" "billing_db" {
  id = "312"
}

import {
  to = senhasegura_mysafe_password.billing_db
  id = "write-only:312"
}

resource "senhasegura_mysafe_password" "billing_db" {
  name                = "billing db"
  username            = "billing"
  password_wo         = ephemeral.senhasegura_mysafe_password.billing_db.password
  password_wo_version = 1
}
