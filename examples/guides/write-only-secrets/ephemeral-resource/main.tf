# The value comes from an ephemeral resource: here the client secret of an API secret
# that MySafe already holds is copied into a password, with nothing stored.
ephemeral "senhasegura_mysafe_api_secret" "gcp" {
  identifier_code = "hyga125"
}

resource "senhasegura_mysafe_password" "gcp_client" {
  name                = "GCP client (copy)"
  username            = "gcp-client"
  password_wo         = ephemeral.senhasegura_mysafe_api_secret.gcp.client_secret
  password_wo_version = 1
}
