package validate

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is how deeply arrays and objects may nest in a payload.
const MaxDepth = 512

// Limits on a number in a payload. A number beyond them is reported with KeywordNumber at its
// JSON pointer instead of being judged: comparing it with a bound or testing it for being an
// integer takes arbitrary-precision arithmetic whose cost grows with the exponent (10^999999
// has a million digits). Every float64 and every integer a schema can sensibly bound is well
// inside them.
const (
	// MaxNumberLength is the most characters a number may have.
	MaxNumberLength = 1000
	// MaxNumberExponent is the largest absolute value of a number's exponent (the part after
	// "e" or "E").
	MaxNumberExponent = 1000
)

// jsonError is a problem found while reading JSON text, before any schema is applied.
type jsonError struct {
	offset  int
	path    string // JSON pointer of the value being read when the problem was found
	keyword string
	message string
}

// parser reads JSON text into the values package jsonschema validates: map[string]any,
// []any, string, json.Number, bool and nil. Unlike encoding/json it rejects duplicate member
// names, reports where a problem is as a JSON pointer and an offset, and can record where
// chosen values start.
type parser struct {
	data  []byte
	pos   int
	depth int
	// When path is not nil, the parser keeps the tokens of the current JSON pointer, to name
	// where a problem is.
	path []string
	// When marks is not nil, the parser records the offset of each value whose pointer is in
	// the trie: for an object member, the offset of its name; for array elements and the
	// root, of the value itself. mark is the trie node of the value being read (nil outside
	// the trie), so the work is one map look-up per member of a marked value.
	marks *ptrTrie
	mark  *ptrTrie
	idx   []byte // scratch for array indexes
	// skip reads without building values (strings only where a member name is looked up),
	// for a document already known to be well-formed.
	skip    bool
	keyWant bool
}

// ptrTrie is a set of JSON pointers, one node per token, with the offset found for each.
type ptrTrie struct {
	next   map[string]*ptrTrie
	offset int // -1 until found
}

func newPtrTrie() *ptrTrie { return &ptrTrie{offset: -1} }

// add inserts a pointer and, implicitly, every prefix of it.
func (t *ptrTrie) add(ptr string) {
	for ptr != "" {
		tok, _, _ := strings.Cut(ptr[1:], "/")
		if t.next == nil {
			t.next = map[string]*ptrTrie{}
		}
		n := t.next[tok]
		if n == nil {
			n = newPtrTrie()
			t.next[tok] = n
		}
		t, ptr = n, ptr[1+len(tok):]
	}
}

// find returns the offset recorded for the longest prefix of ptr that has one, or -1.
func (t *ptrTrie) find(ptr string) int {
	best := t.offset
	for ptr != "" && t != nil {
		tok, _, _ := strings.Cut(ptr[1:], "/")
		if t = t.next[tok]; t != nil && t.offset >= 0 {
			best = t.offset
		}
		ptr = ptr[1+len(tok):]
	}
	return best
}

// child is the trie node of a member of the value whose node is t, or nil.
func (t *ptrTrie) child(tok string) *ptrTrie {
	return t.next[tok]
}

func (p *parser) fail(keyword, format string, args ...any) *jsonError {
	return &jsonError{offset: p.pos, path: p.pointer(), keyword: keyword, message: fmt.Sprintf(format, args...)}
}

func (p *parser) pointer() string {
	if len(p.path) == 0 {
		return ""
	}
	return "/" + strings.Join(p.path, "/")
}

// parseJSON parses a whole document. On failure the error names the JSON pointer of the
// value being read; finding it takes a second pass, kept off the success path.
func parseJSON(data []byte) (any, *jsonError) {
	v, err := (&parser{data: data}).document()
	if err != nil {
		_, err = (&parser{data: data, path: []string{}}).document()
	}
	return v, err
}

// markOffsets records in marks where each of its pointers starts in a well-formed document.
func markOffsets(data []byte, marks *ptrTrie) {
	(&parser{data: data, marks: marks, mark: marks, skip: true}).document()
}

func (p *parser) document() (any, *jsonError) {
	p.skipSpace()
	if p.marks != nil {
		p.marks.offset = p.pos
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.data) {
		p.path = nil
		return nil, p.fail("syntax", "unexpected %s after the end of the JSON value", describeByte(p.data, p.pos))
	}
	return v, nil
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func describeByte(data []byte, pos int) string {
	if pos >= len(data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(data[pos:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", data[pos])
	}
	return fmt.Sprintf("character %q", r)
}

func (p *parser) value() (any, *jsonError) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil, p.fail("syntax", "unexpected end of input, expecting a value")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return nil, p.fail("syntax", "unexpected %s, expecting a value", describeByte(p.data, p.pos))
}

func (p *parser) literal(word string) *jsonError {
	if !strings.HasPrefix(string(p.data[p.pos:min(len(p.data), p.pos+len(word))]), word) {
		return p.fail("syntax", "invalid literal, expecting %s", word)
	}
	p.pos += len(word)
	return nil
}

func (p *parser) enter() *jsonError {
	p.depth++
	if p.depth > MaxDepth {
		return p.fail("depth", "arrays and objects nest more than %d levels deep", MaxDepth)
	}
	return nil
}

func (p *parser) object() (any, *jsonError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // {
	var m map[string]any
	if !p.skip {
		m = map[string]any{}
	}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.depth--
		return m, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.fail("syntax", "unexpected %s, expecting a member name in double quotes", describeByte(p.data, p.pos))
		}
		keyAt := p.pos
		p.keyWant = p.mark != nil
		kv, err := p.str()
		p.keyWant = false
		if err != nil {
			return nil, err
		}
		key, _ := kv.(string)
		if p.path != nil {
			p.path = append(p.path, escapeToken(key))
		}
		parent := p.mark
		if parent != nil {
			if p.mark = parent.child(escapeToken(key)); p.mark != nil {
				p.mark.offset = keyAt
			}
		}
		if _, dup := m[key]; dup && m != nil {
			p.pos = keyAt
			return nil, p.fail("duplicateKey", "member %q appears more than once", key)
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.fail("syntax", "unexpected %s after member name %q, expecting ':'", describeByte(p.data, p.pos), key)
		}
		p.pos++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if m != nil {
			m[key] = v
		}
		p.mark = parent
		if p.path != nil {
			p.path = p.path[:len(p.path)-1]
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("syntax", "unexpected end of input, expecting ',' or '}'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			continue
		case '}':
			p.pos++
			p.depth--
			return m, nil
		}
		return nil, p.fail("syntax", "unexpected %s after object member, expecting ',' or '}'", describeByte(p.data, p.pos))
	}
}

func (p *parser) array() (any, *jsonError) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // [
	var arr []any
	if !p.skip {
		arr = []any{}
	}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.depth--
		return arr, nil
	}
	parent := p.mark
	for i := 0; ; i++ {
		if p.path != nil {
			p.path = append(p.path, strconv.Itoa(i))
		}
		if parent != nil {
			p.idx = strconv.AppendInt(p.idx[:0], int64(i), 10)
			if p.mark = parent.next[string(p.idx)]; p.mark != nil {
				p.skipSpace()
				p.mark.offset = p.pos
			}
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if !p.skip {
			arr = append(arr, v)
		}
		p.mark = parent
		if p.path != nil {
			p.path = p.path[:len(p.path)-1]
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.fail("syntax", "unexpected end of input, expecting ',' or ']'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			continue
		case ']':
			p.pos++
			p.depth--
			return arr, nil
		}
		return nil, p.fail("syntax", "unexpected %s after array element, expecting ',' or ']'", describeByte(p.data, p.pos))
	}
}

func (p *parser) str() (any, *jsonError) {
	start := p.pos
	p.pos++ // opening quote
	escaped := false
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			raw := p.data[start+1 : p.pos]
			p.pos++
			if p.skip && !p.keyWant {
				return nil, nil
			}
			if !escaped {
				return string(raw), nil
			}
			return unescape(raw), nil
		case c == '\\':
			escaped = true
			if p.pos+1 >= len(p.data) {
				p.pos++
				return nil, p.fail("syntax", "unexpected end of input in string escape")
			}
			switch p.data[p.pos+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.pos += 2
			case 'u':
				for i := 2; i < 6; i++ {
					if p.pos+i >= len(p.data) || !isHex(p.data[p.pos+i]) {
						p.pos += i
						return nil, p.fail("syntax", "invalid \\u escape in string, expecting 4 hexadecimal digits")
					}
				}
				p.pos += 6
			default:
				p.pos++
				return nil, p.fail("syntax", "invalid escape %s in string", describeByte(p.data, p.pos))
			}
		case c < 0x20:
			return nil, p.fail("syntax", "control character 0x%02x in string; it must be escaped", c)
		default:
			p.pos++
		}
	}
	return nil, p.fail("syntax", "unexpected end of input in string")
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// unescape decodes the escapes of a string body already checked by str. Lone surrogates
// become U+FFFD, as encoding/json does.
func unescape(raw []byte) string {
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		switch raw[i] {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := rune(hexVal(raw[i+1 : i+5]))
			i += 4
			if utf16.IsSurrogate(r) {
				if i+6 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
					r2 := rune(hexVal(raw[i+3 : i+7]))
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						b.WriteRune(dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			b.WriteRune(r)
		default: // " \ /
			b.WriteByte(raw[i])
		}
	}
	return b.String()
}

func hexVal(h []byte) int {
	n := 0
	for _, c := range h {
		n <<= 4
		switch {
		case c >= '0' && c <= '9':
			n |= int(c - '0')
		case c >= 'a' && c <= 'f':
			n |= int(c-'a') + 10
		default:
			n |= int(c-'A') + 10
		}
	}
	return n
}

func (p *parser) number() (any, *jsonError) {
	start := p.pos
	digits := func() int {
		n := 0
		for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if p.data[p.pos] == '-' {
		p.pos++
	}
	if p.pos < len(p.data) && p.data[p.pos] == '0' {
		p.pos++
		if p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			return nil, p.fail("syntax", "invalid number: leading zero")
		}
	} else if digits() == 0 {
		return nil, p.fail("syntax", "invalid number: expecting a digit, got %s", describeByte(p.data, p.pos))
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return nil, p.fail("syntax", "invalid number: expecting a digit after '.', got %s", describeByte(p.data, p.pos))
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		expAt := p.pos
		if digits() == 0 {
			return nil, p.fail("syntax", "invalid number: expecting a digit in the exponent, got %s", describeByte(p.data, p.pos))
		}
		if !exponentWithin(p.data[expAt:p.pos], MaxNumberExponent) {
			p.pos = start
			return nil, p.fail(KeywordNumber, "number %s has an exponent beyond ±%d, too large to judge", clip(p.data[start:], 40), MaxNumberExponent)
		}
	}
	if p.pos-start > MaxNumberLength {
		n := p.pos - start
		p.pos = start
		return nil, p.fail(KeywordNumber, "number of %d characters is longer than the %d this validator judges", n, MaxNumberLength)
	}
	if p.skip {
		return nil, nil
	}
	return json.Number(p.data[start:p.pos]), nil
}

// exponentWithin reports whether the decimal digits of an exponent spell at most limit,
// whatever their number of leading zeros.
func exponentWithin(digits []byte, limit int) bool {
	for len(digits) > 1 && digits[0] == '0' {
		digits = digits[1:]
	}
	if len(digits) > 9 {
		return false
	}
	n, _ := strconv.Atoi(string(digits))
	return n <= limit
}

// clip quotes at most n bytes of a number's text, with "..." when it is cut.
func clip(b []byte, n int) string {
	end := 0
	for end < len(b) && end < n && (b[end] == '-' || b[end] == '+' || b[end] == '.' || b[end] == 'e' || b[end] == 'E' || (b[end] >= '0' && b[end] <= '9')) {
		end++
	}
	if end == n && end < len(b) {
		return string(b[:end]) + "..."
	}
	return string(b[:end])
}

func escapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func unescapeToken(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// lineIndex converts many offsets of one document to lines and columns.
type lineIndex struct {
	data []byte
	nl   []int // offsets of the line feeds
}

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{data: data}
	for i, c := range data {
		if c == '\n' {
			idx.nl = append(idx.nl, i)
		}
	}
	return idx
}

// at returns the 1-based line and column of an offset; the column counts characters (Unicode
// code points), as editors do, not bytes.
func (idx lineIndex) at(offset int) (int, int) {
	n := sort.SearchInts(idx.nl, offset) // line feeds before offset
	start := 0
	if n > 0 {
		start = idx.nl[n-1] + 1
	}
	return n + 1, utf8.RuneCount(idx.data[start:min(offset, len(idx.data))]) + 1
}

// lineCol converts a byte offset into a 1-based line and a 1-based column counted in
// characters; an invalid UTF-8 byte counts as one.
func lineCol(data []byte, offset int) (int, int) {
	return newLineIndex(data[:min(offset, len(data))]).at(offset)
}
