package generator

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitLookaheads(t *testing.T) {
	for _, c := range []struct {
		p     string
		parts []lookaheadPart
		rest  string
		ok    bool
	}{
		{p: "^(?!pattern$).*$", parts: []lookaheadPart{{"pattern$", true}}, rest: ".*$", ok: true},
		{p: "^(?!@@)(?=[a-z])[\\w@]+$", parts: []lookaheadPart{{"@@", true}, {"[a-z]", false}}, rest: "[\\w@]+$", ok: true},
		{p: "^(?!(a|b)\\))x", parts: []lookaheadPart{{"(a|b)\\)", true}}, rest: "x", ok: true},
		{p: "^(?![)(])x", parts: []lookaheadPart{{"[)(]", true}}, rest: "x", ok: true},
		{p: "^(?![]a)])", parts: []lookaheadPart{{"[]a)]", true}}, rest: "", ok: true},
		{p: "a(?!b)"},        // not at the start
		{p: "^(?<=a)b"},      // a lookbehind
		{p: "^(?!a"},         // unclosed
		{p: "^(?!a)(?<!b)c"}, // a lookbehind in the rest
		{p: "^(?!(?=a)b)c"},  // a lookahead within one
		{p: "^[a-z]+$"},      // none
	} {
		parts, rest, ok := splitLookaheads(c.p)
		if ok != c.ok || rest != c.rest || !cmp.Equal(parts, c.parts, cmp.AllowUnexported(lookaheadPart{})) {
			t.Errorf("%q: got %v %q %v, want %v %q %v", c.p, parts, rest, ok, c.parts, c.rest, c.ok)
		}
	}
}
