package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

const validateAbout = `
Validates webhook payload files against the schema of the event each one names in data.event
(or the event given with --event). PATH may be a file, a directory (searched recursively for
*.json, *.yaml and *.yml files, in sorted order) or - for standard input.

YAML files are read as the JSON they stand for (YAML 1.2 core schema: 'on' and 'yes' are
strings), each document of a stream as a payload of its own, and errors are reported at the
YAML file's own line and column. Standard input holding JSON Lines (each line a payload by
itself, as 'railzhook fake' writes them) is read as one payload per line.

Text output prints one line per problem, in the order of their line and column (the column
counts characters, as editors do):

	FILE:LINE:COL: /json/pointer: message (keyword)

and a summary on stderr. Every problem has a line and column (1:1 for an empty file). JSON
output prints one JSON object per file (JSON Lines):

	{"file":"...","valid":false,"event":"data","errors":[{"path":"/data/requests","keyword":"type","message":"...","line":14,"column":5}]}

--format github prints one GitHub Actions workflow annotation per problem,

	::error file=FILE,line=LINE,col=COL::/json/pointer: message (keyword)

and --format junit writes a JUnit XML report: one testcase per file (per document of a YAML
stream), a failure for each invalid one listing its problems, an error for an unreadable one.

Exit status: 0 when every file is valid, 1 when any is invalid (malformed JSON included),
2 for usage errors and unreadable paths (listed on stderr, and with --format json as
{"file": ..., "valid": false, "error": ...}), 3 when no path was unreadable but some payload
could not be judged (with --schema: a pattern ran out of time, see --pattern-timeout; listed
on stderr, and with --format json with "notJudged": true). Directories are searched for *.json files; hidden
folders (.git, ...) are skipped and symlinked folders are not followed (a note says so); one
unreadable folder does not hide the rest of the tree. --stdin-filename names standard input in
the output. Only regular files are read (a named pipe, device or
socket is refused, also behind a symlink), each up to --max-file-bytes.

With --schema FILE, payloads are checked against that schema instead (JSON or YAML, any draft
from 4 to 2020-12; $refs resolved from local files, see --ref-dir), with the same output.
"format" is an annotation unless --assert-formats is given, as in 'railzhook fake --schema'.
Patterns that only an ECMAScript engine can run (lookarounds, backreferences) are evaluated by
a backtracking engine, within --pattern-timeout per payload, all matches together; a payload
whose patterns run out of time is not judged (neither valid nor invalid) and the exit status
is 3.

With --expect, fixtures are checked against the outcome their folder promises, as a contract
test (ajv's 'test --valid/--invalid'): files under valid/ must pass; files under invalid/ and
lenient/ must fail with exactly the errors of the <name>.golden file beside them (the format
'railzhook export' and 'railzhook fake --out' write: the errors in default and in strict
mode; null where the payload is valid in that mode). A difference is printed as a diff
(-expected +got) and the exit status is 1. With --schema, fixtures are judged by that schema.
No fixture at all, or a payload file under none of those folders, is exit status 2: a
misspelt path never passes.

Default mode accepts members the schemas do not name and unlisted values of open enumerations
(serviceName, data types), as production receiving should; --strict rejects them, as fixtures
and contract tests should.
`

type fileResult struct {
	File string `json:"file"`
	// Document is the number of the document in a YAML stream, or the line of a payload in
	// JSON Lines on standard input; absent for a file that holds one payload.
	Document int                   `json:"document,omitempty"`
	Valid    bool                  `json:"valid"`
	Event    string                `json:"event,omitempty"`
	Errors   []validate.FieldError `json:"errors"`
	// Error says why the path could not be read at all (exit status 2).
	Error string `json:"error,omitempty"`
	// Omitted counts the problems found beyond the first validate.MaxErrors.
	Omitted int `json:"omitted,omitempty"`
	// NotJudged: the payload could not be judged (Error says why; exit status 3).
	NotJudged bool `json:"notJudged,omitempty"`
}

// validateSynopsis is the usage line of validate.
const validateSynopsis = "[--strict] [--event NAME] [--format text|json|github|junit] [--schema FILE [--ref-dir DIR] [--assert-formats] [--pattern-timeout D]] [--expect] [--stdin-filename NAME] [--max-file-bytes N] PATH..."

func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("validate", validateSynopsis, validateAbout, stderr)
	strict := fs.Bool("strict", false, "reject unknown members and unlisted values of open enumerations")
	event := fs.String("event", "", "validate every payload against this event's schema (see 'railzhook events')")
	format := fs.String("format", "text", "output `format`: text, json, github (workflow annotations) or junit (JUnit XML)")
	schemaFile := fs.String("schema", "", "validate against this JSON Schema `file` (JSON or YAML, drafts 4 to 2020-12) instead of the Railz events")
	var refDirs multiFlag
	fs.Var(&refDirs, "ref-dir", "with --schema: `directory` of schemas that $refs may name (repeatable)")
	assertFormats := fs.Bool("assert-formats", false, "with --schema: treat \"format\" as an assertion (the Railz schemas always do)")
	patternTimeout := fs.Duration("pattern-timeout", validate.DefaultPatternTimeout, "with --schema: `time` ECMAScript patterns may take on one payload, all matches together")
	maxFile := fs.Int64("max-file-bytes", defaultMaxFileBytes, "largest payload file read, in `bytes`")
	stdinName := fs.String("stdin-filename", "", "`name` to show for standard input (-) in the output (a .yaml name reads it as YAML)")
	expect := fs.Bool("expect", false, "contract-test fixtures: files under valid/ must pass, files under invalid/ and lenient/ must fail exactly as their .golden says")
	paths, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	switch *format {
	case "text", "json", "github", "junit":
	default:
		fmt.Fprintf(stderr, "railzhook validate: --format must be text, json, github or junit, not %q\n", *format)
		return exitUsage
	}
	if *patternTimeout <= 0 {
		usageError(stderr, "validate", "--pattern-timeout must be positive, not %s", *patternTimeout)
		return exitUsage
	}
	if *schemaFile != "" && *event != "" {
		fmt.Fprintln(stderr, "railzhook validate: --schema and --event do not go together")
		return exitUsage
	}
	if *event != "" {
		if _, ok := schemas.Lookup(*event); !ok {
			fmt.Fprintf(stderr, "railzhook validate: unknown event %q; known events: %s\n", *event, eventNames())
			return exitUsage
		}
	}
	if len(paths) == 0 {
		usageError(stderr, "validate", "no paths given")
		return exitUsage
	}
	dashes := 0
	for _, p := range paths {
		if p == "-" {
			dashes++
		}
	}
	if dashes > 1 {
		usageError(stderr, "validate", "- (standard input) is given %d times; it can be read once", dashes)
		return exitUsage
	}
	if *stdinName != "" && dashes == 0 {
		usageError(stderr, "validate", "--stdin-filename names standard input, but - is not among the paths")
		return exitUsage
	}
	mode := validate.ModeDefault
	if *strict {
		mode = validate.ModeStrict
	}
	var sch *validate.Schema
	if *schemaFile != "" {
		var err error
		sch, err = validate.LoadSchema(*schemaFile, validate.SchemaOptions{Mode: mode, RefDirs: refDirs, AssertFormats: *assertFormats, MaxFileBytes: *maxFile, PatternTimeout: *patternTimeout})
		if err != nil {
			fmt.Fprintf(stderr, "railzhook validate: --schema %s: %v\n", *schemaFile, err)
			return exitUsage
		}
	} else if len(refDirs) > 0 || *assertFormats {
		usageError(stderr, "validate", "--ref-dir and --assert-formats go with --schema")
		return exitUsage
	}
	if *expect {
		if *event != "" || *format != "text" {
			usageError(stderr, "validate", "--expect goes with --strict, --schema (and its flags) and --max-file-bytes only")
			return exitUsage
		}
		return runExpect(paths, mode, sch, *maxFile, stdout, stderr)
	}
	var opts []validate.Option
	if *strict {
		opts = append(opts, validate.Strict())
	}
	if *event != "" {
		opts = append(opts, validate.ForEvent(*event))
	}
	check := func(data []byte) (fileResult, error) {
		ev, err := validate.Parse(data, opts...)
		return resultOf(ev, err)
	}
	if sch != nil {
		check = func(data []byte) (fileResult, error) { return resultOf(nil, sch.Validate(data)) }
	}
	if sch == nil {
		// Rejected payloads are reported by the reference path: its schemas compile on the
		// other core while the paths are searched.
		go validate.Precompile(mode)
	}
	out := newReporter(*format, stdout, stderr)
	if os.Getenv("GOGC") == "" {
		// Many small payloads make much short-lived garbage and little live data (a result
		// keeps only its errors): collecting less often saves a tenth of the time of a large
		// folder, for a few MiB more.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	// Files are read and checked on every core, and reported in the order they were named.
	type job struct {
		file    string
		found   *expanded // notes and problems of one path argument, reported before its files
		results []fileResult
		err     error // checking failed (not about the payload)
		readErr error
		done    chan struct{}
	}
	var jobs []*job
	for _, arg := range paths {
		found := expand(arg)
		jobs = append(jobs, &job{file: arg, found: &found})
		for _, file := range found.files {
			jobs = append(jobs, &job{file: file, done: make(chan struct{})})
		}
	}
	workers := runtime.GOMAXPROCS(0)
	// Results waiting to be printed, at most: enough that the workers run on past a payload
	// that takes long (the reference path reports an invalid one) while it is judged. A result
	// holds at most validate.MaxErrors errors, never its payload.
	window := make(chan struct{}, 64*workers)
	queue := make(chan *job)
	for w := 0; w < workers; w++ {
		go func() {
			for j := range queue {
				data, err := readInput(j.file, stdin, *maxFile)
				name := j.file
				if j.file == "-" && *stdinName != "" {
					name = *stdinName
				}
				if err != nil {
					j.readErr = err
				} else {
					for _, d := range docsOf(name, data, j.file == "-") {
						res, err := judge(d, check)
						if err != nil {
							j.err = err
							break
						}
						j.results = append(j.results, res)
					}
				}
				j.file = name
				close(j.done)
			}
		}()
	}
	go func() {
		defer close(queue)
		for _, j := range jobs {
			if j.done != nil {
				window <- struct{}{}
				queue <- j
			}
		}
	}()
	for _, j := range jobs {
		if j.found != nil {
			out.flush()
			expanded{notes: j.found.notes}.report(stderr, "validate")
			for _, err := range j.found.problems {
				name := j.file
				var pe *iofs.PathError
				if errors.As(err, &pe) {
					name = pe.Path
				}
				out.unreadable(name, err)
			}
			continue
		}
		select {
		case <-j.done:
		default:
			// Nothing more to print until this file is judged. Results waiting are written out
			// when it takes a while, so that they appear as they come, and are otherwise
			// written many at once.
			wait := time.NewTimer(20 * time.Millisecond)
			select {
			case <-j.done:
			case <-wait.C:
				out.flush()
				<-j.done
			}
			wait.Stop()
		}
		<-window
		switch {
		case j.readErr != nil:
			out.unreadable(j.file, j.readErr)
		case errors.Is(j.err, validate.ErrPatternTimeout):
			for _, res := range j.results {
				out.result(res)
			}
			out.notJudged(j.file, j.err)
		case j.err != nil:
			out.unreadable(j.file, fmt.Errorf("%s: %w", j.file, j.err))
		default:
			for _, res := range j.results {
				out.result(res)
			}
		}
	}
	return out.finish(mode)
}

// resultOf turns the outcome of validating a payload into its result: valid, or the field
// errors of a *validate.Error; any other error is returned.
func resultOf(ev railz.Event, err error) (fileResult, error) {
	res := fileResult{Errors: []validate.FieldError{}}
	var verr *validate.Error
	switch {
	case err == nil:
		res.Valid = true
		if ev != nil {
			res.Event = string(ev.EventName())
		}
	case errors.As(err, &verr):
		res.Event = verr.Event
		res.Errors, res.Omitted = verr.Errors, verr.Omitted
	default:
		return res, err
	}
	return res, nil
}

// byPosition orders errors as an editor lists problems: by line, then column (errors with no
// position last), keeping report order among equals.
func byPosition(errs []validate.FieldError) []validate.FieldError {
	out := slices.Clone(errs)
	pos := func(f validate.FieldError) (int, int) {
		if f.Line == 0 {
			return math.MaxInt, 0
		}
		return f.Line, f.Column
	}
	slices.SortStableFunc(out, func(a, b validate.FieldError) int {
		la, ca := pos(a)
		lb, cb := pos(b)
		return cmp.Or(cmp.Compare(la, lb), cmp.Compare(ca, cb))
	})
	return out
}

func eventNames() string {
	evs, _ := schemas.Events()
	names := make([]string, len(evs))
	for i, e := range evs {
		names[i] = e.Name
	}
	return strings.Join(names, ", ")
}
