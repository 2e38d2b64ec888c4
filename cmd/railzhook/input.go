package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/railzhook/railzhook/internal/safefile"
	"github.com/railzhook/railzhook/internal/yamljson"
	"github.com/railzhook/railzhook/validate"
)

// defaultMaxFileBytes caps each payload file read by validate and send.
const defaultMaxFileBytes = 64 << 20

// errNotRegular: an input that is not a regular file (a FIFO, a device, a socket).
var errNotRegular = errors.New("not a regular file")

// expanded is what a path argument names: the files to read, the problems met on the way
// (each one an unreadable path, reported with exit 2 without hiding the rest of the tree) and
// notes about what was passed over.
type expanded struct {
	files    []string
	problems []error
	notes    []string
}

// report prints the notes and the problems on stderr, naming the command, and reports
// whether there were problems (an exit status of 2).
func (e expanded) report(stderr io.Writer, command string) bool {
	for _, n := range e.notes {
		fmt.Fprintf(stderr, "railzhook %s: %s\n", command, escape(n))
	}
	for _, err := range e.problems {
		fmt.Fprintf(stderr, "railzhook %s: %s\n", command, escape(err.Error()))
	}
	return len(e.problems) > 0
}

// payloadFile reports whether a directory entry is a payload file: *.json, *.yaml or *.yml.
func payloadFile(name string) bool {
	return strings.HasSuffix(name, ".json") || yamljson.IsYAML(name)
}

// expand turns a path argument into files: itself, or the payload files (*.json, *.yaml,
// *.yml) below a directory, in
// sorted order. Hidden folders (.git, ...) are skipped; symlinked folders are not followed,
// with a note. Only regular files are taken: a FIFO, device or socket named as an argument,
// or met as a payload entry (directly or through a symlink), is a problem, since reading it
// may never end or never stop.
func expand(arg string) expanded {
	var out expanded
	if arg == "-" {
		out.files = []string{"-"}
		return out
	}
	info, err := os.Stat(arg)
	if err != nil {
		out.problems = append(out.problems, err)
		return out
	}
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			out.problems = append(out.problems, fmt.Errorf("%s: %w (%s)", arg, errNotRegular, safefile.Kind(info.Mode())))
			return out
		}
		out.files = []string{arg}
		return out
	}
	filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			out.problems = append(out.problems, err)
			if d != nil && d.IsDir() && p != arg {
				return fs.SkipDir // the rest of the tree is still read
			}
			return nil
		}
		if d.IsDir() {
			if p != arg && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if target, err := os.Stat(p); err == nil && target.IsDir() {
				out.notes = append(out.notes, fmt.Sprintf("%s: a symlinked folder, not followed", p))
				return nil
			}
		}
		if !payloadFile(d.Name()) {
			return nil
		}
		if !d.Type().IsRegular() {
			// A symlink (followed to what it names), or something else. A regular file needs no
			// second look here: readInput checks what it opens anyway.
			info, err := os.Stat(p)
			if err != nil {
				out.problems = append(out.problems, err)
				return nil
			}
			if !info.Mode().IsRegular() {
				out.problems = append(out.problems, fmt.Errorf("%s: %w (%s)", p, errNotRegular, safefile.Kind(info.Mode())))
				return nil
			}
		}
		out.files = append(out.files, p)
		return nil
	})
	// WalkDir visits a folder's entries in lexical order, so this finds them sorted already.
	if !sort.StringsAreSorted(out.files) {
		sort.Strings(out.files)
	}
	if len(out.files) == 0 && len(out.problems) == 0 {
		out.problems = append(out.problems, fmt.Errorf("%s: no *.json, *.yaml or *.yml files in this directory", arg))
	}
	return out
}

// readInput reads a file named by expand, or standard input for "-", refusing more than max
// bytes with an error that says so.
func readInput(file string, stdin io.Reader, max int64) ([]byte, error) {
	var data []byte
	var err error
	if file == "-" {
		data, err = readAtMost(stdin, 512, max+1)
	} else {
		data, err = readRegular(file, max)
	}
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		name := file
		if file == "-" {
			name = "standard input"
		}
		return nil, fmt.Errorf("%s: more than the %d bytes allowed (see --max-file-bytes)", name, max)
	}
	return data, nil
}

// checkRegular refuses a file that is not a regular file, or is larger than max bytes.
func checkRegular(file string, mode fs.FileMode, size, max int64) error {
	if !mode.IsRegular() {
		return fmt.Errorf("%s: %w (%s)", file, errNotRegular, safefile.Kind(mode))
	}
	if size > max {
		return fmt.Errorf("%s: %d bytes, more than the %d allowed (see --max-file-bytes)", file, size, max)
	}
	return nil
}

// readAtMost reads r to its end, or to limit bytes, into a buffer of hint bytes to begin with
// (the size of a file, so that reading it takes two reads instead of growing a buffer read by
// read).
func readAtMost(r io.Reader, hint, limit int64) ([]byte, error) {
	buf := make([]byte, 0, min(max(hint, 512), limit))
	for int64(len(buf)) < limit {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(int64(cap(buf)), limit-int64(len(buf)))))
		}
		n, err := r.Read(buf[len(buf):min(int64(cap(buf)), limit)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// doc is one payload of an input: a file, a document of a YAML stream or a line of JSON
// Lines on standard input, as JSON, with what maps a FieldError's position to the input as
// written.
type doc struct {
	// name is the input's name; index is the document's number (1, 2, ...) when the input
	// holds more than one, else 0.
	name  string
	index int
	data  []byte
	// at maps the position of an error in data to the input's (nil: they are the same).
	at func(*validate.FieldError)
	// problem is why the document could not be read as JSON (YAML syntax, a value JSON
	// cannot hold); data is nil then.
	problem *validate.FieldError
}

// docsOf splits an input into its payloads: a .yaml or .yml file into its YAML documents;
// standard input holding JSON Lines (two or more lines, each a JSON value by itself, as
// 'railzhook fake' writes) into its lines; anything else is one payload.
func docsOf(name string, data []byte, stdin bool) []doc {
	if yamljson.IsYAML(name) {
		docs, err := yamljson.Read(data)
		var ye *yamljson.Error
		switch {
		case errors.As(err, &ye):
			return []doc{{name: name, problem: &validate.FieldError{Path: ye.Path, Keyword: validate.KeywordSyntax, Message: ye.Message, Line: ye.Line, Column: ye.Column}}}
		case err != nil:
			return []doc{{name: name, problem: &validate.FieldError{Keyword: validate.KeywordSyntax, Message: err.Error(), Line: 1, Column: 1}}}
		case len(docs) == 0:
			return []doc{{name: name, problem: &validate.FieldError{Keyword: validate.KeywordEmpty, Message: "the YAML file holds no document", Line: 1, Column: 1}}}
		}
		out := make([]doc, len(docs))
		for i, d := range docs {
			d := d
			out[i] = doc{name: name, data: d.JSON, at: func(f *validate.FieldError) { f.Line, f.Column = d.Position(f.Path) }}
			if len(docs) > 1 {
				out[i].index = i + 1
			}
		}
		return out
	}
	if stdin {
		if lines := jsonLines(data); lines != nil {
			out := make([]doc, 0, len(lines))
			for _, l := range lines {
				offset := l.line - 1
				out = append(out, doc{name: name, index: l.line, data: l.data, at: func(f *validate.FieldError) {
					if f.Line > 0 {
						f.Line += offset
					}
				}})
			}
			return out
		}
	}
	return []doc{{name: name, data: data}}
}

type line struct {
	line int
	data []byte
}

// jsonLines splits JSON Lines: two or more non-blank lines, each a JSON value by itself.
// Anything else (one document over many lines, one line) gives nil.
func jsonLines(data []byte) []line {
	var out []line
	n := 0
	for rest := data; len(rest) > 0; {
		n++
		l, after, _ := bytes.Cut(rest, []byte("\n"))
		rest = after
		l = bytes.TrimRight(l, "\r")
		t := bytes.TrimSpace(l)
		if len(t) == 0 {
			continue
		}
		if !json.Valid(t) {
			return nil
		}
		out = append(out, line{n, l})
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// judge validates one document with check, positions mapped to the input as written.
func judge(d doc, check func(data []byte) (fileResult, error)) (fileResult, error) {
	if d.problem != nil {
		return fileResult{File: d.name, Document: d.index, Errors: []validate.FieldError{*d.problem}}, nil
	}
	res, err := check(d.data)
	res.File, res.Document = d.name, d.index
	if d.at != nil {
		res.Errors = slices.Clone(res.Errors)
		for i := range res.Errors {
			d.at(&res.Errors[i])
		}
	}
	return res, err
}
