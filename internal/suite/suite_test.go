package suite

import (
	"os"
	"path/filepath"
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

// TestGeneratorSample generates, builds and decodes a fixed sample of the suite's schemas in
// every draft: every schema gets a root type, every valid instance decodes and
// round-trips exactly (but the listed known failures, which must still fail), and the
// generated checks never disagree with the suite. `make suite` runs them all.
func TestGeneratorSample(t *testing.T) {
	dir := "../../../shared/jsonschema-test-suite"
	if _, err := os.Stat(dir); err != nil {
		t.Skip(Where(dir))
	}
	if testing.Short() {
		t.Skip("builds generated packages")
	}
	repo, _ := filepath.Abs("../..")
	results, err := GenerateRun(dir, t.TempDir(), repo, nil, []string{"items.json", "ref.json", "anchor.json", "enum.json", "type.json", "unevaluatedProperties.json", "anyOf.json", "properties.json", "vocabulary.json", "format.json"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	known := 0
	for _, r := range results {
		known += r.Known
		if r.Schemas < 20 || r.Rooted != r.Schemas || r.Compiled != r.Schemas {
			t.Errorf("%s: %d schemas, %d compiled, %d with a root type", r.Folder, r.Schemas, r.Compiled, r.Rooted)
		}
		if r.Exact+r.Known != r.Valid {
			t.Errorf("%s: %d of %d valid instances round-trip exactly, %d known failures", r.Folder, r.Exact, r.Valid, r.Known)
		}
		if r.Agree != r.Judged || r.Judged == 0 {
			t.Errorf("%s: generated checks agree on %d of %d", r.Folder, r.Agree, r.Judged)
		}
		for _, f := range r.Failures {
			t.Error(f)
		}
	}
	if known != len(GeneratorKnownFailures) {
		t.Errorf("%d known failures failed, want %d", known, len(GeneratorKnownFailures))
	}
}
