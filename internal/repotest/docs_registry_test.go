package repotest

import (
	"context"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/provider"
)

// registryDocs is where the Terraform Registry serves this provider's pages: a page
// docs/<kind>/<name>.md is served at registryDocs + "<kind>/<name>", docs/index.md at
// strings.TrimSuffix(registryDocs, "/").
const registryDocs = "https://registry.terraform.io/providers/senhasegura/senhasegura/latest/docs/"

// docKinds are the subdirectories of docs/ that hold one page per registered type.
var docKinds = []string{"resources", "data-sources", "ephemeral-resources", "list-resources"}

// docPages reads every page under docs/: path relative to docs/ (slashes) → content.
func docPages(t *testing.T) map[string]string {
	t.Helper()
	pages := readTree(t, filepath.Join(root(t), "docs"))
	if len(pages) < 10 {
		t.Fatalf("only %d pages under docs/", len(pages))
	}
	return pages
}

// frontMatter returns the YAML front matter of a page (between the opening and the closing
// "---") as key → value, quotes removed; ok is false when the page has none.
func frontMatter(page string) (map[string]string, bool) {
	if !strings.HasPrefix(page, "---\n") {
		return nil, false
	}
	end := strings.Index(page[4:], "\n---\n")
	if end < 0 {
		return nil, false
	}
	out := map[string]string{}
	for _, line := range strings.Split(page[4:4+end], "\n") {
		if line == "" || line[0] == ' ' || line[0] == '#' {
			continue // a continuation of a block scalar (description: |-), or a comment
		}
		k, v, found := strings.Cut(line, ":")
		if !found {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		}
		out[strings.TrimSpace(k)] = v
	}
	return out, true
}

// withoutCode blanks fenced code blocks and inline code spans, so that HCL and shell examples
// are not read as Markdown links.
func withoutCode(page string) string {
	var b strings.Builder
	fenced := false
	for _, line := range strings.SplitAfter(page, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			b.WriteString("\n")
			continue
		}
		if fenced {
			b.WriteString("\n")
			continue
		}
		b.WriteString(inlineCode.ReplaceAllString(line, "``"))
	}
	return b.String()
}

var (
	inlineCode = regexp.MustCompile("`[^`\n]*`")
	// Markdown link targets: inline [text](target "title"), reference definitions
	// "[ref]: target", and HTML href="target".
	linkTargets = []*regexp.Regexp{
		regexp.MustCompile(`\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`),
		regexp.MustCompile(`(?m)^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)`),
		regexp.MustCompile(`href="([^"]+)"`),
	}
	absoluteURL = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// TestDocsRenderOnRegistry: every page of docs/ renders as the Terraform Registry renders it.
//
//   - No "<no value>": what a template variable renders when the template gets no data, as
//     guides do (tfplugindocs renders them without any, so `{{.ProviderName}}` is empty there).
//   - No relative link, to a .md file or any other (anchors of the same page aside). Sources,
//     both read on 2026-12-06: the Registry's own
//     documentation of provider docs (https://developer.hashicorp.com/terraform/registry/providers/docs,
//     hashicorp/terraform-docs-common website/docs/registry/providers/docs.mdx) prescribes the
//     front matter (page_title, subcategory) and says nothing of links; the Registry serves a
//     page docs/<kind>/<name>.md at .../latest/docs/<kind>/<name>, without ".md" and without a
//     trailing slash (docs/index.md at .../latest/docs), and does not rewrite links, so a relative
//     "guides/x.md" resolves to .../latest/guides/x.md, a 404 (issue 33 saw it; so did
//     BerriAI/terraform-provider-litellm#65). We follow that with absolute Registry URLs,
//     https://registry.terraform.io/providers/senhasegura/senhasegura/latest/docs/<kind>/<name>,
//     which work on the Registry and on GitHub alike, and check here that each names a page
//     that exists. In-page anchors (#...) stay as they are.
//   - A subcategory on every page but index.md: the Registry groups its sidebar by it ("Resources
//     and data sources should be organized into subcategories if the number of resources would
//     be difficult to quickly scan"). Guides without one render under the Registry's own
//     "Guides" heading; giving them the subcategory "Guides" groups them under a heading of the
//     same name, as many providers do, and leaves this rule without an exception. MySafe pages
//     are "MySafe", PAM Core pages "PAM Core", DevOps Secret Manager pages "DSM", guides "Guides".
//   - Guides have a page_title, which the Registry shows in the sidebar instead of the file name.
func TestDocsRenderOnRegistry(t *testing.T) {
	pages := docPages(t)
	names := make([]string, 0, len(pages))
	for name := range pages {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		page := pages[name]
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		if i := strings.Index(page, "<no value>"); i >= 0 {
			t.Errorf("docs/%s line %d renders \"<no value>\": a template variable that is empty there (write the value literally)",
				name, strings.Count(page[:i], "\n")+1)
		}
		text := withoutCode(page)
		for _, rx := range linkTargets {
			for _, m := range rx.FindAllStringSubmatchIndex(text, -1) {
				target := text[m[2]:m[3]]
				line := strings.Count(text[:m[0]], "\n") + 1
				checkDocLink(t, pages, name, line, target)
			}
		}
		fm, ok := frontMatter(page)
		if !ok {
			t.Errorf("docs/%s has no front matter", name)
			continue
		}
		if name == "index.md" {
			continue
		}
		want := wantSubcategory(name)
		switch sub, set := fm["subcategory"]; {
		case !set:
			t.Errorf("docs/%s has no subcategory: want %q", name, want)
		case sub == "":
			t.Errorf("docs/%s has an empty subcategory: want %q", name, want)
		case want != "" && sub != want:
			t.Errorf("docs/%s has subcategory %q, want %q", name, sub, want)
		}
		if strings.HasPrefix(name, "guides/") && fm["page_title"] == "" {
			t.Errorf("docs/%s has no page_title: the Registry would show its file name", name)
		}
	}
}

// wantSubcategory is the subcategory a page belongs in, "" when there is no rule for it.
func wantSubcategory(name string) string {
	base := filepath.Base(name)
	switch {
	case strings.HasPrefix(name, "guides/"):
		return "Guides"
	case strings.HasPrefix(base, "mysafe_"):
		return "MySafe"
	case strings.HasPrefix(base, "pam_"):
		return "PAM Core"
	case strings.HasPrefix(base, "dsm_"):
		return "DSM"
	}
	return ""
}

// checkDocLink fails on a link of docs/<from> that the Registry cannot follow: a relative or
// root-relative link (to a .md file or not; a link to an anchor of the same page is fine), or a
// Registry URL of this provider that names no page.
func checkDocLink(t *testing.T, pages map[string]string, from string, line int, target string) {
	t.Helper()
	pathPart, _, _ := strings.Cut(target, "#")
	pathPart, _, _ = strings.Cut(pathPart, "?")
	if !absoluteURL.MatchString(target) {
		switch {
		case strings.HasSuffix(strings.ToLower(pathPart), ".md"):
			t.Errorf("docs/%s line %d links %q: a relative link to a .md file is a 404 on the Registry; use %s<kind>/<name>",
				from, line, target, registryDocs)
		case pathPart != "":
			// Without .md it fares no better: the Registry resolves it against a page URL
			// without a trailing slash, one level too high.
			t.Errorf("docs/%s line %d links %q: a relative link resolves one level too high on the Registry; use %s<kind>/<name>",
				from, line, target, registryDocs)
		}
		return
	}
	if !strings.HasPrefix(pathPart, strings.TrimSuffix(registryDocs, "/")) {
		return // another site
	}
	rest := strings.Trim(strings.TrimPrefix(pathPart, strings.TrimSuffix(registryDocs, "/")), "/")
	page := "index.md"
	if rest != "" {
		page = rest + ".md"
	}
	if strings.HasSuffix(rest, ".md") {
		t.Errorf("docs/%s line %d links %q: the Registry serves pages without .md", from, line, target)
		return
	}
	if _, ok := pages[page]; !ok {
		t.Errorf("docs/%s line %d links %q, but there is no docs/%s", from, line, target, page)
	}
}

// registeredTypes asks the provider itself, through the protocol server Terraform talks to,
// for every type it registers (the schema `terraform providers schema -json` shows, without a
// CLI): kind (a docs/ subdirectory) → type names.
func registeredTypes(t *testing.T) map[string][]string {
	t.Helper()
	server := providerserver.NewProtocol6(provider.New("test")())()
	resp, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("GetProviderSchema: %s: %s", d.Summary, d.Detail)
		}
	}
	keys := func(m map[string]*tfprotov6.Schema) []string {
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	return map[string][]string{
		"resources":           keys(resp.ResourceSchemas),
		"data-sources":        keys(resp.DataSourceSchemas),
		"ephemeral-resources": keys(resp.EphemeralResourceSchemas),
		"list-resources":      keys(resp.ListResourceSchemas),
	}
}

// TestDocsIndexNamesEveryType: docs/index.md names every registered resource, data source,
// ephemeral resource and list resource, in the column of its kind of the "What it manages"
// table, so the provider page never again describes fewer types than the provider has.
//
// The registered types come from two places that must agree: the provider itself, through
// its protocol server in this process (registeredTypes: exactly what `terraform providers
// schema -json` shows, with no CLI to run, no build and no Terraform version gate, since
// Terraform before 1.14 leaves list resources out of that JSON), and the file names of
// docs/<kind>/*.md, one page per registered type that tfplugindocs writes. A type missing from
// either side is named.
func TestDocsIndexNamesEveryType(t *testing.T) {
	pages := docPages(t)
	registered := registeredTypes(t)
	total := 0
	for _, kind := range docKinds {
		types := registered[kind]
		total += len(types)
		onDisk := map[string]bool{}
		for name := range pages {
			if dir, file := filepath.Split(name); dir == kind+"/" && strings.HasSuffix(file, ".md") {
				onDisk["senhasegura_"+strings.TrimSuffix(file, ".md")] = true
			}
		}
		for _, typ := range types {
			if !onDisk[typ] {
				t.Errorf("%s %s is registered but has no page docs/%s/%s.md: run `make generate`", kind, typ, kind, strings.TrimPrefix(typ, "senhasegura_"))
			}
			delete(onDisk, typ)
		}
		for typ := range onDisk {
			t.Errorf("docs/%s/%s.md is there, but the provider registers no %s %s", kind, strings.TrimPrefix(typ, "senhasegura_"), kind, typ)
		}
	}
	if total < 20 {
		t.Fatalf("the provider registers only %d types: %v", total, registered)
	}

	// The table: a header row naming the kinds, then one row per object.
	index := pages["index.md"]
	columns := map[string]string{ // docs/ kind → the header of its column
		"resources": "resource", "data-sources": "data sources",
		"ephemeral-resources": "ephemeral resource", "list-resources": "list resource",
	}
	var header []string
	cells := map[string][]string{} // kind → the cells of its column
	for _, line := range strings.Split(index, "\n") {
		if !strings.HasPrefix(line, "|") {
			header = nil
			continue
		}
		row := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		for i := range row {
			row[i] = strings.TrimSpace(row[i])
		}
		if header == nil {
			header = row
			continue
		}
		for kind, title := range columns {
			for i, h := range header {
				if h == title && i < len(row) {
					cells[kind] = append(cells[kind], row[i])
				}
			}
		}
	}
	for _, kind := range docKinds {
		if len(cells[kind]) == 0 {
			t.Errorf("docs/index.md has no table with a %q column (templates/index.md.tmpl, \"What it manages\")", columns[kind])
			continue
		}
		column := strings.Join(cells[kind], "\n")
		for _, typ := range registered[kind] {
			if !strings.Contains(column, "`"+typ+"`") {
				t.Errorf("docs/index.md does not name the %s %s in its %q column (templates/index.md.tmpl, \"What it manages\")",
					strings.TrimSuffix(kind, "s"), typ, columns[kind])
			}
		}
	}
}
