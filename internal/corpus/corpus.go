// Package corpus measures the generator and the validator on schemas nobody here wrote: the
// SchemaStore catalogue and go-jsonschema's test schemas in ../shared/corpus. For every schema
// it generates Go code, builds it, decodes every valid instance into the generated root type
// (and encodes it again), and validates every instance with `railzhook validate --schema`.
package corpus

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/railzhook/railzhook/generator"
)

// Config says what to measure.
type Config struct {
	Corpus string // the corpus folder (holding schemastore/ and go-jsonschema/)
	Work   string // a scratch folder
	Repo   string // this repository's root, to build railzhook from
	// Only, when set, limits the run to these schema paths (relative to Corpus).
	Only []string
	Log  io.Writer
	// NoFake leaves out the measurement of package fake (the longest part).
	NoFake bool
	// Cases, when set, are measured instead of the corpus's schemas (Corpus and Only are then
	// unused): the JSON-Schema-Test-Suite's groups, for one.
	Cases []Case
	// Library holds documents that the schemas' $refs may name (Options.Library).
	Library []generator.Schema
	// NoValidate leaves out `railzhook validate --schema`, and NoSpeed the timing.
	NoValidate, NoSpeed bool
}

// Case is one schema file with its instances.
type Case struct {
	Label          string // names the case in the report
	File           string // the schema file
	Valid, Invalid []string
}

// Schema is the outcome for one schema.
type Schema struct {
	Path         string // relative to Corpus
	Package      string
	Unresolvable bool   // a $ref names a document that is not in the corpus
	Missing      string // that document
	Generated    bool
	Root         string // the Go type of the schema's root ("" when it got none)
	Compiled     bool
	Reason       string // why generation or compilation failed
	Warnings     int
	// Types and NameChars count the generated type declarations and their names' length.
	Types, NameChars int
	// CheckWarnings counts the assertions the generated checks do not compile.
	CheckWarnings int
	Valid         []string        // instances that must validate
	Invalid       []string        // instances that must not
	Decoded       int             // valid instances decoded and encoded again
	Exact         int             // of those, instances whose encoding decodes to the same tree
	Inexact       []string        // the others
	Leaves        int             // leaves (scalars and empty containers) of the decoded instances
	Typed         int             // of the encodings' leaves, those in typed fields
	UntypedAt     map[string]int  // the untyped leaves by the Go type and field that hold them
	Free          map[string]bool // the fields that hold values the schema leaves unconstrained
	DecodeFails   []string
	Accepted      int // valid instances the validator accepted
	Rejected      int // invalid instances the validator rejected
	VerdictFails  []string
	ValidatorErr  string // the validator could not load the schema
	// Checked is the verdict of the root type's DecodeChecked on each instance: "valid",
	// "invalid", "deferred" (assertions not compiled) or "none" (no checks on the root type).
	Checked map[string]string
	// Deferred is, for each instance DecodeChecked deferred, the keyword it reached.
	Deferred map[string]string
	// Reference is the JSON Schema validator's verdict on each instance.
	Reference map[string]bool
	// Speed is the timing of the generated decoder on the valid instances (the largest
	// schemas only).
	Speed *Speed
	// Fake is how package fake did (nil for a schema with unresolvable references).
	Fake *FakeResult
}

// Speed sums, over a schema's valid instances, the median time to decode each with the
// generated UnmarshalJSON and with json.Unmarshal into map[string]any.
type Speed struct {
	Instances          int
	Bytes              int64
	GeneratedNs, MapNs float64
}

// Report is the outcome of a run.
type Report struct {
	Schemas []*Schema
}

var nonIdent = regexp.MustCompile(`[^a-z0-9]+`)

// typeDecl finds the exported type declarations of generated code.
var typeDecl = regexp.MustCompile(`(?m)^type ([A-Z][A-Za-z0-9_]*)[ \[]`)

// Run measures the corpus.
func Run(cfg Config) (*Report, error) {
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	paths := cfg.Only
	if len(cfg.Cases) > 0 {
		paths = nil
		for _, c := range cfg.Cases {
			paths = append(paths, c.Label)
		}
	} else if len(paths) == 0 {
		var err error
		if paths, err = ListSchemas(cfg.Corpus); err != nil {
			return nil, err
		}
	}
	modDir := filepath.Join(cfg.Work, "mod")
	os.RemoveAll(modDir)
	if err := os.MkdirAll(modDir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(modDir, "go.mod"), []byte("module corpus\n\ngo 1.24\n"), 0o644); err != nil {
		return nil, err
	}
	rep := &Report{}
	roots := map[string]string{} // package -> root type
	for i, p := range paths {
		s := &Schema{Path: p, Package: fmt.Sprintf("p%03d_%s", i, strings.Trim(nonIdent.ReplaceAllString(strings.ToLower(strings.TrimSuffix(filepath.Base(p), ".json")), "_"), "_"))}
		rep.Schemas = append(rep.Schemas, s)
		file, refDirs := filepath.Join(cfg.Corpus, p), RefDirsOf(cfg.Corpus, p)
		if len(cfg.Cases) > 0 {
			c := cfg.Cases[i]
			file, refDirs = c.File, nil
			s.Valid, s.Invalid = c.Valid, c.Invalid
		} else if strings.HasPrefix(p, "schemastore/") {
			name := strings.TrimSuffix(filepath.Base(p), ".json")
			s.Valid, _ = filepath.Glob(filepath.Join(cfg.Corpus, "schemastore", "test", name, "*.json"))
			s.Invalid, _ = filepath.Glob(filepath.Join(cfg.Corpus, "schemastore", "negative_test", name, "*.json"))
		}
		docs, err := generator.LoadFiles([]string{file}, refDirs)
		if err != nil {
			s.Reason = "read: " + err.Error()
			continue
		}
		res, err := generator.Generate(docs, generator.Options{PackageName: s.Package, Checks: true, Library: cfg.Library})
		if err != nil {
			if m := missingDoc.FindStringSubmatch(err.Error()); m != nil {
				s.Unresolvable, s.Missing = true, m[1]+m[2]
			}
			s.Reason = "generate: " + firstLine(err.Error())
			continue
		}
		s.Generated = true
		s.Free = map[string]bool{}
		for _, f := range res.Free {
			s.Free[f] = true
		}
		for _, w := range res.Warnings {
			if strings.Contains(w.Message, "DecodeChecked defers") {
				s.CheckWarnings++
			} else {
				s.Warnings++
			}
		}
		dir := filepath.Join(modDir, s.Package)
		os.MkdirAll(dir, 0o755)
		for _, f := range res.Files {
			os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644)
			for _, m := range typeDecl.FindAllSubmatch(f.Data, -1) {
				s.Types++
				s.NameChars += len(m[1])
			}
		}
		root := ""
		for _, r := range res.Roots {
			if r.Schema == docs[0].Name {
				root = r.Type
			}
		}
		roots[s.Package] = root
		s.Root = root
	}
	logf("generated %d packages; building", len(roots))
	failed, err := build(modDir, "./...")
	if err != nil {
		return nil, err
	}
	var decodable []*Schema
	for _, s := range rep.Schemas {
		if !s.Generated {
			continue
		}
		if reason, bad := failed[s.Package]; bad {
			s.Reason = "compile: " + reason
			continue
		}
		s.Compiled = true
		if len(s.Valid)+len(s.Invalid) > 0 {
			decodable = append(decodable, s)
		}
	}
	if err := decode(modDir, decodable, roots, !cfg.NoSpeed); err != nil {
		return nil, err
	}
	if !cfg.NoValidate {
		if err := validateInstances(cfg, rep); err != nil {
			return nil, err
		}
	}
	if !cfg.NoFake {
		measureFake(cfg, rep)
	}
	return rep, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// ListSchemas lists every schema of the corpus, relative to it, in sorted order.
func ListSchemas(corpus string) ([]string, error) {
	var out []string
	store, err := filepath.Glob(filepath.Join(corpus, "schemastore", "schemas", "*.json"))
	if err != nil {
		return nil, err
	}
	for _, f := range store {
		out = append(out, filepath.ToSlash(strings.TrimPrefix(f, corpus+string(filepath.Separator))))
	}
	err = filepath.Walk(filepath.Join(corpus, "go-jsonschema", "data"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(p, ".json") {
			out = append(out, filepath.ToSlash(strings.TrimPrefix(p, corpus+string(filepath.Separator))))
		}
		return err
	})
	sort.Strings(out)
	return out, err
}

var buildErr = regexp.MustCompile(`^(?:vet: )?(?:\./)?(p\d{3,}_[a-z0-9_]*)/[^:]+:\d+:\d+: (.*)$`)

// build compiles every package and returns the failing ones with their first error.
func build(dir, pattern string) (map[string]string, error) {
	cmd := exec.Command("go", "vet", pattern)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, _ := cmd.CombinedOutput()
	failed := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if m := buildErr.FindStringSubmatch(line); m != nil {
			if _, seen := failed[m[1]]; !seen {
				failed[m[1]] = m[2]
			}
		} else if strings.HasPrefix(line, "# corpus/") {
			pkg := strings.TrimPrefix(line, "# corpus/")
			if _, seen := failed[pkg]; !seen {
				failed[pkg] = ""
			}
		}
	}
	for pkg, reason := range failed {
		if reason == "" {
			failed[pkg] = "build failed"
		}
	}
	return failed, nil
}

// RefDirsOf are the folders whose documents the $refs of the corpus schema at path may read:
// SchemaStore's catalogue, where they name each other by URL, and, for go-jsonschema's test
// schemas, their whole data folder, since they refer to each other's folders (../ref/ref.json),
// as a user allows with --ref-dir.
func RefDirsOf(corpus, path string) []string {
	dirs := []string{filepath.Join(corpus, "schemastore", "schemas")}
	if rest, ok := strings.CutPrefix(filepath.ToSlash(path), "go-jsonschema/"); ok {
		if data, _, ok := strings.Cut(rest, "/"); ok {
			dirs = append(dirs, filepath.Join(corpus, "go-jsonschema", data))
		}
	}
	return dirs
}
