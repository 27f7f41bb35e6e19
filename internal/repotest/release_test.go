package repotest

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type goreleaser struct {
	Version int `yaml:"version"`
	Builds  []struct {
		Env     []string `yaml:"env"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Ignore  []struct {
			Goos   string `yaml:"goos"`
			Goarch string `yaml:"goarch"`
		} `yaml:"ignore"`
		Binary string `yaml:"binary"`
	} `yaml:"builds"`
	Archives []struct {
		Formats []string `yaml:"formats"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
		ExtraFiles   []struct {
			Glob string `yaml:"glob"`
		} `yaml:"extra_files"`
	} `yaml:"checksum"`
	Signs []struct {
		Artifacts string   `yaml:"artifacts"`
		Args      []string `yaml:"args"`
	} `yaml:"signs"`
}

func loadGoreleaser(t *testing.T) goreleaser {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), ".goreleaser.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var g goreleaser
	if err := yaml.Unmarshal(b, &g); err != nil {
		t.Fatalf(".goreleaser.yml: %v", err)
	}
	return g
}

// TestReleaseConfig checks what the Terraform Registry needs from a release.
func TestReleaseConfig(t *testing.T) {
	g := loadGoreleaser(t)
	if g.Version != 2 || len(g.Builds) != 1 {
		t.Fatalf("want goreleaser config version 2 with one build, got %+v", g)
	}
	b := g.Builds[0]
	if !contains(b.Env, "CGO_ENABLED=0") || !contains(b.Flags, "-trimpath") || !strings.Contains(strings.Join(b.Ldflags, " "), "-X main.version={{ .Version }}") {
		t.Errorf("build must be static, trimmed and stamp main.version: %+v", b)
	}
	if b.Binary != "{{ .ProjectName }}_v{{ .Version }}" {
		t.Errorf("binary name %q", b.Binary)
	}
	if len(g.Archives) != 1 || !reflect.DeepEqual(g.Archives[0].Formats, []string{"zip"}) {
		t.Errorf("archives must be zip: %+v", g.Archives)
	}
	if g.Checksum.Algorithm != "sha256" || !strings.HasSuffix(g.Checksum.NameTemplate, "_SHA256SUMS") ||
		len(g.Checksum.ExtraFiles) != 1 || g.Checksum.ExtraFiles[0].Glob != "terraform-registry-manifest.json" {
		t.Errorf("SHA256SUMS must include the registry manifest: %+v", g.Checksum)
	}
	if len(g.Signs) != 1 || g.Signs[0].Artifacts != "checksum" || !contains(g.Signs[0].Args, "--detach-sign") {
		t.Errorf("the checksum file must get a detached signature: %+v", g.Signs)
	}

	var manifest struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	mb, err := os.ReadFile(filepath.Join(root(t), "terraform-registry-manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(mb, &manifest); err != nil || manifest.Version != 1 || !reflect.DeepEqual(manifest.Metadata.ProtocolVersions, []string{"6.0"}) {
		t.Fatalf("terraform-registry-manifest.json must be version 1, protocol 6.0: %s", mb)
	}
}

// TestReleaseMatrixBuilds cross-compiles the provider for every GOOS/GOARCH pair of the
// goreleaser matrix.
func TestReleaseMatrixBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles the whole release matrix")
	}
	b := loadGoreleaser(t).Builds[0]
	ignored := map[string]bool{}
	for _, ig := range b.Ignore {
		ignored[ig.Goos+"/"+ig.Goarch] = true
	}
	// goreleaser, like go, drops pairs Go cannot build (darwin/arm).
	dist, err := run(t, root(t), nil, "go", "tool", "dist", "list")
	if err != nil {
		t.Fatal(dist)
	}
	supported := map[string]bool{}
	for _, l := range strings.Fields(dist) {
		supported[l] = true
	}
	out := t.TempDir()
	n := 0
	for _, goos := range b.Goos {
		for _, goarch := range b.Goarch {
			target := goos + "/" + goarch
			if ignored[target] || !supported[target] {
				continue
			}
			n++
			t.Run(target, func(t *testing.T) {
				bin := filepath.Join(out, fmt.Sprintf("provider_%s_%s", goos, goarch))
				env := []string{"CGO_ENABLED=0", "GOOS=" + goos, "GOARCH=" + goarch}
				if o, err := run(t, root(t), env, "go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=0.0.0-test", "-o", bin, "."); err != nil {
					t.Fatalf("go build for %s: %v\n%s", target, err, o)
				}
			})
		}
	}
	// freebsd, linux: amd64 386 arm arm64; windows: amd64 386 arm64; darwin: amd64 arm64.
	if n != 13 {
		t.Fatalf("the registry matrix has 13 targets, the config yields %d", n)
	}
}

// TestDocsUpToDate regenerates docs/ with tfplugindocs in a copy of the repository and
// compares it with the committed docs/ (run `make generate` when it fails).
func TestDocsUpToDate(t *testing.T) {
	terraformBinary(t) // tfplugindocs uses the local terraform; it must not download one
	r := root(t)
	tmp := t.TempDir()
	err := filepath.WalkDir(r, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(r, p)
		if d.IsDir() {
			switch rel {
			case ".git", "docs", "dist":
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(tmp, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(tmp, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The terraform `make generate` uses (scripts/docs-terraform). Below 1.14 it shows no list
	// resources, so their pages cannot be checked here (the compatibility matrix has one).
	out, err := run(t, r, nil, filepath.Join(r, "scripts", "docs-terraform"))
	if err != nil {
		t.Fatalf("scripts/docs-terraform: %v\n%s", err, out)
	}
	docsTF := strings.TrimSpace(out)
	withLists := true
	if vout, err := run(t, r, nil, docsTF, "version", "-json"); err != nil || !versionAtLeast(vout, "1.14.0") {
		withLists = false
		t.Logf("%s is older than Terraform 1.14: the list-resource pages are not checked", docsTF)
	}
	env := []string{"CHECKPOINT_DISABLE=1", "PATH=" + filepath.Dir(docsTF) + string(os.PathListSeparator) + os.Getenv("PATH")}
	if out, err := run(t, r, env, "go", "tool", "tfplugindocs", "generate", "--provider-name", "senhasegura", "--provider-dir", tmp); err != nil {
		t.Fatalf("tfplugindocs generate: %v\n%s", err, out)
	}
	want := readTree(t, filepath.Join(tmp, "docs"))
	got := readTree(t, filepath.Join(r, "docs"))
	if !withLists {
		for name := range got {
			if strings.HasPrefix(name, "list-resources/") {
				delete(got, name)
			}
		}
	}
	for name, content := range want {
		if got[name] != content {
			t.Errorf("docs/%s is stale: run `make generate` and commit docs/", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("docs/%s is no longer generated: run `make generate` and commit docs/", name)
		}
	}
	if len(want) < 3 {
		t.Fatalf("only %d generated pages", len(want))
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return out
}

func contains(list []string, v string) bool {
	for _, e := range list {
		if e == v {
			return true
		}
	}
	return false
}
