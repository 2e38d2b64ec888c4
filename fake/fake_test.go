package fake_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/railzhook/railzhook/fake"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

func events(t *testing.T) []string {
	t.Helper()
	evs, err := schemas.Events()
	if err != nil || len(evs) == 0 {
		t.Fatalf("no events: %v", err)
	}
	var names []string
	for _, e := range evs {
		names = append(names, e.Name)
	}
	return names
}

func target(t testing.TB, event string, mode validate.Mode) validate.Target {
	t.Helper()
	tg, err := validate.EventTarget(event, mode)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// judge validates a payload independently of the generator: Parse with the event's schema.
func judge(event string, payload []byte, mode validate.Mode) error {
	return validate.Validate(payload, validate.ForEvent(event), validate.WithMode(mode))
}

// TestCover: for every event in both modes the covering set is valid, covers every option of
// every choice point, and in default mode adds lenient cases (accepted in default mode,
// refused in strict), in strict mode none.
func TestCover(t *testing.T) {
	for _, ev := range events(t) {
		for _, mode := range []validate.Mode{validate.ModeDefault, validate.ModeStrict} {
			cases, rep, err := fake.New(target(t, ev, mode)).Cover()
			if err != nil {
				t.Fatalf("%s %s: %v", ev, mode, err)
			}
			if rep.Covered != rep.Options || len(rep.Uncovered) > 0 || rep.Options == 0 {
				t.Errorf("%s %s: %d of %d options covered; uncovered: %v", ev, mode, rep.Covered, rep.Options, rep.Uncovered)
			}
			lenient := 0
			for _, c := range cases {
				if !c.Valid || c.Error != nil {
					t.Errorf("%s %s %s: not a valid case", ev, mode, c.Name)
				}
				if err := judge(ev, c.Payload, mode); err != nil {
					t.Errorf("%s %s %s: emitted a payload its schema rejects: %v\n%s", ev, mode, c.Name, err, c.Payload)
				}
				if strings.HasPrefix(c.Name, "lenient-") {
					lenient++
					if judge(ev, c.Payload, validate.ModeStrict) == nil {
						t.Errorf("%s %s: lenient case accepted in strict mode", ev, c.Name)
					}
				}
			}
			if (mode == validate.ModeDefault) != (lenient > 0) {
				t.Errorf("%s %s: %d lenient cases", ev, mode, lenient)
			}
			again, _, _ := fake.New(target(t, ev, mode)).Cover()
			if len(again) != len(cases) {
				t.Fatalf("%s %s: %d cases the second time, %d the first", ev, mode, len(again), len(cases))
			}
			for i := range again {
				if again[i].Name != cases[i].Name || !bytes.Equal(again[i].Payload, cases[i].Payload) {
					t.Errorf("%s %s: case %d differs the second time", ev, mode, i)
					break
				}
			}
		}
	}
}

// TestCoverShapes: the covering set of data holds both shapes of requests, and every event's
// holds serviceAccountRef inside data and beside it, and each value of the status enum.
func TestCoverShapes(t *testing.T) {
	has := func(cases []fake.Case, pred func(map[string]any) bool) bool {
		for _, c := range cases {
			var v map[string]any
			json.Unmarshal(c.Payload, &v)
			if pred(v) {
				return true
			}
		}
		return false
	}
	data := func(v map[string]any) map[string]any { d, _ := v["data"].(map[string]any); return d }
	cases, _, _ := fake.New(target(t, "data", validate.ModeStrict)).Cover()
	for name, pred := range map[string]func(map[string]any) bool{
		"requests as an array":      func(v map[string]any) bool { _, ok := data(v)["requests"].([]any); return ok },
		"requests as an object":     func(v map[string]any) bool { _, ok := data(v)["requests"].(map[string]any); return ok },
		"serviceAccountRef in data": func(v map[string]any) bool { _, ok := data(v)["serviceAccountRef"]; return ok },
		"serviceAccountRef beside":  func(v map[string]any) bool { _, ok := v["serviceAccountRef"]; return ok },
		"no serviceAccountRef": func(v map[string]any) bool {
			_, a := v["serviceAccountRef"]
			_, b := data(v)["serviceAccountRef"]
			return !a && !b
		},
	} {
		if !has(cases, pred) {
			t.Errorf("data's covering set has no case with %s", name)
		}
	}
	push, _, _ := fake.New(target(t, "push", validate.ModeStrict)).Cover()
	for _, status := range []string{"success", "failed"} {
		if !has(push, func(v map[string]any) bool { return data(v)["status"] == status }) {
			t.Errorf("push's covering set has no status %q", status)
		}
	}
}

// TestRandom: thousands of seeded instances per event, every one valid; the same seed gives
// the same bytes, another seed other bytes.
func TestRandom(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 100
	}
	for _, ev := range events(t) {
		g := fake.New(target(t, ev, validate.ModeDefault))
		cases, err := g.Random(7, n)
		if err != nil || len(cases) != n {
			t.Fatalf("%s: %d cases, %v", ev, len(cases), err)
		}
		for _, c := range cases {
			if err := judge(ev, c.Payload, validate.ModeDefault); err != nil {
				t.Fatalf("%s %s: emitted a payload its schema rejects: %v\n%s", ev, c.Name, err, c.Payload)
			}
		}
		again, _ := fake.New(target(t, ev, validate.ModeDefault)).Random(7, 10)
		for i := range again {
			if !bytes.Equal(again[i].Payload, cases[i].Payload) {
				t.Errorf("%s: seed 7 gave other bytes the second time", ev)
			}
		}
		other, _ := g.Random(8, 10)
		same := 0
		for i := range other {
			if bytes.Equal(other[i].Payload, cases[i].Payload) {
				same++
			}
		}
		if same == len(other) {
			t.Errorf("%s: seeds 7 and 8 gave the same instances", ev)
		}
	}
}

// TestInvalid: every invalid case is rejected with exactly its paired error; the cases cover
// required members, types, enumerations, formats and bounds.
func TestInvalid(t *testing.T) {
	keywords := map[string]bool{}
	for _, ev := range events(t) {
		for _, mode := range []validate.Mode{validate.ModeDefault, validate.ModeStrict} {
			cases, err := fake.New(target(t, ev, mode)).Invalid()
			if err != nil || len(cases) == 0 {
				t.Fatalf("%s %s: %d cases, %v", ev, mode, len(cases), err)
			}
			for _, c := range cases {
				err := judge(ev, c.Payload, mode)
				var verr *validate.Error
				if !errors.As(err, &verr) || c.Error == nil {
					t.Fatalf("%s %s %s: accepted: %v", ev, mode, c.Name, err)
				}
				if diff := cmp.Diff([]validate.FieldError{*c.Error}, verr.Errors); diff != "" {
					t.Errorf("%s %s %s: not exactly the paired error (-paired +reported):\n%s", ev, mode, c.Name, diff)
				}
				keywords[c.Error.Keyword] = true
			}
		}
	}
	for _, k := range []string{"required", "type", "enum", "format", "minimum", "maximum", "minLength", "additionalProperties"} {
		if !keywords[k] {
			t.Errorf("no invalid case breaks %s", k)
		}
	}
}

// TestAnySchema: the generator works from any schema file, with patterns, bounds, unions and
// conditionals, and says so when a schema cannot be satisfied.
func TestAnySchema(t *testing.T) {
	dir := t.TempDir()
	write := func(name, doc string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(doc), 0o644)
		return p
	}
	file := write("order.json", `{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"type": "object",
		"required": ["id", "lines", "kind"],
		"properties": {
			"id": {"type": "string", "pattern": "^ORD-[0-9]{4}-[A-Z]{2,3}$"},
			"lines": {"type": "array", "minItems": 1, "maxItems": 3, "uniqueItems": true,
				"items": {"type": "object", "required": ["qty"], "properties": {"qty": {"type": "integer", "exclusiveMinimum": 0, "maximum": 99, "multipleOf": 3}}}},
			"kind": {"enum": ["a", "b", 3, null]},
			"note": {"type": ["string", "null"], "minLength": 2, "maxLength": 4},
			"price": {"anyOf": [{"type": "number", "minimum": 0.5}, {"type": "string", "format": "uuid"}]}
		},
		"if": {"properties": {"kind": {"const": "a"}}}, "then": {"required": ["note"]},
		"patternProperties": {"^x-[a-z]+$": {"type": "boolean"}}
	}`)
	tg, err := validate.LoadTarget(file, validate.SchemaOptions{AssertFormats: true})
	if err != nil {
		t.Fatal(err)
	}
	g := fake.New(tg)
	cases, rep, err := g.Cover()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Covered == 0 {
		t.Errorf("nothing covered: %+v", rep)
	}
	random, err := g.Random(3, 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(cases, random...) {
		if err := tg.Check(c.Payload); err != nil {
			t.Errorf("%s: %v\n%s", c.Name, err, c.Payload)
		}
	}
	invalid, err := g.Invalid()
	if err != nil || len(invalid) < 5 {
		t.Errorf("%d invalid cases, %v", len(invalid), err)
	}
	impossible := write("impossible.json", `{"type": "string", "minLength": 5, "maxLength": 2}`)
	tg, err = validate.LoadTarget(impossible, validate.SchemaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := fake.New(tg).Cover(); !errors.Is(err, fake.ErrUnsatisfiable) {
		t.Errorf("unsatisfiable schema: %v", err)
	}
}
