package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Keywords of the FieldErrors that do not come from a schema keyword.
const (
	KeywordEmpty        = "empty"        // the body is empty or only white space
	KeywordSyntax       = "syntax"       // the body is not well-formed JSON
	KeywordEncoding     = "encoding"     // the body is not UTF-8, or starts with a byte order mark
	KeywordDuplicateKey = "duplicateKey" // an object names the same member twice
	KeywordDepth        = "depth"        // arrays and objects nest deeper than MaxDepth
	KeywordDecode       = "decode"       // a value the schema accepts does not fit its Go type
	KeywordNumber       = "number"       // a number beyond MaxNumberLength or MaxNumberExponent
)

// Sentinels for errors.Is on a *Error.
var (
	// ErrMalformed matches errors whose payload could not be read as JSON at all (empty body,
	// syntax, encoding, duplicate member names, excessive nesting, numbers beyond the limits).
	ErrMalformed = errors.New("malformed JSON payload")
	// ErrUnknownEvent matches errors whose payload names no event this version knows.
	ErrUnknownEvent = errors.New("unknown webhook event")
	// ErrInvalid matches every *Error.
	ErrInvalid = errors.New("invalid webhook payload")
)

// FieldError is one thing wrong with a payload.
type FieldError struct {
	// Path is the JSON pointer of the offending value itself: for a missing required member
	// or an unknown member, the member's own path (e.g. /data/batchId). "" is the whole body.
	Path string `json:"path"`
	// Keyword is the rule broken: a JSON Schema keyword (required, type, enum, format, const,
	// additionalProperties, ...) or one of the Keyword constants of this package.
	Keyword string `json:"keyword"`
	// Message says what is wrong, for people.
	Message string `json:"message"`
	// Line and Column locate the offending member (or, for a missing one, the nearest
	// enclosing value that exists) in the payload, both counted from 1; Column counts
	// characters (Unicode code points), as editors and their problem matchers do.
	// They are 0 when unknown.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
}

// String renders "path: message (keyword)", with "(root)" for the empty path.
func (f FieldError) String() string {
	p := f.Path
	if p == "" {
		p = "(root)"
	}
	return fmt.Sprintf("%s: %s (%s)", p, f.Message, f.Keyword)
}

// Error is returned for a payload that is not valid. It lists every problem found.
type Error struct {
	// Event is the payload's data.event value, when it names a known event (or the event that
	// was asked for with ForEvent).
	Event string `json:"event,omitempty"`
	// Errors is sorted by path (array indexes in numeric order), then keyword, then message.
	// It holds at most MaxErrors: the first ones in that order.
	Errors []FieldError `json:"errors"`
	// Omitted is how many further problems were found and left out of Errors. (A problem
	// that two routes through the schema report alike is listed once in Errors, but may be
	// counted twice in Omitted.)
	Omitted int `json:"omitted,omitempty"`
}

// MaxErrors is the most field errors an Error keeps. A payload can be wrong in millions of
// places; the report names the first MaxErrors and counts the rest in Omitted, so that its
// size does not grow with the payload.
const MaxErrors = 100

// Total is the number of problems found: len(Errors) + Omitted.
func (e *Error) Total() int { return len(e.Errors) + e.Omitted }

// subject is "invalid <event> webhook payload".
func (e *Error) subject() string {
	if e.Event != "" {
		return "invalid " + e.Event + " webhook payload"
	}
	return "invalid webhook payload"
}

// Error renders a one-line summary with the first problems.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.subject())
	const show = 3
	for i, f := range e.Errors {
		if i == show {
			fmt.Fprintf(&b, "; and %d more", e.Total()-show)
			break
		}
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	return b.String()
}

// Detail renders every problem on its own line, prefixed with line:column when known.
func (e *Error) Detail() string {
	var b strings.Builder
	b.WriteString(e.subject())
	fmt.Fprintf(&b, " (%d problem", e.Total())
	if e.Total() != 1 {
		b.WriteString("s")
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, ", the first %d shown", len(e.Errors))
	}
	b.WriteString("):\n")
	for _, f := range e.Errors {
		b.WriteString("  ")
		if f.Line > 0 {
			fmt.Fprintf(&b, "%d:%d: ", f.Line, f.Column)
		}
		b.WriteString(f.String())
		b.WriteString("\n")
	}
	return b.String()
}

// MarshalJSON encodes the error as {"event": ..., "errors": [...]}.
func (e *Error) MarshalJSON() ([]byte, error) {
	type plain Error
	p := plain(*e)
	if p.Errors == nil {
		p.Errors = []FieldError{}
	}
	return json.Marshal(p)
}

// Is reports whether target is ErrInvalid, or ErrMalformed or ErrUnknownEvent when they apply.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrInvalid:
		return true
	case ErrMalformed:
		for _, f := range e.Errors {
			switch f.Keyword {
			case KeywordEmpty, KeywordSyntax, KeywordEncoding, KeywordDuplicateKey, KeywordDepth, KeywordNumber:
				return true
			}
		}
	case ErrUnknownEvent:
		return e.Event == "" && len(e.Errors) > 0 && !e.Is(ErrMalformed)
	}
	return false
}

func sortErrors(errs []FieldError) {
	sort.SliceStable(errs, func(i, j int) bool { return errorLess(errs[i], errs[j]) })
}

// errorLess is the report order: by path, then keyword, then message.
func errorLess(a, b FieldError) bool {
	if a.Path != b.Path {
		return pathLess(a.Path, b.Path)
	}
	if a.Keyword != b.Keyword {
		return a.Keyword < b.Keyword
	}
	return a.Message < b.Message
}

// pathLess orders JSON pointers token by token, numeric tokens by value.
func pathLess(a, b string) bool {
	for {
		if a == "" || b == "" {
			return a == "" && b != ""
		}
		ta, _, _ := strings.Cut(a[1:], "/")
		tb, _, _ := strings.Cut(b[1:], "/")
		if ta != tb {
			na, ea := strconv.Atoi(ta)
			nb, eb := strconv.Atoi(tb)
			if ea == nil && eb == nil && na != nb {
				return na < nb
			}
			return ta < tb
		}
		a, b = a[1+len(ta):], b[1+len(tb):]
	}
}

func dedupe(errs []FieldError) []FieldError {
	out := errs[:0]
	for i, f := range errs {
		if i > 0 && f == errs[i-1] {
			continue
		}
		out = append(out, f)
	}
	return out
}
