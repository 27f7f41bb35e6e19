package repotest

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestAccCLI_dsmValuesWONeverWritten runs the real provider under terraform with TF_LOG=TRACE
// and a log file: a DSM secret whose pairs are write-only (values_wo, fed from an ephemeral
// input variable) is created, then sent again under a new values_wo_version. DSM (the mock)
// holds each value sent; none of them, nor the DSM client secret or a token, appears in the
// state, its backup, the saved plan (terraform show -json) or the TRACE log, which must hold the
// provider's DSM requests (so the scan proves something).
func TestAccCLI_dsmValuesWONeverWritten(t *testing.T) {
	tf := terraformBinary(t)
	env := devOverrides(t)
	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(mock)
	defer srv.Close()
	values := []string{"Dsm-Trace-Pass-71d3", "Dsm-Trace-Pass-82e4"}

	work := t.TempDir()
	logFile := filepath.Join(t.TempDir(), "terraform-trace.log")
	config := func(version int) string {
		// (DSM's credentials come from the environment: a literal secret would be part of the
		// saved plan's configuration.)
		return requiredProviders + acctest.ProviderBlock(fmt.Sprintf("url = %q", srv.URL)) + fmt.Sprintf(`
variable "db_pass" {
  type      = string
  ephemeral = true
}

resource "senhasegura_dsm_secret" "db" {
  identity          = "team/app/db"
  values_wo         = { DB_USER = "app", DB_PASS = var.db_pass }
  values_wo_version = %d
}
`, version)
	}
	apply := func(version int, value string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config(version)), 0o600); err != nil {
			t.Fatal(err)
		}
		runEnv := append(append([]string{}, env...), "TF_VAR_db_pass="+value, "TF_LOG=TRACE", "TF_LOG_PATH="+logFile,
			"SENHASEGURA_DSM_CLIENT_ID="+senhaseguramock.DefaultDSMClientID, "SENHASEGURA_DSM_CLIENT_SECRET="+senhaseguramock.DefaultDSMClientSecret)
		for _, args := range [][]string{{"plan", "-no-color", "-out=tfplan"}, {"apply", "-no-color", "tfplan"}} {
			if out, err := run(t, work, runEnv, tf, args...); err != nil {
				t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		out, err := run(t, work, runEnv, tf, "show", "-json", "tfplan")
		if err != nil {
			t.Fatalf("terraform show -json: %v\n%s", err, out)
		}
		if err := os.WriteFile(filepath.Join(work, "plan.json"), []byte(out), 0o600); err != nil {
			t.Fatal(err)
		}
		if sec, _ := mock.DSMSecret("team/app/db"); sec.Values["DB_PASS"] != value {
			t.Fatalf("DSM holds %q, want the value sent under version %d", sec.Values["DB_PASS"], version)
		}
	}
	apply(1, values[0])
	apply(2, values[1])

	secrets := append(append([]string{senhaseguramock.DefaultDSMClientSecret}, values...), mock.IssuedTokens()...)
	noPlaintext(t, work, "after two applies", true, secrets...)
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	if n := strings.Count(log, "/iso/sctm/secret"); n < 4 {
		t.Fatalf("the TRACE log names the DSM secret routes %d times: the provider's log lines are not there, and the scan proves nothing", n)
	}
	for _, s := range secrets {
		if i := strings.Index(log, s); i >= 0 {
			t.Errorf("a secret appears in the TRACE log: ...%s...", log[max(0, i-200):min(len(log), i+50)])
		}
	}
}
