variable "db_password" {
  type      = string
  sensitive = true
}

resource "senhasegura_mysafe_password" "db" {
  name     = "billing database"
  username = "billing_app"
  password = var.db_password
  url      = "postgres://db.internal:5432/billing"
  notes    = "Rotated by the platform team."
  tags     = ["database", "billing"]

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
