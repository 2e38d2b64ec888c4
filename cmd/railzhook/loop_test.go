package main

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/railzhook/railzhook/webhook"
)

func write(t *testing.T, path, text string) string {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestExpectFailsOnNothing: no fixture, a misspelt folder and files outside valid/, invalid/
// and lenient/ are exit 2, never a green run.
func TestExpectFailsOnNothing(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "empty", "valid"), 0o755)
	if code, _, errOut := cli(t, "", "validate", "--expect", filepath.Join(dir, "empty")); code != 2 || !strings.Contains(errOut, "no *.json, *.yaml or *.yml files") {
		t.Errorf("empty folder: %d %s", code, errOut)
	}
	write(t, filepath.Join(dir, "loose", "a.json"), `{}`)
	code, _, errOut := cli(t, "", "validate", "--expect", filepath.Join(dir, "loose"))
	if code != 2 || !strings.Contains(errOut, "a.json: not under a valid/, invalid/ or lenient/ folder") || !strings.Contains(errOut, "no fixture checked") {
		t.Errorf("unplaced file: %d %s", code, errOut)
	}
	// One unplaced file beside good fixtures still fails.
	valid, _ := os.ReadFile("../../testdata/valid/push/success.json")
	write(t, filepath.Join(dir, "mixed", "valid", "push", "ok.json"), string(valid))
	write(t, filepath.Join(dir, "mixed", "stray.json"), string(valid))
	if code, _, errOut := cli(t, "", "validate", "--expect", filepath.Join(dir, "mixed")); code != 2 || !strings.Contains(errOut, "1 fixture(s) checked") {
		t.Errorf("stray file: %d %s", code, errOut)
	}
}

// TestExpectWithSchema: --expect judges fixtures by any schema, as ajv test does, and fake
// --schema writes the folder it passes.
func TestExpectWithSchema(t *testing.T) {
	dir := t.TempDir()
	schema := write(t, filepath.Join(dir, "order.yaml"), `
$schema: https://json-schema.org/draft/2020-12/schema
type: object
required: [id, on]
properties:
  id: {type: string, format: uuid}
  on: {type: boolean}
  size: {enum: [small, large]}
`)
	out := filepath.Join(dir, "fixtures")
	for _, args := range [][]string{{"fake", "--schema", schema, "--out", out}, {"fake", "--schema", schema, "--invalid", "--out", out}} {
		if code, _, errOut := cli(t, "", args...); code != 0 {
			t.Fatalf("%q: %d %s", args, code, errOut)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(out, "invalid", "*.golden")); len(files) < 3 {
		t.Errorf("%d invalid fixtures", len(files))
	}
	if code, stdout, errOut := cli(t, "", "validate", "--expect", "--schema", schema, out); code != 0 || !strings.Contains(errOut, "0 not") {
		t.Errorf("--expect --schema: %d\n%s%s", code, stdout, errOut)
	}
	// A fixture filed under the wrong folder is a difference.
	b, _ := os.ReadFile(filepath.Join(out, "valid", "cover-01.json"))
	write(t, filepath.Join(out, "invalid", "moved.json"), string(b))
	write(t, filepath.Join(out, "invalid", "moved.golden"), `{"default": {"errors": [{"path": "/id", "keyword": "type", "message": "x"}]}, "strict": null}`)
	if code, stdout, _ := cli(t, "", "validate", "--expect", "--schema", schema, out); code != 1 || !strings.Contains(stdout, "moved.json: not as expected in default mode") || !strings.Contains(stdout, "  + (valid)") {
		t.Errorf("moved fixture: %d\n%s", code, stdout)
	}
	// Formats: an annotation by default in both commands, an assertion with --assert-formats.
	bad := write(t, filepath.Join(dir, "bad-id.json"), `{"id": "not-a-uuid", "on": true}`)
	if code, _, _ := cli(t, "", "validate", "--schema", schema, bad); code != 0 {
		t.Errorf("format asserted by default: %d", code)
	}
	if code, _, _ := cli(t, "", "validate", "--schema", schema, "--assert-formats", bad); code != 1 {
		t.Errorf("--assert-formats: %d", code)
	}
	_, inv, _ := cli(t, "", "fake", "--schema", schema, "--invalid", "--format", "cases")
	_, invFormats, _ := cli(t, "", "fake", "--schema", schema, "--invalid", "--format", "cases", "--assert-formats")
	if strings.Contains(inv, "invalid-format") || !strings.Contains(invFormats, "invalid-format") {
		t.Errorf("fake's format cases do not follow --assert-formats:\n%s\n%s", inv, invFormats)
	}
}

// TestYAMLInstances: .yaml and .yml files are payloads wherever JSON files are, with YAML 1.2
// scalars and errors at the YAML file's own line:column.
func TestYAMLInstances(t *testing.T) {
	dir := t.TempDir()
	push := `# a push result, as YAML
data:
  event: push
  connectionId: CON-8602a97d-89a6-45d2-897b-625f8b6b9e86
  businessName: "on"
  serviceName: quickbooks
  pushCommunicationId: 60473b57f0cdd1683ca71f60
  sourceObjectIds: ["1042"]
  dataType: invoices
  requestedOn: 2023-01-17T16:50:24.063Z
  completedOn: 2023-01-17T16:50:26.120Z
  status: success
  responseCode: 200
requestId: e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64
`
	write(t, filepath.Join(dir, "valid", "push", "ok.yaml"), push)
	bad := strings.Replace(strings.Replace(push, "status: success", "status: yes", 1), "responseCode: 200", "responseCode: on", 1)
	bad = strings.Replace(bad, "  businessName: \"on\"\n", "", 1)
	write(t, filepath.Join(dir, "invalid", "push", "bad.yml"), bad)
	code, out, errOut := cli(t, "", "validate", dir)
	want := []string{
		filepath.Join(dir, "invalid/push/bad.yml") + ":2:1: /data/businessName: missing required property \"businessName\" (required)",
		filepath.Join(dir, "invalid/push/bad.yml") + ":11:3: /data/status: \"yes\" is not one of",
		filepath.Join(dir, "invalid/push/bad.yml") + ":12:3: /data/responseCode: expected integer, but got string (type)",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if code != 1 || !strings.Contains(errOut, "2 file(s) checked in default mode: 1 valid, 1 invalid") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	// --expect with a .golden beside a YAML fixture, as for JSON ones.
	golden := `{"default": {"event": "push", "errors": [
  {"path": "/data/businessName", "keyword": "required", "message": "missing required property \"businessName\"", "line": 2, "column": 1}]}, "strict": {"event": "push", "errors": [
  {"path": "/data/businessName", "keyword": "required", "message": "missing required property \"businessName\"", "line": 2, "column": 1}]}}`
	write(t, filepath.Join(dir, "invalid", "push", "bad.yml"), strings.Replace(push, "  businessName: \"on\"\n", "", 1))
	write(t, filepath.Join(dir, "invalid", "push", "bad.golden"), golden)
	if code, out, errOut := cli(t, "", "validate", "--expect", dir); code != 0 {
		t.Errorf("--expect of YAML fixtures: %d\n%s%s", code, out, errOut)
	}
	// Syntax errors, values JSON cannot hold and streams.
	write(t, filepath.Join(dir, "other", "broken.yaml"), "data:\n  event: [push\n")
	write(t, filepath.Join(dir, "other", "inf.yaml"), "data:\n  x: .inf\n")
	write(t, filepath.Join(dir, "other", "two.yaml"), push+"---\n"+bad)
	write(t, filepath.Join(dir, "other", "empty.yaml"), "")
	code, out, _ = cli(t, "", "validate", "--format", "json", filepath.Join(dir, "other"))
	var lines []fileResult
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var r fileResult
		json.Unmarshal(sc.Bytes(), &r)
		lines = append(lines, r)
	}
	if code != 1 || len(lines) != 5 {
		t.Fatalf("exit %d, %d results:\n%s", code, len(lines), out)
	}
	if e := lines[0].Errors[0]; !strings.HasSuffix(lines[0].File, "broken.yaml") || e.Keyword != "syntax" || e.Line != 3 {
		t.Errorf("broken: %+v", lines[0])
	}
	if e := lines[1].Errors[0]; e.Keyword != "empty" || e.Line != 1 || e.Column != 1 {
		t.Errorf("empty: %+v", lines[1])
	}
	if e := lines[2].Errors[0]; !strings.Contains(e.Message, "JSON has no Infinity") || e.Line != 2 || e.Column != 6 {
		t.Errorf("inf: %+v", lines[2])
	}
	if lines[3].Document != 1 || !lines[3].Valid || lines[4].Document != 2 || lines[4].Valid || lines[4].Errors[0].Line != 17 {
		t.Errorf("stream: %+v %+v", lines[3], lines[4])
	}
}

// TestCIFormats: --format github prints one workflow annotation per problem, --format junit
// one testcase per file, with a failure per invalid one.
func TestCIFormats(t *testing.T) {
	dir := t.TempDir()
	valid := "../../testdata/valid/push/success.json"
	invalid := "../../testdata/invalid/batchPush/required-item-status-and-code.json"
	empty := write(t, filepath.Join(dir, "empty,1.json"), "")
	code, out, _ := cli(t, "", "validate", "--format", "github", valid, invalid, empty)
	want := "::error file=" + invalid + ",line=20,col=7::/data/batch/1/responseCode: missing required property \"responseCode\" (required)\n" +
		"::error file=" + invalid + ",line=20,col=7::/data/batch/1/status: missing required property \"status\" (required)\n" +
		"::error file=" + strings.ReplaceAll(empty, ",", "%2C") + ",line=1,col=1::(root): the body is empty (empty)\n"
	if code != 1 || out != want {
		t.Errorf("github: exit %d\n%s\nwant\n%s", code, out, want)
	}
	code, out, _ = cli(t, "", "validate", "--format", "junit", valid, invalid, empty, filepath.Join(dir, "missing.json"))
	var suites struct {
		Suites []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Errors   int `xml:"errors,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Error *struct{} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &suites); err != nil || len(suites.Suites) != 1 {
		t.Fatalf("junit: %v\n%s", err, out)
	}
	s := suites.Suites[0]
	if code != 2 || s.Tests != 4 || s.Failures != 2 || s.Errors != 1 || len(s.Cases) != 4 {
		t.Fatalf("junit: exit %d, %+v", code, s)
	}
	if s.Cases[0].Name != valid || s.Cases[0].Failure != nil || s.Cases[1].Failure == nil || s.Cases[1].Failure.Message != "2 problem(s)" ||
		!strings.Contains(s.Cases[1].Failure.Text, invalid+":20:7: /data/batch/1/status") || s.Cases[2].Failure == nil || s.Cases[3].Error == nil {
		t.Errorf("junit cases: %+v", s.Cases)
	}
	// Text output has a position for every problem too.
	if _, out, _ := cli(t, "", "validate", empty); out != empty+":1:1: (root): the body is empty (empty)\n" {
		t.Errorf("text of an empty file: %q", out)
	}
}

// TestResend: stored deliveries go out again, signed afresh, one answer printed per delivery.
func TestResend(t *testing.T) {
	var got []string
	h, _ := webhook.NewHandler([]string{"fresh"}, webhook.OnDelivery(func(_ context.Context, d *webhook.Delivery) error {
		got = append(got, d.RequestID+" "+string(d.Verdict))
		return nil
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "d.sqlite")
	url, _, stop := startListen(t, "--store", db)
	t.Setenv("RAILZHOOK_OLD", "old")
	t.Setenv("RAILZHOOK_FRESH", "fresh")
	for _, f := range []string{"../../testdata/valid/push/success.json", "../../testdata/valid/auth/docs-fragment-completed.json", "../../testdata/valid/push/success.json"} {
		if code, out, errOut := cli(t, "", "send", "--url", url, "--secret-env", "RAILZHOOK_OLD", f); code != 0 {
			t.Fatalf("send: %d %s %s", code, out, errOut)
		}
	}
	stop()
	code, out, errOut := cli(t, "", "resend", "--store", db, "--url", srv.URL, "--secret-env", "RAILZHOOK_FRESH")
	if code != 0 || strings.Count(out, ": 200 OK") != 2 || !strings.Contains(out, "railzhook resend: 2 sent: 2 answered 2xx") {
		t.Errorf("resend: %d\n%s%s", code, out, errOut)
	}
	if len(got) != 2 || !strings.HasSuffix(got[0], " ok") {
		t.Errorf("received: %q", got)
	}
	code, out, errOut = cli(t, "", "resend", "--store", db, "--url", srv.URL, "--secret-env", "RAILZHOOK_FRESH", "--fresh-id", "e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64", "nope")
	if code != 2 || strings.Count(out, ": 200 OK (requestId ") != 1 || !strings.Contains(errOut, `requestId "nope" is not in`) {
		t.Errorf("resend by requestId: %d\n%s%s", code, out, errOut)
	}
	// Unsigned, the receiver refuses them: exit 1.
	if code, out, _ := cli(t, "", "resend", "--store", db, "--url", srv.URL); code != 1 || strings.Count(out, "401 Unauthorized") != 2 {
		t.Errorf("unsigned resend: %d\n%s", code, out)
	}
	if code, _, _ := cli(t, "", "resend", "--store", db); code != 2 {
		t.Errorf("no --url: %d", code)
	}
}

// TestListenEventsAndJSON: --events shows only the events named, --format json one object per
// delivery.
func TestListenEventsAndJSON(t *testing.T) {
	url, out, stop := startListen(t, "--events", "auth,login", "--format", "json")
	for _, f := range []string{"../../testdata/valid/push/success.json", "../../testdata/valid/auth/docs-fragment-completed.json"} {
		cli(t, "", "send", "--url", url, f)
	}
	time.Sleep(100 * time.Millisecond)
	stop()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var d struct {
		Event, Verdict, RequestID string
		Status                    int
	}
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &d) != nil || d.Event != "auth" || d.Status != 200 || d.Verdict != "ok" {
		t.Errorf("output:\n%s", out.String())
	}
	if code, _, errOut := cli(t, "", "listen", "--events", "nope"); code != 2 || !strings.Contains(errOut, `unknown event "nope"`) {
		t.Errorf("--events nope: %d %s", code, errOut)
	}
}

// TestCLIHabits: help is a command, a mistyped command gets a suggestion, and completion
// scripts name every command and flag.
func TestCLIHabits(t *testing.T) {
	if _, out, _ := cli(t, "", "help"); !strings.Contains(out, "  help ") || !strings.Contains(out, "  completion ") || !strings.Contains(out, "  resend ") {
		t.Errorf("help lists:\n%s", out)
	}
	for typo, want := range map[string]string{"valdiate": `"validate"`, "exprot": `"export"`, "sned": `"send"`, "fak": `"fake"`} {
		if code, _, errOut := cli(t, "", typo); code != 2 || !strings.Contains(errOut, "did you mean "+want) {
			t.Errorf("%s: %d %s", typo, code, errOut)
		}
	}
	if _, _, errOut := cli(t, "", "xyzzy"); strings.Contains(errOut, "did you mean") {
		t.Errorf("xyzzy: %s", errOut)
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		code, out, _ := cli(t, "", "completion", shell)
		flag := "--"
		if shell == "fish" {
			flag = "-l "
		}
		for _, want := range []string{"validate", "resend", flag + "expect", flag + "fresh-id", "batchPush"} {
			if code != 0 || !strings.Contains(out, want) {
				t.Errorf("completion %s: exit %d, lacks %s", shell, code, want)
			}
		}
	}
	if code, _, _ := cli(t, "", "completion", "tcsh"); code != 2 {
		t.Errorf("completion tcsh: %d", code)
	}
}
