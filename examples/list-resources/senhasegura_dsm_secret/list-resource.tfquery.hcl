# Terraform 1.14+ (terraform query); OpenTofu has no list resources.
# secrets.tfquery.hcl: list the DSM secrets under billing/. No value is read: generated
# configuration leaves the values out, and the generated import blocks import by identity.
list "senhasegura_dsm_secret" "billing" {
  provider         = senhasegura
  include_resource = true

  config {
    identity_prefix = "billing/"
  }
}
