# Import a MySafe API secret by its identifier (not its identifier_code).
terraform import senhasegura_mysafe_api_secret.gcp 43
