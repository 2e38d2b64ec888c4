package generator_test

import (
	"errors"
	"strings"
	"testing"

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
