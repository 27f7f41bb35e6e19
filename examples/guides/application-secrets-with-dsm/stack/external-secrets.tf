# External Secrets' senhasegura provider authenticates as the billing authorization: its
# client ID in the SecretStore, its client secret in a Kubernetes secret written write-only
# (data_wo, hashicorp/kubernetes 2.37+), fed by the ephemeral credentials.
resource "kubernetes_secret_v1" "dsm_auth" {
  metadata {
    name      = "senhasegura-dsm-auth"
    namespace = "billing"
  }

  data_wo = {
    CLIENT_SECRET = ephemeral.senhasegura_dsm_application_credentials.billing.client_secret
  }
  data_wo_revision = 1
}

resource "kubernetes_manifest" "secret_store" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "SecretStore"
    metadata   = { name = "senhasegura", namespace = "billing" }
    spec = {
      provider = {
        senhasegura = {
          url    = "https://vault.example.com"
          module = "DSM"
          auth = {
            clientId              = senhasegura_dsm_application.billing.client_id
            clientSecretSecretRef = { name = kubernetes_secret_v1.dsm_auth.metadata[0].name, key = "CLIENT_SECRET" }
          }
        }
      }
    }
  }
}

# The Kubernetes secret billing-db, kept in sync by External Secrets: each key of the DSM
# secret billing/production/db, read by its identity.
resource "kubernetes_manifest" "billing_db" {
  manifest = {
    apiVersion = "external-secrets.io/v1"
    kind       = "ExternalSecret"
    metadata   = { name = "billing-db", namespace = "billing" }
    spec = {
      refreshInterval = "1h"
      secretStoreRef  = { kind = "SecretStore", name = "senhasegura" }
      target          = { name = "billing-db" }
      dataFrom        = [{ extract = { key = senhasegura_dsm_secret.billing_db.identity } }]
    }
  }
}
