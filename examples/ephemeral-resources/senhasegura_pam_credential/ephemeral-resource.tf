# Check out a PAM Core password at plan and apply time without storing it (Terraform
# 1.10+): this is a password view (audited, and it can trigger a rotation under an
# "expiration time by view" policy); the provider takes custody for the run and releases it
# when Terraform closes the ephemeral resource.
ephemeral "senhasegura_pam_credential" "dbadmin" {
  identifier = "db01-dbadmin"
}

# Hand it to a team's MySafe as a write-only value; bump the version to hand over a new one.
resource "senhasegura_mysafe_password" "dbadmin_for_oncall" {
  name                = "db01 dbadmin (on call)"
  username            = "dbadmin"
  password_wo         = ephemeral.senhasegura_pam_credential.dbadmin.password
  password_wo_version = 1
}
