# Bring an existing password under a configuration that keeps it write-only: the
# "write-only:" form imports every field but the secrets, which never reach the state. The
# first apply sends var.app_password once; the plan after it is empty.
import {
  to = senhasegura_mysafe_password.app
  id = "write-only:312"
}

variable "app_password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_mysafe_password" "app" {
  name                = "app account"
  username            = "app"
  password_wo         = var.app_password
  password_wo_version = 1
}
