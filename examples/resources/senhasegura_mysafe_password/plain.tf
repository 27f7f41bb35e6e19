# The plain form: the password is stored in the state (protect it), and a change made to it in
# MySafe shows in the plan as the old and new (sensitive) values.
variable "legacy_password" {
  type      = string
  sensitive = true
}

resource "senhasegura_mysafe_password" "legacy" {
  name       = "legacy app"
  username   = "legacy"
  password   = var.legacy_password
  secret_key = "JBSWY3DPEHPK3PXP" # TOTP seed, base32
}
