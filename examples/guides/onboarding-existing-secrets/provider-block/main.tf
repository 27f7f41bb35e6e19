provider "senhasegura" {
  url               = "https://vault.example.com"
  client_id         = "2a1d6c7b9e8f4a3b"
  write_only_import = true
}
