# Without a move: let Terraform forget the restapi_object (MySafe keeps the item), and import
# the item by its MySafe identifier in the same plan. `write-only:` keeps its secrets out of
# the state.
removed {
  from = restapi_object.db_password

  lifecycle {
    destroy = false
  }
}

import {
  to = senhasegura_mysafe_password.db
  id = "write-only:312"
}

resource "senhasegura_mysafe_password" "db" {
  name                = "billing database"
  username            = "billing_app"
  password_wo         = var.db_password
  password_wo_version = 1
  url                 = "https://db.example.com"
}

variable "db_password" {
  type      = string
  sensitive = true
  ephemeral = true
}
