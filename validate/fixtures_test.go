package validate_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/railzhook/railzhook/validate"
)

var update = flag.Bool("update", false, "rewrite the .golden files of the fixtures")

const testdata = "../testdata"

// golden is the expected outcome of a fixture in both modes; null means valid.
type golden struct {
	Default *validate.Error `json:"default"`
	Strict  *validate.Error `json:"strict"`
}

// fixtures lists testdata/<kind>/<dir>/*.json as "dir/name" -> path.
func fixtures(t *testing.T, kind string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(testdata, kind, "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s/%s", testdata, kind)
	}
	out := map[string]string{}
	for _, f := range files {
		out[filepath.Base(filepath.Dir(f))+"/"+strings.TrimSuffix(filepath.Base(f), ".json")] = f
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// outcome validates a payload in a mode, returning nil when it is valid.
func outcome(t *testing.T, data []byte, opts ...validate.Option) *validate.Error {
	t.Helper()
	_, err := validate.Parse(data, opts...)
	if err == nil {
		return nil
	}
	var verr *validate.Error
	if !errors.As(err, &verr) {
		t.Fatalf("Parse returned %T (%v), want *validate.Error", err, err)
	}
	if len(verr.Errors) == 0 {
		t.Fatalf("Parse returned a *validate.Error with no field errors")
	}
	return verr
}

func TestValidFixtures(t *testing.T) {
	for _, name := range sortedKeys(fixtures(t, "valid")) {
		path := fixtures(t, "valid")[name]
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ev, err := validate.Parse(data)
			if err != nil {
				t.Fatalf("default mode: %v", err)
			}
			if got, want := string(ev.EventName()), filepath.Base(filepath.Dir(path)); got != want {
				t.Errorf("event %q, want %q (its directory)", got, want)
			}
			if err := validate.Validate(data, validate.Strict()); err != nil {
				t.Errorf("strict mode: %v", err)
			}
		})
	}
}

// TestRejectedFixtures runs testdata/lenient (valid in default mode only) and testdata/invalid
// (invalid in both modes) against their .golden files. Fixtures in a directory named after an
// event are checked against that event's schema (ForEvent), so a wrong data.event shows as a
// const error; those under envelope/ are dispatched on their data.event.
func TestRejectedFixtures(t *testing.T) {
	for _, kind := range []string{"lenient", "invalid"} {
		all := fixtures(t, kind)
		for _, name := range sortedKeys(all) {
			path := all[name]
			t.Run(kind+"/"+name, func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				var opts []validate.Option
				if dir := filepath.Base(filepath.Dir(path)); dir != "envelope" {
					opts = append(opts, validate.ForEvent(dir))
				}
				got := golden{
					Default: outcome(t, data, opts...),
					Strict:  outcome(t, data, append(opts, validate.Strict())...),
				}
				if kind == "lenient" && got.Default != nil {
					t.Errorf("lenient fixture rejected in default mode: %v", got.Default)
				}
				if got.Strict == nil {
					t.Errorf("%s fixture accepted in strict mode", kind)
				}
				if kind == "invalid" && got.Default == nil {
					t.Errorf("invalid fixture accepted in default mode")
				}
				goldenPath := strings.TrimSuffix(path, ".json") + ".golden"
				if *update {
					out, err := json.MarshalIndent(got, "", "  ")
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(goldenPath, append(out, '\n'), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				raw, err := os.ReadFile(goldenPath)
				if err != nil {
					t.Fatalf("%v (run go test ./validate -run TestRejectedFixtures -update to create it)", err)
				}
				var want golden
				if err := json.Unmarshal(raw, &want); err != nil {
					t.Fatalf("%s: %v", goldenPath, err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("errors differ from %s (-want +got):\n%s", goldenPath, diff)
				}
			})
		}
	}
}

// TestInvalidFixturesCoverage keeps the invalid fixtures honest about what they cover.
func TestInvalidFixturesCoverage(t *testing.T) {
	all := fixtures(t, "invalid")
	if len(all) < 25 {
		t.Errorf("%d invalid fixtures, want at least 25", len(all))
	}
	keywords := map[string]bool{}
	union := false
	for _, path := range all {
		raw, err := os.ReadFile(strings.TrimSuffix(path, ".json") + ".golden")
		if err != nil {
			t.Fatal(err)
		}
		var g golden
		if err := json.Unmarshal(raw, &g); err != nil {
			t.Fatal(err)
		}
		if g.Default == nil {
			continue
		}
		for _, f := range g.Default.Errors {
			keywords[f.Keyword] = true
			if strings.HasPrefix(f.Path, "/data/requests") && strings.Contains(path, "/data/") {
				union = true
			}
		}
	}
	for _, k := range []string{"required", "type", "enum", "format", "const", "minimum", "minLength",
		validate.KeywordEmpty, validate.KeywordSyntax, validate.KeywordEncoding, validate.KeywordDuplicateKey} {
		if !keywords[k] {
			t.Errorf("no invalid fixture fails on %q", k)
		}
	}
	if !union {
		t.Errorf("no invalid fixture exercises the requests union of the data event")
	}
}
