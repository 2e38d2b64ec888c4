package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/validate"
	"github.com/railzhook/railzhook/webhook"
)

const secret = "whsec_test"

var now = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func fixture(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/" + path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type response struct {
	Status string                `json:"status"`
	Error  string                `json:"error"`
	Event  string                `json:"event"`
	Errors []validate.FieldError `json:"errors"`
}

// deliver sends a request to h and decodes its JSON answer.
func deliver(t *testing.T, h http.Handler, method string, body []byte, header string) (int, response) {
	t.Helper()
	req := httptest.NewRequest(method, "/webhooks", bytes.NewReader(body))
	if header != "" {
		req.Header.Set(webhook.SignatureHeader, header)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("answer is not JSON: %q", rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	return rec.Code, r
}

func newHandler(t *testing.T, opts ...webhook.Option) *webhook.Handler {
	t.Helper()
	opts = append([]webhook.Option{webhook.Clock(func() time.Time { return now }), webhook.ErrorLog(log.New(io.Discard, "", 0))}, opts...)
	h, err := webhook.NewHandler([]string{secret}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHandlerStatusCodes(t *testing.T) {
	batch := fixture(t, "valid/batchPush/seed-000-batch-push.json")
	signed := webhook.Sign(batch, secret, now)
	invalid := fixture(t, "invalid/batchPush/required-batch-id.json")
	unknown := []byte(`{"data": {"event": "historicalSync", "connectionId": "CON-1"}, "requestId": "7c8648ce-8244-4948-9a0f-7d01e665d1aa"}`)
	var got []railz.Event
	var gotBatch []*railz.BatchPushEvent
	var unknownSeen []string
	h := newHandler(t,
		webhook.On(func(_ context.Context, ev *railz.BatchPushEvent) error { gotBatch = append(gotBatch, ev); return nil }),
		webhook.OnEvent(func(_ context.Context, ev railz.Event) error { got = append(got, ev); return nil }),
		webhook.OnUnknownEvent(func(_ context.Context, name string, body json.RawMessage) error {
			unknownSeen = append(unknownSeen, name+" "+string(body[:9]))
			return nil
		}),
		webhook.MaxBodyBytes(4096),
	)
	cases := []struct {
		name   string
		method string
		body   []byte
		header string
		status int
		check  func(response) bool
	}{
		{"valid", "POST", batch, signed, 200, func(r response) bool { return r.Status == "ok" && r.Event == "batchPush" }},
		{"GET", "GET", nil, "", 405, func(r response) bool { return r.Error != "" }},
		{"PUT", "PUT", batch, signed, 405, func(r response) bool { return r.Error != "" }},
		{"no signature", "POST", batch, "", 401, func(r response) bool { return strings.Contains(r.Error, "missing") }},
		{"wrong secret", "POST", batch, webhook.Sign(batch, "other", now), 401, func(r response) bool { return strings.Contains(r.Error, "does not match") }},
		{"tampered", "POST", append([]byte(" "), batch...), signed, 401, func(r response) bool { return r.Error != "" }},
		{"stale", "POST", batch, webhook.Sign(batch, secret, now.Add(-time.Hour)), 401, func(r response) bool { return strings.Contains(r.Error, "tolerance") }},
		{"invalid payload", "POST", invalid, webhook.Sign(invalid, secret, now), 400, func(r response) bool {
			return r.Event == "batchPush" && len(r.Errors) == 1 && r.Errors[0].Path == "/data/batchId" && r.Errors[0].Keyword == "required"
		}},
		{"malformed JSON", "POST", []byte(`{"data":`), webhook.Sign([]byte(`{"data":`), secret, now), 400, func(r response) bool { return r.Errors[0].Keyword == "syntax" }},
		{"too large", "POST", bytes.Repeat([]byte(" "), 5000), "", 413, func(r response) bool { return strings.Contains(r.Error, "4096") }},
		{"unknown event", "POST", unknown, webhook.Sign(unknown, secret, now), 200, func(r response) bool { return r.Status == "ignored" && r.Event == "historicalSync" }},
		{"unknown event, bad signature", "POST", unknown, webhook.Sign(unknown, "x", now), 401, func(r response) bool { return true }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, r := deliver(t, h, c.method, c.body, c.header)
			if status != c.status || !c.check(r) {
				t.Errorf("status %d %+v, want %d", status, r, c.status)
			}
		})
	}
	if len(gotBatch) != 1 || len(got) != 0 || gotBatch[0].Data.BatchID != "63c6d1d02175edb3822e8d47" {
		t.Errorf("callbacks: typed %d, generic %d", len(gotBatch), len(got))
	}
	if len(unknownSeen) != 1 || unknownSeen[0] != `historicalSync {"data": ` {
		t.Errorf("unknown-event callback: %q", unknownSeen)
	}
	// Another event type goes to OnEvent.
	data := fixture(t, "valid/data/seed-003-data.json")
	if status, _ := deliver(t, h, "POST", data, webhook.Sign(data, secret, now)); status != 200 || len(got) != 1 || got[0].EventName() != railz.EventNameData {
		t.Errorf("OnEvent: status %d, %d events", status, len(got))
	}
}

func TestHandlerCallbackFailures(t *testing.T) {
	body := fixture(t, "valid/dataPerType/seed-002-data-per-type.json")
	sig := webhook.Sign(body, secret, now)
	h := newHandler(t, webhook.OnEvent(func(context.Context, railz.Event) error { return errors.New("database down") }))
	if status, r := deliver(t, h, "POST", body, sig); status != 500 || strings.Contains(r.Error, "database down") {
		t.Errorf("failing callback: %d %+v (the cause stays in the log)", status, r)
	}
	h = newHandler(t, webhook.OnEvent(func(context.Context, railz.Event) error { panic("boom") }))
	if status, _ := deliver(t, h, "POST", body, sig); status != 500 {
		t.Errorf("panicking callback: %d", status)
	}
	unknown := []byte(`{"data": {"event": "historicalSync"}, "requestId": "7c8648ce-8244-4948-9a0f-7d01e665d1aa"}`)
	h = newHandler(t, webhook.OnUnknownEvent(func(context.Context, string, json.RawMessage) error { return errors.New("no") }))
	if status, _ := deliver(t, h, "POST", unknown, webhook.Sign(unknown, secret, now)); status != 500 {
		t.Errorf("failing unknown-event callback: %d", status)
	}
	// Without a fallback an unknown event is still acknowledged.
	h = newHandler(t)
	if status, _ := deliver(t, h, "POST", unknown, webhook.Sign(unknown, secret, now)); status != 200 {
		t.Errorf("unknown event without fallback: %d", status)
	}
}

func TestHandlerDedup(t *testing.T) {
	body := fixture(t, "valid/push/success.json")
	sig := webhook.Sign(body, secret, now)
	calls := 0
	fail := true
	h := newHandler(t, webhook.WithDedup(webhook.NewMemoryDedup(time.Hour)), webhook.OnEvent(func(context.Context, railz.Event) error {
		calls++
		if fail {
			return errors.New("try again")
		}
		return nil
	}))
	if status, _ := deliver(t, h, "POST", body, sig); status != 500 {
		t.Fatalf("first attempt: %d", status)
	}
	fail = false
	if status, r := deliver(t, h, "POST", body, sig); status != 200 || r.Status != "ok" {
		t.Fatalf("retry after a failure must run the callback again: %d %+v", status, r)
	}
	if status, r := deliver(t, h, "POST", body, sig); status != 200 || r.Status != "duplicate" {
		t.Fatalf("retry after success: %d %+v", status, r)
	}
	if calls != 2 {
		t.Errorf("callback ran %d times, want 2", calls)
	}
}

func TestHandlerOnDelivery(t *testing.T) {
	body := fixture(t, "valid/login/docs-fragment-completed.json")
	var mu sync.Mutex
	var seen []webhook.Delivery
	record := webhook.OnDelivery(func(_ context.Context, d *webhook.Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, *d)
		return nil
	})
	h := newHandler(t, record, webhook.Strict())
	deliver(t, h, "POST", body, webhook.Sign(body, secret, now))
	deliver(t, h, "POST", body, "t=1,v=00")
	lenient := fixture(t, "lenient/login/unknown-member.json")
	deliver(t, h, "POST", lenient, webhook.Sign(lenient, secret, now))
	if len(seen) != 3 {
		t.Fatalf("%d deliveries recorded", len(seen))
	}
	if d := seen[0]; d.Verdict != webhook.VerdictOK || d.Status != 200 || d.Event != "login" || d.RequestID != "5f0a9a4e-3c1d-4b8e-9f61-2d7c0e4b8a13" || !bytes.Equal(d.Body, body) || !d.PayloadValid {
		t.Errorf("valid delivery: %+v", d)
	}
	// Refused before its signature was verified: never parsed, so nothing is read out of it.
	if d := seen[1]; d.Verdict != webhook.VerdictBadSignature || d.Status != 401 || !errors.Is(d.SignatureError, webhook.ErrMalformedHeader) || d.PayloadValid || d.Event != "" || d.RequestID != "" || d.Errors != nil || !bytes.Equal(d.Body, body) || d.Header.Get(webhook.SignatureHeader) != "t=1,v=00" {
		t.Errorf("unsigned delivery: %+v", d)
	}
	if d := seen[2]; d.Verdict != webhook.VerdictInvalid || d.Status != 400 || d.PayloadValid || len(d.Errors) != 1 || d.Mode != validate.ModeStrict {
		t.Errorf("strict-invalid delivery: %+v", d)
	}
	// A delivery that cannot be recorded is not acknowledged.
	h = newHandler(t, webhook.OnDelivery(func(context.Context, *webhook.Delivery) error { return errors.New("disk full") }))
	if status, _ := deliver(t, h, "POST", body, webhook.Sign(body, secret, now)); status != 500 {
		t.Errorf("unrecorded delivery answered %d", status)
	}
}

func TestNewHandlerRefusesMissingSecret(t *testing.T) {
	for _, secrets := range [][]string{nil, {""}, {"a", ""}, {" \t\n"}, {"a", "   "}} {
		if _, err := webhook.NewHandler(secrets); !errors.Is(err, webhook.ErrNoSecret) {
			t.Errorf("%q: %v", secrets, err)
		}
	}
	h, err := webhook.NewHandler(nil, webhook.InsecureSkipSignature())
	if err != nil {
		t.Fatal(err)
	}
	body := fixture(t, "valid/auth/docs-fragment-completed.json")
	if status, _ := deliver(t, h, "POST", body, ""); status != 200 {
		t.Errorf("insecure handler: %d", status)
	}
	if _, err := webhook.NewHandler([]string{"s"}, webhook.On(func(context.Context, *railz.AuthEvent) error { return nil }), webhook.On(func(context.Context, *railz.AuthEvent) error { return nil })); err == nil {
		t.Error("two callbacks for one type were accepted")
	}
	if _, err := webhook.NewHandler([]string{"s"}, webhook.MaxBodyBytes(0)); err == nil {
		t.Error("MaxBodyBytes(0) was accepted")
	}
}

// TestHandlerNothingBeforeSignature: with a secret, a body whose signature is missing or wrong
// is answered 401 without being parsed or validated, however hostile, also with OnDelivery.
func TestHandlerNothingBeforeSignature(t *testing.T) {
	valid := fixture(t, "valid/push/success.json")
	hostile := []byte(`{"data":{"event":"data","id":1e10000000,"x":[` + strings.Repeat("1,", 500000) + `1]},"requestId":"\u001b[2J"}`)
	for _, body := range [][]byte{valid, hostile} {
		for _, header := range []string{"", "t=1,v=00", webhook.Sign(body, "not the secret", now)} {
			var got *webhook.Delivery
			h := newHandler(t, webhook.OnDelivery(func(_ context.Context, d *webhook.Delivery) error { got = d; return nil }),
				webhook.OnEvent(func(context.Context, railz.Event) error { t.Error("callback ran for an unsigned delivery"); return nil }))
			status, r := deliver(t, h, "POST", body, header)
			if status != 401 || r.Errors != nil || r.Event != "" {
				t.Errorf("header %q: %d %+v", header, status, r)
			}
			if got == nil || got.Verdict != webhook.VerdictBadSignature || got.Status != 401 || got.SignatureError == nil || len(got.Body) != len(body) {
				t.Fatalf("header %q: OnDelivery saw %+v", header, got)
			}
			if got.Event != "" || got.RequestID != "" || got.PayloadValid || got.Errors != nil {
				t.Errorf("header %q: the unsigned body was parsed: event %q requestId %q valid %v errors %v", header, got.Event, got.RequestID, got.PayloadValid, got.Errors)
			}
		}
	}
}

// TestHandlerEnvelopeExact: event and requestId are read by the validating parser: member
// names match exactly, so a "REQUESTID" beside requestId neither evades dedup nor names the
// delivery, and a body naming requestId twice is refused.
func TestHandlerEnvelopeExact(t *testing.T) {
	body := fixture(t, "valid/push/success.json")
	var env struct {
		RequestID string `json:"requestId"`
	}
	if err := json.Unmarshal(body, &env); err != nil || env.RequestID == "" {
		t.Fatal(err)
	}
	calls := 0
	var ids []string
	h := newHandler(t, webhook.WithDedup(webhook.NewMemoryDedup(time.Hour)),
		webhook.OnDelivery(func(_ context.Context, d *webhook.Delivery) error { ids = append(ids, d.RequestID); return nil }),
		webhook.OnEvent(func(context.Context, railz.Event) error { calls++; return nil }))
	for i, extra := range []string{`"REQUESTID": "../../evil-1"`, `"REQUESTID": "../../evil-2"`, `"RequestId": "x"`} {
		// After requestId, where encoding/json's case-insensitive matching would let it win.
		end := bytes.LastIndexByte(body, '}')
		b := append(append(bytes.Clone(body[:end]), ", "+extra...), body[end:]...)
		status, r := deliver(t, h, "POST", b, webhook.Sign(b, secret, now))
		want := "duplicate"
		if i == 0 {
			want = "ok"
		}
		if status != 200 || r.Status != want {
			t.Errorf("copy %d with %s: %d %+v, want %s", i, extra, status, r, want)
		}
	}
	if calls != 1 {
		t.Errorf("callback ran %d times, want 1", calls)
	}
	for _, id := range ids {
		if id != env.RequestID {
			t.Errorf("delivery named %q, want %q", id, env.RequestID)
		}
	}
	twice := bytes.Replace(body, []byte(`"requestId"`), []byte(`"requestId": "11111111-1111-4111-8111-111111111111", "requestId"`), 1)
	if status, r := deliver(t, h, "POST", twice, webhook.Sign(twice, secret, now)); status != 400 || len(r.Errors) != 1 || r.Errors[0].Keyword != validate.KeywordDuplicateKey {
		t.Errorf("requestId twice: %d %+v", status, r)
	}
}

// TestHandlerDedupUnknownEvents: a signed delivery of an event this version does not know is
// deduplicated too: its retry does not run OnUnknownEvent again.
func TestHandlerDedupUnknownEvents(t *testing.T) {
	body := []byte(`{"data": {"event": "brandNewEvent", "x": 1}, "requestId": "0f0e0d0c-0b0a-4908-8706-050403020100"}`)
	calls := 0
	h := newHandler(t, webhook.WithDedup(webhook.NewMemoryDedup(time.Hour)),
		webhook.OnUnknownEvent(func(context.Context, string, json.RawMessage) error { calls++; return nil }))
	for i, want := range []string{"ignored", "duplicate"} {
		if status, r := deliver(t, h, "POST", body, webhook.Sign(body, secret, now)); status != 200 || r.Status != want {
			t.Errorf("delivery %d: %d %+v, want %s", i, status, r, want)
		}
	}
	if calls != 1 {
		t.Errorf("OnUnknownEvent ran %d times, want 1", calls)
	}
}

// TestHandlerConcurrentCopies: 8 identical deliveries at the same moment run the callback once.
func TestHandlerConcurrentCopies(t *testing.T) {
	body := fixture(t, "valid/push/success.json")
	sig := webhook.Sign(body, secret, now)
	var mu sync.Mutex
	calls := 0
	h := newHandler(t, webhook.WithDedup(webhook.NewMemoryDedup(time.Hour)), webhook.OnEvent(func(context.Context, railz.Event) error {
		mu.Lock()
		calls++
		mu.Unlock()
		time.Sleep(20 * time.Millisecond) // the other copies arrive while this one runs
		return nil
	}))
	var wg sync.WaitGroup
	statuses := make([]string, 8)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest("POST", "/webhooks", bytes.NewReader(body))
			req.Header.Set(webhook.SignatureHeader, sig)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var r response
			json.Unmarshal(rec.Body.Bytes(), &r)
			statuses[i] = fmt.Sprint(rec.Code, " ", r.Status)
		}()
	}
	wg.Wait()
	if calls != 1 {
		t.Errorf("callback ran %d times for 8 concurrent copies: %v", calls, statuses)
	}
	ok := 0
	for _, s := range statuses {
		switch s {
		case "200 ok":
			ok++
		case "200 duplicate":
		default:
			t.Errorf("answer %q", s)
		}
	}
	if ok != 1 {
		t.Errorf("%d copies answered ok: %v", ok, statuses)
	}
}
