package repotest

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// families are the prefixes of the API families' wings: the files of one family in a package
// shared by several (internal/provider, the mock) start with "<family>_".
var families = []string{"mysafe", "pam", "dsm"}

// TestWallsOfTheProvider: inside internal/provider, a family's wing names nothing declared in
// another family's wing, and a shared file names a family only through its registration file.
func TestWallsOfTheProvider(t *testing.T) {
	for _, v := range wallViolations(t, filepath.Join(root(t), "internal", "provider"), families) {
		t.Error(v)
	}
}

// TestWallsOfTheMock: the mock (internal/senhaseguramock) keeps the same walls: its shared
// machinery (tokens, faults, envelope, admin) reaches a family only through its registration.
func TestWallsOfTheMock(t *testing.T) {
	for _, v := range wallViolations(t, filepath.Join(root(t), "internal", "senhaseguramock"), families) {
		t.Error(v)
	}
}

// wallViolations checks the walls between the wings of the Go package in dir (its test files
// included, each in the wing of its name): a file of one family's wing ("<family>_*.go") never
// names a top-level identifier declared in another family's wing, and a shared file (no family
// prefix) names no family's top-level identifier, except those declared in that family's
// "<family>_registration.go", which lists its types and builds its client. It returns one line
// per crossing: file, line, identifier and where it is declared.
func wallViolations(t *testing.T, dir string, prefixes []string) []string {
	t.Helper()
	wingOf := func(file string) string {
		for _, p := range prefixes {
			if strings.HasPrefix(filepath.Base(file), p+"_") {
				return p
			}
		}
		return ""
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	pkgs := map[string][]*ast.File{} // the package and its external test package
	for _, path := range paths {
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		pkgs[f.Name.Name] = append(pkgs[f.Name.Name], f)
	}
	var out []string
	for name, files := range pkgs {
		// Type-checked without its imports (every error ignored): only which top-level object
		// an identifier names matters here, and the package's own scope says that.
		conf := types.Config{Importer: noImports{}, Error: func(error) {}}
		info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
		checked, _ := conf.Check(name, fset, files, info)
		for id, obj := range info.Uses {
			if obj.Pkg() != checked || obj.Parent() != checked.Scope() {
				continue // not a top-level identifier of this package
			}
			user, declared := fset.Position(id.Pos()), fset.Position(obj.Pos())
			from, to := wingOf(user.Filename), wingOf(declared.Filename)
			registration := filepath.Base(declared.Filename) == to+"_registration.go"
			if to == "" || from == to || from == "" && registration {
				continue
			}
			out = append(out, fmt.Sprintf("%s:%d: %s names %s, declared in %s", filepath.Base(user.Filename), user.Line,
				wingName(from), id.Name, filepath.Base(declared.Filename)))
		}
	}
	sort.Strings(out)
	return out
}

func wingName(family string) string {
	if family == "" {
		return "a shared file"
	}
	return "the " + family + " wing"
}

// noImports imports nothing: every import is an empty package.
type noImports struct{}

func (noImports) Import(path string) (*types.Package, error) {
	return types.NewPackage(path, filepath.Base(path)), nil
}
