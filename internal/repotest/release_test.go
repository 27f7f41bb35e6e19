package repotest

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
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

// releaseTargets are the os_arch pairs of the goreleaser matrix: goos × goarch, less the
// ignored pairs and those Go cannot build (goreleaser, like go, drops darwin/arm).
func releaseTargets(t *testing.T) []string {
	t.Helper()
	b := loadGoreleaser(t).Builds[0]
	ignored := map[string]bool{}
	for _, ig := range b.Ignore {
		ignored[ig.Goos+"/"+ig.Goarch] = true
	}
	dist, err := run(t, root(t), nil, "go", "tool", "dist", "list")
	if err != nil {
		t.Fatal(dist)
	}
	supported := map[string]bool{}
	for _, l := range strings.Fields(dist) {
		supported[l] = true
	}
	var targets []string
	for _, goos := range b.Goos {
		for _, goarch := range b.Goarch {
			if !ignored[goos+"/"+goarch] && supported[goos+"/"+goarch] {
				targets = append(targets, goos+"_"+goarch)
			}
		}
	}
	return targets
}

// snapshotDist returns dist/ as `make release-snapshot` left it, when it was built from the
// current, clean tree (as .ci/run does just before `make test`). `make test` never builds the
// snapshot itself: goreleaser, built through the module proxy, takes minutes on a fresh
// machine. Without such a dist/ the test says so and skips, unless RELEASE_SNAPSHOT=required
// (set by .ci/run), which makes it a failure.
func snapshotDist(t *testing.T) (string, snapshotMetadata) {
	t.Helper()
	r := root(t)
	dist := filepath.Join(r, "dist")
	head, _ := run(t, r, nil, "git", "rev-parse", "HEAD")
	dirty, _ := run(t, r, nil, "git", "status", "--porcelain", "--untracked-files=no")
	var meta snapshotMetadata
	b, err := os.ReadFile(filepath.Join(dist, "metadata.json"))
	var why string
	switch {
	case err != nil:
		why = "dist/ is not there"
	case json.Unmarshal(b, &meta) != nil:
		why = "dist/metadata.json is unreadable"
	case meta.Commit != strings.TrimSpace(head):
		why = fmt.Sprintf("dist/ was built from commit %.12s, not HEAD", meta.Commit)
	case strings.TrimSpace(dirty) != "":
		why = "the tree has uncommitted changes since dist/ was built"
	default:
		t.Logf("checking dist/ of commit %s (make release-snapshot)", meta.Commit)
		return dist, meta
	}
	if os.Getenv("RELEASE_SNAPSHOT") == "required" {
		t.Fatalf("%s: run `make release-snapshot` before `make test` (RELEASE_SNAPSHOT=required)", why)
	}
	acctest.SkipNotChecked(t, "release snapshot", "%s, so the release artefacts are not checked: run `make release-snapshot` "+
		"(goreleaser through the module proxy, a few minutes on a fresh machine), then `make test` again; .ci/run does", why)
	return "", meta
}

type snapshotMetadata struct {
	ProjectName string `json:"project_name"`
	Version     string `json:"version"`
	Commit      string `json:"commit"`
}

// TestReleaseSnapshot checks what `make release-snapshot` (goreleaser, as a tag would run it)
// puts in dist/ for the registries: for every target of the matrix a zip named
// terraform-provider-senhasegura_<version>_<os>_<arch>.zip holding the binary
// terraform-provider-senhasegura_v<version> (and the LICENSE), a _SHA256SUMS that lists exactly
// those zips and the _manifest.json with their true checksums, and a binary that carries its
// version.
func TestReleaseSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole release matrix")
	}
	targets := releaseTargets(t)
	// freebsd, linux: amd64 386 arm arm64; windows: amd64 386 arm64; darwin: amd64 arm64.
	if len(targets) != 13 {
		t.Fatalf("the registry matrix has 13 targets, .goreleaser.yml yields %d: %v", len(targets), targets)
	}
	dist, meta := snapshotDist(t)
	const project = "terraform-provider-senhasegura"
	if meta.ProjectName != project || meta.Version == "" {
		t.Fatalf("dist/metadata.json: %+v", meta)
	}
	prefix := project + "_" + meta.Version
	sumsName := prefix + "_SHA256SUMS"
	sums, err := os.ReadFile(filepath.Join(dist, sumsName))
	if err != nil {
		t.Fatalf("no %s: %v", sumsName, err)
	}
	listed := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || len(f[0]) != 64 {
			t.Fatalf("%s: malformed line %q", sumsName, line)
		}
		listed[f[1]] = f[0]
	}
	want := map[string]bool{prefix + "_manifest.json": true}
	for _, target := range targets {
		want[prefix+"_"+target+".zip"] = true
	}
	for name := range want {
		if _, ok := listed[name]; !ok {
			t.Errorf("%s does not list %s", sumsName, name)
		}
	}
	for name := range listed {
		if !want[name] {
			t.Errorf("%s lists %s, which is not a release artefact", sumsName, name)
		}
	}
	// The manifest's checksum is that of terraform-registry-manifest.json.
	manifest, err := os.ReadFile(filepath.Join(root(t), "terraform-registry-manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(manifest)); listed[prefix+"_manifest.json"] != got {
		t.Errorf("the _manifest.json checksum is %s, terraform-registry-manifest.json's is %s", listed[prefix+"_manifest.json"], got)
	}
	binName := project + "_v" + meta.Version
	for _, target := range targets {
		name := prefix + "_" + target + ".zip"
		b, err := os.ReadFile(filepath.Join(dist, name))
		if err != nil {
			t.Errorf("missing %s: %v", name, err)
			continue
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != listed[name] {
			t.Errorf("%s: checksum %s, %s says %s", name, got, sumsName, listed[name])
		}
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var files []string
		for _, f := range zr.File {
			files = append(files, f.Name)
		}
		wantBin := binName
		if strings.HasPrefix(target, "windows_") {
			wantBin += ".exe"
		}
		sort.Strings(files)
		if !reflect.DeepEqual(files, []string{"LICENSE", wantBin}) {
			t.Errorf("%s holds %v, want [LICENSE %s]", name, files, wantBin)
		}
		if target == runtime.GOOS+"_"+runtime.GOARCH {
			checkBinaryVersion(t, zr, wantBin, meta.Version)
		}
	}
}

// checkBinaryVersion extracts the binary of this machine's platform: it must be static, trimmed
// and stamped with the release's version.
func checkBinaryVersion(t *testing.T, zr *zip.Reader, name, version string) {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bin := filepath.Join(t.TempDir(), name)
	out, err := os.Create(bin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, f); err != nil {
		t.Fatal(err)
	}
	_ = out.Close()
	info, err := run(t, root(t), nil, "go", "version", "-m", bin)
	if err != nil {
		t.Fatalf("go version -m: %v\n%s", err, info)
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath=true"} {
		if !strings.Contains(info, want) {
			t.Errorf("the release binary's build settings lack %q:\n%s", want, info)
		}
	}
	// -trimpath keeps -ldflags out of the build settings: look for the stamped version itself.
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(version)) {
		t.Errorf("the release binary does not carry its version %q (-X main.version)", version)
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
		acctest.NotChecked(t, "docs", "the list-resource pages (docs/list-resources/) are not compared: they need Terraform 1.14+ "+
			"and the newest terraform here is %s (%s; set TERRAFORM_MATRIX or put a newer terraform first on PATH)", cliVersion(vout), docsTF)
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
