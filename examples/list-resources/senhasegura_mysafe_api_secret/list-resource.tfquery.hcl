list "senhasegura_mysafe_api_secret" "cloud" {
  provider         = senhasegura
  include_resource = true

  config {
    tag = "cloud"
  }
}
