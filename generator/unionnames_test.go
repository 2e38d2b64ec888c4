package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"

	"github.com/railzhook/railzhook/generator"
)

// Branches that take the same JSON type are named after what sets them apart, not numbered.
func TestUnionFieldsNamedAfterWhatPicksThem(t *testing.T) {
	cases := []struct {
		union string
		want  []string
	}{
		{`{"oneOf": [{"type": "string"}, {"type": "string", "enum": ["a", "b"]}]}`, []string{"String", "Enum"}},
		{`{"oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": false, "patternProperties": {"^\\./.+": {"type": "string"}}}, {"type": "object", "additionalProperties": false, "properties": {"import": {"type": "string"}, "require": {"type": "string"}}}]}`, []string{"String", "Map", "Import"}},
		{`{"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "pattern": "^x"}, {"type": "integer"}]}`, []string{"DateTime", "Pattern", "Integer"}},
		{`{"anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}, {"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]}]}`, []string{"A", "B"}},
		// Branches that only assert a pattern are named after the text it matches.
		{`{"anyOf": [{"pattern": "^.*\\.[Cc][Ss]$"}, {"pattern": "^.*\\.[Pp][Yy]$"}, {"type": "integer"}]}`, []string{"Cs", "Py", "Integer"}},
		// A title that is a sentence gives way to the value that picks the branch.
		{`{"oneOf": [{"title": "Decodes the raw bytes as a GELF message", "type": "object", "properties": {"codec": {"const": "gelf"}}, "required": ["codec"]}, {"title": "Decodes the raw bytes as a Syslog message", "type": "object", "properties": {"codec": {"const": "syslog"}}, "required": ["codec"]}]}`, []string{"Gelf", "Syslog"}},
		// A branch named JSON would have a decoding method named as the union's own.
		{`{"anyOf": [{"title": "JSON", "type": "object", "properties": {"a": {"type": "string"}}}, {"type": "string"}]}`, []string{"JSON2", "String"}},
	}
	for _, c := range cases {
		schema := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Root", "type": "object", "properties": {"v": ` + c.union + `}}`
		res, err := generator.Generate([]generator.Schema{{Name: "root.json", Data: []byte(schema)}}, generator.Options{PackageName: "p"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Files {
			file, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Data, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == "RootV" {
					for _, fl := range ts.Type.(*ast.StructType).Fields.List {
						for _, id := range fl.Names {
							got = append(got, id.Name)
						}
					}
				}
				return true
			})
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: union fields %v, want %v", c.union, got, c.want)
		}
		unusedInSupport(t, res.Files) // type-checks the package
		for _, w := range res.Warnings {
			if !strings.Contains(w.Message, "JSON2") {
				t.Errorf("%s: warning %s", c.union, w)
			}
		}
	}
}
