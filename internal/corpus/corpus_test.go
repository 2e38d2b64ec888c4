package corpus

import (
	"path/filepath"
	"testing"
)

// TestSample runs a small fixed sample of the corpus (`make corpus` runs all of it): every
// schema must generate and compile, every valid instance decode into the generated root
// type, and every instance get the right verdict from `railzhook validate --schema`.
func TestSample(t *testing.T) {
	corpusDir, _ := filepath.Abs("../../../shared/corpus")
	if !Present(corpusDir) {
		t.Skip(Where(corpusDir))
	}
	if testing.Short() {
		t.Skip("builds the generated packages")
	}
	repo, _ := filepath.Abs("../..")
	sample := []string{
		"schemastore/schemas/cloudify.json",             // self-referencing allOf, many definitions
		"schemastore/schemas/csslintrc.json",            // an enum of mixed JSON types
		"schemastore/schemas/function.json",             // draft-04 using const
		"schemastore/schemas/emmet.json",                // ECMAScript lookahead in patternProperties
		"schemastore/schemas/electron-builder.json",     // type lists with null
		"schemastore/schemas/metricshub-connector.json", // member names unfit for struct tags
		"go-jsonschema/data/core/refExternalFile/refExternalFile.json",
		"go-jsonschema/data/misc/booleanAsSchema/booleanAsSchema.json",
	}
	rep, err := Run(Config{Corpus: corpusDir, Work: t.TempDir(), Repo: repo, Only: sample})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Schemas) != len(sample) {
		t.Fatalf("%d schemas measured, want %d", len(rep.Schemas), len(sample))
	}
	decoded, verdicts := 0, 0
	for _, s := range rep.Schemas {
		decoded += s.Decoded
		verdicts += s.Accepted + s.Rejected
		if !s.Compiled {
			t.Errorf("%s: %s", s.Path, s.Reason)
		}
		for _, f := range s.DecodeFails {
			t.Errorf("%s: decode %s", s.Path, f)
		}
		if s.ValidatorErr != "" {
			t.Errorf("%s: validator: %s", s.Path, s.ValidatorErr)
		}
		for _, f := range s.VerdictFails {
			t.Errorf("%s: wrong verdict for %s", s.Path, f)
		}
	}
	if decoded < 60 || verdicts < 65 {
		t.Errorf("only %d instances decoded and %d verdicts checked", decoded, verdicts)
	}
	t.Logf("%d schemas, %d instances decoded, %d verdicts right", len(rep.Schemas), decoded, verdicts)
}
