# Import a DSM secret by its identity (it may contain "/")...
terraform import senhasegura_dsm_secret.billing_settings billing/production/settings

# ...or, when the configuration sets values_wo, as write-only:<identity>: the values never
# reach the state, and the first apply sends the configured values_wo once.
terraform import senhasegura_dsm_secret.billing_db write-only:billing/production/db
