package generator_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/railzhook/railzhook/generator/testdata/allof"
	"github.com/railzhook/railzhook/generator/testdata/checks"
	"github.com/railzhook/railzhook/generator/testdata/checkstyping"
	"github.com/railzhook/railzhook/generator/testdata/discriminated"
	"github.com/railzhook/railzhook/generator/testdata/drafts"
	"github.com/railzhook/railzhook/generator/testdata/embedded"
	"github.com/railzhook/railzhook/generator/testdata/objects"
	"github.com/railzhook/railzhook/generator/testdata/recursive"
	"github.com/railzhook/railzhook/generator/testdata/unions"
)

// FuzzDecode feeds arbitrary bytes to the generated decoders of golden types with unions of
// every kind (tried branches, selectors, dispatch, nesting, type lists and schemas without a
// type), with compiled checks or without, and holds them to a JSON Schema validator:
//
//   - neither UnmarshalJSON nor DecodeChecked panics;
//   - DecodeChecked's verdict, when it gives one (not ErrNotChecked), is the validator's;
//   - a value the validator accepts decodes with UnmarshalJSON and encodes again to the same
//     JSON tree.
//
// It also generates random schemas (see schemaMaker), with the checks and without, and holds
// their decoders to losslessness on the instances package fake makes of them from seed, valid
// and invalid, on those instances with a number no Go number holds exactly, and on data:
// UnmarshalJSON either fails or gives a value that encodes to the same JSON tree, numbers
// equal to the digit (see checkLossless).
//
// Run it with:
//
//	go test ./generator -run '^$' -fuzz FuzzDecode -fuzztime 2m -fuzzminimizetime 10s
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"tree": [[1], 2], "label": "ABC", "amount": 1.0, "setting": null, "option": {"on": true}}`,
		`{"nest": {"next": {"end": "x"}, "end": 1}, "wide": ["x", "j"], "content": [["a", null]]}`,
		`{"entity": {"name": "n", "members": []}, "free": [1, {"a": 2}]}`,
		`{"nodes": [{"properties": {"image": "debian", "cpus": 2}, "type": "vm"}, {"type": "bucket", "properties": {}}],
		  "expr": {"args": [{"op": "num", "args": 1}], "op": "sum"}, "stock": {"levels": [1], "timed": true, "unit": null}}`,
		`{"runtime": {"spec": {"os": "linux"}, "kind": "host"}, "provider": {"name": "local", "region": 3}, "options": {"type": "mock", "port": "p"}}`,
		`{"modules": [{"type": "vm"}, "other.json"], "cert": {"$ref": "#/a"}}`,
		`{"mode": "alpha", "alpha": "a", "shape": {"kind": "circle", "radius": 1.5}, "value": [1]}`,
		`{"id": "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a", "owner": "ann", "plan": "pro", "opened": "2024-05-01T10:00:00Z", "email": "a@b", "seats": 10.0}`,
		`{"codes": {"en": "x"}, "run": ["a", null], "version": "v1", "when": "2024-05-01T10:00:00Z", "rank": 2}`,
		`{"run": null, "when": null, "version": 1, "codes": 2, "rank": [1]}`,
		`{"shape": {"kind": "circle", "radius": 1}, "payment": {"number": "4111", "expiry": "12/30", "iban": "x"}, "size": null, "note": "n"}`,
		`{"value": {"a": 1}, "owner": null, "coOwner": {"id": "2"}, "author": "Ann <a@b>", "note": null}`,
		`{"extends": "base.json", "include": ["src"], "shape": {"kind": "circle", "radius": 2}}`,
		`{"orderId": "o-2", "placedOn": "2024-05-01T10:00:00Z", "total": 1, "paid": true, "lines": [{"sku": "A", "quantity": 2}]}`,
		`[]`, `null`, `{}`, `{"tree": [[[[[[0]]]]]]}`,
		// Once taken: a member left to a validator before the text ends, and a NUL after it.
		`{"alpha":`, "{}\x00",
		// A member only a then describes, of another shape; malformed text inside a tried branch.
		`{"mode":"","alpha":[]}`, "{\"shape\":{\"kind\":\"circle\",\"\x8e\":0}}",
	} {
		f.Add([]byte(s), uint64(0))
	}
	// The random schemas, each with a few seeds.
	for seed := uint64(0); seed < 3*randomSchemas; seed++ {
		f.Add([]byte(`{}`), seed)
	}
	targets := []struct {
		schema string
		decode func(*testing.T, *jsonschema.Schema, []byte)
	}{
		{"testdata/checkstyping/overlap.json", decode[checkstyping.Overlap]},
		{"testdata/checkstyping/selected.json", decode[checkstyping.Selected]},
		{"testdata/checkstyping/merged.json", decode[checkstyping.Merged]},
		{"testdata/checkstyping/roots.json", decode[checkstyping.Roots]},
		{"testdata/checkstyping/typeless.json", decode[checkstyping.Typeless]},
		{"testdata/checkstyping/config.json", decode[checkstyping.Example]},
		{"testdata/checks/account.json", decode[checks.Account]},
		// Generated without the checks: UnmarshalJSON alone.
		{"testdata/discriminated/shapes.json", decode[discriminated.Drawing]},
		{"testdata/unions/payload.json", decode[unions.Payload]},
		{"testdata/allof/config.json", decode[allof.Config]},
		{"testdata/objects/order.json", decode[objects.Order]},
		{"testdata/recursive/list.json", decode[recursive.Node]},
		{"testdata/embedded/catalog.json", decode[embedded.Catalog]},
		{"testdata/drafts/tree.json", decode[drafts.Tree]},
	}
	schemas := make([]*jsonschema.Schema, len(targets))
	for i, tg := range targets {
		c := jsonschema.NewCompiler()
		c.Draft = jsonschema.Draft2020
		c.AssertFormat = true
		data, err := os.ReadFile(tg.schema)
		if err != nil {
			f.Fatal(err)
		}
		if err := c.AddResource(tg.schema, bytes.NewReader(data)); err != nil {
			f.Fatal(err)
		}
		if schemas[i], err = c.Compile(tg.schema); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		for i, tg := range targets {
			tg.decode(t, schemas[i], data)
		}
		randomLossless(t, seed, data)
	})
}

// checked is a generated type's DecodeChecked.
type checked interface {
	DecodeChecked(data []byte, strict bool) error
}

func decode[T any](t *testing.T, schema *jsonschema.Schema, data []byte) {
	var v T
	uerr := json.Unmarshal(data, &v)
	var c T
	cd, hasChecks := any(&c).(checked)
	cerr := errors.New("no checks")
	if hasChecks {
		cerr = cd.DecodeChecked(data, false)
	}
	var tree any
	if json.Unmarshal(data, &tree) != nil {
		if hasChecks && (cerr == nil || errors.Is(cerr, checkstyping.ErrNotChecked) || errors.Is(cerr, checks.ErrNotChecked)) {
			t.Fatalf("%T: %q is not JSON, but DecodeChecked says %v", v, data, cerr)
		}
		return
	}
	deferred := !hasChecks || errors.Is(cerr, checkstyping.ErrNotChecked) || errors.Is(cerr, checks.ErrNotChecked)
	errOf := cerr
	if !hasChecks {
		errOf = uerr
	}
	switch keywordOf(errOf) {
	case "syntax", "number", "depth":
		return // duplicate members, invalid UTF-8, or beyond the reader's limits: encoding/json reads those
	}
	valid := schema.Validate(tree) == nil
	if !deferred && valid != (cerr == nil) {
		t.Fatalf("%T: %s: DecodeChecked says %v, the validator says valid=%v", v, data, cerr, valid)
	}
	if !valid {
		return
	}
	if uerr != nil {
		t.Fatalf("%T: %s is valid, but UnmarshalJSON fails: %v", v, data, uerr)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%T: decoded %s, but encoding fails: %v", v, data, err)
	}
	var back any
	if json.Unmarshal(out, &back) != nil || !reflect.DeepEqual(tree, back) {
		t.Fatalf("%T: %s comes back as %s", v, data, out)
	}
}

// keywordOf returns the Keyword of the generated DecodeError in err's chain (each generated
// package has a DecodeError type of its own), or "".
func keywordOf(err error) string {
	for ; err != nil; err = errors.Unwrap(err) {
		if v := reflect.ValueOf(err); v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
			if k := v.Elem().FieldByName("Keyword"); k.IsValid() && k.Kind() == reflect.String && v.Elem().Type().Name() == "DecodeError" {
				return k.String()
			}
		}
	}
	return ""
}
