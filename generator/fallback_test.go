package generator_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/railzhook/railzhook/generator"
)

func generate(t *testing.T, schema string) (*generator.Result, error) {
	t.Helper()
	return generator.Generate([]generator.Schema{{Name: "s.json", Data: []byte(schema)}}, generator.Options{PackageName: "p"})
}

// Wherever the output keeps a constrained value as json.RawMessage, a warning names the
// schema location and the keywords left unmapped.
func TestRawFallbackWarns(t *testing.T) {
	res, err := generate(t, `{"type": "object", "properties": {"x": {"not": {"type": "string"}}, "free": {}, "any": true, "note": {"description": "anything"}}}`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.String())
	}
	if len(got) != 1 || !strings.Contains(got[0], "s.json#/properties/x") || !strings.Contains(got[0], "not") {
		t.Errorf("warnings %q, want one about /properties/x and its not", got)
	}
}

// A type that names no JSON type is an error, not a fallback.
func TestUnknownTypeIsAnError(t *testing.T) {
	for _, schema := range []string{
		`{"type": "object", "properties": {"name": {"type": "strin"}}}`,
		`{"type": ["string", "nul"]}`,
		`{"type": 5}`,
	} {
		_, err := generate(t, schema)
		var gerr *generator.Error
		if !errors.As(err, &gerr) || !strings.Contains(err.Error(), "type") {
			t.Errorf("%s: %v, want an error about the type", schema, err)
		}
	}
}

// Every document with something to say about its value gets a root type: roots with no
// object keywords, boolean documents, a document of definitions only when named.
func TestEveryRootGetsAType(t *testing.T) {
	for _, schema := range []string{
		`{"minimum": 1}`, `{"allOf": [{"type": "string"}]}`, `{"not": {}}`, `true`, `false`,
		`{"if": {"type": "string"}, "then": {"minLength": 1}}`, `{"contains": {"const": 1}}`,
		`{"prefixItems": [{"type": "integer"}]}`, `{}`, `{"$id": "#foo", "type": "integer"}`,
	} {
		res, err := generate(t, schema)
		if err != nil {
			t.Errorf("%s: %v", schema, err)
			continue
		}
		if len(res.Roots) != 1 {
			t.Errorf("%s: roots %v, want one", schema, res.Roots)
		}
	}
	res, err := generate(t, `{"$defs": {"A": {"type": "string"}}}`)
	if err != nil || len(res.Roots) != 0 {
		t.Errorf("definitions only: roots %v, %v; want none", res.Roots, err)
	}
}

// A referenced document can be an existing Go package (Imports), and one location a chosen Go
// type (Stubs), with no warning; Library documents resolve $refs no input answers.
func TestImportsAndStubs(t *testing.T) {
	lib := []byte(`{"$id": "https://lib.example/lib.json", "title": "Lib", "type": "object", "properties": {"x": {"type": "string"}},
		"$defs": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}, "Other": {"not": {}}, "Deep": {"type": "object", "properties": {"n": {"type": "object", "properties": {"k": {"type": "integer"}}}}}}}`)
	in := []byte(`{"$id": "https://app.example/app.json", "title": "App", "type": "object", "properties": {
		"thing": {"$ref": "https://lib.example/lib.json#/$defs/Thing"},
		"whole": {"$ref": "https://lib.example/lib.json"},
		"other": {"$ref": "https://lib.example/lib.json#/$defs/Other"},
		"inner": {"$ref": "https://lib.example/lib.json#/$defs/Deep/properties/n"}}}`)
	res, err := generator.Generate([]generator.Schema{{Name: "app.json", Data: in}}, generator.Options{
		PackageName: "app",
		Imports:     map[string]string{"https://lib.example/": "example.com/lib"},
		Stubs:       map[string]string{"https://lib.example/lib.json#/$defs/Other": "json.RawMessage"},
		Library:     []generator.Schema{{Name: "lib.json", Data: lib, RefOnly: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var src string
	for _, f := range res.Files {
		if f.Name == "app.go" {
			src = string(f.Data)
		}
	}
	for _, want := range []string{`"example.com/lib"`, "Thing *lib.Thing", "Whole *lib.Lib", "Other json.RawMessage"} {
		if !strings.Contains(strings.Join(strings.Fields(src), " "), want) {
			t.Errorf("app.go lacks %q:\n%s", want, src)
		}
	}
	if strings.Contains(src, "type Thing ") || strings.Contains(src, "type Lib ") {
		t.Error("a mapped type was generated too")
	}
	var warned []string
	for _, w := range res.Warnings {
		warned = append(warned, w.String())
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "$defs/Deep/properties/n") {
		t.Errorf("warnings %q, want one about the location inside Deep, generated here", warned)
	}
}

// Result.Free names the raw-JSON fields whose values the schema leaves unconstrained, and
// none that hold values it describes.
func TestFreeFields(t *testing.T) {
	res, err := generate(t, `{"title": "Doc", "type": "object", "properties": {
		"x": {"not": {"type": "string"}}, "free": {}, "any": true, "note": {"description": "anything"},
		"bag": {"type": "object"}, "list": {"type": "array"}, "typed": {"type": "object", "additionalProperties": {"type": "string"}},
		"closed": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
		"open": {"type": "object", "properties": {"a": {"type": "string"}}},
		"patterned": {"type": "object", "allOf": [{"patternProperties": {"^(?!no$)": {"type": "string"}}}], "properties": {"a": {"type": "string"}}},
		"inputs": {"type": "array", "items": {"type": "object", "patternProperties": {".*": {"additionalProperties": true}}}},
		"rows": {"type": "array", "items": {"not": {"type": "string"}}},
		"cmd": {"items": {"type": "string"}}
	}}`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Doc.AdditionalProperties", "Doc.Any", "Doc.Bag", "Doc.Free", "Doc.Inputs", "Doc.List", "Doc.Note", "DocCmd.NotArray", "Open.AdditionalProperties"}
	if diff := cmp.Diff(want, res.Free); diff != "" {
		t.Errorf("Free (-want +got):\n%s", diff)
	}
}
