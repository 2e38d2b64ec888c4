package main

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/railzhook/railzhook/validate"
)

// reporter prints the results of validate in one of its formats and keeps the exit status.
// Standard output is buffered: flush writes what is waiting, and the reporter flushes before
// anything it writes on stderr, so that the two streams keep their relative order.
type reporter struct {
	format          string
	out             *bufio.Writer
	stdout, stderr  io.Writer
	enc             *json.Encoder
	status          int
	checked, failed int
	unjudged        int
	broken          bool // the output could not be written
	suite           junitSuite
}

func newReporter(format string, stdout, stderr io.Writer) *reporter {
	out := bufio.NewWriterSize(stdout, 64<<10)
	r := &reporter{format: format, out: out, stdout: out, stderr: stderr, enc: json.NewEncoder(out)}
	r.enc.SetEscapeHTML(false)
	return r
}

// flush writes the buffered standard output.
func (r *reporter) flush() {
	if err := r.out.Flush(); err != nil && !r.broken {
		r.broken = true
		fmt.Fprintf(r.stderr, "railzhook validate: %v\n", err)
	}
}

// note prints a line on stderr, after what is waiting for standard output.
func (r *reporter) note(format string, args ...any) {
	r.flush()
	fmt.Fprintf(r.stderr, format, args...)
}

// position is a problem's line and column, 1:1 when the validator knows none (so that every
// line fits FILE:LINE:COL problem matchers).
func position(f validate.FieldError) (int, int) {
	if f.Line <= 0 {
		return 1, 1
	}
	return f.Line, max(f.Column, 1)
}

// unreadable reports a path that could not be read: on stderr, and in the machine formats as
// well, so that a machine reading the output misses nothing.
func (r *reporter) unreadable(file string, err error) {
	r.status = exitUsage
	r.note("railzhook validate: %s\n", escape(err.Error()))
	switch r.format {
	case "json":
		r.encode(fileResult{File: file, Errors: []validate.FieldError{}, Error: err.Error()})
	case "github":
		r.print("::error file=%s::%s\n", ghProperty(file), ghData(err.Error()))
	case "junit":
		r.suite.Tests++
		r.suite.Errors++
		r.suite.Cases = append(r.suite.Cases, junitCase{Name: file, Class: "railzhook.validate", Error: &junitFailure{Message: err.Error(), Type: "unreadable"}})
	}
}

// notJudged reports a payload that could not be judged (a pattern out of time): on stderr,
// and in the machine formats as well. It is neither valid nor invalid; the exit status is
// exitNotJudged unless a path was unreadable.
func (r *reporter) notJudged(file string, err error) {
	r.unjudged++
	if r.status != exitUsage {
		r.status = exitNotJudged
	}
	r.note("railzhook validate: %s: %s\n", escape(file), escape(err.Error()))
	switch r.format {
	case "json":
		r.encode(fileResult{File: file, Errors: []validate.FieldError{}, Error: err.Error(), NotJudged: true})
	case "github":
		r.print("::error file=%s::%s\n", ghProperty(file), ghData(err.Error()))
	case "junit":
		r.suite.Tests++
		r.suite.Errors++
		r.suite.Cases = append(r.suite.Cases, junitCase{Name: file, Class: "railzhook.validate", Error: &junitFailure{Message: err.Error(), Type: "not-judged"}})
	}
}

func (r *reporter) result(res fileResult) {
	r.checked++
	if !res.Valid {
		r.failed++
		if r.status == exitOK {
			r.status = exitInvalid
		}
	}
	name := res.File
	if res.Document > 0 {
		name = fmt.Sprintf("%s (document %d)", res.File, res.Document)
	}
	switch r.format {
	case "json":
		r.encode(res)
	case "text":
		for _, f := range byPosition(res.Errors) {
			line, col := position(f)
			r.print("%s:%d:%d: %s\n", escape(res.File), line, col, escape(f.String()))
		}
		if res.Omitted > 0 {
			r.print("%s: and %d more problems\n", escape(name), res.Omitted)
		}
	case "github":
		for _, f := range byPosition(res.Errors) {
			line, col := position(f)
			r.print("::error file=%s,line=%d,col=%d::%s\n", ghProperty(res.File), line, col, ghData(f.String()))
		}
		if res.Omitted > 0 {
			r.print("::error file=%s::and %d more problems\n", ghProperty(res.File), res.Omitted)
		}
	case "junit":
		r.suite.Tests++
		c := junitCase{Name: name, Class: "railzhook.validate"}
		if !res.Valid {
			r.suite.Failures++
			var b strings.Builder
			for _, f := range byPosition(res.Errors) {
				line, col := position(f)
				fmt.Fprintf(&b, "%s:%d:%d: %s\n", res.File, line, col, f.String())
			}
			if res.Omitted > 0 {
				fmt.Fprintf(&b, "and %d more problems\n", res.Omitted)
			}
			total := len(res.Errors) + res.Omitted
			c.Failure = &junitFailure{Message: fmt.Sprintf("%d problem(s)", total), Type: "invalid", Text: b.String()}
		}
		r.suite.Cases = append(r.suite.Cases, c)
	}
}

func (r *reporter) print(format string, args ...any) {
	if _, err := fmt.Fprintf(r.stdout, format, args...); err != nil && !r.broken {
		r.broken = true
		fmt.Fprintf(r.stderr, "railzhook validate: %v\n", err)
	}
}

func (r *reporter) encode(v any) {
	// Keep going after a failed write, so that every file is still judged and counted.
	if err := r.enc.Encode(v); err != nil && !r.broken {
		r.broken = true
		fmt.Fprintf(r.stderr, "railzhook validate: %v\n", err)
	}
}

// finish writes what is written last (the JUnit report, the summary) and returns the exit
// status.
func (r *reporter) finish(mode validate.Mode) int {
	if r.format == "junit" {
		r.suite.Name = "railzhook validate (" + mode.String() + " mode)"
		out, err := xml.MarshalIndent(junitSuites{Suites: []junitSuite{r.suite}}, "", "  ")
		if err == nil {
			_, err = fmt.Fprintf(r.stdout, "%s%s\n", xml.Header, out)
		}
		if err != nil {
			fmt.Fprintf(r.stderr, "railzhook validate: %v\n", err)
			r.broken = true
		}
	}
	r.flush()
	if r.format != "json" {
		judged := ""
		if r.unjudged > 0 {
			judged = fmt.Sprintf("; %d not judged (patterns out of time)", r.unjudged)
		}
		fmt.Fprintf(r.stderr, "railzhook validate: %d file(s) checked in %s mode: %d valid, %d invalid%s\n", r.checked, mode, r.checked-r.failed, r.failed, judged)
	}
	if r.broken {
		return exitUsage
	}
	return r.status
}

// ghData escapes the message of a workflow command; ghProperty a property value.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name    string        `xml:"name,attr"`
	Class   string        `xml:"classname,attr"`
	Failure *junitFailure `xml:"failure,omitempty"`
	Error   *junitFailure `xml:"error,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}
