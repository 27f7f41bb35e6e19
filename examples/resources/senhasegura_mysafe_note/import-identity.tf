# Terraform 1.12+ and OpenTofu 1.12+: import by resource identity.
import {
  to       = senhasegura_mysafe_note.recovery
  identity = { id = "177" }
}
