package repotest

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// TestAccCLI_devBuildVersion: `make install` puts a development build where `terraform init`
// finds it without the registry, under the version scripts/version gives (the next release
// with "-dev", which a configuration asks for by that exact version); `terraform version`
// names that version, and the build sends it in its
// User-Agent with the CLI's own version.
func TestAccCLI_devBuildVersion(t *testing.T) {
	tf := terraformBinary(t)
	r := root(t)
	out, err := run(t, r, nil, filepath.Join(r, "scripts", "version"))
	if err != nil {
		t.Fatalf("scripts/version: %v\n%s", err, out)
	}
	version := strings.TrimSpace(out)
	plugins := t.TempDir()
	if out, err := run(t, r, nil, "make", "--no-print-directory", "install", "PLUGIN_DIR="+plugins); err != nil {
		t.Fatalf("make install: %v\n%s", err, out)
	}
	rc := filepath.Join(t.TempDir(), "terraformrc")
	cfg := "provider_installation {\n  filesystem_mirror {\n    path = \"" + filepath.ToSlash(plugins) + "\"\n  }\n}\n"
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1"}

	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(mock)
	defer srv.Close()
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "db", "username": "app", "password": "Dev-Pw-1"}})
	work := t.TempDir()
	// A pre-release is only chosen when asked for by its exact version.
	main := `terraform {
  required_providers {
    senhasegura = {
      source  = "registry.terraform.io/senhasegura/senhasegura"
      version = "` + version + `"
    }
  }
}
` + acctest.ProviderConfig(srv.URL) + `
data "senhasegura_mysafe_passwords" "all" {}
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, work, env, tf, "init", "-no-color", "-input=false"); err != nil {
		t.Fatalf("init from the plugin directory make install wrote: %v\n%s", err, out)
	}
	out, err = run(t, work, env, tf, "version")
	if err != nil {
		t.Fatalf("version: %v\n%s", err, out)
	}
	if !strings.Contains(out, "provider registry.terraform.io/senhasegura/senhasegura v"+version) {
		t.Errorf("`%s version` does not name the dev build %s:\n%s", filepath.Base(tf), version, out)
	}
	t.Logf("%s version:\n%s", filepath.Base(tf), out)
	if out, err := run(t, work, env, tf, "plan", "-no-color", "-input=false"); err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	ua := regexp.MustCompile(`^terraform-provider-senhasegura/` + regexp.QuoteMeta(version) + ` \(\+https://registry\.terraform\.io/providers/senhasegura/senhasegura\) Terraform/[0-9]+\.[0-9]+\.[0-9]+`)
	calls := mock.Calls()
	if len(calls) == 0 {
		t.Fatal("the plan made no call to MySafe")
	}
	for _, c := range calls {
		if !ua.MatchString(c.UserAgent) {
			t.Errorf("%s: User-Agent %q, want %s", c.Route, c.UserAgent, ua)
		}
	}
}
