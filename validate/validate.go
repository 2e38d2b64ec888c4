package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/schemas"
)

// Option adjusts one call of Validate or Parse.
type Option func(*options)

type options struct {
	mode  Mode
	event string
}

// Strict checks in strict mode: unknown members and unlisted values of open enumerations are
// errors too. See Mode.
func Strict() Option { return func(o *options) { o.mode = ModeStrict } }

// WithMode checks in the given mode.
func WithMode(m Mode) Option { return func(o *options) { o.mode = m } }

// ForEvent checks the payload against the schema of the named event, whatever its data.event
// says (a different data.event is then reported as a const error).
func ForEvent(name string) Option { return func(o *options) { o.event = name } }

var compiled = [2]func() (*compiledSet, error){
	sync.OnceValues(func() (*compiledSet, error) { return compileEmbedded(ModeDefault) }),
	sync.OnceValues(func() (*compiledSet, error) { return compileEmbedded(ModeStrict) }),
}

func compileEmbedded(mode Mode) (*compiledSet, error) {
	var docs []sourceDoc
	for _, f := range schemas.Files() {
		data, err := schemas.Read(f)
		if err != nil {
			return nil, err
		}
		docs = append(docs, sourceDoc{url: schemas.BaseURL + f, data: data})
	}
	evs, err := schemas.Events()
	if err != nil {
		return nil, err
	}
	roots := []string{schemas.BaseURL + schemas.Umbrella}
	for _, e := range evs {
		roots = append(roots, e.URL())
	}
	set, err := compileSet(docs, mode, roots)
	if err != nil {
		return nil, fmt.Errorf("validate: compiling the embedded schemas (%s mode): %w", mode, err)
	}
	return set, nil
}

// Precompile compiles the embedded schemas of the reference path for a mode now, instead of
// when the first payload that needs them (a rejected one) arrives, so that it does not pay
// for them: a receiver can call it at startup, and a tool that checks many files can call it
// beside its other work. Calling it again costs nothing.
func Precompile(mode Mode) error {
	if mode != ModeDefault && mode != ModeStrict {
		return fmt.Errorf("validate: unknown mode %d", int(mode))
	}
	_, err := compiled[mode]()
	return err
}

// Validate checks a webhook body against the schema of the event it names (data.event). It
// returns nil when the payload is valid, a *Error listing every problem when it is not, and
// another error only when ForEvent names an event that has no schema.
//
// A valid payload also decodes into its generated type, so Validate and Parse always agree.
func Validate(payload []byte, opts ...Option) error {
	_, err := Parse(payload, opts...)
	return err
}

// Parse validates a webhook body like Validate and decodes it into the generated type of its
// event: *railz.BatchPushEvent, *railz.DataEvent, *railz.DataPerTypeEvent, ... It is safe
// for concurrent use; the schemas are compiled once, on first use.
func Parse(payload []byte, opts ...Option) (railz.Event, error) {
	ev, _, err := ParseEnvelope(payload, opts...)
	return ev, err
}

// Envelope is what identifies a delivery: its data.event and its requestId.
type Envelope struct {
	Event     string // data.event, or "" when it is absent or not a string
	RequestID string // requestId, or "" when it is absent or not a string
}

// ParseEnvelope is Parse that also returns the payload's Envelope, valid or not. The
// envelope is read by the same parser as the rest of the payload: member names match
// exactly (case-sensitively), and a payload that names a member twice, or is not JSON, has
// an empty Envelope.
func ParseEnvelope(payload []byte, opts ...Option) (railz.Event, Envelope, error) {
	o := options{}
	for _, opt := range opts {
		opt(&o)
	}
	if o.mode != ModeDefault && o.mode != ModeStrict {
		return nil, Envelope{}, fmt.Errorf("validate: unknown mode %d", int(o.mode))
	}
	if ev, env, ok := fastParse(payload, o); ok {
		return ev, env, nil
	}
	return referenceParse(payload, o)
}

// referenceParse is the reference path of Parse: the payload parsed into a tree and judged by
// the JSON Schema validator, which reports every problem with its line and column.
func referenceParse(payload []byte, o options) (railz.Event, Envelope, error) {
	set, err := compiled[o.mode]()
	if err != nil {
		return nil, Envelope{}, err
	}
	tree, ferr := readPayload(payload)
	if ferr != nil {
		return nil, Envelope{}, &Error{Errors: []FieldError{*ferr}}
	}
	env := envelopeOf(tree)
	ev, err := parseTree(set, payload, tree, o, env.Event)
	return ev, env, err
}

// referenceVerdict reports whether the JSON Schema validator alone accepts a payload.
func referenceVerdict(payload []byte, o options) (bool, error) {
	set, err := compiled[o.mode]()
	if err != nil {
		return false, err
	}
	tree, ferr := readPayload(payload)
	if ferr != nil {
		return false, nil
	}
	name := envelopeOf(tree).Event
	if o.event != "" {
		name = o.event
	}
	ev, known := schemas.Lookup(name)
	if !known {
		return false, nil
	}
	errs, _, err := set.validateTree(set.schemas[ev.URL()], tree)
	return err == nil && len(errs) == 0, err
}

func parseTree(set *compiledSet, payload []byte, tree any, o options, name string) (railz.Event, error) {
	if o.event != "" {
		name = o.event
	}
	ev, known := schemas.Lookup(name)
	if o.event != "" && !known {
		return nil, fmt.Errorf("validate: no schema for event %q: %w", o.event, ErrUnknownEvent)
	}
	url := schemas.BaseURL + schemas.Umbrella
	if known {
		url = ev.URL()
	} else {
		name = ""
	}
	errs, omitted, err := set.validateTree(set.schemas[url], tree)
	if err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	if len(errs) > 0 {
		return nil, finish(payload, &Error{Event: name, Errors: errs, Omitted: omitted})
	}
	if !known {
		// The umbrella schema accepts no unknown event; this is only reached if the schemas
		// disagree with each other.
		return nil, &Error{Errors: []FieldError{{Path: "/data/event", Keyword: "enum", Message: "no schema for this event"}}}
	}
	out := railz.NewEvent(railz.EventName(name))
	if out == nil {
		return nil, fmt.Errorf("validate: event %q has a schema but no generated type; run go generate", name)
	}
	if err := json.Unmarshal(payload, out); err != nil {
		fe := FieldError{Keyword: KeywordDecode, Message: err.Error()}
		var de *railz.DecodeError
		if errors.As(err, &de) {
			fe.Path, fe.Message = de.Pointer, de.Err.Error()
		}
		return nil, finish(payload, &Error{Event: name, Errors: []FieldError{fe}})
	}
	return out, nil
}

// readPayload checks that a body is a readable JSON document and decodes it.
func readPayload(payload []byte) (any, *FieldError) {
	if len(bytes.TrimSpace(payload)) == 0 {
		return nil, &FieldError{Keyword: KeywordEmpty, Message: "the body is empty", Line: 1, Column: 1}
	}
	if bytes.HasPrefix(payload, []byte("\xef\xbb\xbf")) {
		return nil, &FieldError{Keyword: KeywordEncoding, Message: "the body starts with a UTF-8 byte order mark, which JSON does not allow", Line: 1, Column: 1}
	}
	if !utf8.Valid(payload) {
		off := 0
		for off < len(payload) {
			r, size := utf8.DecodeRune(payload[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line, col := lineCol(payload, off)
		return nil, &FieldError{Keyword: KeywordEncoding, Message: fmt.Sprintf("invalid UTF-8 (byte 0x%02x)", payload[off]), Line: line, Column: col}
	}
	tree, jerr := parseJSON(payload)
	if jerr != nil {
		line, col := lineCol(payload, jerr.offset)
		return nil, &FieldError{Path: jerr.path, Keyword: jerr.keyword, Message: jerr.message, Line: line, Column: col}
	}
	return tree, nil
}

// envelopeOf reads data.event and requestId.
func envelopeOf(tree any) Envelope {
	root, _ := tree.(map[string]any)
	data, _ := root["data"].(map[string]any)
	var env Envelope
	env.Event, _ = data["event"].(string)
	env.RequestID, _ = root["requestId"].(string)
	return env
}

// finish fills in the line and column of each error: one pass over the payload that looks
// up only the members and elements of values on the errors' paths.
func finish(payload []byte, e *Error) *Error {
	marks := newPtrTrie()
	for _, f := range e.Errors {
		marks.add(f.Path)
	}
	markOffsets(payload, marks)
	lines := newLineIndex(payload)
	for i, f := range e.Errors {
		if off := marks.find(f.Path); off >= 0 {
			e.Errors[i].Line, e.Errors[i].Column = lines.at(off)
		}
	}
	return e
}
