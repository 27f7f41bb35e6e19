# The pipeline gets the same credentials as repository secrets (see the guide): the client ID
# is not secret; the client secret output is marked sensitive.
output "billing_client_id" {
  value = senhasegura_dsm_application.billing.client_id
}

output "billing_client_secret" {
  value     = senhasegura_dsm_application.billing.client_secret
  sensitive = true
}
