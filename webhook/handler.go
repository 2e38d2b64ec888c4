package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"reflect"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/internal/panicstack"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

// Verdict is what the handler made of a delivery.
type Verdict string

// Verdicts, one per answer the handler gives.
const (
	VerdictOK             Verdict = "ok"              // valid, callback succeeded: 200
	VerdictDuplicate      Verdict = "duplicate"       // requestId already handled: 200, callback skipped
	VerdictUnknownEvent   Verdict = "unknown-event"   // signed, but an event this version does not know: 200
	VerdictInvalid        Verdict = "invalid"         // the payload breaks its schema: 400
	VerdictBadSignature   Verdict = "bad-signature"   // missing, malformed, wrong or stale signature: 401
	VerdictTooLarge       Verdict = "too-large"       // body over the cap: 413
	VerdictCallbackFailed Verdict = "callback-failed" // the user's function failed: 500, Railz retries
	VerdictInProgress     Verdict = "in-progress"     // a copy is still being handled elsewhere (WithDedup): 503, Railz retries
)

// Delivery is one received request, as OnDelivery sees it.
type Delivery struct {
	ReceivedAt time.Time
	RemoteAddr string
	Header     http.Header
	// Body is the raw body (for VerdictTooLarge, the part read before the cap).
	Body []byte
	// Event and RequestID are data.event and requestId, when the body has them, read by the
	// validating parser (exact member names; none from a body that names a member twice).
	// They are empty for a delivery refused before its signature was verified.
	Event     string
	RequestID string
	Verdict   Verdict
	// Status is the HTTP status the handler answers with.
	Status int
	// Mode is the validation mode used.
	Mode validate.Mode
	// SignatureError is why the signature was refused (VerdictBadSignature), or nil.
	SignatureError error
	// SignatureVerified is true when a secret verified the signature; it is false when
	// signatures are not checked (InsecureSkipSignature) and for refused deliveries.
	SignatureVerified bool
	// PayloadValid reports whether the body is valid for its event's schema; Errors lists
	// what is wrong with it otherwise (at most validate.MaxErrors of them). Neither is set for
	// a delivery refused before validation (bad signature, too large).
	PayloadValid bool
	Errors       []validate.FieldError
	// CallbackError is the error of the user's function (VerdictCallbackFailed).
	CallbackError error
}

// Handler receives Railz webhooks: POST only; the body is capped (413 beyond) and read before
// anything else; the signature is checked over the raw bytes (401); the payload is validated
// (400, with the field errors as JSON) and decoded; then the callback for its type runs (500
// if it fails, so Railz retries). With WithDedup a copy of a delivery already handled is
// answered 200 as a duplicate, and a copy that another request is still handling when
// DedupWait ends 503. Deliveries of events this version does not know are acknowledged and
// passed to OnUnknownEvent. Every path writes its status explicitly, with a small JSON body.
type Handler struct {
	cfg      *config
	verifier *Verifier
	inflight keyLock
	budget   *budget // for bodies not yet verified (MaxUnverifiedBytes)
	busy     busyLog
}

// NewHandler makes a Handler that accepts signatures made with any of secrets (several while
// a secret is rotated). With no secrets it refuses to start unless InsecureSkipSignature is
// given; secrets together with InsecureSkipSignature are an error too, since one of the two
// would be ignored.
func NewHandler(secrets []string, opts ...Option) (*Handler, error) {
	c := newConfig(opts)
	if c.err != nil {
		return nil, c.err
	}
	if c.insecure && len(secrets) > 0 {
		return nil, errInsecureWithSecrets
	}
	h := &Handler{cfg: c, budget: newBudget(c.unverified)}
	if !c.insecure {
		v, err := newVerifier(secrets, c)
		if err != nil {
			return nil, err
		}
		h.verifier = v
	}
	if c.errorLog == nil {
		c.errorLog = log.Default()
	}
	return h, nil
}

type answer struct {
	Status  string                `json:"status,omitempty"`
	Error   string                `json:"error,omitempty"`
	Event   string                `json:"event,omitempty"`
	Errors  []validate.FieldError `json:"errors,omitempty"`
	Omitted int                   `json:"omitted,omitempty"` // further errors not listed
}

// ServeHTTP implements http.Handler.
//
// Work is bounded by trust: before the signature is verified the body is only read (up to
// the cap, within the MaxUnverifiedBytes budget, at MinBodyRate or faster) and hashed. A
// delivery whose signature is missing or wrong is answered 401 without being parsed or
// validated, and OnDelivery sees it with its Verdict, Status, SignatureError and raw Body only.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, answer{Error: "webhooks are delivered with POST"})
		return
	}
	d := &Delivery{ReceivedAt: h.cfg.now(), RemoteAddr: r.RemoteAddr, Header: r.Header.Clone(), Mode: h.cfg.mode}
	body, release, err := h.readBody(w, r)
	defer release()
	d.Body = body
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		d.Verdict, d.Status = VerdictTooLarge, http.StatusRequestEntityTooLarge
		h.finish(w, r.Context(), d, answer{Error: fmt.Sprintf("body larger than %d bytes", h.cfg.maxBytes)})
		return
	case errors.Is(err, errBusy):
		h.busy.note(h.cfg.errorLog)
		w.Header().Set("Retry-After", "10")
		w.Header().Set("Connection", "close")
		writeJSON(w, http.StatusServiceUnavailable, answer{Error: err.Error()})
		return
	case errors.Is(err, errTooSlow):
		w.Header().Set("Connection", "close")
		writeJSON(w, http.StatusRequestTimeout, answer{Error: fmt.Sprintf("the body arrived slower than %d bytes a second", h.cfg.minBodyRate)})
		return
	case err != nil:
		// The client went away or sent a broken body; nothing to acknowledge.
		writeJSON(w, http.StatusBadRequest, answer{Error: "could not read the body"})
		return
	}
	if h.verifier != nil {
		if err := h.verifier.Verify(r.Header.Get(SignatureHeader), body); err != nil {
			d.Verdict, d.Status, d.SignatureError = VerdictBadSignature, http.StatusUnauthorized, err
			h.finish(w, r.Context(), d, answer{Error: err.Error()})
			return
		}
		d.SignatureVerified = true
	}
	release() // the body is trusted from here on; it no longer counts against the budget
	ev, env, perr := h.parse(body)
	d.Event, d.RequestID = env.Event, env.RequestID
	var verr *validate.Error
	switch {
	case perr == nil:
		d.PayloadValid = true
	case errors.As(perr, &verr):
		d.Errors = verr.Errors
	default:
		d.Verdict, d.Status = VerdictCallbackFailed, http.StatusInternalServerError
		d.CallbackError = perr
		h.finish(w, r.Context(), d, answer{Error: "internal error"})
		return
	}
	unknown := false
	if !d.PayloadValid {
		_, known := schemas.Lookup(d.Event)
		unknown = d.Event != "" && !known && onlyEventUnknown(d.Errors)
		if !unknown {
			d.Verdict, d.Status = VerdictInvalid, http.StatusBadRequest
			h.finish(w, r.Context(), d, answer{Error: "invalid payload", Event: verr.Event, Errors: verr.Errors, Omitted: verr.Omitted})
			return
		}
	}
	// From here on the delivery is signed (or signatures are off) and will be acknowledged:
	// a retry of it, or a copy arriving at the same moment here or on another replica, must
	// not run the callback again. The claim is settled below; a panic releases it.
	var claim *held
	if h.cfg.dedup != nil && d.RequestID != "" {
		c, a := h.claim(r.Context(), d)
		if a != nil {
			h.finish(w, r.Context(), d, *a)
			return
		}
		claim = c
		defer claim.close(r.Context())
	}
	var fn func(context.Context) error
	if unknown {
		d.Verdict, d.Status = VerdictUnknownEvent, http.StatusOK
		if h.cfg.onUnknown != nil {
			fn = func(ctx context.Context) error { return h.cfg.onUnknown(ctx, d.Event, body) }
		}
	} else {
		d.Verdict, d.Status = VerdictOK, http.StatusOK
		cb := h.cfg.typed[reflect.TypeOf(ev)]
		if cb == nil {
			cb = h.cfg.onEvent
		}
		if cb != nil {
			fn = func(ctx context.Context) error { return cb(ctx, ev) }
		}
	}
	if fn != nil {
		if err := h.call(r.Context(), fn); err != nil {
			claim.release(r.Context())
			d.Verdict, d.Status, d.CallbackError = VerdictCallbackFailed, http.StatusInternalServerError, err
			h.finish(w, r.Context(), d, answer{Error: "the receiver failed to handle the event"})
			return
		}
	}
	claim.done(r.Context())
	if unknown {
		h.finish(w, r.Context(), d, answer{Status: "ignored", Event: d.Event})
		return
	}
	h.finish(w, r.Context(), d, answer{Status: "ok", Event: d.Event})
}

// parse validates and decodes a signed body. A panic in validation, which would leave the
// delivery unanswered and retried for ever, becomes an error (answered 500) and is logged.
func (h *Handler) parse(body []byte) (ev railz.Event, env validate.Envelope, err error) {
	defer func() {
		if p := recover(); p != nil {
			h.cfg.errorLog.Printf("railzhook: validating a delivery panicked: %v\n%s", p, panicstack.Short(8, "github.com/railzhook/railzhook/webhook."))
			ev, err = nil, fmt.Errorf("validating the payload panicked: %v", p)
		}
	}()
	return validate.ParseEnvelope(body, validate.WithMode(h.cfg.mode))
}

// call runs a user function, turning a panic into an error.
func (h *Handler) call(ctx context.Context, fn func(context.Context) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			h.cfg.errorLog.Printf("railzhook: webhook callback panicked: %v\n%s", p, panicstack.Short(8, "github.com/railzhook/railzhook/webhook."))
			err = fmt.Errorf("callback panicked: %v", p)
		}
	}()
	if err = fn(ctx); err != nil {
		h.cfg.errorLog.Printf("railzhook: webhook callback failed: %v", err)
	}
	return err
}

// finish records the delivery, then answers.
func (h *Handler) finish(w http.ResponseWriter, ctx context.Context, d *Delivery, a answer) {
	if h.cfg.onDelivery != nil {
		if err := h.call(ctx, func(ctx context.Context) error { return h.cfg.onDelivery(ctx, d) }); err != nil {
			writeJSON(w, http.StatusInternalServerError, answer{Error: "the delivery could not be recorded"})
			return
		}
	}
	writeJSON(w, d.Status, a)
}

func writeJSON(w http.ResponseWriter, status int, a answer) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(a)
}

// onlyEventUnknown reports whether the only problem with a payload is an unknown data.event.
func onlyEventUnknown(errs []validate.FieldError) bool {
	for _, f := range errs {
		if f.Path != "/data/event" {
			return false
		}
	}
	return len(errs) > 0
}
