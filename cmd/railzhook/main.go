// Command railzhook validates Railz webhook payloads against their JSON Schemas, prints the
// schemas and example payloads, generates Go types from JSON Schema documents, receives and
// stores webhooks locally, turns stored deliveries into fixtures, and sends signed fixtures to
// an endpoint.
//
// Usage:
//
//	railzhook validate [--strict] [--event NAME] [--format text|json|github|junit] [--schema FILE [--ref-dir DIR] [--assert-formats] [--pattern-timeout D]] [--expect] [--stdin-filename NAME] [--max-file-bytes N] PATH...
//	railzhook generate [--package P] [--out DIR|FILE.go] [--root-type NAME] [--ref-dir DIR] [--max-file-bytes N] [--import PREFIX=PATH] [--stub REF=TYPE] [--checks] [--fail-on-warning] [--check] SCHEMA...
//	railzhook schema [--mode source|default|strict] [EVENT|FILE]
//	railzhook events
//	railzhook example [--index N] EVENT
//	railzhook listen [--addr HOST:PORT] [--secret-env NAME] [--store FILE] [--strict] [--max-body-bytes N] [--max-conns N] [--keep-rejected-bodies] [--forward-to URL [--forward-secret-env NAME]] [--events A,B] [--format text|json]
//	railzhook export --store FILE --to DIR [--strict] [--force]
//	railzhook send --url URL [--secret-env NAME] [--fresh-id] [--timeout D] [--max-file-bytes N] PATH...
//	railzhook resend --store FILE --url URL [--secret-env NAME] [--fresh-id] [--timeout D] [REQUEST_ID...]
//	railzhook fake [--count N] [--seed S] [--invalid] [--strict] [--out DIR | --format payloads|cases] [--schema FILE [--ref-dir DIR] [--max-file-bytes N] [--assert-formats]] [EVENT]
//	railzhook version
//	railzhook completion bash|zsh|fish
//	railzhook help [COMMAND]
//
// Run `railzhook COMMAND --help` (or `railzhook help COMMAND`) for the flags of a command.
// Exit status: 0 on success, 1 when a payload is invalid (or generated code is stale), 2 for
// usage errors and unreadable input, 3 when validate --schema could not judge a payload in time.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/railzhook/railzhook/internal/editdist"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"validate", "check webhook payload files against the schemas", runValidate},
		{"generate", "generate Go types from JSON Schema documents", runGenerate},
		{"schema", "print the JSON Schema of an event, or the umbrella schema", runSchema},
		{"events", "list the webhook events this version knows", runEvents},
		{"example", "print a valid example payload of an event", runExample},
		{"listen", "receive webhooks locally, print and store every delivery", runListen},
		{"export", "write stored deliveries out as fixture files", runExport},
		{"send", "sign fixture files and POST them to a webhook endpoint", runSend},
		{"resend", "sign stored deliveries again and POST them to a webhook endpoint", runResend},
		{"fake", "make valid and invalid payloads from a schema, for contract tests", runFake},
		{"version", "print the version and revision of this build", runVersion},
		{"completion", "print a shell completion script (bash, zsh or fish)", runCompletion},
		{"help", "print this list, or the flags of a command", runHelp},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "railzhook: validate, inspect and generate Go types for Railz webhooks.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: railzhook COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'railzhook COMMAND --help' or 'railzhook help COMMAND' for a command's flags.")
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "-version", "--version":
		return runVersion(nil, stdin, stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	if hint := didYouMean(args[0]); hint != "" {
		fmt.Fprintf(stderr, "railzhook: unknown command %q%s\n", args[0], hint)
		fmt.Fprintln(stderr, "Run 'railzhook help' for the list of commands.")
		return exitUsage
	}
	fmt.Fprintf(stderr, "railzhook: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// didYouMean names the commands close to a mistyped one: ", did you mean \"validate\"?", or
// "" when none is close.
func didYouMean(name string) string {
	var close []string
	for _, c := range commands() {
		d := editdist.Distance(strings.ToLower(name), c.name)
		if d <= 2 && d < len(c.name)/2+1 || len(name) >= 3 && strings.HasPrefix(c.name, strings.ToLower(name)) {
			close = append(close, strconv.Quote(c.name))
		}
	}
	if len(close) == 0 {
		return ""
	}
	return ", did you mean " + strings.Join(close, " or ") + "?"
}

const helpAbout = `
Prints the list of commands, or with COMMAND the flags of that command (the same as
'railzhook COMMAND --help').
`

func runHelp(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("help", "[COMMAND]", helpAbout, stderr)
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	switch {
	case len(rest) == 0:
		usage(stdout)
		return exitOK
	case len(rest) > 1:
		usageError(stderr, "help", "name one command")
		return exitUsage
	case rest[0] == "help":
		return runHelp([]string{"--help"}, stdin, stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == rest[0] {
			return c.run([]string{"--help"}, stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "railzhook help: unknown command %q%s (see 'railzhook --help')\n", rest[0], didYouMean(rest[0]))
	return exitUsage
}

const versionAbout = `
Prints the module version of this build and the version control revision it was built from
(with its time, and "modified" when the work tree had changes), from the Go build info.
`

func runVersion(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("version", "", versionAbout, stderr)
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		usageError(stderr, "version", "unexpected argument %q", rest[0])
		return exitUsage
	}
	fmt.Fprintln(stdout, versionLine())
	return exitOK
}

// versionLine renders the build info: "railzhook v1.2.3 (revision 0123abcd, 2026-11-24T08:00:00Z)".
func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "railzhook (no build information)"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var rev, at string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	var parts []string
	if rev != "" {
		parts = append(parts, "revision "+rev)
	}
	if at != "" {
		parts = append(parts, at)
	}
	if modified {
		parts = append(parts, "modified")
	}
	line := "railzhook " + version
	if len(parts) > 0 {
		line += " (" + strings.Join(parts, ", ") + ")"
	}
	return line + " " + info.GoVersion
}
