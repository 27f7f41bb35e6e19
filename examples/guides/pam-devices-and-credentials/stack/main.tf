variable "root_password" {
  type      = string
  ephemeral = true
}

variable "root_password_version" {
  type    = number
  default = 1
}

resource "senhasegura_pam_device" "web" {
  hostname       = "web01.example.com"
  ip             = "10.0.1.21"
  type           = "Server"
  vendor         = "Canonical"
  model          = "Ubuntu 24.04"
  site           = "LAX"
  tags           = ["prod", "web"]
  connectivities = ["SSH:22"]
}

# The administrator account: its first password from the pipeline, then rotated by the
# vault over SSH. Bump root_password_version to hand it a new one.
resource "senhasegura_pam_credential" "root" {
  identifier       = "web01-root"
  hostname         = senhasegura_pam_device.web.hostname
  ip               = senhasegura_pam_device.web.ip
  username         = "root"
  credential_type  = "Local administrator"
  criticality      = "high"
  automatic_change = true
  change_plugin    = "SSH"
  change_template  = "Linux - Change password"

  content_wo         = var.root_password
  content_wo_version = var.root_password_version
}

# An account that shares root's password and follows its rotations.
resource "senhasegura_pam_credential" "deploy" {
  identifier = "web01-deploy"
  hostname   = senhasegura_pam_device.web.hostname
  ip         = senhasegura_pam_device.web.ip
  username   = "deploy"
  parent_id  = senhasegura_pam_credential.root.id
  tags       = ["ci"]
}
