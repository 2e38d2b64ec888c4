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

Files are named after the requestId. A delivery whose requestId is not a safe file name is
named delivery~<id> (its id in the store), and one whose name an earlier delivery in the
same folder took, in any letter case, <requestId>~<id>: names are unique by construction. A
retry whose body is identical to an earlier delivery is written once.

Export into a folder that holds an earlier export: files that are already there byte for byte
are skipped and counted, so exporting a growing store again adds only what is new. A file
in the way with other content stops the export before anything is written, listing every such
file; --force replaces them (regular files only). Export never follows a symlink. The last
line counts the files written, replaced and skipped.

The result is ready for 'railzhook validate DIR/valid' and for copying into testdata/.
`

var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// reservedName matches the names Windows gives to devices, with or without an extension.
var reservedName = regexp.MustCompile(`(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)`)

func runExport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("export", "--store FILE --to DIR [--strict] [--force]", exportAbout, stderr)
	storePath := fs.String("store", "", "SQLite database `file` written by railzhook listen")
	to := fs.String("to", "", "`directory` to write the fixtures into")
	force := fs.Bool("force", false, "replace regular files that differ from what export would write (never symlinks)")
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

	// First pass: name every file, see what is on disk already, and write nothing, so that a
	// conflict stops the export before it has written part of its output. Second pass: write.
	w := &exporter{root: *to, force: *force, strict: *strict, names: map[string]bool{}, bodies: map[string]bool{}, plans: map[int64][]plannedFile{}}
	var conflicts []string
	last := int64(0)
	err = st.Each(context.Background(), func(d *store.Delivery) error {
		last = d.ID
		files, err := w.plan(d)
		if err != nil {
			return err
		}
		for i := range files {
			f := &files[i]
			if f.state, err = w.inspect(f.rel, f.sum); err != nil {
				return err
			}
			if f.state == fileDiffers && !*force {
				conflicts = append(conflicts, filepath.Join(*to, f.rel))
			}
		}
		w.plans[d.ID] = files
		return nil
	})
	if err != nil {
		fmt.Fprintf(stderr, "railzhook export: %v\n", err)
		return exitUsage
	}
	if len(conflicts) > 0 {
		for i, c := range conflicts {
			if i == 20 {
				fmt.Fprintf(stderr, "railzhook export: and %d more\n", len(conflicts)-i)
				break
			}
			fmt.Fprintf(stderr, "railzhook export: %s exists with other content\n", escape(c))
		}
		fmt.Fprintf(stderr, "railzhook export: nothing written: %d file(s) in the way; export does not overwrite files (use --force to replace them, or export into a new folder)\n", len(conflicts))
		return exitUsage
	}
	var written, replaced, same int
	err = st.Each(context.Background(), func(d *store.Delivery) error {
		files, ok := w.plans[d.ID]
		if !ok || d.ID > last {
			return nil // stored after the first pass, or not exported
		}
		for _, f := range files {
			if f.state == fileSame {
				same++
				continue
			}
			data, err := w.render(d, f)
			if err != nil {
				return err
			}
			if sha256.Sum256(data) != f.sum {
				return fmt.Errorf("delivery %d changed in the store during the export", d.ID)
			}
			if err := w.write(f.rel, data, f.state == fileDiffers); err != nil {
				return err
			}
			if f.state == fileDiffers {
				replaced++
			} else {
				written++
			}
		}
		return nil
	})
	if err != nil {
		fmt.Fprintf(stderr, "railzhook export: %v (%d file(s) written, %d replaced before it)\n", err, written, replaced)
		return exitUsage
	}
	c := w.count
	mode := "default"
	if *strict {
		mode = "strict"
	}
	fmt.Fprintf(stdout, "railzhook export: %d valid, %d lenient and %d invalid payloads (%s mode) in %s", c.valid, c.lenient, c.invalid, mode, *to)
	if c.unverified > 0 {
		fmt.Fprintf(stdout, ", %d received without a signature check under unverified/", c.unverified)
	}
	if c.dups > 0 {
		fmt.Fprintf(stdout, " (%d retries identical to an earlier delivery written once)", c.dups)
	}
	if c.refused > 0 {
		fmt.Fprintf(stdout, "; %d refused deliveries (bad signature or too large) not written", c.refused)
	}
	fmt.Fprintf(stdout, "\nrailzhook export: %d file(s) written, %d replaced, %d already there and identical (skipped)\n", written, replaced, same)
	return exitOK
}

// What is on disk where export would write a file.
const (
	fileMissing = iota // nothing: write it
	fileSame           // a regular file with the same bytes: skip it
	fileDiffers        // a regular file with other bytes: a conflict, or replaced with --force
)

// plannedFile is one file export writes: its path below the root, the digest of its bytes,
// and what is on disk there.
type plannedFile struct {
	rel    string
	golden bool // the .golden of the delivery, not its body
	sum    [sha256.Size]byte
	state  int
}

// exporter names, checks and writes the files of an export below root, never following a
// symlink and never overwriting anything but what --force replaces.
type exporter struct {
	root   string
	force  bool
	strict bool
	names  map[string]bool // lower-cased dir/name of every delivery named, for case-insensitive file systems
	bodies map[string]bool // requestId and body digest of each delivery exported
	plans  map[int64][]plannedFile
	count  struct{ valid, lenient, invalid, unverified, refused, dups int }
}

// plan classifies a delivery and names its files. Names are unique by construction: a
// delivery is named after its requestId when that is a safe file name no earlier delivery of
// the same folder has (in any letter case), else after its store id, as <requestId>~<id>
// or delivery~<id>; a requestId never contains "~", and store ids are unique.
func (w *exporter) plan(d *store.Delivery) ([]plannedFile, error) {
	if d.Verdict == "bad-signature" || d.Verdict == "too-large" || !d.BodyComplete {
		w.count.refused++
		return nil, nil
	}
	sum := sha256.Sum256(d.Body)
	key := d.RequestID + "\x00" + hex.EncodeToString(sum[:])
	if w.bodies[key] {
		w.count.dups++
		return nil, nil
	}
	w.bodies[key] = true
	dir, kind, def, strictErr, err := w.classify(d)
	if err != nil {
		return nil, err
	}
	name := d.RequestID
	if !safeName.MatchString(name) || reservedName.MatchString(name) || strings.HasSuffix(name, ".") {
		name = fmt.Sprintf("delivery~%d", d.ID)
	} else if w.names[strings.ToLower(filepath.Join(dir, name))] {
		name = fmt.Sprintf("%s~%d", name, d.ID)
	}
	w.names[strings.ToLower(filepath.Join(dir, name))] = true
	switch {
	case !d.SignatureVerified:
		w.count.unverified++
	case kind == "valid":
		w.count.valid++
	case kind == "lenient":
		w.count.lenient++
	default:
		w.count.invalid++
	}
	files := []plannedFile{{rel: filepath.Join(dir, name+".json"), sum: sum}}
	if kind != "valid" {
		golden, err := renderGolden(def, strictErr)
		if err != nil {
			return nil, err
		}
		files = append(files, plannedFile{rel: filepath.Join(dir, name+".golden"), golden: true, sum: sha256.Sum256(golden)})
	}
	return files, nil
}

// classify validates a delivery in both modes and finds its folder: [unverified/]valid,
// lenient or invalid, then the event (envelope when it names none this version knows).
func (w *exporter) classify(d *store.Delivery) (dir, kind string, def, strict *validate.Error, err error) {
	event := d.Event
	if _, known := schemas.Lookup(event); !known {
		event = "envelope"
	}
	if def, strict, err = outcomes(d.Body, event); err != nil {
		return "", "", nil, nil, err
	}
	kind = "invalid"
	switch {
	case event == "envelope" || def != nil:
	case !w.strict || strict == nil:
		kind = "valid"
	default:
		kind = "lenient"
	}
	top := kind
	if !d.SignatureVerified {
		top = filepath.Join("unverified", kind)
	}
	return filepath.Join(top, event), kind, def, strict, nil
}

// render makes the bytes of a planned file again: the body, or the .golden.
func (w *exporter) render(d *store.Delivery, f plannedFile) ([]byte, error) {
	if !f.golden {
		return d.Body, nil
	}
	_, _, def, strict, err := w.classify(d)
	if err != nil {
		return nil, err
	}
	return renderGolden(def, strict)
}

// inspect reports what is at root/rel: nothing, a regular file with the bytes of digest sum,
// or one with other bytes. A symlink on the way or in the place, or anything but a folder or
// a regular file, is an error.
func (w *exporter) inspect(rel string, sum [sha256.Size]byte) (int, error) {
	cur := w.root
	parts := strings.Split(rel, string(filepath.Separator))
	for i, part := range parts {
		cur = filepath.Join(cur, part)
		info, err := os.Lstat(cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fileMissing, nil
		case err != nil:
			return 0, err
		case info.Mode()&fs.ModeSymlink != 0:
			return 0, fmt.Errorf("%s is a symlink; export does not follow or replace symlinks", cur)
		case i < len(parts)-1 && !info.IsDir():
			return 0, fmt.Errorf("%s is in the way: not a directory", cur)
		case i == len(parts)-1 && !info.Mode().IsRegular():
			return 0, fmt.Errorf("%s is in the way: not a regular file", cur)
		}
	}
	f, err := os.Open(cur)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return 0, err
	}
	if [sha256.Size]byte(h.Sum(nil)) == sum {
		return fileSame, nil
	}
	return fileDiffers, nil
}

// write creates root/rel with data. Each folder below root is created or must be a real
// folder, not a symlink; the file is created exclusively, or, when replace is set (--force, a
// file with other content), replaces a regular file.
func (w *exporter) write(rel string, data []byte, replace bool) error {
	cur := w.root
	if err := os.MkdirAll(cur, 0o755); err != nil {
		return err
	}
	dir, name := filepath.Split(rel)
	for _, part := range strings.Split(filepath.Clean(dir), string(filepath.Separator)) {
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
		case !replace || !w.force:
			return fmt.Errorf("%s appeared during the export; export does not overwrite files (use --force to replace them)", path)
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
	return f.Close()
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
