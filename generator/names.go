package generator

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// commonInitialisms are written in upper case when they form a whole word of a Go name.
var commonInitialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true, "EOF": true,
	"GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true, "IP": true, "JSON": true,
	"QPS": true, "RAM": true, "RPC": true, "SLA": true, "SMTP": true, "SQL": true, "SSH": true,
	"TCP": true, "TLS": true, "TTL": true, "UDP": true, "UI": true, "UID": true, "UUID": true,
	"URI": true, "URL": true, "UTF8": true, "VM": true, "XML": true, "XMPP": true, "XSRF": true,
	"XSS": true,
}

// splitWords breaks s into words at non-alphanumeric characters and at case changes
// ("connectionUuid" -> connection, Uuid; "HTTPServer" -> HTTP, Server; "v2Api" -> v2, Api).
func splitWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 && unicode.IsUpper(r) {
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// goName turns a schema name or value into an exported Go identifier, applying Go's
// initialisms (ID, URL, UUID, ...) word by word. It returns "" when s has no letter or digit.
func goName(s string) string {
	var b strings.Builder
	for _, w := range splitWords(s) {
		b.WriteString(goWord(w))
	}
	out := b.String()
	// An identifier is exported only when it starts with an upper-case letter; digits and
	// letters without case (Hangul, CJK, ...) need a prefix.
	if out != "" && !unicode.IsUpper([]rune(out)[0]) {
		out = "X" + out
	}
	return out
}

// maxNameLen caps the length of a generated type name. Names made from the enclosing type's
// name grow with nesting depth; past the cap they keep their last words, so that a schema
// nested thousands deep still gives short names (numbered where they then clash).
const maxNameLen = 40

// capName shortens a Go identifier longer than maxNameLen to its trailing words that fit, or
// to its first maxNameLen characters when its last word alone is longer.
func capName(name string) string {
	if len(name) <= maxNameLen {
		return name
	}
	words := splitWords(name)
	out := ""
	for i := len(words) - 1; i >= 0; i-- {
		if len(out)+len(words[i]) > maxNameLen {
			break
		}
		out = words[i] + out
	}
	if out == "" {
		rs := []rune(name)
		for len(string(rs)) > maxNameLen {
			rs = rs[:len(rs)-1]
		}
		out = string(rs)
	}
	if r := []rune(out)[0]; !unicode.IsUpper(r) {
		out = "X" + out
	}
	return out
}

func goWord(w string) string {
	up := strings.ToUpper(w)
	if commonInitialisms[up] {
		return up
	}
	// Plural initialisms: Ids -> IDs, Urls -> URLs.
	if len(up) > 1 && up[len(up)-1] == 'S' && commonInitialisms[up[:len(up)-1]] {
		return up[:len(up)-1] + "s"
	}
	rs := []rune(w)
	allUpper := true
	for _, r := range rs {
		if unicode.IsLower(r) {
			allUpper = false
			break
		}
	}
	if allUpper && len(rs) > 1 {
		// UPPER_SNAKE words become Title case: BILL -> Bill.
		return string(rs[0]) + strings.ToLower(string(rs[1:]))
	}
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

// wrapText splits a description into comment lines of at most width characters, keeping the
// author's paragraph breaks.
func wrapText(s string, width int) []string {
	var lines []string
	for i, para := range strings.Split(strings.TrimSpace(s), "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			if i > 0 {
				lines = append(lines, "")
			}
			continue
		}
		line := words[0]
		for _, w := range words[1:] {
			if len(line)+1+len(w) > width {
				lines = append(lines, line)
				line = w
				continue
			}
			line += " " + w
		}
		lines = append(lines, line)
	}
	return lines
}

// escapeJSONString writes s as a JSON string exactly as the generated appendString does, so
// that a member name can be written pre-escaped.
func escapeJSONString(s string) []byte {
	const hex = "0123456789abcdef"
	b := []byte{'"'}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20 || r == '<' || r == '>' || r == '&':
			b = append(b, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xF])
		case r == utf8.RuneError && size == 1:
			b = append(b, '\\', 'u', 'f', 'f', 'f', 'd')
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

// singular gives the singular of an English plural word as Go names use it (Policies ->
// Policy, Addresses -> Address, Boxes -> Box, Plugins -> Plugin), or w itself when w does not
// look like a plural.
func singular(w string) string {
	lower := strings.ToLower(w)
	if s, ok := irregularPlurals[lower]; ok {
		return w[:1] + s[1:]
	}
	keep := func(n int) string { return w[:len(w)-n] }
	switch {
	case len(w) < 4 || strings.ToUpper(w) == w:
		return w
	case strings.HasSuffix(lower, "ies") && !strings.HasSuffix(lower, "eies") && len(w) > 4:
		return keep(3) + "y"
	case strings.HasSuffix(lower, "sses"), strings.HasSuffix(lower, "shes"), strings.HasSuffix(lower, "tches"),
		strings.HasSuffix(lower, "xes"), strings.HasSuffix(lower, "zzes"):
		return keep(2)
	case strings.HasSuffix(lower, "ss"), strings.HasSuffix(lower, "us"), strings.HasSuffix(lower, "is"),
		strings.HasSuffix(lower, "ics"), strings.HasSuffix(lower, "ws") && len(w) < 5:
		return w
	case strings.HasSuffix(lower, "s"):
		return keep(1)
	}
	return w
}

// irregularPlurals are plurals that the rules of singular get wrong.
var irregularPlurals = map[string]string{
	"aliases": "alias", "analyses": "analysis", "axes": "axis", "biases": "bias", "children": "child",
	"criteria": "criterion", "indices": "index", "matrices": "matrix", "people": "person",
	"series": "series", "species": "species", "statuses": "status", "vertices": "vertex",
	"news": "news", "canvases": "canvas", "buses": "bus", "gases": "gas", "lenses": "lens",
	"caches": "cache", "movies": "movie", "cookies": "cookie", "ties": "tie", "pies": "pie",
	"schemas": "schema", "data": "data", "metadata": "metadata", "aptitudes": "aptitude",
}
