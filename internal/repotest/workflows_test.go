package repotest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type workflow struct {
	On   map[string]any `yaml:"on"`
	Jobs map[string]struct {
		Strategy struct {
			Matrix map[string]any `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func loadWorkflow(t *testing.T, name string) (workflow, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), ".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(b, &w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return w, string(b)
}

// uses lists the actions a workflow uses, and fails on one not pinned to a full commit.
func uses(t *testing.T, name string, w workflow) map[string]bool {
	t.Helper()
	pinned := regexp.MustCompile(`^([\w.-]+/[\w.-]+)@[0-9a-f]{40}$`)
	out := map[string]bool{}
	for job, j := range w.Jobs {
		for _, s := range j.Steps {
			if s.Uses == "" {
				continue
			}
			m := pinned.FindStringSubmatch(s.Uses)
			if m == nil {
				t.Errorf("%s, job %s: %q is not pinned to a commit", name, job, s.Uses)
				continue
			}
			out[m[1]] = true
		}
	}
	return out
}

// TestWorkflows: the test workflow builds, lints, checks the docs and runs the acceptance suite
// on Terraform from the oldest supported version (1.11) to the newest and on OpenTofu, with the
// official setup actions; the release workflow signs with a GPG import action and runs the
// goreleaser that `make release-snapshot` runs, with the tag's CHANGELOG section as notes;
// dependabot watches Go modules and actions. (actionlint checks their syntax in `make test`.)
func TestWorkflows(t *testing.T) {
	test, testText := loadWorkflow(t, "test.yml")
	if _, ok := test.On["pull_request"]; !ok {
		t.Error("test.yml must run on pull requests")
	}
	if _, ok := test.On["push"]; !ok {
		t.Error("test.yml must run on pushes to main")
	}
	u := uses(t, "test.yml", test)
	for _, a := range []string{"actions/checkout", "actions/setup-go", "hashicorp/setup-terraform", "opentofu/setup-opentofu"} {
		if !u[a] {
			t.Errorf("test.yml does not use %s", a)
		}
	}
	for _, want := range []string{"make lint", "make generate", "git diff --compact-summary --exit-code", "make test", "TF_ACC"} {
		if !strings.Contains(testText, want) {
			t.Errorf("test.yml does not run %q", want)
		}
	}
	tfMatrix := test.Jobs["terraform"].Strategy.Matrix["terraform"]
	versions, _ := tfMatrix.([]any)
	var list []string
	for _, v := range versions {
		list = append(list, v.(string))
	}
	if len(list) < 2 || list[0] != "1.11.*" || !contains(list, "1.15.*") {
		t.Errorf("test.yml's Terraform matrix must run from 1.11 (the oldest supported) to the newest, got %v", list)
	}
	if test.Jobs["opentofu"].Strategy.Matrix["tofu"] == nil {
		t.Error("test.yml has no OpenTofu job")
	}

	release, releaseText := loadWorkflow(t, "release.yml")
	tags, _ := release.On["push"].(map[string]any)["tags"].([]any)
	if len(tags) != 1 || tags[0] != "v*" {
		t.Errorf("release.yml must run on v* tags, got %v", tags)
	}
	u = uses(t, "release.yml", release)
	for _, a := range []string{"actions/checkout", "actions/setup-go", "crazy-max/ghaction-import-gpg", "goreleaser/goreleaser-action"} {
		if !u[a] {
			t.Errorf("release.yml does not use %s", a)
		}
	}
	for _, want := range []string{"GPG_FINGERPRINT: ${{ steps.import_gpg.outputs.fingerprint }}", "scripts/release-notes", "--release-notes="} {
		if !strings.Contains(releaseText, want) {
			t.Errorf("release.yml lacks %q", want)
		}
	}
	script, err := os.ReadFile(filepath.Join(root(t), "scripts", "release-snapshot"))
	if err != nil {
		t.Fatal(err)
	}
	pin := regexp.MustCompile(`GORELEASER_VERSION:-(v[0-9.]+)`).FindStringSubmatch(string(script))
	if pin == nil || !strings.Contains(releaseText, `version: "`+pin[1]+`"`) {
		t.Errorf("release.yml must run the goreleaser scripts/release-snapshot pins (%v)", pin)
	}

	b, err := os.ReadFile(filepath.Join(root(t), ".github", "dependabot.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var dep struct {
		Updates []struct {
			Ecosystem string `yaml:"package-ecosystem"`
		} `yaml:"updates"`
	}
	if err := yaml.Unmarshal(b, &dep); err != nil {
		t.Fatal(err)
	}
	var eco []string
	for _, up := range dep.Updates {
		eco = append(eco, up.Ecosystem)
	}
	if !contains(eco, "gomod") || !contains(eco, "github-actions") {
		t.Errorf("dependabot.yml must watch gomod and github-actions, got %v", eco)
	}
}

// TestChangelog: CHANGELOG.md has a section per version in the HashiCorp style, the newest
// first; scripts/release-notes extracts a version's section (what the release workflow
// publishes) and fails on a version it lacks; scripts/version names a dev build after the
// newest version.
func TestChangelog(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root(t), "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile(`(?m)^## ([0-9]+\.[0-9]+\.[0-9]+) \((Unreleased|[A-Z][a-z]+ [0-9]{1,2}, [0-9]{4})\)$`)
	sections := heading.FindAllStringSubmatch(string(b), -1)
	if len(sections) == 0 {
		t.Fatalf("CHANGELOG.md needs '## X.Y.Z (Unreleased|Month D, YYYY)' sections, got %v", sections)
	}
	newest := sections[0][1]
	notes, err := run(t, root(t), nil, filepath.Join(root(t), "scripts", "release-notes"), newest)
	if err != nil {
		t.Fatalf("scripts/release-notes %s: %v\n%s", newest, err, notes)
	}
	for _, want := range []string{"FEATURES:", "NOTES:", "senhasegura_mysafe_password"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the release notes of %s lack %q", newest, want)
		}
	}
	if strings.Contains(notes, "## ") {
		t.Errorf("the release notes of %s run into another section:\n%s", newest, notes)
	}
	if out, err := run(t, root(t), nil, filepath.Join(root(t), "scripts", "release-notes"), "99.0.0"); err == nil {
		t.Errorf("scripts/release-notes of a version CHANGELOG.md lacks succeeded:\n%s", out)
	}
	v, err := run(t, root(t), nil, filepath.Join(root(t), "scripts", "version"))
	if err != nil || strings.TrimSpace(v) != newest+"-dev" {
		t.Errorf("scripts/version = %q (%v), want %s-dev", v, err, newest)
	}
}
