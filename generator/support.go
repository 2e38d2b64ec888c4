package generator

// The helpers below are copied into the generated support file when generated code needs them.
// They use only the standard library.

const dateSource = `// Date is a calendar date without a time of day or a time zone, written YYYY-MM-DD in JSON
// (JSON Schema format "date").
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses a YYYY-MM-DD date.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the date on which t falls, in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// In returns midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// MarshalText returns the date as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a YYYY-MM-DD date.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

`

const decodeSource = `// A DecodeError reports a JSON value that could not be decoded into its generated field.
type DecodeError struct {
	// Pointer is the JSON pointer of the value, relative to the value being decoded.
	Pointer string
	// Err is what went wrong.
	Err error
}

func (e *DecodeError) Error() string { return "decode " + e.Pointer + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

func decodeError(key string, err error) error {
	k := strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
	if de, ok := err.(*DecodeError); ok {
		return &DecodeError{Pointer: "/" + k + de.Pointer, Err: de.Err}
	}
	return &DecodeError{Pointer: "/" + k, Err: err}
}

// decodeSlice decodes a JSON array element by element, naming the index of a failure.
func decodeSlice[T any](raw []byte, dst *[]T) error {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	if items == nil {
		*dst = nil
		return nil
	}
	out := make([]T, len(items))
	for i, item := range items {
		if err := json.Unmarshal(item, &out[i]); err != nil {
			return decodeError(strconv.Itoa(i), err)
		}
	}
	*dst = out
	return nil
}

// decodeMap decodes a JSON object member by member, naming the key of a failure.
func decodeMap[K ~string, V any](raw []byte, dst *map[K]V) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(raw, &members); err != nil {
		return err
	}
	if members == nil {
		*dst = nil
		return nil
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[K]V, len(members))
	for _, k := range keys {
		var v V
		if err := json.Unmarshal(members[k], &v); err != nil {
			return decodeError(k, err)
		}
		out[K(k)] = v
	}
	*dst = out
	return nil
}

// decodeExtras decodes the members a struct does not name.
func decodeExtras[V any](m map[string]json.RawMessage) (map[string]V, error) {
	if len(m) == 0 {
		return nil, nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]V, len(m))
	for _, k := range keys {
		var v V
		if err := json.Unmarshal(m[k], &v); err != nil {
			return nil, decodeError(k, err)
		}
		out[k] = v
	}
	return out, nil
}

// appendExtras adds the members of extras, in key order, to the encoded object b, skipping
// the names in known.
func appendExtras[V any](b []byte, extras map[string]V, known ...string) ([]byte, error) {
	keys := make([]string, 0, len(extras))
	for k := range extras {
		isKnown := false
		for _, n := range known {
			if n == k {
				isKnown = true
				break
			}
		}
		if !isKnown {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return b, nil
	}
	sort.Strings(keys)
	out := b[:len(b)-1]
	empty := len(b) == 2
	for _, k := range keys {
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		vb, err := json.Marshal(extras[k])
		if err != nil {
			return nil, err
		}
		if !empty {
			out = append(out, ',')
		}
		empty = false
		out = append(out, kb...)
		out = append(out, ':')
		out = append(out, vb...)
	}
	return append(out, '}'), nil
}

`

const dispatchSource = `// jsonCanonical re-encodes a JSON value as encoding/json writes it after decoding it into
// any, so that equal values compare equal as text; "" when raw is absent or not JSON.
func jsonCanonical(raw json.RawMessage) string {
	var v any
	if raw == nil || json.Unmarshal(raw, &v) != nil {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// hasMembers reports whether an object has every named member.
func hasMembers(m map[string]json.RawMessage, names ...string) bool {
	for _, n := range names {
		if _, ok := m[n]; !ok {
			return false
		}
	}
	return true
}

`

const kindSource = `// jsonKind names the JSON type of the encoded value b: "object", "array", "string",
// "number", "boolean", "null", or "" when b is empty.
func jsonKind(b []byte) string {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
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
	return ""
}
`

const nullableSource = `// Nullable is an optional member that may also be null. The zero Nullable is absent and is
// left out when encoded (the field is tagged omitzero).
type Nullable[T any] struct {
	// V is the value; it is meaningful when Valid.
	V T
	// Valid is false when the member is null (or absent).
	Valid bool
	// Set is false when the member is absent.
	Set bool
}

// NewNullable returns a Nullable holding v.
func NewNullable[T any](v T) Nullable[T] { return Nullable[T]{V: v, Valid: true, Set: true} }

// NewNull returns a Nullable that encodes as null.
func NewNull[T any]() Nullable[T] { return Nullable[T]{Set: true} }

// Get returns the value and whether there is one (false when null or absent).
func (n Nullable[T]) Get() (T, bool) { return n.V, n.Valid }

// IsZero reports whether the member is absent.
func (n Nullable[T]) IsZero() bool { return !n.Set }

// MarshalJSON encodes the value, or null.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.V)
}

// UnmarshalJSON decodes a value or null.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	*n = Nullable[T]{Set: true}
	if string(b) == "null" {
		return nil
	}
	if err := json.Unmarshal(b, &n.V); err != nil {
		return err
	}
	n.Valid = true
	return nil
}

`
