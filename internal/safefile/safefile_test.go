package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "a.json")
	os.WriteFile(regular, []byte(`{"type":"string"}`), 0o644)
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.json")
	os.Symlink("/dev/zero", zero)

	if data, err := Read(regular, 0); err != nil || string(data) != `{"type":"string"}` {
		t.Errorf("Read(regular) = %q, %v", data, err)
	}
	done := make(chan error, 1)
	go func() { _, err := Read(fifo, 0); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("Read(fifo) = %v, want ErrNotRegular naming a named pipe", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Read(fifo) blocks")
	}
	if _, err := Read(zero, 0); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "device") {
		t.Errorf("Read(symlink to /dev/zero) = %v, want ErrNotRegular naming a device", err)
	}
	if _, err := Read(regular, 5); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read over the limit = %v, want ErrTooLarge", err)
	}
	if _, err := Read(dir, 0); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Read(dir) = %v, want ErrNotRegular", err)
	}
}

func TestDirs(t *testing.T) {
	root := t.TempDir()
	in, out := filepath.Join(root, "in"), filepath.Join(root, "out")
	os.MkdirAll(filepath.Join(in, "sub"), 0o755)
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(in, "sub", "a.json"), []byte("{}"), 0o644)
	os.WriteFile(filepath.Join(out, "secret.json"), []byte(`{"const":"pw"}`), 0o644)
	os.Symlink(filepath.Join(out, "secret.json"), filepath.Join(in, "link.json"))
	os.WriteFile(filepath.Join(root, "in-sibling.json"), []byte("{}"), 0o644)

	d := NewDirs(in)
	for path, want := range map[string]bool{
		filepath.Join(in, "sub", "a.json"):              true,
		filepath.Join(in, "sub", "..", "sub", "a.json"): true,
		filepath.Join(in, "..", "out", "secret.json"):   false,
		filepath.Join(in, "link.json"):                  false, // a symlink out of the folder
		filepath.Join(root, "in-sibling.json"):          false, // a name that only starts like the folder
		filepath.Join(in, "missing.json"):               false,
	} {
		if _, got := d.Allows(path); got != want {
			t.Errorf("Allows(%s) = %v, want %v", path, got, want)
		}
	}
	_, err := d.ReadRef("../out/secret.json", "a.json", filepath.Join(in, "..", "out", "secret.json"), 0)
	var rerr *RefError
	if !errors.As(err, &rerr) || !errors.Is(err, ErrOutside) {
		t.Fatalf("ReadRef outside = %v, want a *RefError wrapping ErrOutside", err)
	}
	for _, part := range []string{`"../out/secret.json"`, "a.json", filepath.Join(out, "secret.json"), "--ref-dir " + out} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not name %q", err, part)
		}
	}
	if data, err := NewDirs(in, out).ReadRef("../out/secret.json", "a.json", filepath.Join(in, "..", "out", "secret.json"), 0); err != nil || string(data) != `{"const":"pw"}` {
		t.Errorf("ReadRef with the folder allowed = %q, %v", data, err)
	}
}
