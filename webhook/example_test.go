package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/validate"
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

// Verify checks a Railz-Signature header against the raw body. While a secret is rotated,
// give both: a signature made with either is accepted.
func ExampleVerify() {
	body := []byte(`{"data":{"event":"push"},"requestId":"c41e8d2a-7b36-4f09-a5d8-3e6f1b9c0a72"}`)
	header := webhook.Sign(body, "whsec_new", time.Now()) // what Railz sends

	fmt.Println(webhook.Verify(header, body, "whsec_old", "whsec_new"))
	err := webhook.Verify(header, append(body, ' '), "whsec_old", "whsec_new")
	fmt.Println(errors.Is(err, webhook.ErrBadSignature), err)
	err = webhook.Verify("", body, "whsec_new")
	fmt.Println(errors.Is(err, webhook.ErrMissingHeader), err)
	// Output:
	// <nil>
	// true webhook: signature does not match the body
	// true webhook: missing Railz-Signature header
}

// ParseRequest is the one call a hand-written handler needs: it verifies the signature,
// reads the body within the cap, validates the payload and decodes it.
func ExampleParseRequest() {
	secrets := []string{"whsec_from_the_railz_dashboard"} // os.Getenv("RAILZ_WEBHOOK_SECRET")
	handle := func(w http.ResponseWriter, r *http.Request) {
		ev, err := webhook.ParseRequest(r, secrets)
		var invalid *validate.Error
		switch {
		case errors.As(err, &invalid):
			http.Error(w, invalid.Error(), http.StatusBadRequest)
			return
		case errors.Is(err, webhook.ErrTooLarge):
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil: // ErrMissingHeader, ErrBadSignature, ErrTimestampOutOfTolerance, ...
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		switch ev := ev.(type) {
		case *railz.PushEvent:
			fmt.Fprintln(w, "push", ev.Data.Status, ev.Data.SourceObjectIDs)
		default:
			fmt.Fprintln(w, "event", ev.EventName())
		}
	}

	valid := []byte(`{"data": {"event": "push", "connectionId": "CON-8602a97d-89a6-45d2-897b-625f8b6b9e86",
  "businessName": "Acme", "serviceName": "quickbooks", "pushCommunicationId": "60473b57f0cdd1683ca71f60",
  "sourceObjectIds": ["INV-1"], "dataType": "invoices", "status": "success", "responseCode": 200,
  "requestedOn": "2023-01-17T16:50:24.063Z", "completedOn": "2023-01-17T16:50:26.120Z"},
  "requestId": "c41e8d2a-7b36-4f09-a5d8-3e6f1b9c0a72"}`)
	invalid := bytes.Replace(valid, []byte(`"success"`), []byte(`"pending"`), 1)
	for _, d := range []struct {
		body   []byte
		header string
	}{
		{valid, webhook.Sign(valid, secrets[0], time.Now())},
		{valid, ""},
		{valid, webhook.Sign(valid, "whsec_guess", time.Now())},
		{invalid, webhook.Sign(invalid, secrets[0], time.Now())},
	} {
		req := httptest.NewRequest(http.MethodPost, "/webhooks/railz", bytes.NewReader(d.body))
		if d.header != "" {
			req.Header.Set(webhook.SignatureHeader, d.header)
		}
		rec := httptest.NewRecorder()
		handle(rec, req)
		fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// 200 push success [INV-1]
	// 401 webhook: missing Railz-Signature header
	// 401 webhook: signature does not match the body
	// 400 invalid push webhook payload: /data/status: "pending" is not one of "success", "failed" (enum)
}

// The receiving example of the README, run: one callback for batch push results, retries
// acknowledged once handled.
func ExampleNewHandler() {
	os.Setenv("RAILZ_WEBHOOK_SECRET", "whsec_example") // in production, from your secret store
	recordPushResults := func(ctx context.Context, batchID string, batch []railz.PushResult) error {
		fmt.Println("batch", batchID, "with", len(batch), "results")
		return nil
	}
	h, err := webhook.NewHandler(
		[]string{os.Getenv("RAILZ_WEBHOOK_SECRET")}, // add the new secret here while rotating
		webhook.On(func(ctx context.Context, ev *railz.BatchPushEvent) error {
			return recordPushResults(ctx, ev.Data.BatchID, ev.Data.Batch)
		}),
		webhook.WithDedup(webhook.NewMemoryDedup(24*time.Hour)), // acknowledge retries once handled
	)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux() // in production: http.Handle("/webhooks/railz", h)
	mux.Handle("/webhooks/railz", h)

	body, _ := os.ReadFile("../testdata/valid/batchPush/seed-000-batch-push.json")
	for i := 0; i < 2; i++ { // the second delivery is a retry
		req := httptest.NewRequest(http.MethodPost, "/webhooks/railz", bytes.NewReader(body))
		req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, "whsec_example", time.Now()))
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		fmt.Println(rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	// Output:
	// batch 63c6d1d02175edb3822e8d47 with 3 results
	// 200 {"status":"ok","event":"batchPush"}
	// 200 {"status":"duplicate","event":"batchPush"}
}
