// Command railzhook-gen generates Go types from JSON Schema documents. It is `railzhook
// generate` on its own, for go:generate lines: its import graph holds the generator and
// nothing else of railzhook (no SQLite, no validator), so a consumer module's first
// `go generate` downloads and builds a few megabytes.
//
// Usage:
//
//	railzhook-gen [--package P] [--out DIR|FILE.go] [--root-type NAME] [--ref-dir DIR] [--max-file-bytes N] [--import PREFIX=PATH] [--stub REF=TYPE] [--checks] [--fail-on-warning] [--check] SCHEMA...
//
// In a consumer's source:
//
//	//go:generate go run github.com/railzhook/railzhook/cmd/railzhook-gen --package events --out . schemas/order.json
//
// Run `railzhook-gen --help` for the flags. Exit status: 0 on success, 1 when --check finds
// stale or missing files, 2 for usage errors and schemas that cannot be read or mapped.
package main

import (
	"os"

	"github.com/railzhook/railzhook/internal/cli"
)

func main() {
	os.Exit(cli.Generate("railzhook-gen", os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
