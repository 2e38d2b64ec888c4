package validate_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/railzhook/railzhook/fake"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

// differential judges a payload by the generated checks alone and by the JSON Schema
// validator alone, and fails the test when they disagree or the checks defer.
type differential struct {
	t        *testing.T
	judged   int
	accepted int
	failures int
}

func (d *differential) judge(name string, payload []byte, mode validate.Mode, event string) {
	d.t.Helper()
	d.judged++
	fast, deferred := validate.FastVerdict(payload, mode, event)
	ref, err := validate.ReferenceVerdict(payload, mode, event)
	if err != nil {
		d.t.Fatalf("%s: %v", name, err)
	}
	if ref {
		d.accepted++
	}
	if deferred {
		d.failures++
		d.t.Errorf("%s (%s mode): the generated checks defer to the reference path", name, mode)
		return
	}
	if fast != ref {
		d.failures++
		if d.failures <= 20 {
			d.t.Errorf("%s (%s mode): generated checks say valid=%v, the JSON Schema validator says valid=%v\n%s", name, mode, fast, ref, clip(payload))
		}
	}
}

func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// TestFastAndReferencePathsAgree runs every fixture, every instance package fake makes of
// every event (covering, invalid and random ones), and payloads with edge-case formats
// through both paths in both modes: the verdicts must be the same every time.
func TestFastAndReferencePathsAgree(t *testing.T) {
	d := &differential{t: t}
	files, _ := filepath.Glob("../testdata/*/*/*.json")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	modes := []validate.Mode{validate.ModeDefault, validate.ModeStrict}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range modes {
			d.judge(f, data, m, "")
		}
	}
	events, err := schemas.Events()
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range events {
		for _, m := range modes {
			target, err := validate.EventTarget(ev.Name, m)
			if err != nil {
				t.Fatal(err)
			}
			g := fake.New(target)
			cover, _, err := g.Cover()
			if err != nil {
				t.Fatal(err)
			}
			invalid, err := g.Invalid()
			if err != nil {
				t.Fatal(err)
			}
			random, err := g.Random(uint64(len(ev.Name)), 40)
			if err != nil {
				t.Fatal(err)
			}
			for _, list := range [][]fake.Case{cover, invalid, random} {
				for _, c := range list {
					d.judge(ev.Name+"/"+c.Name, c.Payload, m, ev.Name)
					d.judge(ev.Name+"/"+c.Name+" (event from the payload)", c.Payload, m, "")
				}
			}
		}
	}
	for _, p := range edgePayloads(t) {
		for _, m := range modes {
			d.judge(p.name, p.payload, m, "")
		}
	}
	if d.accepted == 0 || d.accepted == d.judged {
		t.Errorf("%d of %d payloads valid: the comparison needs both kinds", d.accepted, d.judged)
	}
	t.Logf("%d verdicts compared, %d valid, %d disagreements", d.judged, d.accepted, d.failures)
}

type namedPayload struct {
	name    string
	payload []byte
}

// edgePayloads puts edge cases of each format, number and string into seed payloads.
func edgePayloads(t *testing.T) []namedPayload {
	read := func(f string) string {
		b, err := os.ReadFile(filepath.Join("../testdata/valid", f))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	batch := read("batchPush/seed-000-batch-push.json")
	full := read("data/seed-002-full-payload.json")
	var out []namedPayload
	swap := func(name, doc, old, repl string) {
		if !strings.Contains(doc, old) {
			t.Fatalf("%s: %q is not in the payload", name, old)
		}
		out = append(out, namedPayload{name, []byte(strings.Replace(doc, old, repl, 1))})
	}
	dateTimes := []string{
		"2023-01-17T16:50:24Z", "2023-01-17t16:50:24z", "2023-01-17T16:50:24.123456789012Z",
		"2023-01-17T16:50:24+05:30", "2023-01-17T16:50:24-23:59", "2023-01-17T16:50:24+24:00",
		"2023-01-17T23:59:60Z", "2023-01-17T16:50:60Z", "2023-01-17T18:29:60-05:30",
		"2023-01-17T24:00:00Z", "2023-01-17T16:60:00Z", "2023-01-17 16:50:24Z",
		"2023-01-17T16:50:24", "2023-02-30T16:50:24Z", "2023-1-17T16:50:24Z", "2023-01-17T16:50:24.Z",
		"2023-01-17T16:50:24+0530", "", "2023-01-17T16:50:24Z ", "+023-01-17T16:50:24Z",
		"2023-01-17T+1:50:24Z", "2023-01-17T16:50:24\\u005a",
	}
	for _, dt := range dateTimes {
		swap("date-time "+dt, batch, `"2023-01-17T16:50:24.063Z"`, `"`+dt+`"`)
	}
	uuids := []string{
		"a3b4fc83-3e24-41aa-ba99-13cab09b0b7a", "A3B4FC83-3E24-41AA-BA99-13CAB09B0B7A",
		"a3b4fc833e2441aaba9913cab09b0b7a", "a3b4fc83-3e24-41aa-ba99-13cab09b0b7", "g3b4fc83-3e24-41aa-ba99-13cab09b0b7a",
		"{a3b4fc83-3e24-41aa-ba99-13cab09b0b7a}", "a3b4fc83-3e24-41aa-ba99_13cab09b0b7a", "",
		"\\u00613b4fc83-3e24-41aa-ba99-13cab09b0b7a",
	}
	for _, u := range uuids {
		swap("uuid "+u, full, `"a3b4fc83-3e24-41aa-ba99-13cab09b0b7a"`, `"`+u+`"`)
	}
	for _, dt := range []string{"2018-06-01", "2018-02-29", "2020-02-29", "2018-6-01", "2018-06-01T00:00:00Z", "", "20180601"} {
		swap("date "+dt, full, `"2018-06-01"`, `"`+dt+`"`)
	}
	for _, n := range []string{"400", "400.0", "4e2", "40e1", "400.5", "99", "100", "599", "600", "-400", "1e400", "4e20", "0.4e3", `"400"`, "null", "true"} {
		swap("responseCode "+n, batch, `"responseCode": 400`, `"responseCode": `+n)
	}
	for _, s := range []string{`""`, `"x"`, `"\u0000"`, `"é"`, `1`, `null`, `["x"]`} {
		swap("businessName "+s, full, `"businessName": "BIZ-d6b1c7d3-fe41-4447-ae72-3814b78b5142"`, `"businessName": `+s)
	}
	for _, s := range []string{`"quickbooks"`, `"QuickBooks"`, `"someNewIntegration"`, `"quickbooks\u0000"`, `"quick\u0062ooks"`} {
		swap("serviceName "+s, full, `"serviceName": "quickbooks"`, `"serviceName": `+s)
	}
	for _, s := range []string{`"success"`, `"Success"`, `"partial"`, `null`} {
		swap("status "+s, full, `"status": "success"`, `"status": `+s)
	}
	for _, s := range []string{`"event": "data"`, `"event": "batchPush"`, `"event": "dat\u0061"`, `"event": "unknown"`} {
		swap("event "+s, full, `"event": "data"`, s)
	}
	// Members the schema does not name, at the root (a string label in strict mode) and inside.
	for _, s := range []string{`"label": "x", `, `"label": 1, `, `"label": null, `, `"label": {"a": [1, {"b": null}]}, `} {
		swap("root member "+s, full, `"requestId"`, s+`"requestId"`)
		swap("data member "+s, full, `"event": "data"`, s+`"event": "data"`)
	}
	// Structure: a member twice, a missing member, the wrong shape.
	swap("requestId twice", full, `"requestId"`, `"requestId": "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a", "requestId"`)
	swap("no requestId", full, `"requestId": "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a"`, `"requestIdX": "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a"`)
	swap("requests null", full, `"requests": [`, `"requests": null, "x": [`)
	swap("requests string", full, `"requests": [`, `"requests": "x", "x": [`)
	var v map[string]any
	if err := json.Unmarshal([]byte(full), &v); err != nil {
		t.Fatal(err)
	}
	for i, s := range []string{"[]", "{}", "null", `"x"`, "1", `{"data": null, "requestId": "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a"}`} {
		out = append(out, namedPayload{fmt.Sprintf("document %d", i), []byte(s)})
	}
	return out
}
