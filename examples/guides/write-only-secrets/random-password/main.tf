# A generated password that never reaches plan or state: the ephemeral random_password
# (hashicorp/random 3.7+) is a new value on every run, and the provider sends it only when
# password_wo_version changes. Between bumps MySafe keeps the value sent last.
ephemeral "random_password" "app" {
  length           = 32
  override_special = "!#%*-_=+"
}

resource "senhasegura_mysafe_password" "app" {
  name                = "app database"
  username            = "app"
  password_wo         = ephemeral.random_password.app.result
  password_wo_version = 1 # bump it to rotate: the next apply sends a new password
}

# Whatever else needs the password reads it back from MySafe, never from random_password.
ephemeral "senhasegura_mysafe_password" "app" {
  id = senhasegura_mysafe_password.app.id
}
