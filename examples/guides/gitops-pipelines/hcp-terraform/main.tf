# HCP Terraform runs plan and apply remotely: the MySafe access key lives in a
# variable set (SENHASEGURA_CLIENT_SECRET as a sensitive environment variable).
terraform {
  cloud {
    organization = "example-org"

    workspaces {
      tags = ["mysafe"]
    }
  }

  required_providers {
    senhasegura = {
      source = "senhasegura/senhasegura"
    }
  }
}

provider "senhasegura" {}

resource "senhasegura_mysafe_note" "runbook" {
  name = "on-call runbook"
  note = "Escalate to the platform team."
  tags = ["gitops"]
}
