package generator_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/railzhook/railzhook/generator"
)

// Schema text is data: wherever a schema puts a string (a description, a title, a member name,
// an enum value, a default, an $id, a $defs key), it may reach the output only inside comments
// and string literals, and there nothing can end the comment or start a directive.

// hostile are schema strings that once became directives or code.
var hostile = []string{
	"//go:generate touch pwned",
	"x\n//go:generate touch pwned\ny",
	"/**/ func init() { panic(\"injected\") }",
	"x\n/**/ func init() { panic(\"injected\") } /*",
	"ends a block */ func init() { panic(\"injected\") } /*",
	"//line evil.go:1",
	"x\n+build ignore",
	"x\r//go:generate touch pwned",
	"x\u2028//go:generate touch pwned\u2029/**/ func init() { panic(1) }",
	"x\u0085//go:generate touch pwned",
	"abc\u202edcba \u2066isolate\u2069 zero\u200bwidth",
	"bell\a escape\x1b[31m red",
	"\"quoted\" `backquoted` \\ backslash",
}

// schemaWith is a schema that holds text at one position, and nothing else unusual.
func schemaWith(pos, text string) []byte {
	prop := map[string]any{"type": "string", "description": "A member."}
	root := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"title":       "Root",
		"description": "The root.",
		"type":        "object",
		"$defs": map[string]any{
			"thing": map[string]any{"type": "object", "description": "A thing.", "properties": map[string]any{"a": map[string]any{"type": "integer"}}},
		},
	}
	member := "member"
	switch pos {
	case "description":
		root["description"] = text
		prop["description"] = text
		root["$defs"].(map[string]any)["thing"].(map[string]any)["description"] = text
	case "title":
		root["title"] = text
		prop["title"] = text
	case "property":
		member = text
	case "enum":
		prop["enum"] = []any{text}
	case "default":
		prop["default"] = text
	case "id":
		root["$id"] = "https://example.com/" + text
	case "defs":
		d := root["$defs"].(map[string]any)
		d[text] = d["thing"]
		delete(d, "thing")
		root["properties"] = map[string]any{"ref": map[string]any{"$ref": "#/$defs/" + strings.ReplaceAll(strings.ReplaceAll(text, "~", "~0"), "/", "~1")}}
	}
	if pos != "defs" {
		root["properties"] = map[string]any{member: prop, "thing": map[string]any{"$ref": "#/$defs/thing"}}
	}
	data, err := json.Marshal(root)
	if err != nil {
		panic(err)
	}
	return data
}

var positions = []string{"description", "title", "property", "enum", "default", "id", "defs"}

// parsedOutput is what the checks look at in generated files.
type parsedOutput struct {
	decls    []string // "kind name" of every top-level declaration, sorted
	comments []string // every comment's text, with its // or /*
	idents   []string // every identifier the files declare
}

// parsedFiles caches parseFile by file content: the support file is the same for most schemas.
var parsedFiles sync.Map

func parseOutput(t *testing.T, res *generator.Result) parsedOutput {
	t.Helper()
	var out parsedOutput
	for _, f := range res.Files {
		key := f.Name + "\x00" + string(f.Data)
		p, ok := parsedFiles.Load(key)
		if !ok {
			p = parseFile(t, f)
			parsedFiles.Store(key, p)
		}
		one := p.(parsedOutput)
		out.decls = append(out.decls, one.decls...)
		out.comments = append(out.comments, one.comments...)
		out.idents = append(out.idents, one.idents...)
	}
	sort.Strings(out.decls)
	return out
}

// memberHelpers are the functions of the support file that carry //go:noinline.
var memberHelpers = map[string]bool{
	"required": true, "optional": true, "optionalList": true, "optionalMap": true, "optionalRaw": true,
	"nullable": true, "put": true, "putOptional": true, "putList": true, "putMap": true, "putRaw": true,
	"putNullable": true, "putKept": true,
}

func parseFile(t *testing.T, f generator.File) parsedOutput {
	t.Helper()
	var out parsedOutput
	{
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, f.Name, f.Data, parser.ParseComments)
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", f.Name, err, f.Data)
		}
		// The support file's own directive: //go:noinline on the member helpers, fixed text
		// the generator writes whatever the schema says.
		own := map[*ast.Comment]bool{}
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil && fd.Recv == nil && memberHelpers[fd.Name.Name] {
				for _, c := range fd.Doc.List {
					if c.Text == "//go:noinline" {
						own[c] = true
					}
				}
			}
		}
		for _, cg := range file.Comments {
			for _, c := range cg.List {
				if !own[c] {
					out.comments = append(out.comments, c.Text)
				}
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Obj != nil {
				out.idents = append(out.idents, id.Name)
			}
			if f, ok := n.(*ast.Field); ok {
				for _, id := range f.Names {
					out.idents = append(out.idents, id.Name)
				}
			}
			return true
		})
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				name := d.Name.Name
				if d.Recv != nil {
					name = "method " + fmt.Sprint(len(d.Recv.List)) + " " + name
				}
				out.decls = append(out.decls, "func "+name)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						out.decls = append(out.decls, "type")
					case *ast.ValueSpec:
						out.decls = append(out.decls, fmt.Sprintf("%s %d", d.Tok, len(s.Names)))
					case *ast.ImportSpec:
						out.decls = append(out.decls, "import "+s.Path.Value)
					}
				}
			}
		}
	}
	return out
}

// checkComments fails when a comment could be read as a directive or hold a character that
// ends a line or reorders it.
func checkComments(t *testing.T, comments []string) {
	t.Helper()
	for _, c := range comments {
		if !strings.HasPrefix(c, "//") {
			t.Errorf("a block comment in the output: %q", c)
			continue
		}
		body := c[2:]
		for _, directive := range []string{"go:", "line ", "export ", "extern ", "nolint"} {
			if strings.HasPrefix(body, directive) {
				t.Errorf("a comment reads as a directive: %q", c)
			}
		}
		if strings.HasPrefix(strings.TrimSpace(body), "+build") {
			t.Errorf("a comment reads as a build constraint: %q", c)
		}
		if strings.Contains(body, "*/") || strings.Contains(body, "/*") {
			t.Errorf("a comment holds a comment delimiter: %q", c)
		}
		for _, r := range body {
			if (unicode.IsControl(r) && r != '\t') || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
				t.Errorf("a comment holds %U: %q", r, c)
			}
		}
	}
}

// words are the whitespace-separated words of comments, without the comment markers.
func words(comments []string) map[string]bool {
	m := map[string]bool{}
	for _, c := range comments {
		for _, w := range strings.Fields(strings.TrimPrefix(c, "//")) {
			m[w] = true
		}
	}
	return m
}

// vocabulary is the generator's own text: every word of the string literals of its source and
// of the comments of its golden outputs, as written and without surrounding punctuation.
var vocabulary = func() map[string]bool {
	m := map[string]bool{}
	addWords := func(text string) {
		for _, w := range strings.Fields(text) {
			m[w] = true
			m[trimPunct(w)] = true
		}
	}
	sources, _ := filepath.Glob("*.go")
	goldens, _ := filepath.Glob("testdata/*/*.go")
	for _, name := range append(sources, goldens...) {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ParseComments)
		if err != nil {
			continue
		}
		if strings.HasPrefix(name, "testdata") {
			for _, cg := range file.Comments {
				for _, c := range cg.List {
					addWords(strings.TrimPrefix(c.Text, "//"))
				}
			}
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if text, err := strconv.Unquote(lit.Value); err == nil {
					addWords(text)
				}
			}
			return true
		})
	}
	return m
}()

func trimPunct(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// checkOnlyText fails when the comments of the output hold a word that is neither the
// generator's own (a word of its comments elsewhere) nor made of the given text, as a comment
// writes it (defused, quoted, as a JSON pointer token, line by line) and of the Go names the
// output declares for it. Punctuation is not judged here: checkComments judges what could end
// a comment or start a directive.
func checkOnlyText(t *testing.T, got, neutral parsedOutput, text string) {
	t.Helper()
	var pieces []string
	for _, form := range []string{text, strconv.Quote(text), strings.ReplaceAll(strings.ReplaceAll(text, "~", "~0"), "/", "~1")} {
		pieces = append(pieces, strings.Fields(generator.Defuse(form))...)
		for _, line := range strings.FieldsFunc(form, func(r rune) bool { return r == '\n' || r == '\r' || unicode.IsSpace(r) }) {
			pieces = append(pieces, strings.Fields(generator.Defuse(line))...)
		}
	}
	pieces = append(pieces, got.idents...)
	sort.Slice(pieces, func(i, j int) bool { return len(pieces[i]) > len(pieces[j]) })
	base := words(neutral.comments)
	for w := range words(got.comments) {
		if base[w] || vocabulary[w] || vocabulary[trimPunct(w)] {
			continue
		}
		rest := w
		for _, p := range pieces {
			if p != "" {
				rest = strings.ReplaceAll(rest, p, "")
			}
		}
		rest = trimPunct(rest)
		if rest == "" || base[rest] || vocabulary[rest] {
			continue
		}
		t.Errorf("a comment word %q is neither the schema's text %q nor the generator's (%q is left)", w, text, rest)
	}
}

func generateAt(t *testing.T, pos, text string, checks bool) (*generator.Result, error) {
	t.Helper()
	return generator.Generate([]generator.Schema{{Name: "root.json", Data: schemaWith(pos, text)}}, generator.Options{PackageName: "safety", Checks: checks})
}

// checkTextStaysText generates the schema with text at pos and with a neutral word there, and
// holds the output to the promises above: it parses, its comments are safe and hold only the
// given text beside the generator's own, and it declares what the neutral schema declares.
// neutrals caches the output of the neutral schemas, by position and checks.
var neutrals sync.Map

func checkTextStaysText(t *testing.T, pos, text string, checks bool) {
	t.Helper()
	// The schema holds the text as JSON holds it: invalid UTF-8 becomes U+FFFD.
	quoted, _ := json.Marshal(text)
	json.Unmarshal(quoted, &text)
	res, err := generateAt(t, pos, text, checks)
	if err != nil {
		return // refused with an error: nothing was written
	}
	key := fmt.Sprint(pos, checks)
	n, ok := neutrals.Load(key)
	if !ok {
		neutralRes, err := generateAt(t, pos, "Neutral", checks)
		if err != nil {
			t.Fatalf("the neutral schema fails: %v", err)
		}
		n = parseOutput(t, neutralRes)
		neutrals.Store(key, n)
	}
	got, neutral := parseOutput(t, res), n.(parsedOutput)
	checkComments(t, got.comments)
	checkOnlyText(t, got, neutral, text)
	if strings.Join(got.decls, "\n") != strings.Join(neutral.decls, "\n") {
		t.Errorf("text %q at %s changes the declarations:\n%s\nwant (as for a neutral text):\n%s", text, pos, strings.Join(got.decls, "\n"), strings.Join(neutral.decls, "\n"))
	}
}

func TestSchemaTextStaysText(t *testing.T) {
	for _, pos := range positions {
		for i, text := range hostile {
			for _, checks := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%d/checks=%v", pos, i, checks), func(t *testing.T) {
					checkTextStaysText(t, pos, text, checks)
				})
			}
		}
	}
}

// TestInjectedCodeDoesNotRun builds a package from a schema that holds every hostile string
// everywhere, then runs go generate and go test in it: no command may run, and no injected
// init may panic.
func TestInjectedCodeDoesNotRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	dir := t.TempDir()
	var docs []generator.Schema
	for i, pos := range positions {
		docs = append(docs, generator.Schema{Name: fmt.Sprintf("s%d.json", i), Data: schemaWith(pos, strings.Join(hostile, "\n"))})
	}
	res, err := generator.Generate(docs, generator.Options{PackageName: "victim", Checks: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"go.mod":         "module victim\n\ngo 1.24\n",
		"victim_test.go": "package victim\n\nimport \"testing\"\n\nfunc TestNothing(t *testing.T) {}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gen := exec.Command("go", "generate", "-x", "./...")
	gen.Dir = dir
	if out, err := gen.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("go generate ran something (err %v):\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Error("go generate created the file a description asked for")
	}
	test := exec.Command("go", "vet", "./...")
	test.Dir = dir
	if out, err := test.CombinedOutput(); err != nil {
		t.Errorf("go vet fails on the generated package: %v\n%s", err, out)
	}
	run := exec.Command("go", "test", "-count=1", "./...")
	run.Dir = dir
	if out, err := run.CombinedOutput(); err != nil {
		t.Errorf("go test fails on the generated package: %v\n%s", err, out)
	}
}

// FuzzSchemaText puts arbitrary text at every position a schema holds a string, and holds the
// output to TestSchemaTextStaysText's promises.
//
//	go test ./generator -run '^$' -fuzz FuzzSchemaText -fuzztime 2m
func FuzzSchemaText(f *testing.F) {
	for _, h := range hostile {
		f.Add(h)
	}
	f.Add("")
	f.Add("plain words")
	f.Add("B\xd2") // invalid UTF-8: JSON holds U+FFFD
	f.Fuzz(func(t *testing.T, text string) {
		for _, pos := range positions {
			checkTextStaysText(t, pos, text, pos == "enum" || pos == "property")
		}
	})
}
