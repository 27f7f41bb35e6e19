# Read a DSM secret's pairs (decrypted with decryption_private_key when the authorization
# encrypts them). They are stored in the state, marked sensitive: prefer the ephemeral
# resource of the same name to feed another resource.
data "senhasegura_dsm_secret" "settings" {
  identity = "billing/production/settings"
}

output "billing_log_level" {
  value     = data.senhasegura_dsm_secret.settings.values["LOG_LEVEL"]
  sensitive = true
}
