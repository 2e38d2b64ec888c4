package generator

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"
)

// Schema text (descriptions, titles, member names, values, file names) reaches the output only
// in comments and string literals. A string literal is quoted by jennifer; a comment is made
// safe here, and every comment the generator writes goes through commentLine.
//
// jennifer writes a comment that starts with "//" or "/*" as it is, and any other as "// "
// followed by the text, or as a /* */ block when the text holds a line break. So a description
// line "//go:generate rm -rf ~" or "/**/ func init() {...}" would be written as a directive or
// as code. commentLine instead always hands jennifer a finished "// " line that holds no line
// break, in which nothing can end the comment or read as a directive:
//   - control characters (CR, LF, ESC, ...), the line and paragraph separators U+0085, U+2028
//     and U+2029, and Unicode format characters (bidirectional overrides and isolates, zero-width
//     characters) are written as Go escapes (\r, \u202e), so neither a compiler, an editor nor
//     a terminal sees them;
//   - "/*" and "*/" get a space between their characters;
//   - a line whose text starts with "+build" (a build constraint once in a comment of its own)
//     gets a backslash before it.
//
// "//go:" and "//line " are directives only at the start of a comment, where commentLine always
// writes "// " first.

// commentLine is a comment of one line holding text, made safe, for jen's Comment.
func commentLine(text string) string {
	text = defuse(text)
	if text == "" {
		return "//"
	}
	return "// " + text
}

// defuse returns text as it may stand in a line comment (see commentLine).
func defuse(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	var prev rune
	for i, r := range text {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(text[i:]); size == 1 {
				fmt.Fprintf(&b, `\x%02x`, text[i])
				prev = 'x'
				continue
			}
		}
		if esc, ok := escapeRune(r); ok {
			b.WriteString(esc)
			prev = 0
			continue
		}
		if (prev == '/' && r == '*') || (prev == '*' && r == '/') {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	out := b.String()
	if strings.HasPrefix(strings.TrimLeft(out, " \t"), "+build") {
		out = `\` + out
	}
	return out
}

// escapeRune gives the Go escape of a rune that may not stand in a comment as itself.
func escapeRune(r rune) (string, bool) {
	switch r {
	case '\t':
		return "", false
	case '\n':
		return `\n`, true
	case '\r':
		return `\r`, true
	}
	if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
		if r < 0x100 {
			return fmt.Sprintf(`\x%02x`, r), true
		}
		return fmt.Sprintf(`\u%04x`, r), true
	}
	return "", false
}

// comment adds text as comment lines wrapped at commentWidth, one Comment per line; a line
// break in text starts a new line, and a blank line a new paragraph.
func comment(g *jen.Group, text string) {
	for _, line := range wrapText(text, commentWidth) {
		g.Comment(commentLine(line))
	}
}
