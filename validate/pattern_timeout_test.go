package validate_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/railzhook/railzhook/validate"
)

// TestPatternTimeout: an ECMAScript pattern that backtracks without end is bounded for the
// whole payload, not per string, and running out of time is its own error, never a verdict:
// not "does not match", and not a pass where the pattern sits under "not".
func TestPatternTimeout(t *testing.T) {
	const evil = `^(a+)+(?=b)`
	strs := make([]string, 20)
	for i := range strs {
		strs[i] = `"` + strings.Repeat("a", 40) + `"`
	}
	array := []byte("[" + strings.Join(strs, ",") + "]")
	members := []byte(`{"` + strings.Repeat("a", 40) + `": 1, "` + strings.Repeat("a", 41) + `": 2}`)
	cases := []struct {
		name, schema string
		payload      []byte
		path         string
	}{
		{"pattern", `{"type": "array", "items": {"type": "string", "pattern": "` + evil + `"}}`, array, "/0"},
		{"not pattern", `{"type": "array", "items": {"not": {"type": "string", "pattern": "` + evil + `"}}}`, array, "/0"},
		{"oneOf", `{"type": "array", "items": {"oneOf": [{"pattern": "` + evil + `"}, {"minLength": 100}]}}`, array, "/0"},
		{"patternProperties", `{"type": "object", "patternProperties": {"` + evil + `": {"type": "string"}}, "additionalProperties": false}`, members, "/" + strings.Repeat("a", 40)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "s.json")
			os.WriteFile(file, []byte(tc.schema), 0o644)
			const limit = 300 * time.Millisecond
			s, err := validate.LoadSchema(file, validate.SchemaOptions{PatternTimeout: limit})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			err = s.Validate(tc.payload)
			took := time.Since(start)
			var pt *validate.PatternTimeoutError
			if !errors.As(err, &pt) || !errors.Is(err, validate.ErrPatternTimeout) {
				t.Fatalf("got %v (%T), want a *PatternTimeoutError", err, err)
			}
			var verr *validate.Error
			if errors.As(err, &verr) || errors.Is(err, validate.ErrInvalid) {
				t.Errorf("a timeout is reported as a verdict: %v", err)
			}
			if pt.Pattern != evil || pt.Path != tc.path || pt.Limit != limit {
				t.Errorf("got %+v, want pattern %s at %s", pt, evil, tc.path)
			}
			if !strings.Contains(err.Error(), "could not be evaluated within the 300ms allowed per payload") {
				t.Errorf("message: %v", err)
			}
			// The budget is per payload: 20 strings take about the limit, not 20 times it.
			if took > limit+3*time.Second {
				t.Errorf("validation took %s with a limit of %s per payload", took, limit)
			}
			t.Logf("%s: %s", tc.name, took)
		})
	}
	// A pattern that finishes in time still gives its verdict, and the next payload starts
	// with a fresh budget.
	file := filepath.Join(t.TempDir(), "s.json")
	os.WriteFile(file, []byte(`{"type": "array", "items": {"type": "string", "pattern": "`+evil+`"}}`), 0o644)
	s, err := validate.LoadSchema(file, validate.SchemaOptions{PatternTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(array); !errors.Is(err, validate.ErrPatternTimeout) {
		t.Fatalf("%v", err)
	}
	for i := 0; i < 3; i++ {
		if err := s.Validate([]byte(`["aab", "ab"]`)); err != nil {
			t.Errorf("matching strings: %v", err)
		}
		if err := s.Validate([]byte(`["aac"]`)); !errors.Is(err, validate.ErrInvalid) || !strings.Contains(err.Error(), "does not match pattern") {
			t.Errorf("a string that does not match: %v", err)
		}
	}
}
