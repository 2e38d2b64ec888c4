package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/internal/envelope"
	"github.com/railzhook/railzhook/internal/store"
	"github.com/railzhook/railzhook/webhook"
)

func post(t *testing.T, url string, body []byte, sig string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	if sig != "" {
		req.Header.Set(webhook.SignatureHeader, sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestListenUnderAttack: what listen prints is escaped; refused deliveries are stored as
// metadata (size, digest, first 4 KiB), signed ones whole.
func TestListenUnderAttack(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.sqlite")
	t.Setenv("RAILZHOOK_TEST_SECRET", "whsec_attack")
	url, log, stop := startListen(t, "--secret-env", "RAILZHOOK_TEST_SECRET", "--store", db)

	// A signed, valid delivery whose requestId and event try to clear the screen and forge a line.
	evil := []byte(`{"data": {"event": "brandNew\u001b[2J\u0007", "x": 1}, "requestId": "\u001b[2J\r2026-01-01T00:00:00.000Z push 200 ok\nforged"}`)
	if code := post(t, url, evil, webhook.Sign(evil, "whsec_attack", time.Now())); code != 400 && code != 200 {
		t.Errorf("evil delivery answered %d", code)
	}
	// A signed delivery with a number too large to judge gets an answer and is stored.
	huge, _ := os.ReadFile("../../testdata/valid/data/seed-002-simple-payload.json")
	huge = bytes.Replace(huge, []byte(`"id": 26243`), []byte(`"id": 1e10000000`), 1)
	if code := post(t, url, huge, webhook.Sign(huge, "whsec_attack", time.Now())); code != 400 {
		t.Errorf("huge number answered %d, want 400", code)
	}
	// A refused delivery of 100 KiB.
	big := bytes.Repeat([]byte("x"), 100<<10)
	if code := post(t, url, big, "t=1,v=00"); code != 401 {
		t.Errorf("unsigned delivery answered %d", code)
	}
	stop()
	out := log.String()
	for _, c := range []string{"\x1b", "\x07", "\r"} {
		if strings.Contains(out, c) {
			t.Errorf("listen printed a raw %q:\n%q", c, out)
		}
	}
	if lines := strings.Count(out, "\n"); lines != 4 {
		t.Errorf("%d lines printed for 3 deliveries (a forged line?):\n%s", lines, out)
	}
	if !strings.Contains(out, " 400 invalid ") || !strings.Contains(out, "/data/id: number 1e10000000 has an exponent beyond") {
		t.Errorf("the huge number is not reported:\n%s", out)
	}
	if !strings.Contains(out, `\x1b[2J`) {
		t.Errorf("the escape sequence is not shown escaped:\n%s", out)
	}

	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var rows []store.Delivery
	st.Each(context.Background(), func(d *store.Delivery) error { rows = append(rows, *d); return nil })
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	if d := rows[1]; d.Status != 400 || !bytes.Equal(d.Body, huge) {
		t.Errorf("huge-number delivery stored with status %d", d.Status)
	}
	rows = append(rows[:1], rows[2:]...)
	if d := rows[0]; !d.BodyComplete || !bytes.Equal(d.Body, evil) || !d.SignatureVerified {
		t.Errorf("signed delivery not kept whole: complete %v verified %v", d.BodyComplete, d.SignatureVerified)
	}
	sum := sha256.Sum256(big)
	if d := rows[1]; d.BodyComplete || len(d.Body) != 4<<10 || d.Size != int64(len(big)) || d.SHA256 != hex.EncodeToString(sum[:]) || d.Status != 401 || d.SignatureVerified {
		t.Errorf("refused delivery: complete %v, %d bytes kept, size %d, status %d", d.BodyComplete, len(d.Body), d.Size, d.Status)
	}
}

// TestExportWritesSafely: export never follows a symlink, never overwrites without --force,
// avoids device names, and keeps unverified deliveries apart.
func TestExportWritesSafely(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.sqlite")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	valid, _ := os.ReadFile("../../testdata/valid/push/success.json")
	add := func(d store.Delivery) {
		d.ReceivedAt, d.BodyComplete, d.Size = time.Now(), true, int64(len(d.Body))
		if _, err := st.Add(context.Background(), &d); err != nil {
			t.Fatal(err)
		}
	}
	add(store.Delivery{Body: valid, Event: "push", RequestID: "CON", Verdict: "ok", Status: 200, PayloadValid: true, SignatureVerified: true})
	add(store.Delivery{Body: valid, Event: "push", RequestID: "con", Verdict: "ok", Status: 200, PayloadValid: true, SignatureVerified: true})
	add(store.Delivery{Body: valid, Event: "push", RequestID: "abc", Verdict: "ok", Status: 200, PayloadValid: true})
	st.Close()

	to := filepath.Join(dir, "out")
	if code, out, errOut := cli(t, "", "export", "--store", db, "--to", to); code != 0 {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	for _, want := range []string{"valid/push/delivery~1.json", "valid/push/delivery~2.json", "unverified/valid/push/abc.json"} {
		if _, err := os.Lstat(filepath.Join(to, want)); err != nil {
			t.Errorf("%s: %v", want, err)
		}
	}
	// A second export into the same folder refuses to overwrite a file with other content,
	// and --force replaces it.
	os.WriteFile(filepath.Join(to, "valid/push/delivery~1.json"), []byte("{}"), 0o644)
	if code, _, errOut := cli(t, "", "export", "--store", db, "--to", to); code != 2 || !strings.Contains(errOut, "does not overwrite") {
		t.Errorf("second export: %d %s", code, errOut)
	}
	if code, _, errOut := cli(t, "", "export", "--store", db, "--to", to, "--force"); code != 0 {
		t.Errorf("export --force: %d %s", code, errOut)
	}
	// A symlink in the way is never followed, even with --force.
	to2 := filepath.Join(dir, "out2")
	outside := filepath.Join(dir, "outside")
	os.MkdirAll(filepath.Join(to2, "valid"), 0o755)
	os.MkdirAll(outside, 0o755)
	os.Symlink(outside, filepath.Join(to2, "valid", "push"))
	if code, _, errOut := cli(t, "", "export", "--store", db, "--to", to2, "--force"); code != 2 || !strings.Contains(errOut, "symlink") {
		t.Errorf("export through a symlinked folder: %d %s", code, errOut)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("export wrote through a symlink: %v", entries)
	}
}

// TestCLIInputFiles: validate and send read regular files only, each capped.
func TestCLIInputFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if code, _, errOut := cli(t, "", "validate", fifo); code != 2 || !strings.Contains(errOut, "not a regular file") {
			t.Errorf("validate FIFO: %d %s", code, errOut)
		}
		tree := filepath.Join(dir, "tree")
		os.MkdirAll(tree, 0o755)
		os.Symlink("/dev/zero", filepath.Join(tree, "zero.json"))
		if code, _, errOut := cli(t, "", "validate", tree); code != 2 || !strings.HasPrefix(errOut, "railzhook validate: "+filepath.Join(tree, "zero.json")+": not a regular file (a device)\n") {
			t.Errorf("validate a folder holding a symlink to /dev/zero: %d %s", code, errOut)
		}
		if code, _, errOut := cli(t, "", "send", "--url", "http://127.0.0.1:1/", fifo); code != 2 || !strings.HasPrefix(errOut, "railzhook send: "+fifo+": not a regular file (a named pipe)\n") {
			t.Errorf("send FIFO: %d %s", code, errOut)
		}
		if code, _, errOut := cli(t, "", "validate", "--max-file-bytes", "100", "../../testdata/valid/push/success.json"); code != 2 || !strings.Contains(errOut, "more than the 100 allowed") {
			t.Errorf("validate a file over the cap: %d %s", code, errOut)
		}
		if code, _, errOut := cli(t, strings.Repeat(" ", 200), "validate", "--max-file-bytes", "100", "-"); code != 2 || !strings.Contains(errOut, "standard input: more than the 100 bytes allowed") {
			t.Errorf("validate stdin over the cap: %d %s", code, errOut)
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("validate or send hung on a FIFO")
	}
}

// TestSendNoRedirects: send never follows a redirect with the body and signature; it prints
// the answer, the Location, the body of a refusal and a summary.
func TestSendNoRedirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte("{\"error\":\"invalid payload \x1b[2J\"}"))
	}))
	defer srv.Close()
	t.Setenv("RAILZHOOK_TEST_SECRET", "s")
	file := "../../testdata/valid/push/success.json"
	code, out, _ := cli(t, "", "send", "--url", srv.URL+"/moved", "--secret-env", "RAILZHOOK_TEST_SECRET", file)
	if code != 1 || !strings.Contains(out, "307 Temporary Redirect (not followed) Location: "+other.URL+"/steal") || elsewhere.Load() != 0 {
		t.Errorf("redirect: exit %d, %d requests elsewhere:\n%s", code, elsewhere.Load(), out)
	}
	code, out, _ = cli(t, "", "send", "--url", srv.URL+"/hook", file, file)
	if code != 1 || !strings.Contains(out, `invalid payload \x1b[2J`) || !strings.Contains(out, "railzhook send: 2 sent: 0 answered 2xx, 2 answered otherwise or failed\n") {
		t.Errorf("refusal: exit %d:\n%q", code, out)
	}
}

// TestListenForwardTo: every verified delivery goes on to the application byte for byte,
// re-signed with a local secret on request, and the application's status is printed beside
// it; refused deliveries are not forwarded.
func TestListenForwardTo(t *testing.T) {
	type got struct {
		body []byte
		sig  string
	}
	received := make(chan got, 10)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		received <- got{b, r.Header.Get(webhook.SignatureHeader)}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer app.Close()
	t.Setenv("RAILZHOOK_TEST_SECRET", "whsec_railz")
	t.Setenv("RAILZHOOK_LOCAL_SECRET", "whsec_local")
	url, log, stop := startListen(t, "--secret-env", "RAILZHOOK_TEST_SECRET", "--forward-to", app.URL+"/hooks", "--forward-secret-env", "RAILZHOOK_LOCAL_SECRET")
	body, _ := os.ReadFile("../../testdata/valid/push/success.json")
	if code := post(t, url, body, webhook.Sign(body, "whsec_railz", time.Now())); code != 200 {
		t.Errorf("signed delivery answered %d", code)
	}
	if code := post(t, url, body, "t=1,v=00"); code != 401 {
		t.Errorf("unsigned delivery answered %d", code)
	}
	stop()
	select {
	case g := <-received:
		if !bytes.Equal(g.body, body) {
			t.Errorf("forwarded body differs")
		}
		if err := webhook.Verify(g.sig, g.body, "whsec_local"); err != nil {
			t.Errorf("forwarded delivery not re-signed with the local secret: %v", err)
		}
	default:
		t.Fatal("nothing forwarded")
	}
	if len(received) != 0 {
		t.Errorf("the refused delivery was forwarded too")
	}
	if !strings.Contains(log.String(), "push 200 ok") || !strings.Contains(log.String(), "forwarded: 202 Accepted") {
		t.Errorf("listen output:\n%s", log.String())
	}
}

// TestSendFreshID: --fresh-id gives each payload a new requestId, every other byte kept, so
// a deduplicating handler runs its callback for a replay.
func TestSendFreshID(t *testing.T) {
	var calls atomic.Int32
	var ids sync.Map
	h, err := webhook.NewHandler([]string{"s"}, webhook.WithDedup(webhook.NewMemoryDedup(time.Hour)),
		webhook.OnDelivery(func(_ context.Context, d *webhook.Delivery) error { ids.Store(d.RequestID, true); return nil }),
		webhook.OnEvent(func(context.Context, railz.Event) error { calls.Add(1); return nil }))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	t.Setenv("RAILZHOOK_TEST_SECRET", "s")
	file := "../../testdata/valid/push/success.json"
	code, out, errOut := cli(t, "", "send", "--url", srv.URL, "--secret-env", "RAILZHOOK_TEST_SECRET", "--fresh-id", file, file, file)
	if code != 0 || calls.Load() != 3 || strings.Count(out, "200 OK (requestId ") != 3 {
		t.Errorf("exit %d, %d callbacks, want 3:\n%s%s", code, calls.Load(), out, errOut)
	}
	if code, _, _ := cli(t, "", "send", "--url", srv.URL, "--secret-env", "RAILZHOOK_TEST_SECRET", file, file); code != 0 || calls.Load() != 4 {
		t.Errorf("without --fresh-id the replay must be a duplicate: %d callbacks", calls.Load())
	}
	body, _ := os.ReadFile(file)
	fresh, err := envelope.ReplaceRequestID(body, "00000000-0000-4000-8000-000000000000")
	if err != nil {
		t.Fatal(err)
	}
	if want := bytes.Replace(body, []byte("e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64"), []byte("00000000-0000-4000-8000-000000000000"), 1); !bytes.Equal(fresh, want) {
		t.Errorf("replaceRequestID changed more than the requestId:\n%s", fresh)
	}
	// A requestId inside data, or a member of another name, is left alone.
	nested := []byte(`{"data": {"requestId": "keep"}, "REQUESTID": "keep", "requestId" :  "old"}`)
	if got, err := envelope.ReplaceRequestID(nested, "new"); err != nil || string(got) != `{"data": {"requestId": "keep"}, "REQUESTID": "keep", "requestId" :  "new"}` {
		t.Errorf("%s %v", got, err)
	}
	if _, err := envelope.ReplaceRequestID([]byte(`{"data": {}}`), "x"); err == nil {
		t.Error("no requestId: no error")
	}
}

// TestFakeThenSend: payloads written by fake go to a receiver with send, so that a service in
// any language can be contract tested: every valid one is answered 2xx, every invalid one 4xx.
// fake's folder is a fixture folder that validate --expect passes, in both modes, and its
// JSON Lines pipe into validate - and send -.
func TestFakeThenSend(t *testing.T) {
	h, err := webhook.NewHandler([]string{"s"}, webhook.WithDedup(webhook.NewMemoryDedup(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	t.Setenv("RAILZHOOK_TEST_SECRET", "s")
	dir := t.TempDir()
	if code, _, errOut := cli(t, "", "fake", "--out", dir, "batchPush"); code != 0 || !strings.Contains(errOut, "payloads cover") {
		t.Fatalf("fake: %d %s", code, errOut)
	}
	if code, _, errOut := cli(t, "", "fake", "--invalid", "--out", dir, "batchPush"); code != 0 {
		t.Fatalf("fake --invalid: %d %s", code, errOut)
	}
	valid, _ := filepath.Glob(filepath.Join(dir, "valid/batchPush/*.json"))
	lenient, _ := filepath.Glob(filepath.Join(dir, "lenient/batchPush/*.json"))
	invalid, _ := filepath.Glob(filepath.Join(dir, "invalid/batchPush/*.json"))
	goldens, _ := filepath.Glob(filepath.Join(dir, "*/batchPush/*.golden"))
	if len(valid) == 0 || len(lenient) == 0 || len(invalid) == 0 || len(goldens) != len(lenient)+len(invalid) {
		t.Fatalf("%d valid, %d lenient, %d invalid payloads, %d expected outcomes", len(valid), len(lenient), len(invalid), len(goldens))
	}
	for _, mode := range []string{"--strict=false", "--strict"} {
		if code, out, errOut := cli(t, "", "validate", "--expect", mode, dir); code != 0 {
			t.Errorf("validate --expect %s of fake's folder: %d\n%s%s", mode, code, out, errOut)
		}
	}
	code, out, _ := cli(t, "", "send", "--url", srv.URL, "--secret-env", "RAILZHOOK_TEST_SECRET", "--fresh-id", filepath.Join(dir, "valid"), filepath.Join(dir, "lenient"))
	if code != 0 || strings.Count(out, ": 200 OK (requestId ") != len(valid)+len(lenient) {
		t.Errorf("send of the valid payloads: exit %d\n%s", code, out)
	}
	// --fresh-id leaves alone a requestId the case is about.
	code, out, _ = cli(t, "", "send", "--url", srv.URL, "--secret-env", "RAILZHOOK_TEST_SECRET", "--fresh-id", filepath.Join(dir, "invalid"))
	if code != 1 || strings.Count(out, ": 400 Bad Request") != len(invalid) || !strings.Contains(out, "(requestId kept: not a UUID)") || !strings.Contains(out, "(no requestId: sent as it is)") {
		t.Errorf("send of the invalid payloads: exit %d\n%s", code, out)
	}
	// JSON Lines on stdout, the same bytes for the same seed, bare payloads unless asked.
	_, a, _ := cli(t, "", "fake", "--count", "5", "--seed", "9", "push")
	_, b, _ := cli(t, "", "fake", "--count", "5", "--seed", "9", "push")
	if a != b || strings.Count(a, "\n") != 5 || !strings.HasPrefix(a, `{"data":{`) {
		t.Errorf("fake --count 5 --seed 9:\n%s", a)
	}
	_, c, _ := cli(t, "", "fake", "--format", "cases", "--count", "5", "--seed", "9", "push")
	if strings.Count(c, "\n") != 5 || !strings.Contains(c, `"case":"random-9-0","valid":true`) {
		t.Errorf("fake --format cases:\n%s", c)
	}
	if code, out, errOut := cli(t, a, "validate", "-"); code != 0 || out != "" || !strings.Contains(errOut, "5 file(s) checked in default mode: 5 valid") {
		t.Errorf("fake | validate -: %d\n%s%s", code, out, errOut)
	}
	code, out, _ = cli(t, a, "send", "--url", srv.URL, "--secret-env", "RAILZHOOK_TEST_SECRET", "-")
	if code != 0 || strings.Count(out, ": 200 OK") != 5 || !strings.Contains(out, "-:5: 200 OK") {
		t.Errorf("fake | send -: %d\n%s", code, out)
	}
	_, inv, _ := cli(t, "", "fake", "--invalid", "push")
	code, out, _ = cli(t, inv, "validate", "--stdin-filename", "fake.jsonl", "-")
	if n := strings.Count(inv, "\n"); code != 1 || !strings.Contains(out, fmt.Sprintf("fake.jsonl:%d:", n)) {
		t.Errorf("fake --invalid | validate -: the last line's errors are not on line %d:\n%s", n, out)
	}
	if code, _, _ := cli(t, "", "fake", "nope"); code != 2 {
		t.Errorf("unknown event: exit %d", code)
	}
}

// TestLimitListener: with a cap of one, a second connection is not accepted while the first is
// open (and too young to be closed for making no progress), and is accepted once it closes.
func TestLimitListener(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := limitListener(raw, 1)
	defer ln.Close()
	accepted := make(chan net.Conn, 2)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	for i := 0; i < 2; i++ {
		c, err := net.Dial("tcp", raw.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	first := <-accepted
	select {
	case <-accepted:
		t.Fatal("a second connection was accepted while the first was open")
	case <-time.After(200 * time.Millisecond):
	}
	first.Close()
	select {
	case c := <-accepted:
		c.Close()
	case <-time.After(5 * time.Second):
		t.Fatal("the second connection was not accepted after the first closed")
	}
}
