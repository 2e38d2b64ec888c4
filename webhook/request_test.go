package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/validate"
	"github.com/railzhook/railzhook/webhook"
)

func TestParseRequest(t *testing.T) {
	body := fixture(t, "valid/auth/docs-fragment-completed.json")
	clock := webhook.Clock(func() time.Time { return now })
	post := func(body []byte, header string) (railz.Event, error) {
		req := httptest.NewRequest("POST", "/webhooks", bytes.NewReader(body))
		if header != "" {
			req.Header.Set(webhook.SignatureHeader, header)
		}
		return webhook.ParseRequest(req, []string{"whsec_old", secret}, clock)
	}
	ev, err := post(body, webhook.Sign(body, secret, now))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ev.(*railz.AuthEvent); !ok {
		t.Errorf("decoded as %T", ev)
	}
	invalid := []byte(strings.Replace(string(body), `"requestId"`, `"requestID"`, 1))
	changed := append(bytes.Clone(body[:len(body)-1]), ' ', '}')
	for _, c := range []struct {
		name   string
		body   []byte
		header string
		want   error
	}{
		{"no header", body, "", webhook.ErrMissingHeader},
		{"malformed", body, "t=1", webhook.ErrMalformedHeader},
		{"other secret", body, webhook.Sign(body, "whsec_other", now), webhook.ErrBadSignature},
		{"body changed", changed, webhook.Sign(body, secret, now), webhook.ErrBadSignature},
		{"stale", body, webhook.Sign(body, secret, now.Add(-time.Hour)), webhook.ErrTimestampOutOfTolerance},
		{"future", body, webhook.Sign(body, secret, now.Add(time.Hour)), webhook.ErrTimestampOutOfTolerance},
		{"invalid payload", invalid, webhook.Sign(invalid, secret, now), validate.ErrInvalid},
	} {
		ev, err := post(c.body, c.header)
		if !errors.Is(err, c.want) || ev != nil {
			t.Errorf("%s: %v, %v; want %v", c.name, ev, err, c.want)
		}
	}
	// The old secret still verifies while it is rotated out.
	if _, err := post(body, webhook.Sign(body, "whsec_old", now)); err != nil {
		t.Errorf("rotation: %v", err)
	}
	var verr *validate.Error
	if _, err := post(invalid, webhook.Sign(invalid, secret, now)); !errors.As(err, &verr) || len(verr.Errors) == 0 {
		t.Errorf("invalid payload: %v is no *validate.Error with field errors", err)
	}

	// The body is read up to the cap and no further, and nothing past the cap is verified.
	big := bytes.Repeat([]byte(" "), 1<<20)
	req := httptest.NewRequest("POST", "/webhooks", bytes.NewReader(big))
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(big, secret, now))
	if _, err := webhook.ParseRequest(req, []string{secret}, clock, webhook.MaxBodyBytes(1000)); !errors.Is(err, webhook.ErrTooLarge) {
		t.Errorf("large body: %v", err)
	}
	// Configuration errors come before the body is read.
	req = httptest.NewRequest("POST", "/webhooks", bytes.NewReader(body))
	if _, err := webhook.ParseRequest(req, nil); !errors.Is(err, webhook.ErrNoSecret) {
		t.Errorf("no secret: %v", err)
	}
	if _, err := webhook.ParseRequest(req, []string{secret}, webhook.InsecureSkipSignature()); err == nil {
		t.Error("InsecureSkipSignature was accepted")
	}
}

// TestInsecureWithSecrets: secrets and InsecureSkipSignature together are refused, rather
// than one of them being ignored.
func TestInsecureWithSecrets(t *testing.T) {
	h, err := webhook.NewHandler([]string{"x"}, webhook.InsecureSkipSignature(),
		webhook.OnEvent(func(context.Context, railz.Event) error { return nil }))
	if err == nil || h != nil || !strings.Contains(err.Error(), "InsecureSkipSignature") {
		t.Errorf("NewHandler: %v, %v", h, err)
	}
}
