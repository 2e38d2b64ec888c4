package webhook_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/railzhook/railzhook/webhook"
)

// FuzzVerifyHeader feeds Verify arbitrary Railz-Signature headers. It must never panic, must
// refuse every header that was not made with the secret, with one of the package's errors,
// and must never put a signature it computed into an error message.
//
//	go test ./webhook -run '^$' -fuzz FuzzVerifyHeader -fuzztime 5m
func FuzzVerifyHeader(f *testing.F) {
	body := []byte(`{"data":{"event":"push"},"requestId":"x"}`)
	at := time.UnixMilli(1700000000000)
	good := webhook.Sign(body, "k", at)
	for _, h := range []string{good, "", " ", "t=", "v=", "t=1,v=00", "t=999999999999999999,v=" + strings.Repeat("0", 64),
		"t=1700000000000,v=" + strings.Repeat("g", 64), good + ",v=" + strings.Repeat("a", 64), "t=1,t=2,v=" + strings.Repeat("0", 64),
		"t=-1,v=" + strings.Repeat("0", 64), "x=y," + good, strings.Repeat(",", 1000), "t=1700000000000 , v = " + good[18:]} {
		f.Add(h)
	}
	v, err := webhook.NewVerifier([]string{"k"}, webhook.Clock(func() time.Time { return at }))
	if err != nil {
		f.Fatal(err)
	}
	known := []error{webhook.ErrMissingHeader, webhook.ErrMalformedHeader, webhook.ErrBadSignature, webhook.ErrTimestampOutOfTolerance}
	f.Fuzz(func(t *testing.T, header string) {
		err := v.Verify(header, body)
		if err == nil {
			// Hex digits may be in either case.
			if !strings.Contains(strings.ToLower(header), good[strings.Index(good, "v=")+2:]) {
				t.Fatalf("accepted a header without the signature: %q", header)
			}
			return
		}
		ok := false
		for _, k := range known {
			ok = ok || errors.Is(err, k)
		}
		if !ok {
			t.Fatalf("error outside the package's: %v", err)
		}
		if strings.Contains(strings.ToLower(err.Error()), good[strings.Index(good, "v=")+2:]) {
			t.Fatalf("error reveals the signature: %v", err)
		}
	})
}
