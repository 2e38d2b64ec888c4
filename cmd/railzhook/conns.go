package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/railzhook/railzhook/webhook"
)

// Connections of listen: at most --max-conns at once, and slow ones never crowd out the rest.
//
// A connection is in one of three phases: reading a request (from its first byte, or from the
// end of the previous request, until its body has been read), serving it (the handler's work
// and the answer), or idle between requests. When every slot is taken and another connection
// arrives, the limiter makes room by closing a connection that is not making progress: an
// idle one first, else the one reading at the lowest rate among those that have been reading
// for at least evictAfter at less than evictRate. A connection being served is never closed.
// Only when every open connection is making progress does the new one wait for a slot (in the
// kernel's backlog, as further ones do).
//
// So clients that trickle their headers or body hold a slot only until someone needs it, and
// the handler's own minimum body rate (webhook.MinBodyRate) ends them soon after anyway.
const (
	evictAfter = time.Second
	evictRate  = webhook.DefaultMinBodyRate // bytes a second
	// evictPoll is how often a waiting connection looks again for one to close.
	evictPoll = 100 * time.Millisecond
)

// limitListener accepts at most n connections at once, closing connections that make no
// progress to make room for new ones (see above). Pass its track, connState and
// connContext to the http.Server that serves it, so that it knows each connection's phase.
func limitListener(ln net.Listener, n int) *limited {
	return &limited{Listener: ln, max: n, open: map[*slotConn]struct{}{}, freed: make(chan struct{}, 1), closed: make(chan struct{})}
}

type limited struct {
	net.Listener
	max       int
	mu        sync.Mutex
	open      map[*slotConn]struct{}
	freed     chan struct{} // a slot was given back
	closed    chan struct{}
	closeOnce sync.Once
	evicted   atomic.Int64 // connections closed to make room (for tests)
}

// slotConn is one admitted connection. Its phase fields are guarded by the listener's mu.
type slotConn struct {
	net.Conn
	l    *limited
	read atomic.Int64 // bytes read from the connection
	once sync.Once

	serving bool      // its request's body has been read: the handler is at work
	idle    bool      // between requests
	since   time.Time // when the current phase began
	base    int64     // read when it began
}

func (c *slotConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read.Add(int64(n))
	return n, err
}

func (c *slotConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.open, c)
		c.l.mu.Unlock()
		select {
		case c.l.freed <- struct{}{}:
		default:
		}
	})
	return err
}

// Close stops accepting; connections already open are the server's to close.
func (l *limited) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

func (l *limited) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	sc := &slotConn{Conn: c, l: l, since: time.Now()}
	var tick *time.Ticker
	for {
		l.mu.Lock()
		if len(l.open) < l.max {
			l.open[sc] = struct{}{}
			l.mu.Unlock()
			if tick != nil {
				tick.Stop()
			}
			return sc, nil
		}
		victim := l.laggard(time.Now())
		l.mu.Unlock()
		if victim != nil {
			l.evicted.Add(1)
			victim.Close()
			continue
		}
		if tick == nil {
			tick = time.NewTicker(evictPoll)
		}
		select {
		case <-l.freed:
		case <-tick.C:
		case <-l.closed:
			tick.Stop()
			c.Close()
			return nil, net.ErrClosed
		}
	}
}

// laggard picks the connection to close for a new one, or nil. l.mu is held.
func (l *limited) laggard(now time.Time) *slotConn {
	var worst *slotConn
	worstRate := 0.0
	for c := range l.open {
		if c.serving {
			continue
		}
		if c.idle {
			if worst == nil || !worst.idle || c.since.Before(worst.since) {
				worst = c
			}
			continue
		}
		if worst != nil && worst.idle {
			continue
		}
		age := now.Sub(c.since)
		if age < evictAfter {
			continue
		}
		rate := float64(c.read.Load()-c.base) / age.Seconds()
		if rate < evictRate && (worst == nil || rate < worstRate) {
			worst, worstRate = c, rate
		}
	}
	return worst
}

// phase records that c entered a phase.
func (l *limited) phase(c *slotConn, serving, idle bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c.serving, c.idle = serving, idle
	c.since, c.base = time.Now(), c.read.Load()
}

// connState is the server's ConnState hook: a request begins (reading) or one ends (idle).
func (l *limited) connState(nc net.Conn, s http.ConnState) {
	c, ok := nc.(*slotConn)
	if !ok {
		return
	}
	switch s {
	case http.StateActive:
		l.phase(c, false, false)
	case http.StateIdle:
		l.phase(c, false, true)
	}
}

type connKey struct{}

// connContext is the server's ConnContext hook: it lets track find a request's connection.
func (l *limited) connContext(ctx context.Context, nc net.Conn) context.Context {
	if c, ok := nc.(*slotConn); ok {
		return context.WithValue(ctx, connKey{}, c)
	}
	return ctx
}

// track wraps the handler: once a request's body has been read (to its end, or to an error),
// its connection is being served and is no longer a candidate for closing.
func (l *limited) track(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, ok := r.Context().Value(connKey{}).(*slotConn); ok {
			r.Body = &bodyEnd{ReadCloser: r.Body, end: func() { l.phase(c, true, false) }}
		}
		h.ServeHTTP(w, r)
	})
}

// bodyEnd calls end once, when a read reports the end of the body or an error.
type bodyEnd struct {
	io.ReadCloser
	end  func()
	done bool
}

func (b *bodyEnd) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !b.done {
		b.done = true
		b.end()
	}
	return n, err
}
