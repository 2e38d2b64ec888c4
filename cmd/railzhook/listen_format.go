package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/railzhook/railzhook/internal/printable"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
	"github.com/railzhook/railzhook/webhook"
)

// eventFilter reads --events: a comma-separated list of known events; "" shows every
// delivery. A delivery refused before its event is known (bad signature, too large) has none,
// and is shown only without a filter.
func eventFilter(list string) (func(*webhook.Delivery) bool, error) {
	if strings.TrimSpace(list) == "" {
		return func(*webhook.Delivery) bool { return true }, nil
	}
	want := map[string]bool{}
	for _, e := range strings.Split(list, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		if _, ok := schemas.Lookup(e); !ok {
			return nil, fmt.Errorf("--events: unknown event %q; known events: %s", e, eventNames())
		}
		want[e] = true
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("--events names no event")
	}
	return func(d *webhook.Delivery) bool { return want[d.Event] }, nil
}

// startup is where listen's start-up line goes: stdout, unless stdout carries JSON.
func startup(stdout, stderr io.Writer, format string) io.Writer {
	if format == "json" {
		return stderr
	}
	return stdout
}

// deliveryJSON renders one delivery as a JSON object, for --format json. Strings from the
// payload are JSON-escaped, so no byte of them reaches the terminal raw.
func deliveryJSON(d *webhook.Delivery, id int64, forwarded string) string {
	v := struct {
		Time           string                `json:"time"`
		Event          string                `json:"event,omitempty"`
		Status         int                   `json:"status"`
		Verdict        webhook.Verdict       `json:"verdict"`
		RequestID      string                `json:"requestId,omitempty"`
		Stored         int64                 `json:"stored,omitempty"`
		Size           int                   `json:"size"`
		Verified       bool                  `json:"signatureVerified"`
		SignatureError string                `json:"signatureError,omitempty"`
		CallbackError  string                `json:"error,omitempty"`
		Errors         []validate.FieldError `json:"errors,omitempty"`
		Forwarded      string                `json:"forwarded,omitempty"`
	}{
		Time: d.ReceivedAt.UTC().Format("2006-01-02T15:04:05.000Z"), Event: d.Event, Status: d.Status,
		Verdict: d.Verdict, RequestID: d.RequestID, Stored: id, Size: len(d.Body), Verified: d.SignatureVerified,
		Errors: d.Errors, Forwarded: forwarded,
	}
	if d.SignatureError != nil {
		v.SignatureError = d.SignatureError.Error()
	}
	if d.CallbackError != nil {
		v.CallbackError = d.CallbackError.Error()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf(`{"error":%q}`, err.Error())
	}
	// json.Marshal leaves DEL, C1 controls and format characters (U+202E, ...) raw; a log line
	// must not be reordered or broken by them.
	return printable.JSON(string(b))
}
