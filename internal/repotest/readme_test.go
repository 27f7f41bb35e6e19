package repotest

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/senhasegura/terraform-provider-senhasegura/internal/acctest"
	"github.com/senhasegura/terraform-provider-senhasegura/internal/senhaseguramock"
)

// documentedCommands names, for every command line of the shell blocks (sh, shell, bash,
// console) of README.md and CONTRIBUTING.md, the test or check that runs it. A runner is the
// name of a Go test function, which must exist, or a repository path, which must exist and
// contain the command. TestDocCommandsAreRun fails on a command that has no line here: a
// command shown to users is either run by something or not shown.
var documentedCommands = map[string]struct{ runner, how string }{
	"make demo": {"TestDemo", "internal/cmd/demo: runs what `make demo` runs (go run ./internal/cmd/demo) and checks its summary"},
	"make test": {".ci/run", "CI runs `make test` on every change, and scripts/newcomer-test once more on a fresh clone"},
	"make lint": {".ci/run", "CI runs `make lint`, which must report 0 issues"},
	"make generate": {"TestDocsUpToDate", "regenerates docs/ with the tfplugindocs invocation of scripts/generate-docs, " +
		"in a copy of the repository, and compares"},
	"make help":     {"TestMakeShortcutsRun", "runs `make help` and checks that it lists every target of .PHONY with its description"},
	"make testunit": {"TestMakeShortcutsRun", "runs `make testunit` (narrowed to one package) and checks that every package of UNIT_PACKAGES exists"},
	"make check":    {"TestMakeShortcutsRun", "runs `make check` (narrowed to one check) and checks that every test named in CHECKS exists"},
	"make bench":    {"TestBenchSmoke", "internal/cmd/bench: runs what `make bench` runs with 5 passwords and checks every target without a time limit"},

	// README, Install: the dev_overrides lines, run as they are.
	"go install .": {"TestAccCLI_readmeDevOverrides", "runs the README's install lines in a temporary HOME and GOPATH"},
	`cat > "$HOME/senhasegura-dev.tfrc" <<EOF`:               {"TestAccCLI_readmeDevOverrides", "the same lines"},
	`export TF_CLI_CONFIG_FILE="$HOME/senhasegura-dev.tfrc"`: {"TestAccCLI_readmeDevOverrides", "the same lines"},
	"terraform plan": {"TestAccCLI_readmeDevOverrides", "the same lines, then `terraform plan` against the mock"},

	// README, Configuration: the environment the provider reads.
	"export SENHASEGURA_URL=https://vault.example.com": {"TestAccProvider_envConfiguration",
		"internal/provider: configures the provider from SENHASEGURA_URL, SENHASEGURA_CLIENT_ID and SENHASEGURA_CLIENT_SECRET alone"},
	"export SENHASEGURA_CLIENT_ID=2a1d6c7b9e8f4a3b": {"TestAccProvider_envConfiguration", "the same"},
	"export SENHASEGURA_CLIENT_SECRET=...":          {"TestAccProvider_envConfiguration", "the same"},

	// README, Logs: run as they are.
	"TF_LOG_PROVIDER=DEBUG terraform plan":                  {"TestAccCLI_documentedLogCommands", "runs it and finds the provider's log lines on stderr"},
	"TF_LOG=DEBUG TF_LOG_PATH=terraform.log terraform plan": {"TestAccCLI_documentedLogCommands", "runs it and finds the provider's log lines in the file"},
	"TF_LOG=TRACE TF_LOG_SDK_PROTO=OFF terraform plan":      {"TestAccCLI_documentedLogCommands", "runs it: provider lines, and none of sdk.proto"},
}

// commandDocs are the files whose shell blocks TestDocCommandsAreRun reads.
var commandDocs = []string{"README.md", "CONTRIBUTING.md"}

// block is a fenced code block of a Markdown file.
type block struct {
	lang, body string
	line       int // of the opening fence
}

// fencedBlocks returns the fenced code blocks of a Markdown text, indented ones (in lists)
// included, with the indentation of their fence removed from every line.
func fencedBlocks(text string) []block {
	var out []block
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		trimmed := strings.TrimLeft(lines[i], " ")
		if !strings.HasPrefix(trimmed, "```") {
			continue
		}
		indent := len(lines[i]) - len(trimmed)
		b := block{lang: strings.TrimSpace(strings.TrimPrefix(trimmed, "```")), line: i + 1}
		var body []string
		for i++; i < len(lines) && !strings.HasPrefix(strings.TrimLeft(lines[i], " "), "```"); i++ {
			l := lines[i]
			if len(l) >= indent && strings.TrimSpace(l[:indent]) == "" {
				l = l[indent:]
			}
			body = append(body, l)
		}
		b.body = strings.Join(body, "\n")
		out = append(out, b)
	}
	return out
}

// isShell reports whether a fenced block's language is a shell session or script.
func isShell(lang string) bool {
	switch lang {
	case "sh", "shell", "bash", "console":
		return true
	}
	return false
}

var heredoc = regexp.MustCompile(`<<-?\s*['"]?([A-Za-z_]+)['"]?`)

// shellCommands returns the command lines of a shell block: comments and blank lines left
// out, trailing comments removed, continued lines joined, a here-document's body skipped (its
// first line stands for it); in a console block only the lines after a "$ " prompt.
func shellCommands(b block) []string {
	var out []string
	lines := strings.Split(b.body, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if b.lang == "console" {
			if !strings.HasPrefix(l, "$ ") {
				continue
			}
			l = strings.TrimPrefix(l, "$ ")
		}
		for strings.HasSuffix(l, "\\") && i+1 < len(lines) {
			i++
			l = strings.TrimSuffix(l, "\\") + " " + strings.TrimSpace(lines[i])
		}
		l = normalizeCommand(l)
		if l == "" {
			continue
		}
		if m := heredoc.FindStringSubmatch(l); m != nil {
			for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != m[1] {
				i++
			}
			i++ // the terminator
		}
		out = append(out, l)
	}
	return out
}

// normalizeCommand removes a trailing comment (a # after a blank, outside quotes) and
// collapses blanks.
func normalizeCommand(l string) string {
	quote := byte(0)
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t'):
			l = l[:i]
		}
	}
	return strings.Join(strings.Fields(l), " ")
}

// testFuncs is every Go test function of the repository: name → the file that declares it.
func testFuncs(t *testing.T) map[string]string {
	t.Helper()
	r := root(t)
	out := map[string]string{}
	decl := regexp.MustCompile(`(?m)^func (Test[A-Za-z0-9_]*)\(`)
	_ = filepath.WalkDir(r, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(r, p)
		for _, m := range decl.FindAllStringSubmatch(string(b), -1) {
			out[m[1]] = filepath.ToSlash(rel)
		}
		return nil
	})
	return out
}

// TestDocCommandsAreRun: every command line of the shell blocks of README.md and
// CONTRIBUTING.md is listed in documentedCommands with the test or check that runs it, and
// that runner exists.
func TestDocCommandsAreRun(t *testing.T) {
	r := root(t)
	funcs := testFuncs(t)
	seen := map[string]bool{}
	for _, doc := range commandDocs {
		b, err := os.ReadFile(filepath.Join(r, doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, blk := range fencedBlocks(string(b)) {
			if !isShell(blk.lang) {
				continue
			}
			for _, cmd := range shellCommands(blk) {
				seen[cmd] = true
				run, ok := documentedCommands[cmd]
				if !ok {
					t.Errorf("%s (block at line %d) shows `%s`, which no test or check runs: run it in one and add it to "+
						"documentedCommands (internal/repotest/readme_test.go), or take it out", doc, blk.line, cmd)
					continue
				}
				if strings.HasPrefix(run.runner, "Test") {
					if _, ok := funcs[run.runner]; !ok {
						t.Errorf("`%s`: its runner %s is not a test function of this repository", cmd, run.runner)
					}
					continue
				}
				script, err := os.ReadFile(filepath.Join(r, run.runner))
				if err != nil {
					t.Errorf("`%s`: its runner %s: %v", cmd, run.runner, err)
				} else if !bytes.Contains(script, []byte(cmd)) {
					t.Errorf("`%s`: its runner %s does not run it", cmd, run.runner)
				}
			}
		}
	}
	if len(seen) < 5 {
		t.Fatalf("only %d commands found in %v", len(seen), commandDocs)
	}
	var stale []string
	for cmd := range documentedCommands {
		if !seen[cmd] {
			stale = append(stale, cmd)
		}
	}
	sort.Strings(stale)
	for _, cmd := range stale {
		t.Errorf("documentedCommands lists `%s`, which %v no longer show: remove its line", cmd, commandDocs)
	}
}

// TestReadmeHCLFromExamples: every HCL block of README.md and CONTRIBUTING.md is a verbatim
// excerpt (whole lines) of a file under examples/, which TestExamplesFormattedAndValid formats
// and validates, so the README's examples cannot rot.
func TestReadmeHCLFromExamples(t *testing.T) {
	r := root(t)
	var examples []string
	_ = filepath.WalkDir(filepath.Join(r, "examples"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".hcl")) {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			examples = append(examples, "\n"+string(b))
		}
		return err
	})
	found := 0
	for _, doc := range commandDocs {
		b, err := os.ReadFile(filepath.Join(r, doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, blk := range fencedBlocks(string(b)) {
			switch blk.lang {
			case "terraform", "hcl", "tf":
			default:
				continue
			}
			found++
			excerpt := "\n" + strings.TrimRight(blk.body, "\n") + "\n"
			ok := false
			for _, e := range examples {
				if strings.Contains(e+"\n", excerpt) {
					ok = true
					break
				}
			}
			if !ok {
				t.Errorf("%s: the HCL block at line %d is not an excerpt of any file under examples/: copy it from one (which `make test` validates)", doc, blk.line)
			}
		}
	}
	if found < 3 {
		t.Fatalf("only %d HCL blocks found in %v", found, commandDocs)
	}
}

// readmeSection returns the text of README.md between "<!-- readme:<name>" and
// "<!-- /readme:<name> -->": the lines a test runs as they are.
func readmeSection(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "<!-- readme:"+name+" ")
	end := strings.Index(text, "<!-- /readme:"+name+" -->")
	if start < 0 || end < start {
		t.Fatalf("README.md has no section marked <!-- readme:%s ... --> ... <!-- /readme:%s -->", name, name)
	}
	return text[start:end]
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// goEnv is the Go environment the README's commands get when HOME and GOPATH are temporary:
// the module and build caches and the proxy settings of this machine, named explicitly (a cold
// module cache would download some 350 MB, and the go env file lives under the real HOME).
func goEnv(t *testing.T) []string {
	t.Helper()
	names := []string{"GOMODCACHE", "GOCACHE", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GONOPROXY", "GOFLAGS", "GOTOOLCHAIN", "GOINSECURE"}
	out, err := run(t, root(t), nil, "go", append([]string{"env", "-json"}, names...)...)
	if err != nil {
		t.Fatalf("go env: %v\n%s", err, out)
	}
	var vals map[string]string
	if err := json.Unmarshal([]byte(out), &vals); err != nil {
		t.Fatalf("go env -json: %v\n%s", err, out)
	}
	var env []string
	for _, n := range names {
		env = append(env, n+"="+vals[n])
	}
	return env
}

// environWithout is os.Environ() without the variables whose names start with one of prefixes.
func environWithout(prefixes ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, p := range prefixes {
			if strings.HasPrefix(name, p) {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// TestAccCLI_readmeDevOverrides follows the README's "build from source" lines literally: in a
// temporary HOME and GOPATH (the Go caches stay this machine's), it runs the marked shell
// blocks of README.md as they are, the first in the repository and the second (terraform plan)
// in a directory holding the README's required_providers block and a data source, with the
// provider configured from the environment, against the mock. The plan must use the build that
// `go install .` put into $(go env GOPATH)/bin, through the dev_overrides the README writes.
func TestAccCLI_readmeDevOverrides(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the README's lines are POSIX shell")
	}
	tf := terraformBinary(t)
	r := root(t)
	blocks := fencedBlocks(readmeSection(t, "dev-overrides"))
	if len(blocks) != 2 || !isShell(blocks[0].lang) || !isShell(blocks[1].lang) {
		t.Fatalf("the README's dev-overrides section must hold two shell blocks, the install lines and the plan; found %d", len(blocks))
	}
	hcl := fencedBlocks(readmeSection(t, "required-providers"))
	if len(hcl) != 1 || !strings.Contains(hcl[0].body, "required_providers") {
		t.Fatalf("the README's required-providers section must hold the terraform block; found %d blocks", len(hcl))
	}

	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(mock)
	defer srv.Close()
	mock.Seed(senhaseguramock.Item{Kind: senhaseguramock.KindPassword, Fields: map[string]string{"name": "db", "username": "app", "password": "Readme-Pw-1"}})

	home := t.TempDir()
	gopath := filepath.Join(home, "go")
	work := t.TempDir()
	main := hcl[0].body + "\n\ndata \"senhasegura_mysafe_passwords\" \"all\" {}\n"
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	script := "set -eu\ncd " + shellQuote(r) + "\n" + blocks[0].body + "\ncd " + shellQuote(work) + "\n" + blocks[1].body + "\n"
	env := environWithout("HOME", "GOPATH", "GOBIN", "GOENV", "TF_CLI_CONFIG_FILE", "TF_LOG", "SENHASEGURA_")
	env = append(env, goEnv(t)...)
	env = append(env,
		"HOME="+home, "GOPATH="+gopath,
		"PATH="+filepath.Dir(tf)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"CHECKPOINT_DISABLE=1",
		"SENHASEGURA_URL="+srv.URL,
		"SENHASEGURA_CLIENT_ID="+senhaseguramock.DefaultClientID,
		"SENHASEGURA_CLIENT_SECRET="+senhaseguramock.DefaultClientSecret,
	)
	out, err := runEnv(t, work, env, "bash", "-c", script)
	out = ansi.ReplaceAllString(out, "")
	if err != nil {
		t.Fatalf("the README's install lines and terraform plan failed: %v\n--- script\n%s\n--- output\n%s", err, script, out)
	}
	bin := filepath.Join(gopath, "bin", "terraform-provider-senhasegura")
	if _, err := os.Stat(bin); err != nil {
		t.Errorf("go install . did not put the provider where the dev_overrides point: %v", err)
	}
	rc, err := os.ReadFile(filepath.Join(home, "senhasegura-dev.tfrc"))
	if err != nil || !strings.Contains(string(rc), filepath.Join(gopath, "bin")) {
		t.Errorf("the CLI configuration does not name %s: %v\n%s", filepath.Join(gopath, "bin"), err, rc)
	}
	for _, want := range []string{"Provider development overrides are in effect", "senhasegura/senhasegura in " + filepath.Join(gopath, "bin"), "No changes"} {
		if !strings.Contains(out, want) {
			t.Errorf("terraform plan's output lacks %q:\n%s", want, out)
		}
	}
	calls := mock.Calls()
	if len(calls) == 0 {
		t.Fatalf("the plan made no call to the mock:\n%s", out)
	}
	// go install sets no version: the build reports "dev", which tells it from any other.
	for _, c := range calls {
		if !strings.HasPrefix(c.UserAgent, "terraform-provider-senhasegura/dev ") {
			t.Errorf("%s came from %q, not the build go install made", c.Route, c.UserAgent)
		}
	}
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// logCommand is a line of a shell block that sets a TF_LOG variable and runs terraform.
var logCommand = regexp.MustCompile(`^(?:[A-Z_]+=\S*\s+)*TF_LOG[A-Z_]*=\S*\s+(?:[A-Z_]+=\S*\s+)*terraform\s`)

// TestAccCLI_documentedLogCommands runs, as written, every logging command the docs show: the
// README's Logs lines (marked), and any other TF_LOG… terraform line of a shell block of
// CONTRIBUTING.md, DEVELOPMENT.md or the doc templates (docs/index.md shows the same three), in
// a directory of a data source against the mock. Each must show this provider's log lines
// where it says (stderr, or the TF_LOG_PATH file), TF_LOG_SDK_PROTO=OFF must leave out the
// protocol lines, and no line of the provider may hold the client secret.
func TestAccCLI_documentedLogCommands(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the documented lines are POSIX shell")
	}
	tf := terraformBinary(t)
	r := root(t)
	var commands []string
	seen := map[string]bool{}
	add := func(blocks []block) {
		for _, b := range blocks {
			if !isShell(b.lang) {
				continue
			}
			for _, c := range shellCommands(b) {
				if logCommand.MatchString(c+" ") && !seen[c] {
					seen[c] = true
					commands = append(commands, c)
				}
			}
		}
	}
	readme := fencedBlocks(readmeSection(t, "logs"))
	add(readme)
	if len(commands) < 2 {
		t.Fatalf("the README's logs section shows %d logging commands", len(commands))
	}
	others := []string{filepath.Join(r, "CONTRIBUTING.md"), filepath.Join(r, "DEVELOPMENT.md")}
	tmpls, _ := filepath.Glob(filepath.Join(r, "templates", "*.md.tmpl"))
	others = append(others, tmpls...)
	tmpls, _ = filepath.Glob(filepath.Join(r, "templates", "*", "*.md.tmpl"))
	others = append(others, tmpls...)
	for _, f := range others {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		add(fencedBlocks(string(b)))
	}

	bin := buildPlugin(t, "senhasegura", ".")
	rc := devOverridesConfig(t, bin)
	mock := senhaseguramock.New(senhaseguramock.Options{})
	srv := httptest.NewServer(mock)
	defer srv.Close()
	main := requiredProviders + acctest.ProviderConfig(srv.URL) + "\ndata \"senhasegura_mysafe_passwords\" \"all\" {}\n"
	env := environWithout("TF_LOG", "TF_CLI_CONFIG_FILE")
	env = append(env, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1",
		"PATH="+filepath.Dir(tf)+string(os.PathListSeparator)+os.Getenv("PATH"))
	logPath := regexp.MustCompile(`\bTF_LOG_PATH=(\S+)`)
	for _, c := range commands {
		t.Run(c, func(t *testing.T) {
			work := t.TempDir()
			if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(main), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.CommandContext(acctest.Context(t), "bash", "-c", c)
			cmd.Dir, cmd.Env = work, env
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%s: %v\n%s%s", c, err, stdout.String(), stderr.String())
			}
			logs, where := stderr.String(), "stderr"
			if m := logPath.FindStringSubmatch(c); m != nil {
				b, err := os.ReadFile(filepath.Join(work, m[1]))
				if err != nil {
					t.Fatalf("%s wrote no log file: %v", c, err)
				}
				logs, where = string(b), m[1]
			}
			lines, proto := 0, 0
			for _, l := range strings.Split(logs, "\n") {
				// The SDK's and the provider's own lines carry a @module (sdk.proto,
				// sdk.framework, senhasegura, …); go-plugin's start-up lines do not.
				if !strings.Contains(l, "provider.terraform-provider-senhasegura") || !strings.Contains(l, "@module=") {
					continue
				}
				lines++
				if strings.Contains(l, "@module=sdk.proto") {
					proto++
				}
				if strings.Contains(l, senhaseguramock.DefaultClientSecret) {
					t.Errorf("a provider log line holds the client secret: %s", l)
				}
			}
			t.Logf("%s: %d provider log lines on %s", c, lines, where)
			if lines == 0 {
				t.Errorf("`%s` shows no log line of the provider on %s (Terraform passes provider lines on only with TF_LOG or TF_LOG_PROVIDER)", c, where)
			}
			if strings.Contains(c, "TF_LOG_SDK_PROTO=OFF") && proto > 0 {
				t.Errorf("`%s` still shows %d protocol lines (@module=sdk.proto)", c, proto)
			}
			if len(mock.Calls()) == 0 {
				t.Errorf("`%s` made no call to the mock", c)
			}
		})
	}
}

// TestMakeShortcutsRun: the two shortcuts CONTRIBUTING.md shows besides `make test` work as
// written, narrowed so that they cost seconds (everything they run, `make test` runs too):
// `make check` with one check and `make testunit` with one package; and what they run by
// default exists: every test CHECKS names (a renamed test would leave `make check` passing
// while checking nothing), every package of UNIT_PACKAGES.
func TestMakeShortcutsRun(t *testing.T) {
	r := root(t)
	mk, err := os.ReadFile(filepath.Join(r, "GNUmakefile"))
	if err != nil {
		t.Fatal(err)
	}
	variable := func(name string) string {
		m := regexp.MustCompile(`(?m)^` + name + `\s*:?=\s*(.*)$`).FindSubmatch(mk)
		if m == nil {
			t.Fatalf("the GNUmakefile has no %s", name)
		}
		return strings.TrimSpace(string(m[1]))
	}
	checks := variable("CHECKS")
	names := regexp.MustCompile(`Test[A-Za-z0-9_]+`).FindAllString(checks, -1)
	if len(names) < 5 {
		t.Fatalf("CHECKS names %d tests: %s", len(names), checks)
	}
	funcs := testFuncs(t)
	for _, n := range names {
		file, ok := funcs[n]
		switch {
		case !ok:
			t.Errorf("CHECKS names %s, which is not a test of this repository", n)
		case !strings.HasPrefix(file, "internal/repotest/") && !strings.HasPrefix(file, "internal/provider/"):
			t.Errorf("CHECKS names %s, declared in %s, outside the packages `make check` runs", n, file)
		}
	}
	for _, pkg := range strings.Fields(variable("UNIT_PACKAGES")) {
		if out, err := run(t, r, nil, "go", "list", pkg); err != nil || strings.TrimSpace(out) == "" {
			t.Errorf("UNIT_PACKAGES names %s, which go list does not find: %v\n%s", pkg, err, out)
		}
	}

	// `make test` runs this test under make: the nested make must not take the outer one's
	// flags (a jobserver it cannot reach).
	env := environWithout("MAKEFLAGS", "MAKELEVEL", "MFLAGS")

	// make help lists every target of .PHONY but default and help, with its description.
	help, err := runEnv(t, r, env, "make", "--no-print-directory", "help")
	if err != nil {
		t.Errorf("make help: %v\n%s", err, help)
	}
	phony := regexp.MustCompile(`(?m)^\.PHONY:(.*)$`).FindSubmatch(mk)
	if phony == nil {
		t.Fatal("the GNUmakefile has no .PHONY")
	}
	for _, target := range strings.Fields(string(phony[1])) {
		if target == "default" {
			continue
		}
		if !regexp.MustCompile(`(?m)^  make ` + regexp.QuoteMeta(target) + ` +\S`).MatchString(help) {
			t.Errorf("make help does not list %s with a description:\n%s", target, help)
		}
	}
	out, err := runEnv(t, r, env, "make", "--no-print-directory", "check", "CHECKS=^TestChangelog$")
	if err != nil || !strings.Contains(out, "--- PASS: TestChangelog") {
		t.Errorf("make check CHECKS='^TestChangelog$': %v\n%s", err, out)
	}
	out, err = runEnv(t, r, env, "make", "--no-print-directory", "testunit", "UNIT_PACKAGES=./internal/cmd/testsummary/...")
	if err != nil || !strings.Contains(out, "ok") {
		t.Errorf("make testunit UNIT_PACKAGES=./internal/cmd/testsummary/...: %v\n%s", err, out)
	}
	t.Logf("CHECKS: %d tests; UNIT_PACKAGES: %s", len(names), variable("UNIT_PACKAGES"))
}
