package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// decideCase is one schema of testdata/decide.json with instances: whether the validator
// accepts each, and whether the generated checks are expected to leave it to the validator.
type decideCase struct {
	Name   string          `json:"name"`
	Schema json.RawMessage `json:"schema"`
	Tests  []struct {
		Data json.RawMessage `json:"data"`
		Raw  string          `json:"raw"` // the instance's text, for numbers beyond float64

		Valid  bool `json:"valid"`
		Defers bool `json:"defers"`
	} `json:"tests"`
}

// TestChecksDecide generates the schemas of testdata/decide.json with checks and judges their
// instances with the root type's DecodeChecked and with `railzhook validate --schema`: the
// validator gives the expected verdict, the checks decide every instance not marked as
// deferring, and every verdict they give is the validator's.
func TestChecksDecide(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generated packages")
	}
	data, err := os.ReadFile("testdata/decide.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []decideCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	var runCases []Case
	type expect struct{ valid, defers bool }
	want := map[string]expect{}
	for _, c := range cases {
		dir := filepath.Join(work, "cases", c.Name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "schema.json")
		if err := os.WriteFile(file, c.Schema, 0o644); err != nil {
			t.Fatal(err)
		}
		rc := Case{Label: c.Name + "/schema.json", File: file}
		for i, tc := range c.Tests {
			f := filepath.Join(dir, fmt.Sprintf("%d.json", i))
			text := []byte(tc.Data)
			if tc.Raw != "" {
				text = []byte(tc.Raw)
			}
			if err := os.WriteFile(f, text, 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.Valid {
				rc.Valid = append(rc.Valid, f)
			} else {
				rc.Invalid = append(rc.Invalid, f)
			}
			want[f] = expect{tc.Valid, tc.Defers}
		}
		runCases = append(runCases, rc)
	}
	repo, _ := filepath.Abs("../..")
	rep, err := Run(Config{Corpus: filepath.Join(work, "cases"), Work: work, Repo: repo, Cases: runCases, NoFake: true, NoSpeed: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Schemas {
		if !s.Compiled {
			t.Errorf("%s: %s", s.Path, s.Reason)
			continue
		}
		if s.ValidatorErr != "" {
			t.Errorf("%s: validator: %s", s.Path, s.ValidatorErr)
		}
		for f, w := range want {
			if filepath.Base(filepath.Dir(f))+"/schema.json" != s.Path {
				continue
			}
			name := s.Path + " " + filepath.Base(f)
			ref, judged := s.Reference[f]
			if !judged || ref != w.valid {
				t.Errorf("%s: the validator says valid=%v (judged %v), the case says %v", name, ref, judged, w.valid)
			}
			got := s.Checked[f]
			switch {
			case got == "deferred" && !w.defers:
				t.Errorf("%s: the checks defer (%s), want a verdict", name, s.Deferred[f])
			case got != "deferred" && w.defers:
				t.Errorf("%s: the checks say %s, want them to defer", name, got)
			case got == "valid" && !ref, got == "invalid" && ref:
				t.Errorf("%s: the checks say %s, the validator valid=%v", name, got, ref)
			case got != "valid" && got != "invalid" && got != "deferred":
				t.Errorf("%s: the checks say %q", name, got)
			}
		}
	}
}
