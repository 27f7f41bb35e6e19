# The billing service's authorization for the production environment: its client ID and
# secret are what External Secrets or dsmcli read the service's secrets with. Destroying the
# resource deactivates the authorization.
resource "senhasegura_dsm_application" "billing" {
  application = "billing"
  system      = "payments"
  environment = "production"
  description = "Billing service"
  tags        = ["payments", "pci"]
}

output "billing_client_id" {
  value = senhasegura_dsm_application.billing.client_id
}
