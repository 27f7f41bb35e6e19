# After a hard kill: list what MySafe holds under the configuration's names...
data "senhasegura_mysafe_passwords" "billing" {
  name = "billing database"
}

output "billing_password_ids" {
  value = [for p in data.senhasegura_mysafe_passwords.billing.passwords : p.id]
}

# ... and adopt the one the state lacks instead of creating a second one.
import {
  to = senhasegura_mysafe_password.db
  id = "write-only:312"
}

resource "senhasegura_mysafe_password" "db" {
  name                = "billing database"
  username            = "billing_app"
  password_wo         = var.db_password
  password_wo_version = 1
}

variable "db_password" {
  type      = string
  sensitive = true
}
