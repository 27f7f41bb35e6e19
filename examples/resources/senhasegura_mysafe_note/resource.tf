# The note's content comes from an ephemeral input variable and goes to MySafe through the
# write-only attribute: never to plan or state.
variable "recovery_codes" {
  type      = string
  ephemeral = true
}

resource "senhasegura_mysafe_note" "recovery" {
  name            = "GitHub recovery codes"
  note_wo         = var.recovery_codes
  note_wo_version = 1 # bump it to send the current value again
  tags            = ["mfa", "recovery"]

  users_allowed {
    username = "pduarte"
    can_edit = true
  }

  groups_allowed {
    name = "Test group"
  }
}
