# Look an API secret up by your own identifier_code (or by id).
data "senhasegura_mysafe_api_secret" "gcp" {
  identifier_code = "hyga125"
}

output "gcp_client_id" {
  value = data.senhasegura_mysafe_api_secret.gcp.client_id
}
