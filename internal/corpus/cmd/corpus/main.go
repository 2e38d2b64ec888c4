// Command corpus measures the generator and the validator on ../shared/corpus and prints one
// summary line per figure and a table of failure reasons (`make corpus`).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/railzhook/railzhook/internal/corpus"
)

func main() {
	dir := flag.String("corpus", "../shared/corpus", "corpus folder")
	work := flag.String("work", "", "scratch folder (default: a temporary one)")
	verbose := flag.Bool("v", false, "list every failing schema and instance")
	noFake := flag.Bool("no-fake", false, "leave out the measurement of package fake (the longest part)")
	flag.Parse()
	w := *work
	if w == "" {
		var err error
		if w, err = os.MkdirTemp("", "railzhook-corpus"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		defer os.RemoveAll(w)
	}
	if !corpus.Present(*dir) {
		fmt.Fprintln(os.Stderr, "corpus: "+corpus.Where(*dir))
		os.Exit(2)
	}
	abs, _ := filepath.Abs(*dir)
	repo, _ := os.Getwd()
	rep, err := corpus.Run(corpus.Config{Corpus: abs, Work: w, Repo: repo, Only: flag.Args(), Log: os.Stderr, NoFake: *noFake})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if *verbose {
		for _, s := range rep.Schemas {
			if s.Reason != "" {
				fmt.Printf("%s: %s\n", s.Path, s.Reason)
			}
			for _, f := range s.DecodeFails {
				fmt.Printf("%s: decode %s\n", s.Path, f)
			}
			for _, f := range s.VerdictFails {
				fmt.Printf("%s: wrong verdict for %s\n", s.Path, f)
			}
			if s.ValidatorErr != "" {
				fmt.Printf("%s: validator: %s\n", s.Path, s.ValidatorErr)
			}
			for _, f := range corpus.Ranked(s.UntypedAt) {
				fmt.Printf("%s: untyped leaves in %s: %d%s\n", s.Path, f, s.UntypedAt[f], map[bool]string{true: " (unconstrained)"}[s.Free[f]])
			}
		}
	}
	rep.Print(os.Stdout)
}
