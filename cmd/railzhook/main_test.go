package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/railzhook/railzhook/validate"
)

// cli runs the command in-process.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestValidateFixtures(t *testing.T) {
	code, out, errOut := cli(t, "", "validate", "../../testdata/valid")
	if code != 0 || out != "" {
		t.Fatalf("valid fixtures: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "valid, 0 invalid") {
		t.Errorf("summary: %s", errOut)
	}
	code, out, _ = cli(t, "", "validate", "--strict", "../../testdata/lenient")
	if code != 1 || !strings.Contains(out, "(additionalProperties)") {
		t.Errorf("lenient fixtures in strict mode: exit %d\n%s", code, out)
	}
	if code, _, _ := cli(t, "", "validate", "../../testdata/lenient"); code != 0 {
		t.Errorf("lenient fixtures in default mode: exit %d", code)
	}
	code, out, _ = cli(t, "", "validate", "../../testdata/invalid")
	if code != 1 {
		t.Errorf("invalid fixtures: exit %d", code)
	}
	files, _ := filepath.Glob("../../testdata/invalid/*/*.json")
	for _, f := range files {
		if !strings.Contains(out, f+":") {
			t.Errorf("no error line for %s", f)
		}
	}
}

func TestValidateTextFormat(t *testing.T) {
	code, out, _ := cli(t, "", "validate", "../../testdata/invalid/batchPush/required-item-status-and-code.json")
	want := "../../testdata/invalid/batchPush/required-item-status-and-code.json:20:7: /data/batch/1/responseCode: missing required property \"responseCode\" (required)\n" +
		"../../testdata/invalid/batchPush/required-item-status-and-code.json:20:7: /data/batch/1/status: missing required property \"status\" (required)\n"
	if code != 1 || out != want {
		t.Errorf("exit %d, output (-want +got):\n%s", code, cmp.Diff(want, out))
	}
}

func TestValidateJSONFormat(t *testing.T) {
	code, out, errOut := cli(t, "", "validate", "--format", "json", "../../testdata/valid/data/seed-003-data.json", "../../testdata/invalid/data/union-requests-string.json")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	type line struct {
		File   string                `json:"file"`
		Valid  bool                  `json:"valid"`
		Event  string                `json:"event"`
		Errors []validate.FieldError `json:"errors"`
	}
	var got []line
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("not JSON Lines: %v: %s", err, sc.Text())
		}
		got = append(got, l)
	}
	want := []line{
		{File: "../../testdata/valid/data/seed-003-data.json", Valid: true, Event: "data", Errors: []validate.FieldError{}},
		{File: "../../testdata/invalid/data/union-requests-string.json", Event: "data", Errors: []validate.FieldError{
			{Path: "/data/requests", Keyword: "type", Message: "expected array or object, but got string", Line: 14, Column: 5},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestValidateStdinAndEvent(t *testing.T) {
	data, err := os.ReadFile("../../testdata/valid/data/seed-002-full-payload.json")
	if err != nil {
		t.Fatal(err)
	}
	if code, out, _ := cli(t, string(data), "validate", "-"); code != 0 || out != "" {
		t.Errorf("stdin: exit %d %s", code, out)
	}
	code, out, _ := cli(t, string(data), "validate", "--event", "dataPerType", "-")
	if code != 1 || !strings.Contains(out, "-:3:1: /data/event: value must be \"dataPerType\" (const)") {
		t.Errorf("--event dataPerType: exit %d\n%s", code, out)
	}
	if code, out, _ := cli(t, "{", "validate", "-"); code != 1 || !strings.Contains(out, "(syntax)") {
		t.Errorf("malformed stdin: exit %d %s", code, out)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := [][]string{
		{},
		{"frobnicate"},
		{"validate"},
		{"validate", "--format", "xml", "x.json"},
		{"validate", "--event", "nope", "x.json"},
		{"validate", "--no-such-flag", "x.json"},
		{"validate", "does-not-exist.json"},
		{"schema", "nope"},
		{"schema", "--mode", "loose"},
		{"example"},
		{"example", "nope"},
		{"example", "--index", "9", "data"},
		{"events", "extra"},
		{"generate"},
	}
	for _, args := range cases {
		code, _, errOut := cli(t, "", args...)
		if code != 2 || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message", args, code, errOut)
		}
	}
	// An unreadable path does not stop the others from being checked.
	code, out, _ := cli(t, "", "validate", "--format", "json", "missing.json", "../../testdata/invalid/envelope/null.json")
	if code != 2 || !strings.Contains(out, `"valid":false`) {
		t.Errorf("exit %d, %s", code, out)
	}
}

// TestHelp: --help prints once, to stdout; help CMD prints the same; an unknown flag is one
// line naming the command and the flag; every synopsis, here and in the package doc, lists
// every flag of its command.
func TestHelp(t *testing.T) {
	doc := packageDoc(t)
	for _, c := range commands() {
		code, out, errOut := cli(t, "", c.name, "--help")
		if code != 0 || !strings.HasPrefix(out, "Usage: railzhook "+c.name) || strings.Count(out, "Usage:") != 1 || errOut != "" {
			t.Errorf("%s --help: exit %d\nstdout:\n%s\nstderr:\n%s", c.name, code, out, errOut)
		}
		if code, again, _ := cli(t, "", "help", c.name); code != 0 || again != out {
			t.Errorf("help %s: exit %d, differs from %s --help", c.name, code, c.name)
		}
		code, _, errOut = cli(t, "", c.name, "--no-such-flag")
		if want := "railzhook " + c.name + ": unknown flag --no-such-flag (see 'railzhook " + c.name + " --help')\n"; code != 2 || errOut != want {
			t.Errorf("%s --no-such-flag: exit %d, stderr %q; want 2 and %q", c.name, code, errOut, want)
		}
		synopsis, _, _ := strings.Cut(out, "\n")
		var docLine string
		for _, l := range strings.Split(doc, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "railzhook "+c.name+" ") || strings.TrimSpace(l) == "railzhook "+c.name {
				docLine = l
			}
		}
		if docLine == "" {
			t.Errorf("the package doc has no usage line for %s", c.name)
		}
		for _, l := range strings.Split(out, "\n") {
			name, ok := strings.CutPrefix(l, "  -")
			if !ok {
				continue
			}
			name, _, _ = strings.Cut(name, " ")
			if !strings.Contains(synopsis, "--"+name) {
				t.Errorf("%s: the synopsis %q does not list --%s", c.name, synopsis, name)
			}
			if !strings.Contains(docLine, "--"+name) {
				t.Errorf("%s: the package doc's line %q does not list --%s", c.name, docLine, name)
			}
		}
	}
	if code, out, _ := cli(t, "", "--help"); code != 0 || !strings.Contains(out, "Commands:") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
	if code, _, errOut := cli(t, "", "help", "nope"); code != 2 || !strings.Contains(errOut, `unknown command "nope"`) {
		t.Errorf("help nope: exit %d %s", code, errOut)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		if code, out, _ := cli(t, "", args...); code != 0 || !strings.HasPrefix(out, "railzhook ") || !strings.Contains(out, "go1.") {
			t.Errorf("%q: exit %d %q", args, code, out)
		}
	}
}

// packageDoc returns the doc comment of package main.
func packageDoc(t *testing.T) string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		t.Fatalf("main.go: %v", err)
	}
	return f.Doc.Text()
}

func TestInspect(t *testing.T) {
	code, out, _ := cli(t, "", "events")
	if code != 0 || !regexp.MustCompile(`(?m)^batchPush +batch-push.json +railz.BatchPushEvent$`).MatchString(out) || strings.Count(out, "\n") != 10 {
		t.Errorf("events: %d\n%s", code, out)
	}
	for _, ev := range []string{"batchPush", "data", "dataPerType", "login", "auth", "connectionStatus", "push", "customerRequest", "delete"} {
		code, out, _ := cli(t, "", "example", ev)
		if code != 0 {
			t.Fatalf("example %s: exit %d", ev, code)
		}
		if code, res, _ := cli(t, out, "validate", "--strict", "--event", ev, "-"); code != 0 {
			t.Errorf("example %s is not valid: %s", ev, res)
		}
	}
	code, out, _ = cli(t, "", "schema")
	if code != 0 || !strings.Contains(out, `"$id": "https://railzhook.dev/schemas/webhook.json"`) {
		t.Errorf("schema: %d", code)
	}
	code, out, _ = cli(t, "", "schema", "--mode", "strict", "data")
	if code != 0 || !strings.Contains(out, `"additionalProperties": false`) {
		t.Errorf("schema --mode strict data: %d", code)
	}
	code, out, _ = cli(t, "", "schema", "--mode", "default", "common.json")
	if code != 0 || strings.Contains(out, `"sageIntacct"`) {
		t.Errorf("default-mode common.json still lists the open serviceName enum")
	}
}

// schemaArgs are the schema files of gen/railz's go:generate line, relative to this folder.
func schemaArgs(t *testing.T) []string {
	doc, err := os.ReadFile("../../gen/railz/doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(doc), "\n") {
		if !strings.HasPrefix(line, "//go:generate ") {
			continue
		}
		for _, f := range strings.Fields(line) {
			if strings.HasSuffix(f, ".json") {
				out = append(out, filepath.Join("../../gen/railz", f))
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no schema files on the go:generate line")
	}
	return out
}

func TestGenerateCheck(t *testing.T) {
	schemaFiles := schemaArgs(t)
	args := append([]string{"generate", "--package", "railz", "--checks", "--out", "../../gen/railz", "--check"}, schemaFiles...)
	if code, _, errOut := cli(t, "", args...); code != 0 {
		t.Fatalf("gen/railz is stale: %s", errOut)
	}
	dir := t.TempDir()
	// Generate into an empty directory, then make one file stale and add an extra one.
	gen := append([]string{"generate", "--package", "railz", "--out", dir}, schemaFiles...)
	if code, _, errOut := cli(t, "", gen...); code != 0 {
		t.Fatalf("generate: %s", errOut)
	}
	os.WriteFile(filepath.Join(dir, "data.go"), []byte("package railz\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "old.go"), []byte("// Code generated by railzhook from schemas/old.json. DO NOT EDIT.\n\npackage railz\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "doc.go"), []byte("package railz\n"), 0o644)
	check := append([]string{"generate", "--package", "railz", "--out", dir, "--check"}, schemaFiles...)
	code, _, errOut := cli(t, "", check...)
	if code != 1 || !strings.Contains(errOut, "stale: "+filepath.Join(dir, "data.go")) || !strings.Contains(errOut, "extra: "+filepath.Join(dir, "old.go")) || strings.Contains(errOut, "doc.go") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

func TestValidateSchemaFlag(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(good, []byte(`{"kind": "a", "level": 1}`), 0o644)
	os.WriteFile(bad, []byte(`{"kind": "z",
 "level": 10}`), 0o644)
	schema := "../../validate/testdata/schemas/draft04.json"
	code, out, _ := cli(t, "", "validate", "--schema", schema, good, bad)
	want := bad + ":1:2: /kind: value must be \"a\" (const)\n" + bad + ":2:2: /level: must be < 10 but found 10 (exclusiveMaximum)\n"
	if code != 1 || out != want {
		t.Errorf("exit %d (-want +got):\n%s", code, cmp.Diff(want, out))
	}
	if code, _, errOut := cli(t, "", "validate", "--schema", "missing.json", good); code != 2 || errOut == "" {
		t.Errorf("missing schema: exit %d", code)
	}
	if code, _, _ := cli(t, "", "validate", "--schema", schema, "--event", "data", good); code != 2 {
		t.Errorf("--schema with --event: exit %d", code)
	}
}

func TestGenerateSingleFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "hooks.go")
	// --import with no path: copies of the referenced railzhook types rather than gen/railz's.
	code, _, errOut := cli(t, "", "generate", "--package", "hooks", "--root-type", "Sync", "--import", "https://railzhook.dev/schemas/=", "--out", out, "../../schemas/data.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	if !strings.HasPrefix(src, "// Code generated by railzhook from schemas/common.json, schemas/data.json. DO NOT EDIT.\n\npackage hooks\n") ||
		strings.Count(src, "\npackage ") != 1 || !strings.Contains(src, "\ntype Sync struct {") {
		t.Errorf("unexpected output:\n%.400s", src)
	}
	if code, _, errOut := cli(t, "", "generate", "--package", "hooks", "--root-type", "Sync", "--import", "https://railzhook.dev/schemas/=", "--out", out, "--check", "../../schemas/data.json"); code != 0 {
		t.Errorf("--check right after generating: %d %s", code, errOut)
	}
	// By default, types of railzhook's schemas are gen/railz's.
	mapped := filepath.Join(t.TempDir(), "mapped.go")
	if code, _, errOut := cli(t, "", "generate", "--package", "hooks", "--root-type", "Sync", "--out", mapped, "../../schemas/data.json"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if src, _ := os.ReadFile(mapped); !strings.Contains(string(src), `"github.com/railzhook/railzhook/gen/railz"`) || !strings.Contains(string(src), "railz.ServiceName") || strings.Contains(string(src), "type ServiceName ") {
		t.Errorf("common.json's types are not gen/railz's:\n%.600s", src)
	}
	// Unmappable constructs warn and fall back; the output still builds (see the generator's goldens).
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"title": "T", "type": "object", "properties": {"x": {"type": "array", "items": [{"type": "string"}]}}}`), 0o644)
	code, _, errOut = cli(t, "", "generate", "--package", "p", "--out", filepath.Join(t.TempDir(), "t.go"), bad)
	if code != 0 || !strings.Contains(errOut, "warning: bad.json#/properties/x: items of different types are not mapped") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	// --fail-on-warning: the same warnings, exit 1, nothing written.
	strictOut := filepath.Join(t.TempDir(), "strict.go")
	code, _, errOut = cli(t, "", "generate", "--package", "p", "--fail-on-warning", "--out", strictOut, bad)
	if _, err := os.Stat(strictOut); code != 1 || err == nil || !strings.Contains(errOut, "--fail-on-warning") {
		t.Errorf("--fail-on-warning: exit %d, file written: %v, stderr %q", code, err == nil, errOut)
	}
}

// TestGenerateUsageErrors: a bad package name is a usage error (exit 2); a schema that does
// not parse is reported at file:line:col.
func TestGenerateUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\n  \"type\": \"object\",\n  \"properties\": {\"a\": {\"type\": \"string\",}}\n}\n"), 0o644)
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"type": "object"}`), 0o644)
	if code, _, errOut := cli(t, "", "generate", "--package", "p", "--out", dir, bad); code != 2 || !strings.Contains(errOut, "bad.json:3:41: invalid JSON") {
		t.Errorf("unparseable schema: exit %d %s", code, errOut)
	}
	for _, pkg := range []string{"my-pkg", "func", "1x"} {
		if code, _, errOut := cli(t, "", "generate", "--package", pkg, "--out", filepath.Join(dir, "x"), good); code != 2 || !strings.Contains(errOut, "not a valid Go package name") {
			t.Errorf("--package %q: exit %d %s", pkg, code, errOut)
		}
	}
	// A package name taken from --out says where it came from.
	if code, _, errOut := cli(t, "", "generate", "--out", filepath.Join(dir, "2fa"), good); code != 2 || !strings.Contains(errOut, "from --out") {
		t.Errorf("package from --out: exit %d %s", code, errOut)
	}
}

// TestValidateExpect: the contract-test step. testdata holds to its layout in both modes; a
// golden that no longer matches, and an invalid payload filed under valid/, are shown as a
// diff and exit 1.
func TestValidateExpect(t *testing.T) {
	for _, mode := range [][]string{nil, {"--strict"}} {
		args := append(append([]string{"validate", "--expect"}, mode...), "../../testdata/valid", "../../testdata/invalid", "../../testdata/lenient")
		if code, out, errOut := cli(t, "", args...); code != 0 || out != "" || !strings.Contains(errOut, ", 0 not") {
			t.Errorf("%q: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	dir := t.TempDir()
	copyFile := func(from, to string) {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(to), 0o755)
		os.WriteFile(to, b, 0o644)
	}
	copyFile("../../testdata/invalid/push/enum-status.json", filepath.Join(dir, "invalid/push/enum-status.json"))
	golden, _ := os.ReadFile("../../testdata/invalid/push/enum-status.golden")
	os.WriteFile(filepath.Join(dir, "invalid/push/enum-status.golden"), bytes.Replace(golden, []byte(`"column": 5`), []byte(`"column": 6`), 1), 0o644)
	copyFile("../../testdata/invalid/push/required-and-type.json", filepath.Join(dir, "valid/push/required-and-type.json"))
	code, out, _ := cli(t, "", "validate", "--expect", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		"enum-status.json: not as expected in default mode (-expected +got):\n  - 14:6: /data/status:",
		"  + 14:5: /data/status:",
		"required-and-type.json: not as expected in default mode (-expected +got):\n  - (valid)\n  + ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	os.Remove(filepath.Join(dir, "invalid/push/enum-status.golden"))
	if code, _, errOut := cli(t, "", "validate", "--expect", filepath.Join(dir, "nowhere")); code != 2 || !strings.HasPrefix(errOut, "railzhook validate: stat "+filepath.Join(dir, "nowhere")+": no such file or directory\n") {
		t.Errorf("--expect on a missing path: exit %d %q", code, errOut)
	}
	if code, _, errOut := cli(t, "", "validate", "--expect", filepath.Join(dir, "invalid")); code != 2 || !strings.Contains(errOut, "needs its expected errors beside it") {
		t.Errorf("missing golden: exit %d %s", code, errOut)
	}
	if code, _, _ := cli(t, "", "validate", "--expect", "--format", "json", dir); code != 2 {
		t.Errorf("--expect --format json: exit %d", code)
	}
}

// TestValidateOutput: text output in line:column order; standard input named by
// --stdin-filename and read once; unreadable paths as JSON objects with an error; hidden
// folders skipped, symlinked folders noted, an unreadable folder not hiding the rest.
func TestValidateOutput(t *testing.T) {
	// Errors reported in path order (/data/... before /requestId) but written on lines in
	// the other order come out by line.
	body := "{\n  \"requestId\": \"nope\",\n  \"data\": {\"event\": \"push\", \"status\": \"x\"}\n}\n"
	code, out, _ := cli(t, body, "validate", "--stdin-filename", "hook.json", "-")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 1 || len(lines) < 3 || !strings.HasPrefix(lines[0], "hook.json:2:") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	prevLine, prevCol := 0, 0
	for _, l := range lines {
		var line, col int
		fmt.Sscanf(strings.TrimPrefix(l, "hook.json:"), "%d:%d:", &line, &col)
		if line < prevLine || line == prevLine && col < prevCol {
			t.Errorf("not in line:column order:\n%s", out)
			break
		}
		prevLine, prevCol = line, col
	}
	if code, _, errOut := cli(t, body, "validate", "-", "-"); code != 2 || !strings.Contains(errOut, "given 2 times") {
		t.Errorf("- twice: exit %d %s", code, errOut)
	}
	if code, _, errOut := cli(t, "", "validate", "--stdin-filename", "x.json", "a.json"); code != 2 || !strings.Contains(errOut, "--stdin-filename") {
		t.Errorf("--stdin-filename without -: exit %d %s", code, errOut)
	}

	dir := t.TempDir()
	valid, _ := os.ReadFile("../../testdata/valid/push/success.json")
	for _, p := range []string{"a/ok.json", ".git/objects/x.json", "locked/y.json", "outside/z.json"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), valid, 0o644)
	}
	os.Symlink(filepath.Join(dir, "outside"), filepath.Join(dir, "a", "linked"))
	os.Symlink(filepath.Join(dir, "nowhere.json"), filepath.Join(dir, "a", "broken.json"))
	os.Chmod(filepath.Join(dir, "locked"), 0)
	defer os.Chmod(filepath.Join(dir, "locked"), 0o755)
	code, out, errOut := cli(t, "", "validate", "--format", "json", filepath.Join(dir, "a"), filepath.Join(dir, "missing.json"), dir)
	if code != 2 {
		t.Errorf("exit %d, want 2 for the unreadable paths", code)
	}
	if !strings.Contains(errOut, "a symlinked folder, not followed") {
		t.Errorf("no note for the symlinked folder:\n%s", errOut)
	}
	var results []fileResult
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r fileResult
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		results = append(results, r)
	}
	seen := map[string]string{}
	for _, r := range results {
		seen[strings.TrimPrefix(r.File, dir)] = r.Error
	}
	if e, ok := seen["/missing.json"]; !ok || e == "" {
		t.Errorf("missing path not reported as an object with an error: %s", out)
	}
	if e, ok := seen["/a/broken.json"]; !ok || e == "" {
		t.Errorf("a dangling *.json symlink is not reported as an object with an error: %s", out)
	}
	if _, ok := seen["/a/ok.json"]; !ok {
		t.Errorf("a/ok.json not validated: %s", out)
	}
	if _, ok := seen["/outside/z.json"]; !ok {
		t.Errorf("outside/z.json (after the unreadable folder) not validated: %s", out)
	}
	if os.Geteuid() != 0 { // root reads folders of mode 0 all the same
		if e, ok := seen["/locked"]; !ok || e == "" {
			t.Errorf("the unreadable folder is not reported: %s", out)
		}
	}
	for f := range seen {
		if strings.Contains(f, ".git") || strings.Contains(f, "linked") {
			t.Errorf("%s was read", f)
		}
	}
}
