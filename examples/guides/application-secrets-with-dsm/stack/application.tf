# The billing service's application and its authorization for production: the credentials
# External Secrets and the pipeline read the service's secrets with. Destroying this resource
# deactivates the authorization: every copy of its credentials stops working.
resource "senhasegura_dsm_application" "billing" {
  application = "billing"
  system      = "payments"
  environment = "production"
  description = "Billing service"
  tags        = ["payments"]
}

# The same authorization's credentials, never stored in the plan or state: each open
# registers the application with the same three, which finds that authorization.
ephemeral "senhasegura_dsm_application_credentials" "billing" {
  application = "billing"
  system      = "payments"
  environment = "production"
}

# A provider block that acts as the billing authorization: DSM links a secret to the
# authorization that posts it, and an authorization reads the secrets linked to it.
provider "senhasegura" {
  alias             = "billing"
  dsm_client_id     = ephemeral.senhasegura_dsm_application_credentials.billing.client_id
  dsm_client_secret = ephemeral.senhasegura_dsm_application_credentials.billing.client_secret
}
