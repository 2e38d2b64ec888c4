package generator_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOutputImportsOnlyStdlib checks every generated file (goldens and gen/railz) imports
// nothing outside the standard library, so consumers get no runtime dependency on us.
func TestOutputImportsOnlyStdlib(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.go")
	more, _ := filepath.Glob("../gen/railz/*.go")
	files = append(files, more...)
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || filepath.Base(f) == "doc.go" {
			continue
		}
		checked++
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if first := strings.Split(path, "/")[0]; strings.Contains(first, ".") {
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no generated files found")
	}
}
