# Every secret the provider's DSM authorization sees under billing/, without their values.
data "senhasegura_dsm_secrets" "billing" {
  identity_prefix = "billing/"
}

output "billing_secrets" {
  value = { for s in data.senhasegura_dsm_secrets.billing.secrets : s.identity => s.keys }
}
