package webhook

import (
	"context"
	"sync"
	"time"
)

// Dedup remembers which deliveries were handled, by requestId, so that a retried delivery
// is acknowledged without running the callback twice. Implementations must be safe for
// concurrent use. Within one Handler, copies of a delivery that arrive at the same moment are
// handled one after the other, so only the first runs the callback; across processes, use a
// Dedup whose Seen and Done share a store.
type Dedup interface {
	// Seen reports whether the delivery with this requestId was already handled.
	Seen(ctx context.Context, requestID string) (bool, error)
	// Done records that it was handled successfully.
	Done(ctx context.Context, requestID string) error
}

// MemoryDedup is a Dedup kept in memory for a fixed time. Use a shared store (a database
// table with requestId as its key) when several processes receive webhooks.
type MemoryDedup struct {
	ttl  time.Duration
	now  func() time.Time
	mu   sync.Mutex
	seen map[string]time.Time
}

// NewMemoryDedup remembers requestIds for ttl (a day is plenty: Railz retries within minutes).
func NewMemoryDedup(ttl time.Duration) *MemoryDedup {
	return &MemoryDedup{ttl: ttl, now: time.Now, seen: map[string]time.Time{}}
}

// Seen implements Dedup.
func (m *MemoryDedup) Seen(_ context.Context, id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	at, ok := m.seen[id]
	return ok && m.now().Sub(at) < m.ttl, nil
}

// Done implements Dedup.
func (m *MemoryDedup) Done(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if len(m.seen) > 1024 {
		for k, at := range m.seen {
			if now.Sub(at) >= m.ttl {
				delete(m.seen, k)
			}
		}
	}
	m.seen[id] = now
	return nil
}

// keyLock serialises work on the same key; it holds an entry only while a key is in use.
type keyLock struct {
	mu   sync.Mutex
	keys map[string]*keyEntry
}

type keyEntry struct {
	mu    sync.Mutex
	users int
}

// lock waits until no one else holds key, and returns the function that releases it.
func (k *keyLock) lock(key string) func() {
	k.mu.Lock()
	if k.keys == nil {
		k.keys = map[string]*keyEntry{}
	}
	e := k.keys[key]
	if e == nil {
		e = &keyEntry{}
		k.keys[key] = e
	}
	e.users++
	k.mu.Unlock()
	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		k.mu.Lock()
		if e.users--; e.users == 0 {
			delete(k.keys, key)
		}
		k.mu.Unlock()
	}
}
