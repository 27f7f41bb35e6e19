# Terraform 1.12+ and OpenTofu 1.12+: import by resource identity.
import {
  to       = senhasegura_pam_device.db
  identity = { id = "17" }
}
