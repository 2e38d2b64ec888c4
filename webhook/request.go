package webhook

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/validate"
)

// ErrTooLarge: the request body is larger than the cap (MaxBodyBytes, 16 MiB by default).
var ErrTooLarge = errors.New("webhook: request body larger than the cap")

// ParseRequest verifies, validates and decodes one delivery, for a hand-written handler: it
// reads the body of r up to the cap (MaxBodyBytes), checks the Railz-Signature header over the
// raw bytes with secrets (several while one is rotated), and only then validates the payload
// against its event's schema (Strict for strict mode) and decodes it into its gen/railz type.
//
// Its errors are those of Verify (ErrMissingHeader, ErrMalformedHeader, ErrBadSignature,
// ErrTimestampOutOfTolerance, ErrNoSecret when secrets is empty or holds an empty one),
// ErrTooLarge, a *validate.Error for a payload that breaks its schema (errors.Is
// validate.ErrUnknownEvent for an event this version does not know), or the error of reading
// the body. Answer 401 to the signature errors, 413 to ErrTooLarge and 400 to a
// *validate.Error; ParseRequest writes nothing itself. Of the options, Tolerance, Clock,
// MaxBodyBytes and Strict apply; InsecureSkipSignature is refused, as the point of
// ParseRequest is the signature.
//
// ParseRequest does no deduplication: a retry of a delivery you already handled parses again.
// Handler does the whole job, including that.
func ParseRequest(r *http.Request, secrets []string, opts ...Option) (railz.Event, error) {
	c := newConfig(opts)
	if c.err != nil {
		return nil, c.err
	}
	if c.insecure {
		return nil, errors.New("webhook: ParseRequest always verifies the signature; InsecureSkipSignature does not apply")
	}
	v, err := newVerifier(secrets, c)
	if err != nil {
		return nil, err
	}
	src := r.Body
	if src == nil {
		src = http.NoBody
	}
	body, err := io.ReadAll(io.LimitReader(src, c.maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("webhook: reading the body: %w", err)
	}
	if int64(len(body)) > c.maxBytes {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, c.maxBytes)
	}
	if err := v.Verify(r.Header.Get(SignatureHeader), body); err != nil {
		return nil, err
	}
	return validate.Parse(body, validate.WithMode(c.mode))
}
