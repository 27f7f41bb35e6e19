# Import a MySafe password by its identifier (the digits MySafe assigns to it).
terraform import senhasegura_mysafe_password.db 312

# The same, leaving password and secret_key out of the state (for a configuration that
# manages them through password_wo / secret_key_wo).
terraform import senhasegura_mysafe_password.db write-only:312
