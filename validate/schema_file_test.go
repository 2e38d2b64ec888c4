package validate_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/railzhook/railzhook/validate"
)

func loadSchema(t *testing.T, name string, o validate.SchemaOptions) *validate.Schema {
	t.Helper()
	s, err := validate.LoadSchema(filepath.Join("testdata", "schemas", name), o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func errorsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var verr *validate.Error
	if !errors.As(err, &verr) {
		t.Fatalf("%T %v", err, err)
	}
	var out []string
	for _, f := range verr.Errors {
		out = append(out, f.Path+" "+f.Keyword)
	}
	return out
}

// TestLoadSchemaOlderDrafts: a draft-04 document is read as draft-07 (const applies, boolean
// exclusiveMaximum keeps its meaning, id is an $id), a self-referencing allOf compiles, an
// ECMAScript lookahead pattern is evaluated, and a $ref by URL finds a local file by name.
func TestLoadSchemaOlderDrafts(t *testing.T) {
	s := loadSchema(t, "draft04.json", validate.SchemaOptions{})
	cases := map[string][]string{
		`{"kind": "a", "level": 9.5, "tags": ["ok-tag"], "shared": 100}`: nil,
		`{"kind": "c", "level": 9}`:                                      {"/kind const"},
		`{"kind": "b", "level": 10}`:                                     {"/level exclusiveMaximum"},
		`{"kind": "b", "level": 1, "tags": ["x-no"]}`:                    {"/tags/0 pattern"},
		`{"kind": "b", "level": 1, "shared": 99}`:                        {"/shared minimum"},
		`{"level": 1}`: {"/kind required"},
	}
	for in, want := range cases {
		if diff := cmp.Diff(want, errorsOf(t, s.Validate([]byte(in)))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", in, diff)
		}
	}
}

func TestLoadSchemaECMAPatternProperties(t *testing.T) {
	s := loadSchema(t, "ecma.json", validate.SchemaOptions{})
	cases := map[string][]string{
		`{"name": "x", "variables": {}, "v1": "ab"}`: nil,
		`{"name": 1}`:                 {"/name type"},
		`{"v1": "abc"}`:               {"/v1 maxLength"},
		`{"variables": "not object"}`: {"/variables type"},
		`{"": "x"}`:                   {"/ additionalProperties"},
	}
	for in, want := range cases {
		if diff := cmp.Diff(want, errorsOf(t, s.Validate([]byte(in)))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", in, diff)
		}
	}
}

func TestLoadSchemaErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"$ref": "https://elsewhere.test/missing.json"}`), 0o644)
	if _, err := validate.LoadSchema(filepath.Join(dir, "a.json"), validate.SchemaOptions{}); !errors.Is(err, validate.ErrUnresolvable) {
		t.Errorf("unresolvable ref: %v", err)
	}
	if _, err := validate.LoadSchema(filepath.Join(dir, "none.json"), validate.SchemaOptions{}); err == nil {
		t.Error("missing file accepted")
	}
	os.WriteFile(filepath.Join(dir, "b.json"), []byte(`{"type": 5}`), 0o644)
	if _, err := validate.LoadSchema(filepath.Join(dir, "b.json"), validate.SchemaOptions{}); err == nil || errors.Is(err, validate.ErrUnresolvable) {
		t.Errorf("invalid schema: %v", err)
	}
	for _, doc := range []string{`{"minimum": 1e10000000}`, `{"minLength": 1e10000000}`, `{"enum": [1, -1E-999999]}`} {
		os.WriteFile(filepath.Join(dir, "c.json"), []byte(doc), 0o644)
		if _, err := validate.LoadSchema(filepath.Join(dir, "c.json"), validate.SchemaOptions{}); err == nil || !strings.Contains(err.Error(), "beyond the limits") {
			t.Errorf("%s: %v, want a number beyond the limits", doc, err)
		}
	}
}

// TestSchemaHugeNumbers: validate --schema gives every number a verdict: within the limits it
// is judged, beyond them it is a KeywordNumber error at its pointer, never a panic.
func TestSchemaHugeNumbers(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.json")
	os.WriteFile(file, []byte(`{"properties": {"n": {"type": "integer", "minimum": 0, "maximum": 10, "multipleOf": 2}, "e": {"enum": [1, 2]}}, "items": {"uniqueItems": true}}`), 0o644)
	s, err := validate.LoadSchema(file, validate.SchemaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		`{"n": 1e10000000}`:      {"/n number"},
		`{"n": 1e1000}`:          {"/n maximum"},
		`{"n": -1e1000}`:         {"/n minimum"},
		`{"n": 4e-0}`:            nil,
		`{"e": 1e10000000}`:      {"/e number"},
		`{"e": 1.0}`:             nil,
		`[[1e999999, 1e999999]]`: {"/0/0 number"},
		`{"x": ` + strings.Repeat("7", 1001) + `}`: {"/x number"},
	}
	for in, want := range cases {
		if diff := cmp.Diff(want, errorsOf(t, s.Validate([]byte(in)))); diff != "" {
			t.Errorf("%.60s (-want +got):\n%s", in, diff)
		}
	}
}

// TestCorpusSample validates the instances of a fixed sample of the SchemaStore catalogue
// (../shared/corpus beside this checkout): every valid instance accepted, every invalid one
// rejected. `make corpus` runs the whole catalogue.
func TestCorpusSample(t *testing.T) {
	base := "../../shared/corpus/schemastore"
	if _, err := os.Stat(base); err != nil {
		abs, _ := filepath.Abs(base)
		t.Skipf("the SchemaStore part of the schema corpus is not at %s (`make corpus` says how to get it): %v", abs, err)
	}
	sample := []string{"cloudify", "emmet", "function", "es6importsorterrc", "web-types", "abc-supply-plan-11.0.0", "webjob-publish-settings", "utcm-monitor", "chrome-extension-locales-messages", "azure-iot-edge-deployment-template-2.0"}
	// Instances SchemaStore calls valid that are not, with the one error each must get:
	// SchemaStore's validator takes a date-time without an offset, RFC 3339 does not.
	notRFC3339 := map[string]string{
		"webjob-publish-settings/scheduled.json": "/endTime format",
	}
	for _, name := range sample {
		t.Run(name, func(t *testing.T) {
			// The pattern budget guards against hostile patterns (TestPatternTimeout); it is
			// wall-clock time, and web-types' hundreds of lookahead patterns can exceed the
			// default second on a loaded machine, which this test is not about.
			s, err := validate.LoadSchema(filepath.Join(base, "schemas", name+".json"), validate.SchemaOptions{AssertFormats: true, PatternTimeout: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			for _, kind := range []string{"test", "negative_test"} {
				files, _ := filepath.Glob(filepath.Join(base, kind, name, "*.json"))
				for _, f := range files {
					data, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					err = s.Validate(data)
					if want, ok := notRFC3339[name+"/"+filepath.Base(f)]; ok && kind == "test" {
						if got := errorsOf(t, err); len(got) != 1 || got[0] != want {
							t.Errorf("%s: %v, want only %s", filepath.Base(f), err, want)
						}
						continue
					}
					if kind == "test" && err != nil {
						t.Errorf("%s rejected: %v", filepath.Base(f), err)
					}
					if kind == "negative_test" && err == nil {
						t.Errorf("%s accepted", filepath.Base(f))
					}
					if err != nil && !strings.Contains(err.Error(), "invalid") {
						t.Errorf("%s: %v", f, err)
					}
				}
			}
		})
	}
}

// TestStrictModeClosesSchemasNamedLikeKeywords: a property or definition named default,
// enum, const or examples is a schema like any other: strict mode closes it, and its $refs
// and upgrades apply (only the values of those keywords are skipped).
func TestStrictModeClosesSchemasNamedLikeKeywords(t *testing.T) {
	dir := t.TempDir()
	schema := `{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
		"properties": {
			"default": {"type": "object", "properties": {"a": {"type": "string"}}},
			"enum": {"$ref": "#/definitions/examples"}
		},
		"definitions": {"examples": {"type": "object", "properties": {"n": {"type": "number", "minimum": 1, "exclusiveMinimum": true}}}},
		"default": {"default": {"x": 1}}}`
	file := filepath.Join(dir, "s.json")
	if err := os.WriteFile(file, []byte(schema), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		mode    validate.Mode
		payload string
		valid   bool
	}{
		{validate.ModeDefault, `{"default": {"a": "x", "b": 1}}`, true},
		{validate.ModeStrict, `{"default": {"a": "x"}}`, true},
		{validate.ModeStrict, `{"default": {"a": "x", "b": 1}}`, false},
		{validate.ModeStrict, `{"enum": {"n": 2, "m": 1}}`, false},
		{validate.ModeDefault, `{"enum": {"n": 2, "m": 1}}`, true},
		{validate.ModeDefault, `{"enum": {"n": 1}}`, false}, // draft-04's exclusiveMinimum, upgraded
	}
	for _, c := range cases {
		s, err := validate.LoadSchema(file, validate.SchemaOptions{Mode: c.mode})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate([]byte(c.payload)); (err == nil) != c.valid {
			t.Errorf("mode %d, %s: got %v, want valid=%v", c.mode, c.payload, err, c.valid)
		}
	}
}
