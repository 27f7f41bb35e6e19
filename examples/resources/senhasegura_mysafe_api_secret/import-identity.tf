# Terraform 1.12+ and OpenTofu 1.12+: import by resource identity.
import {
  to       = senhasegura_mysafe_api_secret.gcp
  identity = { id = "58" }
}
