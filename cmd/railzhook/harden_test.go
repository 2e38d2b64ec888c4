package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
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
