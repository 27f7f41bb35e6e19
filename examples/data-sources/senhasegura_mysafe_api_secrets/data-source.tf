data "senhasegura_mysafe_api_secrets" "cloud" {
  tag = "cloud"
}

output "cloud_api_secret_names" {
  value = data.senhasegura_mysafe_api_secrets.cloud.api_secrets[*].name
}
