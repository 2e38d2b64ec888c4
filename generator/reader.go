package generator

// readerSource is the single-pass JSON scanner that generated UnmarshalJSON methods read their
// bytes with. It is copied into the support file; it uses only the standard library.
//
// It accepts exactly RFC 8259 JSON text: no byte order mark, valid UTF-8 only, no trailing
// data, no duplicate member names (checked by the generated code), at most readerMaxDepth
// levels of nesting, numbers of at most readerMaxNumber characters and exponents within
// ±readerMaxExponent.
const readerSource = `// A DecodeError reports a JSON value that could not be decoded into its generated type, or
// (from DecodeChecked and Validate) one that breaks an assertion of its schema. Those stop at
// the first failure; in strict mode, members the schema does not name and values an open
// enumeration does not list are failures too.
type DecodeError struct {
	// Pointer is the JSON pointer of the value, relative to the value being decoded.
	Pointer string
	// Keyword is the schema keyword the value breaks ("type", "required", "enum", ...), or
	// "syntax" when the text is not JSON.
	Keyword string
	// Err is what went wrong.
	Err error
}

func (e *DecodeError) Error() string {
	p := e.Pointer
	if p == "" {
		p = "(root)"
	}
	return "decode " + p + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// ErrNotChecked is returned (wrapped in a *DecodeError) by DecodeChecked when the value
// reaches an assertion of its schema the generator could not compile (the error's keyword
// names the first) and every compiled assertion holds; such assertions were listed as
// warnings when the code was generated. Judge such a value with a JSON Schema validator.
var ErrNotChecked = errors.New("the schema has assertions that are not compiled to Go")

// decodeAt prefixes the pointer of a *DecodeError with one reference token.
func decodeAt(err error, token string) error {
	k := strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
	if de, ok := err.(*DecodeError); ok {
		return &DecodeError{Pointer: "/" + k + de.Pointer, Keyword: de.Keyword, Err: de.Err}
	}
	return &DecodeError{Pointer: "/" + k, Err: err}
}

// decodeAtIndex is decodeAt for an array index.
func decodeAtIndex(err error, i int) error { return decodeAt(err, strconv.Itoa(i)) }

// unchecked ends a member decoded without the checks, one only some union branches describe:
// when checking, its failure is left to a JSON Schema validator.
func (r *jsonReader) unchecked(check bool, err error) error {
	r.check = check
	if check {
		return &DecodeError{Err: ErrNotChecked}
	}
	return err
}

// notCompiled ends a value that reaches an assertion the checks do not compile, keyword kw:
// when DecodeChecked is judging it, the value is left to a JSON Schema validator. Decoding
// goes on, so that a failure of a compiled assertion later still decides the value; when
// none fails, DecodeChecked returns ErrNotChecked naming the first such keyword.
func (r *jsonReader) notCompiled(kw string) error {
	if r.check && r.judging && r.deferred == "" {
		r.deferred = kw
	}
	return nil
}

// notDecided is notCompiled for a value that cannot be decoded to go on with: the error.
func (r *jsonReader) notDecided(kw string) error {
	if r.check && r.judging {
		return &DecodeError{Keyword: kw, Err: ErrNotChecked}
	}
	return nil
}

// judged is the end of DecodeChecked's decoding: ErrNotChecked when a value reached an
// assertion that is not compiled (see notCompiled).
func (r *jsonReader) judged() error {
	if r.deferred != "" {
		return &DecodeError{Keyword: r.deferred, Err: ErrNotChecked}
	}
	return nil
}

// beyondBound ends the reading of a number with err: one beyond 64 bits (see int and float),
// which DecodeChecked leaves to a validator, fails the bound the schema sets on its side
// instead, keyword lo below and hi above ("" when there is none).
func (r *jsonReader) beyondBound(err error, lo, hi string) error {
	if !isNotChecked(err) || r.beyond == 0 {
		return err
	}
	kw := hi
	if r.beyond < 0 {
		kw = lo
	}
	r.beyond = 0
	if kw == "" {
		return err
	}
	return checkFailed(kw, "value is out of range (%s)", kw)
}

// branchFailed ends the decoding of a union branch (keyword kw) that failed with err. When the
// branch was chosen by what the object holds and another branch may take the value (loose),
// and DecodeChecked is judging, the failure is left to a validator. Malformed input stays an
// error.
func (r *jsonReader) branchFailed(loose bool, kw string, err error) error {
	if loose && r.check && r.judging && !malformed(err) && !isNotChecked(err) {
		return &DecodeError{Keyword: kw, Err: ErrNotChecked}
	}
	return err
}

// branchMember starts a member only some union branches (or a then or else) describe, which
// is decoded without the checks: which branch applies is not known while decoding.
func (r *jsonReader) branchMember() attempt {
	a := attempt{r.pos, r.depth, r.check, r.deferred}
	r.check = false
	return a
}

// keepBranchMember ends such a member when decoding its value failed with err. A value of
// another shape is valid where another branch applies: unless checking (then it is left to a
// JSON Schema validator), the reader goes back to the value's start, for the caller to keep
// it as raw JSON, and the bytes read again count against the budget. Malformed input, and
// input beyond the reader's limits or the budget, stay errors.
func (r *jsonReader) keepBranchMember(a attempt, err error) error {
	r.check = a.check
	if malformed(err) {
		return err
	}
	if a.check {
		return &DecodeError{Err: ErrNotChecked}
	}
	if isNotChecked(err) || r.overBudget() {
		return err
	}
	r.tried += r.pos - a.pos + 1
	r.pos, r.depth, r.deferred = a.pos, a.depth, a.deferred
	return nil
}

// malformed reports whether err is about the JSON text itself (its syntax, or the reader's
// limits on nesting and numbers), not about the value's fit to a type: no other union
// branch can take such a text.
func malformed(err error) bool {
	var de *DecodeError
	var inexact *inexactError
	return errors.As(err, &de) && (de.Keyword == "syntax" || de.Keyword == "depth" || de.Keyword == "number" && !errors.As(de.Err, &inexact))
}

// attempt is where the trial of one union branch began.
type attempt struct {
	pos, depth int
	check      bool
	deferred   string
}

// overBudget reports whether the bytes read more than once so far, by trials undone and
// looks ahead, less those of values taken from the memo without reading them (see memoized),
// have used up the budget of readerTrialFactor times the input, which keeps the work on any
// input linear.
func (r *jsonReader) overBudget() bool {
	return r.tried-r.replayed > readerTrialFactor*len(r.data)+4096
}

// try starts the trials of the branches of a union, unless the budget is used up (see
// overBudget). Each trial ends with undo, and the trials with settle.
func (r *jsonReader) try() (attempt, bool) {
	if r.overBudget() {
		return attempt{}, false
	}
	r.trying++
	return attempt{r.pos, r.depth, r.check, r.deferred}, true
}

// settle ends the trials of a union: a branch took the value, or the last is decoded next.
func (r *jsonReader) settle(a attempt) {
	r.trying--
	r.check = a.check
}

// memoKey names the decoding of the value at a position into a union type that tries its
// branches, with the checks on or off.
type memoKey struct {
	pos   int
	typ   string
	check bool
}

// memoEntry is how that decoding ended: the decoded value and where it ended, or the error.
type memoEntry struct {
	v        any
	end      int
	err      error
	deferred string // the keyword the decoding left to a validator, if it was the first
}

// memoized decodes the value at the reader's position into u with decode, the method of a
// union type named typ that tries its branches. A value decoded during the trial of an outer
// union is remembered, and decoding it again into the same type takes the remembered result:
// nested unions whose branches all hold the value's parts are then decoded once each, not
// once per branch tried above them, so valid input this deep is not cut short by the budget.
func memoized[T any](r *jsonReader, typ string, u *T, decode func(*T, *jsonReader) error) error {
	k := memoKey{r.pos, typ, r.check}
	if e, ok := r.memo[k]; ok {
		if e.err == nil {
			*u = e.v.(T)
			r.replayed += e.end - r.pos
			r.pos = e.end
			if r.deferred == "" {
				r.deferred = e.deferred
			}
		}
		return e.err
	}
	before := r.deferred
	err := decode(u, r)
	if r.trying > 0 {
		if r.memo == nil {
			r.memo = map[memoKey]memoEntry{}
		}
		e := memoEntry{end: r.pos, err: err}
		if before == "" {
			e.deferred = r.deferred
		}
		if err == nil {
			e.v = *u
		}
		r.memo[k] = e
	}
	return err
}

// undo goes back to the start of a failed trial and counts the bytes it read.
func (r *jsonReader) undo(a attempt) {
	r.tried += r.pos - a.pos + 1
	r.pos, r.depth, r.check, r.deferred = a.pos, a.depth, a.check, a.deferred
}

// checkedErr is the error DecodeChecked returns for err from decoding b. The decoder stops
// with ErrNotChecked at the first value it leaves to a validator, before reading the rest;
// when the rest is not JSON (or is beyond the reader's limits), that is the error instead, so
// ErrNotChecked always means a JSON text.
func checkedErr(b []byte, err error) error {
	if !isNotChecked(err) {
		return err
	}
	r := jsonReader{data: b}
	if serr := r.skip(); serr != nil {
		return serr
	}
	if serr := r.end(); serr != nil {
		return serr
	}
	return err
}

// isNotChecked reports whether err leaves the value to a JSON Schema validator.
func isNotChecked(err error) bool { return errors.Is(err, ErrNotChecked) }

const (
	readerTrialFactor = 8
	readerMaxDepth    = 512
	readerMaxNumber   = 1000
	readerMaxExponent = 1000
)

// jsonReader reads one JSON text in a single pass.
type jsonReader struct {
	data   []byte
	pos    int
	depth  int
	check  bool   // run the schema's compiled assertions
	strict bool   // strict mode: unknown members and unlisted values of open enumerations fail
	buf    []byte // unescaped strings
	// judging is set by DecodeChecked: a value that reaches an assertion the checks do not
	// compile is left to a validator (see notCompiled), deferred naming the first keyword.
	judging  bool
	deferred string
	// beyond is the sign of the number beyond 64 bits just read when judging (see beyondBound).
	beyond int
	// counted is how many bytes countItems has scanned.
	counted int
	// tried is how many bytes failed trials of union branches have read.
	tried int
	// trying is how many unions are trying branches around the value being read; memo holds
	// the unions decoded meanwhile (see memoized).
	trying int
	memo   map[memoKey]memoEntry
	// replayed is how many bytes the values taken from the memo span.
	replayed int
}

func newReader(b []byte) *jsonReader { return &jsonReader{data: b} }

func (r *jsonReader) fail(keyword, format string, args ...any) error {
	return &DecodeError{Keyword: keyword, Err: fmt.Errorf(format, args...)}
}

func (r *jsonReader) syntax(format string, args ...any) error {
	return &DecodeError{Keyword: "syntax", Err: fmt.Errorf("offset %d: "+format, append([]any{r.pos}, args...)...)}
}

// mismatch reports a value of the wrong JSON type, or no JSON value at all.
func (r *jsonReader) mismatch(want string) error {
	if err := r.noValue(); err != nil {
		return err
	}
	return r.fail("type", "got %s, want %s", r.kindName(), want)
}

// noValue returns a syntax error when no JSON value can start at the reader's position: the
// input ends, or the next byte is not one a value starts with.
func (r *jsonReader) noValue() error {
	c := r.peek()
	switch {
	case r.pos >= len(r.data):
		return r.syntax("unexpected end of input")
	case c == '{', c == '[', c == '"', c == 't', c == 'f', c == 'n', c == '-', c >= '0' && c <= '9':
		return nil
	}
	return r.syntax("invalid character %q", c)
}

func (r *jsonReader) kindName() string {
	switch r.peek() {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// peek skips whitespace and returns the next byte, or 0 at the end.
func (r *jsonReader) peek() byte {
	for r.pos < len(r.data) {
		switch c := r.data[r.pos]; c {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return c
		}
	}
	return 0
}

// end checks that nothing but whitespace follows the value.
func (r *jsonReader) end() error {
	if r.peek(); r.pos < len(r.data) {
		return r.syntax("data after the JSON value")
	}
	return nil
}

// null consumes a null, reporting whether there was one.
func (r *jsonReader) null() (bool, error) {
	if r.peek() != 'n' {
		return false, nil
	}
	return true, r.literal("null")
}

func (r *jsonReader) literal(word string) error {
	if len(r.data)-r.pos < len(word) || string(r.data[r.pos:r.pos+len(word)]) != word {
		return r.syntax("invalid literal, want %s", word)
	}
	r.pos += len(word)
	return nil
}

// open consumes the { or [ that starts an object or array.
func (r *jsonReader) open(c byte) error {
	if r.peek() != c {
		if c == '{' {
			return r.mismatch("object")
		}
		return r.mismatch("array")
	}
	r.depth++
	if r.depth > readerMaxDepth {
		return r.fail("depth", "arrays and objects nest more than %d levels deep", readerMaxDepth)
	}
	r.pos++
	return nil
}

// more is called before each member or element: it consumes the separating comma, or the
// closing bracket and then reports false.
func (r *jsonReader) more(close byte, first bool) (bool, error) {
	c := r.peek()
	if c == close {
		r.pos++
		r.depth--
		return false, nil
	}
	if !first {
		if c != ',' {
			return false, r.syntax("want ',' or '%c'", close)
		}
		r.pos++
		if c := r.peek(); c == close {
			return false, r.syntax("trailing comma")
		}
	}
	return true, nil
}

// object consumes the { that starts an object. A null there is read as nullValue reads it,
// and ok is then false: there is nothing more to decode.
func (r *jsonReader) object() (ok bool, err error) {
	if r.peek() == 'n' {
		return false, r.nullValue("object")
	}
	return true, r.open('{')
}

// member reads what leads to an object's next member: the separating comma, then the
// member's name and colon (the name may alias the reader's buffer). more is false at the
// closing brace.
func (r *jsonReader) member(first bool) (key []byte, more bool, err error) {
	if more, err = r.more('}', first); !more || err != nil {
		return nil, false, err
	}
	key, err = r.key()
	return key, err == nil, err
}

// members reads an object, calling each with the name of every member (which may alias the
// reader's buffer) and the reader at the member's value. A null there is read as nullValue
// reads it.
func (r *jsonReader) members(each func(key []byte) error) error {
	if ok, err := r.object(); !ok || err != nil {
		return err
	}
	for first := true; ; first = false {
		key, more, err := r.member(first)
		if err != nil || !more {
			return err
		}
		if err = each(key); err != nil {
			return err
		}
	}
}

// keep reads the value of the member named key into the map of members a schema does not
// name, as it is.
func (r *jsonReader) keep(m *map[string]json.RawMessage, key []byte) error {
	name := string(key)
	if _, dup := (*m)[name]; dup {
		return decodeAt(duplicate(name), name)
	}
	x, err := r.raw()
	if err != nil {
		return decodeAt(err, name)
	}
	if *m == nil {
		*m = make(map[string]json.RawMessage)
	}
	(*m)[name] = x
	return nil
}

// swarOnes and swarHigh are the low and high bit of every byte of a word, for scanning a
// string eight bytes at a time.
const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// key reads a member name and its colon. The result may alias the reader's buffer.
func (r *jsonReader) key() ([]byte, error) {
	if r.peek() != '"' {
		return nil, r.syntax("want a member name")
	}
	k, err := r.strBytes()
	if err != nil {
		return nil, err
	}
	if r.peek() != ':' {
		return nil, r.syntax("want ':' after a member name")
	}
	r.pos++
	return k, nil
}

// countItems counts the elements left in the array being read (from the reader's position,
// at the start of an element), without moving on or checking them, so that a long slice can
// be made at its final size. For text that is not JSON the count means nothing (the decoding
// that follows fails), but it never exceeds the bytes left.
//
// The bytes it scans, over all the arrays of one reading, are at most the size of the input,
// so that arrays nested in arrays cost linear time: past that it returns 0.
func (r *jsonReader) countItems() int {
	if r.counted >= len(r.data) {
		return 0
	}
	depth, n := 0, 1
	i := r.pos
	defer func() { r.counted += i - r.pos }()
	for i < len(r.data) {
		switch c := r.data[i]; c {
		case '"':
			for {
				k := bytes.IndexByte(r.data[i+1:], '"')
				if k < 0 {
					i = len(r.data)
					return n
				}
				i += k + 1
				bs := 0
				for j := i - 1; r.data[j] == '\\'; j-- {
					bs++
				}
				if bs%2 == 0 {
					break
				}
			}
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return n
			}
			depth--
		case ',':
			if depth == 0 {
				n++
			}
		}
		i++
	}
	return n
}

// grow makes room for the rest of a long array being read: its elements are counted once,
// instead of the slice doubling again and again.
func grow[T any](r *jsonReader, list []T) []T {
	if len(list) < cap(list) || len(list) < 16 {
		return list
	}
	more := r.countItems()
	if more <= 0 {
		return list
	}
	out := make([]T, len(list), len(list)+more)
	copy(out, list)
	return out
}

// str reads a string.
func (r *jsonReader) str() (string, error) {
	b, err := r.strBytes()
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// strBytes reads a string; the result may alias the input or the reader's buffer.
func (r *jsonReader) strBytes() ([]byte, error) {
	if r.peek() != '"' {
		return nil, r.mismatch("string")
	}
	r.pos++
	start := r.pos
	for r.pos < len(r.data) {
		// Eight bytes at a time while none of them is a quote, a backslash, a control
		// character or part of a multi-byte character.
		for r.pos+8 <= len(r.data) {
			x := binary.LittleEndian.Uint64(r.data[r.pos:])
			q, e := x^(swarOnes*'"'), x^(swarOnes*'\\')
			if ((x-swarOnes*0x20)&^x|(q-swarOnes)&^q|(e-swarOnes)&^e|x)&swarHigh != 0 {
				break
			}
			r.pos += 8
		}
		if r.pos >= len(r.data) {
			break
		}
		c := r.data[r.pos]
		switch {
		case c == '"':
			s := r.data[start:r.pos]
			r.pos++
			return s, nil
		case c == '\\':
			return r.escaped(start)
		case c < 0x20:
			return nil, r.syntax("control character in a string")
		case c < utf8.RuneSelf:
			r.pos++
		default:
			ch, size := utf8.DecodeRune(r.data[r.pos:])
			if ch == utf8.RuneError && size == 1 {
				return nil, r.syntax("invalid UTF-8 in a string")
			}
			r.pos += size
		}
	}
	return nil, r.syntax("unterminated string")
}

// escaped continues a string that holds an escape, unescaping it into the buffer.
func (r *jsonReader) escaped(start int) ([]byte, error) {
	out := append(r.buf[:0], r.data[start:r.pos]...)
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch {
		case c == '"':
			r.pos++
			r.buf = out
			return out, nil
		case c == '\\':
			if r.pos+1 >= len(r.data) {
				return nil, r.syntax("unterminated string")
			}
			e := r.data[r.pos+1]
			r.pos += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				ch, ok := r.hex4()
				if !ok {
					return nil, r.syntax("invalid \\u escape")
				}
				if utf16.IsSurrogate(ch) {
					lo := rune(-1)
					if r.pos+1 < len(r.data) && r.data[r.pos] == '\\' && r.data[r.pos+1] == 'u' {
						save := r.pos
						r.pos += 2
						if l, ok := r.hex4(); ok {
							lo = l
						} else {
							return nil, r.syntax("invalid \\u escape")
						}
						if d := utf16.DecodeRune(ch, lo); d != utf8.RuneError {
							ch = d
						} else {
							r.pos = save
							ch = utf8.RuneError
						}
					} else {
						ch = utf8.RuneError
					}
				}
				out = utf8.AppendRune(out, ch)
			default:
				return nil, r.syntax("invalid escape \\%c", e)
			}
		case c < 0x20:
			return nil, r.syntax("control character in a string")
		case c < utf8.RuneSelf:
			out = append(out, c)
			r.pos++
		default:
			ch, size := utf8.DecodeRune(r.data[r.pos:])
			if ch == utf8.RuneError && size == 1 {
				return nil, r.syntax("invalid UTF-8 in a string")
			}
			out = append(out, r.data[r.pos:r.pos+size]...)
			r.pos += size
		}
	}
	return nil, r.syntax("unterminated string")
}

func (r *jsonReader) hex4() (rune, bool) {
	if len(r.data)-r.pos < 4 {
		return 0, false
	}
	var v rune
	for _, c := range r.data[r.pos : r.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	r.pos += 4
	return v, true
}

// number reads the text of a number, checking its grammar and size.
func (r *jsonReader) number() ([]byte, error) {
	c := r.peek()
	if c != '-' && (c < '0' || c > '9') {
		return nil, r.mismatch("number")
	}
	start := r.pos
	digits := func() int {
		n := 0
		for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	if c == '-' {
		r.pos++
	}
	if r.pos < len(r.data) && r.data[r.pos] == '0' {
		r.pos++
		if r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
			return nil, r.syntax("invalid number: leading zero")
		}
	} else if digits() == 0 {
		return nil, r.syntax("invalid number")
	}
	if r.pos < len(r.data) && r.data[r.pos] == '.' {
		r.pos++
		if digits() == 0 {
			return nil, r.syntax("invalid number: want a digit after '.'")
		}
	}
	if r.pos < len(r.data) && (r.data[r.pos] == 'e' || r.data[r.pos] == 'E') {
		r.pos++
		if r.pos < len(r.data) && (r.data[r.pos] == '+' || r.data[r.pos] == '-') {
			r.pos++
		}
		at := r.pos
		if digits() == 0 {
			return nil, r.syntax("invalid number: want a digit in the exponent")
		}
		e := r.data[at:r.pos]
		for len(e) > 1 && e[0] == '0' {
			e = e[1:]
		}
		if n, err := strconv.Atoi(string(e)); len(e) > 9 || err != nil || n > readerMaxExponent {
			return nil, r.fail("number", "number has an exponent beyond ±%d", readerMaxExponent)
		}
	}
	if r.pos-start > readerMaxNumber {
		return nil, r.fail("number", "number is longer than %d characters", readerMaxNumber)
	}
	return r.data[start:r.pos], nil
}

// int reads an integer: JSON Schema counts 1.0 and 2e3 as integers too.
func (r *jsonReader) int() (int64, error) {
	if c := r.peek(); c != '-' && (c < '0' || c > '9') {
		return 0, r.mismatch("integer")
	}
	text, err := r.number()
	if err != nil {
		return 0, err
	}
	if n, err := strconv.ParseInt(string(text), 10, 64); err == nil {
		return n, nil
	}
	v, ok := new(big.Rat).SetString(string(text))
	switch {
	case !ok || !v.IsInt():
		return 0, r.fail("type", "got number %s, want integer", text)
	case !v.Num().IsInt64():
		if err := r.notDecided("type"); err != nil {
			r.beyond = v.Sign()
			return 0, err // valid where the schema allows it: DecodeChecked cannot hold it to judge
		}
		return 0, &DecodeError{Keyword: "number", Err: &inexactError{text: string(text), typ: "int64"}}
	}
	return v.Num().Int64(), nil
}

// float reads a number. One a float64 does not hold exactly (beyond its range, too small for
// it, or with more digits than it keeps) is an error, never rounded: encoded again, it would
// be another number.
func (r *jsonReader) float() (float64, error) {
	text, err := r.number()
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(string(text), 64)
	if err != nil || !exactFloat(text, f) {
		// Valid where the schema allows it, but DecodeChecked cannot hold it to judge.
		if derr := r.notDecided("type"); derr != nil {
			if err != nil {
				r.beyond = 1
				if text[0] == '-' {
					r.beyond = -1
				}
			}
			return 0, derr
		}
		return 0, &DecodeError{Keyword: "number", Err: &inexactError{text: string(text), typ: "float64"}}
	}
	return f, nil
}

// inexactError is a valid number that a Go type cannot hold exactly: another union branch may.
type inexactError struct{ text, typ string }

func (e *inexactError) Error() string {
	return fmt.Sprintf("number %s cannot be held exactly by %s", e.text, e.typ)
}

// exactFloat reports whether f, read from the JSON number text, encodes again as the same
// number: at most 15 significant digits within float64's normal range always do; others are
// compared digit by digit with f's shortest form.
func exactFloat(text []byte, f float64) bool {
	sig, lead, zeros := 0, true, 0
	for _, c := range text {
		if c == 'e' || c == 'E' {
			break
		}
		switch {
		case c == '0' && lead:
		case c == '0':
			zeros++
		case c >= '1' && c <= '9':
			sig += zeros + 1
			zeros, lead = 0, false
		}
	}
	if a := math.Abs(f); sig <= 15 && (a >= 0x1p-1022 || sig == 0) {
		return true
	}
	return numberValue(text) == numberValue(strconv.AppendFloat(nil, f, 'e', -1, 64))
}

// numberValue is a JSON number's value in one form: sign, significant digits and the exponent
// of the last one ("0" for zero).
func numberValue(text []byte) string {
	neg := len(text) > 0 && text[0] == '-'
	var digits []byte
	exp, point := 0, false
	i := 0
	for ; i < len(text) && text[i] != 'e' && text[i] != 'E'; i++ {
		switch c := text[i]; {
		case c == '.':
			point = true
		case c >= '0' && c <= '9':
			if c != '0' || len(digits) > 0 {
				digits = append(digits, c)
			}
			if point {
				exp--
			}
		}
	}
	if i < len(text) {
		e, _ := strconv.Atoi(strings.TrimPrefix(string(text[i+1:]), "+"))
		exp += e
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		exp++
	}
	if len(digits) == 0 {
		return "0"
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return sign + string(digits) + "e" + strconv.Itoa(exp)
}

// bool reads true or false.
func (r *jsonReader) bool() (bool, error) {
	switch r.peek() {
	case 't':
		return true, r.literal("true")
	case 'f':
		return false, r.literal("false")
	}
	return false, r.mismatch("boolean")
}

// skip reads any value, checking it.
func (r *jsonReader) skip() error {
	switch r.peek() {
	case '{':
		if err := r.open('{'); err != nil {
			return err
		}
		var seen memberSet
		for first := true; ; first = false {
			ok, err := r.more('}', first)
			if err != nil || !ok {
				return err
			}
			k, err := r.key()
			if err != nil {
				return err
			}
			if seen.dup(k) {
				return r.fail("syntax", "member %q appears twice", k)
			}
			if err := r.skip(); err != nil {
				return decodeAt(err, string(k))
			}
		}
	case '[':
		if err := r.open('['); err != nil {
			return err
		}
		for i := 0; ; i++ {
			ok, err := r.more(']', i == 0)
			if err != nil || !ok {
				return err
			}
			if err := r.skip(); err != nil {
				return decodeAtIndex(err, i)
			}
		}
	case '"':
		_, err := r.strBytes()
		return err
	case 't', 'f':
		_, err := r.bool()
		return err
	case 'n':
		return r.literal("null")
	}
	if err := r.noValue(); err != nil {
		return err
	}
	_, err := r.number()
	return err
}

// raw reads any value and returns a copy of its text.
func (r *jsonReader) raw() (json.RawMessage, error) {
	r.peek()
	start := r.pos
	if err := r.skip(); err != nil {
		return nil, err
	}
	return append(json.RawMessage(nil), r.data[start:r.pos]...), nil
}

// nullValue reads a null where the schema wants another type: a failure, with the checks or
// without, as the value that would hold it (a zero value, or an absent member) would not
// encode as null again.
func (r *jsonReader) nullValue(want string) error {
	if err := r.literal("null"); err != nil {
		return err
	}
	return mustNotBeNull(want)
}

// memberNames returns the names of the members of the object at the reader's position,
// without moving on.
func (r *jsonReader) memberNames() ([]string, error) {
	pos, depth := r.pos, r.depth
	defer func() { r.pos, r.depth = pos, depth }()
	if err := r.open('{'); err != nil {
		return nil, err
	}
	var names []string
	for first := true; ; first = false {
		more, err := r.more('}', first)
		if err != nil || !more {
			return names, err
		}
		k, err := r.key()
		if err != nil {
			return nil, err
		}
		names = append(names, string(k))
		if err := r.skip(); err != nil {
			return nil, decodeAt(err, string(k))
		}
	}
}

// memberCanonical returns the canonical JSON (see jsonCanonical) of one member of the object
// at the reader's position, "" when it is absent, without moving on.
func (r *jsonReader) memberCanonical(name string) (string, error) {
	pos, depth := r.pos, r.depth
	defer func() { r.pos, r.depth = pos, depth }()
	if err := r.open('{'); err != nil {
		return "", err
	}
	return r.findMember(name, true)
}

// laterMember returns the canonical JSON (see jsonCanonical) of the member name that follows
// the value of the member cur at the reader's position in the object being read, "" when none
// does, without moving on. The bytes it reads count against the budget of trials (see try):
// past it, a lookup fails, which keeps the work linear where such lookups nest.
func (r *jsonReader) laterMember(cur, name string) (string, error) {
	if r.overBudget() {
		return "", r.fail("depth", "too many nested objects in which the member %q comes after a member whose type it selects", name)
	}
	pos, depth := r.pos, r.depth
	defer func() {
		r.tried += r.pos - pos
		r.pos, r.depth = pos, depth
	}()
	if err := r.skip(); err != nil {
		return "", decodeAt(err, cur)
	}
	return r.findMember(name, false)
}

// findMember reads on through the members of the object being read, from its first (first)
// or from after a member's value, to the member name, and returns the canonical JSON of its
// value, "" when no member of that name comes.
func (r *jsonReader) findMember(name string, first bool) (string, error) {
	for ; ; first = false {
		more, err := r.more('}', first)
		if err != nil || !more {
			return "", err
		}
		k, err := r.key()
		if err != nil {
			return "", err
		}
		if string(k) == name {
			raw, err := r.raw()
			if err != nil {
				return "", decodeAt(err, name)
			}
			return jsonCanonical(raw), nil
		}
		if err := r.skip(); err != nil {
			return "", decodeAt(err, string(k))
		}
	}
}

// valueCanonical returns the canonical JSON (see jsonCanonical) of the value at the reader's
// position, without moving on.
func (r *jsonReader) valueCanonical() (string, error) {
	pos, depth := r.pos, r.depth
	defer func() { r.pos, r.depth = pos, depth }()
	raw, err := r.raw()
	if err != nil {
		return "", err
	}
	return jsonCanonical(raw), nil
}

// jsonCanonical re-encodes a JSON value as encoding/json writes it after decoding it into
// any, so that equal values compare equal as text; "" when raw is not JSON.
func jsonCanonical(raw json.RawMessage) string {
	if plainString(raw) {
		return string(raw)
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// plainString reports whether raw is a JSON string that encoding/json writes back unchanged:
// printable ASCII without escapes or the characters it escapes for HTML.
func plainString(raw []byte) bool {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return false
	}
	for _, c := range raw[1 : len(raw)-1] {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// itemKey is the text of a JSON value in which equal values, as JSON Schema compares them,
// are equal: members sorted, numbers by value (1 and 1.0 alike, exactly), strings decoded.
func itemKey(raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return string(raw)
	}
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			b.WriteByte('{')
			for i, k := range sortedKeys(x) {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(strconv.Quote(k))
				b.WriteByte(':')
				walk(x[k])
			}
			b.WriteByte('}')
		case []any:
			b.WriteByte('[')
			for i, e := range x {
				if i > 0 {
					b.WriteByte(',')
				}
				walk(e)
			}
			b.WriteByte(']')
		case json.Number:
			if q, ok := new(big.Rat).SetString(string(x)); ok {
				b.WriteString(q.RatString())
			} else {
				b.WriteString(string(x))
			}
		case string:
			b.WriteString(strconv.Quote(x))
		default:
			fmt.Fprint(&b, x)
		}
	}
	walk(v)
	return b.String()
}

// jsonTypeOf returns the JSON type of a value's text: "null", "boolean", "object", "array",
// "string" or "number".
func jsonTypeOf(raw []byte) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case 'n':
		return "null"
	case 't', 'f':
		return "boolean"
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	}
	return "number"
}

// keyIn reports whether the value raw equals one of the values whose itemKey is in keys.
func keyIn(raw []byte, keys ...string) bool {
	k := itemKey(raw)
	for _, x := range keys {
		if k == x {
			return true
		}
	}
	return false
}

// isMultiple reports whether v is an integer multiple of the positive number m (its JSON
// text), exactly.
func isMultiple(v *big.Rat, m string) bool {
	d, ok := new(big.Rat).SetString(m)
	if !ok || d.Sign() == 0 {
		return false
	}
	return v.Quo(v, d).IsInt()
}

// floatRat is the exact value of a number decoded into a float64, which holds it exactly: the
// number its shortest text writes.
func floatRat(f float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok {
		return new(big.Rat)
	}
	return r
}

// rawNumber is the exact value of a JSON number's text (zero for another value).
func rawNumber(raw []byte) *big.Rat {
	r, ok := new(big.Rat).SetString(string(bytes.TrimSpace(raw)))
	if !ok {
		return new(big.Rat)
	}
	return r
}

// ratOf is the exact value of a number written in a schema.
func ratOf(n string) *big.Rat {
	r, _ := new(big.Rat).SetString(n)
	if r == nil {
		return new(big.Rat)
	}
	return r
}

// rawString is the string a JSON string's text holds ("" for another value).
func rawString(raw []byte) string {
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// every reports whether f holds for every item of xs.
func every[T any](xs []T, f func(T) bool) bool {
	for _, x := range xs {
		if !f(x) {
			return false
		}
	}
	return true
}

// jsonOf returns the JSON text of a decoded value, nil when it does not encode.
func jsonOf(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hasBit reports whether bit i of seen is set: whether the member of the field i was read.
func hasBit(seen uint64, i int) bool { return seen&(1<<i) != 0 }

// isSeen reports whether seen[i] is set, for structs of more than 64 fields (see hasBit).
func isSeen(seen []bool, i int) bool { return seen[i] }

// hasKey reports whether m has the key k.
func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// hasAll reports whether every name is among keys.
func hasAll(keys []string, names ...string) bool {
	for _, n := range names {
		found := false
		for _, k := range keys {
			if k == n {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// memberSet finds repeated member names among those a generated type does not name.
type memberSet struct {
	few  []string
	many map[string]struct{}
}

func (s *memberSet) dup(k []byte) bool {
	if s.many != nil {
		if _, ok := s.many[string(k)]; ok {
			return true
		}
		s.many[string(k)] = struct{}{}
		return false
	}
	for _, f := range s.few {
		if f == string(k) {
			return true
		}
	}
	if len(s.few) < 8 {
		s.few = append(s.few, string(k))
		return false
	}
	s.many = make(map[string]struct{}, 16)
	for _, f := range s.few {
		s.many[f] = struct{}{}
	}
	s.many[string(k)] = struct{}{}
	return false
}

// duplicate reports a member named twice.
func duplicate(name string) error {
	return &DecodeError{Keyword: "syntax", Err: fmt.Errorf("member %q appears twice", name)}
}

// missing reports an absent required member, at the member's own pointer.
func missing(name string) error {
	return decodeAt(&DecodeError{Keyword: "required", Err: errors.New("required member is missing")}, name)
}

// mustNotBeNull reports a null where the schema allows none.
func mustNotBeNull(want string) error {
	return &DecodeError{Keyword: "type", Err: fmt.Errorf("got null, want %s", want)}
}

// checkFailed reports a value that breaks an assertion.
func checkFailed(keyword, format string, args ...any) error {
	return &DecodeError{Keyword: keyword, Err: fmt.Errorf(format, args...)}
}

// parseDateTime reads an RFC 3339 date-time (format "date-time", the grammar of its section
// 5.6): a full date, T, and a full time with a zone offset, every field of exactly its digits
// (four for the year, two for the others, no sign); lower-case t and z, a fraction of any
// length, and a leap second at 23:59:60 UTC, are allowed.
// A leap second is read as the first instant of the next minute. It allocates nothing for a
// UTC date-time.
func parseDateTime[S ~string | ~[]byte](s S) (time.Time, bool) {
	if len(s) < 20 || (s[10] != 'T' && s[10] != 't') {
		return time.Time{}, false
	}
	y, mo, d, ok := fullDate(s[:10])
	if !ok {
		return time.Time{}, false
	}
	ft, ok := fullTime(s[11:])
	if !ok {
		return time.Time{}, false
	}
	zone := time.UTC
	if ft.offset != 0 || !ft.utc {
		zone = time.FixedZone("", ft.offset)
	}
	return time.Date(y, time.Month(mo), d, ft.h, ft.m, ft.s, ft.nanos, zone), true
}

// fullDate reads YYYY-MM-DD, a day that exists.
func fullDate[S ~string | ~[]byte](s S) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	num := func(s S) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return 0, 0, 0, false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return y, m, d, d <= days
}

type clock struct {
	h, m, s, nanos, offset int
	utc                    bool
}

// twoDigits reads exactly two decimal digits (RFC 3339's 2DIGIT), at most max.
func twoDigits[S ~string | ~[]byte](s S, max int) (int, bool) {
	a, b := s[0], s[1]
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return 0, false
	}
	n := int(a-'0')*10 + int(b-'0')
	return n, n <= max
}

// fullTime reads an RFC 3339 full-time: hh:mm:ss[.frac] then Z or +hh:mm.
func fullTime[S ~string | ~[]byte](s S) (clock, bool) {
	var c clock
	if len(s) < 9 || s[2] != ':' || s[5] != ':' {
		return c, false
	}
	var ok1, ok2, ok3 bool
	c.h, ok1 = twoDigits(s[0:2], 23)
	c.m, ok2 = twoDigits(s[3:5], 59)
	c.s, ok3 = twoDigits(s[6:8], 60)
	if !ok1 || !ok2 || !ok3 {
		return c, false
	}
	s = s[8:]
	if s[0] == '.' {
		s = s[1:]
		n := 0
		for len(s) > 0 && s[0] >= '0' && s[0] <= '9' {
			if n < 9 {
				c.nanos = c.nanos*10 + int(s[0]-'0')
			}
			s = s[1:]
			n++
		}
		if n == 0 {
			return c, false
		}
		for ; n < 9; n++ {
			c.nanos *= 10
		}
	}
	h, m := c.h, c.m
	switch {
	case len(s) == 0:
		return c, false
	case len(s) == 1 && (s[0] == 'Z' || s[0] == 'z'):
		c.utc = true
	default:
		if len(s) != 6 || s[3] != ':' || (s[0] != '+' && s[0] != '-') {
			return c, false
		}
		zh, ok1 := twoDigits(s[1:3], 23)
		zm, ok2 := twoDigits(s[4:6], 59)
		if !ok1 || !ok2 {
			return c, false
		}
		c.offset = (zh*60 + zm) * 60
		sign := 1
		if s[0] == '+' {
			sign = -1
		} else {
			c.offset = -c.offset
		}
		hm := h*60 + m + sign*(zh*60+zm)
		if hm < 0 {
			hm += 24 * 60
		}
		h, m = hm/60, hm%60
	}
	if c.s == 60 && (h != 23 || m != 59) {
		return c, false
	}
	return c, true
}

// canonicalDateTime reports whether s, a date-time parseDateTime accepts, is written as
// time.RFC3339Nano writes the instant it names: upper-case T and Z, a fraction of at most
// nine digits without trailing zeros, no +00:00, no leap second.
func canonicalDateTime[S ~string | ~[]byte](s S) bool {
	if s[10] != 'T' || s[17] == '6' {
		return false
	}
	rest := s[19:]
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if rest[i-1] == '0' || i > 10 {
			return false
		}
		rest = rest[i:]
	}
	if len(rest) == 1 {
		return rest[0] == 'Z'
	}
	if len(rest) == 6 && rest[1] == '0' && rest[2] == '0' && rest[4] == '0' && rest[5] == '0' {
		return false // +00:00 and -00:00 are written Z
	}
	return len(rest) == 6 && rest[1] >= '0' && rest[1] <= '9'
}

// isDateTimeText reports whether s is an RFC 3339 date-time.
func isDateTimeText(s string) bool {
	_, ok := parseDateTime(s)
	return ok
}

// isUUID reports whether s is 8-4-4-4-12 hexadecimal digits.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// isDate reports whether s is a YYYY-MM-DD calendar date.
func isDate(s string) bool {
	_, _, _, ok := fullDate(s)
	return ok
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		ch, size := utf8.DecodeRuneInString(s[i:])
		if ch == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', 'f', 'f', 'f', 'd')
			i += size
			start = i
			continue
		}
		if ch == '\u2028' || ch == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[ch&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFloat appends f as encoding/json writes a float64.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("unsupported value %v", f)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// appendTime appends t as encoding/json writes a time.Time.
func appendTime(b []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y >= 10000 {
		return nil, fmt.Errorf("time %v: year outside of range [0,9999]", t)
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// appendRaw appends a JSON value held as text, compacted; empty text is null.
func appendRaw(b []byte, raw json.RawMessage) ([]byte, error) {
	if len(raw) == 0 {
		return append(b, "null"...), nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, err
	}
	return append(b, buf.Bytes()...), nil
}

// ptrTo returns a pointer to a copy of v.
func ptrTo[T any](v T) *T { return &v }

// appendKept appends the members of m, kept as they came, in the order of their names, less
// any that a field of the struct names (fields).
func appendKept(b []byte, m map[string]json.RawMessage, fields ...string) ([]byte, error) {
	if len(m) == 0 {
		return b, nil
	}
	var err error
next:
	for _, k := range sortedKeys(m) {
		for _, f := range fields {
			if k == f {
				continue next
			}
		}
		b = appendMember(b, k)
		if b, err = appendRaw(b, m[k]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// encodeBuffers holds the buffers MarshalJSON methods write into.
var encodeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// marshal encodes with write, a type's appendJSON, into a pooled buffer, and returns a copy
// of the encoding at its size.
func marshal(write func([]byte) ([]byte, error)) ([]byte, error) {
	p := encodeBuffers.Get().(*[]byte)
	b, err := write((*p)[:0])
	var out []byte
	if err == nil {
		out = append(make([]byte, 0, len(b)), b...)
	}
	putBuffer(p, b)
	return out, err
}

// validateWith writes a value with write, its appendJSON, into a pooled buffer and judges
// the encoding with check, the DecodeChecked of a new value of its type.
func validateWith(write func([]byte) ([]byte, error), check func([]byte, bool) error, strict bool) error {
	p := encodeBuffers.Get().(*[]byte)
	b, err := write((*p)[:0])
	if err == nil {
		err = check(b, strict)
	}
	putBuffer(p, b)
	return err
}

// putBuffer gives the pooled buffer p back, holding b, what was written into it (unless it
// grew past 8 MiB).
func putBuffer(p *[]byte, b []byte) {
	if cap(b) <= 8<<20 {
		*p = b[:0]
		encodeBuffers.Put(p)
	}
}

// appendName appends the next member's name, given as its JSON string and colon, after a
// comma unless it is the object's first: no value ends with the '{' that opens an object.
func appendName(b []byte, quoted string) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	return append(b, quoted...)
}

// appendMember appends the name of the next member of an object being written.
func appendMember(b []byte, name string) []byte {
	b = appendString(appendName(b, ""), name)
	return append(b, ':')
}

// The decoders of values that structs' members hold, for the member helpers below.

func decString(p *string, r *jsonReader) (err error)        { *p, err = r.str(); return err }
func decBool(p *bool, r *jsonReader) (err error)            { *p, err = r.bool(); return err }
func decInt(p *int64, r *jsonReader) (err error)            { *p, err = r.int(); return err }
func decFloat(p *float64, r *jsonReader) (err error)        { *p, err = r.float(); return err }
func decRaw(p *json.RawMessage, r *jsonReader) (err error) { *p, err = r.raw(); return err }

func decDateTime(p *DateTime, r *jsonReader) error {
	s, err := r.strBytes()
	if err != nil {
		return err
	}
	*p, err = readDateTime(s, r.check)
	return err
}

func decDate(p *Date, r *jsonReader) error {
	s, err := r.strBytes()
	if err != nil {
		return err
	}
	if *p, err = readDate(s); err != nil {
		return checkFailed("format", "%s", err)
	}
	return nil
}

func decTime(p *time.Time, r *jsonReader) error {
	s, err := r.strBytes()
	if err != nil {
		return err
	}
	var ok bool
	if *p, ok = parseDateTime(string(s)); !ok {
		return checkFailed("format", "%q is not a date-time", s)
	}
	return nil
}

// decEnum reads a string enumeration's value; a listed one becomes its constant, one not
// listed fails when fail is set.
func decEnum[E ~string](p *E, r *jsonReader, values []E, fail bool) error {
	s, err := r.strBytes()
	if err != nil {
		return err
	}
	for _, x := range values {
		if string(x) == string(s) {
			*p = x
			return nil
		}
	}
	if fail {
		return checkFailed("enum", "%q is not one of the allowed values", s)
	}
	*p = E(s)
	return nil
}

// decList reads an array, each item with dec.
func decList[E any](p *[]E, r *jsonReader, dec func(*E, *jsonReader) error) error {
	if err := r.open('['); err != nil {
		return err
	}
	list := make([]E, 0, 4)
	for i := 0; ; i++ {
		more, err := r.more(']', i == 0)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		var zero E
		list = append(grow(r, list), zero)
		if err = dec(&list[i], r); err != nil {
			return decodeAtIndex(err, i)
		}
	}
	*p = list
	return nil
}

// decMap reads an object into a map, each value with dec.
func decMap[K ~string, E any](p *map[K]E, r *jsonReader, dec func(*E, *jsonReader) error) error {
	if err := r.open('{'); err != nil {
		return err
	}
	m := make(map[K]E)
	for first := true; ; first = false {
		more, err := r.more('}', first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		kb, err := r.key()
		if err != nil {
			return err
		}
		k := K(kb)
		if _, dup := m[k]; dup {
			return decodeAt(duplicate(string(k)), string(k))
		}
		var x E
		if err = dec(&x, r); err != nil {
			return decodeAt(err, string(k))
		}
		m[k] = x
	}
	*p = m
	return nil
}

// The member helpers decode the value of the member name into its field with dec; a second
// member of that name is a duplicate. required marks the member seen, in the bits of seen.
// They, and the encoding ones below, are not inlined: called once per member of every struct,
// inlined they would make a package of many types much heavier to compile (a fifth more
// memory on large schemas) for a few nanoseconds a member.

//go:noinline
func required[T any](r *jsonReader, name string, seen *uint64, bit uint64, p *T, dec func(*T, *jsonReader) error) error {
	if *seen&bit != 0 {
		return decodeAt(duplicate(name), name)
	}
	*seen |= bit
	return atMember(dec(p, r), name)
}

//go:noinline
func optional[T any](r *jsonReader, name string, p **T, dec func(*T, *jsonReader) error) error {
	if *p != nil {
		return decodeAt(duplicate(name), name)
	}
	*p = new(T)
	return atMember(dec(*p, r), name)
}

//go:noinline
func optionalList[E any](r *jsonReader, name string, p *[]E, dec func(*E, *jsonReader) error) error {
	if *p != nil {
		return decodeAt(duplicate(name), name)
	}
	return atMember(decList(p, r, dec), name)
}

//go:noinline
func optionalMap[K ~string, E any](r *jsonReader, name string, p *map[K]E, dec func(*E, *jsonReader) error) error {
	if *p != nil {
		return decodeAt(duplicate(name), name)
	}
	return atMember(decMap(p, r, dec), name)
}

//go:noinline
func optionalRaw(r *jsonReader, name string, p *json.RawMessage) (err error) {
	if *p != nil {
		return decodeAt(duplicate(name), name)
	}
	*p, err = r.raw()
	return atMember(err, name)
}

// nullable is optional for a member that may be null.
//go:noinline
func nullable[T any](r *jsonReader, name string, p *Nullable[T], dec func(*T, *jsonReader) error) error {
	if p.Set {
		return decodeAt(duplicate(name), name)
	}
	p.Set = true
	if r.peek() == 'n' {
		return atMember(r.literal("null"), name)
	}
	p.Valid = true
	return atMember(dec(&p.V, r), name)
}

// deferring ends the decoding of the member name, err, whose value has assertions that are
// not compiled: when it decoded, it is left to a validator (see notCompiled), keyword kw.
func (r *jsonReader) deferring(err error, kw, name string) error {
	if err != nil {
		return err
	}
	return atMember(r.notCompiled(kw), name)
}

// atMember is decodeAt for a member's error, nil for none.
func atMember(err error, name string) error {
	if err != nil {
		return decodeAt(err, name)
	}
	return nil
}

// The encoders of values that structs' members hold, for the member helpers below.

func encString[S ~string](s S, b []byte) ([]byte, error) { return appendString(b, string(s)), nil }
func encBool(v bool, b []byte) ([]byte, error)             { return strconv.AppendBool(b, v), nil }
func encInt[I ~int64](v I, b []byte) ([]byte, error)       { return strconv.AppendInt(b, int64(v), 10), nil }
func encFloat[F ~float64](v F, b []byte) ([]byte, error)   { return appendFloat(b, float64(v)) }
func encRaw(v json.RawMessage, b []byte) ([]byte, error)   { return appendRaw(b, v) }
func encTime(v time.Time, b []byte) ([]byte, error)        { return appendTime(b, v) }
func encDate(v Date, b []byte) ([]byte, error)             { return v.appendJSON(b), nil }
func encDateTime(v DateTime, b []byte) ([]byte, error)     { return v.appendJSON(b), nil }

// encList and encMap append an array and an object, each item or value with enc.

func encList[E any](list []E, b []byte, enc func(E, []byte) ([]byte, error)) (_ []byte, err error) {
	b = append(b, '[')
	for i, x := range list {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = enc(x, b); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

func encMap[K ~string, E any](m map[K]E, b []byte, enc func(E, []byte) ([]byte, error)) (_ []byte, err error) {
	b = append(b, '{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(appendString(b, string(k)), ':')
		if b, err = enc(m[k], b); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// The member helpers append a member, its name (quoted, with the colon) and then its value
// written with enc, unless an earlier member failed (*err) or the field is empty.

//go:noinline
func put[T any](b []byte, err *error, name string, v T, enc func(T, []byte) ([]byte, error)) []byte {
	if *err != nil {
		return b
	}
	b, *err = enc(v, appendName(b, name))
	return b
}

//go:noinline
func putOptional[T any](b []byte, err *error, name string, p *T, enc func(T, []byte) ([]byte, error)) []byte {
	if p == nil || *err != nil {
		return b
	}
	b, *err = enc(*p, appendName(b, name))
	return b
}

//go:noinline
func putList[E any](b []byte, err *error, name string, list []E, enc func(E, []byte) ([]byte, error)) []byte {
	if list == nil || *err != nil {
		return b
	}
	b, *err = encList(list, appendName(b, name), enc)
	return b
}

//go:noinline
func putMap[K ~string, E any](b []byte, err *error, name string, m map[K]E, enc func(E, []byte) ([]byte, error)) []byte {
	if m == nil || *err != nil {
		return b
	}
	b, *err = encMap(m, appendName(b, name), enc)
	return b
}

//go:noinline
func putRaw(b []byte, err *error, name string, v json.RawMessage) []byte {
	if len(v) == 0 || *err != nil {
		return b
	}
	b, *err = appendRaw(appendName(b, name), v)
	return b
}

//go:noinline
func putNullable[T any](b []byte, err *error, name string, n Nullable[T], enc func(T, []byte) ([]byte, error)) []byte {
	if !n.Set || *err != nil {
		return b
	}
	if !n.Valid {
		return append(appendName(b, name), "null"...)
	}
	b, *err = enc(n.V, appendName(b, name))
	return b
}

// readers holds the readers UnmarshalJSON and DecodeChecked methods read with, so that
// neither the reader nor its buffer is allocated per call.
var readers = sync.Pool{New: func() any { return new(jsonReader) }}

// putKept appends the members of m as appendKept does, unless an earlier member failed.
//go:noinline
func putKept(b []byte, err *error, m map[string]json.RawMessage, fields ...string) []byte {
	if len(m) == 0 || *err != nil {
		return b
	}
	b, *err = appendKept(b, m, fields...)
	return b
}

// unmarshal is UnmarshalJSON: b decoded with decode, a type's decodeJSON, and nothing after
// the value.
func unmarshal(b []byte, decode func(*jsonReader) error) error {
	r := readers.Get().(*jsonReader)
	*r = jsonReader{data: b, buf: r.buf[:0]}
	err := decode(r)
	if err == nil {
		err = r.end()
	}
	putReader(r)
	return err
}

// decodeChecked is DecodeChecked: unmarshal with the checks on.
func decodeChecked(b []byte, strict bool, decode func(*jsonReader) error) error {
	r := readers.Get().(*jsonReader)
	*r = jsonReader{data: b, buf: r.buf[:0], check: true, strict: strict, judging: true}
	err := decode(r)
	switch {
	case err != nil:
		err = checkedErr(b, err)
	case r.end() != nil:
		err = r.end()
	default:
		err = r.judged()
	}
	putReader(r)
	return err
}

// putReader gives a reader back to the pool, keeping its buffer (unless it grew past 1 MiB)
// and nothing that refers to what it read.
func putReader(r *jsonReader) {
	buf := r.buf[:0]
	if cap(buf) > 1<<20 {
		buf = nil
	}
	*r = jsonReader{buf: buf}
	readers.Put(r)
}

// sortedKeys returns the keys of m in order.
func sortedKeys[K ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

`
