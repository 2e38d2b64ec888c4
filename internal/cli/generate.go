package cli

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/railzhook/railzhook/generator"
	"github.com/railzhook/railzhook/internal/printable"
	"github.com/railzhook/railzhook/internal/safefile"
	railzschemas "github.com/railzhook/railzhook/schemas"
)

// RailzPackage is the Go package of the types of railzhook's own schemas.
const RailzPackage = "github.com/railzhook/railzhook/gen/railz"

const generateAbout = `
Generates Go types from JSON Schema documents (drafts 4, 6, 7, 2019-09 and 2020-12): one file
per schema document, plus railzhook_support.go when helpers are needed, or everything in one
file when --out names a .go file. Generated code imports only the standard library.
--root-type names the type of the first schema's root (default: from its title or file name).

Relative $refs are resolved next to the schema that holds them; --ref-dir adds folders whose
*.json documents resolve $refs by $id URL or by file name. Nothing is fetched from the network.
A schema is untrusted input: its $refs read only regular files, each up to --max-file-bytes,
under the folders of the SCHEMA files or a --ref-dir; a $ref to any other file is an error.
Constructs the generator cannot map exactly are reported as warnings on stderr, each naming its
schema location, and fall back to json.RawMessage; --fail-on-warning makes any warning an error
(exit 1, nothing written). A "type" that names no JSON type is an error.

Every struct and union gets UnmarshalJSON and MarshalJSON methods that read and write JSON in
one pass. --checks also compiles the schemas' assertions (type, required, enum and const,
formats, bounds, lengths, patterns, item counts and uniqueness, closed objects, property names,
anyOf/oneOf/allOf/not/if, and strict mode's unknown members) into Go: each struct and union
gets DecodeChecked(b, strict), which decodes and judges in the same pass. An assertion it
cannot compile is reported as a warning, and DecodeChecked returns an error wrapping
ErrNotChecked rather than passing a value that reaches it; annotations assert nothing.

Referenced documents can be existing Go packages instead of copies: --import PREFIX=PATH maps
every document whose URL (or file:/// and name) starts with PREFIX to the Go package PATH, and a
$ref to its root or a $defs entry names that package's type. railzhook's own schemas
(https://railzhook.dev/schemas/...) are built in: a $ref to them needs no --ref-dir and names
the types of github.com/railzhook/railzhook/gen/railz (--import https://railzhook.dev/schemas/=
generates copies instead). --stub URL#/pointer=TYPE maps one schema location to a Go type on
purpose, with no warning: json.RawMessage, a built-in or standard-library type, or
import/path.Name.

With --check nothing is written: the output is rendered in memory and compared with --out;
stale, missing and extra generated files are listed and the exit status is 1.

Use it from a go:generate line:

	//go:generate go run github.com/railzhook/railzhook/cmd/railzhook-gen --package events --out . schemas/order.json

railzhook-gen is this command on its own: it builds only the generator, so go:generate in a
consumer module downloads and compiles a few megabytes, not the SQLite of 'railzhook listen'.
`

// GenerateSynopsis lists the flags and arguments of the generate command.
const GenerateSynopsis = "[--package P] [--out DIR|FILE.go] [--root-type NAME] [--ref-dir DIR] [--max-file-bytes N] [--import PREFIX=PATH] [--stub REF=TYPE] [--checks] [--fail-on-warning] [--check] SCHEMA..."

// Generate runs the generate command, named cmd in its messages ("railzhook generate" or
// "railzhook-gen"), and returns its exit code.
func Generate(cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := NewFlags(cmd, GenerateSynopsis, generateAbout, stderr)
	pkg := fs.String("package", "", "Go package `name` of the output (default: the base name of --out)")
	out := fs.String("out", ".", "output `directory`, or a .go file to write everything into one file")
	rootType := fs.String("root-type", "", "Go `name` for the root type of the first schema (default: from its title)")
	var refDirs MultiFlag
	fs.Var(&refDirs, "ref-dir", "`directory` of schemas that $refs may point to (repeatable)")
	maxFile := fs.Int64("max-file-bytes", safefile.DefaultMaxBytes, "largest schema file read, in `bytes`")
	var imports, stubs MultiFlag
	fs.Var(&imports, "import", "`PREFIX=PATH`: documents whose URL starts with PREFIX are the Go package PATH (repeatable)")
	fs.Var(&stubs, "stub", "`URL#/pointer=TYPE`: that schema location is the Go type TYPE (repeatable)")
	failOnWarning := fs.Bool("fail-on-warning", false, "treat warnings as errors: write nothing and exit 1")
	checks := fs.Bool("checks", false, "compile the schemas' assertions into DecodeChecked methods")
	check := fs.Bool("check", false, "compare with the files in --out instead of writing; exit 1 on any difference")
	paths, code := ParseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(paths) == 0 {
		UsageError(stderr, cmd, "no schema files given")
		return ExitUsage
	}
	outDir, single := *out, ""
	if strings.HasSuffix(*out, ".go") {
		outDir, single = filepath.Dir(*out), filepath.Base(*out)
	}
	from := ""
	if *pkg == "" {
		abs, err := filepath.Abs(outDir)
		if err == nil {
			*pkg = strings.ReplaceAll(filepath.Base(abs), "-", "_")
		}
		from = " (taken from --out; give one with --package)"
	}
	if !token.IsIdentifier(*pkg) || token.IsKeyword(*pkg) {
		UsageError(stderr, cmd, "%q is not a valid Go package name%s", *pkg, from)
		return ExitUsage
	}
	schemas, err := generator.LoadFilesWith(paths, generator.LoadOptions{RefDirs: refDirs, MaxFileBytes: *maxFile})
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", cmd, printable.Escape(err.Error()))
		return ExitUsage
	}
	opts := generator.Options{PackageName: *pkg, Checks: *checks, Imports: map[string]string{railzschemas.BaseURL: RailzPackage}, Stubs: map[string]string{}}
	for _, kv := range imports {
		prefix, path, ok := strings.Cut(kv, "=")
		if !ok || prefix == "" {
			UsageError(stderr, cmd, "--import %q: want PREFIX=PATH", kv)
			return ExitUsage
		}
		if path == "" {
			delete(opts.Imports, prefix) // generate copies
			continue
		}
		opts.Imports[prefix] = path
	}
	for _, kv := range stubs {
		at, typ, ok := strings.Cut(kv, "=")
		if !ok || at == "" || typ == "" {
			UsageError(stderr, cmd, "--stub %q: want URL#/pointer=TYPE", kv)
			return ExitUsage
		}
		opts.Stubs[strings.TrimSuffix(at, "#")] = typ
	}
	for _, f := range railzschemas.Files() {
		data, err := railzschemas.Read(f)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", cmd, printable.Escape(err.Error()))
			return ExitUsage
		}
		opts.Library = append(opts.Library, generator.Schema{Name: f, Data: data, RefOnly: true})
	}
	if *rootType != "" {
		opts.RootTypes = map[string]string{schemas[0].Name: *rootType}
	}
	res, err := generator.Generate(schemas, opts)
	if err != nil {
		// A schema that does not parse or cannot be mapped: bad input, like a usage error.
		fmt.Fprintf(stderr, "%s: %s\n", cmd, printable.Escape(strings.TrimPrefix(err.Error(), "generate: ")))
		return ExitUsage
	}
	for _, w := range res.Warnings {
		// Warnings quote property names and other schema text: escaped, as listen escapes payloads.
		fmt.Fprintf(stderr, "warning: %s\n", printable.Escape(w.String()))
	}
	if *failOnWarning && len(res.Warnings) > 0 {
		fmt.Fprintf(stderr, "%s: %d warnings and --fail-on-warning: nothing written\n", cmd, len(res.Warnings))
		return ExitInvalid
	}
	files := res.Files
	if single != "" {
		merged, err := generator.Merge(files, single)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", cmd, printable.Escape(err.Error()))
			return ExitInvalid
		}
		files = []generator.File{merged}
	}
	if *check {
		problems, err := checkGenerated(outDir, files, single != "")
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", cmd, printable.Escape(err.Error()))
			return ExitUsage
		}
		for _, p := range problems {
			fmt.Fprintln(stderr, printable.Escape(p))
		}
		if len(problems) > 0 {
			fmt.Fprintf(stderr, "%s: %s is out of date; run go generate ./...\n", cmd, printable.Escape(*out))
			return ExitInvalid
		}
		return ExitOK
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", cmd, printable.Escape(err.Error()))
		return ExitUsage
	}
	// Every file is checked before any is written: a file without the generated header is
	// someone's own code, and is never replaced.
	for _, f := range files {
		if err := replaceable(filepath.Join(outDir, f.Name)); err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", cmd, printable.Escape(err.Error()))
			return ExitUsage
		}
	}
	for _, f := range files {
		if err := writeIfChanged(filepath.Join(outDir, f.Name), f.Data); err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", cmd, printable.Escape(err.Error()))
			return ExitUsage
		}
	}
	return ExitOK
}

// generatedHeader starts every file the generator writes.
const generatedHeader = "// Code generated by railzhook"

// replaceable reports, as an error, why the file at path may not be written over: it exists and
// is not a generated file (no generated header), or is not a regular file.
func replaceable(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s exists and is not a regular file (%s): not replaced", path, safefile.Kind(info.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, len(generatedHeader))
	n, _ := io.ReadFull(f, head)
	if string(head[:n]) != generatedHeader {
		return fmt.Errorf("%s exists and was not generated by railzhook (it does not start with %q): not replaced; remove it or choose another --out", path, generatedHeader)
	}
	return nil
}

func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return os.WriteFile(path, data, 0o644)
}

// checkGenerated compares rendered files with a directory: stale and missing files, and extra
// files that carry the railzhook header but are no longer produced.
func checkGenerated(dir string, files []generator.File, single bool) ([]string, error) {
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
	if single {
		return problems, nil // other files in the folder are not ours to judge
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
		if bytes.HasPrefix(data, []byte(generatedHeader)) {
			problems = append(problems, fmt.Sprintf("extra: %s (generated, but no schema produces it now)", filepath.Join(dir, e.Name())))
		}
	}
	return problems, nil
}
