package validate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

// rawSchemas compiles the embedded schemas with the plain jsonschema API (no mode transform,
// no error conversion): the baseline for what validation alone costs.
var rawSchemas = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	for _, f := range schemas.Files() {
		data, err := schemas.Read(f)
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(schemas.BaseURL+f, bytes.NewReader(data)); err != nil {
			return nil, err
		}
	}
	out := map[string]*jsonschema.Schema{}
	evs, err := schemas.Events()
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		s, err := c.Compile(e.URL())
		if err != nil {
			return nil, err
		}
		out[e.Name] = s
	}
	return out, nil
})

// unmarshalTyped is baseline 1: encoding/json into the generated type, no validation.
func unmarshalTyped(data []byte, event string) error {
	return json.Unmarshal(data, railz.NewEvent(railz.EventName(event)))
}

// rawValidate is baseline 2: decode to any and validate with the jsonschema API directly.
func rawValidate(data []byte, s *jsonschema.Schema) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	return s.Validate(v)
}

// measured records the ns/op of the last run of a benchmark function (the run with the final
// b.N), so that a later sub-benchmark of the same run can report ratios against it.
func measured(dst *float64, f func(b *testing.B)) func(b *testing.B) {
	return func(b *testing.B) {
		f(b)
		*dst = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	}
}

// BenchmarkParse measures Parse on each seed payload beside two baselines measured in the
// same run: json.Unmarshal into the generated type (Unmarshal) and decode + validate with the
// raw jsonschema API (RawValidate). The baselines run first; Parse then reports its time as a
// ratio of each (x_unmarshal, x_rawvalidate). Run only whole seeds (-bench 'Parse$/seed-000')
// so the baselines run too.
func BenchmarkParse(b *testing.B) {
	files, _ := filepath.Glob("../testdata/valid/*/seed-*.json")
	if len(files) == 0 {
		b.Fatal("no seed fixtures")
	}
	raw, err := rawSchemas()
	if err != nil {
		b.Fatal(err)
	}
	for _, file := range files {
		data := seed(b, strings.TrimPrefix(file, "../testdata/valid/"))
		event := filepath.Base(filepath.Dir(file))
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		s := raw[event]
		if err := rawValidate(data, s); err != nil {
			b.Fatal(err)
		}
		unmarshal := func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if err := unmarshalTyped(data, event); err != nil {
					b.Fatal(err)
				}
			}
		}
		rawV := func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if err := rawValidate(data, s); err != nil {
					b.Fatal(err)
				}
			}
		}
		var unmarshalNs, rawNs float64
		b.Run(name+"/Unmarshal", measured(&unmarshalNs, unmarshal))
		b.Run(name+"/RawValidate", measured(&rawNs, rawV))
		b.Run(name+"/Parse", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, err := validate.Parse(data); err != nil {
					b.Fatal(err)
				}
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if unmarshalNs > 0 && rawNs > 0 {
				b.ReportMetric(ns/unmarshalNs, "x_unmarshal")
				b.ReportMetric(ns/rawNs, "x_rawvalidate")
			}
		})
		b.Run(name+"/ParseStrict", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if _, err := validate.Parse(data, validate.Strict()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseInvalid measures the error path: many errors, with line and column.
func BenchmarkParseInvalid(b *testing.B) {
	data := seed(b, "batchPush/seed-001-batch-push.json")
	data = bytes.ReplaceAll(data, []byte(`"status": "success"`), []byte(`"status": "ok"`))
	data = bytes.ReplaceAll(data, []byte(`"responseCode": 200`), []byte(`"responseCode": "200"`))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := validate.Parse(data); err == nil {
			b.Fatal("valid")
		}
	}
}

// BenchmarkParseLarge measures a 2.5 MB batchPush (about 10,000 items).
func BenchmarkParseLarge(b *testing.B) {
	data, _ := bigBatchPush(2500 << 10)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := validate.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseMillionErrors: a 4 MiB batchPush whose 2 million items are all wrong. The
// report is bounded (MaxErrors kept, the rest counted), so time and memory stay linear in the
// body with a small constant. peak-RSS-MiB is the process's high-water mark.
//
//	go test ./validate -run '^$' -bench MillionErrors -benchtime 3x
func BenchmarkParseMillionErrors(b *testing.B) {
	body := brokenBatch(2 << 20)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, err := validate.Parse(body)
		var verr *validate.Error
		if !errors.As(err, &verr) || verr.Total() != 2<<20 {
			b.Fatal(err)
		}
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
}
