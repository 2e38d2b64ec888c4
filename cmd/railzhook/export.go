package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/railzhook/railzhook/internal/store"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

const exportAbout = `
Writes the deliveries stored by 'railzhook listen --store' out as fixture files, byte for
byte, classified in the mode you pick: payloads valid in it under DIR/valid/<event>/, the rest
under DIR/invalid/<event>/ with their errors beside them in <name>.golden (the format of this
repository's testdata: the errors in default and in strict mode). With --strict, payloads valid
only in default mode (unknown members, unlisted values of open enumerations) go under
DIR/lenient/<event>/ with their .golden, so that 'railzhook validate --strict DIR/valid'
passes. Payloads without a known event go under DIR/invalid/envelope/.

Only deliveries whose signature a secret verified go under valid/ and invalid/. Those received
while signatures were not checked go under DIR/unverified/ (same layout), and those refused
before verification (bad signature, too large) are not written at all: the store keeps only
their metadata.

Files are named after the requestId (or delivery-<id> when it is not a safe file name); a
retry whose body is identical to an earlier delivery is written once. Export never follows a
symlink and never overwrites a file: with --force it replaces regular files it would write.

The result is ready for 'railzhook validate DIR/valid' and for copying into testdata/.
`

var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// reservedName matches the names Windows gives to devices, with or without an extension.
var reservedName = regexp.MustCompile(`(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)`)

func runExport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("export", "--store FILE --to DIR [--strict] [--force]", exportAbout, stderr)
	storePath := fs.String("store", "", "SQLite database `file` written by railzhook listen")
	to := fs.String("to", "", "`directory` to write the fixtures into")
	force := fs.Bool("force", false, "replace regular files that are in the way (never symlinks)")
	strict := fs.Bool("strict", false, "classify in strict mode: payloads valid only in default mode go under lenient/")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 || *storePath == "" || *to == "" {
		fmt.Fprintln(stderr, "railzhook export: --store and --to are required, and nothing else")
		return exitUsage
	}
	if _, err := os.Stat(*storePath); err != nil {
		fmt.Fprintf(stderr, "railzhook export: %v\n", err)
		return exitUsage
	}
	st, err := store.Open(*storePath)
	if err != nil {
		fmt.Fprintf(stderr, "railzhook export: %v\n", err)
		return exitUsage
	}
	defer st.Close()
	w := &exporter{root: *to, force: *force, written: map[string]bool{}, bodies: map[string]bool{}}
	var valid, lenient, invalid, unverified, refused, dups int
	err = st.Each(context.Background(), func(d *store.Delivery) error {
		if d.Verdict == "bad-signature" || d.Verdict == "too-large" || !d.BodyComplete {
			refused++
			return nil
		}
		event := d.Event
		if _, known := schemas.Lookup(event); !known {
			event = "envelope"
		}
		def, strictErr, err := outcomes(d.Body, event)
		if err != nil {
			return err
		}
		kind := "invalid"
		switch {
		case event == "envelope" || def != nil:
		case !*strict || strictErr == nil:
			kind = "valid"
		default:
			kind = "lenient"
		}
		top := kind
		if !d.SignatureVerified {
			top = filepath.Join("unverified", kind)
		}
		name := d.RequestID
		if !safeName.MatchString(name) || reservedName.MatchString(name) || strings.HasSuffix(name, ".") {
			name = fmt.Sprintf("delivery-%d", d.ID)
		}
		sum := sha256.Sum256(d.Body)
		key := name + "\x00" + hex.EncodeToString(sum[:])
		if w.bodies[key] {
			dups++
			return nil
		}
		w.bodies[key] = true
		dir := filepath.Join(top, event)
		base := name
		if w.taken(dir, base) {
			base = fmt.Sprintf("%s-%d", name, d.ID)
		}
		if err := w.write(dir, base+".json", d.Body); err != nil {
			return err
		}
		switch {
		case !d.SignatureVerified:
			unverified++
		case kind == "valid":
			valid++
		case kind == "lenient":
			lenient++
		default:
			invalid++
		}
		if kind == "valid" {
			return nil
		}
		golden, err := renderGolden(def, strictErr)
		if err != nil {
			return err
		}
		return w.write(dir, base+".golden", golden)
	})
	if err != nil {
		fmt.Fprintf(stderr, "railzhook export: %v\n", err)
		return exitUsage
	}
	mode := "default"
	if *strict {
		mode = "strict"
	}
	fmt.Fprintf(stdout, "railzhook export: %d valid, %d lenient and %d invalid payloads (%s mode) written to %s", valid, lenient, invalid, mode, *to)
	if unverified > 0 {
		fmt.Fprintf(stdout, ", %d received without a signature check under unverified/", unverified)
	}
	if dups > 0 {
		fmt.Fprintf(stdout, " (%d retries identical to an earlier delivery written once)", dups)
	}
	if refused > 0 {
		fmt.Fprintf(stdout, "; %d refused deliveries (bad signature or too large) not written", refused)
	}
	fmt.Fprintln(stdout)
	return exitOK
}

// exporter writes files below root without following symlinks or overwriting anything.
type exporter struct {
	root    string
	force   bool
	written map[string]bool // lower-cased paths written, for case-insensitive file systems
	bodies  map[string]bool // name and body digest of each delivery written
}

// taken reports whether dir/base.json was written in this run, in any letter case.
func (w *exporter) taken(dir, base string) bool {
	return w.written[strings.ToLower(filepath.Join(dir, base+".json"))]
}

// write creates root/dir/name with data. Each folder below root is created or must be a real
// folder, not a symlink; the file is created exclusively, or with force replaces a regular
// file.
func (w *exporter) write(dir, name string, data []byte) error {
	cur := w.root
	if err := os.MkdirAll(cur, 0o755); err != nil {
		return err
	}
	for _, part := range strings.Split(dir, string(filepath.Separator)) {
		cur = filepath.Join(cur, part)
		info, err := os.Lstat(cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(cur, 0o755); err != nil {
				return err
			}
		case err != nil:
			return err
		case info.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s is a symlink; export does not follow symlinks", cur)
		case !info.IsDir():
			return fmt.Errorf("%s is in the way: not a directory", cur)
		}
	}
	path := filepath.Join(cur, name)
	if info, err := os.Lstat(path); err == nil {
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s is a symlink; export does not follow or replace symlinks", path)
		case !w.force:
			return fmt.Errorf("%s exists; export does not overwrite files (use --force to replace them)", path)
		case !info.Mode().IsRegular():
			return fmt.Errorf("%s is in the way: not a regular file", path)
		}
		if err := os.Remove(path); err != nil {
			return err
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644) // O_EXCL: never through a symlink
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	w.written[strings.ToLower(filepath.Join(dir, name))] = true
	return nil
}

// outcomes validates a payload in both modes (see outcome).
func outcomes(body []byte, event string) (def, strict *validate.Error, err error) {
	if def, err = outcome(body, event, validate.ModeDefault); err != nil {
		return nil, nil, err
	}
	strict, err = outcome(body, event, validate.ModeStrict)
	return def, strict, err
}

// outcome validates a payload in a mode against its event's schema, or against the umbrella
// schema for "envelope"; a nil *validate.Error means valid. This is how export files payloads
// and how validate --expect checks them.
func outcome(body []byte, event string, mode validate.Mode) (*validate.Error, error) {
	opts := []validate.Option{validate.WithMode(mode)}
	if event != "envelope" {
		opts = append(opts, validate.ForEvent(event))
	}
	_, err := validate.Parse(body, opts...)
	var verr *validate.Error
	if err == nil || errors.As(err, &verr) {
		return verr, nil
	}
	return nil, err
}

// renderGolden renders the expected errors of a payload in both modes, as testdata keeps them.
func renderGolden(def, strict *validate.Error) ([]byte, error) {
	out, err := json.MarshalIndent(goldenFile{Default: def, Strict: strict}, "", "  ")
	return append(out, '\n'), err
}
