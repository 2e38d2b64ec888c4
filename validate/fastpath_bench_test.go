package validate_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/railzhook/railzhook/validate"
)

// BenchmarkFastPath compares, on each seed payload and in interleaved rounds (see
// bench_codecs_test.go):
//
//   - Mirror, Goccy, Sonic, EasyJSON: encoding/json, goccy/go-json, sonic and easyjson
//     decoding a hand-written plain struct of the same shape (package mirror), checking
//     nothing;
//   - MapAny: encoding/json into map[string]any;
//   - Unmarshal: the generated UnmarshalJSON (one pass, types only);
//   - DecodeChecked: the generated decoder with the schema's checks;
//   - Parse and ParseStrict: validate.Parse (DecodeChecked, plus finding the event and the
//     requestId).
//
// <variant>_x_<library> metrics are ratios of medians in the same run: parse_x_mirror must
// stay at or below 0.4; checked_x_goccy at or below 1.0 is the aim.
//
//	go test ./validate -run '^$' -bench FastPath -benchtime 300x
func BenchmarkFastPath(b *testing.B) {
	for _, s := range seedFiles(b) {
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(s.data)))
			vs := decodeVariants(s.data, s.event, s.name)
			vs = append(vs,
				variant{"MapAny", func() error { var m map[string]any; return json.Unmarshal(s.data, &m) }},
				variant{"ParseStrict", func() error { _, err := validate.Parse(s.data, validate.Strict()); return err }},
			)
			med, ts := interleaveTimings(b, 20, vs)
			for _, c := range codecs {
				lib := strings.ToLower(c.name)
				b.ReportMetric(med["Parse"]/med[c.name], "parse_x_"+lib)
				b.ReportMetric(med["DecodeChecked"]/med[c.name], "checked_x_"+lib)
			}
			b.ReportMetric(med["ParseStrict"]/med["Mirror"], "strict_x_mirror")
			b.ReportMetric(med["Unmarshal"]/med["Mirror"], "unmarshal_x_mirror")
			b.ReportMetric(med["Unmarshal"]/med["Goccy"], "unmarshal_x_goccy")
			b.ReportMetric(med["Parse"]/med["MapAny"], "parse_x_mapany")
			table(b, "decoding "+s.name+fmt.Sprintf(" (%d bytes)", len(s.data)), ts, "Mirror", "Goccy")
		})
	}
}

// BenchmarkEncode compares, on each seed payload and in interleaved rounds, the generated
// MarshalJSON of its gen/railz value with each library encoding the plain mirror struct
// decoded from the same payload (every one of them writes the payload's own JSON tree), and
// with json.Marshal of the railz value, which is what a caller of encoding/json gets (it
// checks and compacts what MarshalJSON writes). marshal_x_<library> metrics are ratios of
// medians in the same run: marshal_x_mirror must stay at or below 1.0, with fewer bytes
// allocated than the mirror (MarshalJSON-B/op against Mirror-B/op).
//
//	go test ./validate -run '^$' -bench Encode -benchtime 300x
func BenchmarkEncode(b *testing.B) {
	for _, s := range seedFiles(b) {
		b.Run(s.name, func(b *testing.B) {
			vs, size := encodeVariants(b, s.data, s.event, s.name)
			b.SetBytes(int64(size))
			med, ts := interleaveTimings(b, 20, vs)
			for _, c := range codecs {
				b.ReportMetric(med["MarshalJSON"]/med[c.name], "marshal_x_"+strings.ToLower(c.name))
			}
			b.ReportMetric(med["json.Marshal(railz)"]/med["Mirror"], "stdmarshal_x_mirror")
			table(b, "encoding "+s.name+fmt.Sprintf(" (%d bytes written)", size), ts, "Mirror", "Goccy")
		})
	}
}

// BenchmarkBatchItems: batchPush payloads of 1,000 and 10,000 items, interleaved: Parse of
// both, and on the 10,000 items the generated decoders and each library into the mirror.
// ns/item must stay at or below 3,000 and B/byte at or below 4; linear_10k_over_1k near 1
// shows the cost is linear in the items; <variant>_x_<library> are ratios of medians.
//
//	go test ./validate -run '^$' -bench BatchItems -benchtime 20x
func BenchmarkBatchItems(b *testing.B) {
	small, smallItems := batchOfItems(1000)
	large, largeItems := batchOfItems(10000)
	b.SetBytes(int64(len(large)))
	vs := []variant{{"Parse1k", func() error { _, err := validate.Parse(small); return err }}}
	vs = append(vs, decodeVariants(large, "batchPush", "batch")...)
	med, ts := interleaveTimings(b, 1, vs)
	perItem := med["Parse"] / float64(largeItems)
	b.ReportMetric(perItem, "ns/item")
	b.ReportMetric(perItem/(med["Parse1k"]/float64(smallItems)), "linear_10k_over_1k")
	for _, c := range codecs {
		lib := strings.ToLower(c.name)
		b.ReportMetric(med["Parse"]/med[c.name], "parse_x_"+lib)
		b.ReportMetric(med["DecodeChecked"]/med[c.name], "checked_x_"+lib)
	}
	_, bytes := allocsOf(func() error { _, err := validate.Parse(large); return err })
	b.ReportMetric(bytes/float64(len(large)), "B/byte")
	table(b, fmt.Sprintf("decoding a batchPush of %d items (%d bytes; Parse1k: %d items)", largeItems, len(large), smallItems), ts, "Mirror", "Goccy")
}

// BenchmarkBatchEncode: encoding the batchPush of 10,000 items, the generated MarshalJSON
// against each library on the mirror struct, interleaved. <name>-B/byte is bytes allocated
// per byte written.
//
//	go test ./validate -run '^$' -bench BatchEncode -benchtime 20x
func BenchmarkBatchEncode(b *testing.B) {
	large, items := batchOfItems(10000)
	vs, size := encodeVariants(b, large, "batchPush", "batch")
	b.SetBytes(int64(size))
	med, ts := interleaveTimings(b, 1, vs)
	for i, t := range ts {
		b.ReportMetric(t.bytes/float64(size), t.name+"-B/byte")
		ts[i].extra = fmt.Sprintf("%.2f B allocated per byte written", t.bytes/float64(size))
	}
	for _, c := range codecs {
		b.ReportMetric(med["MarshalJSON"]/med[c.name], "marshal_x_"+strings.ToLower(c.name))
	}
	table(b, fmt.Sprintf("encoding a batchPush of %d items (%d bytes written)", items, size), ts, "Mirror", "Goccy")
}

// batchOfItems builds a valid batchPush with n items.
func batchOfItems(n int) ([]byte, int) {
	var sb strings.Builder
	sb.WriteString(`{"data":{"event":"batchPush","connectionId":"CON-1","businessName":"biz","serviceName":"xero","batchId":"63c6d1d02175edb3822e8d47","batch":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"pushCommunicationId":"63c6d1d02175edb3822e%04x","sourceObjectIds":["%d"],"dataType":"journalEntries","requestedOn":"2023-01-17T16:50:24.063Z","completedOn":"2023-01-17T16:50:30.579Z","status":"success","responseCode":200}`, i%0xffff, i)
	}
	sb.WriteString(`]},"requestId":"7c8648ce-8244-4948-9a0f-7d01e665d1aa"}`)
	return []byte(sb.String()), n
}
