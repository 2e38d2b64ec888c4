package generator_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/railzhook/railzhook/generator"
	"github.com/railzhook/railzhook/internal/safefile"
)

// A $ref reads only regular files, each capped, under the folders of the schemas given or a
// ref folder; anything else is an error naming the $ref, the file and the flag.
func TestLoadFilesRefsReadOnlyWhatTheyMay(t *testing.T) {
	root := t.TempDir()
	schemas, elsewhere := filepath.Join(root, "schemas"), filepath.Join(root, "elsewhere")
	os.MkdirAll(schemas, 0o755)
	os.MkdirAll(elsewhere, 0o755)
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(elsewhere, "secret.json"), `{"description": "a secret", "const": "pw"}`)
	write(filepath.Join(schemas, "beside.json"), `{"type": "string"}`)
	if err := syscall.Mkfifo(filepath.Join(schemas, "fifo.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink("/dev/zero", filepath.Join(schemas, "zero.json"))
	os.Symlink(filepath.Join(elsewhere, "secret.json"), filepath.Join(schemas, "link.json"))
	write(filepath.Join(schemas, "big.json"), `{"type": "string", "description": "`+strings.Repeat("x", 4096)+`"}`)
	schemaWithRef := func(name, ref string) string {
		p := filepath.Join(schemas, name)
		write(p, `{"type": "object", "properties": {"x": {"$ref": "`+ref+`"}}}`)
		return p
	}
	cases := []struct {
		name, ref string
		opts      generator.LoadOptions
		want      error  // nil: loads
		mentions  string // in the error
	}{
		{"beside", "beside.json", generator.LoadOptions{}, nil, ""},
		{"climbs out", "../elsewhere/secret.json", generator.LoadOptions{}, safefile.ErrOutside, "--ref-dir " + elsewhere},
		{"climbs out, allowed", "../elsewhere/secret.json", generator.LoadOptions{RefDirs: []string{elsewhere}}, nil, ""},
		{"symlink out", "link.json", generator.LoadOptions{}, safefile.ErrOutside, "--ref-dir " + elsewhere},
		{"fifo", "fifo.json", generator.LoadOptions{}, safefile.ErrNotRegular, "named pipe"},
		{"dev zero", "zero.json", generator.LoadOptions{RefDirs: []string{"/dev"}}, safefile.ErrNotRegular, "device"},
		{"too large", "big.json", generator.LoadOptions{MaxFileBytes: 1024}, safefile.ErrTooLarge, "--max-file-bytes"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := schemaWithRef("case"+string(rune('a'+i))+".json", c.ref)
			done := make(chan struct{})
			var docs []generator.Schema
			var err error
			go func() {
				docs, err = generator.LoadFilesWith([]string{file}, c.opts)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("LoadFilesWith does not return")
			}
			if c.want == nil {
				if err != nil || len(docs) != 2 {
					t.Fatalf("LoadFilesWith = %d documents, %v; want the schema and its $ref", len(docs), err)
				}
				return
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("LoadFilesWith = %v, want %v", err, c.want)
			}
			for _, part := range []string{`"` + c.ref + `"`, filepath.Base(file), c.mentions} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not name %q", err, part)
				}
			}
		})
	}
}
