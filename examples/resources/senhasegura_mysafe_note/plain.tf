resource "senhasegura_mysafe_note" "licence" {
  name = "Licence key"
  note = <<-EOT
    Licensed to: Example Corp
    Key: 1A2B-3C4D-5E6F
  EOT
  tags = ["licences"]
}
