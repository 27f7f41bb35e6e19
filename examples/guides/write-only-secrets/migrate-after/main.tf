variable "app_password" {
  type      = string
  ephemeral = true
}

# After: the same resource, password_wo instead of password. One apply sends the value
# once and removes the password from the state.
resource "senhasegura_mysafe_password" "app" {
  name                = "app database"
  username            = "app"
  password_wo         = var.app_password
  password_wo_version = 1
}
