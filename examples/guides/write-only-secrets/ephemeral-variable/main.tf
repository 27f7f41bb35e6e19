# The value comes from an ephemeral input variable (TF_VAR_app_password, or -var):
# Terraform never stores it in the plan or the state.
variable "app_password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_mysafe_password" "app" {
  name                = "app database"
  username            = "app"
  password_wo         = var.app_password
  password_wo_version = 1
}
