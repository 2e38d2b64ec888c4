package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"math"
	"runtime"
	"slices"
	"strings"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

const validateAbout = `
Validates webhook payload files against the schema of the event each one names in data.event
(or the event given with --event). PATH may be a file, a directory (searched recursively for
*.json files, in sorted order) or - for standard input.

Text output prints one line per problem, in the order of their line and column (the column
counts characters, as editors do):

	FILE:LINE:COL: /json/pointer: message (keyword)

and a summary on stderr. JSON output prints one JSON object per file (JSON Lines):

	{"file":"...","valid":false,"event":"data","errors":[{"path":"/data/requests","keyword":"type","message":"...","line":14,"column":5}]}

Exit status: 0 when every file is valid, 1 when any is invalid (malformed JSON included),
2 for usage errors and unreadable paths (listed on stderr, and with --format json as
{"file": ..., "valid": false, "error": ...}). Directories are searched for *.json files; hidden
folders (.git, ...) are skipped and symlinked folders are not followed (a note says so); one
unreadable folder does not hide the rest of the tree. --stdin-filename names standard input in
the output. Only regular files are read (a named pipe, device or
socket is refused, also behind a symlink), each up to --max-file-bytes.

With --schema FILE, payloads are checked against that schema instead (any draft from 4 to
2020-12; $refs resolved from local files, see --ref-dir), with the same output.

With --expect, fixtures are checked against the outcome their folder promises, as a contract
test: files under valid/ must pass; files under invalid/ and lenient/ must fail with exactly the
errors of the <name>.golden file beside them (the format 'railzhook export' writes: the errors
in default and in strict mode; null where the payload is valid in that mode). A difference is
printed as a diff (-expected +got) and the exit status is 1.

Default mode accepts members the schemas do not name and unlisted values of open enumerations
(serviceName, data types), as production receiving should; --strict rejects them, as fixtures
and contract tests should.
`

type fileResult struct {
	File   string                `json:"file"`
	Valid  bool                  `json:"valid"`
	Event  string                `json:"event,omitempty"`
	Errors []validate.FieldError `json:"errors"`
	// Error says why the path could not be read at all (exit status 2).
	Error string `json:"error,omitempty"`
	// Omitted counts the problems found beyond the first validate.MaxErrors.
	Omitted int `json:"omitted,omitempty"`
}

func runValidate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("validate", "[--strict] [--event NAME] [--format text|json] [--schema FILE [--ref-dir DIR] [--assert-formats]] [--expect] [--stdin-filename NAME] [--max-file-bytes N] PATH...", validateAbout, stderr)
	strict := fs.Bool("strict", false, "reject unknown members and unlisted values of open enumerations")
	event := fs.String("event", "", "validate every payload against this event's schema (see 'railzhook events')")
	format := fs.String("format", "text", "output `format`: text or json")
	schemaFile := fs.String("schema", "", "validate against this JSON Schema `file` (drafts 4 to 2020-12) instead of the Railz events")
	var refDirs multiFlag
	fs.Var(&refDirs, "ref-dir", "with --schema: `directory` of schemas that $refs may name (repeatable)")
	assertFormats := fs.Bool("assert-formats", false, "with --schema: treat \"format\" as an assertion (the Railz schemas always do)")
	maxFile := fs.Int64("max-file-bytes", defaultMaxFileBytes, "largest payload file read, in `bytes`")
	stdinName := fs.String("stdin-filename", "", "`name` to show for standard input (-) in the output")
	expect := fs.Bool("expect", false, "contract-test fixtures: files under valid/ must pass, files under invalid/ and lenient/ must fail exactly as their .golden says")
	paths, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "railzhook validate: --format must be text or json, not %q\n", *format)
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
	if *expect {
		if *schemaFile != "" || *event != "" || *format != "text" {
			usageError(stderr, "validate", "--expect goes with --strict and --max-file-bytes only")
			return exitUsage
		}
		return runExpect(paths, *strict, *maxFile, stdout, stderr)
	}
	var opts []validate.Option
	if *strict {
		opts = append(opts, validate.Strict())
	}
	if *event != "" {
		opts = append(opts, validate.ForEvent(*event))
	}
	check := checkEvent
	if *schemaFile != "" {
		mode := validate.ModeDefault
		if *strict {
			mode = validate.ModeStrict
		}
		sch, err := validate.LoadSchema(*schemaFile, validate.SchemaOptions{Mode: mode, RefDirs: refDirs, AssertFormats: *assertFormats, MaxFileBytes: *maxFile})
		if err != nil {
			fmt.Fprintf(stderr, "railzhook validate: --schema %s: %v\n", *schemaFile, err)
			return exitUsage
		}
		check = func(file string, data []byte, _ []validate.Option) (fileResult, error) {
			return resultOf(file, nil, sch.Validate(data))
		}
	}
	status := exitOK
	checked, invalid := 0, 0
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	// unreadable reports a path that could not be read: on stderr, and in JSON output as an
	// object with an error, so that a machine reading the output misses nothing.
	unreadable := func(file string, err error) {
		status = exitUsage
		fmt.Fprintf(stderr, "railzhook validate: %s\n", escape(err.Error()))
		if *format == "json" {
			enc.Encode(fileResult{File: file, Errors: []validate.FieldError{}, Error: err.Error()})
		}
	}
	// Files are read and checked on every core, and reported in the order they were named.
	type job struct {
		file    string
		found   *expanded // notes and problems of one path argument, reported before its files
		res     fileResult
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
	broken := false // the JSON output could not be written
	workers := runtime.GOMAXPROCS(0)
	window := make(chan struct{}, 4*workers) // results waiting to be printed, at most
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
					j.res, j.err = check(name, data, opts)
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
			expanded{notes: j.found.notes}.report(stderr, "validate")
			for _, err := range j.found.problems {
				name := j.file
				var pe *iofs.PathError
				if errors.As(err, &pe) {
					name = pe.Path
				}
				unreadable(name, err)
			}
			continue
		}
		<-j.done
		<-window
		file, res := j.file, j.res
		if j.readErr != nil {
			unreadable(file, j.readErr)
			continue
		}
		if j.err != nil {
			unreadable(file, fmt.Errorf("%s: %w", file, j.err))
			continue
		}
		checked++
		if !res.Valid {
			invalid++
			if status == exitOK {
				status = exitInvalid
			}
		}
		if *format == "json" {
			if err := enc.Encode(res); err != nil && !broken {
				// Keep going, so that every file is still judged and counted.
				broken = true
				fmt.Fprintf(stderr, "railzhook validate: %v\n", err)
			}
			continue
		}
		for _, f := range byPosition(res.Errors) {
			path := f.Path
			if path == "" {
				path = "(root)"
			}
			if f.Line > 0 {
				fmt.Fprintf(stdout, "%s:%d:%d: %s: %s (%s)\n", escape(file), f.Line, f.Column, escape(path), escape(f.Message), f.Keyword)
			} else {
				fmt.Fprintf(stdout, "%s: %s: %s (%s)\n", escape(file), escape(path), escape(f.Message), f.Keyword)
			}
		}
		if res.Omitted > 0 {
			fmt.Fprintf(stdout, "%s: and %d more problems\n", escape(file), res.Omitted)
		}
	}
	if *format == "text" {
		mode := "default"
		if *strict {
			mode = "strict"
		}
		fmt.Fprintf(stderr, "railzhook validate: %d file(s) checked in %s mode: %d valid, %d invalid\n", checked, mode, checked-invalid, invalid)
	}
	if broken {
		return exitUsage
	}
	return status
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

// checkEvent validates one payload against its event's schema. A non-nil error is not about
// the payload (it cannot happen with the embedded schemas unless they are broken).
func checkEvent(file string, data []byte, opts []validate.Option) (fileResult, error) {
	ev, err := validate.Parse(data, opts...)
	return resultOf(file, ev, err)
}

// resultOf turns the outcome of validating a file into its result: valid, or the field
// errors of a *validate.Error; any other error is returned.
func resultOf(file string, ev railz.Event, err error) (fileResult, error) {
	res := fileResult{File: file, Errors: []validate.FieldError{}}
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

func eventNames() string {
	evs, _ := schemas.Events()
	names := make([]string, len(evs))
	for i, e := range evs {
		names[i] = e.Name
	}
	return strings.Join(names, ", ")
}
