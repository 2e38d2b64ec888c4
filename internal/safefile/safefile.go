// Package safefile reads the files that schemas name: regular files only, each capped, and,
// for the documents a $ref reaches, only under the folders the user allowed.
//
// A schema is untrusted input. Its $refs must not read any file on the machine (a description
// or const of /etc/... would land in generated code), hang on a named pipe, or exhaust memory on
// /dev/zero. Read opens without blocking and checks what it opened, so a FIFO or device is refused
// even when a symlink or a swapped path leads to it.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// DefaultMaxBytes is the size limit of a schema file when none is given: the limit of payload
// files.
const DefaultMaxBytes = 64 << 20

// Sentinels that the errors of this package match with errors.Is.
var (
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
	ErrOutside    = errors.New("outside the folders schemas may be read from")
)

// Read reads the regular file at path, refusing anything else (a named pipe, a device, a
// socket, a directory: also behind a symlink) and any file of more than max bytes (max <= 0
// means DefaultMaxBytes). The file is opened without blocking, so a named pipe with no writer
// is refused at once.
func Read(path string, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxBytes
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (%s)", path, ErrNotRegular, Kind(info.Mode()))
	}
	if info.Size() > max {
		return nil, fmt.Errorf("%s: %w: %d bytes, more than the %d allowed", path, ErrTooLarge, info.Size(), max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: %w: more than the %d bytes allowed", path, ErrTooLarge, max)
	}
	return data, nil
}

// Kind names the kind of file a mode describes, for messages.
func Kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "mode " + m.String()
}

// Dirs is a set of folders under which referenced files may be read. Each is held as an
// absolute path with its symlinks resolved, and a file is under a folder when its own resolved
// path is: a symlink inside an allowed folder that leads out of it leads nowhere.
type Dirs struct {
	roots []string
}

// NewDirs allows the given folders. A folder that does not exist allows nothing.
func NewDirs(dirs ...string) Dirs {
	var d Dirs
	for _, dir := range dirs {
		if r, err := resolve(dir); err == nil {
			d.roots = append(d.roots, r)
		}
	}
	return d
}

// Roots returns the allowed folders, resolved, in the order given.
func (d Dirs) Roots() []string { return append([]string(nil), d.roots...) }

// Allows reports whether the file at path lies under one of the folders, and returns its
// resolved path. A path that does not exist is not allowed.
func (d Dirs) Allows(path string) (string, bool) {
	r, err := resolve(path)
	if err != nil {
		return "", false
	}
	for _, root := range d.roots {
		if within(root, r) {
			return r, true
		}
	}
	return r, false
}

// ReadRef reads the file that a $ref names (ref, written in the schema file from) when it lies
// under one of the folders, with Read's rules. The error is a *RefError naming the $ref, the
// file, and the option that allows it.
func (d Dirs) ReadRef(ref, from, path string, max int64) ([]byte, error) {
	resolved, ok := d.Allows(path)
	if !ok {
		if resolved == "" {
			if _, err := os.Lstat(path); err != nil {
				return nil, &RefError{Ref: ref, From: from, File: path, Err: err}
			}
			resolved = path
		}
		return nil, &RefError{Ref: ref, From: from, File: resolved, Err: ErrOutside, Roots: d.roots}
	}
	data, err := Read(resolved, max)
	if err != nil {
		return nil, &RefError{Ref: ref, From: from, File: resolved, Err: err}
	}
	return data, nil
}

// RefError is a $ref whose file may not or cannot be read. Its message names the option that
// allows it: --ref-dir (RefDirs in the libraries) for a file outside the allowed folders,
// --max-file-bytes (MaxFileBytes) for one too large.
type RefError struct {
	Ref   string   // the $ref as written, or the URL it resolves to
	From  string   // the schema file that holds it, when known
	File  string   // the file it names
	Err   error    // ErrOutside, ErrNotRegular, ErrTooLarge or the error of the file system
	Roots []string // the allowed folders, for ErrOutside
}

func (e *RefError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "$ref %q", e.Ref)
	if e.From != "" {
		fmt.Fprintf(&b, " in %s", e.From)
	}
	switch {
	case errors.Is(e.Err, ErrOutside):
		fmt.Fprintf(&b, ": %s is outside the folders schemas may be read from (%s); --ref-dir %s allows it", e.File, strings.Join(e.Roots, ", "), filepath.Dir(e.File))
	case errors.Is(e.Err, ErrTooLarge):
		fmt.Fprintf(&b, ": %v (--max-file-bytes sets the limit)", e.Err)
	default:
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *RefError) Unwrap() error { return e.Err }

func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}
