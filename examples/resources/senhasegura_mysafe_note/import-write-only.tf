# Import a note without its content reaching the state.
import {
  to = senhasegura_mysafe_note.ssh_key
  id = "write-only:177"
}

variable "ssh_key" {
  type      = string
  ephemeral = true
}

resource "senhasegura_mysafe_note" "ssh_key" {
  name            = "deploy SSH key"
  note_wo         = var.ssh_key
  note_wo_version = 1
}
