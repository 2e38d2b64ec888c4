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
