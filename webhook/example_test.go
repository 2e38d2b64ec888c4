package webhook_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/webhook"
)

// A service registers one callback per event type it cares about, and one for the rest.
// Here a test server stands in for the service and a signed request for Railz.
func ExampleHandler() {
	secret := "whsec_from_the_railz_dashboard" // in production: os.Getenv("RAILZ_WEBHOOK_SECRET")
	h, err := webhook.NewHandler([]string{secret},
		webhook.On(func(ctx context.Context, ev *railz.ConnectionStatusEvent) error {
			fmt.Printf("%s is now %s (%s)\n", ev.Data.ConnectionID, ev.Data.NewStatus, *ev.Data.DisconnectReason)
			return nil
		}),
		webhook.OnEvent(func(ctx context.Context, ev railz.Event) error {
			fmt.Println("other event:", ev.EventName())
			return nil
		}),
		webhook.WithDedup(webhook.NewMemoryDedup(24*time.Hour)),
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	srv := httptest.NewServer(h) // in production: http.Handle("/webhooks/railz", h)
	defer srv.Close()

	body := []byte(`{"data": {"event": "connectionStatus", "connectionId": "CON-8602a97d-89a6-45d2-897b-625f8b6b9e86",
  "businessName": "Acme", "serviceName": "quickbooks", "oldStatus": "active", "newStatus": "disconnected",
  "disconnectReason": "expiredCredentials", "effectiveOn": "2021-05-07T10:18:29.985Z"},
  "requestId": "c41e8d2a-7b36-4f09-a5d8-3e6f1b9c0a72"}`)
	for i := 0; i < 2; i++ { // the second delivery is a retry
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, secret, time.Now()))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.Status)
	}
	// Output:
	// CON-8602a97d-89a6-45d2-897b-625f8b6b9e86 is now disconnected (expiredCredentials)
	// 200 OK
	// 200 OK
}
