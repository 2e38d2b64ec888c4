package validate_test

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"testing"

	jsonschema6 "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

// v6Schemas compiles the embedded schemas with santhosh-tekuri/jsonschema v6, the fastest Go
// validator, as a user would: formats asserted, as our schemas mean them.
var v6Schemas = sync.OnceValues(func() (map[string]*jsonschema6.Schema, error) {
	c := jsonschema6.NewCompiler()
	c.DefaultDraft(jsonschema6.Draft2020)
	c.AssertFormat()
	for _, f := range schemas.Files() {
		data, err := schemas.Read(f)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema6.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(schemas.BaseURL+f, doc); err != nil {
			return nil, err
		}
	}
	evs, err := schemas.Events()
	if err != nil {
		return nil, err
	}
	out := map[string]*jsonschema6.Schema{}
	for _, e := range evs {
		s, err := c.Compile(e.URL())
		if err != nil {
			return nil, err
		}
		out[e.Name] = s
	}
	return out, nil
})

// v6Verdict is santhosh v6 from bytes to verdict: its own decoder, then Validate.
func v6Verdict(data []byte, s *jsonschema6.Schema) error {
	v, err := jsonschema6.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

var (
	connectionID = regexp.MustCompile(`"connectionId"\s*:\s*"[^"]*"`)
	requestID    = regexp.MustCompile(`"requestId"\s*:\s*"[^"]*"`)
)

// broken returns a seed payload with two errors that every event's schema reports: a
// connectionId that is a number, and a requestId that is not a UUID.
func broken(b *testing.B, data []byte) []byte {
	b.Helper()
	out := connectionID.ReplaceAll(data, []byte(`"connectionId": 42`))
	out = requestID.ReplaceAll(out, []byte(`"requestId": "not-a-uuid"`))
	if bytes.Equal(out, data) {
		b.Fatal("the seed has neither connectionId nor requestId")
	}
	return out
}

// BenchmarkRejected: what a rejected payload costs. On each seed payload, made invalid by
// broken, and in interleaved rounds:
//
//   - Parse: validate.Parse of the valid seed (the fast path);
//   - Report: validate.Parse of the broken seed, which returns the complete report (every
//     error with its pointer, keyword, message, line and column);
//   - V6, V6Invalid: santhosh-tekuri/jsonschema v6 from bytes to verdict on the valid and the
//     broken seed (its decoder, then Validate);
//   - V5Raw: santhosh v5 on the valid seed, through encoding/json, with no error conversion.
//
// report_x_parse (the full report against a valid Parse of the same seed) must come to at
// most 2; parse_x_v6 is Parse's share of v6's time to the same verdict, and report_x_v6 the
// report's share of v6's time to reject the same payload.
//
//	go test ./validate -run '^$' -bench Rejected -benchtime 100x
func BenchmarkRejected(b *testing.B) {
	v6, err := v6Schemas()
	if err != nil {
		b.Fatal(err)
	}
	v5, err := rawSchemas()
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range seedFiles(b) {
		bad := broken(b, s.data)
		b.Run(s.name, func(b *testing.B) {
			sch6 := v6[s.event]
			var errs int
			med, ts := interleaveTimings(b, 10, []variant{
				{"Parse", func() error { _, err := validate.Parse(s.data); return err }},
				{"Report", func() error {
					_, err := validate.Parse(bad)
					var verr *validate.Error
					if !errors.As(err, &verr) || len(verr.Errors) < 2 {
						return fmt.Errorf("want a report of two errors or more, got %v", err)
					}
					errs = len(verr.Errors)
					return nil
				}},
				{"V6", func() error { return v6Verdict(s.data, sch6) }},
				{"V6Invalid", func() error {
					if v6Verdict(bad, sch6) == nil {
						return errors.New("v6 accepts the broken payload")
					}
					return nil
				}},
				{"V5Raw", func() error { return rawValidate(s.data, v5[s.event]) }},
			})
			for i := range ts {
				if ts[i].name == "Report" {
					ts[i].extra = fmt.Sprintf("%d errors reported", errs)
				}
			}
			b.ReportMetric(med["Report"]/med["Parse"], "report_x_parse")
			b.ReportMetric(med["Parse"]/med["V6"], "parse_x_v6")
			b.ReportMetric(med["Report"]/med["V6Invalid"], "report_x_v6")
			b.ReportMetric(med["Parse"]/med["V5Raw"], "parse_x_v5raw")
			table(b, fmt.Sprintf("rejecting %s (%d bytes), beside a valid Parse of it", s.name, len(bad)), ts, "Parse", "V6", "V6Invalid")
		})
	}
}
