package validate

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
)

// dateTimeCases are date-times with RFC 3339's verdict (section 5.6): every field has exactly
// its digits, no sign; T and Z may be lower case; a fraction has any number of digits; the
// offset is Z or ±hh:mm; a leap second is 23:59:60 in UTC.
var dateTimeCases = map[string]bool{
	"2023-01-17T16:50:24Z": true, "2023-01-17t16:50:24.5z": true, "2023-01-17T16:50:24-05:30": true,
	"2023-01-17T16:50:24.063Z": true, "2023-01-17T16:50:24.123456789012Z": true, "2023-01-17T16:50:24.000Z": true,
	"2023-01-17T16:50:24+00:00": true, "2023-01-17T16:50:24-00:00": true, "0000-01-01T00:00:00Z": true,
	"2016-12-31T23:59:60Z": true, "2016-12-31T18:59:60-05:00": true, "2023-01-17T16:50:24.1+23:59": true,
	// Signs and short fields, which strconv.Atoi reads as numbers.
	"2023-01-17T+6:50:24Z": false, "2023-01-17T-0:+0:+0Z": false, "2023-01-17T16:+5:24Z": false,
	"2023-01-17T16:50:-4Z": false, "2023-01-17T16:50:24++1:00": false, "2023-01-17T16:50:24+-1:00": false,
	"2023-01-17T16:50:24+01:+0": false, "2023-01-17T16:50:24+ 1:00": false, "2023-01-17T 6:50:24Z": false,
	"+023-01-17T16:50:24Z": false, "2023-+1-17T16:50:24Z": false, "2023-01-+7T16:50:24Z": false,
	// Ranges.
	"2023-01-17T24:00:00Z": false, "2023-01-17T16:60:00Z": false, "2023-01-17T16:50:61Z": false,
	"2023-01-17T16:50:60Z": false, "2023-01-17T16:50:24-24:00": false, "2023-01-17T16:50:24+01:60": false,
	"2023-02-30T16:50:24Z": false, "2023-02-29T16:50:24Z": false, "2024-02-29T16:50:24Z": true,
	// Shapes RFC 3339 does not allow, though other validators or ISO 8601 may.
	"2023-01-17 16:50:24Z": false, "2023-01-17T16:50:24": false, "2023-01-17T16:50:24+0530": false,
	"2023-01-17T16:50": false, "2023-01-17T16:50:24.Z": false, "2023-01-17X16:50:24Z": false,
	"2023-01-17T16:50:24,5Z": false, "2023-1-17T16:50:24Z": false, "2023-01-17T16:50:24Z ": false,
	"20230117T165024Z": false, "": false, "2023-01-17T16:50:24UTC": false, "2023-01-17T16:50:24+05": false,
	"２０２３-01-17T16:50:24Z": false, "2023-01-17T16:50:24.٣Z": false,
}

// TestDateTimeIsRFC3339: the format check of the reference path, the generated checks of the
// fast path, and LoadSchema's assert-formats path all accept exactly RFC 3339 date-times.
func TestDateTimeIsRFC3339(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("../testdata/valid", "batchPush/seed-000-batch-push.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	schemaFile := filepath.Join(dir, "dt.json")
	os.WriteFile(schemaFile, []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string", "format": "date-time"}`), 0o644)
	other, err := LoadSchema(schemaFile, SchemaOptions{AssertFormats: true})
	if err != nil {
		t.Fatal(err)
	}
	draft7 := filepath.Join(dir, "dt7.json")
	os.WriteFile(draft7, []byte(`{"$schema": "http://json-schema.org/draft-07/schema#", "type": "string", "format": "date-time"}`), 0o644)
	old, err := LoadSchema(draft7, SchemaOptions{AssertFormats: true})
	if err != nil {
		t.Fatal(err)
	}
	for dt, want := range dateTimeCases {
		if got := isDateTime(dt); got != want {
			t.Errorf("format check %q: %v, want %v", dt, got, want)
		}
		quoted, _ := json.Marshal(dt)
		payload := []byte(strings.Replace(string(seed), `"2023-01-17T16:50:24.063Z"`, string(quoted), 1))
		o := options{mode: ModeDefault}
		accepted, deferred := fastVerdict(payload, o)
		if deferred || accepted != want {
			t.Errorf("generated checks %q: accepted %v deferred %v, want %v", dt, accepted, deferred, want)
		}
		ref, err := referenceVerdict(payload, o)
		if err != nil || ref != want {
			t.Errorf("reference path %q: %v %v, want %v", dt, ref, err, want)
		}
		_, perr := Parse(payload)
		if (perr == nil) != want {
			t.Errorf("Parse %q: %v, want valid %v", dt, perr, want)
		}
		if !want {
			var verr *Error
			if !errors.As(perr, &verr) || len(verr.Errors) != 1 || verr.Errors[0].Keyword != "format" || verr.Errors[0].Path != "/data/batch/0/requestedOn" {
				t.Errorf("Parse %q: %v, want one format error at /data/batch/0/requestedOn", dt, perr)
			}
		}
		for name, s := range map[string]*Schema{"2020-12": other, "draft-07": old} {
			if err := s.Validate(quoted); (err == nil) != want {
				t.Errorf("LoadSchema (%s) %q: %v, want valid %v", name, dt, err, want)
			}
		}
	}
}

// TestDateTimeKeepsItsText: whatever is accepted, by Parse or by UnmarshalJSON without the
// checks, encodes again as the very text it was read from.
func TestDateTimeKeepsItsText(t *testing.T) {
	seed, err := os.ReadFile(filepath.Join("../testdata/valid", "batchPush/seed-000-batch-push.json"))
	if err != nil {
		t.Fatal(err)
	}
	for dt, valid := range dateTimeCases {
		if !valid {
			continue
		}
		payload := []byte(strings.Replace(string(seed), `"2023-01-17T16:50:24.063Z"`, `"`+dt+`"`, 1))
		ev, err := Parse(payload)
		if err != nil {
			t.Errorf("%s: %v", dt, err)
			continue
		}
		out, err := json.Marshal(ev)
		if err != nil || !strings.Contains(string(out), `"requestedOn":"`+dt+`"`) {
			t.Errorf("%s re-encoded as %.300s (%v)", dt, out, err)
		}
	}
	// Decoding without the checks also reads a space separator and a missing offset; the
	// text is kept all the same.
	lenient := []string{"2023-01-17 16:50:24", "2023-01-17 16:50:24.123456789012", "2023-01-17T16:50:24", "2023-01-17 16:50:24+05:30", "2023-01-17T16:50:24.000000000000000001"}
	for dt := range dateTimeCases {
		if dateTimeCases[dt] {
			lenient = append(lenient, dt)
		}
	}
	for _, dt := range lenient {
		var d railz.DateTime
		if err := json.Unmarshal([]byte(`"`+dt+`"`), &d); err != nil {
			t.Errorf("UnmarshalJSON %q: %v", dt, err)
			continue
		}
		if out, _ := json.Marshal(d); string(out) != `"`+dt+`"` {
			t.Errorf("%q re-encoded as %s", dt, out)
		}
		if _, err := railz.ParseDateTime(dt); (err == nil) != dateTimeCases[dt] {
			t.Errorf("ParseDateTime(%q): %v", dt, err)
		}
	}
	// Nor do they accept signs or short fields, or values out of range, with or without an
	// offset.
	for _, dt := range []string{"2023-01-17T+6:50:24Z", "2023-01-17T-0:+0:+0Z", "2023-01-17 +6:50:24", "2023-01-17T16:+5:24",
		"2023-01-17 16:50:-4", "2023-01-17T 6:50:24", "2023-01-17 24:00:00", "2023-02-30 16:50:24", "2023-01-17 16:50:60"} {
		var d railz.DateTime
		if err := json.Unmarshal([]byte(`"`+dt+`"`), &d); err == nil {
			t.Errorf("UnmarshalJSON accepted %q as %v", dt, d)
		}
	}
}

// rfc3339 is the grammar of RFC 3339 section 5.6 date-time, as a regular expression; the
// ranges of its fields are checked apart.
var rfc3339 = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$`)

// oracleDateTime decides RFC 3339 by the grammar above, time.Date for the calendar, and the
// leap-second rule (second 60 only at 23:59 UTC), independently of the parser under test.
func oracleDateTime(s string) bool {
	m := rfc3339.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	y, mo, d, h, mi, sec := n(1), n(2), n(3), n(4), n(5), n(6)
	if mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60 {
		return false
	}
	if t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC); t.Day() != d {
		return false
	}
	off := 0
	if m[9] != "" {
		if n(10) > 23 || n(11) > 59 {
			return false
		}
		off = n(10)*60 + n(11)
		if m[9] == "+" {
			off = -off
		}
	}
	if sec == 60 {
		utc := ((h*60+mi+off)%(24*60) + 24*60) % (24 * 60)
		return utc == 23*60+59
	}
	return true
}

// FuzzDateTime: the date-time parser of the generated code, which both paths use, accepts
// exactly what the grammar accepts, and what it accepts (or UnmarshalJSON reads without the
// checks) encodes again as the same text.
//
//	go test ./validate -run '^$' -fuzz FuzzDateTime
func FuzzDateTime(f *testing.F) {
	for dt := range dateTimeCases {
		f.Add(dt)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := railz.ParseDateTime(s)
		if want := oracleDateTime(s); (err == nil) != want {
			t.Fatalf("ParseDateTime(%q): %v; RFC 3339 says valid=%v", s, err, want)
		}
		if isDateTime(s) != (err == nil) {
			t.Fatalf("the format check and ParseDateTime disagree on %q", s)
		}
		quoted, jerr := json.Marshal(s)
		if jerr != nil {
			return
		}
		var d railz.DateTime
		if json.Unmarshal(quoted, &d) != nil {
			if err == nil {
				t.Fatalf("UnmarshalJSON refuses %q, which ParseDateTime accepts", s)
			}
			return
		}
		if out, _ := json.Marshal(d); string(out) != string(quoted) {
			t.Fatalf("%s re-encoded as %s", quoted, out)
		}
	})
}
