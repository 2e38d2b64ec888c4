package suite

import (
	"os"
	"testing"
)

// TestSample runs a fixed sample of the suite's required tests in every draft: references to
// remote documents (read in the referring schema's draft), empty enums, and the keywords of
// each draft. `make suite` runs them all.
func TestSample(t *testing.T) {
	dir := "../../../shared/jsonschema-test-suite"
	if _, err := os.Stat(dir); err != nil {
		t.Skip(Where(dir))
	}
	results, err := Run(dir, t.TempDir(), nil, []string{"refRemote.json", "enum.json", "ref.json", "dynamicRef.json", "format.json", "content.json", "vocabulary.json", "exclusiveMinimum.json", "items.json"})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, r := range results {
		total += r.Tests
		for _, f := range r.Failures {
			t.Errorf("%s", f)
		}
		if r.Tests == 0 {
			t.Errorf("%s: no tests ran", r.Folder)
		}
	}
	if total < 500 {
		t.Errorf("only %d tests ran", total)
	}
}

// The suite's known failures are real: each still fails, so the list cannot hide a fix.
func TestKnownFailuresStillFail(t *testing.T) {
	dir := "../../../shared/jsonschema-test-suite"
	if _, err := os.Stat(dir); err != nil {
		t.Skip(Where(dir))
	}
	results, err := Run(dir, t.TempDir(), []string{"draft2020-12"}, []string{"dynamicRef.json"})
	if err != nil {
		t.Fatal(err)
	}
	if results[0].Known != len(KnownFailures) {
		t.Errorf("%d known failures failed, want %d", results[0].Known, len(KnownFailures))
	}
}
