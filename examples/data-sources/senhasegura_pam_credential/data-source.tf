# Read a credential's metadata, never its password: no password view, no custody.
data "senhasegura_pam_credential" "dbadmin" {
  identifier = "db01-dbadmin"
}

output "dbadmin_rotates" {
  value = data.senhasegura_pam_credential.dbadmin.automatic_change
}
