package main

import (
	"flag"
	"io"

	shared "github.com/railzhook/railzhook/internal/cli"
)

// Exit codes.
const (
	exitOK      = shared.ExitOK
	exitInvalid = shared.ExitInvalid
	exitUsage   = shared.ExitUsage
	// exitNotJudged: validate --schema could not judge a payload in time.
	exitNotJudged = shared.ExitNotJudged
)

type multiFlag = shared.MultiFlag

// newFlags makes the flag set of a railzhook command (see shared.NewFlags).
func newFlags(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	return shared.NewFlags("railzhook "+name, synopsis, about, stderr)
}

func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, int) {
	return shared.ParseFlags(fs, args, stdout)
}

// usageError prints one line about a usage error of a railzhook command.
func usageError(stderr io.Writer, command, format string, args ...any) {
	shared.UsageError(stderr, "railzhook "+command, format, args...)
}
