package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestOpenPathAndPermissions: --store is a file name, whatever its characters; WAL mode is on;
// the database and its -wal and -shm files are private to their owner.
func TestOpenPathAndPermissions(t *testing.T) {
	for _, name := range []string{"plain.sqlite", "what?mode=memory", "hash#frag.db", "100%25.db", "sp ace.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.Add(context.Background(), &Delivery{ReceivedAt: time.Now(), Body: []byte("{}"), Size: 2, BodyComplete: true}); err != nil {
				t.Fatal(err)
			}
			if mode, err := s.JournalMode(); err != nil || mode != "wal" {
				t.Errorf("journal mode %q, %v; want wal", mode, err)
			}
			entries, _ := os.ReadDir(dir)
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			for _, want := range []string{name, name + "-wal", name + "-shm"} {
				info, err := os.Stat(filepath.Join(dir, want))
				if err != nil {
					t.Errorf("%s missing; the folder holds %q", want, names)
					continue
				}
				if perm := info.Mode().Perm(); perm != 0o600 {
					t.Errorf("%s has mode %v, want 0600", want, perm)
				}
			}
			if len(entries) != 3 {
				t.Errorf("the folder holds %q, want the database and its -wal and -shm only", names)
			}
			n, err := s.Count(context.Background())
			if err != nil || n != 1 {
				t.Errorf("count %d, %v", n, err)
			}
		})
	}
}

// TestOpenOddPaths: every --store is a path, never part of a URI: a leading //, which a
// file: URI would read as a host name, relative paths, and ?, #, % and spaces in any folder
// of the path. The database is the file named, and reopening it finds what was stored.
func TestOpenOddPaths(t *testing.T) {
	base := t.TempDir()
	t.Chdir(base)
	for _, tc := range []struct{ path, file string }{
		{"/" + filepath.Join(base, "slashes.db"), filepath.Join(base, "slashes.db")},
		{"//" + filepath.Join(base, "more-slashes.db"), filepath.Join(base, "more-slashes.db")},
		{"relative.db", filepath.Join(base, "relative.db")},
		{"./file:x.db", filepath.Join(base, "file:x.db")},
		{"file:y.db", filepath.Join(base, "file:y.db")},
		{"q?dir/a.db", filepath.Join(base, "q?dir", "a.db")},
		{"h#dir/a.db", filepath.Join(base, "h#dir", "a.db")},
		{"p%3fdir%/a.db", filepath.Join(base, "p%3fdir%", "a.db")},
		{"sp ace dir/a b.db", filepath.Join(base, "sp ace dir", "a b.db")},
		{filepath.Join(base, "sub", "..", "dots.db"), filepath.Join(base, "dots.db")},
	} {
		t.Run(tc.path, func(t *testing.T) {
			os.MkdirAll(filepath.Dir(tc.file), 0o755)
			s, err := Open(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Add(context.Background(), &Delivery{ReceivedAt: time.Now(), RequestID: tc.path, Body: []byte("{}"), Size: 2, BodyComplete: true}); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if info, err := os.Stat(tc.file); err != nil || info.Size() == 0 {
				t.Fatalf("%s: %v (size %d)", tc.file, err, sizeOf(info))
			}
			s, err = Open(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var ids []string
			s.Each(context.Background(), func(d *Delivery) error { ids = append(ids, d.RequestID); return nil })
			if len(ids) != 1 || ids[0] != tc.path {
				t.Errorf("reopened %s: %q", tc.file, ids)
			}
		})
	}
}

// TestOpenFailureLeavesNothing: a database that cannot be opened leaves no empty file behind,
// and a file that is not a database is left as it was.
func TestOpenFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	data := []byte("this is not an SQLite database, but someone's file; 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
	os.WriteFile(junk, data, 0o644)
	if _, err := Open(junk); err == nil {
		t.Fatal("a file that is not a database opened")
	}
	if got, _ := os.ReadFile(junk); string(got) != string(data) {
		t.Errorf("the file was changed: %q", got)
	}
	if _, err := Open(filepath.Join(dir, "missing", "x.db")); err == nil {
		t.Fatal("a database in a missing folder opened")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want junk.db only", len(entries))
	}
}

func sizeOf(info os.FileInfo) int64 {
	if info == nil {
		return -1
	}
	return info.Size()
}
