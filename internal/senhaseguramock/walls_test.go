package senhaseguramock_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// wings are the prefixes of the API families' files in this package.
var wings = []string{"mysafe", "pam", "dsm"}

// TestWallsOfTheMock: a file of one family's wing ("<family>_*.go", tests included) never names
// a top-level identifier declared in another family's wing, and a shared file (no family
// prefix) names a family's identifiers only where that family's <family>_registration.go
// declares them. Each family has its registration file. (The same rules as the repository's
// check of internal/provider.)
func TestWallsOfTheMock(t *testing.T) {
	for _, w := range wings {
		if _, err := os.Stat(w + "_registration.go"); err != nil {
			t.Errorf("the %s family has no registration file: %v", w, err)
		}
	}
	for _, v := range wallCrossings(t, ".") {
		t.Error(v)
	}
}

// wingOf is the family whose wing file is in ("" for a shared file).
func wingOf(file string) string {
	for _, w := range wings {
		if strings.HasPrefix(filepath.Base(file), w+"_") {
			return w
		}
	}
	return ""
}

// wallCrossings lists every crossing of the walls in the Go package in dir: file, line,
// identifier and where it is declared.
func wallCrossings(t *testing.T, dir string) []string {
	t.Helper()
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
		// an identifier names matters, and the package's own scope says that.
		conf := types.Config{Importer: emptyImports{}, Error: func(error) {}}
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
			who := "a shared file"
			if from != "" {
				who = "the " + from + " wing"
			}
			out = append(out, fmt.Sprintf("%s:%d: %s names %s, declared in %s", filepath.Base(user.Filename), user.Line,
				who, id.Name, filepath.Base(declared.Filename)))
		}
	}
	sort.Strings(out)
	return out
}

// emptyImports imports nothing: every import is an empty package.
type emptyImports struct{}

func (emptyImports) Import(path string) (*types.Package, error) {
	return types.NewPackage(path, filepath.Base(path)), nil
}
