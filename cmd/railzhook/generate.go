package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/railzhook/railzhook/generator"
)

const generateAbout = `
Generates Go types from JSON Schema documents: one file per schema document, plus
railzhook_support.go when helpers are needed. Generated code imports only the standard library.

Relative $refs are resolved next to the schema that holds them; --ref-dir adds folders whose
*.json documents resolve $refs by $id URL or by file name. Nothing is fetched from the network.
Constructs the generator cannot map exactly are reported as warnings on stderr and fall back to
json.RawMessage.

With --check nothing is written: the output is rendered in memory and compared with --out;
stale, missing and extra generated files are listed and the exit status is 1.

Use it from a go:generate line:

	//go:generate go run github.com/railzhook/railzhook/cmd/railzhook generate --package events --out . schemas/order.json
`

func runGenerate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("generate", "[flags] SCHEMA...", generateAbout, stderr)
	pkg := fs.String("package", "", "Go package `name` of the output (default: the base name of --out)")
	out := fs.String("out", ".", "output `directory`")
	rootType := fs.String("root-type", "", "Go `name` for the root type of the first schema (default: from its title)")
	var refDirs multiFlag
	fs.Var(&refDirs, "ref-dir", "`directory` of schemas that $refs may point to (repeatable)")
	check := fs.Bool("check", false, "compare with the files in --out instead of writing; exit 1 on any difference")
	paths, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "railzhook generate: no schema files given")
		fs.Usage()
		return exitUsage
	}
	if *pkg == "" {
		abs, err := filepath.Abs(*out)
		if err == nil {
			*pkg = strings.ReplaceAll(filepath.Base(abs), "-", "_")
		}
	}
	schemas, err := loadSchemas(paths, refDirs)
	if err != nil {
		fmt.Fprintf(stderr, "railzhook generate: %v\n", err)
		return exitUsage
	}
	opts := generator.Options{PackageName: *pkg}
	if *rootType != "" {
		opts.RootTypes = map[string]string{schemas[0].Name: *rootType}
	}
	res, err := generator.Generate(schemas, opts)
	if err != nil {
		fmt.Fprintf(stderr, "railzhook %v\n", err)
		return exitInvalid
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if *check {
		problems, err := checkGenerated(*out, res.Files)
		if err != nil {
			fmt.Fprintf(stderr, "railzhook generate: %v\n", err)
			return exitUsage
		}
		for _, p := range problems {
			fmt.Fprintln(stderr, p)
		}
		if len(problems) > 0 {
			fmt.Fprintf(stderr, "railzhook generate: %s is out of date; run go generate ./...\n", *out)
			return exitInvalid
		}
		return exitOK
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "railzhook generate: %v\n", err)
		return exitUsage
	}
	for _, f := range res.Files {
		if err := writeIfChanged(filepath.Join(*out, f.Name), f.Data); err != nil {
			fmt.Fprintf(stderr, "railzhook generate: %v\n", err)
			return exitUsage
		}
	}
	return exitOK
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// loadSchemas reads the given schema files, then every document they reference by a relative
// path that exists on disk, then the documents in the ref directories. Names are paths
// relative to the enclosing Go module root when there is one, so headers do not depend on
// where the command runs.
func loadSchemas(paths []string, refDirs []string) ([]generator.Schema, error) {
	var out []generator.Schema
	seen := map[string]bool{}
	var queue []string
	add := func(p string, refOnly bool) error {
		abs, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		if seen[abs] {
			return nil
		}
		seen[abs] = true
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, generator.Schema{Name: displayName(abs), Data: data, RefOnly: refOnly})
		queue = append(queue, abs)
		return nil
	}
	for _, p := range paths {
		if err := add(p, false); err != nil {
			return nil, err
		}
	}
	for len(queue) > 0 {
		abs := queue[0]
		queue = queue[1:]
		data, _ := os.ReadFile(abs)
		for _, ref := range relativeRefs(data) {
			p := filepath.Join(filepath.Dir(abs), filepath.FromSlash(ref))
			if _, err := os.Stat(p); err == nil {
				if err := add(p, true); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, dir := range refDirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
				if err := add(filepath.Join(dir, e.Name()), true); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

// relativeRefs lists the document paths of the relative $refs in a schema.
func relativeRefs(data []byte) []string {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return nil
	}
	set := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch c := v.(type) {
		case map[string]any:
			if ref, ok := c["$ref"].(string); ok {
				if u, err := url.Parse(ref); err == nil && !u.IsAbs() && u.Host == "" && u.Path != "" {
					set[u.Path] = true
				}
			}
			for _, e := range c {
				walk(e)
			}
		case []any:
			for _, e := range c {
				walk(e)
			}
		}
	}
	walk(v)
	var refs []string
	for r := range set {
		refs = append(refs, r)
	}
	sort.Strings(refs)
	return refs
}

// displayName is abs relative to its Go module root, with forward slashes.
func displayName(abs string) string {
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if rel, err := filepath.Rel(dir, abs); err == nil {
				return filepath.ToSlash(rel)
			}
		}
		if filepath.Dir(dir) == dir {
			return filepath.Base(abs)
		}
	}
}

func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return os.WriteFile(path, data, 0o644)
}

// checkGenerated compares rendered files with a directory: stale and missing files, and extra
// files that carry the railzhook header but are no longer produced.
func checkGenerated(dir string, files []generator.File) ([]string, error) {
	var problems []string
	want := map[string]bool{}
	for _, f := range files {
		want[f.Name] = true
		old, err := os.ReadFile(filepath.Join(dir, f.Name))
		switch {
		case errors.Is(err, os.ErrNotExist):
			problems = append(problems, fmt.Sprintf("missing: %s", filepath.Join(dir, f.Name)))
		case err != nil:
			return nil, err
		case !bytes.Equal(old, f.Data):
			problems = append(problems, fmt.Sprintf("stale: %s", filepath.Join(dir, f.Name)))
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || want[e.Name()] {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if bytes.HasPrefix(data, []byte("// Code generated by railzhook")) {
			problems = append(problems, fmt.Sprintf("extra: %s (generated, but no schema produces it now)", filepath.Join(dir, e.Name())))
		}
	}
	return problems, nil
}
