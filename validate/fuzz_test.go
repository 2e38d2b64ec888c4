package validate_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/railzhook/railzhook/validate"
)

// FuzzParse feeds Parse arbitrary bytes, seeded with every fixture. It must never panic;
// the generated checks (the fast path) and the JSON Schema validator (the reference path)
// must reach the same verdict; a payload it accepts must encode again and the encoding must be
// accepted too; a payload it rejects must come back as a *validate.Error with well-formed
// field errors.
//
//	go test ./validate -run '^$' -fuzz FuzzParse -fuzztime 5m
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/*/*/*.json")
	if len(files) == 0 {
		f.Fatal("no fixtures to seed the corpus with")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	// Numbers whose arbitrary-precision handling once panicked or took seconds.
	simple, err := os.ReadFile("../testdata/valid/data/seed-002-simple-payload.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range []string{"1e10000000", "-1E-10000000", "1e999999", "1e1000", "1e1001", "1e0000000000000000000001", "0.1e-999", strings.Repeat("9", 1001)} {
		f.Add([]byte(strings.Replace(string(simple), `"id": 26243`, `"id": `+n, 1)))
	}
	// A NUL byte after the payload, once read as the end of the input.
	f.Add(append(simple, 0))
	f.Fuzz(func(t *testing.T, data []byte) {
		for i, opts := range [][]validate.Option{nil, {validate.Strict()}} {
			mode := []validate.Mode{validate.ModeDefault, validate.ModeStrict}[i]
			fast, deferred := validate.FastVerdict(data, mode, "")
			ref, rerr := validate.ReferenceVerdict(data, mode, "")
			if rerr != nil {
				t.Fatal(rerr)
			}
			if deferred || fast != ref {
				t.Fatalf("%s mode: generated checks say valid=%v (deferred=%v), the JSON Schema validator says valid=%v", mode, fast, deferred, ref)
			}
			ev, err := validate.Parse(data, opts...)
			if err == nil {
				if ev == nil {
					t.Fatal("nil event without an error")
				}
				out, err := json.Marshal(ev)
				if err != nil {
					t.Fatalf("accepted payload does not encode: %v", err)
				}
				if _, err := validate.Parse(out, opts...); err != nil {
					t.Fatalf("re-encoded payload rejected: %v\n%s", err, out)
				}
				continue
			}
			var verr *validate.Error
			if !errors.As(err, &verr) {
				t.Fatalf("error %T %v, want *validate.Error", err, err)
			}
			if len(verr.Errors) == 0 {
				t.Fatal("*validate.Error without field errors")
			}
			for _, fe := range verr.Errors {
				if fe.Keyword == "" || fe.Message == "" || (fe.Path != "" && !strings.HasPrefix(fe.Path, "/")) {
					t.Fatalf("malformed field error %+v", fe)
				}
			}
			_ = verr.Error()
			_ = verr.Detail()
		}
	})
}
