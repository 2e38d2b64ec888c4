package webhooktest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/webhook"
	"github.com/railzhook/railzhook/webhooktest"
)

// TestHandlerMeetsTheContract: webhook.NewHandler with callbacks and dedup meets the
// contract for every case of every event, and its callback runs once per valid delivery.
func TestHandlerMeetsTheContract(t *testing.T) {
	var calls atomic.Int64
	h, err := webhook.NewHandler([]string{"whsec_test"},
		webhook.WithDedup(webhook.NewMemoryDedup(time.Hour)),
		webhook.ErrorLog(log.New(io.Discard, "", 0)),
		webhook.OnEvent(func(context.Context, railz.Event) error { calls.Add(1); return nil }))
	if err != nil {
		t.Fatal(err)
	}
	results := webhooktest.Check(t, h, webhooktest.Config{Secret: "whsec_test", Random: 5})
	valid, invalid, dups := 0, 0, 0
	for _, r := range results {
		switch r.Want {
		case "2xx":
			valid++
		case "4xx":
			invalid++
		default:
			dups++
			if !strings.Contains(string(r.Answer), `"duplicate"`) {
				t.Errorf("%s %s: answered %s, not as a duplicate", r.Event, r.Case, r.Answer)
			}
		}
	}
	if valid < 100 || invalid < 100 || dups != 9 {
		t.Errorf("%d valid, %d invalid, %d duplicate deliveries", valid, invalid, dups)
	}
	// Every valid delivery has a requestId of its own, so each runs the callback once; the
	// copies do not.
	if int(calls.Load()) != valid {
		t.Errorf("callback ran %d times for %d valid deliveries", calls.Load(), valid)
	}
}

// TestBrokenHandlerIsCaught: a handler that answers 500 to invalid payloads, or panics on
// one event, breaks the contract, and each failure says how to get the payload again.
func TestBrokenHandlerIsCaught(t *testing.T) {
	broken := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v struct {
			Data struct {
				Event  string `json:"event"`
				Status string `json:"status"`
			} `json:"data"`
		}
		json.NewDecoder(r.Body).Decode(&v)
		if v.Data.Event == "push" && v.Data.Status == "failed" {
			panic("unhandled failed push")
		}
		if v.Data.Status == "#unlisted-value#" {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	results, err := webhooktest.Run(broken, webhooktest.Config{Secret: "s", Events: []string{"push"}, Random: 3})
	if err != nil {
		t.Fatal(err)
	}
	var panics, fiveHundreds, wrongAccepts int
	for _, r := range results {
		if r.OK {
			continue
		}
		switch {
		case r.Panic != "":
			panics++
		case r.Status == 500:
			fiveHundreds++
		case r.Want == "4xx" && r.Status == 200:
			wrongAccepts++
		}
		if !strings.HasPrefix(r.Reproduce(), "railzhook fake push") {
			t.Errorf("reproduce: %q", r.Reproduce())
		}
	}
	if panics == 0 || fiveHundreds == 0 || wrongAccepts == 0 {
		t.Errorf("panics %d, 500s %d, invalid payloads accepted %d; want each caught", panics, fiveHundreds, wrongAccepts)
	}
	if _, err := webhooktest.Run(broken, webhooktest.Config{}); !errors.Is(err, webhook.ErrNoSecret) {
		t.Errorf("no secret: %v", err)
	}
}
