# Terraform 1.14+ (terraform query); OpenTofu has no list resources.
# onboarding.tfquery.hcl: list the production passwords; `terraform query
# -generate-config-out=generated.tf` writes a resource and an import block for each.
list "senhasegura_mysafe_password" "prod" {
  provider         = senhasegura
  include_resource = true

  config {
    tag = "prod"
  }
}
