package validate_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/validate"
)

// The mirrors are what a Go team would write by hand for the same payloads: plain structs
// with json tags, decoded by encoding/json, checking nothing. They are the baseline of the
// fast path: Parse decodes and validates; the mirror only decodes.

type mirrorAccountRef struct {
	ID        string `json:"id"`
	EntityRef *struct {
		ID string `json:"id"`
	} `json:"entityRef"`
}

type mirrorBatchPush struct {
	Data struct {
		Event             string            `json:"event"`
		ConnectionID      string            `json:"connectionId"`
		ConnectionUUID    *string           `json:"connectionUuid"`
		BusinessName      string            `json:"businessName"`
		ServiceName       string            `json:"serviceName"`
		BatchID           string            `json:"batchId"`
		ServiceAccountRef *mirrorAccountRef `json:"serviceAccountRef"`
		Batch             []struct {
			PushCommunicationID string    `json:"pushCommunicationId"`
			SourceObjectIDs     []string  `json:"sourceObjectIds"`
			DataType            string    `json:"dataType"`
			RequestedOn         time.Time `json:"requestedOn"`
			CompletedOn         time.Time `json:"completedOn"`
			Status              string    `json:"status"`
			ResponseCode        int64     `json:"responseCode"`
			Validation          *struct {
				Errors []struct {
					Message string `json:"message"`
				} `json:"errors"`
			} `json:"validation"`
		} `json:"batch"`
	} `json:"data"`
	RequestID         string            `json:"requestId"`
	ServiceAccountRef *mirrorAccountRef `json:"serviceAccountRef"`
}

type mirrorDataRequest struct {
	ID              string  `json:"id"`
	Request         *string `json:"request"`
	StartDate       *string `json:"startDate"`
	EndDate         *string `json:"endDate"`
	ReportFrequency *string `json:"reportFrequency"`
	Status          string  `json:"status"`
}

type mirrorDataCommon struct {
	Event             string            `json:"event"`
	ID                *int64            `json:"id"`
	ConnectionID      string            `json:"connectionId"`
	ConnectionUUID    *string           `json:"connectionUuid"`
	BusinessName      string            `json:"businessName"`
	BusinessUUID      *string           `json:"businessUuid"`
	ServiceName       string            `json:"serviceName"`
	DataSyncType      *string           `json:"dataSyncType"`
	Sandbox           *bool             `json:"sandbox"`
	ServiceAccountRef *mirrorAccountRef `json:"serviceAccountRef"`
}

type mirrorDataFull struct {
	Data struct {
		mirrorDataCommon
		Requests []mirrorDataRequest `json:"requests"`
	} `json:"data"`
	RequestID         string            `json:"requestId"`
	ServiceAccountRef *mirrorAccountRef `json:"serviceAccountRef"`
}

type mirrorDataSimple struct {
	Data struct {
		mirrorDataCommon
		Requests map[string]struct {
			Success int64 `json:"success"`
			Empty   int64 `json:"empty"`
			Failed  int64 `json:"failed"`
		} `json:"requests"`
	} `json:"data"`
	RequestID         string            `json:"requestId"`
	ServiceAccountRef *mirrorAccountRef `json:"serviceAccountRef"`
}

type mirrorDataPerType struct {
	Data struct {
		mirrorDataCommon
		RequestType string              `json:"requestType"`
		Requests    []mirrorDataRequest `json:"requests"`
	} `json:"data"`
	RequestID         string            `json:"requestId"`
	ServiceAccountRef *mirrorAccountRef `json:"serviceAccountRef"`
}

// newMirror returns a fresh mirror value for a seed.
func newMirror(event, name string) any {
	switch {
	case event == "batchPush":
		return new(mirrorBatchPush)
	case event == "dataPerType":
		return new(mirrorDataPerType)
	case strings.Contains(name, "simple"):
		return new(mirrorDataSimple)
	}
	return new(mirrorDataFull)
}

// variant is one way of handling a payload, timed in rounds against the others.
type variant struct {
	name string
	run  func() error
}

// interleave times variants in rounds: in each of b.N rounds every variant runs per times, in
// turn, so that a noisy neighbour slows them alike. It reports each variant's median ns/op
// over the rounds (<name>-ns/op), its allocations (<name>-allocs/op, <name>-B/op), and
// returns the medians.
func interleave(b *testing.B, per int, vs []variant) map[string]float64 {
	b.Helper()
	for _, v := range vs {
		if err := v.run(); err != nil {
			b.Fatalf("%s: %v", v.name, err)
		}
	}
	samples := make([][]float64, len(vs))
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		for i, v := range vs {
			start := time.Now()
			for k := 0; k < per; k++ {
				if err := v.run(); err != nil {
					b.Fatalf("%s: %v", v.name, err)
				}
			}
			samples[i] = append(samples[i], float64(time.Since(start).Nanoseconds())/float64(per))
		}
	}
	b.StopTimer()
	out := map[string]float64{}
	for i, v := range vs {
		med, lo, hi := spread(samples[i])
		out[v.name] = med
		b.ReportMetric(med, v.name+"-ns/op")
		if len(samples[i]) >= 5 {
			b.ReportMetric((hi-lo)/med*100, v.name+"-spread%")
		}
		allocs, bytes := allocsOf(v.run)
		b.ReportMetric(allocs, v.name+"-allocs/op")
		b.ReportMetric(bytes, v.name+"-B/op")
	}
	return out
}

// spread returns the median and the 10th and 90th percentiles.
func spread(xs []float64) (med, lo, hi float64) {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	at := func(p float64) float64 { return s[int(p*float64(len(s)-1))] }
	return at(0.5), at(0.1), at(0.9)
}

// allocsOf measures the mean allocations and bytes of one call.
func allocsOf(f func() error) (allocs, bytes float64) {
	const n = 50
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < n; i++ {
		_ = f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / n, float64(after.TotalAlloc-before.TotalAlloc) / n
}

// BenchmarkFastPath compares, on each seed payload and in interleaved rounds:
//
//   - Mirror: encoding/json into a hand-written plain struct of the same shape (the baseline);
//   - MapAny: encoding/json into map[string]any;
//   - Unmarshal: the generated UnmarshalJSON (one pass, types only);
//   - Parse and ParseStrict: validate.Parse, the generated decoder with the schema's checks.
//
// x_mirror metrics are ratios to Mirror's median in the same run: parse_x_mirror must stay at
// or below 1.0 and unmarshal_x_mirror at or below 0.5.
//
//	go test ./validate -run '^$' -bench FastPath -benchtime 200x
func BenchmarkFastPath(b *testing.B) {
	files, _ := filepath.Glob("../testdata/valid/*/seed-*.json")
	if len(files) == 0 {
		b.Fatal("no seed fixtures")
	}
	for _, file := range files {
		data := seed(b, strings.TrimPrefix(file, "../testdata/valid/"))
		event := filepath.Base(filepath.Dir(file))
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			med := interleave(b, 20, []variant{
				{"Mirror", func() error { return json.Unmarshal(data, newMirror(event, name)) }},
				{"MapAny", func() error { var m map[string]any; return json.Unmarshal(data, &m) }},
				{"Unmarshal", func() error {
					return railz.NewEvent(railz.EventName(event)).(json.Unmarshaler).UnmarshalJSON(data)
				}},
				{"Parse", func() error { _, err := validate.Parse(data); return err }},
				{"ParseStrict", func() error { _, err := validate.Parse(data, validate.Strict()); return err }},
			})
			b.ReportMetric(med["Parse"]/med["Mirror"], "parse_x_mirror")
			b.ReportMetric(med["ParseStrict"]/med["Mirror"], "strict_x_mirror")
			b.ReportMetric(med["Unmarshal"]/med["Mirror"], "unmarshal_x_mirror")
			b.ReportMetric(med["Parse"]/med["MapAny"], "parse_x_mapany")
		})
	}
}

// BenchmarkBatchItems: Parse on batchPush payloads of 1,000 and 10,000 items, interleaved.
// ns/item must stay at or below 3,000 and B/byte at or below 4; linear_10k_over_1k near 1
// shows the cost is linear in the items.
//
//	go test ./validate -run '^$' -bench BatchItems -benchtime 20x
func BenchmarkBatchItems(b *testing.B) {
	small, smallItems := batchOfItems(1000)
	large, largeItems := batchOfItems(10000)
	b.SetBytes(int64(len(large)))
	med := interleave(b, 1, []variant{
		{"Parse1k", func() error { _, err := validate.Parse(small); return err }},
		{"Parse10k", func() error { _, err := validate.Parse(large); return err }},
		{"Mirror10k", func() error { return json.Unmarshal(large, new(mirrorBatchPush)) }},
	})
	perItem := med["Parse10k"] / float64(largeItems)
	b.ReportMetric(perItem, "ns/item")
	b.ReportMetric(perItem/(med["Parse1k"]/float64(smallItems)), "linear_10k_over_1k")
	b.ReportMetric(med["Parse10k"]/med["Mirror10k"], "parse_x_mirror")
	_, bytes := allocsOf(func() error { _, err := validate.Parse(large); return err })
	b.ReportMetric(bytes/float64(len(large)), "B/byte")
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
