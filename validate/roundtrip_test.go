package validate_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

// sameInstant compares two RFC 3339 timestamps by the instant they name. date-time members
// decode into time.Time, which keeps the instant but not the spelling: "…26.120Z" encodes
// as "…26.12Z". Every other string must match exactly.
var sameInstant = cmp.FilterValues(func(a, b string) bool {
	_, errA := time.Parse(time.RFC3339Nano, a)
	_, errB := time.Parse(time.RFC3339Nano, b)
	return errA == nil && errB == nil
}, cmp.Comparer(func(a, b string) bool {
	ta, _ := time.Parse(time.RFC3339Nano, a)
	tb, _ := time.Parse(time.RFC3339Nano, b)
	return ta.Equal(tb)
}))

func decodeTree(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("decode: %v\n%s", err, data)
	}
	return v
}

// TestRoundTrip decodes every accepted fixture into its generated type and encodes it again:
// the JSON must be the same document, unknown members included.
func TestRoundTrip(t *testing.T) {
	for _, kind := range []string{"valid", "lenient"} {
		all := fixtures(t, kind)
		for _, name := range sortedKeys(all) {
			path := all[name]
			t.Run(kind+"/"+name, func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				ev, err := validate.Parse(data)
				if err != nil {
					t.Fatal(err)
				}
				out, err := json.Marshal(ev)
				if err != nil {
					t.Fatalf("encode %T: %v", ev, err)
				}
				if diff := cmp.Diff(decodeTree(t, data), decodeTree(t, out), sameInstant); diff != "" {
					t.Errorf("re-encoded %T differs (-fixture +encoded):\n%s", ev, diff)
				}
			})
		}
	}
}

// TestSeedFixturesAreByteCopies checks that every seed-*.json fixture appears byte for byte
// in the vendor documents the project started from (../shared/seeds beside the repository),
// and that every example there has its fixture.
func TestSeedFixturesAreByteCopies(t *testing.T) {
	docs, _ := filepath.Glob("../../shared/seeds/*.txt")
	if len(docs) == 0 {
		abs, _ := filepath.Abs("../../shared/seeds")
		t.Skipf("the vendor seed documents (the Railz webhook documentation pages testdata/valid copies) are not at %s", abs)
	}
	var texts [][]byte
	for _, d := range docs {
		b, err := os.ReadFile(d)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, b)
	}
	seeds, _ := filepath.Glob("../testdata/valid/*/seed-*.json")
	if len(seeds) != 6 {
		t.Errorf("%d seed fixtures, want 6 (two batchPush, three data, one dataPerType)", len(seeds))
	}
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, text := range texts {
			if bytes.Contains(text, b) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s is not a byte-for-byte copy of an example in the seed documents", s)
		}
	}
}

// TestSchemaExamples checks the examples embedded in each event schema (printed by
// `railzhook example`) are valid in strict mode and name their event.
func TestSchemaExamples(t *testing.T) {
	evs, err := schemas.Events()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		exs, err := schemas.Examples(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(exs) == 0 {
			t.Errorf("%s: the schema has no examples", e.File)
		}
		for i, ex := range exs {
			ev, err := validate.Parse(ex, validate.Strict())
			if err != nil {
				t.Errorf("%s example %d: %v", e.File, i, err)
				continue
			}
			if string(ev.EventName()) != e.Name {
				t.Errorf("%s example %d is a %s event", e.File, i, ev.EventName())
			}
		}
	}
}

// TestEventNamesAgree checks the EventName enum lists exactly the events that have a schema,
// and that NewEvent knows each of them.
func TestEventNamesAgree(t *testing.T) {
	evs, err := schemas.Events()
	if err != nil {
		t.Fatal(err)
	}
	var fromSchemas []string
	for _, e := range evs {
		fromSchemas = append(fromSchemas, e.Name)
		if railz.NewEvent(railz.EventName(e.Name)) == nil {
			t.Errorf("railz.NewEvent(%q) = nil", e.Name)
		}
	}
	var fromEnum []string
	for _, v := range railz.EventNameValues() {
		fromEnum = append(fromEnum, string(v))
	}
	if diff := cmp.Diff(fromSchemas, sortStrings(fromEnum)); diff != "" {
		t.Errorf("EventName enum and event schemas differ (-schemas +enum):\n%s", diff)
	}
}

func sortStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
