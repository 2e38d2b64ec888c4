package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlags makes a flag set for a command. Its usage (synopsis, about text, flags) is printed
// by parseFlags for --help, to stdout; a flag error is one line on stderr. Nothing exits.
func newFlags(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: railzhook %s %s\n\n", name, synopsis)
		fmt.Fprintln(w, strings.TrimSpace(about))
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments. It returns the exit code
// to use when parsing ends the command (help or a usage error), or -1 to carry on. --help
// prints the usage once, to stdout; a bad or unknown flag prints one line naming the command
// and the flag, with a pointer to --help, on the flag set's output (stderr).
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, int) {
	stderr := fs.Output()
	usage := fs.Usage
	fs.SetOutput(io.Discard) // the flag package would print the error and the whole usage
	fs.Usage = func() {}
	defer func() { fs.SetOutput(stderr); fs.Usage = usage }()
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(stdout)
				usage()
				return nil, exitOK
			}
			msg := err.Error()
			if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
				msg = "unknown flag --" + strings.TrimPrefix(name, "-")
			}
			usageError(stderr, fs.Name(), "%s", msg)
			return nil, exitUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, -1
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), -1
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// usageError prints one line about a usage error of a command, with a pointer to its help.
func usageError(stderr io.Writer, command, format string, args ...any) {
	fmt.Fprintf(stderr, "railzhook %s: %s (see 'railzhook %s --help')\n", command, fmt.Sprintf(format, args...), command)
}
