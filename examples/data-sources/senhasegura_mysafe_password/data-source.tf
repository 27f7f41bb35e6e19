# Read a password someone else manages, by its MySafe identifier.
data "senhasegura_mysafe_password" "legacy_db" {
  id = "312"
}

output "legacy_db_user" {
  value = data.senhasegura_mysafe_password.legacy_db.username
}
