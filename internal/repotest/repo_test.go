// Package repotest holds checks on the repository itself rather than on Go code: examples
// that pass terraform fmt and validate, generated docs that are up to date, release builds
// for every platform of the registry matrix.
package repotest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
)

// root is the repository root, two levels above this package.
func root(t *testing.T) string {
	t.Helper()
	r, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// terraformBinary finds terraform the way terraform-plugin-testing does (TF_ACC_TERRAFORM_PATH,
// then PATH); it never downloads one.
func terraformBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		if os.Getenv("TF_ACC") != "" {
			t.Fatal("terraform is not on PATH and TF_ACC_TERRAFORM_PATH is not set")
		}
		t.Skip("terraform not found; set TF_ACC=1 to make this a failure")
	}
	return p
}

func run(t *testing.T, dir string, env []string, name string, args ...string) (string, error) {
	t.Helper()
	return runEnv(t, dir, append(os.Environ(), env...), name, args...)
}

// runEnv is run with exactly the environment env.
func runEnv(t *testing.T, dir string, env []string, name string, args ...string) (string, error) {
	t.Helper()
	// Bounded only by the test binary's deadline: on a fresh machine a command may first
	// build a tool or download modules through the proxy, which takes minutes.
	cmd := exec.CommandContext(acctest.Context(t), name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// requiredProviders is the terraform block of the CLI tests' configurations.
const requiredProviders = `terraform {
  required_providers {
    senhasegura = { source = "senhasegura/senhasegura" }
  }
}
`

// buildPlugin builds the provider package pkg (relative to the repository root) as
// terraform-provider-<name> into a new directory, and returns that directory.
func buildPlugin(t *testing.T, name, pkg string) string {
	t.Helper()
	bin := t.TempDir()
	file := "terraform-provider-" + name
	if runtime.GOOS == "windows" {
		file += ".exe"
	}
	if out, err := run(t, root(t), nil, "go", "build", "-o", filepath.Join(bin, file), pkg); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// devOverrides builds the provider and writes a CLI configuration that points terraform at
// it; with dev_overrides, terraform init is neither needed nor run.
func devOverrides(t *testing.T) []string {
	t.Helper()
	bin := buildPlugin(t, "senhasegura", ".")
	return []string{"TF_CLI_CONFIG_FILE=" + devOverridesConfig(t, bin), "CHECKPOINT_DISABLE=1"}
}

// devOverridesConfig writes, beside bin, a CLI configuration whose dev_overrides point
// terraform at the provider in bin, and returns its path.
func devOverridesConfig(t *testing.T, bin string) string {
	t.Helper()
	rc := filepath.Join(filepath.Dir(bin), filepath.Base(bin)+".terraformrc")
	// Terraform and OpenTofu resolve the source "senhasegura/senhasegura" on their own registries.
	cfg := "provider_installation {\n  dev_overrides {\n" +
		"    \"registry.terraform.io/senhasegura/senhasegura\" = \"" + filepath.ToSlash(bin) + "\"\n" +
		"    \"registry.opentofu.org/senhasegura/senhasegura\" = \"" + filepath.ToSlash(bin) + "\"\n" +
		"  }\n  direct {}\n}\n"
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return rc
}

// withRestapiStub builds the stand-in for Mastercard/restapi's provider
// (testdata/restapi-stub) and adds it to the dev_overrides of env, the environment
// devOverrides returned: Terraform wants the restapi provider installed wherever a state or a
// configuration names it, for moves away from it too, and the tests run offline.
func withRestapiStub(t *testing.T, env []string) {
	t.Helper()
	stub := buildPlugin(t, "restapi", "./internal/repotest/testdata/restapi-stub")
	rc := strings.TrimPrefix(env[0], "TF_CLI_CONFIG_FILE=")
	b, err := os.ReadFile(rc)
	if err != nil {
		t.Fatal(err)
	}
	overrides := fmt.Sprintf("    \"registry.terraform.io/mastercard/restapi\" = %q\n    \"registry.opentofu.org/mastercard/restapi\" = %q\n",
		filepath.ToSlash(stub), filepath.ToSlash(stub))
	cfg := strings.Replace(string(b), "  dev_overrides {\n", "  dev_overrides {\n"+overrides, 1)
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
}

// noPlaintext fails the test when any of secrets appears in the working directory's state
// files (terraform.tfstate and its backups) or in plan.json (a saved plan's JSON), and when
// there is nothing to scan; requireState also wants a state file.
func noPlaintext(t *testing.T, work, when string, requireState bool, secrets ...string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(work, "terraform.tfstate*"))
	if requireState && len(files) == 0 {
		t.Fatalf("%s: no state file", when)
	}
	files = append(files, filepath.Join(work, "plan.json"))
	scanned := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		scanned++
		for _, s := range secrets {
			if strings.Contains(string(b), s) {
				t.Fatalf("%s: %q found in %s", when, s, filepath.Base(f))
			}
		}
	}
	if scanned == 0 {
		t.Fatalf("%s: nothing to scan", when)
	}
}

// requiresCLI is the first line of an example that needs a newer CLI than the oldest
// supported Terraform (1.11), e.g. "# Terraform 1.12+ and OpenTofu 1.12+: import by resource
// identity.": it is validated only by a CLI at least that new, and named as not checked on an
// older one.
var requiresCLI = regexp.MustCompile(`\A# Terraform (\d+\.\d+)\+`)

// TestExamplesFormattedAndValid: every example is formatted (terraform fmt -check, on every CLI,
// every file) and valid (terraform validate with the newest terraform available, the one `make
// generate` uses). An example whose first line says it needs a newer Terraform than that one is
// left out of validation and named.
func TestExamplesFormattedAndValid(t *testing.T) {
	tf := terraformBinary(t)
	r := root(t)
	if out, err := run(t, r, nil, tf, "fmt", "-check", "-recursive", "-diff", "examples"); err != nil {
		t.Fatalf("terraform fmt -check -recursive examples failed (run `make fmt`):\n%s", out)
	}
	// fmt -recursive picks up .tf files; the query files (.tfquery.hcl) only from Terraform 1.14
	// on, so they are formatted through standard input on every CLI.
	queryFiles, _ := filepath.Glob(filepath.Join(r, "examples", "*", "*", "*.tfquery.hcl"))
	if len(queryFiles) == 0 {
		t.Fatal("no .tfquery.hcl example found")
	}
	for _, f := range queryFiles {
		checkFormattedStdin(t, tf, f)
	}
	env := devOverrides(t)
	withRestapiStub(t, env)    // the guide to migrating from restapi shows a restapi configuration
	withRandomStub(t, env)     // the write-only guide generates a password with hashicorp/random
	withKubernetesStub(t, env) // the DSM guide hands credentials to External Secrets with hashicorp/kubernetes
	out, err := run(t, r, nil, filepath.Join(r, "scripts", "docs-terraform"))
	if err != nil {
		t.Fatalf("scripts/docs-terraform: %v\n%s", err, out)
	}
	tf = strings.TrimSpace(out)
	vout, _ := run(t, r, nil, tf, "version", "-json")
	cli, err := version.NewVersion(cliVersion(vout))
	if err != nil {
		t.Fatalf("%s version -json: %v\n%s", tf, err, vout)
	}
	providerTF, err := os.ReadFile(filepath.Join(r, "examples", "provider", "provider.tf"))
	if err != nil {
		t.Fatal(err)
	}
	// The provider example without its provider block: the terraform block that names the
	// provider, for examples (the guides') that bring their own provider block.
	versionsTF := providerTF
	if i := bytes.Index(providerTF, []byte("\n}\n")); i >= 0 {
		versionsTF = providerTF[:i+3]
	}
	// Every directory under examples/ that holds configuration: the registry examples
	// (examples/<kind>/<type>) and the guides' (examples/guides/<guide>/<step>).
	var dirs []string
	_ = filepath.WalkDir(filepath.Join(r, "examples"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return err
	})
	checked, files := 0, 0
	var gated []string
	for _, dir := range dirs {
		all, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
		queries, _ := filepath.Glob(filepath.Join(dir, "*.tfquery.hcl"))
		all = append(all, queries...)
		var use []string
		hasQuery := false
		for _, f := range all {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(r, f)
			if m := requiresCLI.FindSubmatch(b); m != nil && cli.LessThan(version.Must(version.NewVersion(string(m[1])))) {
				gated = append(gated, fmt.Sprintf("%s (%s+)", filepath.ToSlash(rel), m[1]))
				continue
			}
			if strings.HasSuffix(f, ".tfquery.hcl") {
				hasQuery = true
			}
			use = append(use, f)
		}
		if len(use) == 0 {
			continue
		}
		files += len(use)
		rel, _ := filepath.Rel(r, dir)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			work := t.TempDir()
			// Every example is validated together with the provider example, which carries
			// the required_providers block, or with that block alone when the example has
			// its own provider block, or with nothing when it also names the provider.
			var own []byte
			for _, f := range use {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				own = append(own, b...)
				if err := os.WriteFile(filepath.Join(work, filepath.Base(f)), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			shared := providerTF
			switch {
			case bytes.Contains(own, []byte("required_providers")):
				shared = nil
			case bytes.Contains(own, []byte(`provider "senhasegura"`)):
				shared = versionsTF
			}
			if len(shared) > 0 {
				if err := os.WriteFile(filepath.Join(work, "zz_shared_provider.tf"), shared, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"validate", "-no-color"}
			if hasQuery {
				args = append(args, "-query")
			}
			if out, err := run(t, work, env, tf, args...); err != nil || !strings.Contains(out, "The configuration is valid") {
				t.Fatalf("terraform validate %s: %v\n%s", rel, err, out)
			}
		})
		checked++
	}
	if checked < 25 {
		t.Fatalf("only %d example directories found", checked)
	}
	t.Logf("validated %d files in %d directories with Terraform %s", files, checked, cli)
	if len(gated) > 0 {
		acctest.NotChecked(t, "examples", "%d files not validated, the newest terraform here is %s (%s; set TERRAFORM_MATRIX or put a newer terraform first on PATH): %s",
			len(gated), cli, tf, strings.Join(gated, ", "))
	}
}

// checkFormattedStdin fails when `terraform fmt -` would change the file.
func checkFormattedStdin(t *testing.T, tf, file string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(acctest.Context(t), tf, "fmt", "-")
	cmd.Stdin = bytes.NewReader(b)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("terraform fmt - < %s: %v\n%s", file, err, stderr.String())
	}
	if !bytes.Equal(stdout.Bytes(), b) {
		t.Errorf("%s is not formatted (run `make fmt`):\n%s", file, stdout.String())
	}
}

// TestGuidesTakeHCLFromExamples: every HCL block of a guide comes from a file under
// examples/ (tffile), which TestExamplesFormattedAndValid formats and validates; a block
// written inline in a template would be checked by nothing.
func TestGuidesTakeHCLFromExamples(t *testing.T) {
	r := root(t)
	templates, _ := filepath.Glob(filepath.Join(r, "templates", "guides", "*.md.tmpl"))
	if len(templates) < 4 {
		t.Fatalf("want the onboarding, GitOps, write-only and troubleshooting guides, found %d", len(templates))
	}
	inline := regexp.MustCompile("(?m)^```(terraform|hcl|tf)\\s*$")
	included := regexp.MustCompile(`\{\{\s*tffile\s+"([^"]+)"\s*\}\}`)
	for _, tmpl := range templates {
		b, err := os.ReadFile(tmpl)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(tmpl)
		if loc := inline.FindIndex(b); loc != nil {
			t.Errorf("%s has an inline HCL block at byte %d: put it in examples/guides/ and include it with tffile", name, loc[0])
		}
		for _, m := range included.FindAllSubmatch(b, -1) {
			if _, err := os.Stat(filepath.Join(r, string(m[1]))); err != nil {
				t.Errorf("%s includes %s, which does not exist", name, m[1])
			}
		}
	}
}
