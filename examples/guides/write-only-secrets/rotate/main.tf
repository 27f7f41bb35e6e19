variable "app_password" {
  type      = string
  ephemeral = true
}

# To rotate, set the new value and bump the version: the next apply sends it once.
resource "senhasegura_mysafe_password" "app" {
  name                = "app database"
  username            = "app"
  password_wo         = var.app_password
  password_wo_version = 2 # was 1
}
