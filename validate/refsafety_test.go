package validate_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/railzhook/railzhook/internal/safefile"
	"github.com/railzhook/railzhook/validate"
)

// A schema is untrusted input: LoadSchema's $refs read only regular files, each capped, under
// the schema's folder or a ref folder.
func TestLoadSchemaRefsReadOnlyWhatTheyMay(t *testing.T) {
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
	write(filepath.Join(elsewhere, "secret.json"), `{"const": "pw"}`)
	write(filepath.Join(schemas, "beside.json"), `{"type": "string"}`)
	if err := syscall.Mkfifo(filepath.Join(schemas, "fifo.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink("/dev/zero", filepath.Join(schemas, "zero.json"))
	os.Symlink(filepath.Join(elsewhere, "secret.json"), filepath.Join(schemas, "link.json"))
	write(filepath.Join(schemas, "big.json"), `{"type": "string", "description": "`+strings.Repeat("x", 4096)+`"}`)
	cases := []struct {
		name, ref string
		opts      validate.SchemaOptions
		want      error
		mentions  string
	}{
		{"beside", "beside.json", validate.SchemaOptions{}, nil, ""},
		{"climbs out", "../elsewhere/secret.json", validate.SchemaOptions{}, safefile.ErrOutside, "--ref-dir " + elsewhere},
		{"climbs out, allowed", "../elsewhere/secret.json", validate.SchemaOptions{RefDirs: []string{elsewhere}}, nil, ""},
		{"file URL out", "file://" + filepath.ToSlash(filepath.Join(elsewhere, "secret.json")), validate.SchemaOptions{}, safefile.ErrOutside, "--ref-dir " + elsewhere},
		{"symlink out", "link.json", validate.SchemaOptions{}, safefile.ErrOutside, "--ref-dir " + elsewhere},
		{"fifo", "fifo.json", validate.SchemaOptions{}, safefile.ErrNotRegular, "named pipe"},
		{"dev zero", "zero.json", validate.SchemaOptions{RefDirs: []string{"/dev"}}, safefile.ErrNotRegular, "device"},
		{"too large", "big.json", validate.SchemaOptions{MaxFileBytes: 1024}, safefile.ErrTooLarge, "--max-file-bytes"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(schemas, "case"+string(rune('a'+i))+".json")
			write(file, `{"type": "object", "properties": {"x": {"$ref": "`+c.ref+`"}}}`)
			done := make(chan struct{})
			var err error
			go func() {
				_, err = validate.LoadSchema(file, c.opts)
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("LoadSchema does not return")
			}
			if c.want == nil {
				if err != nil {
					t.Fatalf("LoadSchema = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want.Error()) {
				t.Fatalf("LoadSchema = %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.mentions) {
				t.Errorf("error %q does not name %q", err, c.mentions)
			}
		})
	}
	// The schema file itself is read by the same rules.
	if _, err := validate.LoadSchema(filepath.Join(schemas, "fifo.json"), validate.SchemaOptions{}); !errors.Is(err, safefile.ErrNotRegular) {
		t.Errorf("LoadSchema(fifo) = %v, want ErrNotRegular", err)
	}
}
