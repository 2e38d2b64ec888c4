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
