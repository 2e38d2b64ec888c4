// Package printable makes text that came from outside (a payload, a header, a schema) safe
// to print on a terminal or in a log, for the commands of railzhook.
package printable

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Escape returns s with every character that could change what a terminal or a log viewer
// shows written as an escape, so that no byte of s can move the cursor, ring a bell, clear the
// screen, start a new log line, or reorder or hide the text around it:
//
//   - C0 controls, DEL and bytes that are not valid UTF-8 as \xNN;
//   - C1 controls, the line and paragraph separators U+2028 and U+2029, and format
//     characters (Unicode category Cf: the bidirectional controls U+202A–U+202E and
//     U+2066–U+2069, zero-width characters U+200B–U+200F, U+2060–U+2064, U+FEFF, the soft
//     hyphen, tag characters, ...) as \uNNNN or \UNNNNNNNN;
//   - an encoded U+FFFD as \ufffd, so that it cannot be mistaken for a replaced byte.
//
// Other text, including printable non-ASCII letters and symbols, is returned as it is.
func Escape(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafe(r) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			hex(&b, `\x`, uint32(s[i]), 2)
		case r < 0x20 || r == 0x7f:
			hex(&b, `\x`, uint32(r), 2)
		case unsafe(r) && r <= 0xffff:
			hex(&b, `\u`, uint32(r), 4)
		case unsafe(r):
			hex(&b, `\U`, uint32(r), 8)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafe reports whether r is escaped (RuneError stands for itself and for invalid bytes).
func unsafe(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f:
		return true
	case r < 0x80:
		return false
	case r < 0xa0, r == 0x2028, r == 0x2029, r == utf8.RuneError:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

func hex(b *strings.Builder, prefix string, v uint32, width int) {
	b.WriteString(prefix)
	h := strconv.FormatUint(uint64(v), 16)
	for n := len(h); n < width; n++ {
		b.WriteByte('0')
	}
	b.WriteString(h)
}

// JSON returns JSON text with the characters Escape escapes and JSON allows raw (DEL, C1
// controls, U+2028, U+2029 and format characters) written as \u escapes (surrogate pairs
// beyond U+FFFF), so that a line of JSON is as safe to print as Escape's output and decodes
// to the same value. s must be JSON text, as json.Marshal makes it: such characters can only
// stand inside its strings.
func JSON(s string) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x20 && unsafe(r) && !(r == utf8.RuneError && size <= 1) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= 0x20 && unsafe(r) && !(r == utf8.RuneError && size <= 1) && r <= 0xffff:
			hex(&b, `\u`, uint32(r), 4)
		case r >= 0x20 && unsafe(r) && !(r == utf8.RuneError && size <= 1):
			hi, lo := utf16.EncodeRune(r)
			hex(&b, `\u`, uint32(hi), 4)
			hex(&b, `\u`, uint32(lo), 4)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
