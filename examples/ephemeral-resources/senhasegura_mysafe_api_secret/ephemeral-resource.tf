# Fetch API credentials for another provider without storing them (Terraform 1.10+).
ephemeral "senhasegura_mysafe_api_secret" "gcp" {
  identifier_code = "hyga125"
}
