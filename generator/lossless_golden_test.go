package generator_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/railzhook/railzhook/generator/testdata/checkslossless"
	"github.com/railzhook/railzhook/generator/testdata/lossless"
)

// TestLosslessGolden holds UnmarshalJSON, generated with the checks and without, to its promise
// on values that decoding once changed: it fails, naming the pointer of the value, or gives a
// value that encodes as the same JSON tree, numbers equal to the digit.
func TestLosslessGolden(t *testing.T) {
	for _, c := range []struct {
		in      string
		pointer string // "" when the value decodes
		keyword string
	}{
		// The first object branch of a oneOf once took every object, dropping its members.
		{in: `{"exports": {"import": "./a.mjs", "require": "./a.cjs"}}`},
		{in: `{"exports": {"./a": "./a.js"}}`},
		{in: `{"exports": "./a.js"}`},
		{in: `{"exports": {"./a": "./a.js", "import": "x"}}`, pointer: "/exports/.~1a", keyword: "additionalProperties"}, // the last branch's error,
		// A closed object once skipped a member it does not allow.
		{in: `{"closed": {"a": "x", "z": 1}}`, pointer: "/closed/z", keyword: "additionalProperties"},
		// A missing required member was once a zero value, which encodes as a member.
		{in: `{"person": {}}`, pointer: "/person/name", keyword: "required"},
		{in: `{"person": {"name": "Ann"}}`},
		// null was once a zero value, or an absent member.
		{in: `{"person": {"name": null}}`, pointer: "/person/name", keyword: "type"},
		{in: `{"person": {"name": "Ann", "age": null}}`, pointer: "/person/age", keyword: "type"},
		{in: `{"person": null}`, pointer: "/person", keyword: "type"},
		{in: `{"list": [1, null]}`, pointer: "/list/1", keyword: "type"},
		{in: `{"n": null}`, pointer: "/n", keyword: "type"},
		// null is one of the values {} takes: held, not taken for absent.
		{in: `{"free": null}`},
		{in: `{"free": 1.5}`},
		{in: `{"free": [1e400]}`},
		// Numbers a Go number does not hold exactly fail; they were once rounded or zero.
		{in: `{"n": 123456789012345678901234567890}`, pointer: "/n", keyword: "number"},
		{in: `{"n": 9223372036854775808}`, pointer: "/n", keyword: "number"},
		{in: `{"n": 2e3}`},
		{in: `{"f": 1e400}`, pointer: "/f", keyword: "number"},
		{in: `{"f": 2.5e-400}`, pointer: "/f", keyword: "number"},
		{in: `{"f": 0.10000000000000000000001}`, pointer: "/f", keyword: "number"},
		{in: `{"f": 123456789012345678901234567890}`, pointer: "/f", keyword: "number"},
		{in: `{"f": 0.1}`},
		{in: `{"f": 1e-320}`},
		{in: `{"f": 0.30000000000000004}`},
		{in: `{"f": 1.50}`},
		{in: `{"f": 100000000000000000000000}`},
		// A union tries its next branch for a number the first cannot hold.
		{in: `{"amount": 1e30}`},
		{in: `{"amount": 3}`},
		{in: `{"amount": 1e400}`, pointer: "/amount", keyword: "number"},
		// A listed value of a string beside an enumeration.
		{in: `{"word": "a"}`},
		{in: `{"word": "c"}`},
		// Objects told apart by required members: both a and c are there, and only the branch
		// of c takes a string a.
		{in: `{"shape": {"a": "x", "c": "y"}}`},
		{in: `{"shape": {"a": 1, "c": "y"}}`},
		{in: `{"shape": {"a": 1}}`},
		// Told apart by the value of mode, which the first branch does not require: without
		// it, the first branch may hold the object as well as the one for other values.
		{in: `{"pick": {"x": 1}}`},
		{in: `{"pick": {"x": "s"}}`},
		{in: `{"pick": {"mode": "a", "x": 1}}`},
		{in: `{"pick": {"mode": 2, "x": "s"}}`},
	} {
		for _, v := range []any{new(lossless.Pkg), new(checkslossless.Pkg)} {
			err := json.Unmarshal([]byte(c.in), v)
			if c.pointer == "" {
				if err != nil {
					t.Errorf("%T: %s: %v", v, c.in, err)
					continue
				}
				out, err := json.Marshal(v)
				if err != nil {
					t.Errorf("%T: %s: encoding: %v", v, c.in, err)
					continue
				}
				a, _ := exactTree([]byte(c.in))
				b, err := exactTree(out)
				if err != nil || !sameExact(a, b) {
					t.Errorf("%T: %s comes back as %s", v, c.in, out)
				}
				continue
			}
			pointer, keyword := "", ""
			var de *lossless.DecodeError
			var cde *checkslossless.DecodeError
			switch {
			case errors.As(err, &de):
				pointer, keyword = de.Pointer, de.Keyword
			case errors.As(err, &cde):
				pointer, keyword = cde.Pointer, cde.Keyword
			}
			if pointer != c.pointer || keyword != c.keyword {
				out, _ := json.Marshal(v)
				t.Errorf("%T: %s: error %v (pointer %q, keyword %q), want one at %s (%s); the value encodes as %s", v, c.in, err, pointer, keyword, c.pointer, c.keyword, out)
			}
		}
	}
	// The branches that took the values.
	var p lossless.Pkg
	if err := json.Unmarshal([]byte(`{"exports": {"import": "./a.mjs"}, "shape": {"a": "x", "c": "y"}, "amount": 1e30}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Exports.Import == nil || p.Shape.C == nil || p.Amount.Number == nil {
		t.Errorf("%+v %+v %+v", p.Exports, p.Shape, p.Amount)
	}
	if err := json.Unmarshal([]byte(`{"pick": {"x": 1}}`), &p); err != nil || p.Pick.A == nil {
		t.Errorf("%+v, %v", p.Pick, err)
	}
	if v := reflect.ValueOf(p.Free); v.FieldByName("Set").Bool() {
		t.Error("an absent free is set")
	}
}
