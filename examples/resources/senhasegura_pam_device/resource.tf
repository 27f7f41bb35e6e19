# A Linux database server. PAM Core registers an unknown type, vendor, model or site on the
# fly; domains must already be registered in senhasegura.
resource "senhasegura_pam_device" "db" {
  hostname       = "db01.example.com"
  ip             = "10.0.0.5"
  type           = "Database"
  vendor         = "Oracle"
  model          = "MySQL 8"
  site           = "LAX"
  tags           = ["prod", "payments"]
  connectivities = ["SSH:22", "MySQL:3306"]
}
