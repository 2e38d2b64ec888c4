package generator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// How a struct's member becomes Go code.
//
// Most members have one of a few shapes: a value held by the field, by a pointer, by a
// Nullable, or a list or map of such values, where the value is a scalar, a date, raw JSON
// or a named type. Such a member is decoded by one call of a helper of the support file
// (required, optional, optionalList, optionalMap, optionalRaw, nullable) and encoded by one
// call of another (put, putOptional, putList, putMap, putRaw, putNullable), each given the
// value's decoder or encoder. A member of another shape, or one whose decoding checks more
// than its type, is written out in full (see codec.value).

// elemDecoder is the decoder of values of t that the member helpers take, if t has one.
func elemDecoder(t *typ) (string, bool) {
	switch {
	case t.kind == kBuiltin && t.name == "string":
		return "decString", true
	case t.kind == kBuiltin && t.name == "bool":
		return "decBool", true
	case t.kind == kBuiltin && t.name == "int64":
		return "decInt", true
	case t.kind == kBuiltin && t.name == "float64":
		return "decFloat", true
	case isRaw(t):
		return "decRaw", true
	case isTime(t):
		return "decTime", true
	case t.kind == kNamed && t.named.kind == nDate:
		return "decDate", true
	case t.kind == kNamed && t.named.kind == nDateTime:
		return "decDateTime", true
	case t.kind == kNamed:
		return "(*" + t.named.name + ").decodeJSON", true
	}
	return "", false
}

// elemEncoder is the encoder of values of t that the member helpers take, if t has one.
func elemEncoder(t *typ) (string, bool) {
	switch {
	case t.kind == kBuiltin && t.name == "string":
		return "encString", true
	case t.kind == kBuiltin && t.name == "bool":
		return "encBool", true
	case t.kind == kBuiltin && t.name == "int64":
		return "encInt", true
	case t.kind == kBuiltin && t.name == "float64":
		return "encFloat", true
	case isRaw(t):
		return "encRaw", true
	case isTime(t):
		return "encTime", true
	case t.kind == kNamed && t.named.kind == nDate:
		return "encDate", true
	case t.kind == kNamed && t.named.kind == nDateTime:
		return "encDateTime", true
	case t.kind == kNamed:
		return t.named.name + ".appendJSON", true
	}
	return "", false
}

// stringKeyed reports whether a map's keys are strings or a string enumeration.
func stringKeyed(t *typ) bool {
	k := t.key
	return k != nil && (k.kind == kBuiltin && k.name == "string" || k.kind == kNamed && k.named.kind == nEnum && k.named.base == "string")
}

// memberCall is the helper call that decodes field i, f of shape ft, when it has one; bits
// says whether it marks the member in seen (otherwise the field's own value tells whether
// the member came: see presence). seen is the expression of the word of seen that holds
// the member's bit, or "" when the struct keeps no bits for its members.
func memberCall(i int, f *field, ft *typ, seen string) (call string, bits, ok bool) {
	name := strconv.Quote(f.json)
	dst := "&v." + f.name
	switch {
	case ft.kind == kPtr:
		if dec, ok := elemDecoder(ft.elem); ok && !ft.null {
			return fmt.Sprintf("optional(r, %s, %s, %s)", name, dst, dec), false, true
		}
	case ft.kind == kNullable:
		if dec, ok := elemDecoder(ft.elem); ok {
			return fmt.Sprintf("nullable(r, %s, %s, %s)", name, dst, dec), false, true
		}
	case f.required:
		if dec, ok := elemDecoder(ft); ok && seen != "" {
			return fmt.Sprintf("required(r, %s, %s, 1<<%d, %s, %s)", name, seen, i%64, dst, dec), true, true
		}
	case ft.kind == kSlice:
		if dec, ok := elemDecoder(ft.elem); ok {
			return fmt.Sprintf("optionalList(r, %s, %s, %s)", name, dst, dec), false, true
		}
	case ft.kind == kMap:
		if dec, ok := elemDecoder(ft.elem); ok && stringKeyed(ft) {
			return fmt.Sprintf("optionalMap(r, %s, %s, %s)", name, dst, dec), false, true
		}
	case isRaw(ft):
		return fmt.Sprintf("optionalRaw(r, %s, %s)", name, dst), false, true
	}
	return "", false, false
}

// presence is the condition that says a member decoded by a helper that keeps no bit came:
// its field is no longer empty (a helper sets it even for an empty list or map).
func presence(f *field, ft *typ) string {
	if ft.kind == kNullable {
		return "v." + f.name + ".Set"
	}
	return "v." + f.name + " != nil"
}

// shortMember writes the decoding of field i, f of shape ft, as one helper call when its
// shape has one and its full decoding checks nothing the helper does not: the text written
// with the checks is the text written without them. It reports whether it did, and
// whether the call marks the member's bit.
func (c *codec) shortMember(w *strings.Builder, i int, f *field, ft *typ, seen string, wrap func(string) string) (short, bits bool) {
	call, bits, ok := memberCall(i, f, ft, seen)
	if !ok {
		c.value(w, ft, "v."+f.name, nil, wrap)
		return false, false
	}
	if c.checks {
		n := c.n
		var plain, full strings.Builder
		c.checks = false
		c.value(&plain, ft, "v."+f.name, nil, wrap)
		c.checks = true
		c.n = n
		c.value(&full, ft, "v."+f.name, nil, wrap)
		if full.String() != plain.String() {
			// The value's assertions not compiled, past its decoding: the member defers.
			rest, found := strings.CutPrefix(full.String(), plain.String())
			if m := deferTail.FindStringSubmatch(rest); found && m != nil && m[0] == rest && m[2] == strconv.Quote(f.json) {
				fmt.Fprintf(w, "err = r.deferring(%s, %s, %s)\n", call, m[1], m[2])
				return true, bits
			}
			w.WriteString(full.String())
			return false, false
		}
	}
	fmt.Fprintf(w, "err = %s\n", call)
	return true, bits
}

// deferTail is the code valueN writes after a value whose assertions are not compiled.
var deferTail = regexp.MustCompile(`^if err = r\.notCompiled\(("[^"]*")\); err != nil \{\nreturn decodeAt\(err, ("(?:[^"\\]|\\.)*")\)\n\}\n$`)

// putCall is the helper call that encodes field f of shape ft, when it has one.
func putCall(f *field, ft *typ) (string, bool) {
	name := strconv.Quote(string(escapeJSONString(f.json)) + ":")
	val := "v." + f.name
	var helper, enc string
	var ok bool
	switch {
	case ft.kind == kPtr && f.required:
		// Written even when nil, as null.
		return "", false
	case ft.kind == kPtr:
		helper = "putOptional"
		enc, ok = elemEncoder(ft.elem)
	case ft.kind == kNullable:
		helper = "putNullable"
		enc, ok = elemEncoder(ft.elem)
	case f.required:
		helper = "put"
		enc, ok = elemEncoder(ft)
	case ft.kind == kSlice:
		helper = "putList"
		enc, ok = elemEncoder(ft.elem)
	case ft.kind == kMap:
		helper = "putMap"
		enc, ok = elemEncoder(ft.elem)
		ok = ok && stringKeyed(ft)
	case isRaw(ft):
		return fmt.Sprintf("b = putRaw(b, &err, %s, %s)\n", name, val), true
	}
	if !ok {
		return "", false
	}
	return fmt.Sprintf("b = %s(b, &err, %s, %s, %s)\n", helper, name, val, enc), true
}
