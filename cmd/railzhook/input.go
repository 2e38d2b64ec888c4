package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
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

// expand turns a path argument into files: itself, or the *.json files below a directory, in
// sorted order. Hidden folders (.git, ...) are skipped; symlinked folders are not followed,
// with a note. Only regular files are taken: a FIFO, device or socket named as an argument,
// or met as a *.json entry (directly or through a symlink), is a problem, since reading it
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
			out.problems = append(out.problems, fmt.Errorf("%s: %w (%s)", arg, errNotRegular, fileKind(info.Mode())))
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
		if !strings.HasSuffix(d.Name(), ".json") {
			return nil
		}
		info, err := os.Stat(p) // follows a symlink to what it names
		if err != nil {
			out.problems = append(out.problems, err)
			return nil
		}
		if !info.Mode().IsRegular() {
			out.problems = append(out.problems, fmt.Errorf("%s: %w (%s)", p, errNotRegular, fileKind(info.Mode())))
			return nil
		}
		out.files = append(out.files, p)
		return nil
	})
	sort.Strings(out.files)
	if len(out.files) == 0 && len(out.problems) == 0 {
		out.problems = append(out.problems, fmt.Errorf("%s: no *.json files in this directory", arg))
	}
	return out
}

func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	}
	return "mode " + m.String()
}

// readInput reads a file named by expand, or standard input for "-", refusing more than max
// bytes with an error that says so.
func readInput(file string, stdin io.Reader, max int64) ([]byte, error) {
	r := stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return nil, err
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: %w (%s)", file, errNotRegular, fileKind(info.Mode()))
		}
		if info.Size() > max {
			return nil, fmt.Errorf("%s: %d bytes, more than the %d allowed (see --max-file-bytes)", file, info.Size(), max)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
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
