package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/railzhook/railzhook/internal/store"
	"github.com/railzhook/railzhook/webhook"
)

// syncBuffer is a bytes.Buffer safe to write from the server and read from the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startListen runs `railzhook listen` in-process on a free loopback port.
func startListen(t *testing.T, args ...string) (string, *syncBuffer, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	addr := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- listen(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), out, errOut, func(a string) { addr <- a })
	}()
	select {
	case a := <-addr:
		return "http://" + a + "/webhooks", out, func() {
			cancel()
			if code := <-done; code != 0 {
				t.Errorf("listen exited %d: %s", code, errOut.String())
			}
		}
	case code := <-done:
		cancel()
		t.Fatalf("listen exited %d: %s", code, errOut.String())
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("listen did not start")
	}
	return "", nil, nil
}

// TestSendListenExportValidate: the README's sandbox workflow, end to end. Send fixtures
// (valid, lenient, invalid, a retry) to listen --store over loopback, export the store in
// strict mode, then validate --strict the valid ones and --expect all of them, in both modes,
// and find every payload intact and written once.
func TestSendListenExportValidate(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "deliveries.sqlite")
	t.Setenv("RAILZHOOK_TEST_SECRET", "whsec_e2e")
	url, log, stop := startListen(t, "--secret-env", "RAILZHOOK_TEST_SECRET", "--store", db)

	valid, _ := filepath.Glob("../../testdata/valid/*/*.json")
	lenient, _ := filepath.Glob("../../testdata/lenient/*/*.json")
	invalid := []string{"../../testdata/invalid/push/enum-status.json", "../../testdata/invalid/data/union-requests-string.json"}
	retries := []string{valid[0], valid[0]} // Railz retrying a delivery: written once
	args := []string{"send", "--url", url, "--secret-env", "RAILZHOOK_TEST_SECRET"}
	for _, group := range [][]string{valid, lenient, invalid, retries} {
		args = append(args, group...)
	}
	code, out, errOut := cli(t, "", args...)
	if code != 1 {
		t.Errorf("send exit %d (two invalid payloads must make it 1): %s", code, errOut)
	}
	for _, f := range valid {
		if !strings.Contains(out, f+": 200 OK\n") {
			t.Errorf("no 200 for %s in\n%s", f, out)
		}
	}
	for _, f := range invalid {
		if !strings.Contains(out, f+": 400 Bad Request\n") {
			t.Errorf("no 400 for %s", f)
		}
	}
	// An unsigned delivery is refused, and stored all the same.
	code, out, _ = cli(t, "", "send", "--url", url, "../../testdata/valid/auth/docs-fragment-completed.json")
	if code != 1 || !strings.Contains(out, "401 Unauthorized") {
		t.Errorf("unsigned send: exit %d %s", code, out)
	}
	stop()
	total := len(valid) + len(lenient) + len(invalid) + len(retries) + 1
	if lines := strings.Count(log.String(), "\n"); lines != total+1 {
		t.Errorf("listen printed %d lines for %d deliveries:\n%s", lines, total, log.String())
	}
	// The unsigned delivery is refused before it is parsed: no event, no requestId.
	if !strings.Contains(log.String(), "push 400 invalid requestId=e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64") || !strings.Contains(log.String(), " - 401 bad-signature stored=") {
		t.Errorf("listen output:\n%s", log.String())
	}

	exported := filepath.Join(dir, "fixtures")
	code, out, errOut = cli(t, "", "export", "--strict", "--store", db, "--to", exported)
	if want := fmt.Sprintf("%d valid, %d lenient and %d invalid payloads (strict mode)", len(valid), len(lenient), len(invalid)); code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "(2 retries identical to an earlier delivery written once)") || !strings.Contains(out, "1 refused deliveries (bad signature or too large) not written") {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := cli(t, "", "validate", "--strict", "--format", "json", filepath.Join(exported, "valid")); code != 0 {
		t.Fatalf("validate --strict of the exported valid fixtures: %d\n%s%s", code, out, errOut)
	}
	for _, mode := range []string{"--strict=false", "--strict"} {
		if code, out, errOut := cli(t, "", "validate", "--expect", mode, exported); code != 0 {
			t.Errorf("validate --expect %s of the export: %d\n%s%s", mode, code, out, errOut)
		}
	}
	if code, _, _ := cli(t, "", "validate", filepath.Join(exported, "invalid")); code != 1 {
		t.Errorf("validate of the exported invalid fixtures: exit %d", code)
	}
	// Every payload sent and verified is in the export, byte for byte; the refused one is not.
	var files []string
	filepath.Walk(exported, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	got := map[string]bool{}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		got[string(b)] = true
	}
	for _, f := range append(append(valid, lenient...), invalid...) {
		b, _ := os.ReadFile(f)
		if !got[string(b)] {
			t.Errorf("%s is not in the export", f)
		}
	}
	if len(files) != len(got) || len(files) != len(valid)+len(lenient)+len(invalid) {
		t.Errorf("%d files exported, %d different bodies; want one file for each of the %d payloads", len(files), len(got), len(valid)+len(lenient)+len(invalid))
	}
	for _, f := range invalid {
		event := filepath.Base(filepath.Dir(f))
		golden, err := filepath.Glob(filepath.Join(exported, "invalid", event, "*.golden"))
		if err != nil || len(golden) != 1 {
			t.Errorf("no .golden beside the exported %s payload", event)
		}
	}
}

func TestListenExportSendUsage(t *testing.T) {
	t.Setenv("RAILZHOOK_EMPTY", "")
	cases := [][]string{
		{"listen", "--secret-env", "RAILZHOOK_EMPTY"},
		{"listen", "--addr", "256.0.0.1:99999"},
		{"listen", "extra"},
		{"export"},
		{"export", "--store", "does-not-exist.sqlite", "--to", t.TempDir()},
		{"send", "x.json"},
		{"send", "--url", "ftp://x", "x.json"},
		{"send", "--url", "http://127.0.0.1:1/"},
		{"send", "--url", "http://127.0.0.1:1/", "--secret-env", "RAILZHOOK_EMPTY", "x.json"},
	}
	for _, args := range cases {
		if code, _, errOut := cli(t, "", args...); code != 2 || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
	// A refused connection is a failed delivery, not a usage error.
	code, out, _ := cli(t, "", "send", "--url", "http://127.0.0.1:1/", "../../testdata/valid/push/success.json")
	if code != 1 || !strings.Contains(out, "error:") {
		t.Errorf("send to a closed port: exit %d %s", code, out)
	}
}

// TestListenCrash kills the listener with SIGKILL in the middle of a stream of deliveries,
// restarts it on the same store, and checks that every delivery that got a 2xx is stored.
func TestListenCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs subprocesses")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "railzhook")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "crash.sqlite")
	secret := "whsec_crash"
	start := func() (*exec.Cmd, string) {
		cmd := exec.Command(bin, "listen", "--addr", "127.0.0.1:0", "--store", db, "--secret-env", "RAILZHOOK_CRASH_SECRET")
		cmd.Env = append(os.Environ(), "RAILZHOOK_CRASH_SECRET="+secret)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		if !sc.Scan() {
			t.Fatal("listener printed nothing")
		}
		first := sc.Text()
		go io.Copy(io.Discard, stdout)
		i := strings.Index(first, "http://")
		if i < 0 {
			t.Fatalf("unexpected first line %q", first)
		}
		return cmd, strings.Fields(first[i:])[0]
	}
	cmd, url := start()
	template, err := os.ReadFile("../../testdata/valid/push/success.json")
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	var mu sync.Mutex
	acked := map[string]bool{}
	var wg sync.WaitGroup
	deadline := time.Now().Add(20 * time.Second)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 500 && time.Now().Before(deadline); i++ {
				id := fmt.Sprintf("00000000-0000-4000-8000-%04d%08d", w, i)
				body := bytes.Replace(template, []byte("e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64"), []byte(id), 1)
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
				req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, secret, time.Now()))
				resp, err := client.Do(req)
				if err != nil {
					return // the listener is gone
				}
				resp.Body.Close()
				if resp.StatusCode/100 == 2 {
					mu.Lock()
					acked[id] = true
					mu.Unlock()
				}
			}
		}(w)
	}
	// Kill it once some deliveries are through, while the others are still in flight.
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 100 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	wg.Wait()
	if len(acked) < 100 {
		t.Fatalf("only %d deliveries acknowledged before the kill", len(acked))
	}

	// Restart on the same store: it opens, and accepts deliveries again.
	cmd, url = start()
	body := bytes.Replace(template, []byte("e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64"), []byte("11111111-1111-4111-8111-111111111111"), 1)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, secret, time.Now()))
	resp, err := client.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after restart: %v %v", resp, err)
	}
	resp.Body.Close()
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()

	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stored := map[string]bool{}
	if err := st.Each(context.Background(), func(d *store.Delivery) error {
		stored[d.RequestID] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	missing := 0
	for id := range acked {
		if !stored[id] {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged deliveries are not in the store", missing, len(acked))
	}
	if !stored["11111111-1111-4111-8111-111111111111"] {
		t.Error("the delivery after the restart is not stored")
	}
	t.Logf("%d deliveries acknowledged before SIGKILL, %d rows stored, none missing", len(acked), len(stored))
}
