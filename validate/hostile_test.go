package validate_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/validate"
)

func seed(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/valid/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bigBatchPush builds a valid batchPush payload of at least n bytes.
func bigBatchPush(n int) ([]byte, int) {
	var b bytes.Buffer
	b.WriteString(`{"data":{"event":"batchPush","connectionId":"CON-1","businessName":"biz","serviceName":"xero","batchId":"63c6d1d02175edb3822e8d47","batch":[`)
	items := 0
	for b.Len() < n {
		if items > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"pushCommunicationId":"63c6d1d02175edb3822e%04x","sourceObjectIds":["%d"],"dataType":"journalEntries","requestedOn":"2023-01-17T16:50:24.063Z","completedOn":"2023-01-17T16:50:30.579Z","status":"success","responseCode":200}`, items%0xffff, items)
		items++
	}
	b.WriteString(`]},"requestId":"7c8648ce-8244-4948-9a0f-7d01e665d1aa"}`)
	return b.Bytes(), items
}

// TestHostileInput: every payload gets a clear error or a defined verdict, never a panic.
func TestHostileInput(t *testing.T) {
	simple := string(seed(t, "data/seed-002-simple-payload.json"))
	batch := string(seed(t, "batchPush/seed-001-batch-push.json"))
	big, items := bigBatchPush(10 << 20)
	cases := []struct {
		name    string
		payload []byte
		valid   bool
		path    string // of the first error
		keyword string
	}{
		{"deeply nested arrays", []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000)), false, strings.Repeat("/0", validate.MaxDepth), validate.KeywordDepth},
		{"deep nesting in an unknown member", []byte(strings.Replace(simple, `"sandbox": false`, `"sandbox": false, "x": `+strings.Repeat(`{"a":`, 600)+"1"+strings.Repeat("}", 600), 1)), false, "/data/x" + strings.Repeat("/a", validate.MaxDepth-2), validate.KeywordDepth},
		{"10 MB body", big, true, "", ""},
		{"invalid UTF-8", []byte(strings.Replace(simple, "sageIntacct", "sage\xffIntacct", 1)), false, "", validate.KeywordEncoding},
		{"duplicate keys", []byte(strings.Replace(simple, `"event": "data",`, `"event": "data", "event": "dataPerType",`, 1)), false, "/data/event", validate.KeywordDuplicateKey},
		{"duplicate keys differing in escapes only", []byte(strings.Replace(simple, `"event": "data",`, `"event": "data", "\u0065vent": "data",`, 1)), false, "/data/event", validate.KeywordDuplicateKey},
		{"huge integer beyond int64", []byte(strings.Replace(simple, `"id": 26243`, `"id": 123456789012345678901234567890`, 1)), false, "/data/id", "maximum"},
		{"huge exponent", []byte(strings.Replace(simple, `"id": 26243`, `"id": 1e400`, 1)), false, "/data/id", "maximum"},
		{"huge response code", []byte(strings.Replace(batch, `"responseCode": 400`, `"responseCode": 1e400`, 1)), false, "/data/batch/2/responseCode", "maximum"},
		// JSON Schema counts 400.0 as an integer, and so does the decoder.
		{"integer written as a float", []byte(strings.Replace(batch, `"responseCode": 400`, `"responseCode": 400.0`, 1)), true, "", ""},
		{"integer too large for int64", []byte(strings.Replace(batch, `"responseCode": 400`, `"responseCode": 4e20`, 1)), false, "/data/batch/2/responseCode", "maximum"},
		{"fraction where an integer is wanted", []byte(strings.Replace(batch, `"responseCode": 400`, `"responseCode": 400.5`, 1)), false, "/data/batch/2/responseCode", "type"},
		{"byte order mark", append([]byte("\xef\xbb\xbf"), simple...), false, "", validate.KeywordEncoding},
		{"trailing garbage", []byte(simple + "\n}"), false, "", validate.KeywordSyntax},
		{"two documents", []byte(simple + simple), false, "", validate.KeywordSyntax},
		{"null", []byte("null"), false, "", "type"},
		{"empty", []byte(""), false, "", validate.KeywordEmpty},
		{"white space only", []byte(" \n\t "), false, "", validate.KeywordEmpty},
		{"truncated", []byte(simple[:len(simple)/2]), false, "/data/requests", validate.KeywordSyntax},
		{"control character in a string", []byte(strings.Replace(simple, "sageIntacct", "sage\x01Intacct", 1)), false, "/data/serviceName", validate.KeywordSyntax},
		{"lone surrogate escape", []byte(strings.Replace(simple, `"businessName": "BIZ-`, `"businessName": "\ud800BIZ-`, 1)), true, "", ""},
		{"NUL bytes", bytes.Repeat([]byte{0}, 64), false, "", validate.KeywordSyntax},
		{"exponent of ten million in an integer field", []byte(strings.Replace(simple, `"id": 26243`, `"id": 1e10000000`, 1)), false, "/data/id", validate.KeywordNumber},
		{"negative exponent of ten million", []byte(strings.Replace(simple, `"id": 26243`, `"id": -2.5E-10000000`, 1)), false, "/data/id", validate.KeywordNumber},
		{"exponent beyond the limit in an unknown member", []byte(strings.Replace(simple, `"sandbox": false`, `"sandbox": false, "x": 1e1001`, 1)), false, "/data/x", validate.KeywordNumber},
		{"exponent with 990 leading zeros", []byte(strings.Replace(simple, `"sandbox": false`, `"sandbox": false, "x": 1e`+strings.Repeat("0", 990)+`5`, 1)), true, "", ""},
		{"600 copies of 1e999999", []byte(strings.Replace(batch, `"responseCode": 400`, `"responseCode": 400, "x": [`+strings.Repeat("1e999999,", 599)+`1e999999]`, 1)), false, "/data/batch/2/x/0", validate.KeywordNumber},
		{"a number of 1001 digits", []byte(strings.Replace(simple, `"id": 26243`, `"id": 1`+strings.Repeat("0", 1000), 1)), false, "/data/id", validate.KeywordNumber},
		{"a number of 1000 digits", []byte(strings.Replace(simple, `"id": 26243`, `"id": 1`+strings.Repeat("0", 999), 1)), false, "/data/id", "maximum"},
		{"number with leading zero", []byte(strings.Replace(simple, `"id": 26243`, `"id": 026243`, 1)), false, "/data/id", validate.KeywordSyntax},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := validate.Parse(c.payload)
			if c.valid {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				if c.name == "10 MB body" && len(ev.(*railz.BatchPushEvent).Data.Batch) != items {
					t.Errorf("decoded %d batch items, want %d", len(ev.(*railz.BatchPushEvent).Data.Batch), items)
				}
				return
			}
			var verr *validate.Error
			if !errors.As(err, &verr) {
				t.Fatalf("want *validate.Error, got %T %v", err, err)
			}
			first := verr.Errors[0]
			if first.Path != c.path || first.Keyword != c.keyword {
				t.Errorf("first error %q (%s), want path %q keyword %q", first.Path, first.Keyword, c.path, c.keyword)
			}
			if first.Message == "" {
				t.Error("empty message")
			}
			if len(c.payload) > 0 && strings.TrimSpace(string(c.payload)) != "" && first.Line == 0 {
				t.Errorf("no line:column for %v", first)
			}
		})
	}
}

// TestConcurrentUse runs Parse from many goroutines in both modes (run with -race).
func TestConcurrentUse(t *testing.T) {
	payloads := [][]byte{seed(t, "batchPush/seed-000-batch-push.json"), seed(t, "data/seed-002-simple-payload.json"), []byte(`{"data": {}}`)}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				p := payloads[(g+i)%len(payloads)]
				var opts []validate.Option
				if i%2 == 0 {
					opts = append(opts, validate.Strict())
				}
				_, err := validate.Parse(p, opts...)
				if (err == nil) != (p[2] != 'd' || len(p) > 20) {
					t.Errorf("unexpected verdict %v", err)
				}
			}
		}(g)
	}
	wg.Wait()
}

func TestErrorsIs(t *testing.T) {
	err := validate.Validate([]byte(`{"data": {"event": "historicalSync"}, "requestId": "7c8648ce-8244-4948-9a0f-7d01e665d1aa"}`))
	if !errors.Is(err, validate.ErrInvalid) || !errors.Is(err, validate.ErrUnknownEvent) || errors.Is(err, validate.ErrMalformed) {
		t.Errorf("unknown event: %v", err)
	}
	err = validate.Validate([]byte(`{`))
	if !errors.Is(err, validate.ErrMalformed) || errors.Is(err, validate.ErrUnknownEvent) {
		t.Errorf("malformed: %v", err)
	}
	err = validate.Validate(seed(t, "data/seed-003-data.json"), validate.ForEvent("nope"))
	if !errors.Is(err, validate.ErrUnknownEvent) {
		t.Errorf("ForEvent(nope): %v", err)
	}
	var verr *validate.Error
	if errors.As(err, &verr) {
		t.Errorf("ForEvent with an unknown event is a caller error, not a payload error: %v", err)
	}
}

// TestUnknownMode: a Mode outside ModeDefault and ModeStrict is an error, not a panic.
func TestUnknownMode(t *testing.T) {
	body := seed(t, "push/success.json")
	if _, err := validate.Parse(body, validate.WithMode(validate.Mode(42))); err == nil || !strings.Contains(err.Error(), "unknown mode 42") {
		t.Errorf("Parse: %v", err)
	}
	if _, err := validate.Parse(body, validate.WithMode(validate.Mode(-1))); err == nil {
		t.Error("Parse accepted mode -1")
	}
	if _, err := validate.EffectiveSchema("push.json", validate.Mode(42)); err == nil {
		t.Error("EffectiveSchema accepted mode 42")
	}
	if _, err := validate.LoadSchema("testdata/schemas/shared.json", validate.SchemaOptions{Mode: 42}); err == nil {
		t.Error("LoadSchema accepted mode 42")
	}
}

// brokenBatch is a batchPush whose batch holds n numbers where objects belong.
func brokenBatch(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"data":{"event":"batchPush","connectionId":"c","businessName":"b","serviceName":"xero","batchId":"b","batch":[`)
	b.WriteString(strings.Repeat("1,", n-1))
	b.WriteString(`1]},"requestId":"7c8648ce-8244-4948-9a0f-7d01e665d1aa"}`)
	return b.Bytes()
}

// TestBoundedReport: a payload wrong in many places gives a report of MaxErrors errors, the
// first ones in report order, and counts every other one.
func TestBoundedReport(t *testing.T) {
	const n = 50000
	_, err := validate.Parse(brokenBatch(n))
	var verr *validate.Error
	if !errors.As(err, &verr) {
		t.Fatal(err)
	}
	if len(verr.Errors) != validate.MaxErrors || verr.Total() != n || verr.Omitted != n-validate.MaxErrors {
		t.Fatalf("%d errors kept, %d omitted; want %d and %d", len(verr.Errors), verr.Omitted, validate.MaxErrors, n-validate.MaxErrors)
	}
	for i, f := range verr.Errors {
		if want := fmt.Sprintf("/data/batch/%d", i); f.Path != want || f.Keyword != "type" || f.Line != 1 {
			t.Fatalf("error %d: %+v, want the type error at %s", i, f, want)
		}
	}
	if !strings.Contains(verr.Error(), fmt.Sprintf("and %d more", n-3)) || !strings.Contains(verr.Detail(), fmt.Sprintf("(%d problems, the first %d shown)", n, validate.MaxErrors)) {
		t.Errorf("summary does not count the omitted errors:\n%s\n%.200s", verr.Error(), verr.Detail())
	}
	// Seven missing members in each of 19,999 empty items, and a number for the last one.
	body := bytes.Replace(brokenBatch(20000), []byte("1,"), []byte("{},"), -1)
	_, err = validate.Parse(body)
	if !errors.As(err, &verr) || len(verr.Errors) != validate.MaxErrors || verr.Total() != 19999*7+1 {
		t.Fatalf("empty items: %d errors in all, want %d: %v", verr.Total(), 19999*7+1, err)
	}
}

// TestEnumSuggestion: an enum error lists up to 10 allowed values and suggests the nearest
// for a likely typo, and only then.
func TestEnumSuggestion(t *testing.T) {
	body := seed(t, "push/success.json")
	cases := map[string]string{
		`"sucess"`: `"sucess" is not one of "success", "failed"; did you mean "success"?`,
		`"FAILED"`: `"FAILED" is not one of "success", "failed"; did you mean "failed"?`,
		`"queued"`: `"queued" is not one of "success", "failed"`,
	}
	for value, want := range cases {
		b := bytes.Replace(body, []byte(`"status": "success"`), []byte(`"status": `+value), 1)
		_, err := validate.Parse(b)
		var verr *validate.Error
		if !errors.As(err, &verr) || len(verr.Errors) != 1 || verr.Errors[0].Message != want {
			t.Errorf("%s: %v, want %q", value, err, want)
		}
	}
}

// TestColumnsCountCharacters: a column counts characters, not bytes, as editors do.
func TestColumnsCountCharacters(t *testing.T) {
	body := []byte(`{"data": {"event": "push", "businessName": "Zürich ☕ café", "status": "queued"}, "requestId": "e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64"}`)
	_, err := validate.Parse(body)
	var verr *validate.Error
	if !errors.As(err, &verr) {
		t.Fatal(err)
	}
	runes := []rune(string(body))
	col := 0
	for i := range runes {
		if strings.HasPrefix(string(runes[i:]), `"status"`) {
			col = i + 1
		}
	}
	for _, f := range verr.Errors {
		if f.Path == "/data/status" {
			if f.Line != 1 || f.Column != col {
				t.Errorf("%+v, want 1:%d (the byte column is %d)", f, col, strings.Index(string(body), `"status"`)+1)
			}
			return
		}
	}
	t.Fatalf("no error at /data/status: %v", verr)
}
