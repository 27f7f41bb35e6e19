# Adopt a device and a credential PAM Core already has: by hostname and by identifier (or
# by id). The import reads no password; this configuration sets none, so PAM Core keeps the
# one it holds.
import {
  to = senhasegura_pam_device.db
  id = "db01.example.com"
}

import {
  to = senhasegura_pam_credential.dbadmin
  id = "db01-dbadmin"
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
  identifier       = "db01-dbadmin"
  hostname         = senhasegura_pam_device.db.hostname
  ip               = senhasegura_pam_device.db.ip
  username         = "dbadmin"
  credential_type  = "Local administrator"
  automatic_change = true
}
