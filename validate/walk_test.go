package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// wholeTree is validation without the walker: santhosh on the whole tree, every error
// collected, then sorted, deduplicated and cut to MaxErrors.
// It also returns how many errors were found twice.
func wholeTree(set *compiledSet, sch *jsonschema.Schema, tree any) ([]FieldError, int, int, error) {
	err := sch.Validate(tree)
	if err == nil {
		return nil, 0, 0, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, 0, 0, err
	}
	errs := set.fieldErrors(ve, tree)
	sortErrors(errs)
	all := len(errs)
	errs = dedupe(errs)
	twice := all - len(errs)
	if len(errs) > MaxErrors {
		return errs[:MaxErrors], len(errs) - MaxErrors, twice, nil
	}
	return errs, 0, twice, nil
}

func agree(t *testing.T, name string, set *compiledSet, sch *jsonschema.Schema, tree any) {
	t.Helper()
	wantErrs, wantOmitted, twice, wantErr := wholeTree(set, sch, tree)
	gotErrs, gotOmitted, gotErr := set.validateTree(sch, tree)
	if (wantErr != nil) != (gotErr != nil) {
		t.Errorf("%s: error %v, want %v", name, gotErr, wantErr)
		return
	}
	// Past the end of the report errors are counted, not compared, so one that two schema
	// routes report alike may be counted twice.
	if diff := cmp.Diff(wantErrs, gotErrs); diff != "" || gotOmitted < wantOmitted || gotOmitted > wantOmitted+twice {
		t.Errorf("%s: walker and santhosh disagree (-santhosh +walker), omitted %d vs %d:\n%s", name, wantOmitted, gotOmitted, diff)
	}
}

// TestWalkerAgreesWithSanthosh: the bounded walker reports exactly what santhosh reports on
// the whole tree, for every fixture in both modes and for payloads with more errors than a
// report keeps.
func TestWalkerAgreesWithSanthosh(t *testing.T) {
	files, _ := filepath.Glob("../testdata/*/*/*.json")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	var big strings.Builder
	big.WriteString(`{"data":{"event":"batchPush","connectionId":"c","serviceName":"xero","batchId":"b","batch":[`)
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&big, `{"status":"x%d","responseCode":%d,"sourceObjectIds":[%d]},1,"s",`, i, i, i)
	}
	big.WriteString(`{}]},"requestId":"not a uuid"}`)
	// Member names judged by propertyNames (unknown data types in strict mode) beside member
	// values that are wrong, more of both than a report keeps.
	var names strings.Builder
	names.WriteString(`{"data":{"event":"data","connectionId":"c","businessName":"b","serviceName":"xero","requests":{`)
	for i := 0; i < 1500; i++ {
		fmt.Fprintf(&names, `"type%d":{"success":-%d,"empty":"0"},"bills%d":7,`, i, i+1, i)
	}
	names.WriteString(`"bills":{"success":1,"empty":0,"failed":0}}},"requestId":"7c8648ce-8244-4948-9a0f-7d01e665d1aa"}`)
	payloads := map[string][]byte{"3000 broken items": []byte(big.String()), "3000 broken data types": []byte(names.String())}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		payloads[f] = b
	}
	for _, mode := range []Mode{ModeDefault, ModeStrict} {
		set, err := compiled[mode]()
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range payloads {
			tree, ferr := readPayload(b)
			if ferr != nil {
				continue
			}
			for _, url := range sortedKeys(set.schemas) {
				agree(t, fmt.Sprintf("%s mode, %s against %s", mode, name, url), set, set.schemas[url], tree)
			}
		}
	}

}

// TestWalkerCountsPropertyNames: past the end of a full report, the errors of propertyNames
// (which judges member names, each an error of its own whatever its subschema says) are
// counted as santhosh reports them.
func TestWalkerCountsPropertyNames(t *testing.T) {
	const url = "file:///names.json"
	schema := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "items": {
		"type": "object", "required": ["id"],
		"propertyNames": {"type": "string", "anyOf": [{"maxLength": 2}, {"minLength": 10}], "not": {"const": "no"}},
		"additionalProperties": {"type": "integer"}}}`
	set, err := compileWith([]sourceDoc{{url: url, data: []byte(schema)}}, ModeDefault, []string{url}, compileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, `{"id": 1, "long%d": 2, "no": 3, "ok": "x"},`, i)
	}
	b.WriteString(`{}]`)
	tree, ferr := readPayload([]byte(b.String()))
	if ferr != nil {
		t.Fatal(ferr)
	}
	agree(t, "300 objects with wrong names", set, set.schemas[url], tree)
	errs, omitted, err := set.validateTree(set.schemas[url], tree)
	if err != nil || len(errs) != MaxErrors || omitted != 3*300+1-MaxErrors {
		t.Errorf("%d errors and %d omitted (%v), want %d and %d", len(errs), omitted, err, MaxErrors, 3*300+1-MaxErrors)
	}
}

// TestWalkerAgreesOnTheSuite: the same comparison on the official JSON-Schema-Test-Suite
// (draft 2020-12 and draft 7), beside this checkout.
func TestWalkerAgreesOnTheSuite(t *testing.T) {
	suite := "../../shared/jsonschema-test-suite"
	if _, err := os.Stat(suite); err != nil {
		abs, _ := filepath.Abs(suite)
		t.Skipf("needs the JSON-Schema-Test-Suite's tests/ and remotes/ at %s (from github.com/json-schema-org/JSON-Schema-Test-Suite): %v", abs, err)
	}
	remotes := filepath.Join(suite, "remotes")
	load := func(url string) ([]byte, error) {
		rest, ok := strings.CutPrefix(url, "http://localhost:1234/")
		if !ok {
			return nil, fmt.Errorf("no remote %s", url)
		}
		return os.ReadFile(filepath.Join(remotes, filepath.FromSlash(rest)))
	}
	checked := 0
	for _, draft := range []string{"draft2020-12", "draft7"} {
		files, _ := filepath.Glob(filepath.Join(suite, "tests", draft, "*.json"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var groups []struct {
				Description string          `json:"description"`
				Schema      json.RawMessage `json:"schema"`
				Tests       []struct {
					Description string          `json:"description"`
					Data        json.RawMessage `json:"data"`
				} `json:"tests"`
			}
			if err := json.Unmarshal(data, &groups); err != nil {
				t.Fatal(err)
			}
			for gi, g := range groups {
				url := fmt.Sprintf("file:///suite/%s/%s/%d.json", draft, filepath.Base(f), gi)
				schema := g.Schema
				if draft == "draft7" && !strings.Contains(string(schema), `"$schema"`) && strings.HasPrefix(string(schema), "{") {
					schema = append([]byte(`{"$schema": "http://json-schema.org/draft-07/schema#",`), schema[1:]...)
					if string(g.Schema) == "{}" {
						schema = []byte(`{"$schema": "http://json-schema.org/draft-07/schema#"}`)
					}
				}
				set, err := compileWith([]sourceDoc{{url: url, data: schema}}, ModeDefault, []string{url}, compileOptions{load: load})
				if err != nil {
					continue // not every suite schema compiles here; conformance is measured elsewhere
				}
				for _, tc := range g.Tests {
					tree, ferr := readPayload(tc.Data)
					if ferr != nil {
						continue
					}
					agree(t, fmt.Sprintf("%s %s / %s / %s", draft, filepath.Base(f), g.Description, tc.Description), set, set.schemas[url], tree)
					checked++
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d suite instances checked", checked)
	}
	t.Logf("%d suite instances checked", checked)
}

// TestPassesShellAgreesWithSanthosh: what the walker accepts without asking santhosh (simple
// shells, integer literals against integer bounds), santhosh accepts too; and the plain cases
// are decided that way.
func TestPassesShellAgreesWithSanthosh(t *testing.T) {
	schemas := []string{
		`{"type": "integer", "minimum": 0, "maximum": 10}`,
		`{"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10}`,
		`{"type": "number", "minimum": -5}`,
		`{"type": ["string", "integer"], "maximum": 9007199254740991}`,
		`{"type": "integer"}`,
		`{"type": "number"}`,
		`{"type": "string", "minimum": 0}`,
		`{"minimum": 0.5}`,
		`{"maximum": -9223372036854775808}`,
		`{"exclusiveMaximum": -9223372036854775808}`,
		`{"exclusiveMinimum": 9223372036854775807}`,
		`{"type": "integer", "minimum": 0, "multipleOf": 2}`,
		`{"type": "object", "required": ["a"]}`,
		`{"type": ["array", "null"]}`,
	}
	values := []string{"0", "-0", "1", "5", "10", "11", "-1", "-5", "1.0", "1e1", "0.5", "9223372036854775807",
		"-9223372036854775808", "99999999999999999999", "9007199254740992", `"5"`, `{"a": 1}`, `{}`, `[]`, `null`, `true`}
	decided := 0
	for i, src := range schemas {
		url := fmt.Sprintf("file:///shell%d.json", i)
		doc := `{"$schema": "https://json-schema.org/draft/2020-12/schema", ` + strings.TrimPrefix(src, "{")
		set, err := compileWith([]sourceDoc{{url: url, data: []byte(doc)}}, ModeDefault, []string{url}, compileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sch := set.schemas[url]
		in := set.info(sch)
		if in.shell == nil {
			t.Fatalf("%s: no shell", src)
		}
		for _, val := range values {
			tree, ferr := readPayload([]byte(val))
			if ferr != nil {
				t.Fatal(ferr)
			}
			if passesShell(in, tree) {
				decided++
				if err := sch.Validate(tree); err != nil {
					t.Errorf("%s against %s: passed without santhosh, which says %v", val, src, err)
				}
			}
		}
	}
	for _, c := range []struct{ schema, value string }{
		{`{"type": "integer", "minimum": 0, "maximum": 10}`, "10"},
		{`{"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10}`, "9"},
		{`{"type": "integer"}`, "-3"},
		{`{"type": "object", "required": ["a"]}`, `{"a": null}`},
	} {
		url := "file:///plain.json"
		doc := `{"$schema": "https://json-schema.org/draft/2020-12/schema", ` + strings.TrimPrefix(c.schema, "{")
		set, err := compileWith([]sourceDoc{{url: url, data: []byte(doc)}}, ModeDefault, []string{url}, compileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tree, _ := readPayload([]byte(c.value))
		if !passesShell(set.info(set.schemas[url]), tree) {
			t.Errorf("%s against %s: left to santhosh", c.value, c.schema)
		}
	}
	if decided == 0 {
		t.Error("no value passed without santhosh")
	}
	t.Logf("%d of %d passed without santhosh", decided, len(schemas)*len(values))
}
