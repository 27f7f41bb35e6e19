# Terraform 1.14+ (terraform query); OpenTofu has no list resources.
list "senhasegura_mysafe_api_secret" "cloud" {
  provider         = senhasegura
  include_resource = true

  config {
    tag = "cloud"
  }
}
