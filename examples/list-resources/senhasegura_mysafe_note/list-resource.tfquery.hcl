list "senhasegura_mysafe_note" "recovery" {
  provider         = senhasegura
  include_resource = true

  config {
    tag = "recovery"
  }
}
