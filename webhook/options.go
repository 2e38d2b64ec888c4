package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"reflect"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/validate"
)

// DefaultMaxBodyBytes caps a request body: 16 MiB. A 10,000-item batchPush is about 2.5 MB.
const DefaultMaxBodyBytes = 16 << 20

// Option configures a Verifier or a Handler.
type Option func(*config)

type config struct {
	tolerance  time.Duration
	now        func() time.Time
	maxBytes   int64
	mode       validate.Mode
	onEvent    func(context.Context, railz.Event) error
	typed      map[reflect.Type]func(context.Context, railz.Event) error
	onUnknown  func(ctx context.Context, event string, body json.RawMessage) error
	onDelivery func(context.Context, *Delivery) error
	dedup      Dedup
	dedupLease time.Duration
	dedupWait  time.Duration
	insecure   bool
	errorLog   *log.Logger
	err        error
	// unverified caps the bytes of bodies held before verification; minBodyRate is the
	// slowest a body may arrive, in bytes per second (0: no minimum). See body.go.
	unverified  int64
	minBodyRate int64
}

func newConfig(opts []Option) *config {
	c := &config{tolerance: DefaultTolerance, now: time.Now, maxBytes: DefaultMaxBodyBytes, dedupLease: DefaultDedupLease, dedupWait: DefaultDedupWait, typed: map[reflect.Type]func(context.Context, railz.Event) error{},
		unverified: DefaultMaxUnverifiedBytes, minBodyRate: DefaultMinBodyRate}
	for _, o := range opts {
		o(c)
	}
	return c
}

func (c *config) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("webhook: "+format, args...)
	}
}

// Tolerance sets how far a signature's timestamp may be from the clock, in either direction
// (default 5 minutes). It must be positive.
func Tolerance(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.fail("tolerance must be positive, not %s", d)
			return
		}
		c.tolerance = d
	}
}

// Clock replaces time.Now, for tests.
func Clock(now func() time.Time) Option {
	return func(c *config) {
		if now == nil {
			c.fail("nil clock")
			return
		}
		c.now = now
	}
}

// MaxBodyBytes caps the request body (default 16 MiB); larger requests get 413.
func MaxBodyBytes(n int64) Option {
	return func(c *config) {
		if n <= 0 {
			c.fail("MaxBodyBytes must be positive, not %d", n)
			return
		}
		c.maxBytes = n
	}
}

// DefaultMaxUnverifiedBytes is the default of MaxUnverifiedBytes: 128 MiB, eight bodies of
// the largest size at once.
const DefaultMaxUnverifiedBytes = 128 << 20

// MaxUnverifiedBytes caps the memory held, across all the requests the handler is reading at
// once, for bodies whose signature is not yet verified (default 128 MiB). Each request reads
// its first 256 KiB freely; a body larger than that reserves the rest of its length (its
// Content-Length, or MaxBodyBytes when it has none) from this budget before reading on, waits
// for it in turn for at most 10 seconds, and is answered 503 (Railz retries) if it does not
// get it. The reservation is given back once the signature is verified, or when a delivery
// whose signature is wrong has been answered. So the handler holds, for bodies no secret has
// vouched for, at most n plus 256 KiB per request being read; a verified body is held once,
// in a buffer of its own size, until its callback returns.
func MaxUnverifiedBytes(n int64) Option {
	return func(c *config) {
		if n <= 0 {
			c.fail("MaxUnverifiedBytes must be positive, not %d", n)
			return
		}
		c.unverified = n
	}
}

// DefaultMinBodyRate is the default of MinBodyRate: 64 KiB a second.
const DefaultMinBodyRate = 64 << 10

// MinBodyRate sets the slowest a request body may arrive, in bytes per second, averaged from
// the start of the body once its first 5 seconds have passed (default 64 KiB/s: a 16 MiB body
// may take 4 minutes, a 3 KB one any time within 5 seconds). The handler moves the
// connection's read deadline (http.ResponseController) as bytes arrive, so a client that
// stalls or trickles its body is answered 408 and its connection closed once it falls
// behind, instead of holding the connection for the server's ReadTimeout. 0 sets no minimum.
func MinBodyRate(bytesPerSecond int64) Option {
	return func(c *config) {
		if bytesPerSecond < 0 {
			c.fail("MinBodyRate must not be negative, not %d", bytesPerSecond)
			return
		}
		c.minBodyRate = bytesPerSecond
	}
}

// Strict validates payloads in strict mode (see validate.Strict). The default mode suits
// production: it accepts members and enumeration values Railz adds later.
func Strict() Option { return func(c *config) { c.mode = validate.ModeStrict } }

// OnEvent sets the function called with every valid event that has no callback of its own
// (see On). An error answers 500, so Railz retries the delivery.
func OnEvent(fn func(context.Context, railz.Event) error) Option {
	return func(c *config) { c.onEvent = fn }
}

// On sets the callback for one event type, e.g.
//
//	webhook.On(func(ctx context.Context, ev *railz.BatchPushEvent) error { ... })
//
// An error answers 500, so Railz retries the delivery.
func On[E railz.Event](fn func(context.Context, E) error) Option {
	return func(c *config) {
		t := reflect.TypeFor[E]()
		if _, dup := c.typed[t]; dup {
			c.fail("two callbacks for %s", t)
			return
		}
		c.typed[t] = func(ctx context.Context, ev railz.Event) error { return fn(ctx, ev.(E)) }
	}
}

// OnUnknownEvent sets the function called with a correctly signed delivery whose data.event
// this version does not know. Such deliveries are acknowledged (200), not rejected, whether
// or not this is set; an error from fn answers 500.
func OnUnknownEvent(fn func(ctx context.Context, event string, body json.RawMessage) error) Option {
	return func(c *config) { c.onUnknown = fn }
}

// OnDelivery sets a function called with every delivery, whatever its verdict, after the
// verdict is known and before the answer is written. If it fails the answer is 500, so a
// delivery is never acknowledged unless it was recorded. railzhook listen stores deliveries
// this way.
func OnDelivery(fn func(context.Context, *Delivery) error) Option {
	return func(c *config) { c.onDelivery = fn }
}

// WithDedup makes the callback of each delivery run once however many copies of it arrive,
// here or on other replicas sharing d's store, and acknowledges the copies. Before the
// callback runs, the handler claims the delivery's requestId in d for DedupLease:
//
//   - the claim won, the callback runs; when it succeeds the claim is marked done, when it
//     fails or panics the claim is released (the answer is 500, and Railz's retry runs the
//     callback again);
//   - a copy that finds the delivery done is answered 200 as a duplicate;
//   - a copy that finds it claimed by another request waits, DedupWait at most, for that
//     claim to be done (200, duplicate) or released (it claims the delivery and runs the
//     callback); still held when the wait ends, it is answered 503 so that Railz retries;
//   - a claim whose holder died mid-callback is taken over once its lease ends.
//
// Use NewMemoryDedup for one process, NewSQLDedup for several replicas on one database.
func WithDedup(d Dedup) Option { return func(c *config) { c.dedup = d } }

// DedupLease sets how long a claim on a delivery holds (default DefaultDedupLease, 70 s)
// before another request may take the delivery over, as it does when the replica that
// claimed it died mid-callback. It must be longer than the callback's longest run: a
// callback still running when its lease ends may run a second time elsewhere.
func DedupLease(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.fail("DedupLease must be positive, not %s", d)
			return
		}
		c.dedupLease = d
	}
}

// DedupWait bounds how long a copy of a delivery waits for another request that is
// handling it before answering 503 (default DefaultDedupWait, 20 s). It must be positive and
// under 60 s, Railz's timeout for an answer; keep it well under, so that a copy that takes
// over a released claim still has time to run the callback.
func DedupWait(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 || d >= 60*time.Second {
			c.fail("DedupWait must be positive and under Railz's 60s timeout, not %s", d)
			return
		}
		c.dedupWait = d
	}
}

// InsecureSkipSignature accepts deliveries without checking their signature. It is meant for
// local development only; a Handler needs either secrets or this option, never both
// (NewHandler refuses secrets with this option rather than ignore one of the two).
func InsecureSkipSignature() Option { return func(c *config) { c.insecure = true } }

// errInsecureWithSecrets: NewHandler was given secrets and InsecureSkipSignature.
var errInsecureWithSecrets = errors.New("webhook: secrets and InsecureSkipSignature do not go together: give secrets to verify signatures, or InsecureSkipSignature and no secrets to skip them")

// ErrorLog receives callback failures and panics (default: the standard logger).
func ErrorLog(l *log.Logger) Option { return func(c *config) { c.errorLog = l } }
