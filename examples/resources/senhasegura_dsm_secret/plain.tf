# Pairs that are not secret can be plain values, compared with DSM on every refresh (they are
# stored in the state, marked sensitive).
resource "senhasegura_dsm_secret" "billing_settings" {
  identity        = "billing/production/settings"
  expiration_date = "2027-12-31T23:59:59Z"

  values = {
    LOG_LEVEL   = "info"
    FEATURE_PDF = "on"
  }
}
