# Import a PAM Core credential by its id (the digits PAM Core assigns to it)...
terraform import senhasegura_pam_credential.dbadmin 152

# ...or by its identifier, which the provider resolves through the credential list.
# Import never views the password. If the configuration sets content_wo, the first apply
# after the import sends it once (the password in PAM Core becomes that value).
terraform import senhasegura_pam_credential.dbadmin db01-dbadmin
