package printable

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"":                                 "",
		"push":                             "push",
		"café ünïcødé 日本 🎉":                "café ünïcødé 日本 🎉",
		"\x1b[2J\a\r\nx\t\x7f":             `\x1b[2J\x07\x0d\x0ax\x09\x7f`,
		"\u0085\u009b":                     `\u0085\u009b`,
		"\xff\xfe ok \xc3":                 `\xff\xfe ok \xc3`,
		"\ufffd":                           `\ufffd`,
		"abc\u202etxt.exe":                 `abc\u202etxt.exe`,
		"\u2066\u2067\u2068\u2069":         `\u2066\u2067\u2068\u2069`,
		"a\u200bb\u200c\u200d\u200e\u200f": `a\u200bb\u200c\u200d\u200e\u200f`,
		"line\u2028para\u2029":             `line\u2028para\u2029`,
		"\u00ad\u061c\u2060\ufeff":         `\u00ad\u061c\u2060\ufeff`,
		"tag\U000E0041":                    `tag\U000e0041`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %s, want %s", in, got, want)
		}
	}
}

// Every format character is escaped, and nothing that Escape returns holds a control or
// format character.
func TestEscapeEveryFormatCharacter(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		s := string(r)
		out := Escape(s)
		for _, c := range out {
			if unicode.Is(unicode.Cf, c) || unicode.Is(unicode.Cc, c) || c == 0x2028 || c == 0x2029 {
				t.Fatalf("Escape(%U) = %q keeps %U", r, out, c)
			}
		}
		if unicode.IsPrint(r) && !unicode.Is(unicode.Cf, r) && r != 0xfffd && out != s {
			t.Fatalf("Escape(%U) = %q changes a printable character", r, out)
		}
	}
}

// JSON escapes what Escape would inside JSON text, and the result decodes to the same value.
func TestJSON(t *testing.T) {
	in := "ok \x7f\u0085\u009b\u202e\u2066\u200b\u2028\u2029\ufeff\U000E0041 é 日本 🎉 \ufffd"
	enc, _ := json.Marshal(map[string]string{"k\u202e": in})
	got := JSON(string(enc))
	for _, r := range got {
		if r >= 0x7f && unsafe(r) && r != 0xfffd {
			t.Fatalf("JSON kept %U raw: %s", r, got)
		}
	}
	var back map[string]string
	if err := json.Unmarshal([]byte(got), &back); err != nil || back["k\u202e"] != in {
		t.Errorf("%s decodes to %q, %v", got, back, err)
	}
	if want := `\u202e`; !strings.Contains(got, want) || !strings.Contains(got, `\udb40\udc41`) {
		t.Errorf("escapes missing: %s", got)
	}
	if s := `{"a":"plain é"}`; JSON(s) != s {
		t.Errorf("changed %s", s)
	}
}
