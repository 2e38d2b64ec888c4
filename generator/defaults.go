package generator

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// Defaults become typed Go literals written into ApplyDefaults: ptrTo("unnamed"),
// []string{"a", "b"}, &Limits{CPU: ptrTo(int64(2))}, an enum's constant. A default is checked
// against its field's type here, once: one that does not fit is left out, as the schema's
// own validator would reject it.

// defaultLiteral returns the Go expression of the JSON default def for a field of type t, and
// false when def does not fit t or t has no literal form (a union, an imported Go type); the
// caller then decodes def with the field's own decoder.
func defaultLiteral(t *typ, def string) (string, bool) {
	d := json.NewDecoder(strings.NewReader(def))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", false
	}
	return goLiteral(t, v)
}

func goLiteral(t *typ, v any) (string, bool) {
	switch t.kind {
	case kPtr:
		if v == nil {
			return "nil", true
		}
		if t.elem.kind == kNamed && t.elem.named.kind == nStruct {
			s, ok := goLiteral(t.elem, v)
			return "&" + s, ok
		}
		s, ok := goLiteral(t.elem, v)
		return "ptrTo(" + s + ")", ok
	case kNullable:
		if v == nil {
			return fmt.Sprintf("NewNull[%s]()", typeText(t.elem)), true
		}
		s, ok := goLiteral(t.elem, v)
		return "NewNullable(" + s + ")", ok
	case kSlice:
		list, ok := v.([]any)
		if !ok {
			return "", false
		}
		var parts []string
		for _, e := range list {
			s, ok := goLiteral(t.elem, e)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return typeText(t) + "{" + strings.Join(parts, ", ") + "}", true
	case kMap:
		m, ok := v.(map[string]any)
		if !ok || !(t.key.kind == kBuiltin && t.key.name == "string") {
			return "", false
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			s, ok := goLiteral(t.elem, m[k])
			if !ok {
				return "", false
			}
			parts = append(parts, strconv.Quote(k)+": "+s)
		}
		return typeText(t) + "{" + strings.Join(parts, ", ") + "}", true
	case kBuiltin:
		return scalarLiteral(t.name, v)
	case kQual:
		if isRaw(t) {
			if v == nil {
				return "", false
			}
			raw, err := json.Marshal(v)
			if err != nil {
				return "", false
			}
			return typeText(t) + "(" + strconv.Quote(string(raw)) + ")", true
		}
		return "", false
	case kNamed:
		return namedLiteral(t.named, v)
	}
	return "", false
}

// scalarLiteral writes a string, bool, int64 or float64 literal, typed so that it can stand
// alone (ptrTo(int64(3))).
func scalarLiteral(goType string, v any) (string, bool) {
	switch goType {
	case "string":
		s, ok := v.(string)
		return strconv.Quote(s), ok
	case "bool":
		b, ok := v.(bool)
		return strconv.FormatBool(b), ok
	case "int64":
		n, ok := v.(json.Number)
		if !ok {
			return "", false
		}
		if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
			return fmt.Sprintf("int64(%d)", i), true
		}
		// 1.0 and 1e3 are integers too, when they are whole and fit.
		f, _, err := big.ParseFloat(string(n), 10, 200, big.ToNearestEven)
		if err != nil || !f.IsInt() {
			return "", false
		}
		i, acc := f.Int64()
		if acc != big.Exact {
			return "", false
		}
		return fmt.Sprintf("int64(%d)", i), true
	case "float64":
		n, ok := v.(json.Number)
		if !ok {
			return "", false
		}
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil || math.IsInf(f, 0) {
			return "", false
		}
		return "float64(" + strconv.FormatFloat(f, 'g', -1, 64) + ")", true
	}
	return "", false
}

func namedLiteral(t *namedType, v any) (string, bool) {
	switch t.kind {
	case nEnum:
		lit, ok := scalarLiteral(t.base, v)
		if !ok {
			return "", false
		}
		for i, val := range t.values {
			if i < len(t.vnames) && sameEnumValue(t.base, val, v) {
				return t.vnames[i], true
			}
		}
		// Not one of the listed values: written as its type's value, which is what decoding
		// it gives.
		return t.name + "(" + lit + ")", true
	case nStruct:
		m, ok := v.(map[string]any)
		if !ok || t.anyJSON && m == nil {
			return "", false
		}
		if len(t.patterns) > 0 {
			return "", false
		}
		var parts []string
		named := map[string]bool{}
		for _, f := range t.fields {
			val, present := m[f.json]
			named[f.json] = true
			if !present {
				if f.required {
					return "", false // the default lacks a required member
				}
				continue
			}
			ft, _ := fieldShape(f)
			s, ok := goLiteral(ft, val)
			if !ok {
				return "", false
			}
			parts = append(parts, f.name+": "+s)
		}
		var rest []string
		for k := range m {
			if !named[k] {
				rest = append(rest, k)
			}
		}
		if len(rest) > 0 {
			if t.extra == nil {
				return "", false
			}
			sort.Strings(rest)
			var kept []string
			for _, k := range rest {
				s, ok := goLiteral(t.extra, m[k])
				if !ok {
					return "", false
				}
				kept = append(kept, strconv.Quote(k)+": "+s)
			}
			parts = append(parts, t.extraName+": map[string]"+typeText(t.extra)+"{"+strings.Join(kept, ", ")+"}")
		}
		return t.name + "{" + strings.Join(parts, ", ") + "}", true
	case nValue:
		s, ok := goLiteral(t.of, v)
		if !ok {
			return "", false
		}
		return t.name + "(" + s + ")", true
	}
	return "", false
}

// sameEnumValue reports whether an enum's listed value (its text) is the default v.
func sameEnumValue(base, listed string, v any) bool {
	if base == "string" {
		s, ok := v.(string)
		return ok && s == listed
	}
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	a, _, errA := big.ParseFloat(listed, 10, 200, big.ToNearestEven)
	b, _, errB := big.ParseFloat(string(n), 10, 200, big.ToNearestEven)
	return errA == nil && errB == nil && a.Cmp(b) == 0
}
