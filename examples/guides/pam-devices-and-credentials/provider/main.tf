# MySafe through its access key, PAM Core through an A2A authorization of its own. The
# secrets come from SENHASEGURA_CLIENT_SECRET and SENHASEGURA_PAM_CLIENT_SECRET.
provider "senhasegura" {
  url           = "https://vault.example.com"
  client_id     = "2a1d6c7b9e8f4a3b" # MySafe -> Integrations -> Access keys
  pam_client_id = "9f8e7d6c5b4a3921" # A2A -> Applications -> Authorizations

  # Instances from 3.33 on also serve PAM Core under /api.
  # pam_path_prefix = "/api"
}
