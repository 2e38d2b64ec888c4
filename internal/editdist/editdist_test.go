package editdist

import (
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"validate", "validate", 0},
		{"vaildate", "validate", 1}, // a transposition
		{"valdate", "validate", 1},
		{"validatee", "validate", 1},
		{"succes", "success", 1},
		{"pending", "success", 7},
		{"ab", "ba", 1},
		{"ca", "abc", 3},
		{"héllo", "hello", 1}, // runes, not bytes
		{strings.Repeat("a", MaxRunes+1), "a", MaxRunes + 1},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.b, c.a, got, c.want)
		}
	}
}
