package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

// expectation is what a fixture's place says of it.
type expectation string

const (
	expectValid    expectation = "valid"   // under valid/: passes
	expectInvalid  expectation = "invalid" // under invalid/: fails exactly as its .golden says
	expectLenient  expectation = "lenient" // under lenient/: as its .golden says, per mode
	expectUnplaced expectation = ""        // under none of them
)

// expectationOf finds the nearest folder of a path named valid, invalid or lenient.
func expectationOf(file string) expectation {
	parts := strings.Split(filepath.ToSlash(filepath.Dir(file)), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		switch parts[i] {
		case "valid":
			return expectValid
		case "invalid":
			return expectInvalid
		case "lenient":
			return expectLenient
		}
	}
	return expectUnplaced
}

// goldenFile is the expected outcome of a payload in each mode: nil when it is valid.
type goldenFile struct {
	Default *validate.Error `json:"default"`
	Strict  *validate.Error `json:"strict"`
}

// runExpect checks fixtures against the outcome their place promises: files under valid/
// pass, files under invalid/ and lenient/ give exactly the errors of the .golden file beside
// them (the format export and fake write), in the mode asked for. The event is the folder's
// name when it names one (as export lays files out), else data.event; with a schema, the
// schema judges. No fixture at all, or a payload file outside those folders, is a usage error
// (exit 2), so that a misspelt path never passes.
func runExpect(paths []string, mode validate.Mode, sch *validate.Schema, maxFile int64, stdout, stderr io.Writer) int {
	status := exitOK
	checked, failed, unplaced := 0, 0, 0
	for _, arg := range paths {
		if arg == "-" {
			usageError(stderr, "validate", "--expect reads fixtures from folders, not standard input")
			return exitUsage
		}
		found := expand(arg)
		if found.report(stderr, "validate") {
			status = exitUsage
		}
		for _, file := range found.files {
			want := expectationOf(file)
			if want == expectUnplaced {
				fmt.Fprintf(stderr, "railzhook validate: %s: not under a valid/, invalid/ or lenient/ folder, so nothing says what to expect of it\n", escape(file))
				unplaced++
				status = exitUsage
				continue
			}
			data, err := readInput(file, nil, maxFile)
			if err != nil {
				fmt.Fprintf(stderr, "railzhook validate: %v\n", err)
				status = exitUsage
				continue
			}
			docs := docsOf(file, data, false)
			if len(docs) != 1 {
				fmt.Fprintf(stderr, "railzhook validate: %s: %d YAML documents; a fixture holds one\n", escape(file), len(docs))
				status = exitUsage
				continue
			}
			// The folder names the event, as export lays fixtures out; elsewhere data.event does.
			event := filepath.Base(filepath.Dir(file))
			if _, ok := schemas.Lookup(event); !ok {
				event = "envelope"
			}
			got, err := docOutcome(docs[0], event, mode, sch)
			if errors.Is(err, validate.ErrPatternTimeout) {
				fmt.Fprintf(stderr, "railzhook validate: %s: %s\n", escape(file), escape(err.Error()))
				if status != exitUsage {
					status = exitNotJudged
				}
				continue
			}
			if err != nil {
				fmt.Fprintf(stderr, "railzhook validate: %s: %v\n", escape(file), err)
				status = exitUsage
				continue
			}
			var expected *validate.Error
			if want != expectValid {
				golden := goldenName(file)
				raw, err := os.ReadFile(golden)
				if err != nil {
					fmt.Fprintf(stderr, "railzhook validate: %s: %v (a fixture under %s/ needs its expected errors beside it)\n", escape(file), err, want)
					status = exitUsage
					continue
				}
				var g goldenFile
				if err := json.Unmarshal(raw, &g); err != nil {
					fmt.Fprintf(stderr, "railzhook validate: %s: %v\n", escape(golden), err)
					status = exitUsage
					continue
				}
				expected = g.Default
				if mode == validate.ModeStrict {
					expected = g.Strict
				}
			}
			checked++
			if diff := outcomeDiff(expected, got); diff != "" {
				failed++
				fmt.Fprintf(stdout, "%s: not as expected in %s mode (-expected +got):\n%s", escape(file), mode, diff)
				if status == exitOK {
					status = exitInvalid
				}
			}
		}
	}
	fmt.Fprintf(stderr, "railzhook validate: %d fixture(s) checked against their expected outcome in %s mode: %d as expected, %d not\n", checked, mode, checked-failed, failed)
	if unplaced > 0 {
		fmt.Fprintf(stderr, "railzhook validate: %d payload file(s) outside valid/, invalid/ and lenient/: --expect takes a folder laid out as 'railzhook export' and 'railzhook fake --out' write it\n", unplaced)
	}
	if checked == 0 {
		fmt.Fprintf(stderr, "railzhook validate: no fixture checked under %s: --expect needs payload files under valid/, invalid/ or lenient/ folders\n", escape(strings.Join(paths, ", ")))
		status = exitUsage
	}
	return status
}

// goldenName is the expected outcome's file beside a fixture: x.json, x.yaml, x.yml -> x.golden.
func goldenName(file string) string {
	return strings.TrimSuffix(file, filepath.Ext(file)) + ".golden"
}

// docOutcome judges one fixture document in a mode, by the schema when one is given, else by
// its event's schema (see outcome); positions are those of the file as written.
func docOutcome(d doc, event string, mode validate.Mode, sch *validate.Schema) (*validate.Error, error) {
	var e *validate.Error
	var err error
	switch {
	case d.problem != nil:
		e = &validate.Error{Errors: []validate.FieldError{*d.problem}}
	case sch != nil:
		verr := sch.Validate(d.data)
		if verr != nil && !errors.As(verr, &e) {
			return nil, verr
		}
	default:
		if e, err = outcome(d.data, event, mode); err != nil {
			return nil, err
		}
	}
	if e != nil && d.at != nil {
		c := *e
		c.Errors = slices.Clone(e.Errors)
		for i := range c.Errors {
			d.at(&c.Errors[i])
		}
		e = &c
	}
	return e, nil
}

// outcomeDiff lists the errors only one side has, "-" for expected and "+" for got, in
// report order; "" when the outcomes are the same.
func outcomeDiff(want, got *validate.Error) string {
	lines := func(e *validate.Error) []string {
		if e == nil {
			return []string{"(valid)"}
		}
		var out []string
		for _, f := range e.Errors {
			out = append(out, fmt.Sprintf("%d:%d: %s", f.Line, f.Column, f.String()))
		}
		if e.Omitted > 0 {
			out = append(out, fmt.Sprintf("and %d more", e.Omitted))
		}
		return out
	}
	w, g := lines(want), lines(got)
	inW, inG := map[string]int{}, map[string]int{}
	for _, l := range w {
		inW[l]++
	}
	for _, l := range g {
		inG[l]++
	}
	var b strings.Builder
	for _, l := range w {
		if inG[l] > 0 {
			inG[l]--
			continue
		}
		fmt.Fprintf(&b, "  - %s\n", escape(l))
	}
	for _, l := range g {
		if inW[l] > 0 {
			inW[l]--
			continue
		}
		fmt.Fprintf(&b, "  + %s\n", escape(l))
	}
	return b.String()
}
