# The content is stored in the state: prefer the ephemeral resource of the same name.
data "senhasegura_mysafe_note" "licence" {
  id = "177"
}

output "licence_tags" {
  value = data.senhasegura_mysafe_note.licence.tags
}
