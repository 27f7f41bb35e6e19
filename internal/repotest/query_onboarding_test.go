package repotest

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// skipBelow skips a CLI test on a terraform older than min, with the words
// tfversion.SkipBelow uses (internal/cmd/testsummary counts those as version gates).
func skipBelow(t *testing.T, tf, minimum string) {
	t.Helper()
	out, err := run(t, t.TempDir(), nil, tf, "version", "-json")
	if err != nil {
		t.Fatalf("terraform version: %v\n%s", err, out)
	}
	if !versionAtLeast(out, minimum) {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test", cliVersion(out), minimum)
	}
}

// cliVersion is the version in `terraform version -json` output ("" when unreadable).
func cliVersion(versionJSON string) string {
	var v struct {
		Version string `json:"terraform_version"`
	}
	// The output may carry CLI warnings (an unreadable CLI configuration) around the JSON.
	if i, j := strings.Index(versionJSON, "{"), strings.LastIndex(versionJSON, "}"); i >= 0 && j > i {
		versionJSON = versionJSON[i : j+1]
	}
	_ = json.Unmarshal([]byte(versionJSON), &v)
	return v.Version
}

func versionAtLeast(versionJSON, minimum string) bool {
	v, err := version.NewVersion(cliVersion(versionJSON))
	return err == nil && !v.LessThan(version.Must(version.NewVersion(minimum)))
}

// TestAccCLI_queryOnboarding walks the onboarding flow of the guide: `terraform query
// -generate-config-out` over every kind's list resource, with the provider's write_only_import
// on; the user replaces the (null) secrets by *_wo values; one apply imports everything and
// sends the values; the next plan is empty. No plaintext, seeded or configured, may reach the
// query output, the state, its backup or a saved plan.
func TestAccCLI_queryOnboarding(t *testing.T) {
	tf := terraformBinary(t)
	skipBelow(t, tf, "1.14.0")
	env := devOverrides(t)
	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(mock)
	defer srv.Close()
	seeded := []string{"Onb-Pw-1", "Onb-Pw-2", "GEZDGNBVGY3TQOJQ", "Onb-Cs-1", "Onb-Note-1"}
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{
		"name": "billing db", "username": "billing", "password": seeded[0], "secret_key": seeded[2], "url": "db.example.com", "tags": "onboard",
	}, UsersAllowed: []senhaseguramock.Share{{Name: "pduarte", CanEdit: true}}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{
		"name": "reports db", "username": "reports", "password": seeded[1], "tags": "onboard, reports",
	}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "not ours", "username": "x", "password": "y", "tags": "other"}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindAPISecret, Fields: map[string]string{
		"name": "GCP", "url": "https://gcp.com", "client_id": "cid", "client_secret": seeded[3], "identifier_code": "hyga125", "tags": "onboard",
	}})
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindNote, Fields: map[string]string{"name": "Recovery codes", "note": seeded[4], "tags": "onboard"},
		GroupsAllowed: []senhaseguramock.Share{{Name: "Test group"}}})

	work := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(work, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", `terraform {
  required_providers {
    senhasegura = { source = "senhasegura/senhasegura" }
  }
}
`+acctest.ProviderConfig(srv.URL, "write_only_import = true"))
	write("onboard.tfquery.hcl", `
list "senhasegura_mysafe_password" "onboard" {
  provider         = senhasegura
  include_resource = true
  config {
    tag = "onboard"
  }
}
list "senhasegura_mysafe_api_secret" "onboard" {
  provider         = senhasegura
  include_resource = true
  config {
    tag = "onboard"
  }
}
list "senhasegura_mysafe_note" "onboard" {
  provider         = senhasegura
  include_resource = true
  config {
    tag = "onboard"
  }
}
`)
	mustRun := func(args ...string) string {
		t.Helper()
		out, err := run(t, work, env, tf, append(args, "-no-color")...)
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	queryJSON := mustRun("query", "-json")
	out := mustRun("query", "-generate-config-out=generated.tf")
	genBytes, err := os.ReadFile(filepath.Join(work, "generated.tf"))
	if err != nil {
		t.Fatalf("no generated.tf:\n%s", out)
	}
	gen := string(genBytes)
	for _, s := range seeded {
		if strings.Contains(queryJSON, s) || strings.Contains(out, s) || strings.Contains(gen, s) {
			t.Fatalf("seeded secret %q in the query output or the generated configuration", s)
		}
	}
	if n := strings.Count(gen, "import {"); n != 4 {
		t.Fatalf("generated.tf holds %d import blocks, want 4 (2 passwords, 1 API secret, 1 note)", n)
	}
	if strings.Contains(gen, "not ours") {
		t.Fatal("the tag filter let another item through")
	}

	// What the guide tells users to do: give each secret a write-only value (here from
	// ephemeral variables) and a version, and leave the plain attributes null.
	configured := map[string]string{
		"senhasegura_mysafe_password.onboard_0.password":        "Onb-Wo-Pw-1",
		"senhasegura_mysafe_password.onboard_1.password":        "Onb-Wo-Pw-2",
		"senhasegura_mysafe_api_secret.onboard_0.client_secret": "Onb-Wo-Cs-1",
		"senhasegura_mysafe_note.onboard_0.note":                "Onb-Wo-Note-1",
	}
	resourceLine := regexp.MustCompile(`^resource "([a-z_]+)" "([a-z0-9_]+)" \{`)
	var current string
	var vars strings.Builder
	lines := strings.Split(gen, "\n")
	for i, l := range lines {
		if m := resourceLine.FindStringSubmatch(l); m != nil {
			current = m[1] + "." + m[2]
			continue
		}
		f := strings.Fields(l)
		if len(f) < 3 || f[1] != "=" {
			continue
		}
		attr, isVersion := strings.TrimSuffix(f[0], "_wo"), false
		if strings.HasSuffix(f[0], "_wo_version") {
			attr, isVersion = strings.TrimSuffix(f[0], "_wo_version"), true
		}
		value, ok := configured[current+"."+attr]
		if !ok || attr == f[0] {
			continue
		}
		name := strings.ReplaceAll(current+"_"+attr, ".", "_")
		if isVersion {
			lines[i] = "  " + f[0] + " = 1"
			continue
		}
		lines[i] = "  " + f[0] + " = var." + name
		vars.WriteString("variable \"" + name + "\" {\n  type      = string\n  ephemeral = true\n}\n")
		env = append(env, "TF_VAR_"+name+"="+value)
	}
	write("generated.tf", strings.Join(lines, "\n"))
	write("variables.tf", vars.String())
	if n := strings.Count(vars.String(), "variable "); n != len(configured) {
		t.Fatalf("set %d write-only values in generated.tf, want %d:\n%s", n, len(configured), strings.Join(lines, "\n"))
	}

	secrets := append([]string{}, seeded...)
	for _, v := range configured {
		secrets = append(secrets, v)
	}
	mustRun("plan", "-out=tfplan")
	write("plan.json", mustRun("show", "-json", "tfplan"))
	noPlaintext(t, work, "after the plan", false, secrets...)
	if out := mustRun("apply", "tfplan"); !strings.Contains(out, "4 imported, 0 added, 4 changed, 0 destroyed") {
		t.Fatalf("the apply imports the four items and sends their write-only values:\n%s", out)
	}
	noPlaintext(t, work, "after the apply", true, secrets...)
	if out, err := run(t, work, env, tf, "plan", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after onboarding is not empty: %v\n%s", err, out)
	}
	for key, want := range configured {
		parts := strings.Split(key, ".")
		kind := map[string]senhaseguramock.Kind{
			"senhasegura_mysafe_password": senhaseguramock.KindPassword, "senhasegura_mysafe_api_secret": senhaseguramock.KindAPISecret,
			"senhasegura_mysafe_note": senhaseguramock.KindNote,
		}[parts[0]]
		id := map[string]string{"onboard_0": "1", "onboard_1": "2"}[parts[1]]
		it, _ := mock.Item(kind, id)
		if it.Fields[parts[2]] != want {
			t.Fatalf("MySafe holds %s = %q for %s, want the configured write-only value", parts[2], it.Fields[parts[2]], key)
		}
	}
	if n := mock.RequestCount("POST /mysafe/password") + mock.RequestCount("POST /mysafe/secretapi") + mock.RequestCount("POST /mysafe/note"); n != 0 {
		t.Fatalf("onboarding created %d items; it must only import", n)
	}
	t.Logf("onboarded %d items with terraform query; plaintext found in query output, generated configuration, state, backup and saved plan: 0", len(configured))
}
