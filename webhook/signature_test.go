package webhook_test

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/railzhook/railzhook/webhook"
)

type vector struct {
	Name        string   `json:"name"`
	Secrets     []string `json:"secrets"`
	NowMs       int64    `json:"now_ms"`
	ToleranceMs int64    `json:"tolerance_ms"`
	Body        string   `json:"body"`
	Header      string   `json:"header"`
	Verdict     string   `json:"verdict"`
}

var verdicts = map[string]error{
	"missing header":              webhook.ErrMissingHeader,
	"malformed header":            webhook.ErrMalformedHeader,
	"bad signature":               webhook.ErrBadSignature,
	"timestamp outside tolerance": webhook.ErrTimestampOutOfTolerance,
	"no secret":                   webhook.ErrNoSecret,
}

// TestSignatureVectors runs testdata/signatures.json, the vectors other implementations can
// check themselves against.
func TestSignatureVectors(t *testing.T) {
	raw, err := os.ReadFile("../testdata/signatures.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []vector `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) < 20 {
		t.Fatalf("%d vectors", len(file.Vectors))
	}
	seen := map[string]bool{}
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			seen[v.Verdict] = true
			now := time.UnixMilli(v.NowMs)
			verifier, err := webhook.NewVerifier(v.Secrets, webhook.Tolerance(time.Duration(v.ToleranceMs)*time.Millisecond), webhook.Clock(func() time.Time { return now }))
			if err == nil {
				err = verifier.Verify(v.Header, []byte(v.Body))
			}
			if v.Verdict == "ok" {
				if err != nil {
					t.Fatalf("want ok, got %v", err)
				}
				return
			}
			want, ok := verdicts[v.Verdict]
			if !ok {
				t.Fatalf("unknown verdict %q in the vectors file", v.Verdict)
			}
			if !errors.Is(err, want) {
				t.Fatalf("got %v, want %v", err, want)
			}
			for _, other := range verdicts {
				if other != want && errors.Is(err, other) {
					t.Errorf("%v also matches %v", err, other)
				}
			}
		})
	}
	for v := range verdicts {
		if !seen[v] {
			t.Errorf("no vector has verdict %q", v)
		}
	}
}

func TestSignAndVerify(t *testing.T) {
	body := []byte(`{"data":{"event":"push"}}`)
	at := time.Date(2021, 4, 23, 18, 7, 39, 10e6, time.UTC)
	header := webhook.Sign(body, "s3cret", at)
	if !strings.HasPrefix(header, "t=1619201259010,v=") || len(header) != len("t=1619201259010,v=")+64 {
		t.Fatalf("header %q", header)
	}
	clock := webhook.Clock(func() time.Time { return at.Add(time.Minute) })
	v, err := webhook.NewVerifier([]string{"old", "s3cret"}, clock)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(header, body); err != nil {
		t.Fatal(err)
	}
	if err := webhook.Verify(webhook.Sign(body, "k", time.Now()), body, "k"); err != nil {
		t.Fatalf("package Verify with the system clock: %v", err)
	}
	// A custom tolerance widens or narrows the window.
	late := webhook.Clock(func() time.Time { return at.Add(10 * time.Minute) })
	if v, _ := webhook.NewVerifier([]string{"s3cret"}, late); !errors.Is(v.Verify(header, body), webhook.ErrTimestampOutOfTolerance) {
		t.Error("10 minutes late passed the default tolerance")
	}
	if v, _ := webhook.NewVerifier([]string{"s3cret"}, late, webhook.Tolerance(time.Hour)); v.Verify(header, body) != nil {
		t.Error("10 minutes late failed a one-hour tolerance")
	}
	if _, err := webhook.NewVerifier([]string{"s"}, webhook.Tolerance(0)); err == nil {
		t.Error("a zero tolerance was accepted")
	}
	// A timestamp centuries away is refused with a duration that makes sense.
	for _, ts := range []string{"999999999999999999", "1"} {
		sig := strings.Replace(webhook.Sign(body, "s3cret", at), "t=1619201259010", "t="+ts, 1)
		v, _ := webhook.NewVerifier([]string{"s3cret"}, clock)
		err := v.Verify(sig, body)
		if !errors.Is(err, webhook.ErrBadSignature) {
			t.Errorf("t=%s with the signature of another time: %v", ts, err)
		}
	}
	for _, sent := range []time.Time{time.UnixMilli(999999999999999999), time.UnixMilli(1)} {
		v, _ := webhook.NewVerifier([]string{"s3cret"}, clock)
		err := v.Verify(webhook.Sign(body, "s3cret", sent), body)
		if !errors.Is(err, webhook.ErrTimestampOutOfTolerance) {
			t.Fatalf("signed at %v: %v", sent, err)
		}
		msg := err.Error()
		if i := strings.Index(msg, ", "); i < 0 || strings.HasPrefix(msg[i+2:], "-") {
			t.Errorf("signed at %v: the duration is negative: %s", sent, msg)
		}
		if sent.After(at) && !strings.Contains(msg, "in the future") || sent.Before(at) && !strings.Contains(msg, " old ") {
			t.Errorf("signed at %v: %s", sent, msg)
		}
	}
	if _, err := webhook.NewVerifier([]string{" \t "}); !errors.Is(err, webhook.ErrNoSecret) {
		t.Errorf("a white-space secret: %v", err)
	}
}

// TestErrorsNeverRevealSignature checks no error message contains the expected signature.
func TestErrorsNeverRevealSignature(t *testing.T) {
	body := []byte(`{"a":1}`)
	now := time.UnixMilli(1700000000000)
	expected := webhook.Sign(body, "secret", now)
	expectedHex := expected[strings.Index(expected, "v=")+2:]
	clock := webhook.Clock(func() time.Time { return now })
	v, _ := webhook.NewVerifier([]string{"secret"}, clock)
	headers := []string{
		webhook.Sign(body, "other", now),
		"t=1700000000000,v=" + strings.Repeat("0", 64),
		"t=1700000000000,v=" + expectedHex[:10],
		webhook.Sign(body, "secret", now.Add(time.Hour)),
		"garbage",
	}
	for _, h := range headers {
		err := v.Verify(h, body)
		if err == nil {
			t.Fatalf("%q verified", h)
		}
		if strings.Contains(err.Error(), expectedHex) || strings.Contains(strings.ToLower(err.Error()), expectedHex[:16]) {
			t.Errorf("error reveals the expected signature: %v", err)
		}
	}
	if _, err := hex.DecodeString(expectedHex); err != nil {
		t.Fatal(err)
	}
}
