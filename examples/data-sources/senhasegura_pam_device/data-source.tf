# Read a device someone else manages, by its hostname (or by its id).
data "senhasegura_pam_device" "db" {
  hostname = "db01.example.com"
}

output "db_connectivities" {
  value = data.senhasegura_pam_device.db.connectivities
}
