package validate

import "testing"

// The quick scan that picks the event type finds data.event wherever the members are, and
// does not take an "event" member of some other object for it.
func TestSniffEvent(t *testing.T) {
	cases := []struct {
		body, event, requestID string
	}{
		{`{"data": {"event": "data"}, "requestId": "r"}`, "data", "r"},
		{`{"requestId": "r", "data": {"x": {"event": "login"}, "y": ["event", {"event": "auth"}], "event": "push"}}`, "push", "r"},
		{`{"other": {"data": {"event": "login"}}, "data": {"event": "delete"}, "requestId": "r"}`, "delete", "r"},
		{`{"data": {"note": "a \"quoted\" \\", "event": "d\u0061ta"}, "requestId": "\u0072"}`, "data", "r"},
		{`{"data": {"event": 5}, "requestId": 7}`, "", ""},
		{`{"data": [{"event": "data"}], "requestId": "r"}`, "", "r"},
		{`{"data": {"event": "data"`, "data", ""},
		{`[{"data": {"event": "data"}}]`, "", ""},
		{`{"data": {"n": 1e5, "t": true, "z": null, "event": "auth"}, "requestId": "r"}`, "auth", "r"},
		{``, "", ""},
		{`{"data": "\`, "", ""},
	}
	for _, c := range cases {
		env := sniff([]byte(c.body), true)
		if env.Event != c.event || env.RequestID != c.requestID {
			t.Errorf("%s: got %+v, want event %q requestId %q", c.body, env, c.event, c.requestID)
		}
		if got := sniffEvent([]byte(c.body)); got != c.event {
			t.Errorf("%s: sniffEvent %q, want %q", c.body, got, c.event)
		}
	}
}

// A valid payload's Envelope comes from the decoded event, escapes and all.
func TestFastPathEnvelope(t *testing.T) {
	body := []byte(`{"data": {"event": "login", "connectionId": "CON-1", "businessName": "b", "serviceName": "xero"}, "requestId": "\u0061\u0033b4fc83-3e24-41aa-ba99-13cab09b0b7a"}`)
	_, env, err := ParseEnvelope(body)
	if err != nil {
		t.Fatal(err)
	}
	if env.Event != "login" || env.RequestID != "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a" {
		t.Errorf("envelope %+v", env)
	}
}
