// Command railzhook validates Railz webhook payloads against their JSON Schemas, prints the
// schemas and example payloads, generates Go types from JSON Schema documents, receives and
// stores webhooks locally, turns stored deliveries into fixtures, and sends signed fixtures to
// an endpoint.
//
// Usage:
//
//	railzhook validate [--strict] [--event NAME] [--format text|json] PATH...
//	railzhook generate [--package P] [--out DIR] [--root-type NAME] [--ref-dir DIR] [--check] SCHEMA...
//	railzhook schema [--strict] [EVENT]
//	railzhook events
//	railzhook example EVENT
//	railzhook listen [--addr HOST:PORT] [--secret-env NAME] [--store FILE] [--strict]
//	railzhook export --store FILE --to DIR
//	railzhook send --url URL [--secret-env NAME] PATH...
//
// Run `railzhook COMMAND --help` for the flags of a command. Exit status: 0 on success, 1 when
// a payload is invalid (or generated code is stale), 2 for usage errors and unreadable input.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

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
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "railzhook: validate, inspect and generate Go types for Railz webhooks.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: railzhook COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'railzhook COMMAND --help' for a command's flags.")
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "railzhook: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}
