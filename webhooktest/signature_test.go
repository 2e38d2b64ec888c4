package webhooktest_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/validate"
	"github.com/railzhook/railzhook/webhook"
	"github.com/railzhook/railzhook/webhooktest"
)

// recorder is a testing.TB that keeps the errors Check reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Logf(string, ...any)          {}
func (r *recorder) Errorf(f string, args ...any) { r.errs = append(r.errs, fmt.Sprintf(f, args...)) }
func (r *recorder) Fatal(args ...any)            { r.TB.Fatal(args...) }
func (r *recorder) Fatalf(f string, args ...any) { r.TB.Fatalf(f, args...) }
func (r *recorder) failed(substr string) []string {
	var out []string
	for _, e := range r.errs {
		if strings.Contains(e, substr) {
			out = append(out, e)
		}
	}
	return out
}

// check runs Check on one event's covering and invalid payloads and returns what it reported.
func check(t *testing.T, h http.Handler, cfg webhooktest.Config) (*recorder, []webhooktest.Result) {
	t.Helper()
	if cfg.Events == nil {
		cfg.Events = []string{"auth"}
	}
	cfg.Random = -1
	rec := &recorder{TB: t}
	results := webhooktest.Check(rec, h, cfg)
	return rec, results
}

func quiet() webhook.Option { return webhook.ErrorLog(log.New(io.Discard, "", 0)) }

// TestReceiverThatSkipsVerificationFails: a handler that accepts any POST, and one made with
// InsecureSkipSignature, fail Check, which says they do not verify signatures.
func TestReceiverThatSkipsVerificationFails(t *testing.T) {
	insecure, err := webhook.NewHandler(nil, webhook.InsecureSkipSignature(), quiet())
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]http.Handler{
		"any POST is 200":       http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}),
		"InsecureSkipSignature": insecure,
	} {
		rec, _ := check(t, h, webhooktest.Config{Secret: "whsec_test"})
		if len(rec.failed("does not verify Railz-Signature")) != 1 {
			t.Errorf("%s: no error says the receiver does not verify signatures:\n%s", name, strings.Join(rec.errs, "\n"))
		}
		for _, c := range []string{"signature-missing", "signature-malformed", "signature-wrong", "signature-body-changed", "signature-stale", "signature-future", "signature-retired-secret"} {
			if len(rec.failed("auth "+c+": got 200, want 4xx")) != 1 {
				t.Errorf("%s: case %s not reported once", name, c)
			}
		}
	}
	// Opting out is explicit: the same insecure receiver passes when a proxy is said to
	// verify signatures for it.
	rec, results := check(t, insecure, webhooktest.Config{Secret: "whsec_test", SkipSignatureCases: true})
	if len(rec.errs) != 0 {
		t.Errorf("SkipSignatureCases: %s", strings.Join(rec.errs, "\n"))
	}
	for _, r := range results {
		if r.Signature != "" {
			t.Errorf("SkipSignatureCases sent %s", r.Case)
		}
	}
}

// TestSignatureContract: a verifying handler refuses every forged delivery, accepts the new
// secret during a rotation and refuses the retired one after it.
func TestSignatureContract(t *testing.T) {
	during, err := webhook.NewHandler([]string{"whsec_old", "whsec_new"}, quiet())
	if err != nil {
		t.Fatal(err)
	}
	rec, results := check(t, during, webhooktest.Config{Secret: "whsec_old", NewSecret: "whsec_new"})
	if len(rec.errs) != 0 {
		t.Errorf("during the rotation: %s", strings.Join(rec.errs, "\n"))
	}
	cases := map[string]webhooktest.Result{}
	for _, r := range results {
		if r.Signature != "" {
			cases[r.Case] = r
		}
	}
	if len(cases) != 8 || cases["signature-new-secret"].Status != 200 || cases["signature-stale"].Status != 401 {
		t.Errorf("signature cases: %+v", cases)
	}
	// The receiver before the rotation does not know the new secret.
	before, _ := webhook.NewHandler([]string{"whsec_old"}, quiet())
	rec, _ = check(t, before, webhooktest.Config{Secret: "whsec_old", NewSecret: "whsec_new"})
	if len(rec.errs) != 1 || len(rec.failed("signature-new-secret: got 401, want 2xx")) != 1 {
		t.Errorf("new secret refused: %s", strings.Join(rec.errs, "\n"))
	}
	// After the rotation, a receiver that still accepts the old secret fails.
	rec, _ = check(t, during, webhooktest.Config{Secret: "whsec_new", RetiredSecret: "whsec_old"})
	if len(rec.errs) != 1 || len(rec.failed("signature-retired-secret: got 200, want 4xx")) != 1 {
		t.Errorf("retired secret accepted: %s", strings.Join(rec.errs, "\n"))
	}
	after, _ := webhook.NewHandler([]string{"whsec_new"}, quiet())
	if rec, _ = check(t, after, webhooktest.Config{Secret: "whsec_new", RetiredSecret: "whsec_old"}); len(rec.errs) != 0 {
		t.Errorf("after the rotation: %s", strings.Join(rec.errs, "\n"))
	}
	if _, err := webhooktest.Run(after, webhooktest.Config{Secret: "a", RetiredSecret: "a"}); err == nil {
		t.Error("RetiredSecret equal to Secret was accepted")
	}
}

// TestCallbackBeforeVerification: a receiver that runs its callback and only then refuses a
// bad signature answers 401 as it should, and CallCount catches it.
func TestCallbackBeforeVerification(t *testing.T) {
	var calls atomic.Int64
	verified, _ := webhook.NewHandler([]string{"whsec_test"}, quiet(),
		webhook.OnEvent(func(context.Context, railz.Event) error { return nil }))
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if _, err := validate.Parse(body); err == nil {
			calls.Add(1) // the callback runs on anything that decodes
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		verified.ServeHTTP(w, r)
	})
	rec, _ := check(t, h, webhooktest.Config{Secret: "whsec_test", CallCount: calls.Load})
	if got := rec.failed("callback(s)"); len(got) < 7 || len(rec.failed("signature-stale: got 401, after running 1 callback(s)")) != 1 {
		t.Errorf("callbacks run for refused deliveries not caught (%d):\n%s", len(got), strings.Join(rec.errs, "\n"))
	}
	// Without the counter, the answers are all Check can hold it to.
	if rec, _ := check(t, h, webhooktest.Config{Secret: "whsec_test"}); len(rec.failed("signature-")) != 0 {
		t.Errorf("without CallCount: %s", strings.Join(rec.errs, "\n"))
	}
}

// TestPanicReportedOnce: a handler that panics on a case is reported once for it, with a
// stack of a few lines that starts at the panic site.
func TestPanicReportedOnce(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(webhook.SignatureHeader) == "" {
			explode()
		}
		w.WriteHeader(http.StatusUnauthorized)
	})
	rec, _ := check(t, h, webhooktest.Config{Secret: "whsec_test", SkipInvalid: true, Events: []string{"push"}})
	panics := rec.failed("a panic")
	if len(panics) != 1 || !strings.Contains(panics[0], "signature-missing: got a panic: boom") {
		t.Fatalf("panics reported: %q", panics)
	}
	stack := panics[0][strings.Index(panics[0], "  stack:\n")+9:]
	lines := strings.Split(stack, "\n")
	if !strings.Contains(lines[0], "webhooktest_test.explode") || len(lines) > 6 || strings.Contains(stack, "net/http.") || strings.Contains(stack, "goroutine") {
		t.Errorf("stack:\n%s", stack)
	}
}

func explode() { panic("boom") }

// TestHandlerPanicLogsShortStack: a callback's panic is logged by webhook.Handler with a
// short stack, once per delivery, and answered 500.
func TestHandlerPanicLogsShortStack(t *testing.T) {
	var logged bytes.Buffer
	h, _ := webhook.NewHandler([]string{"whsec_test"}, webhook.ErrorLog(log.New(&logged, "", 0)),
		webhook.On(func(context.Context, *railz.PushEvent) error { explode(); return nil }))
	rec, _ := check(t, h, webhooktest.Config{Secret: "whsec_test", SkipInvalid: true, Events: []string{"push"}, SkipSignatureCases: true})
	fails := rec.failed("got 500, want 2xx")
	if len(fails) == 0 {
		t.Fatalf("no case failed: %q", rec.errs)
	}
	out := logged.String()
	if n := strings.Count(out, "webhook callback panicked: boom"); n != len(fails) {
		t.Errorf("%d panics logged for %d failed cases", n, len(fails))
	}
	if strings.Contains(out, "goroutine ") || strings.Contains(out, "runtime/debug") || strings.Count(out, "\n") > 6*len(fails) {
		t.Errorf("the log has long stacks:\n%s", out[:min(len(out), 2000)])
	}
	if !strings.Contains(out, "webhooktest_test.explode") {
		t.Errorf("the log does not name the panic site:\n%s", out[:min(len(out), 2000)])
	}
}
