# An instance whose certificate is issued by an internal CA: trust that CA (in
# addition to the system roots), and present a client certificate if the gateway
# asks for one.
provider "senhasegura" {
  url              = "https://vault.corp.example"
  client_id        = "2a1d6c7b9e8f4a3b"
  ca_cert_file     = "/etc/ssl/certs/corp-root-ca.pem"
  client_cert_file = "/etc/senhasegura/client.pem"
  client_key_file  = "/etc/senhasegura/client-key.pem"
}
