package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/webhook"
)

// syncBuffer is a log destination safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve delivers body to h with a fresh signature and returns "status verdict".
func serve(h http.Handler, ctx context.Context, body []byte) string {
	req := httptest.NewRequest("POST", "/webhooks", bytes.NewReader(body)).WithContext(ctx)
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, secret, now))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var r response
	json.Unmarshal(rec.Body.Bytes(), &r)
	if r.Status == "" {
		r.Status = r.Error
	}
	return fmt.Sprint(rec.Code, " ", r.Status)
}

// replicaPair is two Handlers sharing one Dedup, as two replicas share a store; the callback
// of the first blocks until released.
type replicaPair struct {
	first, second *webhook.Handler
	calls         atomic.Int32
	started       chan struct{} // a callback started
	proceed       chan error    // what the blocked callback returns
	log           syncBuffer
}

func newReplicaPair(t *testing.T, d webhook.Dedup, opts ...webhook.Option) *replicaPair {
	p := &replicaPair{started: make(chan struct{}, 8), proceed: make(chan error, 8)}
	var block atomic.Bool
	block.Store(true)
	cb := webhook.OnEvent(func(ctx context.Context, ev railz.Event) error {
		p.calls.Add(1)
		p.started <- struct{}{}
		if block.CompareAndSwap(true, false) {
			err := <-p.proceed
			if err != nil && err.Error() == "panic" {
				panic("callback panicked")
			}
			return err
		}
		return nil
	})
	opts = append([]webhook.Option{webhook.WithDedup(d), cb, webhook.ErrorLog(log.New(&p.log, "", 0))}, opts...)
	p.first, p.second = newHandler(t, opts...), newHandler(t, opts...)
	return p
}

// TestHandlerDedupWaitsForTheHolder: a copy that arrives on another replica while the first
// is in its callback is not answered until the first finishes: 200 as a duplicate after a
// success; after a failure or a panic it runs the callback itself.
func TestHandlerDedupWaitsForTheHolder(t *testing.T) {
	body := fixture(t, "valid/push/success.json")
	for _, c := range []struct {
		name       string
		outcome    error
		first      string
		second     string
		wantCalls  int32
		wantLogged string
	}{
		{"success", nil, "200 ok", "200 duplicate", 1, ""},
		{"failure", errors.New("database down"), "500 the receiver failed to handle the event", "200 ok", 2, "database down"},
		{"panic", errors.New("panic"), "500 the receiver failed to handle the event", "200 ok", 2, "callback panicked"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newReplicaPair(t, webhook.NewMemoryDedup(time.Hour))
			first := make(chan string)
			go func() { first <- serve(p.first, context.Background(), body) }()
			<-p.started
			second := make(chan string)
			go func() { second <- serve(p.second, context.Background(), body) }()
			select {
			case got := <-second:
				t.Fatalf("the copy was answered %q while the first was still in its callback", got)
			case <-time.After(300 * time.Millisecond):
			}
			p.proceed <- c.outcome
			if got := <-first; got != c.first {
				t.Errorf("first: %q, want %q", got, c.first)
			}
			if got := <-second; got != c.second {
				t.Errorf("copy: %q, want %q", got, c.second)
			}
			if got := serve(p.second, context.Background(), body); got != "200 duplicate" {
				t.Errorf("retry: %q", got)
			}
			if n := p.calls.Load(); n != c.wantCalls {
				t.Errorf("%d callbacks, want %d", n, c.wantCalls)
			}
			if !strings.Contains(p.log.String(), c.wantLogged) {
				t.Errorf("log: %q", p.log.String())
			}
		})
	}
}

// TestHandlerDedupStillHeld: a copy that is still waiting when DedupWait ends is answered 503,
// so that Railz tries again; by then the delivery is done.
func TestHandlerDedupStillHeld(t *testing.T) {
	body := fixture(t, "valid/push/success.json")
	for _, where := range []string{"same handler", "other replica"} {
		t.Run(where, func(t *testing.T) {
			p := newReplicaPair(t, webhook.NewMemoryDedup(time.Hour), webhook.DedupWait(200*time.Millisecond))
			other := p.second
			if where == "same handler" {
				other = p.first
			}
			first := make(chan string)
			go func() { first <- serve(p.first, context.Background(), body) }()
			<-p.started
			start := time.Now()
			if got := serve(other, context.Background(), body); !strings.HasPrefix(got, "503 ") {
				t.Errorf("copy while held: %q, want 503", got)
			}
			if waited := time.Since(start); waited < 200*time.Millisecond || waited > 5*time.Second {
				t.Errorf("the copy waited %s, want DedupWait (200ms)", waited)
			}
			p.proceed <- nil
			if got := <-first; got != "200 ok" {
				t.Errorf("first: %q", got)
			}
			if got := serve(other, context.Background(), body); got != "200 duplicate" {
				t.Errorf("retry: %q", got)
			}
			if n := p.calls.Load(); n != 1 {
				t.Errorf("%d callbacks", n)
			}
		})
	}
}

// TestHandlerDedupVerdicts: OnDelivery sees a copy answered 503 as VerdictInProgress.
func TestHandlerDedupVerdicts(t *testing.T) {
	body := fixture(t, "valid/push/success.json")
	d := webhook.NewMemoryDedup(time.Hour)
	held, err := d.Claim(context.Background(), "e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64", time.Minute)
	if err != nil || held.State != webhook.ClaimWon {
		t.Fatal(held, err)
	}
	var got []webhook.Verdict
	h := newHandler(t, webhook.WithDedup(d), webhook.DedupWait(50*time.Millisecond),
		webhook.OnDelivery(func(_ context.Context, dl *webhook.Delivery) error { got = append(got, dl.Verdict); return nil }))
	serve(h, context.Background(), body)
	d.Done(context.Background(), "e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64", held.Token)
	serve(h, context.Background(), body)
	if fmt.Sprint(got) != "[in-progress duplicate]" {
		t.Errorf("verdicts %v", got)
	}
}

// TestHandlerDedupLeaseTakeover: when the holder neither finishes nor fails (a replica that
// died mid-callback), a copy takes the delivery over once the lease ends; the holder's late
// success is logged as a claim lost.
func TestHandlerDedupLeaseTakeover(t *testing.T) {
	body := fixture(t, "valid/push/success.json")
	p := newReplicaPair(t, webhook.NewMemoryDedup(time.Hour), webhook.DedupLease(300*time.Millisecond), webhook.DedupWait(5*time.Second))
	first := make(chan string)
	go func() { first <- serve(p.first, context.Background(), body) }()
	<-p.started
	start := time.Now()
	if got := serve(p.second, context.Background(), body); got != "200 ok" {
		t.Errorf("copy after the lease: %q", got)
	}
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Errorf("taken over after %s, before the 300ms lease ended", waited)
	}
	p.proceed <- nil
	<-first
	if n := p.calls.Load(); n != 2 {
		t.Errorf("%d callbacks, want 2", n)
	}
	if !strings.Contains(p.log.String(), "raise DedupLease") {
		t.Errorf("log: %q", p.log.String())
	}
}

// TestHandlerDedupClientGone: Railz hanging up mid-callback does not leave the claim held:
// the success is recorded and the retry is a duplicate.
func TestHandlerDedupClientGone(t *testing.T) {
	body := fixture(t, "valid/push/success.json")
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	h := newHandler(t, webhook.WithDedup(webhook.NewMemoryDedup(time.Hour)), webhook.DedupWait(100*time.Millisecond),
		webhook.OnEvent(func(context.Context, railz.Event) error { calls++; cancel(); return nil }))
	serve(h, ctx, body)
	if got := serve(h, context.Background(), body); got != "200 duplicate" || calls != 1 {
		t.Errorf("retry: %q, %d callbacks", got, calls)
	}
}

// failingDedup is a store that is down.
type failingDedup struct{}

func (failingDedup) Claim(context.Context, string, time.Duration) (webhook.Claim, error) {
	return webhook.Claim{}, errors.New("connection refused")
}
func (failingDedup) Done(context.Context, string, string) error    { return nil }
func (failingDedup) Release(context.Context, string, string) error { return nil }

func TestHandlerDedupStoreDown(t *testing.T) {
	body := fixture(t, "valid/push/success.json")
	var logged syncBuffer
	calls := 0
	h := newHandler(t, webhook.WithDedup(failingDedup{}), webhook.ErrorLog(log.New(&logged, "", 0)),
		webhook.OnEvent(func(context.Context, railz.Event) error { calls++; return nil }))
	if got := serve(h, context.Background(), body); got != "500 the receiver failed to check for a retry" || calls != 0 {
		t.Errorf("store down: %q, %d callbacks", got, calls)
	}
	if !strings.Contains(logged.String(), "connection refused") {
		t.Errorf("log: %q", logged.String())
	}
}

func TestDedupOptions(t *testing.T) {
	for _, o := range []webhook.Option{webhook.DedupLease(0), webhook.DedupLease(-time.Second), webhook.DedupWait(0), webhook.DedupWait(60 * time.Second)} {
		if _, err := webhook.NewHandler([]string{secret}, o); err == nil {
			t.Error("a bad dedup option was accepted")
		}
	}
	if _, err := webhook.NewHandler([]string{secret}, webhook.DedupLease(time.Second), webhook.DedupWait(59*time.Second)); err != nil {
		t.Error(err)
	}
}

// TestMemoryDedupForgets: entries go after the TTL, without a scan per claim.
func TestMemoryDedupForgets(t *testing.T) {
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d := webhook.NewMemoryDedup(time.Hour)
	webhook.SetMemoryDedupClock(d, func() time.Time { return clock })
	ctx := context.Background()
	for i := range 5000 {
		id := fmt.Sprint("m", i)
		c, _ := d.Claim(ctx, id, time.Minute)
		if err := d.Done(ctx, id, c.Token); err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(time.Second)
	}
	// Now is 5000 s after the first: those done 3600 s ago or more (m0 to m1400) are gone.
	if n := d.Len(); n != 3599 {
		t.Errorf("%d remembered, want 3599", n)
	}
	if c, _ := d.Claim(ctx, "m0", time.Minute); c.State != webhook.ClaimWon {
		t.Errorf("forgotten delivery: %s", c.State)
	}
	if c, _ := d.Claim(ctx, "m4999", time.Minute); c.State != webhook.ClaimDone {
		t.Errorf("remembered delivery: %s", c.State)
	}
	clock = clock.Add(2 * time.Hour)
	if n := d.Len(); n != 0 {
		t.Errorf("%d remembered after the TTL", n)
	}
}
