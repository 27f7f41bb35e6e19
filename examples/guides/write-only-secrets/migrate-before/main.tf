variable "app_password" {
  type      = string
  sensitive = true
}

# Before: the password is a plain (sensitive) attribute, stored in the state.
resource "senhasegura_mysafe_password" "app" {
  name     = "app database"
  username = "app"
  password = var.app_password
}
