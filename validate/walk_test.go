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
	payloads := map[string][]byte{"3000 broken items": []byte(big.String())}
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
