terraform {
  required_providers {
    senhasegura = {
      source = "senhasegura/senhasegura"
    }
  }
}

# Credentials of a MySafe access key (MySafe -> Integrations -> Access keys).
# Prefer the SENHASEGURA_URL, SENHASEGURA_CLIENT_ID and SENHASEGURA_CLIENT_SECRET
# environment variables, which keep the secret out of the configuration.
provider "senhasegura" {
  url       = "https://vault.example.com"
  client_id = "2a1d6c7b9e8f4a3b"
  # client_secret from SENHASEGURA_CLIENT_SECRET
}
