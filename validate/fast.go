package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/schemas"
)

// checked is implemented by every generated event type: DecodeChecked decodes a payload and
// runs the schema's assertions, compiled to Go, in the same pass.
type checked interface {
	railz.Event
	DecodeChecked(b []byte, strict bool) error
}

// fastParse is the fast path of Parse: the generated decoder and checks of the event's type.
// It reports ok only when they accept the payload; anything else (a rejection, an event with
// no type, a type whose schema has assertions that are not compiled) is left to the
// reference path, which builds the complete error report.
func fastParse(payload []byte, o options) (railz.Event, Envelope, bool) {
	env := Envelope{Event: sniffEvent(payload)}
	name := env.Event
	if o.event != "" {
		name = o.event
	}
	if _, known := schemas.Lookup(name); !known {
		return nil, Envelope{}, false
	}
	ev, ok := railz.NewEvent(railz.EventName(name)).(checked)
	if !ok {
		return nil, Envelope{}, false
	}
	if err := ev.DecodeChecked(payload, o.mode == ModeStrict); err != nil {
		return nil, Envelope{}, false
	}
	env.RequestID = requestIDOf(ev)
	return ev, env, true
}

// requestIDFields caches, per event type, the index of the field that holds requestId.
var requestIDFields sync.Map // reflect.Type -> []int (nil: no such field)

// requestIDOf returns the requestId member of a decoded event: the string field tagged
// json:"requestId".
func requestIDOf(ev railz.Event) string {
	v := reflect.ValueOf(ev).Elem()
	idx, ok := requestIDFields.Load(v.Type())
	if !ok {
		var found []int
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "requestId" && f.Type.Kind() == reflect.String {
				found = []int{i}
			}
		}
		idx, _ = requestIDFields.LoadOrStore(v.Type(), found)
	}
	if idx.([]int) == nil {
		return ""
	}
	return v.FieldByIndex(idx.([]int)).String()
}

// fastVerdict reports what the fast path alone makes of a payload: accepted, rejected, or
// deferred to the reference path (an assertion that is not compiled).
func fastVerdict(payload []byte, o options) (accepted, deferred bool) {
	name := sniffEvent(payload)
	if o.event != "" {
		name = o.event
	}
	if _, known := schemas.Lookup(name); !known {
		return false, false
	}
	ev, ok := railz.NewEvent(railz.EventName(name)).(checked)
	if !ok {
		return false, true
	}
	err := ev.DecodeChecked(payload, o.mode == ModeStrict)
	if errors.Is(err, railz.ErrNotChecked) {
		return false, true
	}
	return err == nil, false
}

// sniffEvent finds data.event without decoding the payload, stopping as soon as it has it.
func sniffEvent(b []byte) string {
	return sniff(b, false).Event
}

// sniff finds data.event, and requestId when wantID, without decoding the payload. It
// trusts the payload to be JSON: for one that is not, or that names a member twice, the result
// means nothing, and the generated decoder that runs next rejects the payload anyway.
func sniff(b []byte, wantID bool) Envelope {
	var env Envelope
	s := sniffer{b: b}
	if s.ws() != '{' {
		return env
	}
	s.i++
	foundEvent, foundID := false, !wantID
	for !(foundEvent && foundID) {
		if s.ws() != '"' {
			return env
		}
		key, ok := s.str()
		if !ok || s.ws() != ':' {
			return env
		}
		s.i++
		switch {
		case string(key) == "requestId" && !foundID:
			foundID = true
			if s.ws() == '"' {
				if v, ok := s.str(); ok {
					env.RequestID = unquote(v)
				}
				break
			}
			if !s.skip() {
				return env
			}
		case string(key) == "data" && !foundEvent:
			foundEvent = true
			if !s.findEvent(&env, !wantID) || foundID {
				return env
			}
		default:
			if !s.skip() {
				return env
			}
		}
		if s.ws() != ',' {
			return env
		}
		s.i++
	}
	return env
}

type sniffer struct {
	b []byte
	i int
}

// ws skips white space and returns the next byte, or 0 at the end.
func (s *sniffer) ws() byte {
	for s.i < len(s.b) {
		switch c := s.b[s.i]; c {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return c
		}
	}
	return 0
}

// str reads a string at s.i and returns its raw contents (escapes left in).
func (s *sniffer) str() ([]byte, bool) {
	start := s.i + 1
	for j := start; j < len(s.b); {
		k := bytes.IndexByte(s.b[j:], '"')
		if k < 0 {
			return nil, false
		}
		j += k
		bs := 0
		for p := j - 1; p >= start && s.b[p] == '\\'; p-- {
			bs++
		}
		if bs%2 == 0 {
			s.i = j + 1
			return s.b[start:j], true
		}
		j++
	}
	return nil, false
}

// skip passes over one value.
func (s *sniffer) skip() bool {
	depth := 0
	for {
		switch c := s.ws(); c {
		case 0:
			return false
		case '"':
			if _, ok := s.str(); !ok {
				return false
			}
		case '{', '[':
			depth++
			s.i++
		case '}', ']':
			depth--
			s.i++
		case ',', ':':
			if depth == 0 {
				return true
			}
			s.i++
		default:
			s.i++
		}
		if depth == 0 {
			if c := s.ws(); c == ',' || c == '}' || c == ']' || c == 0 {
				return true
			}
		}
	}
}

// findEvent reads the data object, noting its event member, and leaves s after the object;
// with stop it returns as soon as it has the event.
func (s *sniffer) findEvent(env *Envelope, stop bool) bool {
	if s.ws() != '{' {
		return s.skip()
	}
	s.i++
	if s.ws() == '}' {
		s.i++
		return true
	}
	found := false
	for {
		if s.ws() != '"' {
			return false
		}
		key, ok := s.str()
		if !ok || s.ws() != ':' {
			return false
		}
		s.i++
		if string(key) == "event" && !found && s.ws() == '"' {
			found = true
			v, ok := s.str()
			if !ok {
				return false
			}
			env.Event = unquote(v)
			if stop {
				return true
			}
		} else if !s.skip() {
			return false
		}
		switch s.ws() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return false
		}
	}
}

// unquote turns the raw contents of a JSON string into its value.
func unquote(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw)
	}
	var out string
	if json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &out) != nil {
		return ""
	}
	return out
}
