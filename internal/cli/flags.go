// Package cli holds what the railzhook commands share: flag parsing with one-line errors and
// help on stdout, and the generate command, which railzhook-gen runs on its own so that
// go:generate builds nothing but the generator.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes of every command.
const (
	ExitOK      = 0
	ExitInvalid = 1
	ExitUsage   = 2
	// ExitNotJudged: a payload could not be judged (railzhook validate --schema: a pattern
	// could not be evaluated within --pattern-timeout).
	ExitNotJudged = 3
)

// NewFlags makes a flag set for a command, named in full ("railzhook validate"). Its usage (synopsis, about text, flags) is printed
// by parseFlags for --help, to stdout; a flag error is one line on stderr. Nothing exits.
func NewFlags(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: %s %s\n\n", name, strings.TrimSpace(synopsis))
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

// ParseFlags parses args, allowing flags after positional arguments. It returns the exit code
// to use when parsing ends the command (help or a usage error), or -1 to carry on. --help
// prints the usage once, to stdout; a bad or unknown flag prints one line naming the command
// and the flag, with a pointer to --help, on the flag set's output (stderr).
func ParseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, int) {
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
				return nil, ExitOK
			}
			msg := err.Error()
			if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
				msg = "unknown flag --" + strings.TrimPrefix(name, "-")
			}
			UsageError(stderr, fs.Name(), "%s", msg)
			return nil, ExitUsage
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

// UsageError prints one line about a usage error of a command, with a pointer to its help.
func UsageError(stderr io.Writer, command, format string, args ...any) {
	fmt.Fprintf(stderr, "%s: %s (see '%s --help')\n", command, fmt.Sprintf(format, args...), command)
}

// MultiFlag is a repeatable string flag.
type MultiFlag []string

func (m *MultiFlag) String() string     { return strings.Join(*m, ",") }
func (m *MultiFlag) Set(v string) error { *m = append(*m, v); return nil }
