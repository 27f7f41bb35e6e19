data "senhasegura_mysafe_notes" "recovery" {
  tag = "recovery"
}

output "recovery_note_names" {
  value = data.senhasegura_mysafe_notes.recovery.notes[*].name
}
