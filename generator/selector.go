package generator

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A member whose schema an if/then picks by the value of another member of the same object,
//
//	"allOf": [
//	  {"if": {"properties": {"type": {"const": "vpc"}}}, "then": {"properties": {"properties": {"$ref": "#/$defs/vpc"}}}},
//	  {"if": {"properties": {"type": {"const": "subnet"}}}, "then": {"properties": {"properties": {"$ref": "#/$defs/subnet"}}}}
//	]
//
// is typed as a union with one field per schema the thens give it, and one for the values no
// then selects. The decoder reads the selecting member's value before the object's members, so
// the member is decoded once, into the branch that applies, whatever the order of the two.

// selection is the test of an if that looks at the value of one member: it holds when the
// member's value is one of values (canonical JSON), or when the member is absent and the if
// does not require it. negated marks the else of such an if.
type selection struct {
	key      string
	values   []string
	required bool
	negated  bool
}

// siblingTest reads an if that only tests one member against a const or an enum.
func siblingTest(s *object) (*selection, bool) {
	if s == nil {
		return nil, false
	}
	for _, k := range s.keys {
		switch {
		case isAnnotation(k), k == "properties", k == "required":
		case k == "type" && s.str("type") == "object":
		default:
			return nil, false
		}
	}
	ps := s.obj("properties")
	if ps == nil || len(ps.keys) != 1 {
		return nil, false
	}
	sel := &selection{key: ps.keys[0]}
	ks := ps.obj(sel.key)
	if ks == nil {
		return nil, false
	}
	for _, k := range ks.keys {
		switch {
		case isAnnotation(k), k == "const", k == "enum", k == "type":
		default:
			return nil, false
		}
	}
	if c, ok := ks.get("const"); ok {
		sel.values = []string{canonicalJSON(c)}
	} else if e, ok := ks.m["enum"].([]any); ok && len(e) > 0 {
		for _, v := range e {
			sel.values = append(sel.values, canonicalJSON(v))
		}
	} else {
		return nil, false
	}
	for _, r := range asStringList(s.m["required"]) {
		if r != sel.key {
			return nil, false
		}
		sel.required = true
	}
	return sel, true
}

// selector is how a union made for a member picks its branch (namedType.sel).
type selector struct {
	key    string     // the member whose value selects the branch
	owner  *namedType // the struct of the object
	member string     // the member the union is the value of
	cases  []selectCase
	// absent is the branch when key is absent; other takes the values no case lists.
	absent, other *variant
}

type selectCase struct {
	values []string // canonical JSON
	v      *variant
}

// memberSelection is what structType found for a member some if/then picks a schema for.
type memberSelection struct {
	key        string
	thens      []propSource // the then definitions, in schema order
	els        *propSource  // the else definition, if any
	anyNotReq  bool         // some if holds when key is absent
	plainFree  bool         // the member's own definition leaves it unconstrained
	plain      *propSource
	selections []*selection // of thens, index for index
}

// memberSelections finds the members whose schema an if/then of the object picks by the value
// of another member, and that are better typed as a union of the schemas it picks than by
// their plain definition: several thens give them different schemas, or the plain definition
// says nothing of them.
func (b *builder) memberSelections(props []propSource, firstPlain map[string]int) map[string]*memberSelection {
	out := map[string]*memberSelection{}
	bad := map[string]bool{}
	for _, p := range props {
		if !p.branch {
			continue
		}
		if p.when == nil {
			bad[p.name] = true // a oneOf/anyOf branch defines it too
			continue
		}
		ms := out[p.name]
		if ms == nil {
			ms = &memberSelection{key: p.when.key}
			out[p.name] = ms
		}
		switch {
		case ms.key != p.when.key || p.when.key == p.name:
			bad[p.name] = true
		case p.when.negated:
			if ms.els != nil {
				bad[p.name] = true
			}
			q := p
			ms.els = &q
		default:
			ms.thens = append(ms.thens, p)
			ms.selections = append(ms.selections, p.when)
			if !p.when.required {
				ms.anyNotReq = true
			}
		}
	}
	declared := map[string]bool{}
	for _, p := range props {
		declared[p.name] = true
	}
	for name, ms := range out {
		if bad[name] || len(ms.thens) == 0 || !declared[ms.key] {
			delete(out, name)
			continue
		}
		if i, ok := firstPlain[name]; ok {
			q := props[i]
			ms.plain = &q
			ms.plainFree = b.freeAt(q.at)
		}
		distinct := map[string]bool{}
		for _, p := range ms.thens {
			distinct[b.schemaKey(ms.typedBy(b, p.at))] = true
		}
		thens := len(distinct)
		if ms.els != nil {
			distinct[b.schemaKey(ms.typedBy(b, ms.els.at))] = true
		}
		switch {
		case ms.els != nil && ms.anyNotReq && thens > 1:
			// With the key absent every then applies, and the else does not: no one branch.
			delete(out, name)
		case len(distinct) > 1:
		case ms.plain != nil && ms.plainFree:
		default:
			delete(out, name)
		}
	}
	return out
}

// typedBy is the location whose schema types the branch of a then or else defined at at.
// The member's own definition applies as well as the then's, so where it constrains the value
// and the then only narrows it without giving it a shape ({"type": "array", "minItems": 1}
// beside a $ref to an array of items, or an enum of some of the own definition's values), the
// own definition types the branch.
func (ms *memberSelection) typedBy(b *builder, at loc) loc {
	if ms.plain != nil && !ms.plainFree && !b.shapesValue(at) {
		return ms.plain.at
	}
	return at
}

// schemaKey is the same for two locations whose schemas (following $refs) are the same but
// for their annotations.
func (b *builder) schemaKey(at loc) string {
	tat, s, err := b.deref(at, b.schemaAt(at))
	if err != nil || s == nil {
		return at.key()
	}
	asserting := &object{m: map[string]any{}}
	for _, k := range s.keys {
		if !isAnnotation(k) {
			asserting.keys = append(asserting.keys, k)
			asserting.m[k] = s.m[k]
		}
	}
	if _, hasRef := asserting.m["$ref"]; hasRef {
		return tat.key() // relative to its own document
	}
	return canonicalJSON(asserting)
}

// selectorType makes the union of a member some if/then picks a schema for.
func (b *builder) selectorType(owner *namedType, fieldName string, ms *memberSelection) *typ {
	t := &namedType{name: owner.name + fieldName, at: owner.at, kind: nUnion, parent: owner, short: fieldName}
	if ms.plain != nil {
		if ps, ok := ms.plain.schema.(*object); ok {
			t.desc = ps.str("description")
		}
	}
	t.sel = &selector{key: ms.key, owner: owner, member: ms.thens[0].name}
	b.order = append(b.order, t)
	bySchema := map[string]*variant{}
	b.parents = append(b.parents, t)
	defer func() { b.parents = b.parents[:len(b.parents)-1] }()
	for i, p := range ms.thens {
		at := ms.typedBy(b, p.at)
		key := b.schemaKey(at)
		v := bySchema[key]
		if v == nil {
			v = &variant{at: at}
			vs := b.schemaAt(at)
			first := selectionName(ms.selections[i].values[0])
			if vs != nil {
				v.desc = vs.str("description")
			}
			v.typ = b.typeAt(at, t.name+first)
			switch {
			case vs != nil && vs.str("title") != "":
				v.name = goName(vs.str("title"))
			case vs != nil && vs.str("$ref") != "" && v.typ.kind == kNamed:
				v.name = v.typ.named.name
			}
			if v.name == "" {
				v.name = first
			}
			if v.name == "" {
				v.name = fmt.Sprintf("Case%d", len(t.vars)+1)
			}
			if !v.typ.nilable() {
				v.typ = ptrTo(v.typ)
			}
			v.types = b.branchJSONTypes(at, vs, 0)
			bySchema[key] = v
			t.vars = append(t.vars, v)
			t.sel.cases = append(t.sel.cases, selectCase{v: v})
		}
		for j := range t.sel.cases {
			if t.sel.cases[j].v == v {
				for _, val := range ms.selections[i].values {
					if !slices.Contains(t.sel.cases[j].values, val) {
						t.sel.cases[j].values = append(t.sel.cases[j].values, val)
					}
				}
			}
		}
	}
	// The values no then selects take the else's schema, or else the member's own.
	other := &variant{name: "Other"}
	switch {
	case ms.els != nil:
		other.at = ms.typedBy(b, ms.els.at)
		other.typ = b.typeAt(other.at, t.name+"Other")
	case ms.plain != nil:
		other.at = ms.plain.at
		other.typ = b.typeAt(ms.plain.at, t.name+"Other")
	default:
		other.typ = tRaw
	}
	if other.at.doc != nil {
		other.types = b.branchJSONTypes(other.at, b.schemaAt(other.at), 0)
	} else {
		other.types = allJSONTypes
	}
	if !other.typ.nilable() {
		other.typ = ptrTo(other.typ)
	}
	t.vars = append(t.vars, other)
	t.sel.other = other
	// With the key absent, an if that does not require it holds: its then applies.
	t.sel.absent = other
	if ms.anyNotReq && len(t.sel.cases) == 1 {
		t.sel.absent = t.sel.cases[0].v
	}
	return &typ{kind: kNamed, named: t}
}

// selectionName makes a Go name of a selecting value given as canonical JSON.
func selectionName(canonical string) string {
	if s, err := strconv.Unquote(canonical); err == nil {
		return goName(s)
	}
	return goName(strings.Trim(canonical, "[]{}"))
}

// selectorOf returns the union of a field that an if/then picks a schema for, or nil.
func selectorOf(f *field) *namedType {
	t := f.typ
	if t.kind == kPtr {
		t = t.elem
	}
	if t.kind == kNamed && t.named.sel != nil {
		return t.named
	}
	return nil
}

// selectorCodec writes the decoding and encoding methods of a union made for a member an
// if/then picks a schema for: the enclosing struct reads the selecting member's value first.
func (c *codec) selectorCodec(t *namedType) string {
	c.cur, c.n = t, 0
	defer c.ownMetaschema(t)()
	var w strings.Builder
	sel := t.sel
	c.notCompiled(t.at, "if", fmt.Sprintf("the branch of %s comes from the value of the member %q, which the type alone does not see", t.name, sel.key))
	fmt.Fprintf(&w, "func (u *%s) decodeJSON(r *jsonReader) error {\nreturn u.decodeFor(r, \"\")\n}\n\n", t.name)
	fmt.Fprintf(&w, "// decodeFor decodes the value into the branch that sel, the member %s of the enclosing\n// object as canonical JSON (\"\" when it is absent), selects.\n", defuse(strconv.Quote(sel.key)))
	fmt.Fprintf(&w, "func (u *%s) decodeFor(r *jsonReader, sel string) error {\n*u = %s{}\nvar err error\nswitch sel {\n", t.name, t.name)
	decode := func(v *variant) {
		c.value(&w, v.typ, "u."+v.name, nil, func(e string) string { return e })
		w.WriteString("return nil\n")
	}
	for _, cs := range sel.cases {
		vals := make([]string, len(cs.values))
		for i, v := range cs.values {
			vals[i] = strconv.Quote(v)
		}
		if sel.absent == cs.v {
			vals = append(vals, `""`)
		}
		fmt.Fprintf(&w, "case %s:\n", strings.Join(vals, ", "))
		decode(cs.v)
	}
	w.WriteString("}\n")
	decode(sel.other)
	w.WriteString("}\n\n")
	c.unionAppend(&w, t)
	c.cur = nil
	return w.String()
}

// selectorDoc says when each field of a selector union is set.
func selectorDoc(t *namedType, v *variant) string {
	sel := t.sel
	key := strconv.Quote(sel.key)
	for _, cs := range sel.cases {
		if cs.v != v {
			continue
		}
		var vals []string
		for i, val := range cs.values {
			if i == 4 {
				vals = append(vals, fmt.Sprintf("%d more", len(cs.values)-4))
				break
			}
			vals = append(vals, val)
		}
		text := fmt.Sprintf("Set when %s is %s", key, joinOr(vals))
		if sel.absent == v {
			text += " or absent"
		}
		return text + "."
	}
	text := fmt.Sprintf("Set when %s is none of the values above", key)
	if sel.absent == v {
		text += " or absent"
	}
	return text + "."
}
