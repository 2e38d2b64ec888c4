package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoToolInstall follows the README's way of pinning the CLI in a consumer module: go get
// -tool, then go tool railzhook, in a scratch module whose replace directive points at this
// checkout.
func TestGoToolInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI in a scratch module")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module example.com/scratch\n\ngo 1.24.0\n\nrequire github.com/railzhook/railzhook v0.0.0\n\nreplace github.com/railzhook/railzhook => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	// The dependencies come from this machine's module cache, where building this checkout
	// put them, with the checksums this checkout's go.sum holds.
	sums, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "go.sum"), sums, 0o644)
	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd("get", "-tool", "github.com/railzhook/railzhook/cmd/railzhook")
	if mod, _ := os.ReadFile(filepath.Join(dir, "go.mod")); !strings.Contains(string(mod), "tool github.com/railzhook/railzhook/cmd/railzhook") {
		t.Fatalf("go.mod has no tool line:\n%s", mod)
	}
	if out := goCmd("tool", "railzhook", "version"); !strings.HasPrefix(out, "railzhook ") {
		t.Errorf("go tool railzhook version: %q", out)
	}
	example := goCmd("tool", "railzhook", "example", "push")
	fixture := filepath.Join(dir, "push.json")
	os.WriteFile(fixture, []byte(example), 0o644)
	if out := goCmd("tool", "railzhook", "validate", fixture); strings.Contains(out, "invalid") && !strings.Contains(out, "0 invalid") {
		t.Errorf("go tool railzhook validate: %s", out)
	}
}

// TestGoGenerateRecipe follows the generator guide's recipe word for word in a scratch
// module whose replace directive points at this checkout: go get -tool railzhook-gen, a
// //go:generate go tool railzhook-gen line, go mod tidy, go generate ./... and go build ./....
// No go.sum is copied in: go get must record what the tool needs, and go mod tidy must keep
// it (the tool directive does).
func TestGoGenerateRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator in a scratch module")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/scratch\n\ngo 1.24.0\n\nrequire github.com/railzhook/railzhook v0.0.0\n\nreplace github.com/railzhook/railzhook => " + root + "\n",
		"schemas/order.json": `{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Order", "type": "object",
  "required": ["id", "status"],
  "properties": {"id": {"type": "string"}, "status": {"enum": ["open", "paid"]}, "total": {"type": "number"}}}`,
		"events/doc.go": "// Package events holds the types generated from schemas/.\npackage events\n\n" + recipeLine + "\n",
		"main.go":       "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/scratch/events\"\n)\n\nfunc main() { fmt.Println(events.StatusPaid.Valid()) }\n",
	}
	for name, text := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		// The modules come from this machine's module cache, where building this checkout put
		// them; the checksum database is not asked, as nothing is downloaded.
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd("get", "-tool", "github.com/railzhook/railzhook/cmd/railzhook-gen")
	goCmd("mod", "tidy")
	mod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	if !strings.Contains(string(mod), "tool github.com/railzhook/railzhook/cmd/railzhook-gen") || !strings.Contains(string(mod), "github.com/dave/jennifer") {
		t.Fatalf("go.mod after go mod tidy:\n%s", mod)
	}
	if strings.Contains(string(mod), "modernc.org/sqlite") {
		t.Errorf("the generator's tool line pulls in SQLite:\n%s", mod)
	}
	goCmd("generate", "./...")
	if _, err := os.Stat(filepath.Join(dir, "events", "order.go")); err != nil {
		t.Fatalf("go generate wrote no order.go: %v", err)
	}
	goCmd("build", "./...")
	if out := goCmd("run", "."); out != "true\n" {
		t.Errorf("the generated enum: %q", out)
	}
	// The recipe in the guide is the one this test runs.
	guide, err := os.ReadFile(filepath.Join(root, "docs", "generator.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"go get -tool github.com/railzhook/railzhook/cmd/railzhook-gen", recipeLine, "go mod tidy", "go generate ./...", "go build ./..."} {
		if !strings.Contains(string(guide), want) {
			t.Errorf("docs/generator.md does not show %q", want)
		}
	}
}

// recipeLine is the go:generate line of the generator guide's recipe.
const recipeLine = "//go:generate go tool railzhook-gen --package events --out . ../schemas/order.json"
