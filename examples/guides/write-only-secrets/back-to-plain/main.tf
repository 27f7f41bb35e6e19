variable "app_password" {
  type      = string
  sensitive = true
}

# Back to plain: password again, password_wo and password_wo_version removed. One apply
# sends the value and the state holds it from then on.
resource "senhasegura_mysafe_password" "app" {
  name     = "app database"
  username = "app"
  password = var.app_password
}
