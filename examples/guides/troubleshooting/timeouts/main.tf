# A slow instance: give each attempt more time and the operations a longer limit.
provider "senhasegura" {
  url             = "https://vault.example.com"
  client_id       = "2a1d6c7b9e8f4a3b"
  request_timeout = "45s"
  max_retries     = 8
}

resource "senhasegura_mysafe_password" "db" {
  name     = "billing database"
  username = "billing_app"
  password = "change-me"

  timeouts {
    create = "10m"
    read   = "5m"
  }
}

data "senhasegura_mysafe_passwords" "billing" {
  tag = "billing"

  timeouts {
    read = "5m"
  }
}
