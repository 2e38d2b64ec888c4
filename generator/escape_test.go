package generator

import (
	"encoding/json"
	"testing"
)

// Member names are written pre-escaped: the text must be what the generated appendString
// writes, and decode back to the name.
func TestEscapeJSONString(t *testing.T) {
	cases := map[string]string{
		"plain":            `"plain"`,
		`q"b\`:             `"q\"b\\"`,
		"nl\nrt\r\tx":      `"nl\nrt\r\tx"`,
		"bell\a\b\f":       `"bell\u0007\u0008\u000c"`,
		"<a&b>":            `"\u003ca\u0026b\u003e"`,
		"ls\u2028ps\u2029": `"ls\u2028ps\u2029"`,
		"bad\xffutf8":      `"bad\ufffdutf8"`,
		"\ufffd kept":      "\"\ufffd kept\"",
		"ünï":              `"ünï"`,
	}
	for in, want := range cases {
		got := string(escapeJSONString(in))
		if got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Errorf("%q: %s is not a JSON string: %v", in, got, err)
		}
	}
}
