# Terraform 1.14+ (terraform query); OpenTofu has no list resources.
# devices.tfquery.hcl: list the devices of site LAX; `terraform query
# -generate-config-out=generated.tf` writes a resource and an import block for each.
list "senhasegura_pam_device" "lax" {
  provider         = senhasegura
  include_resource = true

  config {
    site = "LAX"
  }
}
