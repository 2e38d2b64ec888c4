package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/railzhook/railzhook/internal/store"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

const exportAbout = `
Writes every delivery stored by 'railzhook listen --store' out as a fixture file, byte for
byte: payloads that were valid under DIR/valid/<event>/, the rest under DIR/invalid/<event>/
with their errors beside them in <name>.golden (the format of this repository's testdata:
the errors in default and in strict mode). Payloads without a known event go under
DIR/invalid/envelope/. Files are named after the requestId; a retry whose body is identical
to an earlier delivery is written once.

The result is ready for 'railzhook validate DIR/valid' and for copying into testdata/.
`

var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

func runExport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("export", "--store FILE --to DIR", exportAbout, stderr)
	storePath := fs.String("store", "", "SQLite database `file` written by railzhook listen")
	to := fs.String("to", "", "`directory` to write the fixtures into")
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
	var valid, invalid, dups int
	written := map[string][]byte{}
	err = st.Each(context.Background(), func(d *store.Delivery) error {
		event := d.Event
		if _, known := schemas.Lookup(event); !known {
			event = "envelope"
		}
		kind := "invalid"
		if d.PayloadValid {
			kind = "valid"
			if event == "envelope" {
				kind = "invalid"
			}
		}
		name := d.RequestID
		if !safeName.MatchString(name) {
			name = fmt.Sprintf("delivery-%d", d.ID)
		}
		dir := filepath.Join(*to, kind, event)
		path := filepath.Join(dir, name+".json")
		if prev, ok := written[path]; ok {
			if bytes.Equal(prev, d.Body) {
				dups++
				return nil
			}
			path = filepath.Join(dir, fmt.Sprintf("%s-%d.json", name, d.ID))
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, d.Body, 0o644); err != nil {
			return err
		}
		written[path] = d.Body
		if kind == "valid" {
			valid++
			return nil
		}
		invalid++
		golden, err := goldenFor(d.Body, event)
		if err != nil {
			return err
		}
		return os.WriteFile(path[:len(path)-len(".json")]+".golden", golden, 0o644)
	})
	if err != nil {
		fmt.Fprintf(stderr, "railzhook export: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "railzhook export: %d valid and %d invalid payloads written to %s", valid, invalid, *to)
	if dups > 0 {
		fmt.Fprintf(stdout, " (%d retries identical to an earlier delivery written once)", dups)
	}
	fmt.Fprintln(stdout)
	return exitOK
}

// goldenFor renders the expected errors of a payload in both modes, as testdata keeps them.
func goldenFor(body []byte, event string) ([]byte, error) {
	var opts []validate.Option
	if event != "envelope" {
		opts = append(opts, validate.ForEvent(event))
	}
	outcome := func(opts ...validate.Option) (*validate.Error, error) {
		_, err := validate.Parse(body, opts...)
		var verr *validate.Error
		if err == nil || errors.As(err, &verr) {
			return verr, nil
		}
		return nil, err
	}
	def, err := outcome(opts...)
	if err != nil {
		return nil, err
	}
	strict, err := outcome(append(opts, validate.Strict())...)
	if err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(struct {
		Default *validate.Error `json:"default"`
		Strict  *validate.Error `json:"strict"`
	}{def, strict}, "", "  ")
	return append(out, '\n'), err
}
