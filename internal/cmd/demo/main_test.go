package main

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
)

// TestDemo runs what `make demo` runs and checks its readable summary.
func TestDemo(t *testing.T) {
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform not on PATH")
	}
	// Bounded by the test binary's deadline only: a fresh machine builds the providers cold.
	ctx := acctest.Context(t)
	var out bytes.Buffer
	if err := run(ctx, "../../..", false, &out); err != nil {
		t.Fatalf("demo: %v\n%s", err, out.String())
	}
	// Step 6 shows the plan's own lines: the removed users_allowed block of mallory.
	removed := regexp.MustCompile(`(?s)will be updated in-place\n\s+- users_allowed \{\n(\s+- \w+ += .*\n)*?\s+- username += "mallory" -> null\n(\s+- \w+ += .*\n)*\s+\}\n\s+Plan: 0 to add, 1 to change`)
	if !removed.MatchString(out.String()) {
		t.Errorf("step 6 does not show the users_allowed block the plan removes:\n%s", out.String())
	}
	// Step 7: what DSM holds, and the plan that finds its write-only values changed.
	dsm := regexp.MustCompile(`7\. DSM holds billing/production/db \(version 1, keys DB_PASSWORD, DB_USER\).*the state holds none of its values\n.*Write-Only Value Changed Outside Terraform.*\n\s+# senhasegura_dsm_secret\.billing_db will be updated in-place\n\s+~ drift_detected\s+= \[\n\s+- "values_wo",`)
	if !dsm.MatchString(out.String()) {
		t.Errorf("step 7 does not show the DSM secret and the plan of its drift:\n%s", out.String())
	}
	for _, want := range []string{"5 added", "PAM Core 1 device(s) and 1 credential(s), DSM 1 secret(s)", "terraform plan: no changes (refreshes viewed no password: custody taken 0 times)", `"mallory"`, "1 to change", "5 destroyed", "DSM secret expired", "mock stopped"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
}
