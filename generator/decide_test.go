package generator_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/railzhook/railzhook/generator"
	"github.com/railzhook/railzhook/generator/testdata/checkstyping"
	"github.com/railzhook/railzhook/validate"
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

// TestStrictMerged: strict mode closes an object schema with its own properties, so a member
// an allOf merges into the struct is refused there, as the validator refuses it; an allOf
// member that is an object schema of its own, which strict mode closes alone, is left to the
// validator in strict mode and decided in default mode, and so is a not of an object schema.
func TestStrictMerged(t *testing.T) {
	for _, mode := range []validate.Mode{validate.ModeDefault, validate.ModeStrict} {
		schema, err := validate.LoadSchema("testdata/checkstyping/strictmerge.json", validate.SchemaOptions{Mode: mode, AssertFormats: true})
		if err != nil {
			t.Fatal(err)
		}
		strict := mode == validate.ModeStrict
		for _, c := range []struct {
			body   string
			defers bool
		}{
			{`{"a": "x"}`, strict}, // the not below, which strict mode closes
			{`{"a": "x", "b": 1}`, false},
			{`{"b": "x"}`, false},
			{`{"o": {"d": "x"}}`, strict},
			{`{"o": {"c": 1}}`, false},
			// Strict mode closes the not's object schema, so beside a, z no longer fails it.
			{`{"z": 1}`, strict},
			{`{"z": 1, "a": "x"}`, strict},
		} {
			err := new(checkstyping.StrictMerge).DecodeChecked([]byte(c.body), strict)
			if errors.Is(err, checkstyping.ErrNotChecked) != c.defers {
				t.Errorf("%s (%s): DecodeChecked %v, want deferring %v", c.body, mode, err, c.defers)
				continue
			}
			if ref := schema.Validate([]byte(c.body)) == nil; !c.defers && ref != (err == nil) {
				t.Errorf("%s (%s): DecodeChecked %v, the validator says valid=%v", c.body, mode, err, ref)
			}
		}
	}
}

// TestClosedAndUntyped: an allOf member with additionalProperties: false refuses the members
// it does not name, a map whose one pattern every name matches is held to that pattern's schema
// by its elements, a member kept as raw JSON is held to its type, enum and not, and positional
// items with additionalItems are checked. All are decided in default mode, as the validator
// decides them.
func TestClosedAndUntyped(t *testing.T) {
	schema, err := validate.LoadSchema("testdata/checkstyping/closed.json", validate.SchemaOptions{Mode: validate.ModeDefault, AssertFormats: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		body    string
		keyword string // "" when valid
	}{
		{`{"kind": "api"}`, ""},
		{`{"kind": "api", "spec": {"a": 1}, "types": {"t": {"derived_from": "x"}, "": {"derived_from": "y"}, "a\nb": {"derived_from": "z"}}}`, ""},
		{`{"kind": "api", "other": 1}`, "additionalProperties"},
		{`{"kind": "db"}`, "enum"},
		{`{"spec": {}}`, "required"},
		{`{"kind": "api", "types": {"t": {}}}`, "required"},
		{`{"kind": "api", "types": {"t": 1}}`, "type"},
		{`{"kind": "api", "inputs": {"main": {"derived_from": "x"}, "extra": {"derived_from": "y"}, "other": {"derived_from": "z"}}}`, ""},
		{`{"kind": "api", "inputs": {"main": {}}}`, "required"},
		{`{"kind": "api", "inputs": {"main": {"derived_from": "x"}, "extra": {"derived_from": 1}}}`, "type"},
		{`{"kind": "api", "inputs": {"main": {"derived_from": "x"}, "other": {}}}`, "required"},
		{`{"kind": "api", "binding": "http"}`, ""},
		{`{"kind": "api", "binding": {"name": "y"}}`, ""},
		{`{"kind": "api", "binding": [1, 2.50]}`, "not"},
		{`{"kind": "api", "binding": {"name": "x"}}`, "not"},
		{`{"kind": "api", "binding": "queue"}`, "not"},
		{`{"kind": "api", "level": null}`, ""},
		{`{"kind": "api", "level": 1.50}`, ""},
		{`{"kind": "api", "level": 15e-1}`, ""},
		{`{"kind": "api", "level": "low"}`, ""},
		{`{"kind": "api", "level": false}`, "enum"},
		{`{"kind": "api", "level": "high"}`, "enum"},
		{`{"kind": "api", "id": null}`, ""},
		{`{"kind": "api", "id": ["a"]}`, ""},
		{`{"kind": "api", "id": 1}`, "type"},
		{`{"kind": "api", "tuple": ["a", 1, true, false]}`, ""},
		{`{"kind": "api", "tuple": ["a"]}`, ""},
		{`{"kind": "api", "tuple": [1]}`, "items"},
		{`{"kind": "api", "tuple": ["a", 1, "b"]}`, "additionalItems"},
	} {
		err := new(checkstyping.Closed).DecodeChecked([]byte(c.body), false)
		var de *checkstyping.DecodeError
		switch {
		case errors.Is(err, checkstyping.ErrNotChecked):
			t.Errorf("%s: defers: %v", c.body, err)
		case c.keyword == "" && err != nil:
			t.Errorf("%s: %v, want valid", c.body, err)
		case c.keyword != "" && (!errors.As(err, &de) || de.Keyword != c.keyword):
			t.Errorf("%s: %v, want a failure of %s", c.body, err, c.keyword)
		}
		if ref := schema.Validate([]byte(c.body)) == nil; ref != (err == nil) {
			t.Errorf("%s: DecodeChecked %v, the validator says valid=%v", c.body, err, ref)
		}
	}
}

// TestNestedPredicates: an if in an allOf member that tests and constrains the members of a
// nested object, or the items of an array of objects (with a member held by a union), a
// oneOf whose branches hold members to the schemas that typed them, and an allOf inside an
// allOf member, are decided as the validator decides them.
func TestNestedPredicates(t *testing.T) {
	schema, err := validate.LoadSchema("testdata/checkstyping/nested.json", validate.SchemaOptions{Mode: validate.ModeDefault, AssertFormats: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		body  string
		valid bool
	}{
		{`{}`, true},
		{`{"updates": [{"eco": "npm"}, {"eco": "pip", "dir": "/"}]}`, true},
		{`{"updates": [{"eco": "npm"}, {"eco": "cargo"}]}`, false},
		{`{"beta": true, "updates": [{"eco": "cargo"}]}`, true},
		{`{"beta": false, "updates": [{"eco": "cargo"}]}`, false},
		{`{"updates": []}`, true},
		{`{"meta": {"names": ["ab"], "degree": 2}}`, true},
		{`{"meta": {"names": ["ab"], "degree": 3}}`, false},
		{`{"meta": {"names": ["ab"]}}`, true},
		{`{"meta": {"names": ["a"]}}`, false},
		{`{"meta": {"names": []}}`, false},
		{`{"meta": {"degree": 3}}`, true},
		{`{"meta": {}}`, true},
		{`{"res": {"kind": "a", "spec": {}, "data": {}, "version": "1"}}`, true},
		{`{"res": {"kind": "a", "version": {"get": "v"}}}`, true},
		{`{"res": {"spec": {}}}`, false},
		{`{"res": {"kind": "a", "data": 1}}`, false},
		{`{"res": {"kind": "a", "version": {}}}`, false},
		{`{"paths": {"dirs": ["a"]}}`, true},
		{`{"paths": {"dir": "a"}}`, true},
		{`{"paths": {"dirs": ["a"], "dir": "b"}}`, false},
		{`{"paths": {}}`, false},
		{`{"paths": {"dirs": ["a", "a"]}}`, false},
		{`{"paths": {"dir": ""}}`, false},
	} {
		err := new(checkstyping.Nested).DecodeChecked([]byte(c.body), false)
		switch {
		case errors.Is(err, checkstyping.ErrNotChecked):
			t.Errorf("%s: defers: %v", c.body, err)
		case (err == nil) != c.valid:
			t.Errorf("%s: %v, want valid=%v", c.body, err, c.valid)
		}
		if ref := schema.Validate([]byte(c.body)) == nil; ref != c.valid {
			t.Errorf("%s: the validator says valid=%v", c.body, ref)
		}
	}
}

// TestBesideUnion: required and properties beside a oneOf of objects are checked on every
// object, a branch that takes every value of the discriminator the others do not fix,
// refusing theirs with a not, leaves the oneOf decided, and so does a discriminator no branch
// requires, where it is present.
func TestBesideUnion(t *testing.T) {
	schema, err := validate.LoadSchema("testdata/checkstyping/beside.json", validate.SchemaOptions{Mode: validate.ModeDefault, AssertFormats: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		body  string
		valid bool
	}{
		{`{"a": {"type": "container", "image": "x"}}`, true},
		{`{"a": {"type": "container", "image": "x", "tier": "free"}}`, false}, // the branch is closed
		{`{"a": {"type": "container"}}`, false},
		{`{"a": {"type": "project", "path": "p", "tier": "paid"}}`, true},
		{`{"a": {"type": "project", "path": "p", "tier": "gold"}}`, false},
		{`{"a": {"type": "project"}}`, false},
		{`{"a": {"path": "p"}}`, false},
		{`{"a": {"type": 1, "path": "p"}}`, false},
		{`{"a": {"type": "extension.v1", "anything": [1]}}`, true},
		{`{"a": {"type": "extension.v1", "tier": "none"}}`, false},
		{`{"a": {"type": "extension.v1"}, "b": {"type": "container", "image": "i"}}`, true},
		// Branches told apart by a member none requires: decided where it is present.
		{`{"binding": {"type": "blobTrigger", "direction": "in", "path": "p"}}`, true},
		{`{"binding": {"type": "blobTrigger", "direction": "out"}}`, false},
		{`{"binding": {"type": "blob", "direction": "out"}}`, true},
		{`{"binding": {"type": "queue"}}`, false},
		{`{"binding": {"type": "blob", "path": 1}}`, false},
		{`{"binding": {"direction": "sideways"}}`, false},
	} {
		err := new(checkstyping.Beside).DecodeChecked([]byte(c.body), false)
		switch {
		case errors.Is(err, checkstyping.ErrNotChecked):
			t.Errorf("%s: defers: %v", c.body, err)
		case (err == nil) != c.valid:
			t.Errorf("%s: %v, want valid=%v", c.body, err, c.valid)
		}
		if ref := schema.Validate([]byte(c.body)) == nil; ref != c.valid {
			t.Errorf("%s: the validator says valid=%v", c.body, ref)
		}
	}
	// Without the member, both branches may take the object: a oneOf is left to a validator.
	for _, body := range []string{`{"binding": {"direction": "in"}}`, `{"binding": {}}`} {
		if err := new(checkstyping.Beside).DecodeChecked([]byte(body), false); !errors.Is(err, checkstyping.ErrNotChecked) {
			t.Errorf("%s: %v, want ErrNotChecked", body, err)
		}
	}
}

// TestCounted: contains with minContains and maxContains, on a typed array and on a value of
// any type, multipleOf of a fraction, numeric and string bounds on a value kept as raw JSON,
// and prefixItems with the items after them, are decided as the validator decides them.
func TestCounted(t *testing.T) {
	schema, err := validate.LoadSchema("testdata/checkstyping/counted.json", validate.SchemaOptions{Mode: validate.ModeDefault, AssertFormats: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		body  string
		valid bool
	}{
		{`{}`, true},
		{`{"nums": [5, 6]}`, true},
		{`{"nums": [5, 1, 7, 9]}`, true},
		{`{"nums": [5]}`, false},
		{`{"nums": [5, 6, 7, 8]}`, false},
		{`{"any": ["a", "bc"]}`, true},
		{`{"any": ["a", 1]}`, false},
		{`{"any": "not an array"}`, true},
		{`{"any": []}`, false},
		{`{"ratio": 0.07}`, true},
		{`{"ratio": 1.1}`, true},
		{`{"ratio": 0.075}`, false},
		{`{"free": 0.5}`, true},
		{`{"free": 2}`, false},
		{`{"free": 2e0}`, false},
		{`{"free": "abcd"}`, true},
		{`{"free": "ab"}`, false},
		{`{"free": "b"}`, true},
		{`{"free": [1]}`, false},
		{`{"free": null}`, false},
		{`{"pair": [1, "a"]}`, true},
		{`{"pair": [1.0]}`, true},
		{`{"pair": [1.5, "a"]}`, false},
		{`{"pair": [1, ""]}`, false},
		{`{"pair": [1, "a", 2]}`, false},
		{`{"tail": [1, "a", 2, 3]}`, true},
		{`{"tail": [2]}`, false},
		{`{"tail": [1, "a", 1]}`, false},
		{`{"tail": [1, 2]}`, false},
	} {
		err := new(checkstyping.Counted).DecodeChecked([]byte(c.body), false)
		switch {
		case errors.Is(err, checkstyping.ErrNotChecked):
			t.Errorf("%s: defers: %v", c.body, err)
		case (err == nil) != c.valid:
			t.Errorf("%s: %v, want valid=%v", c.body, err, c.valid)
		}
		if ref := schema.Validate([]byte(c.body)) == nil; ref != c.valid {
			t.Errorf("%s: the validator says valid=%v", c.body, ref)
		}
	}
}

// A document typed by one member of its allOf, with more said beside it, leaves its root to a
// validator: the type's checks are the member's alone. (Compiling contains once made such a
// root say valid where unevaluatedItems beside the allOf fails.)
func TestRootTypedByAllOfMemberDefers(t *testing.T) {
	got := checkDeferrals(t, `{"$schema": "https://json-schema.org/draft/2020-12/schema",
		"allOf": [{"contains": {"multipleOf": 2}}, {"contains": {"multipleOf": 3}}], "unevaluatedItems": {"multipleOf": 5}}`)
	if !slices.Contains(got, "s.json#/: allOf") {
		t.Errorf("deferrals %q, want the root's allOf among them", got)
	}
}

// A document typed as the schema its $ref names, with more beside the $ref (drafts 2019-09
// on), leaves its root to a validator. (Compiling prefixItems once made such a root say valid
// where unevaluatedItems beside the $ref fails.)
func TestRootTypedByRefDefers(t *testing.T) {
	got := checkDeferrals(t, `{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#/$defs/bar",
		"prefixItems": [{"type": "string"}], "unevaluatedItems": false, "$defs": {"bar": {"prefixItems": [true, {"type": "string"}]}}}`)
	if !slices.Contains(got, "s.json#/: $ref") {
		t.Errorf("deferrals %q, want the root's $ref among them", got)
	}
	// Before 2019-09 the keywords beside a $ref are not read: nothing to leave.
	got = checkDeferrals(t, `{"$schema": "http://json-schema.org/draft-07/schema#", "$ref": "#/definitions/bar",
		"minItems": 3, "definitions": {"bar": {"type": "array", "items": {"type": "string"}}}}`)
	if slices.Contains(got, "s.json#/: $ref") {
		t.Errorf("draft 7: deferrals %q, want none for the $ref", got)
	}
}
