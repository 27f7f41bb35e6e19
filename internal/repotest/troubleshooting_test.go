package repotest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestTroubleshootingCoversEveryDiagnostic: the troubleshooting guide names every diagnostic the
// provider can emit. The summaries are read from the provider's source (go/parser): the first
// argument of AddError and AddWarning, the second of AddAttributeError and AddAttributeWarning,
// and the summary argument of itemCall, lookupCall and a resource's call; every string literal
// in them (a summary built as "Error Creating " + label counts by its literal part) must appear in
// templates/guides/troubleshooting.md.tmpl.
func TestTroubleshootingCoversEveryDiagnostic(t *testing.T) {
	root := root(t)
	guide, err := os.ReadFile(filepath.Join(root, "templates", "guides", "troubleshooting.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(guide)), " ")
	dir := filepath.Join(root, "internal", "provider")
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	missing := map[string][]string{}
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			arg := summaryArg(call)
			if arg == nil {
				return true
			}
			for _, lit := range literals(arg) {
				piece := strings.Join(strings.Fields(strings.Trim(lit, " :.")), " ")
				if len(piece) < 4 || !strings.ContainsAny(piece[:1], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
					continue // a word joined to a name ("Cannot Import " + label counts by "Cannot Import")
				}
				seen++
				if !strings.Contains(text, piece) {
					pos := fset.Position(call.Pos())
					missing[piece] = append(missing[piece], filepath.Base(pos.Filename)+":"+strconv.Itoa(pos.Line))
				}
			}
			return true
		})
	}
	if seen < 40 {
		t.Fatalf("only %d diagnostic summaries found in %s: the check no longer sees them", seen, dir)
	}
	var names []string
	for piece := range missing {
		names = append(names, piece)
	}
	sort.Strings(names)
	for _, piece := range names {
		t.Errorf("the troubleshooting guide does not name the diagnostic %q (%s)", piece, strings.Join(missing[piece], ", "))
	}
}

// summaryArg is the summary argument of a diagnostic call, nil for any other call.
func summaryArg(call *ast.CallExpr) ast.Expr {
	var name string
	switch fn := call.Fun.(type) {
	case *ast.SelectorExpr:
		name = fn.Sel.Name
	case *ast.Ident:
		name = fn.Name
	default:
		return nil
	}
	idx := -1
	switch name {
	case "AddError", "AddWarning":
		idx = 0
	case "AddAttributeError", "AddAttributeWarning", "itemCall", "lookupCall":
		idx = 1
	case "call":
		idx = 0
	}
	if idx < 0 || len(call.Args) <= idx {
		return nil
	}
	return call.Args[idx]
}

// literals are the string literals an expression is built from (a literal, a concatenation).
func literals(e ast.Expr) []string {
	switch v := e.(type) {
	case *ast.BasicLit:
		if v.Kind == token.STRING {
			if s, err := strconv.Unquote(v.Value); err == nil {
				return []string{s}
			}
		}
	case *ast.BinaryExpr:
		if v.Op == token.ADD {
			return append(literals(v.X), literals(v.Y)...)
		}
	case *ast.ParenExpr:
		return literals(v.X)
	}
	return nil
}
