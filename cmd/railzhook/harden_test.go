package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/railzhook/railzhook/internal/store"
	"github.com/railzhook/railzhook/webhook"
)

// rawControls are characters that must never reach a terminal from outside text.
var rawControls = []string{"\x1b", "\x07", "\r", "\u202e", "\u2066", "\u2069", "\u200b", "\u200f", "\u2028", "\u2029", "\ufeff"}

func assertNoRaw(t *testing.T, what, out string) {
	t.Helper()
	for _, c := range rawControls {
		if strings.Contains(out, c) {
			t.Errorf("%s holds a raw %+q:\n%+q", what, c, out)
		}
	}
}

// TestGenerateWarningsEscaped: warnings quote schema locations whose property names are
// data; their control and format characters are escaped as listen escapes payloads.
func TestGenerateWarningsEscaped(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	name := `x\u001b[2J\u0007\r\nwarning: forged\u202e\u2066`
	os.WriteFile(bad, []byte(`{"title": "T", "type": "object", "properties": {"`+name+`": {"type": "array", "items": [{"type": "string"}]}}}`), 0o644)
	code, _, errOut := cli(t, "", "generate", "--package", "p", "--out", filepath.Join(t.TempDir(), "t.go"), bad)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	assertNoRaw(t, "generate's stderr", errOut)
	if lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "warning: bad.json#/properties/") {
		t.Errorf("want one warning line:\n%q", errOut)
	}
	if !strings.Contains(errOut, `x\x1b[2J\x07\x0d\x0awarning: forged\u202e\u2066: items of different types are not mapped`) {
		t.Errorf("the property name is not shown escaped:\n%q", errOut)
	}
}

// TestListenEscapesFormatCharacters: bidirectional controls, zero-width characters and line
// separators in an event name or requestId are printed escaped, so they cannot reorder or
// hide parts of a log line.
func TestListenEscapesFormatCharacters(t *testing.T) {
	t.Setenv("RAILZHOOK_TEST_SECRET", "whsec_bidi")
	url, log, stop := startListen(t, "--secret-env", "RAILZHOOK_TEST_SECRET")
	evil := []byte(`{"data": {"event": "push\u202e\u2066\u200b", "x": 1}, "requestId": "id\u2067\u2068\u2069\u200c\u200d\u200e\u200f\u2028\u2029\ufeff\u00ad"}`)
	if code := post(t, url, evil, webhook.Sign(evil, "whsec_bidi", time.Now())); code != 400 && code != 200 {
		t.Errorf("delivery answered %d", code)
	}
	stop()
	out := log.String()
	assertNoRaw(t, "listen's output", out)
	if !strings.Contains(out, `push\u202e\u2066\u200b`) || !strings.Contains(out, `requestId=id\u2067\u2068\u2069\u200c\u200d\u200e\u200f\u2028\u2029\ufeff\u00ad`) {
		t.Errorf("the event and requestId are not shown escaped:\n%s", out)
	}
	// The same in JSON Lines, where the escapes are JSON's and decode to the same text.
	url, log, stop = startListen(t, "--secret-env", "RAILZHOOK_TEST_SECRET", "--format", "json")
	post(t, url, evil, webhook.Sign(evil, "whsec_bidi", time.Now()))
	stop()
	assertNoRaw(t, "listen's JSON output", log.String())
	var line struct{ RequestID string }
	if err := json.Unmarshal([]byte(strings.TrimSpace(log.String())), &line); err != nil || line.RequestID != "id\u2067\u2068\u2069\u200c\u200d\u200e\u200f\u2028\u2029\ufeff\u00ad" {
		t.Errorf("JSON line %q: %v", log.String(), err)
	}
}

// TestValidateEscapesFormatCharacters: validate's text output escapes what it quotes from a
// payload and the file name.
func TestValidateEscapesFormatCharacters(t *testing.T) {
	dir := t.TempDir()
	body, err := os.ReadFile("../../testdata/valid/push/success.json")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(body), `"status": "success"`, `"status": "succ\u202eess\u2066"`, 1)
	if bad == string(body) {
		t.Fatal("fixture changed: no status to replace")
	}
	file := filepath.Join(dir, "a\u202eb.json")
	os.WriteFile(file, []byte(bad), 0o644)
	code, out, errOut := cli(t, "", "validate", file)
	if code != 1 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	assertNoRaw(t, "validate's output", out+errOut)
	if !strings.Contains(out, `a\u202eb.json:`) || !strings.Contains(out, `succ\u202eess\u2066`) {
		t.Errorf("not shown escaped:\n%s", out)
	}
}

// TestListenCapsRefusedHeaders: a refused delivery is stored as capped metadata, headers
// included: a client without the secret sending 60 KiB of headers with every request costs a
// few KiB per row, not 60. A signed delivery keeps all its headers.
func TestListenCapsRefusedHeaders(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.sqlite")
	t.Setenv("RAILZHOOK_TEST_SECRET", "whsec_headers")
	url, _, stop := startListen(t, "--secret-env", "RAILZHOOK_TEST_SECRET", "--store", db)
	body, _ := os.ReadFile("../../testdata/valid/push/success.json")
	send := func(sig string) int {
		req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
		req.Header.Set(webhook.SignatureHeader, sig)
		for i := 0; i < 58; i++ {
			req.Header.Set(fmt.Sprintf("X-Filler-%02d", i), strings.Repeat(string(rune('a'+i%26)), 1000))
		}
		req.Header.Set("X-Bytes", strings.Repeat("\xff", 1000)) // 6 bytes each in JSON
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	const refused = 40
	for i := 0; i < refused; i++ {
		if code := send("t=1,v=" + strings.Repeat("0", 64)); code != 401 {
			t.Fatalf("unsigned request answered %d", code)
		}
	}
	if code := send(webhook.Sign(body, "whsec_headers", time.Now())); code != 200 {
		t.Fatalf("signed request answered %d", code)
	}
	stop()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	var rows []store.Delivery
	if err := st.Each(context.Background(), func(d *store.Delivery) error { rows = append(rows, *d); return nil }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if len(rows) != refused+1 {
		t.Fatalf("%d rows, want %d", len(rows), refused+1)
	}
	const rowBound = 8 << 10 // headers, kept body, reason and the rest of the row
	for _, d := range rows[:refused] {
		h, _ := json.Marshal(d.Header)
		size := len(h) + len(d.Body) + len(d.SignatureError) + len(d.RemoteAddr) + len(d.SHA256) + 200
		if size > rowBound || len(h) > 2<<10 || !d.HeadersCapped {
			t.Fatalf("refused row %d: %d bytes of headers, about %d in all (bound %d), capped %v", d.ID, len(h), size, rowBound, d.HeadersCapped)
		}
		if d.Header.Get(webhook.SignatureHeader) != "t=1,v="+strings.Repeat("0", 64) {
			t.Errorf("refused row %d lost its signature header: %v", d.ID, d.Header)
		}
	}
	if h, _ := json.Marshal(rows[refused].Header); rows[refused].HeadersCapped || len(h) < 58*1000 {
		t.Errorf("signed row: %d bytes of headers, capped %v; want them all", len(h), rows[refused].HeadersCapped)
	}
	// The file itself: 40 refused rows of at most 8 KiB and one of 60 KiB, with room for pages.
	info, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	if limit := int64(refused*rowBound + 200<<10); info.Size() > limit {
		t.Errorf("the store holds %d bytes after %d refused deliveries, want at most %d", info.Size(), refused, limit)
	}
	t.Logf("%d refused deliveries with 60 KiB of headers each: store %d bytes", refused, info.Size())
}

// TestValidatePatternTimeout: validate --schema with an ECMAScript pattern that backtracks
// without end: the whole file gets the default budget (not one second per string), the file
// is reported as not judged rather than invalid, and the exit status says so.
func TestValidatePatternTimeout(t *testing.T) {
	dir := t.TempDir()
	schema := filepath.Join(dir, "s.json")
	os.WriteFile(schema, []byte(`{"type": "array", "items": {"type": "string", "pattern": "^(a+)+(?=b)"}}`), 0o644)
	strs := make([]string, 20)
	for i := range strs {
		strs[i] = `"` + strings.Repeat("a", 40) + `"`
	}
	slow := filepath.Join(dir, "slow.json")
	os.WriteFile(slow, []byte("["+strings.Join(strs, ",")+"]"), 0o644)
	fine := filepath.Join(dir, "fine.json")
	os.WriteFile(fine, []byte(`["ab", "aab"]`), 0o644)
	start := time.Now()
	code, out, errOut := cli(t, "", "validate", "--schema", schema, slow, fine)
	took := time.Since(start)
	if code != 3 {
		t.Errorf("exit %d, want 3 (not judged)\n%s%s", code, out, errOut)
	}
	if out != "" || strings.Contains(errOut, "does not match") {
		t.Errorf("a timeout is reported as a verdict:\n%s%s", out, errOut)
	}
	if want := "railzhook validate: " + slow + `: /0: pattern "^(a+)+(?=b)" could not be evaluated within the 1s allowed per payload; the payload was not judged` + "\n"; !strings.Contains(errOut, want) {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	if !strings.Contains(errOut, "1 file(s) checked in default mode: 1 valid, 0 invalid; 1 not judged") {
		t.Errorf("summary: %q", errOut)
	}
	if took > 8*time.Second {
		t.Errorf("20 strings took %s; the budget is 1s per payload", took)
	}
	code, out, _ = cli(t, "", "validate", "--schema", schema, "--pattern-timeout", "200ms", "--format", "json", slow)
	if code != 3 || !strings.Contains(out, `"notJudged":true`) || !strings.Contains(out, "within the 200ms allowed") {
		t.Errorf("--format json: exit %d\n%s", code, out)
	}
	t.Logf("20 backtracking strings: %s", took)
}

// TestListenSlowClients: 128 clients that trickle a body byte a second, reconnecting as soon
// as they are cut off, do not keep a signed delivery from being answered promptly: with
// --max-conns 64 they hold every slot, and listen closes the ones making no progress to make
// room, while the handler cuts off bodies that fall behind its minimum rate.
func TestListenSlowClients(t *testing.T) {
	if testing.Short() {
		t.Skip("holds 128 connections for several seconds")
	}
	t.Setenv("RAILZHOOK_TEST_SECRET", "whsec_slow")
	url, log, stop := startListen(t, "--secret-env", "RAILZHOOK_TEST_SECRET", "--max-conns", "64")
	defer stop()
	host := strings.TrimPrefix(strings.TrimSuffix(url, "/webhooks"), "http://")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var connects, cutOff atomic.Int64
	const slow = 128
	for i := 0; i < slow; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				c, err := net.DialTimeout("tcp", host, 5*time.Second)
				if err != nil {
					time.Sleep(100 * time.Millisecond)
					continue
				}
				connects.Add(1)
				go func() { <-ctx.Done(); c.Close() }()
				_, err = fmt.Fprintf(c, "POST /webhooks HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n%s: t=%d,v=%s\r\n\r\n", webhook.SignatureHeader, time.Now().UnixMilli(), strings.Repeat("0", 64))
				for err == nil && ctx.Err() == nil {
					if _, err = c.Write([]byte("x")); err == nil {
						select {
						case <-ctx.Done():
						case <-time.After(time.Second):
						}
					}
				}
				c.Close()
				if ctx.Err() == nil {
					cutOff.Add(1)
				}
			}
		}()
	}
	defer func() { cancel(); wg.Wait() }()
	time.Sleep(3 * time.Second) // every slot taken, the rest waiting in the backlog
	body, _ := os.ReadFile("../../testdata/valid/push/success.json")
	client := &http.Client{Timeout: 15 * time.Second}
	for round := 0; round < 2; round++ {
		req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
		req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, "whsec_slow", time.Now()))
		start := time.Now()
		resp, err := client.Do(req)
		took := time.Since(start)
		if err != nil {
			t.Fatalf("signed delivery %d while %d clients trickle: %v after %s", round+1, slow, err, took)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || took > 8*time.Second {
			t.Errorf("signed delivery %d: %d after %s, want 200 within 8s", round+1, resp.StatusCode, took)
		}
		t.Logf("signed delivery %d answered %d after %s (%d slow connections so far, %d cut off)", round+1, resp.StatusCode, took, connects.Load(), cutOff.Load())
		time.Sleep(4 * time.Second)
	}
	if connects.Load() < slow {
		t.Errorf("only %d slow connections made", connects.Load())
	}
	if !strings.Contains(log.String(), "push 200 ok") {
		t.Errorf("listen output:\n%s", log.String())
	}
}

// TestLimitListenerEvictsLaggards: at the cap, a new connection takes the slot of one that
// makes no progress, never of one whose request is being served.
func TestLimitListenerEvictsLaggards(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lim := limitListener(raw, 2)
	unblock := make(chan struct{})
	served := make(chan struct{}, 1)
	srv := &http.Server{
		Handler: lim.track(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			served <- struct{}{}
			<-unblock // a slow callback: the connection is being served
		})),
		ConnState: lim.connState, ConnContext: lim.connContext,
	}
	go srv.Serve(lim)
	defer srv.Close()
	addr := raw.Addr().String()
	// A: a whole request, then a handler at work.
	a, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	fmt.Fprintf(a, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
	<-served
	// B: headers, then nothing.
	b, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	fmt.Fprintf(b, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
	time.Sleep(evictAfter + 300*time.Millisecond)
	// C arrives: B is closed for it, A is not.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
	select {
	case <-served:
	case <-time.After(5 * time.Second):
		t.Fatal("the new connection was not served")
	}
	b.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := b.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("the stalled connection was not closed: %v", err)
	}
	close(unblock)
	a.SetReadDeadline(time.Now().Add(5 * time.Second))
	if answer, _ := bufio.NewReader(a).ReadString('\n'); !strings.HasPrefix(answer, "HTTP/1.1 200") {
		t.Errorf("the connection being served was closed: %q", answer)
	}
	if n := lim.evicted.Load(); n != 1 {
		t.Errorf("%d connections closed to make room, want 1", n)
	}
}

// TestListenMemoryUnsignedBodies runs listen as its own process and sends it 64 concurrent
// unsigned bodies of 16 MB (under the 16 MiB cap, so each is read whole): the bodies held
// before their signature is checked are bounded, so listen's peak resident memory stays
// under 512 MiB (it was 1.56 GB), and a signed delivery still gets through afterwards.
func TestListenMemoryUnsignedBodies(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and sends 1 GB")
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("reads peak memory from /proc")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "railzhook")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "listen", "--addr", "127.0.0.1:0", "--secret-env", "RAILZHOOK_MEM_SECRET", "--store", filepath.Join(dir, "d.sqlite"))
	cmd.Env = append(os.Environ(), "RAILZHOOK_MEM_SECRET=whsec_mem")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		t.Fatal("listen printed nothing")
	}
	first := sc.Text()
	go io.Copy(io.Discard, stdout)
	i := strings.Index(first, "http://")
	if i < 0 {
		t.Fatalf("unexpected first line %q", first)
	}
	url := strings.Fields(first[i:])[0]

	body := bytes.Repeat([]byte(`{"x":"0123456789abcdef"} `), 16_000_000/25)
	var wg sync.WaitGroup
	var refused atomic.Int32
	var other sync.Map
	client := &http.Client{Timeout: 2 * time.Minute}
	for k := 0; k < 64; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
			req.Header.Set(webhook.SignatureHeader, fmt.Sprintf("t=%d,v=%s", time.Now().UnixMilli(), strings.Repeat("0", 64)))
			resp, err := client.Do(req)
			if err != nil {
				other.Store(err.Error(), true)
				return
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusUnauthorized {
				refused.Add(1)
			} else {
				other.Store(resp.Status, true)
			}
		}()
	}
	wg.Wait()
	other.Range(func(k, _ any) bool { t.Errorf("an unsigned body was answered: %v", k); return true })
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	var peakKB int64
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &peakKB)
		}
	}
	if peakKB == 0 {
		t.Fatalf("no VmHWM in /proc/%d/status", cmd.Process.Pid)
	}
	t.Logf("64 concurrent unsigned 16 MB bodies: %d refused, listen's peak RSS %d MiB", refused.Load(), peakKB>>10)
	if peakKB > 512<<10 {
		t.Errorf("listen's peak RSS is %d MiB, want under 512 MiB", peakKB>>10)
	}
	signed, _ := os.ReadFile("../../testdata/valid/push/success.json")
	req, _ := http.NewRequest("POST", url, bytes.NewReader(signed))
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(signed, "whsec_mem", time.Now()))
	resp, err := client.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("signed delivery afterwards: %v %v", resp, err)
	}
	resp.Body.Close()
}
