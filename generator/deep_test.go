package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/railzhook/railzhook/generator"
)

// deepSchema nests an object member depth levels deep, each level with a string member.
func deepSchema(depth int) []byte {
	s := `{"type":"string"}`
	for i := 0; i < depth; i++ {
		s = `{"type":"object","properties":{"child":` + s + `,"name":{"type":"string"}}}`
	}
	return []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Deep",` + s[1:])
}

// Names made from the enclosing type's name would grow with nesting depth, and so would the
// locations in doc comments and warnings: output must stay linear in the schema.
func TestDeepNestingStaysLinear(t *testing.T) {
	perLevel := map[int]int{}
	for _, depth := range []int{40, 400} {
		res, err := generator.Generate([]generator.Schema{{Name: "deep.json", Data: deepSchema(depth)}}, generator.Options{PackageName: "deep"})
		if err != nil {
			t.Fatal(err)
		}
		size := 0
		for _, f := range res.Files {
			if f.Name == "deep.go" {
				size += len(f.Data)
			}
			file, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Data, parser.ParseComments)
			if err != nil {
				t.Fatalf("depth %d: %s does not parse: %v", depth, f.Name, err)
			}
			types := 0
			for _, d := range file.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.TYPE {
					continue
				}
				for _, s := range g.Specs {
					name := s.(*ast.TypeSpec).Name.Name
					types++
					if len(name) > 48 {
						t.Errorf("depth %d: type name of %d characters: %.60s…", depth, len(name), name)
					}
				}
			}
			for _, c := range file.Comments {
				for _, l := range c.List {
					if len(l.Text) > 200 {
						t.Errorf("depth %d: comment line of %d characters: %.80s…", depth, len(l.Text), l.Text)
					}
				}
			}
			if f.Name == "deep.go" && types < depth {
				t.Errorf("depth %d: %d types, want one per level", depth, types)
			}
		}
		perLevel[depth] = size / depth
		for _, w := range res.Warnings {
			if len(w.String()) > 600 {
				t.Errorf("depth %d: warning of %d characters: %.80s…", depth, len(w.String()), w.String())
			}
		}
		if depth == 400 && len(res.Warnings) > 3 {
			t.Errorf("depth %d: %d warnings, want the numbered names reported once: %v", depth, len(res.Warnings), res.Warnings[:3])
		}
	}
	// Ten times as deep may cost a little more per level (numbered names are longer), not ten
	// times more.
	if a, b := perLevel[40], perLevel[400]; b > a*5/4 {
		t.Errorf("deep.go takes %d bytes per level at depth 40 and %d at depth 400: it grows with depth", a, b)
	}
}
