package generator_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/railzhook/railzhook/generator"
)

// The support file carries only what its package uses: every unexported function, method,
// type, variable, constant and struct field declared there is used outside its own
// declaration. Checked on the golden cases' schemas, with and without the checks.
func TestSupportCarriesOnlyWhatIsUsed(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/*")
	ran := 0
	for _, dir := range dirs {
		inputs, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		if len(inputs) == 0 || strings.HasPrefix(filepath.Base(dir), "err") {
			continue
		}
		var docs []generator.Schema
		for _, in := range inputs {
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, generator.Schema{Name: filepath.Base(in), Data: data})
		}
		for _, checks := range []bool{false, true} {
			res, err := generator.Generate(docs, generator.Options{PackageName: "p", Checks: checks})
			if err != nil {
				t.Fatal(err)
			}
			ran++
			unused := unusedInSupport(t, res.Files)
			for _, u := range unused {
				t.Errorf("%s (checks %v): %s is declared in %s but not used", dir, checks, u, generator.SupportFile)
			}
		}
	}
	if ran == 0 {
		t.Fatal("no cases")
	}
}

// One importer for every check, so that the standard library is read once.
var (
	supportFset     = token.NewFileSet()
	supportImporter = importer.ForCompiler(supportFset, "source", nil)
)

// unusedInSupport type-checks the files as one package and lists the unexported objects of
// the support file that nothing outside their own declaration uses.
func unusedInSupport(t *testing.T, files []generator.File) []string {
	t.Helper()
	fset := supportFset
	var parsed []*ast.File
	var support *ast.File
	for _, f := range files {
		pf, err := parser.ParseFile(fset, f.Name, f.Data, 0)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parsed = append(parsed, pf)
		if f.Name == generator.SupportFile {
			support = pf
		}
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: supportImporter}
	if _, err := conf.Check("p", fset, parsed, info); err != nil {
		t.Fatalf("type check: %v", err)
	}
	// The declaration each object's definition sits in, to tell uses inside it from others.
	type span struct{ from, to token.Pos }
	declOf := map[types.Object]span{}
	for _, d := range support.Decls {
		sp := span{d.Pos(), d.End()}
		ast.Inspect(d, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if obj := info.Defs[id]; obj != nil && !id.IsExported() && id.Name != "_" {
					if obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope() {
						return true // a local variable, constant or parameter
					}
					declOf[obj] = sp
				}
			}
			return true
		})
	}
	used := map[types.Object]bool{}
	for id, obj := range info.Uses {
		if sp, ok := declOf[obj]; ok && (id.Pos() < sp.from || id.Pos() >= sp.to) {
			used[obj] = true
		}
	}
	for sel, s := range info.Selections {
		obj := s.Obj()
		if sp, ok := declOf[obj]; ok && (sel.Pos() < sp.from || sel.Pos() >= sp.to) {
			used[obj] = true
		}
	}
	// An unkeyed literal uses every field of its struct.
	for _, pf := range parsed {
		ast.Inspect(pf, func(n ast.Node) bool {
			cl, ok := n.(*ast.CompositeLit)
			if !ok || len(cl.Elts) == 0 {
				return true
			}
			if _, keyed := cl.Elts[0].(*ast.KeyValueExpr); keyed {
				return true
			}
			if st, ok := info.TypeOf(cl).Underlying().(*types.Struct); ok {
				for i := 0; i < st.NumFields(); i++ {
					used[st.Field(i)] = true
				}
			}
			return true
		})
	}
	var out []string
	for obj := range declOf {
		if used[obj] {
			continue
		}
		if obj.Name() == "init" {
			continue
		}
		out = append(out, obj.Name())
	}
	return out
}
