package corpus

import (
	"fmt"
	"os"
	"path/filepath"
)

// Where says where the corpus is expected and how to get it, for a test that skips or for
// `make corpus` when the folder is missing.
func Where(dir string) string {
	abs, _ := filepath.Abs(dir)
	return fmt.Sprintf("the schema corpus is not at %s: it holds schemastore/ (the SchemaStore catalogue's "+
		"src/schemas/json with test/<schema>/ and negative_test/<schema>/ instances, from "+
		"github.com/SchemaStore/schemastore) and go-jsonschema/ (the data/ folder of "+
		"github.com/omissis/go-jsonschema's tests); put them there, or give another folder with -corpus DIR", abs)
}

// Present reports whether a corpus folder is there.
func Present(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "schemastore"))
	return err == nil
}
