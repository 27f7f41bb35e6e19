# The password reaches MySafe but never the plan or state: an ephemeral input variable (or an
# ephemeral resource) feeds the write-only attribute, and the version says when to send it.
variable "db_password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_mysafe_password" "db" {
  name                = "billing database"
  username            = "billing_app"
  password_wo         = var.db_password
  password_wo_version = 1 # bump it to send a new var.db_password
  url                 = "postgres://db.internal:5432/billing"
  notes               = "Rotated by the platform team."
  tags                = ["database", "billing"]

  users_allowed {
    username = "pduarte"
    can_edit = true
  }

  users_allowed {
    username = "alices" # view only: can_edit defaults to false
  }

  groups_allowed {
    name = "DBA"
  }
}
