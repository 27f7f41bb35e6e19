// Package acctest holds what the acceptance tests of several packages share: the one
// renderer of the provider block. Only tests import it.
package acctest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// ProviderBlock renders a provider "senhasegura" block holding settings, each one or more
// `name = value` lines.
func ProviderBlock(settings ...string) string {
	return "\nprovider \"senhasegura\" {\n" + strings.Join(settings, "\n") + "\n}\n"
}

// ProviderConfig renders the provider block for a mock at url: its URL and the mock's default
// credentials, then settings, which may also replace client_id or client_secret.
func ProviderConfig(url string, settings ...string) string {
	given := map[string]bool{}
	for _, s := range settings {
		for _, line := range strings.Split(s, "\n") {
			name, _, _ := strings.Cut(line, "=")
			given[strings.TrimSpace(name)] = true
		}
	}
	var all []string
	for _, d := range [][2]string{{"url", url}, {"client_id", senhaseguramock.DefaultClientID}, {"client_secret", senhaseguramock.DefaultClientSecret}} {
		if !given[d[0]] {
			all = append(all, fmt.Sprintf("%s = %q", d[0], d[1]))
		}
	}
	return ProviderBlock(append(all, settings...)...)
}

// UseCLIConfig makes TF_CLI_CONFIG_FILE name a Terraform CLI configuration file that exists (the
// environment may name one that does not, which OpenTofu answers with a warning on stdout), runs
// the tests and exits with their code: a test package's TestMain is `acctest.UseCLIConfig(m)`. It
// is scripts/terraformrc for go test, which runs without make.
func UseCLIConfig(m interface{ Run() int }) {
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" {
		if _, err := os.Stat(f); err == nil { //nolint:gosec // the file the test environment names, only checked to exist
			os.Exit(m.Run())
		}
	}
	dir, err := os.MkdirTemp("", "senhasegura-tfcli")
	if err != nil {
		panic(err)
	}
	cfg := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cfg, []byte("# written by the provider's tests\n"), 0o600); err != nil {
		panic(err)
	}
	_ = os.Setenv("TF_CLI_CONFIG_FILE", cfg)
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}
