package receiver

import (
	"testing"

	"github.com/railzhook/railzhook/webhooktest"
)

// TestContract sends the receiver every payload the Railz schemas allow (and ways each can be
// wrong), signed, and holds its answers to the contract: 2xx for valid ones, 4xx for invalid
// ones, a retry acknowledged as a duplicate.
func TestContract(t *testing.T) {
	r, h, err := New("whsec_consumer_test")
	if err != nil {
		t.Fatal(err)
	}
	results := webhooktest.Check(t, h, webhooktest.Config{Secret: "whsec_consumer_test"})
	valid := 0
	for _, res := range results {
		if res.Want == "2xx" {
			valid++
		}
	}
	if r.Handled != valid {
		t.Errorf("handled %d events for %d valid deliveries", r.Handled, valid)
	}
	if len(r.FailedPushes) == 0 {
		t.Error("no failed push among the payloads: the covering set should hold one")
	}
}
