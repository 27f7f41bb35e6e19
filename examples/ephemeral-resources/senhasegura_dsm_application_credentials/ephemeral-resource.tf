# The credentials of the billing service's authorization, never stored (Terraform 1.10+): each
# open registers the application with these three, which finds the same authorization and
# answers its credentials. Here they configure a second provider block that acts as that
# authorization, to check what the service can read.
ephemeral "senhasegura_dsm_application_credentials" "billing" {
  application = "billing"
  system      = "payments"
  environment = "production"
}

provider "senhasegura" {
  alias             = "as_billing"
  url               = "https://vault.example.com"
  dsm_client_id     = ephemeral.senhasegura_dsm_application_credentials.billing.client_id
  dsm_client_secret = ephemeral.senhasegura_dsm_application_credentials.billing.client_secret
}

data "senhasegura_dsm_secrets" "seen_by_billing" {
  provider = senhasegura.as_billing
}
