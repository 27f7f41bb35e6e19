variable "billing_db_password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_mysafe_password" "prod_0" {
  name                = "billing db"
  username            = "billing"
  password_wo         = var.billing_db_password
  password_wo_version = 1
}
