package provider

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/dsm"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/pam"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhasegura"
)

// documentedDefaults are the defaults the docs state, each from the constant it describes.
func documentedDefaults() map[string]string {
	return map[string]string{
		"max_retries":             strconv.Itoa(senhasegura.DefaultMaxRetries),
		"request_timeout":         durationText(senhasegura.DefaultTimeout),
		"max_concurrent_requests": strconv.Itoa(senhasegura.DefaultMaxConcurrent),
		"api_path_prefix":         senhasegura.DefaultAPIPrefix,
		"pam_path_prefix":         pam.DefaultPathPrefix,
		"decryption_hash":         dsm.HashSHA1,
		"write_only_import":       "false",
		"insecure_skip_verify":    "false",
		// the timeouts blocks
		"create": durationText(defaultCreateTimeout),
		"read":   durationText(defaultReadTimeout),
		"update": durationText(defaultUpdateTimeout),
		"delete": durationText(defaultDeleteTimeout),
		"open":   durationText(defaultLookupTimeout),
		"list":   durationText(defaultLookupTimeout),
	}
}

var defaultInText = regexp.MustCompile("(?i)default `([^`]+)`")

// TestDocumentedDefaults: every default the schema descriptions, the README and the doc
// templates state is the constant the code uses. A default written by hand in prose
// ("`request_timeout` (default `15s`)", "`request_timeout` (`15s`)", a README table row) must
// say what the constant says, and each one must be stated where a reader looks for it.
func TestDocumentedDefaults(t *testing.T) {
	want := documentedDefaults()

	// The provider schema: "Default `X`" in each description comes from the constant.
	var ps provider.SchemaResponse
	(&senhaseguraProvider{}).Schema(context.Background(), provider.SchemaRequest{}, &ps)
	for _, name := range []string{"max_retries", "request_timeout", "max_concurrent_requests", "api_path_prefix", "pam_path_prefix", "decryption_hash", "write_only_import"} {
		desc := ps.Schema.Attributes[name].GetMarkdownDescription()
		found := defaultInText.FindAllStringSubmatch(desc, -1)
		if len(found) != 1 || found[0][1] != want[name] {
			t.Errorf("provider attribute %s: description states defaults %v, want exactly `%s`: %s", name, found, want[name], desc)
		}
	}
	if d := ps.Schema.Attributes["token_url"].GetMarkdownDescription(); !strings.Contains(d, "`<url>"+senhasegura.DefaultTokenPath+"`") {
		t.Errorf("token_url: description does not state the default <url>%s: %s", senhasegura.DefaultTokenPath, d)
	}
	// The resource timeouts block.
	block, ok := resourceTimeoutsBlock.(schema.SingleNestedBlock)
	if !ok {
		t.Fatalf("timeouts block is %T", resourceTimeoutsBlock)
	}
	for _, op := range []string{"create", "read", "update", "delete"} {
		desc := block.Attributes[op].GetMarkdownDescription() + block.Attributes[op].GetDescription()
		if found := defaultInText.FindAllStringSubmatch(desc, -1); len(found) != 1 || found[0][1] != want[op] {
			t.Errorf("timeouts.%s: description states %v, want `%s`: %s", op, found, want[op], desc)
		}
	}

	// Prose: README, CONTRIBUTING, the templates and the generated docs.
	root := filepath.Join("..", "..")
	files := []string{filepath.Join(root, "README.md"), filepath.Join(root, "CONTRIBUTING.md")}
	for _, dir := range []string{"templates", "docs"} {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".tmpl") || strings.HasSuffix(p, ".md")) {
				files = append(files, p)
			}
			return err
		})
	}
	stated := map[string]int{} // file base + name → statements found
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		rel, _ := filepath.Rel(root, f)
		for name, d := range want {
			rx := regexp.MustCompile("`" + regexp.QuoteMeta(name) + "`\\s+\\((?:default\\s+)?`([^`]+)`\\)")
			// ... and the schema lines tfplugindocs writes: "- `name` (String) ... Default `X`."
			schemaLine := regexp.MustCompile("(?mi)^- `" + regexp.QuoteMeta(name) + "` \\([A-Za-z ,]+\\) [^\n]*?default `([^`]+)`")
			for _, m := range append(rx.FindAllStringSubmatch(text, -1), schemaLine.FindAllStringSubmatch(text, -1)...) {
				stated[rel+" "+name]++
				if m[1] != d {
					t.Errorf("%s says %q, but the default is `%s`", rel, strings.Join(strings.Fields(m[0]), " "), d)
				}
			}
		}
		if filepath.Base(f) == "README.md" {
			checkReadmeTable(t, text, want, stated)
		}
	}
	for _, where := range []string{
		"README.md max_retries", "README.md request_timeout", "README.md max_concurrent_requests",
		"README.md api_path_prefix", "README.md pam_path_prefix", "docs/index.md pam_path_prefix", "README.md decryption_hash", "docs/index.md decryption_hash", "README.md write_only_import", "README.md insecure_skip_verify",
		"README.md create", "README.md read", "README.md update", "README.md delete", "README.md open", "README.md list",
		"templates/index.md.tmpl max_retries", "templates/index.md.tmpl request_timeout",
		"templates/index.md.tmpl max_concurrent_requests", "templates/index.md.tmpl create",
		"templates/index.md.tmpl delete", "templates/index.md.tmpl open", "templates/index.md.tmpl list",
		"docs/index.md request_timeout", "docs/index.md max_retries", "docs/index.md max_concurrent_requests",
		"docs/resources/mysafe_password.md create", "templates/resources/mysafe_password.md.tmpl request_timeout",
	} {
		if stated[filepath.FromSlash(where)] == 0 {
			t.Errorf("%s states no default of %s (a statement this test checks must exist)", strings.Fields(where)[0], strings.Fields(where)[1])
		}
	}
}

// checkReadmeTable checks the README's table of settings: `| \`name\` | env | \`default\` | what |`
// and the rows of the timeouts blocks ("create `5m`, read `2m`, …" and "`read`, `open`, `list`: `2m`").
func checkReadmeTable(t *testing.T, text string, want map[string]string, stated map[string]int) {
	t.Helper()
	row := regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\|[^|]*\\| `([^`]+)` \\|")
	for _, m := range row.FindAllStringSubmatch(text, -1) {
		d, ok := want[m[1]]
		if !ok {
			continue
		}
		stated["README.md "+m[1]]++
		if m[2] != d {
			t.Errorf("README.md's table gives %s the default `%s`, but it is `%s`", m[1], m[2], d)
		}
	}
	resource := regexp.MustCompile("(?m)^\\| resource `timeouts` \\|[^|]*\\| ([^|]+) \\|")
	m := resource.FindStringSubmatch(text)
	if m == nil {
		t.Error("README.md has no row for the resource timeouts")
		return
	}
	for _, op := range []string{"create", "read", "update", "delete"} {
		got := regexp.MustCompile(op + " `([^`]+)`").FindStringSubmatch(m[1])
		stated["README.md "+op]++
		if got == nil || got[1] != want[op] {
			t.Errorf("README.md's timeouts row gives %s %v, want `%s`", op, got, want[op])
		}
	}
	lookups := regexp.MustCompile("(?m)^\\| data source, ephemeral and list `timeouts` \\|[^|]*\\| `read`, `open`, `list`: `([^`]+)` \\|")
	if m := lookups.FindStringSubmatch(text); m == nil || m[1] != want["open"] || m[1] != want["list"] {
		t.Errorf("README.md's row of the data source, ephemeral and list timeouts: %v, want `%s`", m, want["open"])
	} else {
		stated["README.md open"]++
		stated["README.md list"]++
	}
}
