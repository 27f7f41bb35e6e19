package repotest

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// citedDoc is a Markdown document a comment names ("reference/pam-api.md", "README.md"), or a
// section sign and its number ("§5.10").
var citedDoc = regexp.MustCompile(`[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b|§\s?([0-9]+(?:\.[0-9]+)*)`)

// longerName follows ".md" in a name that goes on: "x.md.tmpl".
var longerName = regexp.MustCompile(`^\.[A-Za-z0-9]`)

// sectionHeading is a Markdown heading that starts with a section number: "## 5." or "### 5.10 ...".
var sectionHeading = regexp.MustCompile(`(?m)^#{1,6}\s+([0-9]+(?:\.[0-9]+)*)[.\s]`)

// citingPackages are the packages whose comments cite Markdown documents (the API references,
// README, DEVELOPMENT): the provider, the API clients and their core, and the mock.
var citingPackages = []string{"provider", "pam", "mysafe", "senhasegura", "senhaseguramock"}

// sectionCitingPackages cite the API references by section, each citation by its path
// ("reference/pam-api.md §5.10").
var sectionCitingPackages = []string{"provider", "pam", "senhaseguramock"}

// TestCitedDocumentsExist: every Markdown document a Go comment of citingPackages cites exists
// in the repository, so a maintainer has every document the code refers to.
func TestCitedDocumentsExist(t *testing.T) {
	for _, v := range citationViolations(t, root(t), internalDirs(t, citingPackages), false) {
		t.Error(v)
	}
}

// TestCitedSectionsExist: in sectionCitingPackages, a document is cited by its path, and every
// "§n" of a comment follows, in the same comment, the document it is a section of
// ("reference/pam-api.md §5.10, §11 item 7"), which has a section n.
func TestCitedSectionsExist(t *testing.T) {
	for _, v := range citationViolations(t, root(t), internalDirs(t, sectionCitingPackages), true) {
		t.Error(v)
	}
}

func internalDirs(t *testing.T, names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		out = append(out, filepath.Join(root(t), "internal", n))
	}
	return out
}

// citationViolations reads the comments of the Go files in dirs (not below them) and returns one
// line per citation of a Markdown document that does not exist in the repository under root (a
// path from the repository root or from the file's directory; a bare name anywhere in it). With
// sections, it also returns one per document cited by a bare name, and one per "§n" that
// names no document before it in its comment, or a section that document does not have.
func citationViolations(t *testing.T, root string, dirs []string, sections bool) []string {
	t.Helper()
	mdByName := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules"):
			return filepath.SkipDir
		case strings.HasSuffix(p, ".md") && mdByName[d.Name()] == "":
			mdByName[d.Name()] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var goFiles []string
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join(d, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		goFiles = append(goFiles, files...)
	}
	// resolve finds the document cited from the file from: by path, or by bare name (byName).
	resolve := func(from, cited string) (path string, byName bool) {
		for _, base := range []string{root, filepath.Dir(from)} {
			if p := filepath.Join(base, filepath.FromSlash(cited)); fileExists(p) {
				return p, false
			}
		}
		if strings.Contains(cited, "/") {
			return "", false
		}
		return mdByName[cited], true
	}
	var out []string
	fset := token.NewFileSet()
	for _, path := range goFiles {
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, path)
		for _, group := range f.Comments {
			text, line := group.Text(), fset.Position(group.Pos()).Line
			doc := "" // the document the comment cited last, for its "§n"
			for _, m := range citedDoc.FindAllStringSubmatchIndex(text, -1) {
				cited := text[m[0]:m[1]]
				switch {
				case m[2] < 0 && (isURL(text, m[0]) || longerName.MatchString(text[m[1]:])):
					// a URL, a path on another host, or no .md file ("x.md.tmpl")
				case m[2] < 0: // a document
					p, byName := resolve(path, strings.TrimPrefix(cited, "./"))
					switch {
					case p == "":
						out = append(out, fmt.Sprintf("%s:%d: cites %s, which is not in the repository", rel, line, cited))
					case byName && sections:
						r, _ := filepath.Rel(root, p)
						out = append(out, fmt.Sprintf("%s:%d: cites %s by its name: write its path, %s", rel, line, cited, filepath.ToSlash(r)))
					}
					doc = p
				case !sections:
				case doc == "":
					out = append(out, fmt.Sprintf("%s:%d: cites §%s of no document: write <path>.md §%s", rel, line, text[m[2]:m[3]], text[m[2]:m[3]]))
				case !hasSection(t, doc, text[m[2]:m[3]]):
					out = append(out, fmt.Sprintf("%s:%d: cites §%s, which %s does not have", rel, line, text[m[2]:m[3]], filepath.Base(doc)))
				}
			}
		}
	}
	return out
}

// isURL: the word of text at offset i is a URL or a path on another host
// (docs.example.io/a/b.md), not a document of the repository.
func isURL(text string, i int) bool {
	start := strings.LastIndexAny(text[:i], " \t\n") + 1
	word, _, _ := strings.Cut(text[start:], " ")
	word = strings.TrimLeft(word, "(<\"'`")
	first, _, found := strings.Cut(word, "/")
	return strings.Contains(word, "://") || found && strings.Contains(first, ".") && strings.Trim(first, ".") != ""
}

var headingsOf = map[string]map[string]bool{}

// hasSection says whether the Markdown document at path has a heading numbered section.
func hasSection(t *testing.T, path, section string) bool {
	t.Helper()
	if headingsOf[path] == nil {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		headingsOf[path] = map[string]bool{}
		for _, m := range sectionHeading.FindAllStringSubmatch(string(b), -1) {
			headingsOf[path][m[1]] = true
		}
	}
	return headingsOf[path][section]
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
