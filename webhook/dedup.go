package webhook

import (
	"container/heap"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Dedup makes a delivery's callback run once, however many copies of it arrive and on however
// many replicas, by claiming its requestId in a store that every replica shares:
//
//   - Claim tries to take the requestId for a lease. Exactly one caller wins (ClaimWon) and
//     runs the callback; a caller that finds a live claim of someone else gets ClaimHeld, and
//     one that finds the delivery handled gets ClaimDone.
//   - Done marks the won claim handled: every later Claim gets ClaimDone, for as long as the
//     store keeps it (its TTL).
//   - Release gives the won claim up after a failure, so that the next Claim wins and runs the
//     callback again (Railz retries a delivery that was not answered 2xx).
//   - A claim that is neither done nor released when its lease ends (its holder died) can be
//     won again by the next Claim.
//
// The Handler calls these (see WithDedup); implementations must be safe for concurrent use.
// MemoryDedup holds one process, SQLDedup any number of replicas on one PostgreSQL or SQLite
// database.
type Dedup interface {
	// Claim tries to claim the delivery with this requestId for lease. When it wins, Claim's
	// Token names the claim to Done and Release.
	Claim(ctx context.Context, requestID string, lease time.Duration) (Claim, error)
	// Done records that the claimed delivery was handled successfully. It returns an error
	// matching ErrClaimLost when the claim is no longer the caller's.
	Done(ctx context.Context, requestID, token string) error
	// Release gives the claim up, so that the delivery can be claimed and handled again. It
	// returns an error matching ErrClaimLost when the claim is no longer the caller's.
	Release(ctx context.Context, requestID, token string) error
}

// Claim is the answer of Dedup.Claim.
type Claim struct {
	State ClaimState
	// Token identifies a won claim (State ClaimWon) to Done and Release; it is empty otherwise.
	Token string
}

// ClaimState is what a store made of a claim.
type ClaimState int

// The answers to a claim.
const (
	// ClaimWon: the caller holds the claim; it runs the callback, then calls Done or Release.
	ClaimWon ClaimState = iota + 1
	// ClaimHeld: someone else holds a live claim on the delivery; it is being handled now.
	ClaimHeld
	// ClaimDone: the delivery was handled already; a copy of it is acknowledged as a duplicate.
	ClaimDone
)

func (s ClaimState) String() string {
	switch s {
	case ClaimWon:
		return "won"
	case ClaimHeld:
		return "held"
	case ClaimDone:
		return "done"
	}
	return fmt.Sprintf("ClaimState(%d)", int(s))
}

// ErrClaimLost is returned by Done and Release when the claim named by the token is no longer
// the caller's: its lease ended and someone else claimed the delivery, or it was released, or
// the store forgot it.
var ErrClaimLost = errors.New("webhook: the claim on this delivery is no longer held")

const (
	// DefaultDedupLease is how long a claim holds (DedupLease) before another replica may take
	// the delivery over: a little over the 60 s in which Railz wants an answer, so a callback
	// that is still running when Railz gives up on it and retries is not started a second
	// time, while the delivery of a replica that died is taken over by a retry soon after.
	DefaultDedupLease = 70 * time.Second
	// DefaultDedupWait bounds how long a copy of a delivery that is being handled elsewhere
	// waits for the outcome (DedupWait) before it answers 503: well inside the 60 s Railz
	// waits, leaving time to run the callback should the claim be released.
	DefaultDedupWait = 20 * time.Second
	// DefaultDedupTTL is how long a store remembers a delivery (a day; Railz retries within
	// minutes).
	DefaultDedupTTL = 24 * time.Hour
)

// newToken names one claim.
func newToken() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// MemoryDedup is a Dedup kept in memory: it serves one process only, however many Handlers
// share it. For several replicas use SQLDedup.
type MemoryDedup struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[string]*memoryEntry
	// expiries orders the entries by the time they may be forgotten, so expired ones are
	// dropped from its top without a scan.
	expiries expiryHeap
}

type memoryEntry struct {
	state      string // "held", "done" or "released"
	token      string
	leaseUntil time.Time
	expires    time.Time
}

type memoryExpiry struct {
	id string
	at time.Time
}

// expiryHeap is a min-heap of expiries (container/heap).
type expiryHeap []memoryExpiry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(memoryExpiry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// NewMemoryDedup remembers deliveries for ttl after they were handled (DefaultDedupTTL, a day,
// when ttl is not positive).
func NewMemoryDedup(ttl time.Duration) *MemoryDedup {
	if ttl <= 0 {
		ttl = DefaultDedupTTL
	}
	return &MemoryDedup{ttl: ttl, now: time.Now, entries: map[string]*memoryEntry{}}
}

// Claim implements Dedup.
func (m *MemoryDedup) Claim(_ context.Context, id string, lease time.Duration) (Claim, error) {
	if lease <= 0 {
		return Claim{}, fmt.Errorf("webhook: claim lease must be positive, not %s", lease)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	if e := m.entries[id]; e != nil && now.Before(e.expires) {
		switch {
		case e.state == "done":
			return Claim{State: ClaimDone}, nil
		case e.state == "held" && now.Before(e.leaseUntil):
			return Claim{State: ClaimHeld}, nil
		}
	}
	e := &memoryEntry{state: "held", token: newToken(), leaseUntil: now.Add(lease), expires: now.Add(lease + m.ttl)}
	m.entries[id] = e
	heap.Push(&m.expiries, memoryExpiry{id, e.expires})
	return Claim{State: ClaimWon, Token: e.token}, nil
}

// Done implements Dedup.
func (m *MemoryDedup) Done(_ context.Context, id, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.entries[id]
	if e == nil || e.token != token || e.state != "held" {
		return ErrClaimLost
	}
	e.state, e.expires = "done", m.now().Add(m.ttl)
	heap.Push(&m.expiries, memoryExpiry{id, e.expires})
	return nil
}

// Release implements Dedup.
func (m *MemoryDedup) Release(_ context.Context, id, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.entries[id]
	if e == nil || e.token != token || e.state != "held" {
		return ErrClaimLost
	}
	e.state = "released"
	return nil
}

// Len reports how many deliveries the MemoryDedup remembers.
func (m *MemoryDedup) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sweep(m.now())
	return len(m.entries)
}

// sweep forgets the entries whose time is up: logarithmic time per entry, no scan.
func (m *MemoryDedup) sweep(now time.Time) {
	for len(m.expiries) > 0 && !now.Before(m.expiries[0].at) {
		q := heap.Pop(&m.expiries).(memoryExpiry)
		// An entry changed later (done, or claimed again) has a later expiry queued too.
		if e := m.entries[q.id]; e != nil && !now.Before(e.expires) {
			delete(m.entries, q.id)
		}
	}
}

// keyLock serialises work on the same key within one process; it holds an entry only while
// a key is in use.
type keyLock struct {
	mu   sync.Mutex
	keys map[string]*keyEntry
}

type keyEntry struct {
	held  chan struct{} // a one-slot semaphore
	users int
}

// lock waits until no one else holds key, or ctx ends, and returns the function that
// releases it.
func (k *keyLock) lock(ctx context.Context, key string) (func(), error) {
	k.mu.Lock()
	if k.keys == nil {
		k.keys = map[string]*keyEntry{}
	}
	e := k.keys[key]
	if e == nil {
		e = &keyEntry{held: make(chan struct{}, 1)}
		k.keys[key] = e
	}
	e.users++
	k.mu.Unlock()
	leave := func() {
		k.mu.Lock()
		if e.users--; e.users == 0 {
			delete(k.keys, key)
		}
		k.mu.Unlock()
	}
	select {
	case e.held <- struct{}{}:
		return func() { <-e.held; leave() }, nil
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
}

// storeTimeout bounds each call to the Dedup store. Done and Release run with it even when
// the client went away: a claim must not be left held because Railz hung up.
const storeTimeout = 10 * time.Second

// Polling a claim held elsewhere starts at pollMin and doubles up to pollMax.
const (
	pollMin = 20 * time.Millisecond
	pollMax = 500 * time.Millisecond
)

// held is a claim the handler won on one delivery, until it is settled (done or released).
type held struct {
	h       *Handler
	id      string
	token   string
	unlock  func()
	settled bool
}

// claim makes sure this request is the only one handling delivery d: it waits (DedupWait at
// most) for copies of d in this process, then claims d in the store, waiting for a claim
// held elsewhere to be done or released. It returns the claim won, or nil after setting d's
// verdict and the answer to give: a duplicate (200), still being handled (503), or a store
// failure (500).
func (h *Handler) claim(ctx context.Context, d *Delivery) (*held, *answer) {
	wait, cancel := context.WithTimeout(ctx, h.cfg.dedupWait)
	defer cancel()
	busy := func() *answer {
		d.Verdict, d.Status = VerdictInProgress, http.StatusServiceUnavailable
		return &answer{Error: "another copy of this delivery is being handled; try again later", Event: d.Event}
	}
	unlock, err := h.inflight.lock(wait, d.RequestID)
	if err != nil {
		return nil, busy()
	}
	delay := pollMin
	for {
		sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
		c, err := h.cfg.dedup.Claim(sctx, d.RequestID, h.cfg.dedupLease)
		scancel()
		if err == nil && c.State == ClaimWon && c.Token == "" {
			err = errors.New("webhook: Dedup.Claim won a claim without a token")
		}
		if err == nil && c.State != ClaimWon && c.State != ClaimHeld && c.State != ClaimDone {
			err = fmt.Errorf("webhook: Dedup.Claim answered %s", c.State)
		}
		if err != nil {
			unlock()
			h.cfg.errorLog.Printf("railzhook: claiming delivery %q: %v", d.RequestID, err)
			d.Verdict, d.Status, d.CallbackError = VerdictCallbackFailed, http.StatusInternalServerError, err
			return nil, &answer{Error: "the receiver failed to check for a retry"}
		}
		switch c.State {
		case ClaimWon:
			return &held{h: h, id: d.RequestID, token: c.Token, unlock: unlock}, nil
		case ClaimDone:
			unlock()
			d.Verdict, d.Status = VerdictDuplicate, http.StatusOK
			return nil, &answer{Status: "duplicate", Event: d.Event}
		}
		t := time.NewTimer(delay)
		select {
		case <-wait.Done():
			t.Stop()
			unlock()
			return nil, busy()
		case <-t.C:
		}
		delay = min(2*delay, pollMax)
	}
}

// done marks the claim done after the callback succeeded.
func (c *held) done(ctx context.Context) {
	if c == nil || c.settled {
		return
	}
	c.settled = true
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	err := c.h.cfg.dedup.Done(sctx, c.id, c.token)
	switch {
	case errors.Is(err, ErrClaimLost):
		c.h.cfg.errorLog.Printf("railzhook: delivery %q was handled after its claim's lease (%s) ran out, and the claim was taken over, so the callback may have run twice: raise DedupLease above the callback's longest run", c.id, c.h.cfg.dedupLease)
	case err != nil:
		c.h.cfg.errorLog.Printf("railzhook: recording delivery %q as handled: %v (a copy may run the callback again once the lease ends)", c.id, err)
	}
}

// release gives the claim up after the callback failed, so that a retry runs it again.
func (c *held) release(ctx context.Context) {
	if c == nil || c.settled {
		return
	}
	c.settled = true
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	if err := c.h.cfg.dedup.Release(sctx, c.id, c.token); err != nil && !errors.Is(err, ErrClaimLost) {
		c.h.cfg.errorLog.Printf("railzhook: releasing the claim on delivery %q: %v (a retry runs the callback once the lease ends)", c.id, err)
	}
}

// close releases a claim that was never settled (the handler panicked) and lets the next copy
// in this process go on.
func (c *held) close(ctx context.Context) {
	if c == nil {
		return
	}
	c.release(ctx)
	c.unlock()
}
