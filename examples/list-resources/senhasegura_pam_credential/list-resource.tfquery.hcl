# Terraform 1.14+ (terraform query); OpenTofu has no list resources.
# credentials.tfquery.hcl: list the credentials of one device. No password is viewed and no
# custody taken; generated configuration leaves the password out (it is write-only).
list "senhasegura_pam_credential" "db01" {
  provider         = senhasegura
  include_resource = true

  config {
    hostname = "db01.example.com"
  }
}
