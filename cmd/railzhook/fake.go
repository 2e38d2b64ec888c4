package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/railzhook/railzhook/fake"
	"github.com/railzhook/railzhook/validate"
)

const fakeAbout = `
Makes payloads from a schema, for contract tests: by default a covering set of valid ones
(every enum value, every optional member present and absent, every oneOf/anyOf branch, values
at their bounds; in default mode also unknown members and unlisted values of open
enumerations), with --count N that many random ones from --seed, with --invalid ones that each
break one constraint, paired with the error the validator reports. Every payload is checked by
the validator before it is written: none is wrong.

EVENT is an event name (see 'railzhook events'); --schema FILE makes payloads for any schema
(JSON or YAML) instead. As in 'railzhook validate --schema', "format" is an annotation unless
--assert-formats is given; the Railz events always assert it.

Without --out, JSON Lines on stdout, one compact payload per line, ready for
'railzhook validate -' and 'railzhook send --url URL -'. With --format cases, each line wraps
its payload with the case's name, verdict and expected error:

	{"case":"cover-03","valid":true,"payload":{...}}
	{"case":"invalid-required/data/batchId","valid":false,"error":{"path":"/data/batchId",...},"payload":{...}}

With --out DIR, one pretty-printed file per payload, laid out as 'railzhook export' writes
fixtures and as 'railzhook validate --expect DIR' reads them: DIR/valid/EVENT/<case>.json for
payloads valid in both modes, DIR/lenient/EVENT/ for those valid in default mode only, and
DIR/invalid/EVENT/ for the rest, each of the last two with <case>.golden beside it: the errors
in default and in strict mode, at the line and column of the file as written. With --schema
the EVENT folder is left out. 'railzhook send --url URL --fresh-id DIR/valid' sends them to a
service in any language.
`

func runFake(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("fake", "[--count N] [--seed S] [--invalid] [--strict] [--out DIR | --format payloads|cases] [--schema FILE [--ref-dir DIR] [--max-file-bytes N] [--assert-formats]] [EVENT]", fakeAbout, stderr)
	count := fs.Int("count", 0, "make `N` random payloads instead of the covering set")
	seed := fs.Uint64("seed", 1, "seed of the random payloads: the same seed gives the same bytes")
	invalid := fs.Bool("invalid", false, "make invalid payloads, one per constraint")
	strict := fs.Bool("strict", false, "judge in strict mode (no unknown members or unlisted values)")
	out := fs.String("out", "", "write one fixture file per payload into `DIR` (valid/, lenient/, invalid/) instead of JSON Lines on stdout")
	format := fs.String("format", "payloads", "JSON Lines `format` on stdout: payloads (one bare payload per line) or cases (each wrapped with its case)")
	schemaFile := fs.String("schema", "", "make payloads for this JSON Schema `file` instead of an event")
	var refDirs multiFlag
	fs.Var(&refDirs, "ref-dir", "with --schema: `directory` of schemas that $refs may name (repeatable)")
	maxFile := fs.Int64("max-file-bytes", defaultMaxFileBytes, "with --schema: largest schema file read, in `bytes`")
	assertFormats := fs.Bool("assert-formats", false, "with --schema: treat \"format\" as an assertion, as 'railzhook validate --schema --assert-formats' does")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if *format != "payloads" && *format != "cases" {
		usageError(stderr, "fake", "--format must be payloads or cases, not %q", *format)
		return exitUsage
	}
	mode := validate.ModeDefault
	if *strict {
		mode = validate.ModeStrict
	}
	var target validate.Target
	var err error
	event := ""
	schemaOpts := validate.SchemaOptions{Mode: mode, RefDirs: refDirs, AssertFormats: *assertFormats, MaxFileBytes: *maxFile}
	switch {
	case *schemaFile != "" && len(rest) == 0:
		target, err = validate.LoadTarget(*schemaFile, schemaOpts)
	case *schemaFile == "" && len(rest) == 1:
		if len(refDirs) > 0 || *assertFormats {
			usageError(stderr, "fake", "--ref-dir and --assert-formats go with --schema")
			return exitUsage
		}
		event = rest[0]
		target, err = validate.EventTarget(event, mode)
		if err != nil {
			usageError(stderr, "fake", "unknown event %q; known events: %s", rest[0], eventNames())
			return exitUsage
		}
	default:
		usageError(stderr, "fake", "give one EVENT, or --schema FILE")
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
		return exitUsage
	}
	if *count < 0 || (*count > 0 && *invalid) {
		usageError(stderr, "fake", "--count takes a positive number and does not go with --invalid")
		return exitUsage
	}
	g := fake.New(target)
	var cases []fake.Case
	switch {
	case *invalid:
		cases, err = g.Invalid()
	case *count > 0:
		cases, err = g.Random(*seed, *count)
	default:
		var rep fake.Report
		cases, rep, err = g.Cover()
		if err == nil {
			fmt.Fprintf(stderr, "railzhook fake: %d payloads cover %d of the %d options of %d choice points\n", len(cases), rep.Covered, rep.Options, rep.Points)
			for _, u := range rep.Uncovered {
				fmt.Fprintf(stderr, "railzhook fake: not covered: %s\n", u)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
		return exitInvalid
	}
	if *out == "" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		for _, c := range cases {
			var line any = c.Payload
			if *format == "cases" {
				line = struct {
					Case    string               `json:"case"`
					Valid   bool                 `json:"valid"`
					Error   *validate.FieldError `json:"error,omitempty"`
					Payload json.RawMessage      `json:"payload"`
				}{c.Name, c.Valid, c.Error, c.Payload}
			}
			if err := enc.Encode(line); err != nil {
				fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
				return exitUsage
			}
		}
		return exitOK
	}
	// Each file is judged as written, in both modes, for its folder and its .golden.
	judgeBoth := func(b []byte) (def, strict *validate.Error, err error) { return outcomes(b, event) }
	if event == "" {
		both := [2]*validate.Schema{}
		for i, m := range []validate.Mode{validate.ModeDefault, validate.ModeStrict} {
			o := schemaOpts
			o.Mode = m
			if both[i], err = validate.LoadSchema(*schemaFile, o); err != nil {
				fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
				return exitUsage
			}
		}
		judgeBoth = func(b []byte) (def, strict *validate.Error, err error) {
			for i, e := range []**validate.Error{&def, &strict} {
				if verr := both[i].Validate(b); verr != nil && !errors.As(verr, e) {
					return nil, nil, verr
				}
			}
			return def, strict, nil
		}
	}
	counts := map[string]int{}
	for _, c := range cases {
		name := fileName(c.Name)
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, c.Payload, "", "  "); err != nil {
			fmt.Fprintf(stderr, "railzhook fake: case %s: %v\n", c.Name, err)
			return exitInvalid
		}
		pretty.WriteByte('\n')
		def, strictErr, err := judgeBoth(pretty.Bytes())
		if err != nil {
			fmt.Fprintf(stderr, "railzhook fake: case %s: %v\n", c.Name, err)
			return exitInvalid
		}
		kind := "valid"
		switch {
		case def != nil:
			kind = "invalid"
		case strictErr != nil:
			kind = "lenient"
		}
		counts[kind]++
		dir := filepath.Join(*out, kind, event)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
			return exitUsage
		}
		if err := os.WriteFile(filepath.Join(dir, name+".json"), pretty.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
			return exitUsage
		}
		if kind == "valid" {
			continue
		}
		golden, err := renderGolden(def, strictErr)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name+".golden"), golden, 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
			return exitUsage
		}
	}
	fmt.Fprintf(stderr, "railzhook fake: %d payloads written to %s: %d under valid/, %d under lenient/, %d under invalid/ (check them with 'railzhook validate --expect %s')\n",
		len(cases), *out, counts["valid"], counts["lenient"], counts["invalid"], *out)
	return exitOK
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName turns a case name into a file name: "invalid-required/data/batchId" becomes
// "invalid-required_data_batchId".
func fileName(c string) string {
	return strings.Trim(unsafeChars.ReplaceAllString(strings.ReplaceAll(c, "*", "N"), "_"), "_")
}
