# The client secret comes from an ephemeral resource (here: another MySafe API secret read at
# apply time) and goes to MySafe through the write-only attribute: never to plan or state.
ephemeral "senhasegura_mysafe_api_secret" "source" {
  identifier_code = "gcp-source"
}

resource "senhasegura_mysafe_api_secret" "gcp" {
  name                     = "GCP"
  url                      = "https://gcp.com"
  client_id                = "gf455f7g8fb5dfg8fd545bffbv"
  client_secret_wo         = ephemeral.senhasegura_mysafe_api_secret.source.client_secret
  client_secret_wo_version = 1 # bump it to send the current value again
  identifier_code          = "hyga125"
  method                   = "get"
  notes                    = "Access details"
  tags                     = ["cloud"]

  users_allowed {
    username = "pduarte"
    can_edit = true
  }

  groups_allowed {
    name = "Test group"
  }
}
