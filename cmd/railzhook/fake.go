package main

import (
	"bytes"
	"encoding/json"
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
instead.

Without --out, JSON Lines on stdout, one object per payload:

	{"case":"cover-03","valid":true,"payload":{...}}
	{"case":"invalid-required/data/batchId","valid":false,"error":{"path":"/data/batchId",...},"payload":{...}}

With --out DIR, one file per payload, named after its case (DIR/cover-03.json), ready for
'railzhook send --url URL --fresh-id DIR', so that a service in another language can be
contract tested too; for an invalid payload the error the validator reports for it goes beside
it, as JSON, in <case>.want.
`

func runFake(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("fake", "[--count N] [--seed S] [--invalid] [--strict] [--out DIR] [--schema FILE [--ref-dir DIR] [--max-file-bytes N]] [EVENT]", fakeAbout, stderr)
	count := fs.Int("count", 0, "make `N` random payloads instead of the covering set")
	seed := fs.Uint64("seed", 1, "seed of the random payloads: the same seed gives the same bytes")
	invalid := fs.Bool("invalid", false, "make invalid payloads, one per constraint")
	strict := fs.Bool("strict", false, "judge in strict mode (no unknown members or unlisted values)")
	out := fs.String("out", "", "write one file per payload into `DIR` instead of JSON Lines on stdout")
	schemaFile := fs.String("schema", "", "make payloads for this JSON Schema `file` instead of an event")
	var refDirs multiFlag
	fs.Var(&refDirs, "ref-dir", "with --schema: `directory` of schemas that $refs may name (repeatable)")
	maxFile := fs.Int64("max-file-bytes", defaultMaxFileBytes, "with --schema: largest schema file read, in `bytes`")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	mode := validate.ModeDefault
	if *strict {
		mode = validate.ModeStrict
	}
	var target validate.Target
	var err error
	switch {
	case *schemaFile != "" && len(rest) == 0:
		target, err = validate.LoadTarget(*schemaFile, validate.SchemaOptions{Mode: mode, RefDirs: refDirs, AssertFormats: true, MaxFileBytes: *maxFile})
	case *schemaFile == "" && len(rest) == 1:
		target, err = validate.EventTarget(rest[0], mode)
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
			line := struct {
				Case    string               `json:"case"`
				Valid   bool                 `json:"valid"`
				Error   *validate.FieldError `json:"error,omitempty"`
				Payload json.RawMessage      `json:"payload"`
			}{c.Name, c.Valid, c.Error, c.Payload}
			if err := enc.Encode(line); err != nil {
				fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
				return exitUsage
			}
		}
		return exitOK
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
		return exitUsage
	}
	for _, c := range cases {
		name := fileName(c.Name)
		var pretty bytes.Buffer
		json.Indent(&pretty, c.Payload, "", "  ")
		pretty.WriteByte('\n')
		if err := os.WriteFile(filepath.Join(*out, name+".json"), pretty.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
			return exitUsage
		}
		if c.Error != nil {
			e, _ := json.MarshalIndent(c.Error, "", "  ")
			if err := os.WriteFile(filepath.Join(*out, name+".want"), append(e, '\n'), 0o644); err != nil {
				fmt.Fprintf(stderr, "railzhook fake: %v\n", err)
				return exitUsage
			}
		}
	}
	fmt.Fprintf(stderr, "railzhook fake: %d payloads written to %s\n", len(cases), *out)
	return exitOK
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName turns a case name into a file name: "invalid-required/data/batchId" becomes
// "invalid-required_data_batchId".
func fileName(c string) string {
	return strings.Trim(unsafeChars.ReplaceAllString(strings.ReplaceAll(c, "*", "N"), "_"), "_")
}
