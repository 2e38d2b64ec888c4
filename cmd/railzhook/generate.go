package main

import (
	"io"

	shared "github.com/railzhook/railzhook/internal/cli"
)

func runGenerate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return shared.Generate("railzhook generate", args, stdin, stdout, stderr)
}
