package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadInput: files are read whole, whatever their size, up to the cap and no further, with
// the errors os.Open gives; standard input likewise.
func TestReadInput(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 511, 512, 513, 4096, 100_000, 1 << 20} {
		data := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
		file := filepath.Join(dir, "f.json")
		if err := os.WriteFile(file, data, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := readInput(file, nil, 1<<20)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes: read %d bytes, %v", size, len(got), err)
		}
		got, err = readInput("-", bytes.NewReader(data), 1<<20)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes on standard input: read %d bytes, %v", size, len(got), err)
		}
		if size > 0 {
			if _, err := readInput(file, nil, int64(size-1)); err == nil || !strings.Contains(err.Error(), "more than the") {
				t.Errorf("%d bytes with a cap of %d: %v", size, size-1, err)
			}
			if _, err := readInput("-", bytes.NewReader(data), int64(size-1)); err == nil || !strings.Contains(err.Error(), "standard input: more than the") {
				t.Errorf("%d bytes on standard input with a cap of %d: %v", size, size-1, err)
			}
		}
	}
	missing := filepath.Join(dir, "missing.json")
	_, err := readInput(missing, nil, 100)
	_, want := os.Open(missing)
	var pe *fs.PathError
	if err == nil || err.Error() != want.Error() || !errors.As(err, &pe) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want %v", err, want)
	}
	if _, err := readInput(dir, nil, 100); err == nil || !strings.Contains(err.Error(), "not a regular file (a directory)") {
		t.Errorf("a directory: %v", err)
	}
}

// TestValidateOutputOrder: standard output is written in batches, but never after what is
// written on stderr later: a path that cannot be read is reported between the results of the
// paths named before and after it.
func TestValidateOutputOrder(t *testing.T) {
	var both bytes.Buffer
	bad := "../../testdata/invalid/batchPush/required-batch-id.json"
	missing := filepath.Join(t.TempDir(), "missing.json")
	code := run([]string{"validate", bad, missing, bad}, nil, &both, &both)
	lines := strings.Split(strings.TrimSpace(both.String()), "\n")
	if code != exitUsage || len(lines) != 4 {
		t.Fatalf("exit %d, %d lines:\n%s", code, len(lines), both.String())
	}
	for i, want := range []string{bad + ":", "railzhook validate: stat " + missing, bad + ":", "railzhook validate: 2 file(s) checked"} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d: %q, want it to start with %q", i+1, lines[i], want)
		}
	}
}
