package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader is the HTTP header that carries the signature of a Railz webhook.
const SignatureHeader = "Railz-Signature"

// DefaultTolerance is how far a signature's timestamp may be from the receiver's clock, in
// either direction, before the delivery is refused as a possible replay.
const DefaultTolerance = 5 * time.Minute

// Errors returned by Verify, for errors.Is. Their messages never contain a signature.
var (
	// ErrNoSecret: no secret, or an empty one, was configured. Verification is never
	// switched off by leaving the secret empty.
	ErrNoSecret = errors.New("webhook: no signing secret configured")
	// ErrMissingHeader: the request has no Railz-Signature header.
	ErrMissingHeader = errors.New("webhook: missing " + SignatureHeader + " header")
	// ErrMalformedHeader: the header is not t=<unix milliseconds>,v=<64 hex digits>.
	ErrMalformedHeader = errors.New("webhook: malformed " + SignatureHeader + " header")
	// ErrBadSignature: no signature in the header matches the body under any secret.
	ErrBadSignature = errors.New("webhook: signature does not match the body")
	// ErrTimestampOutOfTolerance: the signature is valid but its timestamp is too old or too
	// far in the future.
	ErrTimestampOutOfTolerance = errors.New("webhook: signature timestamp outside the tolerance window")
)

// Sign returns the Railz-Signature header value for body signed with secret at time t:
// t=<unix milliseconds>,v=<hex HMAC-SHA256 of "<t>.<body>">. Use it in tests, and to send
// fixtures to an endpoint (railzhook send).
func Sign(body []byte, secret string, t time.Time) string {
	ts := strconv.FormatInt(t.UnixMilli(), 10)
	return "t=" + ts + ",v=" + hex.EncodeToString(mac([]byte(secret), ts, body))
}

func mac(secret []byte, ts string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(ts))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Verify checks a Railz-Signature header against the raw request body with the default
// tolerance and the system clock. Several secrets may be given while a secret is rotated; a
// signature made with any of them is accepted.
func Verify(header string, body []byte, secrets ...string) error {
	v, err := NewVerifier(secrets)
	if err != nil {
		return err
	}
	return v.Verify(header, body)
}

// Verifier checks signatures with fixed secrets and options. It is safe for concurrent use.
type Verifier struct {
	secrets   [][]byte
	tolerance time.Duration
	now       func() time.Time
}

// NewVerifier makes a Verifier. It refuses an empty list of secrets, or an empty secret, with
// ErrNoSecret. Of the options, Tolerance and Clock apply.
func NewVerifier(secrets []string, opts ...Option) (*Verifier, error) {
	c := newConfig(opts)
	if c.err != nil {
		return nil, c.err
	}
	return newVerifier(secrets, c)
}

func newVerifier(secrets []string, c *config) (*Verifier, error) {
	if len(secrets) == 0 {
		return nil, ErrNoSecret
	}
	v := &Verifier{tolerance: c.tolerance, now: c.now}
	for i, s := range secrets {
		if strings.TrimSpace(s) == "" {
			return nil, fmt.Errorf("%w (secret %d of %d is empty or only white space)", ErrNoSecret, i+1, len(secrets))
		}
		v.secrets = append(v.secrets, []byte(s))
	}
	return v, nil
}

// Verify checks a header against the raw body. The signature is checked first, then the
// timestamp, so a stale but genuine delivery reports ErrTimestampOutOfTolerance.
func (v *Verifier) Verify(header string, body []byte) error {
	if strings.TrimSpace(header) == "" {
		return ErrMissingHeader
	}
	ts, sigs, err := parseHeader(header)
	if err != nil {
		return err
	}
	ok := false
	for _, secret := range v.secrets {
		want := mac(secret, ts, body)
		for _, sig := range sigs {
			if hmac.Equal(want, sig) {
				ok = true
			}
		}
	}
	if !ok {
		return ErrBadSignature
	}
	ms, _ := strconv.ParseInt(ts, 10, 64)
	sent := time.UnixMilli(ms)
	now := v.now()
	skew, dir := now.Sub(sent), "old"
	if sent.After(now) {
		// Sub saturates at the largest Duration, so this never overflows when negated.
		skew, dir = sent.Sub(now), "in the future"
	}
	if skew > v.tolerance {
		return fmt.Errorf("%w: signed at %s, %s %s (tolerance %s)", ErrTimestampOutOfTolerance,
			sent.UTC().Format(time.RFC3339), skew.Round(time.Second), dir, v.tolerance)
	}
	return nil
}

// parseHeader reads t=<digits> and one or more v=<64 hex>; other keys are ignored.
func parseHeader(header string) (string, [][]byte, error) {
	var ts string
	var sigs [][]byte
	for _, part := range strings.Split(header, ",") {
		k, val, found := strings.Cut(strings.TrimSpace(part), "=")
		if !found {
			return "", nil, fmt.Errorf("%w: element %q is not key=value", ErrMalformedHeader, truncate(part))
		}
		switch strings.TrimSpace(k) {
		case "t":
			if ts != "" {
				return "", nil, fmt.Errorf("%w: more than one timestamp", ErrMalformedHeader)
			}
			ts = strings.TrimSpace(val)
			if ts == "" || len(ts) > 18 || strings.Trim(ts, "0123456789") != "" {
				return "", nil, fmt.Errorf("%w: timestamp %q is not unix milliseconds", ErrMalformedHeader, truncate(ts))
			}
		case "v":
			val = strings.TrimSpace(val)
			sig, err := hex.DecodeString(val)
			if err != nil || len(sig) != sha256.Size {
				return "", nil, fmt.Errorf("%w: signature is not %d hexadecimal digits", ErrMalformedHeader, 2*sha256.Size)
			}
			sigs = append(sigs, sig)
		}
	}
	if ts == "" {
		return "", nil, fmt.Errorf("%w: no t= timestamp", ErrMalformedHeader)
	}
	if len(sigs) == 0 {
		return "", nil, fmt.Errorf("%w: no v= signature", ErrMalformedHeader)
	}
	return ts, sigs, nil
}

func truncate(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}
