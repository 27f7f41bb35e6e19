# Older senhasegura versions serve the MySafe API under /iso instead of /api.
provider "senhasegura" {
  url             = "https://vault.example.com"
  client_id       = "2a1d6c7b9e8f4a3b"
  api_path_prefix = "/iso"
}
