# Import a MySafe note by its identifier.
terraform import senhasegura_mysafe_note.recovery 177

# The same, leaving the content out of the state (for a configuration that manages it
# through note_wo).
terraform import senhasegura_mysafe_note.recovery write-only:177
