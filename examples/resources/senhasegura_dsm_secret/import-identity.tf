# Terraform 1.12+ and OpenTofu 1.12+: import by resource identity, the secret's identity.
import {
  to       = senhasegura_dsm_secret.billing_settings
  identity = { id = "billing/production/settings" }
}
