# Import a MySafe password by its identifier (the digits MySafe assigns to it).
terraform import senhasegura_mysafe_password.db 312
