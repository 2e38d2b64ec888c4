// Command suite runs the official JSON-Schema-Test-Suite's required tests through
// `railzhook validate --schema` (validate.LoadSchema) and prints the pass rate of each draft
// and every failure (`make suite`). With -generator it measures the generator instead: each
// test group's schema generated and built, and its valid instances decoded into the root type
// and encoded again.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/railzhook/railzhook/internal/suite"
)

func main() {
	dir := flag.String("suite", "../shared/jsonschema-test-suite", "the JSON-Schema-Test-Suite folder (holding tests/ and remotes/)")
	assert := flag.Bool("assert-formats", false, "load every schema with --assert-formats")
	optional := flag.Bool("formats", false, "run the optional format tests (with --assert-formats) instead of the required tests")
	gen := flag.Bool("generator", false, "measure the generator on the drafts given as arguments (default all five: draft4, draft6, draft7, draft2019-09, draft2020-12)")
	only := flag.String("only", "", "with -generator, only these test files (comma-separated base names, e.g. ref.json)")
	flag.Parse()
	work, err := os.MkdirTemp("", "railzhook-suite")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer os.RemoveAll(work)
	if *gen {
		var files []string
		if *only != "" {
			files = strings.Split(*only, ",")
		}
		repo, _ := os.Getwd()
		results, err := suite.GenerateRun(*dir, work, repo, flag.Args(), files, os.Stderr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "suite:", err)
			os.Exit(2)
		}
		for _, r := range results {
			r.Print(os.Stdout)
		}
		return
	}
	results, err := suite.RunWith(*dir, work, flag.Args(), nil, suite.Config{AssertFormats: *assert || *optional, Optional: *optional})
	if err != nil {
		fmt.Fprintln(os.Stderr, "suite:", err)
		os.Exit(2)
	}
	failed := false
	kind := "required tests"
	if *optional {
		kind = "optional format tests, formats asserted,"
	}
	for _, r := range results {
		fmt.Printf("%-13s %4d of %4d %s pass (%.1f%%); %d known failures of the validator underneath; %d other failures\n",
			r.Folder, r.Passed, r.Tests, kind, 100*float64(r.Passed)/float64(r.Tests), r.Known, len(r.Failures))
		if len(r.Failures) > 0 {
			failed = true
		}
	}
	for _, r := range results {
		for _, f := range r.Failures {
			fmt.Println("  " + f)
		}
	}
	if failed {
		os.Exit(1)
	}
}
