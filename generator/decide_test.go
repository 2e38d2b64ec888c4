package generator_test

import (
	"strings"
	"testing"

	"github.com/railzhook/railzhook/generator"
)

// checkDeferrals generates schema with checks and returns the keywords its warnings leave to a
// validator, "location: keyword" each.
func checkDeferrals(t *testing.T, schema string) []string {
	t.Helper()
	res, err := generator.Generate([]generator.Schema{{Name: "s.json", Data: []byte(schema)}}, generator.Options{PackageName: "p", Checks: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, "DecodeChecked defers") {
			kw, _, _ := strings.Cut(w.Message, " is not compiled")
			out = append(out, w.Location+": "+kw)
		}
	}
	return out
}

// Annotation keywords, and keywords the schema's draft does not define, assert nothing: they
// never make a value defer. Keywords the draft does define and the checks do not compile do.
func TestAnnotationsDoNotDefer(t *testing.T) {
	for _, c := range []struct{ schema, want string }{
		{`{"type": "object", "markdownDescription": "x", "enumDescriptions": ["a"], "x-kind": 1, "deprecated": true,
			"properties": {"a": {"type": "string", "readOnly": true, "examples": ["x"], "$comment": "c", "x-intellij-html-description": "d", "defaultSnippets": []}}}`, ""},
		{`{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "dependentRequired": {"a": ["b"]},
			"properties": {"a": {"type": "array", "prefixItems": [{"type": "string"}], "minContains": 2}}}`, ""},
		{`{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "additionalItems": false,
			"properties": {"a": {"type": "string", "contentEncoding": "base64"}}}`, ""},
		{`{"$schema": "https://json-schema.org/draft/2019-09/schema", "type": "object", "dependentRequired": {"a": ["b"]}}`, "s.json#/: dependentRequired"},
		{`{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
			"properties": {"a": {"type": "string", "contentEncoding": "base64"}}}`, "s.json#/properties/a: contentEncoding"},
	} {
		got := strings.Join(checkDeferrals(t, c.schema), "; ")
		if got != c.want {
			t.Errorf("%s: deferrals %q, want %q", c.schema, got, c.want)
		}
	}
}
