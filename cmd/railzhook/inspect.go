package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

const schemaAbout = `
Prints a JSON Schema. With no argument, the umbrella schema that accepts any event; with an
event name (see 'railzhook events') or a schema file name (e.g. common.json), that schema.

--mode source (the default) prints the file as written, extension keywords included;
--mode default and --mode strict print the schema as the validator applies it in that mode.
`

func runSchema(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("schema", "[--mode source|default|strict] [EVENT|FILE]", schemaAbout, stderr)
	mode := fs.String("mode", "source", "which form to print: source, default or strict")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 1 {
		fmt.Fprintln(stderr, "railzhook schema: at most one event or file")
		return exitUsage
	}
	file := schemas.Umbrella
	if len(rest) == 1 {
		if ev, ok := schemas.Lookup(rest[0]); ok {
			file = ev.File
		} else if _, err := schemas.Read(rest[0]); err == nil {
			file = rest[0]
		} else {
			fmt.Fprintf(stderr, "railzhook schema: no event or schema file %q; events: %s; files: %s\n", rest[0], eventNames(), strings.Join(schemas.Files(), ", "))
			return exitUsage
		}
	}
	var data []byte
	var err error
	switch *mode {
	case "source":
		data, err = schemas.Read(file)
	case "default":
		data, err = validate.EffectiveSchema(file, validate.ModeDefault)
	case "strict":
		data, err = validate.EffectiveSchema(file, validate.ModeStrict)
	default:
		fmt.Fprintf(stderr, "railzhook schema: --mode must be source, default or strict, not %q\n", *mode)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "railzhook schema: %v\n", err)
		return exitUsage
	}
	stdout.Write(bytes.TrimRight(data, "\n"))
	fmt.Fprintln(stdout)
	return exitOK
}

func runEvents(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("events", "", "Lists the webhook events that have a schema: the data.event value, the schema file and\nthe Go type generated from it.", stderr)
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintln(stderr, "railzhook events: takes no arguments")
		return exitUsage
	}
	evs, err := schemas.Events()
	if err != nil {
		fmt.Fprintf(stderr, "railzhook events: %v\n", err)
		return exitUsage
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EVENT\tSCHEMA\tGO TYPE")
	for _, e := range evs {
		fmt.Fprintf(tw, "%s\t%s\trailz.%s\n", e.Name, e.File, e.Title)
	}
	tw.Flush()
	return exitOK
}

const exampleAbout = `
Prints a valid example payload of an event, taken from the "examples" of its schema. Events
with several documented shapes (data: full and simple payload) have several; --index picks one.
`

func runExample(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("example", "[--index N] EVENT", exampleAbout, stderr)
	index := fs.Int("index", 0, "which example, counting from 0")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 {
		fmt.Fprintf(stderr, "railzhook example: name one event: %s\n", eventNames())
		return exitUsage
	}
	exs, err := schemas.Examples(rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "railzhook example: unknown event %q; known events: %s\n", rest[0], eventNames())
		return exitUsage
	}
	if *index < 0 || *index >= len(exs) {
		fmt.Fprintf(stderr, "railzhook example: %s has %d example(s); --index must be 0 to %d\n", rest[0], len(exs), len(exs)-1)
		return exitUsage
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, exs[*index], "", "  "); err != nil {
		fmt.Fprintf(stderr, "railzhook example: %v\n", err)
		return exitUsage
	}
	buf.WriteByte('\n')
	stdout.Write(buf.Bytes())
	return exitOK
}
