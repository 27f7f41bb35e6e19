# Import a PAM Core device by its id (the digits PAM Core assigns to it)...
terraform import senhasegura_pam_device.db 17

# ...or by its hostname, which the provider resolves through the device list.
terraform import senhasegura_pam_device.db db01.example.com
