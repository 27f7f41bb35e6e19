# Every active password tagged "database" that the access key's user can see.
data "senhasegura_mysafe_passwords" "databases" {
  tag = "database"
}

output "database_password_ids" {
  value = data.senhasegura_mysafe_passwords.databases.passwords[*].id
}
