package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/railzhook/railzhook/internal/envelope"
	"github.com/railzhook/railzhook/internal/store"
)

// filesUnder maps every regular file below dir (by slash path relative to it) to its bytes.
func filesUnder(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			b, _ := os.ReadFile(p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

// TestExportNamesAreUnique: requestIds dup-3, dup and dup (the last two with different
// bodies) give three files; a name made for the third never replaces the first's; a second
// export skips what is there byte for byte; a file with other content stops the export
// before it writes anything, and --force replaces exactly that file.
func TestExportNamesAreUnique(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.sqlite")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	valid, _ := os.ReadFile("../../testdata/valid/push/success.json")
	invalid, _ := os.ReadFile("../../testdata/invalid/batchPush/required-batch-id.json")
	body := func(base []byte, id, business string) []byte {
		b, err := envelope.ReplaceRequestID(base, id)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Replace(b, []byte(`"BIZ-d6b1c7d3-fe41-4447-ae72-3814b78b5142"`), []byte(`"`+business+`"`), 1)
	}
	add := func(id, event string, b []byte) {
		d := store.Delivery{ReceivedAt: time.Now(), Body: b, Event: event, RequestID: id, Verdict: "ok", Status: 200,
			PayloadValid: true, SignatureVerified: true, BodyComplete: true, Size: int64(len(b))}
		if _, err := st.Add(context.Background(), &d); err != nil {
			t.Fatal(err)
		}
	}
	bodies := [][]byte{body(valid, "dup-3", "first"), body(valid, "dup", "second"), body(valid, "dup", "third")}
	add("dup-3", "push", bodies[0])
	add("dup", "push", bodies[1])
	add("dup", "push", bodies[2])
	add("DUP", "push", bodies[2]) // the same name in another letter case
	badBatch := body(invalid, "dup", "x")
	add("dup", "batchPush", badBatch)
	add("dup", "batchPush", badBatch) // a retry: written once

	to := filepath.Join(dir, "out")
	code, out, errOut := cli(t, "", "export", "--store", db, "--to", to)
	if code != 0 {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	// requestIds that are no UUIDs make the payloads invalid: each has its .golden beside it.
	got := filesUnder(t, to)
	want := map[string]string{
		"invalid/push/dup-3.json":    string(bodies[0]),
		"invalid/push/dup.json":      string(bodies[1]),
		"invalid/push/dup~3.json":    string(bodies[2]),
		"invalid/push/DUP~4.json":    string(bodies[2]),
		"invalid/batchPush/dup.json": string(badBatch),
	}
	for _, name := range []string{"dup-3", "dup", "dup~3", "DUP~4"} {
		golden := "invalid/push/" + name + ".golden"
		if !strings.Contains(got[golden], `"keyword": "format"`) {
			t.Errorf("%s: %q", golden, got[golden])
		}
		want[golden] = got[golden]
	}
	want["invalid/batchPush/dup.golden"] = got["invalid/batchPush/dup.golden"]
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("files (-want +got):\n%s", diff)
	}
	if !strings.Contains(got["invalid/batchPush/dup.golden"], `"/data/batchId"`) {
		t.Errorf("golden: %s", got["invalid/batchPush/dup.golden"])
	}
	if !strings.Contains(out, "0 valid, 0 lenient and 5 invalid payloads") || !strings.Contains(out, "10 file(s) written, 0 replaced, 0 already there") {
		t.Errorf("summary does not match the %d files on disk: %s", len(got), out)
	}

	// Again: everything is there already, byte for byte.
	code, out, errOut = cli(t, "", "export", "--store", db, "--to", to)
	if code != 0 || !strings.Contains(out, "0 file(s) written, 0 replaced, 10 already there and identical (skipped)") {
		t.Errorf("second export: %d %s %s", code, out, errOut)
	}

	// A file with other content in the way: nothing at all is written, not even what is new.
	os.WriteFile(filepath.Join(to, "invalid/push/dup.json"), []byte("edited by hand\n"), 0o644)
	add("new", "push", body(valid, "new", "fourth"))
	code, out, errOut = cli(t, "", "export", "--store", db, "--to", to)
	if code != 2 || !strings.Contains(errOut, filepath.Join(to, "invalid/push/dup.json")+" exists with other content") || !strings.Contains(errOut, "nothing written") {
		t.Errorf("export over an edited file: %d %s %s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(to, "invalid/push/new.json")); err == nil {
		t.Error("export wrote a file before stopping")
	}
	code, out, errOut = cli(t, "", "export", "--store", db, "--to", to, "--force")
	if code != 0 || !strings.Contains(out, "2 file(s) written, 1 replaced, 9 already there") {
		t.Errorf("export --force: %d %s %s", code, out, errOut)
	}
	got = filesUnder(t, to)
	want["invalid/push/new.json"] = string(body(valid, "new", "fourth"))
	want["invalid/push/new.golden"] = got["invalid/push/new.golden"]
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files after --force (-want +got):\n%s", diff)
	}
	names := make([]string, 0, len(got))
	for n := range got {
		names = append(names, strings.ToLower(n))
	}
	sort.Strings(names)
	for i := 1; i < len(names); i++ {
		if names[i] == names[i-1] {
			t.Errorf("two files named %s in different letter cases", names[i])
		}
	}
}
