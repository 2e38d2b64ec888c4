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
// Each delivery gets its own requestId, except the copies sent to check duplicates, so that a
// deduplicating handler handles every case. A failing case is reported with its event, case
// name and seed, the payload, and the command that prints it again.
package webhooktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/railzhook/railzhook/fake"
	"github.com/railzhook/railzhook/internal/envelope"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
	"github.com/railzhook/railzhook/webhook"
)

// Config says what to send.
type Config struct {
	// Secret signs every delivery (Railz-Signature). Required.
	Secret string
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
	Want    string
	Status  int
	Panic   string
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
	}
	return fmt.Sprintf("railzhook fake %s   (case %s)", r.Event, r.Case)
}

// Run sends every case to h and returns the results; err is for a configuration it cannot
// run with.
func Run(h http.Handler, cfg Config) ([]Result, error) {
	if strings.TrimSpace(cfg.Secret) == "" {
		return nil, webhook.ErrNoSecret
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
				r := send(h, cfg, payload)
				r.Event, r.Case, r.Error = ev, c.Name, c.Error
				if strings.HasPrefix(c.Name, "random-") {
					r.Seed = cfg.Seed
				}
				r.Want = "2xx"
				if !c.Valid {
					r.Want = "4xx"
				}
				r.OK = r.Panic == "" && (c.Valid && r.Status/100 == 2 || !c.Valid && r.Status/100 == 4)
				out = append(out, r)
				if c.Valid && c.Name == cover[0].Name {
					// The same delivery again, as Railz retries it.
					d := send(h, cfg, payload)
					d.Event, d.Case, d.Want = ev, c.Name+"-again", "2xx (duplicate)"
					d.OK = d.Panic == "" && d.Status/100 == 2
					out = append(out, d)
				}
			}
		}
	}
	return out, nil
}

// Check runs every case with Run and reports each one that breaks the contract as a test
// error, with the payload and the command that prints it again.
func Check(t testing.TB, h http.Handler, cfg Config) []Result {
	t.Helper()
	results, err := Run(h, cfg)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, r := range results {
		if r.OK {
			continue
		}
		failed++
		got := fmt.Sprint(r.Status)
		if r.Panic != "" {
			got = "a panic: " + r.Panic
		}
		why := "valid payload"
		if r.Error != nil {
			why = "invalid: " + r.Error.String()
		}
		t.Errorf("webhooktest: %s %s: got %s, want %s (%s)\n  payload: %s\n  answer:  %s\n  again:   %s",
			r.Event, r.Case, got, r.Want, why, r.Payload, bytes.TrimSpace(r.Answer), r.Reproduce())
	}
	t.Logf("webhooktest: %d deliveries, %d as the contract says, %d not", len(results), len(results)-failed, failed)
	return results
}

// send serves one signed delivery to h, turning a panic into a result.
func send(h http.Handler, cfg Config, payload []byte) (r Result) {
	r.Payload = payload
	req := httptest.NewRequest(http.MethodPost, cfg.Path, bytes.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(payload, cfg.Secret, cfg.Now()))
	rec := httptest.NewRecorder()
	defer func() {
		if p := recover(); p != nil {
			r.Panic = fmt.Sprint(p)
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
