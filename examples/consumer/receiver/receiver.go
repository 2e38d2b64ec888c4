// Package receiver is a small Railz webhook receiver: it counts failed pushes per connection
// and remembers connections that were disconnected.
package receiver

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/webhook"
)

// Receiver keeps what the webhooks said.
type Receiver struct {
	mu           sync.Mutex
	FailedPushes map[string]int // connectionId -> failed pushes
	Disconnected map[string]bool
	Handled      int
}

// New returns a receiver and its http.Handler, which verifies signatures with secret. It
// deduplicates in memory, which suits one process; for several replicas pass
// webhook.WithDedup(sqlDedup) among opts (see cmd/receiver's -postgres flag).
func New(secret string, opts ...webhook.Option) (*Receiver, http.Handler, error) {
	r := &Receiver{FailedPushes: map[string]int{}, Disconnected: map[string]bool{}}
	h, err := webhook.NewHandler([]string{secret}, append([]webhook.Option{
		webhook.WithDedup(webhook.NewMemoryDedup(24 * time.Hour)),
		webhook.On(func(ctx context.Context, ev *railz.PushEvent) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			if ev.Data.Status == railz.PushStatusFailed {
				r.FailedPushes[ev.Data.ConnectionID]++
			}
			r.Handled++
			return nil
		}),
		webhook.On(func(ctx context.Context, ev *railz.ConnectionStatusEvent) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.Disconnected[ev.Data.ConnectionID] = ev.Data.NewStatus == railz.ConnectionStatusDisconnected
			r.Handled++
			return nil
		}),
		webhook.OnEvent(func(ctx context.Context, ev railz.Event) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.Handled++
			return nil
		}),
	}, opts...)...)
	return r, h, err
}
