package webhook

import (
	"errors"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
	"time"
)

// Reading a body before its signature is verified.
//
// A body cannot be verified until all of it has arrived, and it must be held until then, so
// a client without the secret can make the handler hold memory by sending large bodies, and
// time by sending them slowly. Both are bounded:
//
//   - Memory. Each request reads up to freeBodyBytes of its body into a buffer of its own.
//     A body larger than that must first reserve the rest of its length (its Content-Length,
//     or MaxBodyBytes when it has none) from one budget shared by every request of the
//     Handler (MaxUnverifiedBytes); it waits for the reservation, in turn, for at most
//     budgetWait, and is answered 503 if it does not get it. A request holds its
//     reservation until its signature is verified, or until it is answered when it is not,
//     and never waits again while it holds one, so the waits cannot deadlock. Bodies are
//     read into buffers sized from their Content-Length, so a verified body is held once.
//   - Time. Once bodyGrace has passed, a body must keep arriving at MinBodyRate on average
//     (the time spent waiting for a reservation is not counted): the connection's read
//     deadline is moved as bytes arrive, so a client that stalls or trickles is cut off
//     (408) within a second or so of falling behind, and a 16 MiB body has about 4 minutes
//     at the default rate.
const (
	freeBodyBytes = 256 << 10
	budgetWait    = 10 * time.Second
)

// bodyGrace is how long a body may take before MinBodyRate applies (a variable for tests).
var bodyGrace = 5 * time.Second

var (
	// errBusy: the budget for unverified bodies stayed full for budgetWait.
	errBusy = errors.New("webhook: too many bodies are waiting for their signature to be checked; retry later")
	// errTooSlow: the body arrived slower than MinBodyRate.
	errTooSlow = errors.New("webhook: the body arrived too slowly")
)

// readBody reads r's body, up to the cap, within the memory budget and at the minimum rate.
// release gives back the body's reservation (it may be called more than once); call it once
// the body no longer counts as unverified. The error is an *http.MaxBytesError for a body
// over the cap (the part read comes with it), errBusy, errTooSlow, or the read error.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) (body []byte, release func(), err error) {
	limit := h.cfg.maxBytes
	target := limit // the most bytes this body can have
	if r.ContentLength >= 0 && r.ContentLength < limit {
		target = r.ContentLength
	}
	var held int64
	release = func() {
		if held > 0 {
			h.budget.release(held)
			held = 0
		}
	}
	src := http.MaxBytesReader(w, r.Body, limit)
	rc := http.NewResponseController(w)
	rate := h.cfg.minBodyRate
	start := time.Now() // the rate is wall-clock time, whatever Clock says
	// due is when a body of n bytes so far falls behind the minimum rate.
	due := func(n int) time.Time {
		return start.Add(bodyGrace + time.Duration(float64(n+1)/float64(rate)*float64(time.Second)))
	}
	deadlines := rate > 0
	defer func() {
		switch {
		case err == errTooSlow || err == errBusy:
			// Nothing more is read from this client: not even the rest of the body, which the
			// server would otherwise read (and wait for) before closing the connection.
			rc.SetReadDeadline(time.Now())
		case deadlines:
			rc.SetReadDeadline(time.Time{}) // the rest of the request is the server's again
		}
	}()
	size := target + 1 // room for the read that reports the end of the body
	if r.ContentLength < 0 {
		size = min(size, 16<<10) // unknown length: grow as it comes
	}
	buf := make([]byte, 0, min(size, freeBodyBytes+1))
	for {
		if len(buf) == cap(buf) {
			grown := min(target+1, 2*int64(cap(buf)))
			if r.ContentLength >= 0 {
				grown = target + 1
			}
			if held == 0 && grown > freeBodyBytes+1 {
				need := target + 1 - freeBodyBytes
				waitStart := time.Now()
				if !h.budget.acquire(r.Context().Done(), need, budgetWait) {
					return buf, release, errBusy
				}
				held = need
				start = start.Add(time.Since(waitStart))
			}
			next := make([]byte, len(buf), grown)
			copy(next, buf)
			buf = next
		}
		if deadlines {
			if err := rc.SetReadDeadline(due(len(buf))); err != nil {
				deadlines = false // the ResponseWriter cannot; check after each read only
			}
		}
		n, err := src.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case err == io.EOF:
			return buf, release, nil
		case errors.Is(err, os.ErrDeadlineExceeded) && rate > 0:
			return buf, release, errTooSlow
		case err != nil:
			return buf, release, err
		case rate > 0 && time.Now().After(due(len(buf)-1)):
			return buf, release, errTooSlow
		}
	}
}

// budget is a FIFO counting semaphore of bytes.
type budget struct {
	mu      sync.Mutex
	size    int64
	used    int64
	peak    int64 // the most ever held at once (for tests)
	waiters []*budgetWaiter
}

type budgetWaiter struct {
	n     int64
	ready chan struct{}
}

func newBudget(size int64) *budget { return &budget{size: size} }

// acquire takes n bytes (at most the whole budget) when they are free and no one waits
// before it. It gives up, taking nothing, when done is closed or after wait.
func (b *budget) acquire(done <-chan struct{}, n int64, wait time.Duration) bool {
	b.mu.Lock()
	n = min(n, b.size)
	if len(b.waiters) == 0 && b.used+n <= b.size {
		b.take(n)
		b.mu.Unlock()
		return true
	}
	w := &budgetWaiter{n: n, ready: make(chan struct{})}
	b.waiters = append(b.waiters, w)
	b.mu.Unlock()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-w.ready:
		return true
	case <-done:
	case <-t.C:
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-w.ready: // granted meanwhile: give it back
		b.used -= w.n
		b.grant()
		return false
	default:
	}
	for i, x := range b.waiters {
		if x == w {
			b.waiters = append(b.waiters[:i], b.waiters[i+1:]...)
			break
		}
	}
	b.grant() // the next waiter may fit now that this one is gone
	return false
}

// release gives n bytes back.
func (b *budget) release(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= min(n, b.size)
	b.grant()
}

// grant wakes the waiters at the head of the queue that fit. b.mu is held.
func (b *budget) grant() {
	for len(b.waiters) > 0 && b.used+b.waiters[0].n <= b.size {
		w := b.waiters[0]
		b.waiters = b.waiters[1:]
		b.take(w.n)
		close(w.ready)
	}
}

func (b *budget) take(n int64) {
	b.used += n
	b.peak = max(b.peak, b.used)
}

// busyLog reports 503s for a full budget to the error log, at most once a minute.
type busyLog struct {
	mu    sync.Mutex
	last  time.Time
	count int
}

func (b *busyLog) note(l *log.Logger) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.count++
	if time.Since(b.last) < time.Minute {
		return
	}
	l.Printf("railzhook: answered 503 to %d request(s) since the last report: bodies waiting for their signature to be checked filled MaxUnverifiedBytes", b.count)
	b.last, b.count = time.Now(), 0
}
