package validate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/mailru/easyjson"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/validate"
	"github.com/railzhook/railzhook/validate/internal/mirror"
)

// The benchmarks of this file and fastpath_bench_test.go set the generated code of gen/railz
// beside what a Go team would otherwise pick: the plain structs of package mirror, decoded and
// encoded by encoding/json, goccy/go-json, sonic (where it has its JIT: amd64 and arm64, see
// bench_sonic_test.go) and easyjson (generated code, see package mirror), none of which checks
// anything. Every variant runs in the same rounds (interleave), so that a noisy neighbour
// slows them alike, and every ratio is taken within one run.

// codec is a JSON library that decodes and encodes the mirror structs.
type codec struct {
	name      string
	unmarshal func(data []byte, v any) error
	marshal   func(v any) ([]byte, error)
}

// codecs lists the libraries, encoding/json first. bench_sonic_test.go adds sonic where it
// runs compiled.
var codecs = []codec{
	{"Mirror", json.Unmarshal, json.Marshal},
	{"Goccy", gojson.Unmarshal, gojson.Marshal},
	{"EasyJSON", func(data []byte, v any) error { return easyjson.Unmarshal(data, v.(easyjson.Unmarshaler)) },
		func(v any) ([]byte, error) { return easyjson.Marshal(v.(easyjson.Marshaler)) }},
}

// libraryNames names the codecs in benchmark output.
var libraryNames = map[string]string{"Mirror": "encoding/json", "Goccy": "goccy/go-json", "Sonic": "sonic", "EasyJSON": "easyjson"}

// seedFiles lists the seed payloads: testdata/valid/<event>/seed-*.json.
func seedFiles(b testing.TB) []seedFile {
	b.Helper()
	files, _ := filepath.Glob("../testdata/valid/*/seed-*.json")
	if len(files) == 0 {
		b.Fatal("no seed fixtures")
	}
	var out []seedFile
	for _, f := range files {
		out = append(out, seedFile{
			data:  seed(b, strings.TrimPrefix(f, "../testdata/valid/")),
			event: filepath.Base(filepath.Dir(f)),
			name:  strings.TrimSuffix(filepath.Base(f), ".json"),
		})
	}
	return out
}

type seedFile struct {
	data        []byte
	event, name string
}

// checker is what every generated event type offers: decoding with the schema's checks.
type checker interface {
	DecodeChecked(b []byte, strict bool) error
}

// variant is one way of handling a payload, timed in rounds against the others.
type variant struct {
	name string
	run  func() error
}

// timing is what interleave measured of one variant.
type timing struct {
	name          string
	med, spread   float64 // median ns/op; (90th - 10th percentile) / median, in %
	allocs, bytes float64 // per op
	extra         string  // a note for the table
}

// interleave times variants in rounds: in each of b.N rounds every variant runs per times, in
// turn, so that a noisy neighbour slows them alike. It reports each variant's median ns/op
// over the rounds (<name>-ns/op), its spread (<name>-spread%), its allocations
// (<name>-allocs/op, <name>-B/op), and returns the medians.
func interleave(b *testing.B, per int, vs []variant) map[string]float64 {
	b.Helper()
	med, _ := interleaveTimings(b, per, vs)
	return med
}

func interleaveTimings(b *testing.B, per int, vs []variant) (map[string]float64, []timing) {
	b.Helper()
	for _, v := range vs {
		if err := v.run(); err != nil {
			b.Fatalf("%s: %v", v.name, err)
		}
	}
	samples := make([][]float64, len(vs))
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		// Start each round with a different variant, so that none always runs first (after the
		// collector, or after a cache-clearing neighbour).
		for k := range vs {
			i := (round + k) % len(vs)
			start := time.Now()
			for n := 0; n < per; n++ {
				if err := vs[i].run(); err != nil {
					b.Fatalf("%s: %v", vs[i].name, err)
				}
			}
			samples[i] = append(samples[i], float64(time.Since(start).Nanoseconds())/float64(per))
		}
	}
	b.StopTimer()
	out := map[string]float64{}
	var ts []timing
	for i, v := range vs {
		m, lo, hi := spread(samples[i])
		out[v.name] = m
		t := timing{name: v.name, med: m, spread: (hi - lo) / m * 100}
		b.ReportMetric(m, v.name+"-ns/op")
		if len(samples[i]) >= 5 {
			b.ReportMetric(t.spread, v.name+"-spread%")
		}
		t.allocs, t.bytes = allocsOf(v.run)
		b.ReportMetric(t.allocs, v.name+"-allocs/op")
		b.ReportMetric(t.bytes, v.name+"-B/op")
		ts = append(ts, t)
	}
	return out, ts
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
	const n = 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < n; i++ {
		_ = f()
	}
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / n, float64(after.TotalAlloc-before.TotalAlloc) / n
}

// tables holds the table of each benchmark's last run, in the order they first ran; TestMain
// prints them after the benchmarks' own lines (go test would cut a log of more than ten
// lines, and printing during a benchmark would split its line).
var tables struct {
	order []string
	text  map[string]string
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, name := range tables.order {
		fmt.Print("\n" + name + ": " + tables.text[name])
	}
	os.Exit(code)
}

// table keeps the timings of one benchmark as a table, each variant's median also as a ratio
// to each baseline's median in the same run, for TestMain to print. Only a run of more than
// one round counts.
func table(b *testing.B, title string, ts []timing, baselines ...string) {
	b.Helper()
	if b.N <= 1 {
		return
	}
	med := map[string]float64{}
	for _, t := range ts {
		med[t.name] = t.med
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s (%d rounds; medians; spread = 10th to 90th percentile)\n", title, b.N)
	fmt.Fprintf(&sb, "  %-22s %10s %8s %9s %10s", "variant", "ns/op", "spread", "allocs/op", "B/op")
	for _, base := range baselines {
		fmt.Fprintf(&sb, " %12s", "÷ "+label(base))
	}
	sb.WriteString("\n")
	for _, t := range ts {
		fmt.Fprintf(&sb, "  %-22s %10.0f %7.0f%% %9.1f %10.0f", label(t.name), t.med, t.spread, t.allocs, t.bytes)
		for _, base := range baselines {
			fmt.Fprintf(&sb, " %12.2f", t.med/med[base])
		}
		if t.extra != "" {
			sb.WriteString("  " + t.extra)
		}
		sb.WriteString("\n")
	}
	if tables.text == nil {
		tables.text = map[string]string{}
	}
	if _, ok := tables.text[b.Name()]; !ok {
		tables.order = append(tables.order, b.Name())
	}
	tables.text[b.Name()] = sb.String()
}

// label names a variant in a table: a library by its own name.
func label(name string) string {
	if long, ok := libraryNames[name]; ok {
		return long
	}
	return name
}

// sameTree reports whether two JSON documents hold the same tree (numbers compared as
// written).
func sameTree(a, b []byte) (bool, error) {
	var x, y any
	da := json.NewDecoder(bytes.NewReader(a))
	da.UseNumber()
	if err := da.Decode(&x); err != nil {
		return false, err
	}
	db := json.NewDecoder(bytes.NewReader(b))
	db.UseNumber()
	if err := db.Decode(&y); err != nil {
		return false, err
	}
	return reflect.DeepEqual(x, y), nil
}

// decodeVariants are the ways of decoding a payload of an event: each library into the mirror
// struct, then the generated code with and without the schema's checks.
func decodeVariants(data []byte, event, name string) []variant {
	var vs []variant
	for _, c := range codecs {
		vs = append(vs, variant{c.name, func() error { return c.unmarshal(data, mirror.New(event, name)) }})
	}
	return append(vs,
		variant{"Unmarshal", func() error {
			return railz.NewEvent(railz.EventName(event)).(json.Unmarshaler).UnmarshalJSON(data)
		}},
		variant{"DecodeChecked", func() error {
			return railz.NewEvent(railz.EventName(event)).(checker).DecodeChecked(data, false)
		}},
		variant{"Parse", func() error { _, err := validate.Parse(data); return err }},
	)
}

// encodeVariants are the ways of encoding a payload: the generated MarshalJSON of its
// railz value (directly, and through json.Marshal, which checks and compacts what a
// Marshaler writes), and each library on the mirror struct. Each must write the payload's
// own JSON tree. It also returns the size of the encoding.
func encodeVariants(b *testing.B, data []byte, event, name string) ([]variant, int) {
	b.Helper()
	ev, err := validate.Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	m := mirror.New(event, name)
	if err := json.Unmarshal(data, m); err != nil {
		b.Fatal(err)
	}
	vs := []variant{{"MarshalJSON", func() error { _, err := ev.(json.Marshaler).MarshalJSON(); return err }}}
	for _, c := range codecs {
		vs = append(vs, variant{c.name, func() error { _, err := c.marshal(m); return err }})
	}
	vs = append(vs, variant{"json.Marshal(railz)", func() error { _, err := json.Marshal(ev); return err }})
	out, err := ev.(json.Marshaler).MarshalJSON()
	if err != nil {
		b.Fatal(err)
	}
	// Every encoder writes the same tree, the payload's: they do the same work.
	for _, enc := range []struct {
		name string
		f    func() ([]byte, error)
	}{
		{"MarshalJSON", func() ([]byte, error) { return ev.(json.Marshaler).MarshalJSON() }},
		{"Mirror", func() ([]byte, error) { return json.Marshal(m) }},
		{"Goccy", func() ([]byte, error) { return gojson.Marshal(m) }},
	} {
		got, err := enc.f()
		if err != nil {
			b.Fatalf("%s: %v", enc.name, err)
		}
		if same, err := sameTree(data, got); err != nil || !same {
			b.Fatalf("%s of %s writes another tree (%v):\n%s", enc.name, name, err, got)
		}
	}
	return vs, len(out)
}
