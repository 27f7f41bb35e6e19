terraform {
  required_providers {
    senhasegura = {
      source = "senhasegura/senhasegura"
    }
    kubernetes = {
      source = "hashicorp/kubernetes"
    }
  }
}

# The provider's own DSM authorization (the "creator"), with "Enable creation of DSM
# applications": DSM alone needs url, dsm_client_id and dsm_client_secret, here from
# SENHASEGURA_URL, SENHASEGURA_DSM_CLIENT_ID and SENHASEGURA_DSM_CLIENT_SECRET.
provider "senhasegura" {}

provider "kubernetes" {
  config_path = "~/.kube/config"
}
