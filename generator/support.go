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
func ParseDate(s string) (Date, error) { return readDate(s) }

// readDate reads YYYY-MM-DD, a real day of a real month, as time.Parse with time.DateOnly does.
func readDate[S ~string | ~[]byte](s S) (Date, error) {
	if y, m, d, ok := fullDate(s); ok {
		return Date{Year: y, Month: time.Month(m), Day: d}, nil
	}
	return Date{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
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
// appendJSON appends d as a JSON string, YYYY-MM-DD (a year past 9999 or before 0 as
// String writes it).
func (d Date) appendJSON(b []byte) []byte {
	if d.Year < 0 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 0 || d.Day > 99 {
		return appendString(b, d.String())
	}
	y, m := d.Year, int(d.Month)
	return append(b, '"', byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10), '"')
}

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

const dateTimeSource = `// DateTime is a date and time of day with its zone offset (JSON Schema format "date-time"),
// held both as the text it was written as and as a time.Time. A decoded DateTime encodes as
// the same text, so 2024-05-01T10:00:00.270Z does not come back as ...00.27Z, nor a fraction
// of twelve digits as one of nine; one made by NewDateTime encodes as RFC 3339 with
// nanoseconds.
//
// Decoding accepts RFC 3339, and also a space between date and time and a missing offset
// (read as UTC); DecodeChecked and ParseDateTime accept RFC 3339 only, as the format says.
type DateTime struct {
	text string
	t    time.Time
}

// NewDateTime returns t as a DateTime.
func NewDateTime(t time.Time) DateTime { return DateTime{t: t} }

// ParseDateTime parses an RFC 3339 date-time.
func ParseDateTime(s string) (DateTime, error) {
	d, err := readDateTime([]byte(s), true)
	if err != nil {
		return DateTime{}, fmt.Errorf("%q is not an RFC 3339 date-time", s)
	}
	return d, nil
}

// Time returns the instant.
func (d DateTime) Time() time.Time { return d.t }

// String returns the date-time as it was written (RFC 3339 for one made by NewDateTime).
func (d DateTime) String() string {
	if d.text == "" {
		return d.t.Format(time.RFC3339Nano)
	}
	return d.text
}

// IsZero reports whether d is the zero DateTime.
// appendJSON appends d as a JSON string: its text as it came, or RFC 3339 with the
// fraction it needs, which has nothing to escape.
func (d DateTime) appendJSON(b []byte) []byte {
	if d.text != "" {
		return appendString(b, d.text)
	}
	b = append(b, '"')
	b = d.t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

func (d DateTime) IsZero() bool { return d.text == "" && d.t.IsZero() }

// Equal reports whether d and e are the same instant.
func (d DateTime) Equal(e DateTime) bool { return d.t.Equal(e.t) }

// MarshalText returns the text of the date-time.
func (d DateTime) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date-time as decoding does.
func (d *DateTime) UnmarshalText(b []byte) error {
	v, err := readDateTime(b, false)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// readDateTime reads the text of a date-time: RFC 3339 when strict, else also with a space or
// t between date and time and without an offset.
func readDateTime(b []byte, strict bool) (DateTime, error) {
	if t, ok := parseDateTime(b); ok {
		if canonicalDateTime(b) {
			return DateTime{t: t}, nil // String writes it back as it came
		}
		return DateTime{text: string(b), t: t}, nil
	}
	if !strict && len(b) >= 19 && (b[10] == ' ' || b[10] == 't' || b[10] == 'T') {
		s := string(b)
		u := s[:10] + "T" + s[11:]
		if last := u[len(u)-1]; last >= '0' && last <= '9' && !strings.ContainsAny(u[19:], "+-") {
			u += "Z"
		}
		if t, ok := parseDateTime(u); ok {
			return DateTime{text: s, t: t}, nil
		}
	}
	return DateTime{}, checkFailed("format", "%q is not a date-time", b)
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

// formatsSource checks the formats the reference validator asserts beyond dates and uuids,
// as it checks them.
const formatsSource = `// isURI reports whether s is an absolute URI (formats uri and iri).
func isURI(s string) bool {
	u, ok := parseURI(s)
	return ok && u.IsAbs()
}

// isURIReference reports whether s is a URI or a relative reference, without a backslash
// (formats uri-reference and iri-reference).
func isURIReference(s string) bool {
	_, ok := parseURI(s)
	return ok && !strings.Contains(s, "\\")
}

// parseURI parses s as net/url does; a host with a colon must be an IPv6 address in brackets.
func parseURI(s string) (*url.URL, bool) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, false
	}
	if h := u.Hostname(); strings.Contains(h, ":") {
		if !strings.Contains(u.Host, "[") || !strings.Contains(u.Host, "]") || !isIPv6(h) {
			return nil, false
		}
	}
	return u, true
}

// isIPv4 reports whether s is four dot-separated decimal numbers up to 255, none with a
// leading zero (format ipv4).
func isIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 255 || n != 0 && p[0] == '0' {
			return false
		}
	}
	return true
}

// isIPv6 reports whether s is an IPv6 address (format ipv6).
func isIPv6(s string) bool {
	return strings.Contains(s, ":") && net.ParseIP(s) != nil
}

// isHostname reports whether s is a host name: at most 253 characters without a final dot,
// labels of 1 to 63 letters, digits and hyphens, not ending with a hyphen, and no hyphen
// first (format hostname).
func isHostname(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if n := len(label); n < 1 || n > 63 || s[0] == '-' || label[n-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// isEmail reports whether s is an email address: at most 254 characters, a local part of at
// most 64, a host name or a bracketed IP address after the last @, and an address net/mail
// reads (format email).
func isEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if len(s) > 254 || at < 0 || at > 64 {
		return false
	}
	domain := s[at+1:]
	if len(domain) >= 2 && domain[0] == '[' && domain[len(domain)-1] == ']' {
		ip := domain[1 : len(domain)-1]
		if v6, ok := strings.CutPrefix(ip, "IPv6:"); ok {
			return isIPv6(v6)
		}
		return isIPv4(ip)
	}
	if !isHostname(domain) {
		return false
	}
	_, err := mail.ParseAddress(s)
	return err == nil
}

// isRegex reports whether s is a regular expression Go's regexp compiles (format regex).
func isRegex(s string) bool {
	_, err := regexp.Compile(s)
	return err == nil
}

// isJSONPointer reports whether s is a JSON pointer: empty, or reference tokens after each
// slash in which every ~ is followed by 0 or 1 (format json-pointer).
func isJSONPointer(s string) bool {
	if s != "" && !strings.HasPrefix(s, "/") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '~' && (i == len(s)-1 || s[i+1] != '0' && s[i+1] != '1') {
			return false
		}
	}
	return true
}

`
