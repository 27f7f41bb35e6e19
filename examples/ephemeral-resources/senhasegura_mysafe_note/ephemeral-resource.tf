# Read a note's content when needed, without storing it (Terraform 1.10+).
ephemeral "senhasegura_mysafe_note" "ssh_key" {
  id = "177"
}
