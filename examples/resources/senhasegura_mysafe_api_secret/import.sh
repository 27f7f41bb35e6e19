# Import a MySafe API secret by its identifier (not its identifier_code).
terraform import senhasegura_mysafe_api_secret.gcp 43

# The same, leaving client_secret out of the state (for a configuration that manages it
# through client_secret_wo).
terraform import senhasegura_mysafe_api_secret.gcp write-only:43
