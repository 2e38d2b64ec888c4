package generator_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/railzhook/railzhook/generator"
)

// FuzzGenerate feeds Generate arbitrary schema documents, seeded with every schema in the
// repository. It must never panic, and whatever it returns must be Go that parses.
//
//	go test ./generator -run '^$' -fuzz FuzzGenerate -fuzztime 2m -fuzzminimizetime 2s
//
// -fuzzminimizetime keeps the fuzzer from spending minutes minimizing each interesting input
// as large as the seeds, with no executions counted meanwhile.
func FuzzGenerate(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.json")
	more, _ := filepath.Glob("../schemas/*.json")
	for _, s := range append(seeds, more...) {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := generator.Generate([]generator.Schema{{Name: "fuzz.json", Data: data}}, generator.Options{PackageName: "fuzz"})
		if err != nil {
			return
		}
		for _, file := range res.Files {
			if _, err := parser.ParseFile(token.NewFileSet(), file.Name, file.Data, 0); err != nil {
				t.Fatalf("%s does not parse: %v\n%s", file.Name, err, file.Data)
			}
		}
	})
}
