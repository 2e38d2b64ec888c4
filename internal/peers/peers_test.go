package peers

import (
	"path/filepath"
	"testing"

	"github.com/railzhook/railzhook/internal/corpus"
)

// TestSample runs the measurement on two corpus schemas with railzhook's own generator (the
// peers need npm and a download, which make peers does): every figure must be there, and the
// valid instance must come back as the same tree.
func TestSample(t *testing.T) {
	dir, _ := filepath.Abs("../../../shared/corpus")
	if !corpus.Present(dir) {
		t.Skip(corpus.Where(dir))
	}
	if testing.Short() {
		t.Skip("builds generated packages")
	}
	only := []string{"schemastore/schemas/abc-supply-plan-10.0.0.json", "go-jsonschema/data/core/ref/ref.json"}
	rep, err := Run(Config{Corpus: dir, Work: t.TempDir(), Only: only, Tools: []string{Railzhook, RailzhookChecks}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Common()) != 2 {
		t.Fatalf("%d schemas generated and compiled by both, want 2", len(rep.Common()))
	}
	plain, checked := Sum(rep.Schemas, Railzhook), Sum(rep.Schemas, RailzhookChecks)
	for _, s := range []Totals{plain, checked} {
		if s.Lines == 0 || s.Types == 0 || s.Build == 0 || s.MaxRSS == 0 {
			t.Errorf("figures missing: %+v", s)
		}
		if s.Valid == 0 || s.Exact != s.Valid {
			t.Errorf("%d of %d valid instances round-trip exactly", s.Exact, s.Valid)
		}
	}
	if checked.Lines <= plain.Lines {
		t.Errorf("--checks gives %d lines, no more than the %d without", checked.Lines, plain.Lines)
	}
	if got := goJSONSchemaRoot("/x/abc-supply-plan-10.0.0.json"); got != "AbcSupplyPlan1000Json" {
		t.Errorf("goJSONSchemaRoot = %q", got)
	}
	declared := map[string]bool{"Item": true}
	for name, want := range map[string]bool{"Item2": true, "Object1": true, "Draft7": false, "V2Config": false, "Thing": false} {
		if isNumbered(name, declared) != want {
			t.Errorf("isNumbered(%s) = %v", name, !want)
		}
	}
}
