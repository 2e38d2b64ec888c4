// Package peers measures railzhook's generator beside the Go generators a user would otherwise
// pick, on the corpus's schemas (`make peers`): quicktype 26 (npm) and go-jsonschema 0.24. For
// each tool and schema it generates a package with the tool's default flags (railzhook also with
// --checks), and reports the generated lines, the type declarations and their mean name length,
// the share of numbered names, the time and peak memory of compiling the package, and how many
// of the schema's valid instances decode into the root type and encode again to the same JSON
// tree.
package peers

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/railzhook/railzhook/generator"
	"github.com/railzhook/railzhook/internal/corpus"
)

// The tools, in the order they are reported.
const (
	Railzhook       = "railzhook"
	RailzhookChecks = "railzhook --checks"
	Quicktype       = "quicktype"
	GoJSONSchema    = "go-jsonschema"
)

// Tools lists every tool measured.
var Tools = []string{Railzhook, RailzhookChecks, Quicktype, GoJSONSchema}

// Versions of the peers, installed on first use.
const (
	QuicktypeVersion    = "26.0.0"
	GoJSONSchemaModule  = "github.com/atombender/go-jsonschema"
	GoJSONSchemaVersion = "v0.24.0"
)

// Config says what to measure.
type Config struct {
	Corpus string   // the corpus folder
	Work   string   // a scratch folder
	Only   []string // schema paths relative to Corpus; all of them when empty
	Tools  []string // the tools to run; all of them when empty
	// Quicktype and GoJSONSchema are the peers' commands; when empty they are installed into
	// Cache (npm install quicktype, go install go-jsonschema).
	Quicktype, GoJSONSchema string
	Cache                   string
	// Timeout bounds each generation by a peer.
	Timeout time.Duration
	Log     io.Writer
}

// Outcome is one tool on one schema.
type Outcome struct {
	Generated bool
	Compiled  bool
	Reason    string // why generation or compilation failed
	Root      string // the Go type of the schema's root
	Lines     int    // lines of the generated package, every file counted
	Bytes     int
	Types     int      // type declarations
	NameChars int      // the sum of their names' lengths
	Numbered  []string // type names numbered to tell them apart (Object2, Item1)
	Build     time.Duration
	PeakRSS   int64 // bytes, of the compiler on this package
	Decoded   int   // valid instances decoded into the root type and encoded again
	Exact     int   // of those, instances whose encoding is the same JSON tree
	Inexact   []string
	Failures  []string // valid instances the root type refused
}

// Schema is the outcome of every tool on one schema.
type Schema struct {
	Path    string
	Package string
	Valid   []string
	By      map[string]*Outcome
}

// Report is the outcome of a run.
type Report struct {
	Tools   []string
	Schemas []*Schema
}

var nonIdent = regexp.MustCompile(`[^a-z0-9]+`)

// Run measures the tools on the corpus.
func Run(cfg Config) (*Report, error) {
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 2 * time.Minute
	}
	tools := cfg.Tools
	if len(tools) == 0 {
		tools = Tools
	}
	for _, t := range tools {
		if !contains(Tools, t) {
			return nil, fmt.Errorf("unknown tool %q (want one of %s)", t, strings.Join(Tools, ", "))
		}
	}
	paths := cfg.Only
	if len(paths) == 0 {
		var err error
		if paths, err = corpus.ListSchemas(cfg.Corpus); err != nil {
			return nil, err
		}
	}
	rep := &Report{Tools: tools}
	for i, p := range paths {
		s := &Schema{Path: p, By: map[string]*Outcome{}}
		s.Package = fmt.Sprintf("p%03d_%s", i, strings.Trim(nonIdent.ReplaceAllString(strings.ToLower(strings.TrimSuffix(filepath.Base(p), ".json")), "_"), "_"))
		if strings.HasPrefix(p, "schemastore/") {
			name := strings.TrimSuffix(filepath.Base(p), ".json")
			s.Valid, _ = filepath.Glob(filepath.Join(cfg.Corpus, "schemastore", "test", name, "*.json"))
		}
		rep.Schemas = append(rep.Schemas, s)
	}
	bin := filepath.Join(cfg.Work, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return nil, err
	}
	timer, err := buildTimer(bin)
	if err != nil {
		return nil, err
	}
	for _, tool := range tools {
		gen, err := generatorFor(tool, &cfg, bin)
		if err != nil {
			return nil, err
		}
		modDir := filepath.Join(cfg.Work, nonIdent.ReplaceAllString(strings.ToLower(tool), "_"))
		os.RemoveAll(modDir)
		if err := os.MkdirAll(modDir, 0o755); err != nil {
			return nil, err
		}
		module := "peers/" + filepath.Base(modDir)
		if err := os.WriteFile(filepath.Join(modDir, "go.mod"), []byte("module "+module+"\n\ngo 1.24\n"), 0o644); err != nil {
			return nil, err
		}
		logf("%s: generating %d packages", tool, len(rep.Schemas))
		nonce := strconv.FormatInt(time.Now().UnixNano(), 36)
		for _, s := range rep.Schemas {
			o := &Outcome{}
			s.By[tool] = o
			dir := filepath.Join(modDir, s.Package)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, err
			}
			root, err := gen(filepath.Join(cfg.Corpus, s.Path), s.Path, dir, s.Package)
			if err != nil {
				o.Reason = "generate: " + firstLine(err.Error())
				os.RemoveAll(dir)
				continue
			}
			if err := count(dir, o); err != nil {
				o.Reason = "generate: " + firstLine(err.Error())
				os.RemoveAll(dir)
				continue
			}
			o.Generated, o.Root = true, root
			// A file of its own makes every run compile the package again, however warm the
			// build cache: the measurement is of compiling, not of the cache.
			os.WriteFile(filepath.Join(dir, "zz_nonce.go"), []byte("package "+s.Package+"\n\nconst _ = \""+nonce+"\"\n"), 0o644)
		}
		logf("%s: compiling", tool)
		if err := compile(modDir, module, timer, rep.Schemas, tool); err != nil {
			return nil, err
		}
		logf("%s: decoding the valid instances", tool)
		if err := roundTrip(modDir, module, rep.Schemas, tool); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// generate writes the package of one schema into dir and returns the name of its root type.
type generate func(schema, rel, dir, pkg string) (string, error)

func generatorFor(tool string, cfg *Config, bin string) (generate, error) {
	switch tool {
	case Railzhook, RailzhookChecks:
		checks := tool == RailzhookChecks
		return func(schema, rel, dir, pkg string) (string, error) {
			docs, err := generator.LoadFilesWith([]string{schema}, generator.LoadOptions{RefDirs: corpus.RefDirsOf(cfg.Corpus, rel)})
			if err != nil {
				return "", err
			}
			res, err := generator.Generate(docs, generator.Options{PackageName: pkg, Checks: checks})
			if err != nil {
				return "", err
			}
			for _, f := range res.Files {
				if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
					return "", err
				}
			}
			for _, r := range res.Roots {
				if r.Schema == docs[0].Name {
					return r.Type, nil
				}
			}
			return "", nil
		}, nil
	case Quicktype:
		qt := cfg.Quicktype
		if qt == "" {
			var err error
			if qt, err = installQuicktype(cfg.Cache); err != nil {
				return nil, err
			}
		}
		return func(schema, rel, dir, pkg string) (string, error) {
			// quicktype fetches the documents that absolute $refs name; nothing here is
			// reachable, so those schemas fail for it, as they would on a closed network.
			_, err := runTool(cfg.Timeout, dir, qt, "--lang", "go", "--src-lang", "schema", "--top-level", "Root", "--package", pkg, "--out", filepath.Join(dir, "root.go"), schema)
			if err != nil {
				return "", err
			}
			return "Root", nil
		}, nil
	case GoJSONSchema:
		gj := cfg.GoJSONSchema
		if gj == "" {
			var err error
			if gj, err = installGoJSONSchema(bin); err != nil {
				return nil, err
			}
		}
		return func(schema, rel, dir, pkg string) (string, error) {
			if _, err := runTool(cfg.Timeout, dir, gj, "-p", pkg, "-o", filepath.Join(dir, "root.go"), schema); err != nil {
				return "", err
			}
			return goJSONSchemaRoot(schema), nil
		}, nil
	}
	return nil, fmt.Errorf("unknown tool %q", tool)
}

// goJSONSchemaRoot is the name go-jsonschema gives a schema file's root type: the words of the
// file name, extension included, each capitalised ("abc-plan-1.0.json" is AbcPlan10Json).
func goJSONSchemaRoot(schema string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(filepath.Base(schema), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func runTool(timeout time.Duration, dir, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return out.Bytes(), fmt.Errorf("%s: %v: %s", filepath.Base(name), err, firstLine(strings.TrimSpace(out.String())))
		}
		return out.Bytes(), nil
	case <-time.After(timeout):
		cmd.Process.Kill()
		<-done
		return nil, fmt.Errorf("%s: no result within %s", filepath.Base(name), timeout)
	}
}

func cacheDir(cache, name string) (string, error) {
	if cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		cache = filepath.Join(dir, "railzhook-peers")
	}
	dir := filepath.Join(cache, name)
	return dir, os.MkdirAll(dir, 0o755)
}

// installQuicktype installs quicktype with npm into the cache folder, once.
func installQuicktype(cache string) (string, error) {
	dir, err := cacheDir(cache, "quicktype-"+QuicktypeVersion)
	if err != nil {
		return "", err
	}
	qt := filepath.Join(dir, "node_modules", ".bin", "quicktype")
	if _, err := os.Stat(qt); err == nil {
		return qt, nil
	}
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"private": true}`), 0o644); err != nil {
		return "", err
	}
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "quicktype@"+QuicktypeVersion)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm install quicktype@%s (npm must be installed and reachable): %w", QuicktypeVersion, err)
	}
	return qt, nil
}

// installGoJSONSchema builds go-jsonschema into bin with go install.
func installGoJSONSchema(bin string) (string, error) {
	cmd := exec.Command("go", "install", GoJSONSchemaModule+"@"+GoJSONSchemaVersion)
	cmd.Env = append(os.Environ(), "GOBIN="+bin, "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s@%s: %v\n%s", GoJSONSchemaModule, GoJSONSchemaVersion, err, out)
	}
	return filepath.Join(bin, "go-jsonschema"), nil
}

// numbered matches a name that ends in a number, as names told apart by one do.
var numbered = regexp.MustCompile(`^(.*[A-Za-z])(\d+)$`)

// count reads the generated package: lines, bytes, type declarations and their names.
func count(dir string, o *Outcome) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no Go files written")
	}
	var names []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		o.Bytes += len(data)
		o.Lines += bytes.Count(data, []byte("\n"))
		file, err := parser.ParseFile(token.NewFileSet(), f, data, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("%s does not parse: %v", filepath.Base(f), err)
		}
		for _, d := range file.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, sp := range g.Specs {
					names = append(names, sp.(*ast.TypeSpec).Name.Name)
				}
			}
		}
	}
	declared := map[string]bool{}
	for _, n := range names {
		declared[n] = true
	}
	for _, n := range names {
		o.Types++
		o.NameChars += len(n)
		if isNumbered(n, declared) {
			o.Numbered = append(o.Numbered, n)
		}
	}
	return nil
}

// genericWords are the words generators number when nothing better names a type.
var genericWords = []string{"Object", "Variant", "Item", "Items", "Elem", "Element", "Value", "Case", "Member", "Type", "Union", "Option", "Branch", "Class", "Enum", "Array", "String"}

// isNumbered reports whether a type name was numbered to tell it apart: it ends in a number
// after a letter, and without it is another declared name or ends in a generic word.
func isNumbered(name string, declared map[string]bool) bool {
	m := numbered.FindStringSubmatch(name)
	if m == nil {
		return false
	}
	if declared[m[1]] {
		return true
	}
	for _, w := range genericWords {
		if strings.HasSuffix(m[1], w) {
			return true
		}
	}
	return false
}

// compile builds every package of the module, one at a time, with a -toolexec wrapper that
// times each compilation and reads its peak memory.
func compile(modDir, module, timer string, schemas []*Schema, tool string) error {
	log := filepath.Join(modDir, "timings.tsv")
	os.Remove(log)
	cmd := exec.Command("go", "build", "-p", "1", "-toolexec", timer, "./...")
	cmd.Dir = modDir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "PEERS_TIMINGS="+log, "PEERS_MODULE="+module+"/")
	out, _ := cmd.CombinedOutput()
	failed := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		rel := strings.TrimPrefix(line, "./")
		if pkg, rest, ok := strings.Cut(rel, "/"); ok && strings.HasPrefix(pkg, "p") {
			if _, seen := failed[pkg]; !seen {
				failed[pkg] = rest
			}
		}
	}
	timings := map[string][3]int64{}
	data, _ := os.ReadFile(log)
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			continue
		}
		status, _ := strconv.ParseInt(f[1], 10, 64)
		ns, _ := strconv.ParseInt(f[2], 10, 64)
		rss, _ := strconv.ParseInt(f[3], 10, 64)
		timings[strings.TrimPrefix(f[0], module+"/")] = [3]int64{status, ns, rss}
	}
	for _, s := range schemas {
		o := s.By[tool]
		if !o.Generated {
			continue
		}
		t, ok := timings[s.Package]
		switch {
		case ok && t[0] == 0:
			o.Compiled, o.Build, o.PeakRSS = true, time.Duration(t[1]), t[2]
		case failed[s.Package] != "":
			o.Reason = "compile: " + failed[s.Package]
		default:
			o.Reason = "compile: failed"
		}
	}
	return nil
}

// buildTimer builds the -toolexec wrapper that times compilations.
func buildTimer(bin string) (string, error) {
	dir := filepath.Join(bin, "timer-src")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module timer\n\ngo 1.24\n"), 0o644)
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(timerSource), 0o644); err != nil {
		return "", err
	}
	exe := filepath.Join(bin, "compiletimer")
	cmd := exec.Command("go", "build", "-o", exe, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the compile timer: %v\n%s", err, out)
	}
	return exe, nil
}

// timerSource runs the tool go build hands it and, for the compilations of the measured
// module's packages, appends "package, exit status, nanoseconds, peak RSS bytes" to the file
// PEERS_TIMINGS names.
const timerSource = `package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

func main() {
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	pkg := ""
	if strings.HasSuffix(os.Args[1], "compile") {
		for i, a := range os.Args {
			if a == "-p" && i+1 < len(os.Args) && strings.HasPrefix(os.Args[i+1], os.Getenv("PEERS_MODULE")) {
				pkg = os.Args[i+1]
			}
		}
	}
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	status := 0
	if err != nil {
		status = 1
		if x, ok := err.(*exec.ExitError); ok {
			status = x.ExitCode()
		} else {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	if pkg != "" && cmd.ProcessState != nil {
		var rss int64
		if u, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = int64(u.Maxrss) * 1024
		}
		if f, err := os.OpenFile(os.Getenv("PEERS_TIMINGS"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(f, "%s\t%d\t%d\t%d\n", pkg, status, took.Nanoseconds(), rss)
			f.Close()
		}
	}
	os.Exit(status)
}
`

// roundTrip builds one program that decodes each valid instance into its schema's root type
// with encoding/json (which calls the type's own UnmarshalJSON where it has one), encodes it
// again and compares the two JSON trees.
func roundTrip(modDir, module string, schemas []*Schema, tool string) error {
	var with []*Schema
	for _, s := range schemas {
		if o := s.By[tool]; o.Compiled && o.Root != "" && len(s.Valid) > 0 && declares(filepath.Join(modDir, s.Package), o.Root) {
			with = append(with, s)
		} else if o.Compiled && o.Root != "" && len(s.Valid) > 0 {
			o.Failures = append(o.Failures, "no root type "+o.Root)
		}
	}
	if len(with) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n\t\"bufio\"\n\t\"bytes\"\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"math/big\"\n\t\"os\"\n\t\"strings\"\n")
	for _, s := range with {
		fmt.Fprintf(&b, "\t%q\n", module+"/"+s.Package)
	}
	b.WriteString(")\n\nvar decoders = map[string]func([]byte) (any, error){\n")
	for _, s := range with {
		fmt.Fprintf(&b, "\t%q: func(b []byte) (any, error) { v := new(%s.%s); err := json.Unmarshal(b, v); return v, err },\n", s.Package, s.Package, s.By[tool].Root)
	}
	b.WriteString("}\n\n" + corpus.CompareSource + `
func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		pkg, file, _ := strings.Cut(sc.Text(), "\t")
		data, err := os.ReadFile(file)
		var v any
		if err == nil {
			v, err = safely(func() (any, error) { return decoders[pkg](data) })
		}
		var out []byte
		if err == nil {
			out, err = json.Marshal(v)
		}
		if err != nil {
			fmt.Printf("%s\t%s\terror %s\n", pkg, file, strings.ReplaceAll(err.Error(), "\n", " "))
			continue
		}
		a, _ := tree(data)
		c, _ := tree(out)
		fmt.Printf("%s\t%s\t%v\n", pkg, file, same(a, c))
	}
}

func safely(f func() (any, error)) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return f()
}
`)
	dir := filepath.Join(modDir, "cmd", "roundtrip")
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	bin := filepath.Join(modDir, "roundtrip.bin")
	build := exec.Command("go", "build", "-o", bin, "./cmd/roundtrip")
	build.Dir = modDir
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: building the round-trip program: %v\n%s", tool, err, out)
	}
	var input strings.Builder
	byPkg := map[string]*Schema{}
	for _, s := range with {
		byPkg[s.Package] = s
		for _, f := range s.Valid {
			fmt.Fprintf(&input, "%s\t%s\n", s.Package, f)
		}
	}
	run := exec.Command(bin)
	run.Stdin = strings.NewReader(input.String())
	out, err := run.Output()
	if err != nil {
		return fmt.Errorf("%s: running the round-trip program: %v", tool, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 3)
		if len(parts) != 3 || byPkg[parts[0]] == nil {
			continue
		}
		o := byPkg[parts[0]].By[tool]
		switch parts[2] {
		case "true":
			o.Decoded++
			o.Exact++
		case "false":
			o.Decoded++
			o.Inexact = append(o.Inexact, filepath.Base(parts[1]))
		default:
			o.Failures = append(o.Failures, filepath.Base(parts[1])+": "+strings.TrimPrefix(parts[2], "error "))
		}
	}
	return nil
}

// declares reports whether the package in dir declares the type name.
func declares(dir, name string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	re := regexp.MustCompile(`(?m)^type ` + regexp.QuoteMeta(name) + `[ \[]`)
	for _, f := range files {
		if data, err := os.ReadFile(f); err == nil && re.Match(data) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// Totals sums a tool's outcomes over the schemas that every tool of the report generated and
// compiled, so that the tools are compared on the same work.
type Totals struct {
	Schemas          int
	Lines, Bytes     int
	Types, NameChars int
	Numbered         int
	Build            time.Duration
	MaxRSS           int64
	MaxRSSPackage    string
	Valid            int
	Decoded, Exact   int
}

// Common lists the schemas every tool of the report generated and compiled.
func (r *Report) Common() []*Schema {
	var out []*Schema
	for _, s := range r.Schemas {
		all := true
		for _, t := range r.Tools {
			if o := s.By[t]; o == nil || !o.Compiled {
				all = false
			}
		}
		if all {
			out = append(out, s)
		}
	}
	return out
}

// Sum totals a tool's outcomes over the given schemas.
func Sum(schemas []*Schema, tool string) Totals {
	var t Totals
	for _, s := range schemas {
		o := s.By[tool]
		if o == nil || !o.Compiled {
			continue
		}
		t.Schemas++
		t.Lines += o.Lines
		t.Bytes += o.Bytes
		t.Types += o.Types
		t.NameChars += o.NameChars
		t.Numbered += len(o.Numbered)
		t.Build += o.Build
		if o.PeakRSS > t.MaxRSS {
			t.MaxRSS, t.MaxRSSPackage = o.PeakRSS, s.Path
		}
		t.Valid += len(s.Valid)
		t.Decoded += o.Decoded
		t.Exact += o.Exact
	}
	return t
}

// Print writes the per-schema table (verbose) and the totals, with the ratios to quicktype.
func (r *Report) Print(w io.Writer, verbose bool) {
	if verbose {
		fmt.Fprintf(w, "%-60s %-20s %8s %6s %6s %9s %8s %s\n", "schema", "tool", "lines", "types", "name", "build", "peak MB", "round trip")
		for _, s := range r.Schemas {
			for _, t := range r.Tools {
				o := s.By[t]
				if o == nil {
					continue
				}
				if !o.Compiled {
					fmt.Fprintf(w, "%-60s %-20s %s\n", s.Path, t, o.Reason)
					continue
				}
				fmt.Fprintf(w, "%-60s %-20s %8d %6d %6.1f %9s %8.0f %d/%d exact of %d\n", s.Path, t, o.Lines, o.Types, ratio(o.NameChars, o.Types), o.Build.Round(time.Millisecond), float64(o.PeakRSS)/(1<<20), o.Exact, o.Decoded, len(s.Valid))
				for _, f := range o.Failures {
					fmt.Fprintf(w, "    refused: %s\n", f)
				}
				for _, f := range o.Inexact {
					fmt.Fprintf(w, "    inexact: %s\n", f)
				}
				if len(o.Numbered) > 0 {
					fmt.Fprintf(w, "    numbered: %s\n", strings.Join(o.Numbered, " "))
				}
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "schemas: %d\n", len(r.Schemas))
	for _, t := range r.Tools {
		n := 0
		for _, s := range r.Schemas {
			if o := s.By[t]; o != nil && o.Compiled {
				n++
			}
		}
		fmt.Fprintf(w, "  %-20s generated and compiled %d of %d\n", t, n, len(r.Schemas))
	}
	common := r.Common()
	fmt.Fprintf(w, "on the %d schemas every tool generated and compiled (ratios to quicktype):\n", len(common))
	fmt.Fprintf(w, "  %-20s %9s %7s %7s %6s %6s %9s %9s %7s %9s  %s\n", "tool", "lines", "ratio", "types", "name", "ratio", "numbered", "build", "ratio", "peak MiB", "exact round trip of the valid instances")
	base := Sum(common, Quicktype)
	for _, t := range r.Tools {
		s := Sum(common, t)
		fmt.Fprintf(w, "  %-20s %9d %7s %7d %6.1f %6s %8.1f%% %9s %7s %9.0f  %d of %d (%d decoded)\n",
			t, s.Lines, times(float64(s.Lines), float64(base.Lines)), s.Types, ratio(s.NameChars, s.Types),
			times(ratio(s.NameChars, s.Types), ratio(base.NameChars, base.Types)), 100*ratio(s.Numbered, s.Types),
			s.Build.Round(time.Millisecond), times(float64(s.Build), float64(base.Build)),
			float64(s.MaxRSS)/(1<<20), s.Exact, s.Valid, s.Decoded)
	}
	for _, t := range r.Tools {
		if s := Sum(common, t); s.MaxRSSPackage != "" {
			fmt.Fprintf(w, "  %-20s largest compile: %.0f MiB for %s\n", t, float64(s.MaxRSS)/(1<<20), s.MaxRSSPackage)
		}
	}
	var reasons []string
	for _, t := range r.Tools {
		counts := map[string]int{}
		for _, s := range r.Schemas {
			if o := s.By[t]; o != nil && !o.Compiled {
				counts[classify(o.Reason)]++
			}
		}
		for k, n := range counts {
			reasons = append(reasons, fmt.Sprintf("  %-20s %4d  %s", t, n, k))
		}
	}
	if len(reasons) > 0 {
		sort.Strings(reasons)
		fmt.Fprintln(w, "not generated or not compiled, by tool and reason:")
		for _, l := range reasons {
			fmt.Fprintln(w, l)
		}
	}
}

// classify shortens a failure to its kind, for the table of reasons.
func classify(reason string) string {
	kind, rest, _ := strings.Cut(reason, ": ")
	switch {
	case strings.Contains(rest, "no result within"):
		return kind + ": timed out"
	case strings.Contains(rest, "getaddrinfo") || strings.Contains(rest, "fetch") || strings.Contains(rest, "http"):
		return kind + ": needs the network ($ref to a URL)"
	case kind == "compile":
		return "compile: does not compile"
	}
	if len(rest) > 60 {
		rest = rest[:60] + "…"
	}
	return kind + ": " + rest
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func times(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a/b)
}
