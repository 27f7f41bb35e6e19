// Package repotest holds checks on the repository itself rather than on Go code: examples
// that pass terraform fmt and validate, generated docs that are up to date, release builds
// for every platform of the registry matrix.
package repotest

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
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
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// devOverrides builds the provider and writes a CLI configuration that points terraform at
// it; with dev_overrides, terraform init is neither needed nor run.
func devOverrides(t *testing.T) []string {
	t.Helper()
	bin := t.TempDir()
	name := "terraform-provider-senhasegura"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if out, err := run(t, root(t), nil, "go", "build", "-o", filepath.Join(bin, name), "."); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
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

func TestExamplesFormattedAndValid(t *testing.T) {
	tf := terraformBinary(t)
	r := root(t)
	if out, err := run(t, r, nil, tf, "fmt", "-check", "-recursive", "-diff", "examples"); err != nil {
		t.Fatalf("terraform fmt -check -recursive examples failed (run `make fmt`):\n%s", out)
	}
	env := devOverrides(t)
	// Examples show features of newer CLIs (import by identity, list resources): validate them
	// with the newest terraform available, the one `make generate` uses.
	out, err := run(t, r, nil, filepath.Join(r, "scripts", "docs-terraform"))
	if err != nil {
		t.Fatalf("scripts/docs-terraform: %v\n%s", err, out)
	}
	tf = strings.TrimSpace(out)
	vout, _ := run(t, r, nil, tf, "version", "-json")
	newest := versionAtLeast(vout, "1.14.0")
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
	checked := 0
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
		queries, _ := filepath.Glob(filepath.Join(dir, "*.tfquery.hcl"))
		if len(files)+len(queries) == 0 {
			continue
		}
		if !newest {
			t.Logf("%s is older than Terraform 1.14: examples that need 1.12+ or 1.14+ are checked by the compatibility matrix", tf)
			if len(queries) > 0 {
				continue
			}
		}
		files = append(files, queries...)
		rel, _ := filepath.Rel(r, dir)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			work := t.TempDir()
			// Every example is validated together with the provider example, which carries
			// the required_providers block, or with that block alone when the example has
			// its own provider block, or with nothing when it also names the provider.
			var own []byte
			for _, f := range files {
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
			if len(queries) > 0 {
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
