# The password is write-only: it is sent once (and again whenever content_wo_version
# changes), never stored in the plan or state, never read back, because the vault rotates it.
variable "dbadmin_password" {
  type      = string
  ephemeral = true
}

resource "senhasegura_pam_device" "db" {
  hostname = "db01.example.com"
  ip       = "10.0.0.5"
  type     = "Database"
  vendor   = "Oracle"
  model    = "MySQL 8"
  site     = "LAX"
}

resource "senhasegura_pam_credential" "dbadmin" {
  identifier      = "db01-dbadmin"
  hostname        = senhasegura_pam_device.db.hostname
  ip              = senhasegura_pam_device.db.ip
  username        = "dbadmin"
  credential_type = "Local administrator"
  tags            = ["prod", "payments"]
  criticality     = "high"

  # Let senhasegura rotate the password over SSH.
  automatic_change = true
  change_plugin    = "SSH"
  change_template  = "Linux - Change password"

  content_wo         = var.dbadmin_password
  content_wo_version = 1
}
