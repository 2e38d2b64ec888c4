package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportGraph: railzhook-gen builds the generator, the embedded schemas (JSON files
// and the standard library), the reader of schema files and the escaping of what it prints
// (both the standard library), and nothing else, so a consumer's go:generate downloads and
// compiles no SQLite and no validator.
func TestImportGraph(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	allowed := map[string]bool{
		"github.com/railzhook/railzhook/cmd/railzhook-gen":  true,
		"github.com/railzhook/railzhook/internal/cli":       true,
		"github.com/railzhook/railzhook/generator":          true,
		"github.com/railzhook/railzhook/internal/safefile":  true,
		"github.com/railzhook/railzhook/internal/printable": true,
		"github.com/railzhook/railzhook/schemas":            true,
		"github.com/dave/jennifer/jen":                      true,
	}
	for _, pkg := range strings.Fields(string(out)) {
		first, _, _ := strings.Cut(pkg, "/")
		if !strings.Contains(first, ".") {
			continue // standard library
		}
		if !allowed[pkg] {
			t.Errorf("railzhook-gen imports %s", pkg)
		}
	}
}
