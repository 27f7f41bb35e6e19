package repotest

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestAccCLI_logsOnlyWhenAsked runs the real provider binary under terraform behind a wrapper
// that keeps its stderr, where the SDK and the provider write their log lines: with no log
// setting an apply of 5 passwords writes none of them (Terraform would parse and discard
// each); with TF_LOG=TRACE they are all there, as before.
func TestAccCLI_logsOnlyWhenAsked(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stderr wrapper is a shell script")
	}
	tf := terraformBinary(t)
	dir := t.TempDir()
	realBin := filepath.Join(dir, "real-provider")
	if out, err := run(t, root(t), nil, "go", "build", "-o", realBin, "."); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	stderr := filepath.Join(dir, "provider-stderr.log")
	wrapper := fmt.Sprintf("#!/bin/sh\nexec %q \"$@\" 2>>%q\n", realBin, stderr)
	if err := os.WriteFile(filepath.Join(bin, "terraform-provider-senhasegura"), []byte(wrapper), 0o755); err != nil { //nolint:gosec // an executable wrapper
		t.Fatal(err)
	}
	rc := devOverridesConfig(t, bin)
	// The test process's own log settings must not leak into the "no logs" run.
	var clean []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_LOG") {
			clean = append(clean, kv)
		}
	}
	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(mock)
	defer srv.Close()
	const n = 5
	logLines := func(name string, extra ...string) int {
		t.Helper()
		work := t.TempDir()
		main := requiredProviders + acctest.ProviderConfig(srv.URL) + fmt.Sprintf(`
resource "senhasegura_mysafe_password" "p" {
  count    = %d
  name     = "%s ${count.index}"
  username = "app"
  password = "Log-Pw-${count.index}"
}
`, n, name)
		if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(main), 0o600); err != nil {
			t.Fatal(err)
		}
		_ = os.Remove(stderr)
		env := append(append([]string{}, clean...), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1")
		env = append(env, extra...)
		if out, err := runEnv(t, work, env, tf, "apply", "-auto-approve", "-no-color"); err != nil {
			t.Fatalf("apply (%s): %v\n%s", name, err, out)
		}
		b, _ := os.ReadFile(stderr)
		lines := 0
		for _, l := range strings.Split(string(b), "\n") {
			// The SDK's and the provider's lines carry a @module (sdk.proto,
			// sdk.framework, provider, …); go-plugin's own start-up lines do not.
			if strings.Contains(l, `"@module":"sdk`) || strings.Contains(l, `"@module":"provider`) {
				lines++
			}
		}
		return lines
	}
	quiet := logLines("quiet")
	traced := logLines("traced", "TF_LOG=TRACE", "TF_LOG_PATH="+filepath.Join(dir, "terraform.log"))
	t.Logf("SDK and provider log lines on the provider's stderr for an apply of %d passwords: %d with no log setting, %d with TF_LOG=TRACE", n, quiet, traced)
	if quiet != 0 {
		t.Errorf("with no log setting the provider wrote %d SDK/provider log lines", quiet)
	}
	if traced < 50*n {
		t.Errorf("with TF_LOG=TRACE the provider wrote only %d SDK/provider log lines", traced)
	}
}
