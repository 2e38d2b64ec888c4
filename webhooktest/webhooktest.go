// Package webhooktest checks a webhook receiver against everything the Railz schemas allow,
// in a go test:
//
//	func TestReceiver(t *testing.T) {
//		webhooktest.Check(t, myHandler, webhooktest.Config{Secret: "whsec_test"})
//	}
//
// For each event it makes payloads with package fake (a covering set of valid ones, lenient
// ones with unknown members and unlisted values of open enumerations, seeded random ones, and
// invalid ones that each break one constraint), signs each with the secret, serves it to the
// handler through net/http/httptest, and holds the answer to the contract:
//
//   - a valid payload is answered 2xx;
//   - an invalid payload is answered 4xx: never 5xx, never a panic;
//   - a copy of a delivery already answered (same requestId) is answered 2xx, as a duplicate.
//
// It proves the signature contract too, with a valid payload sent in ways that must be
// refused with a 4xx: without a Railz-Signature header, with a malformed one, with a wrong
// signature, with a body changed after signing, with a timestamp past the tolerance and one
// too far in the future, and signed with a retired secret (Config.RetiredSecret). With
// Config.NewSecret it also proves that during a rotation a delivery signed with the new
// secret is accepted. A receiver that accepts those deliveries does not verify signatures,
// and Check says so. A receiver behind a proxy that verifies signatures for it opts out with
// Config.SkipSignatureCases.
//
// A refused delivery must run no callback. For an arbitrary http.Handler the answer is what
// Check sees, so a 4xx is the proof; give Config.CallCount, a counter your callbacks
// increment, and Check also holds every refused delivery (bad signature or invalid payload) to
// zero callbacks run.
//
// Each delivery gets its own requestId, except the copies sent to check duplicates, so that a
// deduplicating handler handles every case. A failing case is reported once, with its event,
// case name and seed, the payload, the command that prints it again and, for a panic, the
// short stack of the panic site.
package webhooktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/railzhook/railzhook/fake"
	"github.com/railzhook/railzhook/internal/envelope"
	"github.com/railzhook/railzhook/internal/panicstack"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
	"github.com/railzhook/railzhook/webhook"
)

// Config says what to send.
type Config struct {
	// Secret signs every delivery (Railz-Signature). Required.
	Secret string
	// NewSecret is the secret being rotated in, when the receiver accepts two during a
	// rotation: valid deliveries signed with it must be accepted too. Optional.
	NewSecret string
	// RetiredSecret is a secret the receiver must refuse, such as the one rotated out.
	// Default: a secret of webhooktest's own, which no receiver should accept.
	RetiredSecret string
	// Tolerance is how far from the clock the receiver accepts a signature's timestamp
	// (default webhook.DefaultTolerance). The stale and future deliveries are signed twice
	// that, plus a minute, away from Now.
	Tolerance time.Duration
	// SkipSignatureCases leaves out the deliveries that must be refused for their signature,
	// for a receiver that does not verify signatures itself because a proxy in front of it
	// does. Deliveries are still signed. Leave it false for anything that faces the Internet.
	SkipSignatureCases bool
	// CallCount, if set, returns how many times the receiver's callbacks have run so far
	// (every event's); Check then holds each refused delivery to zero runs.
	CallCount func() int64
	// Events to check; all of them when empty.
	Events []string
	// Mode decides which payloads are valid: ModeDefault (what production may send, the
	// default) or ModeStrict.
	Mode validate.Mode
	// Seed and Random: how many random payloads per event, from which seed (default 10 from
	// seed 1; a negative Random sends none).
	Seed   uint64
	Random int
	// SkipInvalid sends valid payloads only.
	SkipInvalid bool
	// Path is the request path (default /webhooks/railz).
	Path string
	// Now stamps the signatures (default time.Now).
	Now func() time.Time
}

// Result is the outcome of one delivery.
type Result struct {
	Event string
	Case  string
	// Seed is the seed of a random case.
	Seed uint64
	// Want is what the contract asks: "2xx", "4xx" or "2xx (duplicate)".
	Want   string
	Status int
	// Panic is the value of a panic in the handler, and Stack the short stack of its site.
	Panic string
	Stack string
	// Signature, for the deliveries that test the signature contract, says what was done to
	// the signature ("no Railz-Signature header", ...).
	Signature string
	// Calls is how many callbacks the delivery ran, when Config.CallCount is set (else -1).
	Calls   int64
	OK      bool
	Payload []byte
	// Answer is the start of the response body.
	Answer []byte
	// Error is, for an invalid payload, the error the validator reports for it.
	Error *validate.FieldError
}

// Reproduce is the command that prints the result's payload again.
func (r Result) Reproduce() string {
	switch {
	case strings.HasPrefix(r.Case, "random-"):
		return fmt.Sprintf("railzhook fake %s --count N --seed %d   (case %s)", r.Event, r.Seed, r.Case)
	case strings.HasPrefix(r.Case, "invalid-"):
		return fmt.Sprintf("railzhook fake %s --invalid   (case %s)", r.Event, r.Case)
	case r.Signature != "":
		return fmt.Sprintf("railzhook fake %s   (the first payload, sent with %s)", r.Event, r.Signature)
	}
	return fmt.Sprintf("railzhook fake %s   (case %s)", r.Event, r.Case)
}

// Run sends every case to h and returns the results; err is for a configuration it cannot
// run with.
func Run(h http.Handler, cfg Config) ([]Result, error) {
	if strings.TrimSpace(cfg.Secret) == "" {
		return nil, webhook.ErrNoSecret
	}
	if cfg.RetiredSecret == "" {
		cfg.RetiredSecret = "whsec_webhooktest_retired"
	}
	if cfg.Tolerance == 0 {
		cfg.Tolerance = webhook.DefaultTolerance
	}
	switch {
	case cfg.Tolerance < 0:
		return nil, fmt.Errorf("webhooktest: Tolerance must be positive, not %s", cfg.Tolerance)
	case cfg.NewSecret == cfg.Secret:
		return nil, errors.New("webhooktest: NewSecret is the same as Secret")
	case cfg.RetiredSecret == cfg.Secret || cfg.RetiredSecret == cfg.NewSecret:
		return nil, errors.New("webhooktest: RetiredSecret is a secret the receiver must accept (Secret or NewSecret)")
	}
	if cfg.Seed == 0 {
		cfg.Seed = 1
	}
	if cfg.Random == 0 {
		cfg.Random = 10
	}
	if cfg.Path == "" {
		cfg.Path = "/webhooks/railz"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	events := cfg.Events
	if len(events) == 0 {
		evs, err := schemas.Events()
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			events = append(events, e.Name)
		}
	}
	ids := &idSource{}
	var out []Result
	for _, ev := range events {
		t, err := validate.EventTarget(ev, cfg.Mode)
		if err != nil {
			return nil, err
		}
		g := fake.New(t)
		cover, _, err := g.Cover()
		if err != nil {
			return nil, fmt.Errorf("webhooktest: %s: %w", ev, err)
		}
		var random []fake.Case
		if cfg.Random > 0 {
			if random, err = g.Random(cfg.Seed, cfg.Random); err != nil {
				return nil, fmt.Errorf("webhooktest: %s: %w", ev, err)
			}
		}
		var invalid []fake.Case
		if !cfg.SkipInvalid {
			if invalid, err = g.Invalid(); err != nil {
				return nil, fmt.Errorf("webhooktest: %s: %w", ev, err)
			}
		}
		for _, group := range [][]fake.Case{cover, random, invalid} {
			for _, c := range group {
				payload := c.Payload
				if !strings.Contains(c.Name, "/requestId") {
					payload = ids.fresh(payload)
				}
				r := send(h, cfg, payload, signed(cfg, cfg.Secret, 0))
				r.Event, r.Case, r.Error = ev, c.Name, c.Error
				if strings.HasPrefix(c.Name, "random-") {
					r.Seed = cfg.Seed
				}
				r.Want = "2xx"
				if !c.Valid {
					r.Want = "4xx"
				}
				r.OK = r.Panic == "" && (c.Valid && r.Status/100 == 2 || !c.Valid && r.Status/100 == 4 && r.Calls <= 0)
				out = append(out, r)
				if c.Valid && c.Name == cover[0].Name {
					// The same delivery again, as Railz retries it.
					d := send(h, cfg, payload, signed(cfg, cfg.Secret, 0))
					d.Event, d.Case, d.Want = ev, c.Name+"-again", "2xx (duplicate)"
					d.OK = d.Panic == "" && d.Status/100 == 2
					out = append(out, d)
				}
			}
		}
		if ev == events[0] && !cfg.SkipSignatureCases {
			out = append(out, signatureCases(h, cfg, ev, cover[0].Payload, ids)...)
		}
	}
	return out, nil
}

// signer makes the Railz-Signature header of a body; "" sends none.
type signer func(body []byte) string

func signed(cfg Config, secret string, offset time.Duration) signer {
	return func(body []byte) string { return webhook.Sign(body, secret, cfg.Now().Add(offset)) }
}

// signatureCases sends a valid payload in every way the signature contract refuses, each
// with a requestId of its own, and, with a NewSecret, signed with that.
func signatureCases(h http.Handler, cfg Config, event string, payload []byte, ids *idSource) []Result {
	off := 2*cfg.Tolerance + time.Minute
	cases := []struct {
		name, what string
		sign       signer
		change     bool // change the body after signing
		accept     bool
	}{
		{"signature-missing", "no Railz-Signature header", func([]byte) string { return "" }, false, false},
		{"signature-malformed", "a malformed Railz-Signature header", func([]byte) string { return "t=now,v=signature" }, false, false},
		{"signature-wrong", "a signature that matches no secret", func(b []byte) string {
			return webhook.Sign(append([]byte("other bytes:"), b...), cfg.Secret, cfg.Now())
		}, false, false},
		{"signature-body-changed", "its body changed after it was signed", signed(cfg, cfg.Secret, 0), true, false},
		{"signature-stale", fmt.Sprintf("a timestamp %s old (past the tolerance of %s)", off, cfg.Tolerance), signed(cfg, cfg.Secret, -off), false, false},
		{"signature-future", fmt.Sprintf("a timestamp %s in the future (past the tolerance of %s)", off, cfg.Tolerance), signed(cfg, cfg.Secret, off), false, false},
		{"signature-retired-secret", "a signature made with the retired secret", signed(cfg, cfg.RetiredSecret, 0), false, false},
	}
	if cfg.NewSecret != "" {
		cases = append(cases, struct {
			name, what string
			sign       signer
			change     bool
			accept     bool
		}{"signature-new-secret", "a signature made with the new secret (rotation)", signed(cfg, cfg.NewSecret, 0), false, true})
	}
	var out []Result
	for _, c := range cases {
		body := ids.fresh(payload)
		sign := c.sign
		if c.change {
			original := body
			sign = func([]byte) string { return c.sign(original) }
			body = ids.fresh(payload) // another requestId: what a forger would change
		}
		r := send(h, cfg, body, sign)
		r.Event, r.Case, r.Signature = event, c.name, c.what
		if c.accept {
			r.Want = "2xx"
			r.OK = r.Panic == "" && r.Status/100 == 2
		} else {
			r.Want = "4xx"
			r.OK = r.Panic == "" && r.Status/100 == 4 && r.Calls <= 0
		}
		out = append(out, r)
	}
	return out
}

// Check runs every case with Run and reports each one that breaks the contract as a test
// error, with the payload and the command that prints it again. A receiver that accepts the
// deliveries whose signature is missing or wrong gets one more error that says it does not
// verify signatures.
func Check(t testing.TB, h http.Handler, cfg Config) []Result {
	t.Helper()
	results, err := Run(h, cfg)
	if err != nil {
		t.Fatal(err)
	}
	failed, sigCases, sigAccepted := 0, 0, 0
	for _, r := range results {
		if r.Signature != "" && r.Want == "4xx" {
			sigCases++
			if r.Status/100 == 2 {
				sigAccepted++
			}
		}
		if r.OK {
			continue
		}
		failed++
		got, stack := fmt.Sprint(r.Status), ""
		if r.Panic != "" {
			got, stack = "a panic: "+r.Panic, "\n  stack:\n"+strings.TrimRight(r.Stack, "\n")
		} else if r.Calls > 0 && r.Want == "4xx" {
			got = fmt.Sprintf("%d, after running %d callback(s)", r.Status, r.Calls)
		}
		why := "valid payload"
		switch {
		case r.Signature != "":
			why = "valid payload sent with " + r.Signature
		case r.Error != nil:
			why = "invalid: " + r.Error.String()
		}
		t.Errorf("webhooktest: %s %s: got %s, want %s (%s)\n  payload: %s\n  answer:  %s\n  again:   %s%s",
			r.Event, r.Case, got, r.Want, why, r.Payload, bytes.TrimSpace(r.Answer), r.Reproduce(), stack)
	}
	if sigCases > 0 && sigAccepted == sigCases {
		t.Errorf("webhooktest: the receiver accepted all %d deliveries whose signature is missing, malformed, wrong, stale or made with a retired secret: it does not verify Railz-Signature. "+
			"Verify it (webhook.NewHandler with the secret, or webhook.ParseRequest); a receiver behind a proxy that verifies signatures sets Config.SkipSignatureCases", sigCases)
	}
	t.Logf("webhooktest: %d deliveries, %d as the contract says, %d not", len(results), len(results)-failed, failed)
	return results
}

// send serves one delivery to h, with the signature sign makes, turning a panic into a
// result.
func send(h http.Handler, cfg Config, payload []byte, sign signer) (r Result) {
	r.Payload, r.Calls = payload, -1
	req := httptest.NewRequest(http.MethodPost, cfg.Path, bytes.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	if sig := sign(payload); sig != "" {
		req.Header.Set(webhook.SignatureHeader, sig)
	}
	rec := httptest.NewRecorder()
	var before int64
	if cfg.CallCount != nil {
		before = cfg.CallCount()
	}
	defer func() {
		if p := recover(); p != nil {
			r.Panic = fmt.Sprint(p)
			r.Stack = panicstack.Short(6, "net/http.", "github.com/railzhook/railzhook/webhooktest.")
		}
		if cfg.CallCount != nil {
			r.Calls = cfg.CallCount() - before
		}
	}()
	h.ServeHTTP(rec, req)
	r.Status = rec.Code
	r.Answer, _ = io.ReadAll(io.LimitReader(rec.Body, 1<<10))
	return r
}

// idSource gives each delivery a requestId of its own, the same ones on every run.
type idSource struct{ n uint64 }

func (s *idSource) fresh(payload []byte) []byte {
	s.n++
	id := fmt.Sprintf("00000000-0000-4000-8000-%012x", s.n)
	out, err := envelope.ReplaceRequestID(payload, id)
	if err != nil {
		return payload // no requestId to replace: the case is about it
	}
	var v map[string]any
	if json.Unmarshal(out, &v) != nil {
		return payload
	}
	return out
}
