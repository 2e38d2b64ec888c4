package fake

import (
	"encoding/json"
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/railzhook/railzhook/validate"
)

// mutation is one change to a valid instance.
type mutation struct {
	kind string
	ptr  string
	// apply returns the changed copy of the root, or nil when the change does not apply.
	apply func(root any) any
}

// sites lists the changes to try on an instance: every member removed, every value given
// another type, strings and numbers pushed past likely bounds and out of enumerations and
// formats, arrays emptied and grown, objects given an unknown member.
func sites(root any) []mutation {
	var out []mutation
	var visit func(v any, ptr string, parent map[string]any, key string)
	visit = func(v any, ptr string, parent map[string]any, key string) {
		if parent != nil {
			out = append(out, mutation{"remove", ptr, func(r any) any { return without(r, ptr) }})
		}
		for _, alt := range otherTypes(v) {
			alt := alt
			out = append(out, mutation{"type:" + kindOf(alt), ptr, func(r any) any { return replaced(r, ptr, alt) }})
		}
		switch x := v.(type) {
		case string:
			for i, alt := range []string{"#unlisted-value#", "", strings.Repeat("x", 300) + x} {
				alt := alt
				out = append(out, mutation{"string:" + strconv.Itoa(i), ptr, func(r any) any { return replaced(r, ptr, alt) }})
			}
		case json.Number:
			for i, alt := range []string{"-1000000", "1000000", string(x) + ".5", "0"} {
				alt := json.Number(alt)
				out = append(out, mutation{"number:" + strconv.Itoa(i), ptr, func(r any) any { return replaced(r, ptr, alt) }})
			}
		case []any:
			out = append(out, mutation{"array:empty", ptr, func(r any) any { return replaced(r, ptr, []any{}) }})
			if len(x) > 0 {
				grown := append(append([]any{}, x...), x...)
				out = append(out, mutation{"array:doubled", ptr, func(r any) any { return replaced(r, ptr, grown) }})
			}
			for i, e := range x {
				visit(e, ptr+"/"+strconv.Itoa(i), nil, "")
			}
		case map[string]any:
			out = append(out, mutation{"member", ptr, func(r any) any {
				return replaced(r, ptr, with(x, "unexpectedMember", true))
			}})
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				visit(x[k], ptr+"/"+escape(k), x, k)
			}
		}
	}
	visit(root, "", nil, "")
	return out
}

func otherTypes(v any) []any {
	all := []any{"text", json.Number("12345"), true, nil, map[string]any{}, []any{}}
	var out []any
	for _, a := range all {
		if kindOf(a) != kindOf(v) {
			out = append(out, a)
		}
	}
	return out
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		return "number"
	case []any:
		return "array"
	}
	return "object"
}

func with(m map[string]any, k string, v any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

func escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func unescape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// replaced copies root along ptr and puts v at ptr.
func replaced(root any, ptr string, v any) any {
	if ptr == "" {
		return v
	}
	tok, rest, _ := strings.Cut(ptr[1:], "/")
	if rest != "" || strings.Contains(ptr[1:], "/") {
		rest = ptr[1+len(tok):]
	}
	switch x := root.(type) {
	case map[string]any:
		k := unescape(tok)
		return with(x, k, replaced(x[k], rest, v))
	case []any:
		i, _ := strconv.Atoi(tok)
		out := append([]any{}, x...)
		out[i] = replaced(x[i], rest, v)
		return out
	}
	return root
}

// without copies root along ptr and removes the member at ptr.
func without(root any, ptr string) any {
	parent, last := ptr[:strings.LastIndexByte(ptr, '/')], unescape(ptr[strings.LastIndexByte(ptr, '/')+1:])
	obj, ok := at(root, parent).(map[string]any)
	if !ok {
		return nil
	}
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		if k != last {
			out[k] = v
		}
	}
	return replaced(root, parent, out)
}

func at(root any, ptr string) any {
	cur := root
	for _, tok := range strings.Split(ptr, "/")[1:] {
		switch x := cur.(type) {
		case map[string]any:
			cur = x[unescape(tok)]
		case []any:
			i, _ := strconv.Atoi(tok)
			if i < 0 || i >= len(x) {
				return nil
			}
			cur = x[i]
		default:
			return nil
		}
	}
	return cur
}

var index = regexp.MustCompile(`/[0-9]+(/|$)`)

// shape is a pointer with array indexes generalised, so that one constraint is broken once
// whatever item it sits in.
func shape(ptr string) string {
	for {
		s := index.ReplaceAllString(ptr, "/*$1")
		if s == ptr {
			return s
		}
		ptr = s
	}
}

// Invalid returns payloads that each break one constraint of the schema, made from the
// covering set: each is rejected with exactly one FieldError, which the case carries. It
// keeps one case per path pattern (array indexes generalised) and keyword.
func (g *Generator) Invalid() ([]Case, error) {
	base, _, err := g.Cover()
	if err != nil {
		return nil, err
	}
	g.start()
	seen := map[string]bool{}
	tried := map[string]int{}
	checks := 0
	var cases []Case
	for _, b := range base {
		if checks >= g.MaxChecks {
			break
		}
		if !b.Valid || strings.HasPrefix(b.Name, "lenient") {
			continue
		}
		var root any
		dec := json.NewDecoder(strings.NewReader(string(b.Payload)))
		dec.UseNumber()
		if err := dec.Decode(&root); err != nil {
			return nil, err
		}
		for _, m := range sites(root) {
			// The same change at the same place of another instance is tried a few times
			// (another branch may give another error), not for every instance.
			key := m.kind + " " + shape(m.ptr)
			if tried[key] >= 2 || checks >= g.MaxChecks || g.late() {
				continue
			}
			tried[key]++
			checks++
			changed := m.apply(root)
			if changed == nil {
				continue
			}
			payload, err := marshal(changed)
			if err != nil {
				return nil, err
			}
			verr := g.t.Check(payload)
			var e *validate.Error
			if !errors.As(verr, &e) || len(e.Errors) != 1 || e.Omitted != 0 {
				continue
			}
			f := e.Errors[0]
			id := f.Keyword + " " + shape(f.Path)
			if seen[id] {
				continue
			}
			seen[id] = true
			name := "invalid-" + f.Keyword + f.Path
			cases = append(cases, Case{Name: name, Payload: payload, Error: &f})
		}
	}
	sort.SliceStable(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return cases, nil
}

// lenient adds, in default mode, an unknown member to each object of the first covering
// instance that accepts one, and an unlisted value in place of each string the strict
// schema enumerates but the validator leaves open; each is kept only when the validator
// accepts it.
func (g *Generator) lenient(cover []Case) []Case {
	var out []Case
	seen := map[string]bool{}
	tried := map[string]bool{}
	checks := 0
	for _, b := range cover {
		var root any
		dec := json.NewDecoder(strings.NewReader(string(b.Payload)))
		dec.UseNumber()
		if dec.Decode(&root) != nil {
			continue
		}
		for _, m := range sites(root) {
			var name string
			switch m.kind {
			case "member":
				name = "lenient-unknown-member" + shape(m.ptr)
			case "string:0":
				name = "lenient-unlisted-value" + shape(m.ptr)
			default:
				continue
			}
			if seen[name] || tried[name+"|"+m.ptr] || checks >= g.MaxChecks || g.late() {
				continue
			}
			tried[name+"|"+m.ptr] = true
			checks++
			changed := m.apply(root)
			if m.kind == "string:0" {
				changed = replaced(root, m.ptr, "railzhookUnlistedValue")
			}
			payload, err := marshal(changed)
			// Lenient: accepted in default mode, refused in strict mode.
			if err != nil || g.t.Check(payload) != nil || g.t.Strict(payload) == nil {
				continue
			}
			seen[name] = true
			out = append(out, Case{Name: name, Payload: payload, Valid: true})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
