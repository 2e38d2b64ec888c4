package webhooktest_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/webhook"
	"github.com/railzhook/railzhook/webhooktest"
)

// In a go test, webhooktest.Check(t, handler, cfg) reports every broken case as a test
// error. Run returns the same results, here for one event: valid payloads answered 2xx,
// invalid ones and forged signatures 4xx, and none of those ran the callback.
func ExampleRun() {
	var calls int64
	h, err := webhook.NewHandler([]string{"whsec_test"},
		webhook.ErrorLog(log.New(io.Discard, "", 0)),
		webhook.OnEvent(func(context.Context, railz.Event) error { calls++; return nil }))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	results, err := webhooktest.Run(h, webhooktest.Config{
		Secret:    "whsec_test",
		Events:    []string{"auth"},
		Random:    -1,
		CallCount: func() int64 { return calls },
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	broken := 0
	for _, r := range results {
		if !r.OK {
			broken++
		}
		if r.Signature != "" {
			fmt.Printf("%s: %d (%s)\n", r.Case, r.Status, r.Signature)
		}
	}
	fmt.Println(broken, "deliveries broke the contract")
	// Output:
	// signature-missing: 401 (no Railz-Signature header)
	// signature-malformed: 401 (a malformed Railz-Signature header)
	// signature-wrong: 401 (a signature that matches no secret)
	// signature-body-changed: 401 (its body changed after it was signed)
	// signature-stale: 401 (a timestamp 11m0s old (past the tolerance of 5m0s))
	// signature-future: 401 (a timestamp 11m0s in the future (past the tolerance of 5m0s))
	// signature-retired-secret: 401 (a signature made with the retired secret)
	// 0 deliveries broke the contract
}
