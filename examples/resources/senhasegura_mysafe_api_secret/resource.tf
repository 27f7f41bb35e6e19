variable "gcp_client_secret" {
  type      = string
  sensitive = true
}

resource "senhasegura_mysafe_api_secret" "gcp" {
  name            = "GCP"
  url             = "https://gcp.com"
  client_id       = "gf455f7g8fb5dfg8fd545bffbv"
  client_secret   = var.gcp_client_secret
  identifier_code = "hyga125"
  method          = "get"
  notes           = "Access details"
  tags            = ["cloud"]

  users_allowed {
    username = "pduarte"
    can_edit = true
  }

  groups_allowed {
    name = "Test group"
  }
}
