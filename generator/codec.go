package generator

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// The codec emitter writes, for every generated type, a decodeJSON method that reads the type
// from a jsonReader in one pass and an appendJSON method that appends its encoding. With
// Options.Checks it also compiles the schema's assertions into decodeJSON, guarded by
// r.check, and gives each struct and union a DecodeChecked method.
//
// Methods are written as Go text in which a qualified identifier is marked by q(pkg, name),
// so that jennifer still manages the imports.

const qMark = "\x00"

// q marks a qualified identifier in emitted text.
func q(pkg, name string) string { return qMark + pkg + "\x01" + name + qMark }

// textCode turns emitted text into jennifer code.
func textCode(text string) jen.Code {
	var st jen.Statement
	parts := strings.Split(text, qMark)
	for i, p := range parts {
		if i%2 == 0 {
			if p != "" {
				st = append(st, jen.Op(p))
			}
			continue
		}
		pkg, name, _ := strings.Cut(p, "\x01")
		st = append(st, jen.Qual(pkg, name))
	}
	return &st
}

// typeText is the Go spelling of t in emitted text.
func typeText(t *typ) string {
	switch t.kind {
	case kBuiltin:
		return t.name
	case kQual:
		return q(t.pkg, t.name)
	case kNamed:
		return t.named.name
	case kSlice:
		return "[]" + typeText(t.elem)
	case kMap:
		return "map[" + typeText(t.key) + "]" + typeText(t.elem)
	case kPtr:
		return "*" + typeText(t.elem)
	case kNullable:
		return "Nullable[" + typeText(t.elem) + "]"
	}
	panic(fmt.Sprintf("generator: unknown type kind %d", t.kind))
}

func isRaw(t *typ) bool { return t.kind == kQual && t.pkg == tRaw.pkg && t.name == tRaw.name }

func isTime(t *typ) bool { return t.kind == kQual && t.pkg == "time" && t.name == "Time" }

// annotationKeywords assert nothing.
var annotationKeywords = map[string]bool{
	"title": true, "description": true, "default": true, "examples": true, "$comment": true,
	"$schema": true, "$id": true, "id": true, "$anchor": true, "$dynamicAnchor": true, "$defs": true,
	"definitions": true, "deprecated": true, "readOnly": true, "writeOnly": true,
	"contentMediaType": true, "contentEncoding": true, "contentSchema": true, "$vocabulary": true,
	"x-open-enum": true, "x-strict-additionalProperties": true,
}

func isAnnotation(k string) bool {
	return annotationKeywords[k] || (strings.HasPrefix(k, "x-") && k != "x-strict-additionalProperties")
}

// draftKeywords are the keywords that assert (or apply schemas that assert) and the drafts
// they do so in, as the reference validator reads them: from and to are draft versions (7
// for drafts 4 to 7, which it reads as 7; 2019; 2020), 0 for no bound. Any other keyword of
// a schema is an annotation in that draft, and never makes its value defer.
var draftKeywords = map[string][2]int{
	"type": {}, "enum": {}, "const": {}, "minimum": {}, "maximum": {}, "exclusiveMinimum": {},
	"exclusiveMaximum": {}, "multipleOf": {}, "minProperties": {}, "maxProperties": {},
	"required": {}, "minItems": {}, "maxItems": {}, "uniqueItems": {}, "minLength": {},
	"maxLength": {}, "pattern": {}, "format": {}, "not": {}, "allOf": {}, "anyOf": {}, "oneOf": {},
	"properties": {}, "patternProperties": {}, "additionalProperties": {}, "dependencies": {},
	"regexProperties": {}, "propertyNames": {}, "contains": {}, "if": {}, "then": {}, "else": {},
	"items": {}, "$ref": {},
	"additionalItems":       {0, 2019},
	"contentEncoding":       {0, 7},
	"minContains":           {2019, 0},
	"maxContains":           {2019, 0},
	"dependentRequired":     {2019, 0},
	"dependentSchemas":      {2019, 0},
	"unevaluatedProperties": {2019, 0},
	"unevaluatedItems":      {2019, 0},
	"$recursiveRef":         {2019, 2019},
	"prefixItems":           {2020, 0},
	"$dynamicRef":           {2020, 0},
}

// draftVersion is the draft of a document as the reference validator reads it (see
// draftKeywords), or 0 when the checks do not know it.
func draftVersion(d *document) int {
	if d == nil {
		return 0
	}
	switch s := d.draft; {
	case s == "" || strings.Contains(s, "/draft/2020-12/"):
		return 2020
	case strings.Contains(s, "/draft/2019-09/"):
		return 2019
	case strings.Contains(s, "/draft-04/"), strings.Contains(s, "/draft-06/"), strings.Contains(s, "/draft-07/"):
		return 7
	}
	return 0
}

// annotationIn reports whether the keyword k of a schema in the document d asserts nothing in
// its draft: an annotation keyword, or one the draft does not define. In drafts 4 to 7 the
// reference validator asserts contentEncoding base64 (contentMediaType it never asserts).
func annotationIn(d *document, k string, s *object) bool {
	v := draftVersion(d)
	if k == "contentEncoding" {
		val, _ := s.m[k].(string)
		return v != 0 && v != 7 || val != "base64"
	}
	if strings.HasPrefix(k, "x-ecma") {
		return false // the reference validator's own keywords
	}
	if isAnnotation(k) {
		return true
	}
	r, known := draftKeywords[k]
	if !known {
		return v != 0 // an unknown draft may define it
	}
	return v != 0 && (r[0] != 0 && v < r[0] || r[1] != 0 && v > r[1])
}

// assertedFormats are the formats the checks compile; any other format a JSON Schema
// validator knows is reported as not compiled.
var otherFormats = map[string]bool{
	"time": true, "duration": true, "period": true, "relative-json-pointer": true, "uri-template": true,
}

// formatChecks are the functions of formatsSource that check the formats of the reference
// validator beyond dates and uuids (idn-hostname and idn-email it does not know).
var formatChecks = map[string]string{
	"uri": "isURI", "iri": "isURI", "uri-reference": "isURIReference", "uriref": "isURIReference",
	"iri-reference": "isURIReference", "ipv4": "isIPv4", "ip-address": "isIPv4", "ipv6": "isIPv6",
	"hostname": "isHostname", "email": "isEmail", "regex": "isRegex", "json-pointer": "isJSONPointer",
}

type codec struct {
	b        *builder
	checks   bool
	patterns []string
	patIndex map[string]int
	cur      *namedType
	own      map[*namedType][]string // assertions of each type that are not compiled
	// sites lists the assertions not compiled at the values a type's decoder reads (see
	// valueN); inline, when set, collects those of the value being written.
	sites  map[*namedType][]string
	inline *[]string
	// ownStrict lists the assertions of each type that are not compiled in strict mode only.
	ownStrict map[*namedType][]string
	// preds are the object predicates of the struct being written (see objectPred), checked
	// once it is decoded.
	preds []objPred
	// branchSite is the location of the schema of a union branch's value that has none of
	// its own (a branch of a type list): the union's, for strictMap.
	branchSite *loc
	// predLax is set by objectPred on a subschema strict mode closes (see objPred).
	predLax bool
	// propNames is the check of the member names of the struct being written (propertyNames),
	// a Go expression on name.
	propNames string
	// closedMembers are the allOf members of the struct being written that say
	// additionalProperties: false: a member none of them names or matches is refused.
	closedMembers []*object
	// loose is the keyword of the union being written when the branch an object is decoded
	// into may not be the only one that takes it (see dispatchCode); looseAbsent, when that is
	// so only where the member that tells the branches apart is absent.
	loose       string
	looseAbsent bool
	notNull     bool              // the next value is known not to be null
	n           int               // counter for unique local names
	tried       map[*variant]bool // union branches decoded by a method of their own
}

func newCodec(b *builder) *codec {
	return &codec{b: b, checks: b.opts.Checks, patIndex: map[string]int{}, own: map[*namedType][]string{}, sites: map[*namedType][]string{}, ownStrict: map[*namedType][]string{}}
}

// notCompiled records an assertion the checks leave to a JSON Schema validator.
func (c *codec) notCompiled(at loc, kw, why string) {
	if !c.checks || c.cur == nil {
		return
	}
	msg := fmt.Sprintf("%s is not compiled to Go (%s); %s.DecodeChecked defers to a JSON Schema validator", kw, why, c.cur.name)
	c.b.warn(at, "%s", msg)
	if c.inline != nil {
		*c.inline = append(*c.inline, kw)
		c.sites[c.cur] = append(c.sites[c.cur], at.String()+": "+kw)
		return
	}
	c.own[c.cur] = append(c.own[c.cur], kw)
}

// notCompiledStrict records an assertion of the current type the checks leave to a JSON
// Schema validator in strict mode only.
func (c *codec) notCompiledStrict(at loc, kw, why string) {
	if !c.checks || c.cur == nil {
		return
	}
	c.b.warn(at, "%s", fmt.Sprintf("%s is not compiled to Go in strict mode (%s); %s.DecodeChecked defers to a JSON Schema validator", kw, why, c.cur.name))
	c.ownStrict[c.cur] = append(c.ownStrict[c.cur], kw)
}

// ownDeferral wraps the decoding methods of a type whose own schema has assertions that are
// not compiled: a value of it, once decoded with the compiled checks holding, is left to a
// JSON Schema validator when DecodeChecked judges it.
func (c *codec) ownDeferral(t *namedType, methods string) string {
	kws := c.own[t]
	tail := "return r.notCompiled(%q)"
	if len(kws) == 0 {
		kws = c.ownStrict[t]
		tail = "if r.strict {\nreturn r.notCompiled(%q)\n}\nreturn nil"
	}
	if len(kws) == 0 || !c.b.opts.Checks {
		return methods
	}
	recv := "v"
	if t.kind == nUnion {
		recv = "u"
	}
	out := methods
	for _, m := range []string{"decodeJSON(r *jsonReader)", "decodeFor(r *jsonReader, sel string)"} {
		head := fmt.Sprintf("func (%s *%s) %s error {\n", recv, t.name, m)
		if !strings.Contains(out, head) {
			continue
		}
		name, params, _ := strings.Cut(m, "(")
		params = strings.TrimSuffix(params, ")")
		args := []string{}
		for _, p := range strings.Split(params, ", ") {
			a, _, _ := strings.Cut(p, " ")
			args = append(args, a)
		}
		own := name + "Compiled"
		out = strings.Replace(out, head, fmt.Sprintf("func (%s *%s) %s(%s) error {\n", recv, t.name, own, params), 1)
		out = fmt.Sprintf("func (%s *%s) %s error {\nif err := %s.%s(%s); err != nil {\nreturn err\n}\n"+tail+"\n}\n\n", recv, t.name, m, recv, own, strings.Join(args, ", "), kws[0]) + out
	}
	return out
}

func (c *codec) local(prefix string) string {
	c.n++
	return fmt.Sprintf("%s%d", prefix, c.n)
}

func (c *codec) pattern(src string) string {
	i, ok := c.patIndex[src]
	if !ok {
		c.patterns = append(c.patterns, src)
		i = len(c.patterns)
		c.patIndex[src] = i
	}
	return fmt.Sprintf("pattern%d", i)
}

// deferred lists, for every type, whether some assertion it or a type it holds is not compiled.
func (c *codec) deferred(types []*namedType) map[*namedType]bool {
	out := map[*namedType]bool{}
	state := map[*namedType]int{}
	var visit func(t *namedType) bool
	var inTyp func(t *typ) bool
	inTyp = func(t *typ) bool {
		if t == nil {
			return false
		}
		if t.kind == kNamed && t.named != dateType && t.named != dateTimeType {
			return visit(t.named)
		}
		return inTyp(t.elem) || inTyp(t.key)
	}
	visit = func(t *namedType) bool {
		switch state[t] {
		case 1:
			return false // a cycle: its own members decide
		case 2:
			return out[t]
		}
		state[t] = 1
		d := len(c.own[t]) > 0 || len(c.sites[t]) > 0 || len(c.ownStrict[t]) > 0
		for _, f := range t.fields {
			d = inTyp(f.typ) || d
		}
		for _, v := range t.vars {
			d = inTyp(v.typ) || d
		}
		d = inTyp(t.extra) || d
		d = inTyp(t.of) || d
		state[t] = 2
		out[t] = d
		return d
	}
	for _, t := range types {
		visit(t)
	}
	// A type in a cycle with a deferred type is deferred too.
	for changed := true; changed; {
		changed = false
		for _, t := range types {
			if out[t] {
				continue
			}
			var refs []*typ
			for _, f := range t.fields {
				refs = append(refs, f.typ)
			}
			for _, v := range t.vars {
				refs = append(refs, v.typ)
			}
			refs = append(refs, t.extra, t.of)
			for _, r := range refs {
				if reachesDeferred(r, out) {
					out[t], changed = true, true
					break
				}
			}
		}
	}
	return out
}

func reachesDeferred(t *typ, out map[*namedType]bool) bool {
	if t == nil {
		return false
	}
	if t.kind == kNamed {
		return out[t.named]
	}
	return reachesDeferred(t.elem, out) || reachesDeferred(t.key, out)
}

// ---- constraints at a value's schema sites ----

type constraint struct {
	kw   string
	val  any
	at   loc
	open bool // enum marked x-open-enum: checked in strict mode only
}

// siteConstraints collects the assertions of the schemas at sites (following $refs) that the
// Go type of the value does not already express. The leaf is the named type the value
// decodes into, if any: its own schema is checked by its own method.
func (c *codec) siteConstraints(sites []loc, leaf *namedType, t *typ, nullable bool) []constraint {
	var out []constraint
	seen := map[string]bool{}
	// The members of an allOf are sites of the value too (see allOfSites); member marks them.
	sites = slices.Clone(sites)
	member := map[string]bool{}
	for i := 0; i < len(sites); i++ {
		at := sites[i]
		inMember := member[at.key()]
		for hops := 0; hops < 32; hops++ {
			if seen[at.key()] {
				break
			}
			seen[at.key()] = true
			if leaf != nil && leaf.isTypeAt(at) {
				break
			}
			v, err := c.b.l.at(at)
			if err != nil {
				break
			}
			s, ok := v.(*object)
			if !ok {
				if v == false {
					out = append(out, constraint{kw: "false", at: at})
				}
				break
			}
			open, _ := s.m["x-open-enum"].(bool)
			next := ""
			keys := s.keys
			if at.doc.refAlone && s.str("$ref") != "" {
				keys = []string{"$ref"} // drafts 4 to 7 ignore the keywords beside a $ref
			}
			for _, k := range keys {
				val := s.m[k]
				if inMember && !annotationIn(at.doc, k, s) {
					// What an allOf member says beside the schema that typed the value: its
					// type must take the value's, and it may not describe members or items,
					// which the value's type does not hold to it.
					switch {
					case k == "type":
						if want := wantOf(t); !contains(typeList(s), want) && !(want == "integer" && contains(typeList(s), "number")) {
							c.notCompiled(at, k, "in an allOf member, narrower than the value's type")
						}
						continue
					case k == "additionalProperties" && t.kind == kMap && c.impliedBy(at.child(k), t.elem, 0),
						k == "items" && t.kind == kSlice && c.impliedBy(at.child(k), t.elem, 0):
						continue
					case (keywordTypes[k] == "object" || keywordTypes[k] == "array") && !scalarAssertions[k] && k != "propertyNames" && !(k == "additionalProperties" && val == false):
						c.notCompiled(at, k, "in an allOf member, which the value's type does not hold its members or items to")
						continue
					}
				}
				switch {
				case annotationIn(at.doc, k, s):
				case k == "$ref":
					next = s.str("$ref")
				case k == "allOf" && !scalarValue(t):
					list, ok := val.([]any)
					if !ok {
						c.notCompiled(at, k, "not a list")
						continue
					}
					for j := range list {
						m := at.child("allOf", strconv.Itoa(j))
						member[m.key()] = true
						sites = append(sites, m)
					}
				case k == "type":
					if isRaw(t) {
						out = append(out, constraint{kw: k, at: at})
					}
				case k == "enum" || k == "const":
					out = append(out, constraint{kw: k, val: val, at: at, open: open && k == "enum"})
				case scalarAssertions[k]:
					out = append(out, constraint{kw: k, val: val, at: at})
				case (k == "items" && isList(val) || k == "prefixItems") && t.kind == kSlice:
					if isRaw(t.elem) {
						out = append(out, constraint{kw: k, at: at})
					} else {
						c.notCompiled(at, k, "positional items of a Go type")
					}
				case k == "items" && t.kind == kSlice && s.m["prefixItems"] != nil && !annotationIn(at.doc, "prefixItems", s):
					// the items after prefixItems', checked with them
					if !isRaw(t.elem) {
						c.notCompiled(at, k, "positional items of a Go type")
					}
				case k == "items" && t.kind == kSlice:
				case k == "additionalItems" && t.kind == kSlice:
					// after positional items, checked with them; without them, it asserts nothing
					if isList(s.m["items"]) && !isRaw(t.elem) {
						c.notCompiled(at, k, "positional items of a Go type")
					}
				case k == "contains" && t.kind == kSlice:
					out = append(out, constraint{kw: k, at: at})
				case (k == "minContains" || k == "maxContains") && t.kind == kSlice:
					// with contains; without it, they assert nothing
				case k == "additionalProperties" && t.kind == kMap:
					if val == false {
						if s.m["patternProperties"] != nil {
							c.notCompiled(at, k, "beside patternProperties on a map")
						} else {
							out = append(out, constraint{kw: k, val: val, at: at})
						}
					}
				case k == "propertyNames" && t.kind == kMap && t.key.kind == kNamed:
				case k == "propertyNames" && t.kind == kMap:
					out = append(out, constraint{kw: k, at: at})
				case (k == "oneOf" || k == "anyOf") && nullable && nullBranchPair(s, k, t):
				case combinators[k] && (scalarValue(t) || isRaw(t)):
					out = append(out, constraint{kw: k, at: at})
				case (k == "then" || k == "else") && scalarValue(t):
					// with an if, checked with it; without one, they assert nothing
				case k == "patternProperties" && t.kind == kMap && c.everyNameMatches(at, s, t):
					// every member is an element, checked as the map is decoded
				default:
					c.notCompiled(at, k, "not supported by the checks")
				}
			}
			if next == "" {
				break
			}
			target, err := c.b.l.resolve(at, next)
			if err != nil {
				break
			}
			at = target
		}
	}
	return out
}

// impliedBy reports whether every value of Go type t meets the schema at: it says no more
// than t's JSON type (or is t's own schema, for a named type, whose decoding checks it).
func (c *codec) impliedBy(at loc, t *typ, depth int) bool {
	if depth > 8 {
		return false
	}
	v, err := c.b.l.at(at)
	if err != nil {
		return false
	}
	if v == true {
		return true
	}
	s, ok := v.(*object)
	if !ok {
		return false
	}
	if t.kind == kNamed && t.named.isTypeAt(at) {
		return true
	}
	for _, k := range s.keys {
		switch {
		case annotationIn(at.doc, k, s):
		case k == "type":
			want := wantOf(t)
			if !contains(typeList(s), want) && !(want == "integer" && contains(typeList(s), "number")) {
				return false
			}
		case k == "$ref":
			target, err := c.b.l.resolve(at, s.str("$ref"))
			if err != nil || !c.impliedBy(target, t, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// everyNameMatches reports whether the patternProperties of the schema s at at, on a map t,
// is one pattern that every member name matches, whose schema the map's elements are held to
// as they are decoded. "^.*$" is not one: "." does not match a line break.
func (c *codec) everyNameMatches(at loc, s *object, t *typ) bool {
	pp := s.obj("patternProperties")
	if pp == nil || len(pp.keys) != 1 {
		return false
	}
	switch pp.keys[0] {
	case "", ".*", "^.*", ".*$", "^", "(.*)":
	default:
		return false
	}
	return c.impliedBy(at.child("patternProperties", pp.keys[0]), t.elem, 0)
}

// nullBranchPair reports whether a oneOf/anyOf is a null branch beside one other branch that
// does not accept null, which the value's nullable pointer expresses.
func nullBranchPair(s *object, kw string, t *typ) bool {
	br, _ := s.m[kw].([]any)
	if len(br) != 2 {
		return false
	}
	nulls := 0
	for _, b := range br {
		o, ok := b.(*object)
		if !ok {
			return false
		}
		if tl := typeList(o); len(tl) == 1 && tl[0] == "null" {
			onlyType := true
			for _, k := range o.keys {
				if k != "type" && !isAnnotation(k) {
					onlyType = false
				}
			}
			if onlyType {
				nulls++
			}
		}
	}
	return nulls == 1 && !t.acceptsNull()
}

// acceptsNull reports whether a decoded value of t may be JSON null.
func (t *typ) acceptsNull() bool {
	switch t.kind {
	case kPtr:
		return t.null
	case kNullable:
		return true
	case kNamed:
		return t.named.takesNull()
	}
	return isRaw(t)
}

// checkCode writes the code of constraints on a decoded value v of Go type t.
func (c *codec) checkCode(w *strings.Builder, cs []constraint, t *typ, v string, wrap func(string) string) {
	if len(cs) == 0 || !c.checks {
		return
	}
	var body strings.Builder
	base := scalarBase(t)
	for _, k := range cs {
		if k.kw == "false" {
			// A false schema: no value is valid, whatever else is said of it.
			fmt.Fprintf(w, "if r.check {\nreturn %s\n}\n", wrap(`checkFailed("false", "the schema takes no value")`))
			return
		}
	}
	for _, k := range cs {
		c.oneCheck(&body, k, t, base, v, wrap)
	}
	if body.Len() > 0 {
		fmt.Fprintf(w, "if r.check {\n%s}\n", body.String())
	}
}

// scalarBase is "string", "int", "float", "bool", "time", "date", "slice", "map", "struct",
// "union" or "raw": what checks can be applied to a value of t.
func scalarBase(t *typ) string {
	switch t.kind {
	case kBuiltin:
		switch t.name {
		case "string":
			return "string"
		case "int64":
			return "int"
		case "float64":
			return "float"
		case "bool":
			return "bool"
		}
		return "other"
	case kQual:
		if isTime(t) {
			return "time"
		}
		if isRaw(t) {
			return "raw"
		}
		return "other"
	case kNamed:
		switch t.named.kind {
		case nEnum:
			switch t.named.base {
			case "string":
				return "string"
			case "int64":
				return "int"
			}
			return "float"
		case nDate:
			return "date"
		case nDateTime:
			return "time"
		case nStruct:
			return "struct"
		case nValue:
			return "other"
		}
		return "union"
	case kSlice:
		return "slice"
	case kMap:
		return "map"
	}
	return "other"
}

func jsonNumber(v any) (string, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return "", false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) {
		return "", false
	}
	return strconv.FormatFloat(f, 'g', -1, 64), true
}

func jsonCount(v any) (string, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return "", false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f > 1<<31 {
		return "", false
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

func (c *codec) oneCheck(w *strings.Builder, k constraint, t *typ, base, v string, wrap func(string) string) {
	fail := func(kw, format string, args ...string) string {
		list := ""
		for _, a := range args {
			list += ", " + a
		}
		if len(args) == 0 {
			format = strings.ReplaceAll(format, "%", "%%")
		}
		return "return " + wrap(fmt.Sprintf("checkFailed(%q, %q%s)", kw, format, list))
	}
	str := v
	if t.kind == kNamed && t.named.kind == nEnum {
		switch base {
		case "string":
			str = "string(" + v + ")"
		case "int":
			str = "int64(" + v + ")"
		default:
			str = "float64(" + v + ")"
		}
	}
	switch k.kw {
	case "enum", "const":
		var vals []any
		if k.kw == "const" {
			vals = []any{k.val}
		} else if l, ok := k.val.([]any); ok {
			vals = l
		} else {
			c.notCompiled(k.at, k.kw, "not a list")
			return
		}
		var conds []string
		for _, e := range vals {
			switch base {
			case "string":
				if s, ok := e.(string); ok {
					conds = append(conds, fmt.Sprintf("%s != %q", str, s))
				}
			case "int", "float":
				if n, ok := jsonNumber(e); ok {
					conds = append(conds, fmt.Sprintf("float64(%s) != %s", str, n))
				}
			case "bool":
				if bv, ok := e.(bool); ok {
					conds = append(conds, fmt.Sprintf("%s != %v", v, bv))
				}
			case "time", "date":
				c.notCompiled(k.at, k.kw, "on a date")
				return
			case "raw":
				c.rawCheck(w, k, v, fail)
				return
			default:
				if e == nil && !t.acceptsNull() {
					continue
				}
				c.notCompiled(k.at, k.kw, "on a structured value")
				return
			}
		}
		guard := ""
		if k.open {
			guard = "r.strict && "
		}
		if len(conds) == 0 {
			fmt.Fprintf(w, "if %strue {\n%s\n}\n", guard, fail(k.kw, "value is not allowed"))
			return
		}
		msg := "value is not one of the allowed values"
		if k.kw == "const" {
			msg = "value is not the constant"
		}
		fmt.Fprintf(w, "if %s%s {\n%s\n}\n", guard, strings.Join(conds, " && "), fail(k.kw, msg))
	case "format":
		f, _ := k.val.(string)
		switch {
		case f == "date-time" && base == "string":
			fmt.Fprintf(w, "if _, ok := parseDateTime(%s); !ok {\n%s\n}\n", str, fail("format", "not a date-time"))
		case f == "date-time" && base == "time", f == "date" && base == "date":
			// the decoder only accepts that format
		case f == "date" && base == "string":
			fmt.Fprintf(w, "if !isDate(%s) {\n%s\n}\n", str, fail("format", "not a date"))
		case f == "uuid" && base == "string":
			fmt.Fprintf(w, "if !isUUID(%s) {\n%s\n}\n", str, fail("format", "not a uuid"))
		case formatChecks[f] != "" && base == "string":
			c.b.needFormats = true
			fmt.Fprintf(w, "if !%s(%s) {\n%s\n}\n", formatChecks[f], str, fail("format", "not "+map[bool]string{true: "an ", false: "a "}[strings.ContainsRune("aeiou", rune(f[0]))]+f))
		case base == "raw" && (f == "date" || f == "date-time" || f == "uuid" || otherFormats[f] || formatChecks[f] != ""):
			c.notCompiled(k.at, "format", "on a value kept as raw JSON")
		case (otherFormats[f] || formatChecks[f] != "") && (base == "string" || base == "union"):
			c.notCompiled(k.at, "format "+f, "the format is not compiled")
		}
	case "minLength", "maxLength":
		n, ok := jsonCount(k.val)
		if !ok {
			c.notCompiled(k.at, k.kw, "not a count")
			return
		}
		switch base {
		case "string":
			op := "<"
			if k.kw == "maxLength" {
				op = ">"
			}
			fmt.Fprintf(w, "if %s(%s) %s %s {\n%s\n}\n", q("unicode/utf8", "RuneCountInString"), str, op, n, fail(k.kw, "length is "+map[string]string{"<": "below ", ">": "above "}[op]+n))
		case "raw", "union", "time", "date":
			if base == "raw" || base == "union" {
				c.notCompiled(k.at, k.kw, "on a value that is not only a string")
			} else {
				c.notCompiled(k.at, k.kw, "on a date")
			}
		}
	case "pattern":
		p, _ := k.val.(string)
		if !patternCompiles(p) {
			c.notCompiled(k.at, "pattern", "not a Go regular expression")
			return
		}
		switch base {
		case "string":
			fmt.Fprintf(w, "if !%s.MatchString(%s) {\n%s\n}\n", c.pattern(p), str, fail("pattern", "does not match "+strconv.Quote(p)))
		case "raw", "union", "time", "date":
			c.notCompiled(k.at, "pattern", "on a value that is not only a string")
		}
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		n, ok := jsonNumber(k.val)
		if !ok {
			c.notCompiled(k.at, k.kw, "not a number")
			return
		}
		op := map[string]string{"minimum": "<", "maximum": ">", "exclusiveMinimum": "<=", "exclusiveMaximum": ">="}[k.kw]
		switch base {
		case "int", "float":
			fmt.Fprintf(w, "if float64(%s) %s %s {\n%s\n}\n", str, op, n, fail(k.kw, "value is out of range ("+k.kw+" "+n+")"))
		case "raw", "union":
			c.notCompiled(k.at, k.kw, "on a value that is not only a number")
		}
	case "multipleOf":
		n, ok := jsonCount(k.val)
		m, exact := multipleText(k.val)
		switch {
		case base == "int" && ok && n != "0":
			fmt.Fprintf(w, "if int64(%s)%%%s != 0 {\n%s\n}\n", str, n, fail("multipleOf", "not a multiple of "+n))
		case (base == "int" || base == "float") && exact:
			fmt.Fprintf(w, "if !isMultiple(%s, %q) {\n%s\n}\n", multipleArg(base, str), m, fail("multipleOf", "not a multiple of "+m))
		case base == "int" || base == "float" || base == "raw" || base == "union":
			c.notCompiled(k.at, "multipleOf", "on a value that is not only a number, or a multiple too large to write out")
		}
	case "minItems", "maxItems", "minProperties", "maxProperties":
		n, ok := jsonCount(k.val)
		if !ok {
			c.notCompiled(k.at, k.kw, "not a count")
			return
		}
		op := "<"
		if strings.HasPrefix(k.kw, "max") {
			op = ">"
		}
		want := "slice"
		if strings.HasSuffix(k.kw, "Properties") {
			want = "map"
		}
		switch {
		case base == want:
			fmt.Fprintf(w, "if len(%s) %s %s {\n%s\n}\n", v, op, n, fail(k.kw, "count is out of range ("+k.kw+" "+n+")"))
		case base == "raw" || base == "union" || (want == "map" && base == "struct"):
			c.notCompiled(k.at, k.kw, "on a value of another shape")
		}
	case "contains":
		c.containsCheck(w, k, t, v, fail)
	case "items", "prefixItems":
		c.tupleCheck(w, k, t, v, fail)
	case "anyOf", "oneOf", "allOf", "not", "if", "type":
		if base == "raw" {
			c.rawCheck(w, k, v, fail)
		} else if k.kw != "type" {
			c.combinatorCheck(w, k, base, str, fail)
		}
	case "propertyNames":
		// checked name by name as the map is decoded
	case "additionalProperties":
		if base == "map" {
			fmt.Fprintf(w, "for k := range %s {\nreturn %s\n}\n", v, wrap("decodeAt(checkFailed(\"additionalProperties\", \"member is not allowed\"), k)"))
		} else {
			c.notCompiled(k.at, k.kw, "on a value of another shape")
		}
	case "uniqueItems":
		if k.val != true {
			return
		}
		switch {
		case base == "slice" && !uniqueScalars(t):
			// Items of other types, once decoded (a union branch's): compared by their encoding.
			set := c.local("set")
			fmt.Fprintf(w, "%s := make(map[string]bool, len(%s))\nfor _, x := range %s {\nb, err := %s(x)\nif err != nil {\nreturn err\n}\nkey := itemKey(b)\nif %s[key] {\n%s\n}\n%s[key] = true\n}\n",
				set, v, v, q("encoding/json", "Marshal"), set, fail("uniqueItems", "items are not unique"), set)
		case base == "slice":
			set := c.local("set")
			fmt.Fprintf(w, "%s := make(map[%s]struct{}, len(%s))\nfor _, x := range %s {\nif _, dup := %s[x]; dup {\n%s\n}\n%s[x] = struct{}{}\n}\n",
				set, typeText(t.elem), v, v, set, fail("uniqueItems", "items are not unique"), set)
		case base == "slice" || base == "raw" || base == "union":
			c.notCompiled(k.at, "uniqueItems", "only items that are strings, integers or booleans are compiled")
		}
	}
}

// uniqueScalars reports whether the items of a slice type are strings, booleans or int64s,
// compared as Go values for uniqueItems.
func uniqueScalars(t *typ) bool {
	switch scalarBase(t.elem) {
	case "string", "bool":
		return true
	case "int":
		return t.elem.kind == kBuiltin
	}
	return false
}

// combinators are the keywords whose subschemas the checks evaluate on a scalar value.
var combinators = map[string]bool{"anyOf": true, "oneOf": true, "allOf": true, "not": true, "if": true}

// scalarValue reports whether a value of t is a string, number or boolean the combinators can
// be evaluated on.
func scalarValue(t *typ) bool {
	switch scalarBase(t) {
	case "string", "int", "float", "bool":
		return true
	}
	return false
}

// tupleCheck writes the check of positional items (prefixItems, or items as a list before
// 2020-12) on a decoded slice v of raw JSON items, with what follows them (items after
// prefixItems, additionalItems after items).
func (c *codec) tupleCheck(w *strings.Builder, k constraint, t *typ, v string, fail func(kw, format string, args ...string) string) {
	s := c.b.schemaAt(k.at)
	list, _ := s.m[k.kw].([]any)
	rest := map[string]string{"items": "additionalItems", "prefixItems": "items"}[k.kw]
	var body strings.Builder
	for i := range list {
		e, ok := c.valuePred(fmt.Sprintf("%s[%d]", v, i), t.elem, k.at.child(k.kw, strconv.Itoa(i)), 0)
		if !ok {
			c.notCompiled(k.at, k.kw, "a position's schema asserts what the checks do not compile")
			return
		}
		if e != "true" {
			fmt.Fprintf(&body, "if len(%s) > %d && !(%s) {\n%s\n}\n", v, i, e, fail(k.kw, "an item does not meet the schema of its position"))
		}
	}
	if rv, has := s.m[rest]; has && !annotationIn(k.at.doc, rest, s) {
		n := len(list)
		switch {
		case rv == false:
			fmt.Fprintf(&body, "if len(%s) > %d {\n%s\n}\n", v, n, fail(rest, "more items than the positions allow"))
		case rv == true:
		default:
			x := c.local("x")
			e, ok := c.valuePred(x, t.elem, k.at.child(rest), 0)
			if !ok {
				c.notCompiled(k.at, rest, "its schema asserts what the checks do not compile on the items")
				return
			}
			if e == "false" {
				fmt.Fprintf(&body, "if len(%s) > %d {\n%s\n}\n", v, n, fail(rest, "more items than the positions allow"))
			} else if e != "true" {
				fmt.Fprintf(&body, "if len(%s) > %d {\nfor _, %s := range %s[%d:] {\nif !(%s) {\n%s\n}\n}\n}\n", v, n, x, v, n, e, fail(rest, "an item does not meet the schema of the items after the positions"))
			}
		}
	}
	w.WriteString(body.String())
}

// containsCheck writes the check of contains (with minContains and maxContains, where the
// draft defines them) on a decoded slice v of t: the items that meet its schema are counted.
func (c *codec) containsCheck(w *strings.Builder, k constraint, t *typ, v string, fail func(kw, format string, args ...string) string) {
	s := c.b.schemaAt(k.at)
	x := c.local("x")
	e, ok := c.valuePred(x, t.elem, k.at.child("contains"), 0)
	if !ok || s == nil {
		c.notCompiled(k.at, "contains", "its schema asserts what the checks do not compile on the items")
		return
	}
	least, most := "1", ""
	for _, kw := range []string{"minContains", "maxContains"} {
		val, has := s.m[kw]
		if !has || annotationIn(k.at.doc, kw, s) {
			continue
		}
		n, ok := jsonCount(val)
		if !ok {
			c.notCompiled(k.at, kw, "not a count")
			return
		}
		if kw == "minContains" {
			least = n
		} else {
			most = n
		}
	}
	if least == "0" && most == "" {
		return
	}
	n := c.local("n")
	switch e {
	case "true":
		fmt.Fprintf(w, "%s := len(%s)\n", n, v)
	case "false":
		c.notCompiled(k.at, "contains", "a schema no item meets")
		return
	default:
		fmt.Fprintf(w, "%s := 0\nfor _, %s := range %s {\nif %s {\n%s++\n}\n}\n", n, x, v, e, n)
	}
	if least != "0" {
		kw := "contains"
		if least != "1" {
			kw = "minContains"
		}
		fmt.Fprintf(w, "if %s < %s {\n%s\n}\n", n, least, fail(kw, "too few items match the schema of contains"))
	}
	if most != "" {
		fmt.Fprintf(w, "if %s > %s {\n%s\n}\n", n, most, fail("maxContains", "too many items match the schema of contains"))
	}
}

// rawCheck writes the check of the keyword k (type, enum, const or a combinator) on a value
// kept as its JSON text, v.
func (c *codec) rawCheck(w *strings.Builder, k constraint, v string, fail func(kw, format string, args ...string) string) {
	only := []string{k.kw}
	if k.kw == "if" {
		only = append(only, "then", "else")
	}
	e, ok := c.holdsKeys(k.at, "raw", v, 0, only)
	if !ok {
		c.notCompiled(k.at, k.kw, "on a value kept as raw JSON, what the schemas assert of it is not compiled")
		return
	}
	if e == "true" {
		return
	}
	msg := map[string]string{"type": "the value is not of the schema's type", "enum": "value is not one of the allowed values", "const": "value is not the constant",
		"anyOf": "the value matches no branch", "oneOf": "the value matches no branch, or more than one", "allOf": "the value does not match every branch",
		"not": "the value matches the schema it must not", "if": "the value does not match the then or else its if selects"}[k.kw]
	fmt.Fprintf(w, "if %s {\n%s\n}\n", notExpr(e), fail(k.kw, msg))
}

// combinatorCheck writes the check of an anyOf, oneOf, allOf, not or if (with its then and
// else) of the schema at k.at on a scalar value str of base.
func (c *codec) combinatorCheck(w *strings.Builder, k constraint, base, str string, fail func(kw, format string, args ...string) string) {
	s := c.b.schemaAt(k.at)
	sub := func(kw string, i int) (string, bool) {
		at := k.at.child(kw)
		if i >= 0 {
			at = k.at.child(kw, strconv.Itoa(i))
		}
		return c.holds(at, base, str, 0)
	}
	var parts []string
	if k.kw != "not" && k.kw != "if" {
		br, _ := s.m[k.kw].([]any)
		for i := range br {
			e, ok := sub(k.kw, i)
			if !ok {
				c.notCompiled(k.at, k.kw, "a branch asserts what the checks do not compile on this value")
				return
			}
			parts = append(parts, e)
		}
	}
	switch k.kw {
	case "anyOf":
		if e := orExpr(parts...); len(parts) > 0 && e != "true" {
			fmt.Fprintf(w, "if %s {\n%s\n}\n", notExpr(e), fail("anyOf", "the value matches no branch"))
		}
	case "allOf":
		if e := andExpr(parts...); e != "true" {
			fmt.Fprintf(w, "if %s {\n%s\n}\n", notExpr(e), fail("allOf", "the value does not match every branch"))
		}
	case "oneOf":
		if len(parts) == 0 {
			return
		}
		for i, p := range parts {
			parts[i] = "btoi(" + p + ")"
		}
		fmt.Fprintf(w, "if %s != 1 {\n%s\n}\n", strings.Join(parts, "+"), fail("oneOf", "the value matches no branch, or more than one"))
	case "not":
		e, ok := sub("not", -1)
		if !ok {
			c.notCompiled(k.at, "not", "the schema asserts what the checks do not compile on this value")
			return
		}
		if e != "false" {
			fmt.Fprintf(w, "if %s {\n%s\n}\n", e, fail("not", "the value matches the schema it must not"))
		}
	case "if":
		cond, ok := sub("if", -1)
		then, okThen := "true", true
		if _, has := s.m["then"]; has {
			then, okThen = sub("then", -1)
		}
		els, okElse := "true", true
		if _, has := s.m["else"]; has {
			els, okElse = sub("else", -1)
		}
		if !ok || !okThen || !okElse {
			c.notCompiled(k.at, "if", "the schemas assert what the checks do not compile on this value")
			return
		}
		if e := orExpr(andExpr(cond, then), andExpr(notExpr(cond), els)); e != "true" {
			fmt.Fprintf(w, "if %s {\n%s\n}\n", notExpr(e), fail("if", "the value does not match the then or else its if selects"))
		}
	}
}

// holds returns a Go expression that is true when the scalar value str of base (see
// scalarValue) meets the schema at at, or false when the checks cannot compile it.
func (c *codec) holds(at loc, base, str string, depth int) (string, bool) {
	return c.holdsKeys(at, base, str, depth, nil)
}

// holdsKeys is holds, reading only the keywords in only when it is set.
func (c *codec) holdsKeys(at loc, base, str string, depth int, only []string) (string, bool) {
	if depth > 16 {
		return "", false
	}
	v, err := c.b.l.at(at)
	if err != nil {
		return "", false
	}
	switch v {
	case true:
		return "true", true
	case false:
		return "false", true
	}
	s, ok := v.(*object)
	if !ok {
		return "", false
	}
	keys := s.keys
	if at.doc.refAlone && s.str("$ref") != "" {
		keys = []string{"$ref"}
	}
	if only != nil {
		keys = slices.DeleteFunc(slices.Clone(keys), func(k string) bool { return !slices.Contains(only, k) })
	}
	jt := map[string]string{"string": "string", "int": "integer", "float": "number", "bool": "boolean"}[base]
	var conds []string
	add := func(e string) { conds = append(conds, e) }
	number := base == "int" || base == "float"
	for _, k := range keys {
		val := s.m[k]
		if base == "raw" {
			// A value of any JSON type, as its text: its type, enum, const and the
			// combinators of those are compiled.
			switch {
			case annotationIn(at.doc, k, s), k == "then" || k == "else":
				continue
			case k == "type":
				tl := typeList(s)
				if len(tl) == 0 {
					return "", false
				}
				var eq []string
				for _, jt := range tl {
					switch {
					case jt == "integer" && !contains(tl, "number"):
						// A number of integral value, 1.0 too, as the validator counts it.
						eq = append(eq, fmt.Sprintf("(jsonTypeOf(%s) == \"number\" && rawNumber(%s).IsInt())", str, str))
					case jt != "integer":
						eq = append(eq, fmt.Sprintf("jsonTypeOf(%s) == %q", str, jt))
					}
				}
				add(orExpr(eq...))
				continue
			case k == "enum" || k == "const":
				vals := []any{val}
				if k == "enum" {
					l, ok := val.([]any)
					if !ok {
						return "", false
					}
					vals = l
				}
				var keys []string
				for _, e := range vals {
					key, ok := schemaItemKey(e, 0)
					if !ok {
						return "", false
					}
					if !contains(keys, strconv.Quote(key)) {
						keys = append(keys, strconv.Quote(key))
					}
				}
				if len(keys) == 0 {
					add("false")
				} else {
					add(fmt.Sprintf("keyIn(%s, %s)", str, strings.Join(keys, ", ")))
				}
				continue
			case k == "$ref", k == "allOf", k == "anyOf", k == "oneOf", k == "not", k == "if":
			case k == "minimum" || k == "maximum" || k == "exclusiveMinimum" || k == "exclusiveMaximum" || k == "multipleOf":
				// Held by a number only, compared exactly.
				m, ok := multipleText(val)
				if k != "multipleOf" {
					m, ok = smallNumber(val)
				}
				if !ok {
					return "", false
				}
				e := fmt.Sprintf("isMultiple(rawNumber(%s), %q)", str, m)
				if k != "multipleOf" {
					op := map[string]string{"minimum": ">= 0", "maximum": "<= 0", "exclusiveMinimum": "> 0", "exclusiveMaximum": "< 0"}[k]
					e = fmt.Sprintf("rawNumber(%s).Cmp(ratOf(%q)) %s", str, m, op)
				}
				add(fmt.Sprintf("(jsonTypeOf(%s) != \"number\" || %s)", str, e))
				continue
			case k == "minLength" || k == "maxLength":
				n, ok := jsonCount(val)
				if !ok {
					return "", false
				}
				op := map[string]string{"minLength": ">=", "maxLength": "<="}[k]
				add(fmt.Sprintf("(jsonTypeOf(%s) != \"string\" || %s(rawString(%s)) %s %s)", str, q("unicode/utf8", "RuneCountInString"), str, op, n))
				continue
			case k == "pattern":
				p, _ := val.(string)
				if !patternCompiles(p) {
					return "", false
				}
				add(fmt.Sprintf("(jsonTypeOf(%s) != \"string\" || %s.MatchString(rawString(%s)))", str, c.pattern(p), str))
				continue
			default:
				return "", false
			}
		}
		switch {
		case annotationIn(at.doc, k, s):
		case keywordTypes[k] == "object" || keywordTypes[k] == "array":
		case keywordTypes[k] == "string" && base != "string", keywordTypes[k] == "number" && !number:
		case k == "format" && base != "string":
		case k == "then" || k == "else":
			// with their if
		case k == "type":
			tl := typeList(s)
			switch {
			case contains(tl, jt), jt == "integer" && contains(tl, "number"):
			case jt == "number" && contains(tl, "integer"):
				add(fmt.Sprintf("%s(%s) == float64(%s)", q("math", "Trunc"), str, str))
			default:
				add("false")
			}
		case k == "enum" || k == "const":
			vals := []any{val}
			if k == "enum" {
				l, ok := val.([]any)
				if !ok {
					return "", false
				}
				vals = l
			}
			var eq []string
			for _, e := range vals {
				switch x := e.(type) {
				case string:
					if base == "string" {
						eq = append(eq, fmt.Sprintf("%s == %q", str, x))
					}
				case bool:
					if base == "bool" {
						if x {
							eq = append(eq, str)
						} else {
							eq = append(eq, notExpr(str))
						}
					}
				case json.Number:
					if number {
						n, ok := jsonNumber(x)
						if !ok {
							return "", false
						}
						eq = append(eq, fmt.Sprintf("float64(%s) == %s", str, n))
					}
				}
			}
			if len(eq) == 0 {
				add("false")
			} else {
				add("(" + strings.Join(eq, " || ") + ")")
			}
		case k == "minLength" || k == "maxLength":
			n, ok := jsonCount(val)
			if !ok {
				return "", false
			}
			op := map[string]string{"minLength": ">=", "maxLength": "<="}[k]
			add(fmt.Sprintf("%s(%s) %s %s", q("unicode/utf8", "RuneCountInString"), str, op, n))
		case k == "pattern":
			p, _ := val.(string)
			if !patternCompiles(p) {
				return "", false
			}
			add(fmt.Sprintf("%s.MatchString(%s)", c.pattern(p), str))
		case k == "format":
			f, _ := val.(string)
			switch {
			case f == "date-time":
				add(fmt.Sprintf("isDateTimeText(%s)", str))
			case f == "date":
				add(fmt.Sprintf("isDate(%s)", str))
			case f == "uuid":
				add(fmt.Sprintf("isUUID(%s)", str))
			case formatChecks[f] != "":
				c.b.needFormats = true
				add(fmt.Sprintf("%s(%s)", formatChecks[f], str))
			case otherFormats[f]:
				return "", false
			}
		case k == "minimum" || k == "maximum" || k == "exclusiveMinimum" || k == "exclusiveMaximum":
			n, ok := jsonNumber(val)
			if !ok {
				return "", false
			}
			op := map[string]string{"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[k]
			add(fmt.Sprintf("float64(%s) %s %s", str, op, n))
		case k == "multipleOf":
			n, ok := jsonCount(val)
			if base == "int" && ok && n != "0" {
				add(fmt.Sprintf("int64(%s)%%%s == 0", str, n))
				break
			}
			m, exact := multipleText(val)
			if !number || !exact {
				return "", false
			}
			add(fmt.Sprintf("isMultiple(%s, %q)", multipleArg(base, str), m))
		case k == "$ref":
			target, err := c.b.l.resolve(at, s.str("$ref"))
			if err != nil {
				return "", false
			}
			e, ok := c.holds(target, base, str, depth+1)
			if !ok {
				return "", false
			}
			add(e)
		case k == "allOf" || k == "anyOf" || k == "oneOf":
			br, ok := val.([]any)
			if !ok || len(br) == 0 {
				return "", false
			}
			var parts []string
			for i := range br {
				e, ok := c.holds(at.child(k, strconv.Itoa(i)), base, str, depth+1)
				if !ok {
					return "", false
				}
				if k == "oneOf" {
					e = "btoi(" + e + ")"
				}
				parts = append(parts, e)
			}
			switch k {
			case "allOf":
				add(andExpr(parts...))
			case "anyOf":
				add(orExpr(parts...))
			default:
				add("(" + strings.Join(parts, "+") + " == 1)")
			}
		case k == "not":
			e, ok := c.holds(at.child("not"), base, str, depth+1)
			if !ok {
				return "", false
			}
			add(notExpr(e))
		case k == "if":
			cond, ok := c.holds(at.child("if"), base, str, depth+1)
			then, els := "true", "true"
			okT, okE := true, true
			if _, has := s.m["then"]; has {
				then, okT = c.holds(at.child("then"), base, str, depth+1)
			}
			if _, has := s.m["else"]; has {
				els, okE = c.holds(at.child("else"), base, str, depth+1)
			}
			if !ok || !okT || !okE {
				return "", false
			}
			add(orExpr(andExpr(cond, then), andExpr(notExpr(cond), els)))
		default:
			return "", false
		}
	}
	return andExpr(conds...), true
}

// multipleText returns the text of a multipleOf's value when it is a positive number that a
// big.Rat holds without growing large (at most 64 characters, within ±1e300).
func multipleText(v any) (string, bool) {
	n, ok := smallNumber(v)
	if f, _ := strconv.ParseFloat(n, 64); !ok || f <= 0 {
		return "", false
	}
	return n, true
}

// smallNumber returns the text of a number written in a schema when a big.Rat holds it without
// growing large: at most 64 characters, and zero or within 1e-300 and 1e300 in magnitude.
func smallNumber(v any) (string, bool) {
	n, ok := v.(json.Number)
	if !ok || len(n) > 64 {
		return "", false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.Abs(f) > 1e300 || f != 0 && math.Abs(f) < 1e-300 {
		return "", false
	}
	return string(n), true
}

// multipleArg is the argument of isMultiple for a value str of base ("int" or "float"): its
// exact value as a big.Rat.
func multipleArg(base, str string) string {
	if base == "int" {
		return fmt.Sprintf("new(%s).SetInt64(int64(%s))", q("math/big", "Rat"), str)
	}
	return fmt.Sprintf("floatRat(float64(%s))", str)
}

// schemaItemKey returns the itemKey (see the support file) of a value written in a schema:
// members sorted, numbers by exact value, strings quoted; false for a number too large to
// write out exactly.
func schemaItemKey(v any, depth int) (string, bool) {
	if depth > 32 {
		return "", false
	}
	var b strings.Builder
	switch x := v.(type) {
	case *object:
		keys := slices.Clone(x.keys)
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			e, ok := schemaItemKey(x.m[k], depth+1)
			if !ok {
				return "", false
			}
			b.WriteString(strconv.Quote(k) + ":" + e)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			k, ok := schemaItemKey(e, depth+1)
			if !ok {
				return "", false
			}
			b.WriteString(k)
		}
		b.WriteByte(']')
	case json.Number:
		if len(x) > 64 || strings.ContainsAny(string(x), "eE") {
			f, err := strconv.ParseFloat(string(x), 64)
			if err != nil || math.IsInf(f, 0) || f != 0 && (math.Abs(f) > 1e300 || math.Abs(f) < 1e-300) {
				return "", false // a big.Rat of it would be large
			}
		}
		q, ok := new(big.Rat).SetString(string(x))
		if !ok {
			return "", false
		}
		b.WriteString(q.RatString())
	case string:
		b.WriteString(strconv.Quote(x))
	case bool:
		fmt.Fprint(&b, x)
	case nil:
		b.WriteString("<nil>")
	default:
		return "", false
	}
	return b.String(), true
}

// andExpr joins Go boolean expressions with &&, leaving out repeats and true (so that go vet
// finds nothing redundant).
func andExpr(parts ...string) string { return joinBool(parts, " && ", "true", "false") }

// orExpr joins Go boolean expressions with ||, likewise.
func orExpr(parts ...string) string { return joinBool(parts, " || ", "false", "true") }

func joinBool(parts []string, op, unit, zero string) string {
	var out []string
	for _, p := range parts {
		switch {
		case p == zero:
			return zero
		case p == unit, slices.Contains(out, p):
		default:
			out = append(out, p)
		}
	}
	switch len(out) {
	case 0:
		return unit
	case 1:
		return out[0]
	}
	return "(" + strings.Join(out, op) + ")"
}

// notExpr negates a Go boolean expression.
func notExpr(e string) string {
	switch e {
	case "true":
		return "false"
	case "false":
		return "true"
	}
	if inner, ok := strings.CutPrefix(e, "!("); ok && strings.HasSuffix(inner, ")") && balanced(inner[:len(inner)-1]) {
		return inner[:len(inner)-1]
	}
	if inner, ok := strings.CutPrefix(e, "!"); ok && operand(inner) {
		return inner
	}
	if operand(e) {
		return "!" + e
	}
	return "!(" + e + ")"
}

// operand reports whether a Go expression is a single operand (a name, a selector, an
// index or a call, as "v.X.Valid" or "(*v.X)"), which ! negates without parentheses.
func operand(e string) bool {
	if e == "" || !balanced(e) || strings.HasPrefix(e, "!") {
		return false
	}
	depth, quoted := 0, false
	for i := 0; i < len(e); i++ {
		switch ch := e[i]; {
		case quoted && ch == '\\':
			i++
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '(' || ch == '[':
			depth++
		case ch == ')' || ch == ']':
			depth--
		case depth == 0 && !(ch == '_' || ch == '.' || ch == '*' && i == 0 || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'):
			return false
		}
	}
	return true
}

// balanced reports whether the parentheses of a Go expression close in order, string literals
// aside.
func balanced(e string) bool {
	depth, quoted := 0, false
	for i := 0; i < len(e); i++ {
		switch ch := e[i]; {
		case quoted && ch == '\\':
			i++
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '(':
			depth++
		case ch == ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0 && !quoted
}

// ---- decoding ----

// value writes code that decodes the reader's next value into dst, an addressable expression
// of type t. sites are the schema locations that apply to the value besides t's own. On
// failure the code returns wrap(err).
func (c *codec) value(w *strings.Builder, t *typ, dst string, sites []loc, wrap func(string) string) {
	c.valueN(w, t, dst, sites, wrap, false)
}

// valueN is value for a value that may also be null (held by a nullable pointer) when nullable.
// A value whose schema sites have assertions that are not compiled is left to a JSON Schema
// validator once decoded, when DecodeChecked judges it: only the instances that reach it.
func (c *codec) valueN(w *strings.Builder, t *typ, dst string, sites []loc, wrap func(string) string, nullable bool) []string {
	outer := c.inline
	var kws []string
	c.inline = &kws
	c.valueOnly(w, t, dst, sites, wrap, nullable)
	c.inline = outer
	if len(kws) > 0 && t.kind != kPtr && t.kind != kNullable {
		fmt.Fprintf(w, "if err = r.notCompiled(%q); err != nil {\nreturn %s\n}\n", kws[0], wrap("err"))
	}
	return kws
}

// nullCheck is the code that judges a null read for a value of t (held by a pointer or a
// Nullable) against its schemas at sites and t's own: nothing where they take null for
// certain, a failure where they refuse it, and where that is not known (or kws, assertions
// of the value that are not compiled, may refuse it), a deferral.
func (c *codec) nullCheck(t *typ, sites []loc, kws []string, wrap func(string) string, nullable bool) string {
	refuse := c.refuseNull(t, wrap)
	if !c.checks {
		if nullable {
			return ""
		}
		return refuse // for the trials of union branches: the type does not hold null
	}
	locs := append([]loc(nil), sites...)
	if !nullable {
		// When the type holds null, t's own schema is that of the other values (the X of
		// oneOf: [X, {type: null}]); otherwise it is the value's.
		if t.hasSite {
			locs = append(locs, t.site)
		}
		if t.kind == kNamed && t.named.at.doc != nil {
			locs = append(locs, t.named.at)
		}
	}
	verdict := 1
	for _, at := range locs {
		verdict = min(verdict, c.nullAt(at, 0))
	}
	if len(locs) == 0 && !nullable {
		verdict = -1 // no schema to read: the type says
	}
	// Outside DecodeChecked's judging, the trials of union branches refuse a null the type does
	// not hold, whatever the schema says.
	trial := ""
	if !nullable {
		trial = fmt.Sprintf("if r.check && !r.judging {\nreturn %s\n}\n", wrap(fmt.Sprintf("mustNotBeNull(%q)", wantOf(t))))
	}
	switch {
	case verdict < 0:
		if nullable {
			return fmt.Sprintf("if r.check && r.judging {\nreturn %s\n}\n", wrap(fmt.Sprintf("mustNotBeNull(%q)", wantOf(t))))
		}
		return refuse
	case verdict == 0 || len(kws) > 0:
		kw := "type"
		if len(kws) > 0 {
			kw = kws[0]
		}
		return fmt.Sprintf("if err = r.notCompiled(%q); err != nil {\nreturn %s\n}\n", kw, wrap("err")) + trial
	}
	return trial
}

// refuseNull is the code that fails a null read for a value of t when checking.
func (c *codec) refuseNull(t *typ, wrap func(string) string) string {
	return fmt.Sprintf("if r.check {\nreturn %s\n}\n", wrap(fmt.Sprintf("mustNotBeNull(%q)", wantOf(t))))
}

// nullFailsAlike reports whether decoding a value of t fails on null as refuseNull fails it:
// with the checks or without, the same keyword and message. A null the checks refuse for
// such a value then needs no code of its own.
func nullFailsAlike(t *typ) bool {
	switch t.kind {
	case kBuiltin:
		return t.name == "string" || t.name == "bool" || t.name == "int64" || t.name == "float64"
	case kSlice, kMap:
		return true
	case kNamed:
		switch t.named.kind {
		case nStruct:
			return !t.named.anyJSON
		case nEnum, nDate, nDateTime:
			return true
		}
	}
	return false
}

// nullAt judges null against the schema at a location: 1 when it takes null, -1 when it
// refuses null, 0 when the checks cannot tell.
func (c *codec) nullAt(at loc, depth int) int {
	if depth > 16 {
		return 0
	}
	v, err := c.b.l.at(at)
	if err != nil {
		return 0
	}
	switch v {
	case true:
		return 1
	case false:
		return -1
	}
	s, ok := v.(*object)
	if !ok {
		return 0
	}
	keys := s.keys
	if at.doc.refAlone && s.str("$ref") != "" {
		keys = []string{"$ref"}
	}
	verdict := 1
	branches := func(kw string) []int {
		br, _ := s.m[kw].([]any)
		out := make([]int, len(br))
		for i := range br {
			out[i] = c.nullAt(at.child(kw, strconv.Itoa(i)), depth+1)
		}
		return out
	}
	for _, k := range keys {
		r := 0
		switch {
		case annotationIn(at.doc, k, s), keywordTypes[k] != "", k == "format", k == "then", k == "else":
			r = 1
		case k == "type":
			r = -1
			if contains(typeList(s), "null") {
				r = 1
			}
		case k == "enum":
			if e, ok := s.m[k].([]any); ok {
				r = -1
				if slices.Contains(e, nil) {
					r = 1
				}
			}
		case k == "const":
			r = -1
			if s.m[k] == nil {
				r = 1
			}
		case k == "$ref":
			if target, err := c.b.l.resolve(at, s.str("$ref")); err == nil {
				r = c.nullAt(target, depth+1)
			}
		case k == "allOf":
			r = 1
			for _, b := range branches(k) {
				r = min(r, b)
			}
		case k == "anyOf":
			r = -1
			for _, b := range branches(k) {
				r = max(r, b)
			}
		case k == "oneOf":
			n, known := 0, true
			for _, b := range branches(k) {
				n += btoi(b > 0)
				known = known && b != 0
			}
			switch {
			case n > 1:
				r = -1
			case known:
				r = 2*btoi(n == 1) - 1
			}
		case k == "not":
			r = -c.nullAt(at.child("not"), depth+1)
		case k == "if":
			switch c.nullAt(at.child("if"), depth+1) {
			case 1:
				if _, ok := s.m["then"]; ok {
					r = c.nullAt(at.child("then"), depth+1)
				} else {
					r = 1
				}
			case -1:
				if _, ok := s.m["else"]; ok {
					r = c.nullAt(at.child("else"), depth+1)
				} else {
					r = 1
				}
			}
		}
		verdict = min(verdict, r)
	}
	return verdict
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// valueOnly writes the decoding of valueN, and the compiled checks.
func (c *codec) valueOnly(w *strings.Builder, t *typ, dst string, sites []loc, wrap func(string) string, nullable bool) {
	branchSite := c.branchSite // for this value, not those it holds
	c.branchSite = nil
	if t.hasSite {
		sites = append(sites[:len(sites):len(sites)], t.site)
	}
	ret := "return " + wrap("err")
	switch t.kind {
	case kPtr:
		if t.elem.kind == kNamed && t.elem.named.takesNull() {
			// null is one of the values the type holds, not an absent one.
			fmt.Fprintf(w, "%s = new(%s)\n", dst, typeText(t.elem))
			*c.inline = append(*c.inline, c.valueN(w, t.elem, "(*"+dst+")", sites, wrap, nullable)...)
			return
		}
		if !t.null {
			// nil is an absent member, which would not encode as null again: without the
			// checks a null fails as the value's decoding fails on it; with them it is
			// judged against its schema, and one the schema may take is left to a validator.
			var inner strings.Builder
			c.notNull = true
			kws := c.valueN(&inner, t.elem, "(*"+dst+")", sites, wrap, false)
			if nc := c.nullCheck(t.elem, sites, kws, wrap, false); c.checks && !(nc == c.refuseNull(t.elem, wrap) && nullFailsAlike(t.elem)) {
				fmt.Fprintf(w, "if r.check && r.peek() == 'n' {\nif err = r.literal(\"null\"); err != nil {\n%s\n}\n", ret)
				w.WriteString(nc)
				fmt.Fprintf(w, "_ = r.notCompiled(\"type\")\n} else {\n%s = new(%s)\n%s}\n", dst, typeText(t.elem), inner.String())
				return
			}
			fmt.Fprintf(w, "%s = new(%s)\n%s", dst, typeText(t.elem), inner.String())
			return
		}
		var inner strings.Builder
		c.notNull = true
		kws := c.valueN(&inner, t.elem, "(*"+dst+")", sites, wrap, t.null)
		fmt.Fprintf(w, "if r.peek() == 'n' {\nif err = r.literal(\"null\"); err != nil {\n%s\n}\n", ret)
		w.WriteString(c.nullCheck(t.elem, sites, kws, wrap, t.null))
		fmt.Fprintf(w, "%s = nil\n} else {\n%s = new(%s)\n%s", dst, dst, typeText(t.elem), inner.String())
		w.WriteString("}\n")
		return
	case kNullable:
		var inner strings.Builder
		c.notNull = true
		kws := c.valueN(&inner, t.elem, dst+".V", sites, wrap, true)
		fmt.Fprintf(w, "%s = Nullable[%s]{Set: true}\nif r.peek() == 'n' {\nif err = r.literal(\"null\"); err != nil {\n%s\n}\n%s} else {\n%s", dst, typeText(t.elem), ret, c.nullCheck(t.elem, sites, kws, wrap, true), inner.String())
		fmt.Fprintf(w, "%s.Valid = true\n}\n", dst)
		return
	}
	notNull := c.notNull
	c.notNull = false
	var leaf *namedType
	if t.kind == kNamed {
		leaf = t.named
	}
	cs := c.siteConstraints(sites, leaf, t, nullable)
	if isRaw(t) {
		fmt.Fprintf(w, "if %s, err = r.raw(); err != nil {\n%s\n}\n", dst, ret)
		c.checkCode(w, cs, t, dst, wrap)
		return
	}
	if t.kind == kNamed && t.named.kind != nDate && t.named.kind != nDateTime {
		fmt.Fprintf(w, "if err = %s.decodeJSON(r); err != nil {\n%s\n}\n", dst, ret)
		c.checkCode(w, cs, t, dst, wrap)
		return
	}
	// A scalar, slice or map: null is refused when checking, left alone otherwise.
	if notNull {
		w.WriteString("{\n")
	} else {
		fmt.Fprintf(w, "if r.peek() == 'n' {\nif err = r.nullValue(%q); err != nil {\n%s\n}\n} else {\n", wantOf(t), ret)
	}
	switch {
	case t.kind == kBuiltin && t.name == "string":
		fmt.Fprintf(w, "if %s, err = r.str(); err != nil {\n%s\n}\n", dst, ret)
	case t.kind == kBuiltin && (t.name == "int64" || t.name == "float64"):
		read := map[string]string{"int64": "r.int()", "float64": "r.float()"}[t.name]
		if lo, hi := numberBounds(cs); c.checks && (lo != "" || hi != "") {
			fmt.Fprintf(w, "if %s, err = %s; err != nil {\nreturn %s\n}\n", dst, read, wrap(fmt.Sprintf("r.beyondBound(err, %q, %q)", lo, hi)))
		} else {
			fmt.Fprintf(w, "if %s, err = %s; err != nil {\n%s\n}\n", dst, read, ret)
		}
	case t.kind == kBuiltin && t.name == "bool":
		fmt.Fprintf(w, "if %s, err = r.bool(); err != nil {\n%s\n}\n", dst, ret)
	case isTime(t):
		s := c.local("s")
		fmt.Fprintf(w, "var %s []byte\nif %s, err = r.strBytes(); err != nil {\n%s\n}\n", s, s, ret)
		ok := c.local("ok")
		fmt.Fprintf(w, "var %s bool\nif %s, %s = parseDateTime(string(%s)); !%s {\nreturn %s\n}\n", ok, dst, ok, s, ok, wrap(fmt.Sprintf("checkFailed(\"format\", \"%%q is not a date-time\", %s)", s)))
	case t.kind == kNamed && t.named.kind == nDateTime:
		s := c.local("s")
		fmt.Fprintf(w, "var %s []byte\nif %s, err = r.strBytes(); err != nil {\n%s\n}\nif %s, err = readDateTime(%s, r.check); err != nil {\nreturn %s\n}\n", s, s, ret, dst, s, wrap("err"))
	case t.kind == kNamed && t.named.kind == nDate:
		s := c.local("s")
		fmt.Fprintf(w, "var %s []byte\nif %s, err = r.strBytes(); err != nil {\n%s\n}\nif %s, err = readDate(%s); err != nil {\nreturn %s\n}\n", s, s, ret, dst, s, wrap("checkFailed(\"format\", \"%s\", err)"))
	case t.kind == kSlice:
		list, i, more := c.local("list"), c.local("i"), c.local("more")
		// uniqueItems on items other than strings, integers and booleans: each item's text,
		// read as the validator compares values, in a set (see itemKey).
		items := ""
		if c.checks && !uniqueScalars(t) && slices.ContainsFunc(cs, func(k constraint) bool { return k.kw == "uniqueItems" && k.val == true }) {
			items = c.local("items")
			fmt.Fprintf(w, "var %s map[string]bool\nif r.check {\n%s = map[string]bool{}\n}\n", items, items)
		}
		fmt.Fprintf(w, "if err = r.open('['); err != nil {\n%s\n}\n%s := make(%s, 0, 4)\nfor %s := 0; ; %s++ {\nvar %s bool\nif %s, err = r.more(']', %s == 0); err != nil {\n%s\n}\nif !%s {\nbreak\n}\n",
			ret, list, typeText(t), i, i, more, more, i, ret, more)
		fmt.Fprintf(w, "%s = append(grow(r, %s), %s)\n", list, list, zeroOf(t.elem))
		start := ""
		if items != "" {
			start = c.local("start")
			fmt.Fprintf(w, "%s := r.pos\n", start)
		}
		c.value(w, t.elem, fmt.Sprintf("%s[%s]", list, i), nil, func(e string) string {
			return wrap(fmt.Sprintf("decodeAtIndex(%s, %s)", e, i))
		})
		if items != "" {
			fmt.Fprintf(w, "if %s != nil {\nkey := itemKey(r.data[%s:r.pos])\nif %s[key] {\nreturn %s\n}\n%s[key] = true\n}\n", items, start, items,
				wrap(fmt.Sprintf("decodeAtIndex(checkFailed(\"uniqueItems\", \"items are not unique\"), %s)", i)), items)
			cs = slices.DeleteFunc(slices.Clone(cs), func(k constraint) bool { return k.kw == "uniqueItems" })
		}
		fmt.Fprintf(w, "}\n%s = %s\n", dst, list)
	case t.kind == kMap:
		m, first, more, k, x := c.local("m"), c.local("first"), c.local("more"), c.local("k"), c.local("x")
		fmt.Fprintf(w, "if err = r.open('{'); err != nil {\n%s\n}\n%s := make(%s)\nfor %s := true; ; %s = false {\nvar %s bool\nif %s, err = r.more('}', %s); err != nil {\n%s\n}\nif !%s {\nbreak\n}\n",
			ret, m, typeText(t), first, first, more, more, first, ret, more)
		fmt.Fprintf(w, "var %sb []byte\nif %sb, err = r.key(); err != nil {\n%s\n}\n%s := %s(%sb)\n", k, k, ret, k, typeText(t.key), k)
		fmt.Fprintf(w, "if _, dup := %s[%s]; dup {\nreturn %s\n}\n", m, k, wrap(fmt.Sprintf("duplicate(string(%s))", k)))
		if c.checks {
			at := sites
			if branchSite != nil {
				at = append(sites[:len(sites):len(sites)], *branchSite)
			}
			c.strictMap(w, at, k, wrap)
		}
		for _, pn := range cs {
			if pn.kw != "propertyNames" || !c.checks {
				continue
			}
			e, ok := c.holds(pn.at.child("propertyNames"), "string", "string("+k+")", 0)
			if !ok {
				c.notCompiled(pn.at, "propertyNames", "the names' schema asserts what the checks do not compile")
				continue
			}
			if e != "true" {
				fmt.Fprintf(w, "if r.check && %s {\nreturn %s\n}\n", notExpr(e), wrap(fmt.Sprintf("decodeAt(checkFailed(\"propertyNames\", \"the member name does not match propertyNames\"), string(%s))", k)))
			}
		}
		keyWrap := func(e string) string { return wrap(fmt.Sprintf("decodeAt(%s, string(%s))", e, k)) }
		if t.key.kind == kNamed && t.key.named.kind == nEnum && c.checks {
			guard := "r.check"
			if t.key.named.open {
				guard = "r.check && r.strict"
			}
			fmt.Fprintf(w, "if %s && !%s.Valid() {\nreturn %s\n}\n", guard, k, wrap(fmt.Sprintf("decodeAt(checkFailed(\"propertyNames\", \"member name is not one of the allowed names\"), string(%s))", k)))
		}
		fmt.Fprintf(w, "var %s %s\n", x, typeText(t.elem))
		c.value(w, t.elem, x, nil, keyWrap)
		fmt.Fprintf(w, "%s[%s] = %s\n}\n%s = %s\n", m, k, x, dst, m)
	default:
		// A type given by x-go-type, or of another package: decoded by encoding/json.
		if t.imported && c.checks {
			c.notCompiled(t.site, "$ref", fmt.Sprintf("the assertions of %s, a type of another package, are not run here", t.name))
		}
		raw := c.local("raw")
		fmt.Fprintf(w, "var %s %s\nif %s, err = r.raw(); err != nil {\n%s\n}\nif err = %s(%s, &%s); err != nil {\n%s\n}\n", raw, q("encoding/json", "RawMessage"), raw, ret, q("encoding/json", "Unmarshal"), raw, dst, ret)
		if len(cs) > 0 && c.checks {
			c.notCompiled(cs[0].at, cs[0].kw, "on a type set by x-go-type")
			return
		}
	}
	c.checkCode(w, cs, t, dst, wrap)
	w.WriteString("}\n")
}

// numberBounds returns the keywords of the constraints on a number that a value beyond 64
// bits fails: below (lo) and above (hi). A list of values within 64 bits bounds both sides.
func numberBounds(cs []constraint) (lo, hi string) {
	for _, k := range cs {
		switch k.kw {
		case "minimum", "exclusiveMinimum":
			if _, ok := jsonNumber(k.val); ok {
				lo = k.kw
			}
		case "maximum", "exclusiveMaximum":
			if _, ok := jsonNumber(k.val); ok {
				hi = k.kw
			}
		case "enum", "const":
			vals := []any{k.val}
			if l, ok := k.val.([]any); ok && k.kw == "enum" {
				vals = l
			}
			small := !k.open
			for _, v := range vals {
				if n, ok := v.(json.Number); ok {
					if f, err := strconv.ParseFloat(string(n), 64); err != nil || math.Abs(f) > 1e18 {
						small = false
					}
				}
			}
			if small {
				lo, hi = k.kw, k.kw
			}
		}
	}
	return lo, hi
}

func wantOf(t *typ) string {
	switch scalarBase(t) {
	case "string", "time", "date":
		return "string"
	case "int":
		return "integer"
	case "float":
		return "number"
	case "bool":
		return "boolean"
	case "slice":
		return "array"
	case "map", "struct":
		return "object"
	}
	return "a value"
}

func zeroOf(t *typ) string {
	switch t.kind {
	case kBuiltin:
		switch t.name {
		case "string":
			return `""`
		case "bool":
			return "false"
		case "any":
			return "nil"
		}
		return "0"
	case kSlice, kMap, kPtr:
		return "nil"
	case kQual:
		if isRaw(t) {
			return "nil"
		}
		return typeText(t) + "{}"
	case kNamed:
		if t.named.kind == nValue {
			return zeroOf(t.named.of)
		}
		if t.named.kind == nEnum {
			if t.named.base == "string" {
				return `""`
			}
			return "0"
		}
	}
	return typeText(t) + "{}"
}

// ---- encoding ----

// appendValue writes code that appends the encoding of v, of type t, to b.
func (c *codec) appendValue(w *strings.Builder, t *typ, v string) {
	c.appendValueOf(w, t, v, false)
}

// appendValueOf is appendValue, where nonNil says that a pointer, slice or map v is known not
// to be nil (the member is written only then), so that no null branch is written for it.
func (c *codec) appendValueOf(w *strings.Builder, t *typ, v string, nonNil bool) {
	switch t.kind {
	case kPtr:
		if nonNil {
			c.appendValue(w, t.elem, "(*"+v+")")
			return
		}
		fmt.Fprintf(w, "if %s == nil {\nb = append(b, \"null\"...)\n} else {\n", v)
		c.appendValue(w, t.elem, "(*"+v+")")
		w.WriteString("}\n")
		return
	case kNullable:
		fmt.Fprintf(w, "if !%s.Valid {\nb = append(b, \"null\"...)\n} else {\n", v)
		c.appendValue(w, t.elem, v+".V")
		w.WriteString("}\n")
		return
	case kSlice:
		x := c.local("x")
		i := c.local("i")
		if !nonNil {
			fmt.Fprintf(w, "if %s == nil {\nb = append(b, \"null\"...)\n} else {\n", v)
		}
		fmt.Fprintf(w, "b = append(b, '[')\nfor %s, %s := range %s {\nif %s > 0 {\nb = append(b, ',')\n}\n", i, x, v, i)
		c.appendValue(w, t.elem, x)
		w.WriteString("}\nb = append(b, ']')\n")
		if !nonNil {
			w.WriteString("}\n")
		}
		return
	case kMap:
		k := c.local("k")
		i := c.local("i")
		if !nonNil {
			fmt.Fprintf(w, "if %s == nil {\nb = append(b, \"null\"...)\n} else {\n", v)
		}
		fmt.Fprintf(w, "b = append(b, '{')\nfor %s, %s := range sortedKeys(%s) {\nif %s > 0 {\nb = append(b, ',')\n}\nb = appendString(b, string(%s))\nb = append(b, ':')\n", i, k, v, i, k)
		c.appendValue(w, t.elem, v+"["+k+"]")
		w.WriteString("}\nb = append(b, '}')\n")
		if !nonNil {
			w.WriteString("}\n")
		}
		return
	}
	switch {
	case t.kind == kBuiltin && t.name == "string":
		fmt.Fprintf(w, "b = appendString(b, %s)\n", v)
	case t.kind == kBuiltin && t.name == "int64":
		fmt.Fprintf(w, "b = %s(b, %s, 10)\n", q("strconv", "AppendInt"), v)
	case t.kind == kBuiltin && t.name == "float64":
		fmt.Fprintf(w, "if b, err = appendFloat(b, %s); err != nil {\nreturn nil, err\n}\n", v)
	case t.kind == kBuiltin && t.name == "bool":
		fmt.Fprintf(w, "b = %s(b, %s)\n", q("strconv", "AppendBool"), v)
	case isTime(t):
		fmt.Fprintf(w, "if b, err = appendTime(b, %s); err != nil {\nreturn nil, err\n}\n", v)
	case isRaw(t):
		fmt.Fprintf(w, "if b, err = appendRaw(b, %s); err != nil {\nreturn nil, err\n}\n", v)
	case t.kind == kNamed && t.named.kind == nDate:
		fmt.Fprintf(w, "b = %s.appendJSON(b)\n", v)
	case t.kind == kNamed && t.named.kind == nDateTime:
		fmt.Fprintf(w, "b = %s.appendJSON(b)\n", v)
	case t.kind == kNamed && t.named.kind == nEnum && t.named.base == "string":
		fmt.Fprintf(w, "b = appendString(b, string(%s))\n", v)
	case t.kind == kNamed && t.named.kind == nEnum && t.named.base == "int64":
		fmt.Fprintf(w, "b = %s(b, int64(%s), 10)\n", q("strconv", "AppendInt"), v)
	case t.kind == kNamed && t.named.kind == nEnum:
		fmt.Fprintf(w, "if b, err = appendFloat(b, float64(%s)); err != nil {\nreturn nil, err\n}\n", v)
	case t.kind == kNamed:
		fmt.Fprintf(w, "if b, err = %s.appendJSON(b); err != nil {\nreturn nil, err\n}\n", v)
	default:
		x := c.local("enc")
		fmt.Fprintf(w, "%s, err := %s(%s)\nif err != nil {\nreturn nil, err\n}\nb = append(b, %s...)\n", x, q("encoding/json", "Marshal"), v, x)
	}
}

// ---- types ----

// valueCodec writes the decoding and encoding methods of a root scalar, array or map type:
// those of its value, converted.
func (c *codec) valueCodec(t *namedType) string {
	c.cur, c.n = t, 0
	defer c.ownMetaschema(t)()
	var w strings.Builder
	fmt.Fprintf(&w, "func (v *%s) decodeJSON(r *jsonReader) error {\nvar err error\nvar x %s\n", t.name, typeText(t.of))
	c.value(&w, t.of, "x", nil, func(e string) string { return e })
	fmt.Fprintf(&w, "*v = %s(x)\nreturn nil\n}\n\n", t.name)
	fmt.Fprintf(&w, "func (v %s) appendJSON(b []byte) (_ []byte, err error) {\nx := %s(v)\n", t.name, typeText(t.of))
	c.appendValue(&w, t.of, "x")
	w.WriteString("return b, err\n}\n")
	return w.String()
}

// structCodec writes the decoding and encoding methods of a struct.
func (c *codec) structCodec(t *namedType) string {
	c.cur, c.n = t, 0
	defer c.ownMetaschema(t)()
	var w strings.Builder
	s := c.b.schemaAt(t.at)
	c.structKeywords(t, s)
	// Decoding.
	fmt.Fprintf(&w, "func (v *%s) decodeJSON(r *jsonReader) error {\n", t.name)
	if t.anyJSON {
		// No type: any other JSON value is valid too, and kept as it is, unless a schema
		// merged in (an allOf member) wants an object.
		refuse := ""
		if c.checks && c.mergedWantsObject(t, s) {
			refuse = "if r.check {\nreturn r.mismatch(\"object\")\n}\n"
		}
		fmt.Fprintf(&w, "if c := r.peek(); c != '{' && c != 0 {\n%s*v = %s{}\nvar err error\nv.%s, err = r.raw()\nreturn err\n}\n", refuse, t.name, t.notObject)
	}
	fmt.Fprintf(&w, "*v = %s{}\n", t.name)
	// The members whose value selects the branch of another (see selectorCodec): their value as
	// canonical JSON, read when they come first, or looked up when the other comes first.
	selVar := map[string]string{}
	for _, f := range t.fields {
		if u := selectorOf(f); u != nil && selVar[u.sel.key] == "" {
			selVar[u.sel.key] = fmt.Sprintf("sel%d", len(selVar))
			fmt.Fprintf(&w, "var %s string\n%sKnown := false\n", selVar[u.sel.key], selVar[u.sel.key])
		}
	}
	// Each member's bit in seen says that it came, unless its helper call (see shortMember)
	// keeps none: the field's value then says it (see presence).
	n := len(t.fields)
	seenDecl, seenWord := "var seen uint64\n", "&seen"
	bit := func(i int) (string, string) { // test, set
		return fmt.Sprintf("seen&(1<<%d) != 0", i), fmt.Sprintf("seen |= 1 << %d", i)
	}
	if n > 64 {
		seenDecl, seenWord = fmt.Sprintf("var seen [%d]bool\n", n), ""
		bit = func(i int) (string, string) { return fmt.Sprintf("seen[%d]", i), fmt.Sprintf("seen[%d] = true", i) }
	}
	short := make([]bool, n)
	usesBits := false
	// A member the object's predicates name keeps its bit, so that they read the same
	// expression for it wherever they name it.
	inPreds := map[int]bool{}
	for _, p := range c.preds {
		for _, m := range hasMarks.FindAllString(p.expr, -1) {
			i, _ := strconv.Atoi(m[len("\x00has") : len(m)-1])
			inPreds[i] = true
		}
	}
	has := func(i int) string {
		if short[i] {
			ft, _ := fieldShape(t.fields[i])
			if p := presence(t.fields[i], ft); p != "" {
				return p
			}
		}
		test, _ := bit(i)
		return test
	}
	w.WriteString("\x00seen\x00")
	minP, maxP := s.m["minProperties"], s.m["maxProperties"]
	count := c.checks && (minP != nil || maxP != nil)
	if count {
		w.WriteString("count := 0\n")
	}
	membersAt := w.Len()
	w.WriteString("\x00members\x00(func(key []byte) (err error) {\n")
	if count {
		w.WriteString("count++\n")
	}
	if c.propNames != "" && c.propNames != "true" {
		fmt.Fprintf(&w, "if name := string(key); r.check && %s {\nreturn decodeAt(checkFailed(\"propertyNames\", \"the member name does not match propertyNames\"), name)\n}\n", notExpr(c.propNames))
	}
	c.propNames = ""
	w.WriteString("switch string(key) {\n")
	apAt := t.at.child("additionalProperties")
	_, hasAP := s.m["additionalProperties"]
	_, hasUP := s.m["unevaluatedProperties"]
	strictCloses := contains(typeList(s), "object") && !hasAP && !hasUP
	for i, f := range t.fields {
		test, set := bit(i)
		name := strconv.Quote(f.json)
		var foreign strings.Builder
		switch {
		case c.checks && s.m["additionalProperties"] == false && !(t.at.doc.refAlone && s.m["$ref"] != nil):
			c.closedForeign(&foreign, s, f, name, "r.check")
		case c.checks && strictCloses:
			c.strictForeign(&foreign, s, f, name)
		}
		for _, bs := range c.closedMembers {
			if foreign.Len() == 0 {
				c.closedForeign(&foreign, bs, f, name, "r.check")
			}
		}
		ft, _ := fieldShape(f)
		wrap := func(e string) string { return fmt.Sprintf("decodeAt(%s, %s)", e, name) }
		if selVar[f.json] == "" && selectorOf(f) == nil && !keepsOtherShapes(t, f) && !(f.branch && c.checks) && !inPreds[i] {
			var code strings.Builder
			word := seenWord
			if word != "" && n > 64 {
				word = ""
			}
			sh, bits := c.shortMember(&code, i, f, ft, word, wrap)
			if sh {
				short[i] = !bits
				usesBits = usesBits || bits
				fmt.Fprintf(&w, "case %s:\n%s%s", name, foreign.String(), code.String())
				continue
			}
			usesBits = true
			fmt.Fprintf(&w, "case %s:\nif %s {\nreturn decodeAt(duplicate(%s), %s)\n}\n%s\n%s%s", name, test, name, name, set, foreign.String(), code.String())
			continue
		}
		usesBits = true
		fmt.Fprintf(&w, "case %s:\nif %s {\nreturn decodeAt(duplicate(%s), %s)\n}\n%s\n%s", name, test, name, name, set, foreign.String())
		if sv := selVar[f.json]; sv != "" {
			fmt.Fprintf(&w, "if %s, err = r.valueCanonical(); err != nil {\nreturn decodeAt(err, %s)\n}\n%sKnown = true\n", sv, name, sv)
		}
		if u := selectorOf(f); u != nil {
			sv := selVar[u.sel.key]
			fmt.Fprintf(&w, "if !%sKnown {\nif %s, err = r.laterMember(%s, %q); err != nil {\nreturn err\n}\n%sKnown = true\n}\n", sv, sv, name, u.sel.key, sv)
			dst := "v." + f.name
			if ft.kind == kPtr {
				fmt.Fprintf(&w, "%s = new(%s)\n", dst, u.name)
			}
			fmt.Fprintf(&w, "if err = %s.decodeFor(r, %s); err != nil {\nreturn decodeAt(err, %s)\n}\n", dst, sv, name)
			continue
		}
		if keepsOtherShapes(t, f) {
			// Only some branches describe it, and which applies is not known here: decoded
			// without the checks. A value the field does not take is valid where another
			// branch applies, and is kept with the members the schema does not name; when
			// checking, it is left to a JSON Schema validator.
			at, x := c.local("at"), c.local("x")
			fmt.Fprintf(&w, "%s := r.branchMember()\nif err = func() error {\n", at)
			if !ft.acceptsNull() {
				// null too is valid where another branch applies: kept, not taken for absent.
				fmt.Fprintf(&w, "if r.peek() == 'n' {\nreturn r.mismatch(%q)\n}\n", wantOf(ft))
			}
			c.value(&w, ft, "v."+f.name, nil, func(e string) string { return e })
			fmt.Fprintf(&w, "return nil\n}(); err != nil {\nif err = r.keepBranchMember(%s, err); err != nil {\nreturn decodeAt(err, %s)\n}\n", at, name)
			if ft.kind == kPtr || ft.kind == kSlice || ft.kind == kMap || isRaw(ft) {
				fmt.Fprintf(&w, "v.%s = nil\n", f.name)
			} else {
				z := c.local("zero")
				fmt.Fprintf(&w, "var %s %s\nv.%s = %s\n", z, typeText(ft), f.name, z)
			}
			fmt.Fprintf(&w, "var %s json.RawMessage\nif %s, err = r.raw(); err != nil {\nreturn decodeAt(err, %s)\n}\n", x, x, name)
			fmt.Fprintf(&w, "if v.%s == nil {\nv.%s = make(map[string]json.RawMessage)\n}\nv.%s[%s] = %s\n}\nr.check = %s.check\n", t.extraName, t.extraName, t.extraName, name, x, at)
			continue
		}
		if f.branch && c.checks {
			// Only some branches describe it, and which applies is not known here: decoded
			// without the checks, and a failure is left to a JSON Schema validator.
			at := c.local("at")
			fmt.Fprintf(&w, "%s := r.branchMember()\n", at)
			c.value(&w, ft, "v."+f.name, nil, func(e string) string { return fmt.Sprintf("decodeAt(r.unchecked(%s.check, %s), %s)", at, e, name) })
			fmt.Fprintf(&w, "r.check = %s.check\n", at)
			continue
		}
		c.value(&w, ft, "v."+f.name, nil, wrap)
	}
	w.WriteString("default:\n")
	closedAll := false // every member that reaches the default case is refused
	for _, bs := range c.closedMembers {
		// A member the struct has no field for, which this allOf member does not name.
		cond, _ := c.patternGuard(bs, "string(key)")
		fmt.Fprintf(&w, "if r.check%s {\nreturn decodeAt(checkFailed(\"additionalProperties\", \"member is not allowed\"), string(key))\n}\n", cond)
		if cond == "" {
			closedAll = true
			break
		}
	}
	c.closedMembers = nil
	for i, pat := range t.patterns {
		fmt.Fprintf(&w, "if %s.MatchString(string(key)) {\nname := string(key)\nif _, dup := v.%s[name]; dup {\nreturn decodeAt(duplicate(name), name)\n}\n", c.pattern(pat.re), pat.name)
		// A name that a later pattern matches too is held to that pattern's schema as well,
		// which the field's decoding does not check: that member is left to a validator.
		var also []string
		for _, later := range t.patterns[i+1:] {
			if c.checks && !c.takesAll(later.at) {
				also = append(also, c.pattern(later.re)+".MatchString(name)")
			}
		}
		if len(also) > 0 {
			fmt.Fprintf(&w, "if r.check && (%s) {\nif err = r.notCompiled(\"patternProperties\"); err != nil {\nreturn decodeAt(err, name)\n}\n}\n", strings.Join(also, " || "))
		}
		fmt.Fprintf(&w, "var x %s\n", typeText(pat.typ))
		c.value(&w, pat.typ, "x", nil, func(e string) string { return "decodeAt(" + e + ", name)" })
		fmt.Fprintf(&w, "if v.%s == nil {\nv.%s = make(map[string]%s)\n}\nv.%s[name] = x\nreturn nil\n}\n", pat.name, pat.name, typeText(pat.typ), pat.name)
	}
	switch {
	case t.extra == nil:
		// A closed object (every pattern compiles, or the struct would keep the members in
		// AdditionalProperties): a member it does not allow has nowhere to be kept, so it fails,
		// with the checks or without, and a union tries its next branch.
		keyword := "additionalProperties"
		if s.m["additionalProperties"] != false {
			keyword = "unevaluatedProperties"
		}
		fmt.Fprintf(&w, "err = decodeAt(checkFailed(%q, \"member is not allowed\"), string(key))\n", keyword)
	case isRaw(t.extra) && !(c.checks && strictCloses) && !(c.checks && isObjectSchema(s.m["additionalProperties"])):
		// Members the schema does not name, nor checks: kept as they are.
		fmt.Fprintf(&w, "err = r.keep(&v.%s, key)\n", t.extraName)
	default:
		w.WriteString("name := string(key)\n")
		if cond, ok := c.patternGuard(s, "name"); c.checks && s.m["additionalProperties"] == false && ok && !(t.at.doc.refAlone && s.m["$ref"] != nil) {
			fmt.Fprintf(&w, "if r.check%s {\nreturn decodeAt(checkFailed(\"additionalProperties\", \"member is not allowed\"), name)\n}\n", cond)
		}
		if c.checks && strictCloses && !closedAll {
			c.strictExtra(&w, t, s)
		}
		fmt.Fprintf(&w, "if _, dup := v.%s[name]; dup {\nreturn decodeAt(duplicate(name), name)\n}\nvar x %s\n", t.extraName, typeText(t.extra))
		sites := []loc(nil)
		if _, isObj := s.m["additionalProperties"].(*object); isObj {
			sites = []loc{apAt}
		}
		et := *t.extra
		et.hasSite = false
		c.value(&w, &et, "x", sites, func(e string) string { return "decodeAt(" + e + ", name)" })
		fmt.Fprintf(&w, "if v.%s == nil {\nv.%s = make(map[string]%s)\n}\nv.%s[name] = x\n", t.extraName, t.extraName, typeText(t.extra), t.extraName)
	}
	w.WriteString("}\nreturn err\n})")
	afterMembers := w.Len()
	// A required member is held by a value, whose zero would encode as a member the input did
	// not have: an absent one fails, with the checks or without.
	for i, f := range t.fields {
		if f.required {
			fmt.Fprintf(&w, "if !(%s) {\nreturn missing(%q)\n}\n", has(i), f.json)
		}
	}
	if c.checks {
		var chk strings.Builder
		required := map[string]bool{}
		_, req := c.b.objectMembers(t.at, s, map[string]bool{})
		for r := range req {
			required[r] = true
		}
		var names []string
		for r := range required {
			names = append(names, r)
		}
		sort.Strings(names)
		index := map[string]int{}
		for i, f := range t.fields {
			index[f.json] = i
		}
		// Required members in the order the struct lists them, then the others by name.
		sort.SliceStable(names, func(i, j int) bool {
			a, aok := index[names[i]]
			b, bok := index[names[j]]
			switch {
			case aok && bok:
				return a < b
			case aok != bok:
				return aok
			}
			return names[i] < names[j]
		})
		for _, r := range names {
			if i, ok := index[r]; ok && t.fields[i].required {
				continue // checked with or without the checks, above
			} else if ok {
				fmt.Fprintf(&chk, "if !(%s) {\nreturn missing(%q)\n}\n", has(i), r)
			} else if m, ok := c.keptIn(t, r); ok && m != "" {
				// Decoded into the map of the first pattern it matches, or the kept members.
				fmt.Fprintf(&chk, "if _, ok := v.%s[%q]; !ok {\nreturn missing(%q)\n}\n", m, r, r)
			} else if !ok {
				c.notCompiled(t.at, "required", fmt.Sprintf("%q is not a property, and a pattern may match it", r))
			} else {
				fmt.Fprintf(&chk, "return missing(%q)\n", r)
				break
			}
		}
		present := func(name string) string {
			if i, ok := index[name]; ok {
				return "(" + has(i) + ")"
			}
			if t.extra != nil {
				return fmt.Sprintf("hasKey(v.%s, %q)", t.extraName, name)
			}
			return "false"
		}
		for _, kw := range []string{"anyOf", "oneOf"} {
			groups := requiredGroups(s, kw)
			if groups == nil {
				continue
			}
			fmt.Fprintf(&chk, "if n := 0")
			for _, g := range groups {
				conds := []string{"true"}
				for _, name := range g {
					conds = append(conds, present(name))
				}
				fmt.Fprintf(&chk, " + btoi(%s)", strings.Join(conds, " && "))
			}
			op, msg := "== 0", "the object has the required members of no branch"
			if kw == "oneOf" {
				op, msg = "!= 1", "the object has the required members of no branch, or of more than one"
			}
			fmt.Fprintf(&chk, "; n %s {\nreturn checkFailed(%q, %q)\n}\n", op, kw, msg)
		}
		if count {
			if n, ok := jsonCount(minP); ok {
				fmt.Fprintf(&chk, "if count < %s {\nreturn checkFailed(\"minProperties\", \"fewer than %s members\")\n}\n", n, n)
			} else if minP != nil {
				c.notCompiled(t.at, "minProperties", "not a count")
			}
			if n, ok := jsonCount(maxP); ok {
				fmt.Fprintf(&chk, "if count > %s {\nreturn checkFailed(\"maxProperties\", \"more than %s members\")\n}\n", n, n)
			} else if maxP != nil {
				c.notCompiled(t.at, "maxProperties", "not a count")
			}
		}
		for _, p := range c.preds {
			if p.expr != "true" {
				guard := ""
				if p.lax {
					guard = "!r.strict && "
				}
				fmt.Fprintf(&chk, "if %s%s {\nreturn checkFailed(%q, %q)\n}\n", guard, notExpr(p.expr), p.kw, "the object does not meet the "+p.kw+" at "+p.at.String())
			}
		}
		if chk.Len() > 0 {
			fmt.Fprintf(&w, "if r.check {\n%s}\n", chk.String())
		}
	}
	c.preds = nil
	// The members are read by r.members, then what follows them is checked.
	dec := w.String()
	if w.Len() > afterMembers {
		dec = dec[:membersAt] + "if err := r.members" + dec[membersAt+len("\x00members\x00"):afterMembers] + "; err != nil {\nreturn err\n}\n" + dec[afterMembers:] + "return nil\n}\n\n"
	} else {
		dec = dec[:membersAt] + "return r.members" + dec[membersAt+len("\x00members\x00"):] + "\n}\n\n"
	}
	dec = hasMarks.ReplaceAllStringFunc(dec, func(m string) string {
		i, _ := strconv.Atoi(m[len("\x00has") : len(m)-1])
		if short[i] {
			return has(i)
		}
		usesBits = true
		if n > 64 {
			return fmt.Sprintf("isSeen(seen[:], %d)", i)
		}
		return fmt.Sprintf("hasBit(seen, %d)", i)
	})
	seenDecl = map[bool]string{true: seenDecl}[usesBits]
	w.Reset()
	w.WriteString(strings.Replace(dec, "\x00seen\x00", seenDecl, 1))
	// Encoding: the members first, so that err and first are declared only where used.
	decoding := w.String()
	w.Reset()
	if t.anyJSON {
		fmt.Fprintf(&w, "if v.%s != nil {\nreturn appendRaw(b, v.%s)\n}\n", t.notObject, t.notObject)
	}
	w.WriteString("b = append(b, '{')\n")
	for _, f := range t.fields {
		ft, _ := fieldShape(f)
		if _, isConst := constZero(f, ft); !isConst && !keepsOtherShapes(t, f) {
			if call, ok := putCall(f, ft); ok {
				w.WriteString(call)
				continue
			}
		}
		val := "v." + f.name
		member := fmt.Sprintf("b = appendName(b, %q)\n", string(escapeJSONString(f.json))+":")
		cond := ""
		switch {
		case f.required:
		case ft.kind == kNullable:
			cond = val + ".Set"
		case ft.kind == kPtr, ft.kind == kSlice, ft.kind == kMap:
			cond = val + " != nil"
		case isRaw(ft):
			cond = "len(" + val + ") != 0"
		}
		if keepsOtherShapes(t, f) {
			// A value of another shape, kept with the other members, is written there.
			kept := fmt.Sprintf("!hasKey(v.%s, %q)", t.extraName, f.json)
			if cond == "" {
				cond = kept
			} else {
				cond += " && " + kept
			}
		}
		if cond != "" {
			fmt.Fprintf(&w, "if %s {\n%s", cond, member)
			c.appendValueOf(&w, ft, val, strings.HasPrefix(cond, val+" != nil"))
			w.WriteString("}\n")
			continue
		}
		w.WriteString(member)
		if zero, ok := constZero(f, ft); ok {
			// A required constant is written as the constant when the field was left empty,
			// so that a value built in code encodes as its schema says.
			fmt.Fprintf(&w, "if %s == %s {\nb = append(b, %q...)\n} else {\n", val, zero, f.konst)
			c.appendValue(&w, ft, val)
			w.WriteString("}\n")
			continue
		}
		c.appendValue(&w, ft, val)
	}
	for _, pat := range t.patterns {
		fmt.Fprintf(&w, "for _, k := range sortedKeys(v.%s) {\nb = appendMember(b, k)\n", pat.name)
		c.appendValue(&w, pat.typ, "v."+pat.name+"[k]")
		w.WriteString("}\n")
	}
	if t.extra != nil && isRaw(t.extra) {
		var known []string
		for _, f := range t.fields {
			if !keepsOtherShapes(t, f) {
				known = append(known, ", "+strconv.Quote(f.json))
			}
		}
		fmt.Fprintf(&w, "b = putKept(b, &err, v.%s%s)\n", t.extraName, strings.Join(known, ""))
	} else if t.extra != nil {
		fmt.Fprintf(&w, "for _, k := range sortedKeys(v.%s) {\n", t.extraName)
		if len(t.fields) > 0 {
			var known []string
			for _, f := range t.fields {
				if !keepsOtherShapes(t, f) {
					known = append(known, strconv.Quote(f.json))
				}
			}
			if len(known) > 0 {
				fmt.Fprintf(&w, "switch k {\ncase %s:\ncontinue\n}\n", strings.Join(known, ", "))
			}
		}
		w.WriteString("b = appendMember(b, k)\n")
		c.appendValue(&w, t.extra, "v."+t.extraName+"[k]")
		w.WriteString("}\n")
	}
	w.WriteString("return append(b, '}'), err\n}\n\n")
	body := w.String()
	w.Reset()
	// err is a named result: declared once, whether or not a member's code sets it.
	fmt.Fprintf(&w, "%sfunc (v %s) appendJSON(b []byte) (_ []byte, err error) {\n", decoding, t.name)
	w.WriteString(body)
	c.cur = nil
	return w.String()
}

// takesAll reports whether the schema at takes every value: true, or annotations alone.
func (c *codec) takesAll(at loc) bool {
	v, err := c.b.l.at(at)
	if err != nil {
		return false
	}
	if v == true {
		return true
	}
	s, ok := v.(*object)
	return ok && onlyAnnotations(s)
}

// keptIn is the field of struct t whose map holds the member name when it is not a
// property: that of the first of its patterns that matches the name, else that of the kept
// members, else "" (the object takes no such member). ok is false when that is not known:
// a pattern of the schema is not compiled, or cannot be matched here.
func (c *codec) keptIn(t *namedType, name string) (field string, ok bool) {
	if t.uncompiledPattern {
		return "", false
	}
	for _, pat := range t.patterns {
		match, known := patternMatches(pat.re, name)
		if !known {
			return "", false
		}
		if match {
			return pat.name, true
		}
	}
	if t.extra != nil {
		return t.extraName, true
	}
	return "", true
}

// hasMarks are the marks objectPred leaves for the presence of a struct's member.
var hasMarks = regexp.MustCompile("\x00has[0-9]+\x00")

// usesIdent reports whether Go source text names ident, string literals and comments aside.
func usesIdent(src, ident string) bool {
	used := map[string]bool{}
	identsOf([]byte(src), used, nil)
	return used[ident]
}

// constZero returns the Go zero value of a required member's field when its schema's const is
// a scalar of the field's type other than that zero value.
func constZero(f *field, ft *typ) (string, bool) {
	if f.konst == "" || !f.required || ft.kind != kBuiltin {
		return "", false
	}
	var zero string
	switch {
	case ft.name == "string" && strings.HasPrefix(f.konst, `"`) && f.konst != `""`:
		zero = `""`
	case ft.name == "bool" && f.konst == "true":
		zero = "false"
	case (ft.name == "int64" || ft.name == "float64") && f.konst != "0" && len(f.konst) > 0 && (f.konst[0] == '-' || f.konst[0] >= '0' && f.konst[0] <= '9'):
		zero = "0"
	default:
		return "", false
	}
	return zero, true
}

func isObjectSchema(v any) bool {
	_, ok := v.(*object)
	return ok
}

// keepsOtherShapes reports whether a value of member f that its field does not take is kept in
// the struct's raw AdditionalProperties: only some union branches (or a then or else) describe
// the member, so such a value is valid where another branch applies.
func keepsOtherShapes(t *namedType, f *field) bool {
	return f.branch && t.extra != nil && isRaw(t.extra)
}

// patternGuard returns the condition (" && !(...)") under which a member name matches none of
// a schema's patternProperties, and false when some pattern cannot be compiled.
func (c *codec) patternGuard(s *object, name string) (string, bool) {
	pp := s.obj("patternProperties")
	if pp == nil {
		return "", true
	}
	var conds []string
	for _, p := range pp.keys {
		if !patternCompiles(p) {
			return "", false
		}
		conds = append(conds, fmt.Sprintf("%s.MatchString(%s)", c.pattern(p), name))
	}
	if len(conds) == 0 {
		return "", true
	}
	return " && !(" + strings.Join(conds, " || ") + ")", true
}

// closedMember reports whether the keyword k of an allOf member bs is an additionalProperties
// (or a patternProperties beside it) that structCodec checks: false, in a member without a
// $ref of its own, whose patterns all compile. The struct's members that bs neither names
// nor matches are then refused.
func (c *codec) closedMember(t *namedType, bs *object, k string) bool {
	if !c.checks || bs.m["additionalProperties"] != false || bs.m["$ref"] != nil {
		return false
	}
	if props := bs.obj("properties"); props != nil {
		for _, name := range props.keys {
			if !slices.ContainsFunc(t.fields, func(f *field) bool { return f.json == name }) {
				return false // a member it names that reaches the struct's default case
			}
		}
	}
	if k != "additionalProperties" && k != "patternProperties" {
		return false
	}
	if _, ok := c.patternGuard(bs, "name"); !ok {
		return false
	}
	if k == "patternProperties" {
		// The patterns only allow names here; their schemas are held to the members too.
		pp := bs.obj("patternProperties")
		if pp == nil {
			return false
		}
		for _, p := range pp.keys {
			if ps, ok := pp.m[p].(*object); pp.m[p] != true && !(ok && onlyAnnotations(ps)) {
				return false
			}
		}
		return true
	}
	if !slices.Contains(c.closedMembers, bs) {
		c.closedMembers = append(c.closedMembers, bs)
	}
	return true
}

// structKeywords reports the keywords of a struct's schema that its decoder does not check.
func (c *codec) structKeywords(t *namedType, s *object) {
	for _, k := range s.keys {
		switch {
		case k == "additionalProperties" && (s.m["allOf"] != nil || s.m["$ref"] != nil):
			if s.m[k] != false || t.at.doc.refAlone && s.m["$ref"] != nil {
				c.notCompiled(t.at, k, "beside allOf or $ref, whose members it does not see")
			}
			// false: the members the struct has from elsewhere are refused (see closedForeign)
		case k == "$ref":
			c.notCompiled(t.at, k, "members merged from the referenced schema are not checked against it")
		case k == "patternProperties":
			// Several patterns: a member whose name more than one matches defers (see
			// structCodec), others get a verdict.
			if pp := s.obj(k); pp == nil || len(pp.keys) != len(t.patterns) {
				c.notCompiled(t.at, k, "a pattern Go cannot compile, or one merged from elsewhere")
			}
		case annotationIn(t.at.doc, k, s), k == "type", k == "properties", k == "required", k == "additionalProperties",
			k == "minProperties", k == "maxProperties":
		case t.typeListBranch && keywordTypes[k] != "" && keywordTypes[k] != "object":
			// an assertion on another JSON type of the type list: the union's
		case (k == "anyOf" || k == "oneOf") && requiredGroups(s, k) != nil:
		case k == "allOf":
			all, _ := s.m["allOf"].([]any)
			for i := range all {
				at := t.at.child("allOf", strconv.Itoa(i))
				bat, bs, _ := c.b.deref(at, c.b.schemaAt(at))
				if bs == nil {
					continue
				}
				for _, bk := range bs.keys {
					if !annotationIn(at.doc, bk, bs) && bk != "properties" && bk != "required" && bk != "$ref" && !(bk == "type" && bs.str("type") == "object") {
						if objectPredKeywords[bk] && c.addPred(t, bat, bs, bk) {
							continue
						}
						if c.closedMember(t, bs, bk) {
							continue
						}
						c.notCompiled(at, bk, "inside a merged allOf member")
					}
				}
				if bs.str("type") == "object" {
					c.notCompiledStrict(at, "type", "an allOf member that is an object schema of its own, which strict mode closes alone")
				}
			}
		case k == "additionalProperties" && s.m["allOf"] != nil:
			c.notCompiled(t.at, k, "beside allOf, whose members it does not see")
		case k == "propertyNames" && c.checks:
			if e, ok := c.holds(t.at.child(k), "string", "name", 0); ok {
				c.propNames = e
			} else {
				c.notCompiled(t.at, k, "the names' schema asserts what the checks do not compile")
			}
		case objectPredKeywords[k] && c.addPred(t, t.at, s, k):
		default:
			c.notCompiled(t.at, k, "not supported by the checks")
		}
	}
	// A named member that matches a pattern is held to the pattern's schema too, which its
	// field's decoding does not check.
	for _, pat := range t.patterns {
		if ps := c.b.schemaAt(pat.at); ps == nil || onlyAnnotations(ps) {
			continue
		}
		for _, f := range t.fields {
			if match, ok := patternMatches(pat.re, f.json); match || !ok {
				if ft, _ := fieldShape(f); !f.branch && (ft.kind == kPtr && c.impliedBy(pat.at, ft.elem, 0) || ft.kind == kNamed && c.impliedBy(pat.at, ft, 0)) {
					continue // its field's type is the pattern's schema, checked as it is decoded
				}
				c.notCompiled(pat.at, "patternProperties", fmt.Sprintf("the named member %q matches the pattern too", f.json))
				break
			}
		}
	}
	if ap, ok := s.m["additionalProperties"].(*object); ok && t.extra != nil && isRaw(t.extra) {
		if len(ap.keys) > 0 && !onlyAnnotations(ap) {
			c.notCompiled(t.at.child("additionalProperties"), "additionalProperties", "its values are kept as raw JSON")
		}
	}
}

// objectPredKeywords are the keywords of an object schema (or of an allOf member of it) that
// objectPred can compile into a predicate on the decoded struct.
var objectPredKeywords = map[string]bool{
	"not": true, "anyOf": true, "oneOf": true, "if": true, "then": true, "else": true,
	"dependentRequired": true, "dependencies": true, "allOf": true,
}

// objPred is a predicate the decoded struct must meet: the Go expression, the keyword and
// where it is.
type objPred struct {
	expr, kw string
	at       loc
	// lax: a subschema is an object schema that strict mode closes, which the predicate does
	// not: checked in default mode only.
	lax bool
}

// addPred compiles the keyword k of the object schema s at at into a predicate of the
// struct t, and reports whether it could (then and else go with their if).
func (c *codec) addPred(t *namedType, at loc, s *object, k string) bool {
	if !c.checks {
		return true
	}
	if k == "then" || k == "else" {
		if _, ok := s.m["if"]; !ok {
			return true // without an if they assert nothing
		}
		_, ok := c.objectPred(t, at, 0, map[string]bool{"if": true})
		return ok
	}
	only := map[string]bool{k: true}
	if k == "if" {
		only["then"], only["else"] = true, true
	}
	c.predLax = false
	e, ok := c.objectPred(t, at, 0, only)
	if ok {
		c.preds = append(c.preds, objPred{expr: e, kw: k, at: at, lax: c.predLax})
		if c.predLax {
			c.notCompiledStrict(at, k, "a subschema is an object schema, which strict mode closes")
		}
	}
	return ok
}

// objectPred returns a Go expression that is true when the decoded struct t (its fields,
// the seen bits of its members and AdditionalProperties) meets the schema at at, or false
// when it cannot be compiled so. only, when set, limits the keywords read at at.
func (c *codec) objectPred(t *namedType, at loc, depth int, only map[string]bool) (string, bool) {
	return c.objectPredOn(t, "", at, depth, only)
}

// objectPredOn is objectPred on recv, an expression of t's type holding a value decoded
// before (a member of the struct being decoded), or on the struct being decoded when recv is
// "". A member of such a value is present when it is required (its decoding fails without
// it) or its field is set: decoding is lossless, so an optional member that came is never
// left as an unset field.
func (c *codec) objectPredOn(t *namedType, recv string, at loc, depth int, only map[string]bool) (string, bool) {
	if depth > 8 {
		return "", false
	}
	nested, inner := recv != "", recv // inner: the receiver of the subschemas' predicates
	if !nested {
		recv = "v"
	} else if t.anyJSON {
		return "", false // it may hold a value that is not an object
	}
	v, err := c.b.l.at(at)
	if err != nil {
		return "", false
	}
	switch v {
	case true:
		return "true", true
	case false:
		return "false", true
	}
	s, ok := v.(*object)
	if !ok {
		return "", false
	}
	keys := s.keys
	if at.doc.refAlone && s.str("$ref") != "" {
		keys = []string{"$ref"}
	}
	index := map[string]int{}
	for i, f := range t.fields {
		index[f.json] = i
	}
	present := func(name string) (string, bool) {
		if i, ok := index[name]; ok && nested {
			f := t.fields[i]
			ft, _ := fieldShape(f)
			switch {
			case f.required:
				return "true", true
			case ft.kind == kNullable:
				return recv + "." + f.name + ".Set", true
			case isRaw(ft):
				return recv + "." + f.name + " != nil", true // a null is kept as its text
			case (ft.kind == kPtr || ft.kind == kSlice || ft.kind == kMap) && f.at.doc != nil && c.nullAt(f.at, 0) < 0:
				// A null its schema refuses fails the decoding: an unset field is an absent member.
				return recv + "." + f.name + " != nil", true
			}
			return "", false
		}
		if i, ok := index[name]; ok {
			// Written once structCodec knows how the member's presence shows (see has).
			return fmt.Sprintf("\x00has%d\x00", i), true
		}
		if len(t.patterns) > 0 {
			return "", false
		}
		if t.extra != nil {
			return fmt.Sprintf("hasKey(%s.%s, %q)", recv, t.extraName, name), true
		}
		if ts := c.b.schemaAt(t.at); ts == nil || ts.m["additionalProperties"] != false {
			return "", false // a member the decoder skips
		}
		return "false", true
	}
	var conds []string
	sub := func(kw string, i int) (string, bool) {
		a := at.child(kw)
		if i >= 0 {
			a = at.child(kw, strconv.Itoa(i))
		}
		return c.objectPredOn(t, inner, a, depth+1, nil)
	}
	for _, k := range keys {
		if only != nil && !only[k] {
			continue
		}
		val := s.m[k]
		switch {
		case annotationIn(at.doc, k, s):
		case keywordTypes[k] != "" && keywordTypes[k] != "object", k == "format":
		case k == "then" || k == "else":
			// with their if
		case k == "type":
			if !contains(typeList(s), "object") {
				conds = append(conds, "false")
			} else if _, ap := s.m["additionalProperties"]; !ap && depth > 0 && s.m["unevaluatedProperties"] == nil {
				c.predLax = true
			}
		case k == "required":
			for _, name := range asStringList(val) {
				p, ok := present(name)
				if !ok {
					return "", false
				}
				conds = append(conds, p)
			}
		case k == "properties":
			props, _ := val.(*object)
			if props == nil {
				return "", false
			}
			for _, name := range props.keys {
				pa := at.child("properties", name)
				if ps := c.b.schemaAt(pa); props.m[name] == true || ps != nil && onlyAnnotations(ps) {
					continue
				}
				i, ok := index[name]
				if !ok {
					return "", false
				}
				e, ok := c.memberPred(recv, t.fields[i], pa, depth)
				if !ok {
					return "", false
				}
				p, _ := present(name)
				conds = append(conds, orExpr(notExpr(p), e))
			}
		case k == "dependentRequired" || k == "dependencies":
			deps, _ := val.(*object)
			if deps == nil {
				return "", false
			}
			for _, name := range deps.keys {
				list, isList := deps.m[name].([]any)
				if !isList {
					return "", false // a schema dependency
				}
				p, ok := present(name)
				if !ok {
					return "", false
				}
				var need []string
				for _, d := range list {
					ds, _ := d.(string)
					dp, ok := present(ds)
					if !ok {
						return "", false
					}
					need = append(need, dp)
				}
				if len(need) > 0 {
					conds = append(conds, orExpr(notExpr(p), andExpr(need...)))
				}
			}
		case k == "$ref":
			target, err := c.b.l.resolve(at, s.str("$ref"))
			if err != nil {
				return "", false
			}
			e, ok := c.objectPredOn(t, inner, target, depth+1, nil)
			if !ok {
				return "", false
			}
			conds = append(conds, e)
		case k == "allOf" || k == "anyOf" || k == "oneOf":
			br, ok := val.([]any)
			if !ok || len(br) == 0 {
				return "", false
			}
			var parts []string
			for i := range br {
				e, ok := sub(k, i)
				if !ok {
					return "", false
				}
				if k == "oneOf" {
					e = "btoi(" + e + ")"
				}
				parts = append(parts, e)
			}
			switch k {
			case "allOf":
				conds = append(conds, andExpr(parts...))
			case "anyOf":
				conds = append(conds, orExpr(parts...))
			default:
				conds = append(conds, "("+strings.Join(parts, "+")+" == 1)")
			}
		case k == "not":
			e, ok := sub("not", -1)
			if !ok {
				return "", false
			}
			conds = append(conds, notExpr(e))
		case k == "if":
			cond, ok := sub("if", -1)
			then, els := "true", "true"
			okT, okE := true, true
			if _, has := s.m["then"]; has {
				then, okT = sub("then", -1)
			}
			if _, has := s.m["else"]; has {
				els, okE = sub("else", -1)
			}
			if !ok || !okT || !okE {
				return "", false
			}
			conds = append(conds, orExpr(andExpr(cond, then), andExpr(notExpr(cond), els)))
		default:
			return "", false
		}
	}
	return andExpr(conds...), true
}

// memberPred returns a Go expression that is true when the value of a struct's member f,
// which is present, meets the schema at at: one of a string, number or boolean field (held
// by a pointer or a Nullable, null judged once for all), or false when it cannot be compiled.
func (c *codec) memberPred(recv string, f *field, at loc, depth int) (string, bool) {
	ft, _ := fieldShape(f)
	if f.branch && ft.kind != kPtr && ft.kind != kNullable {
		return "", false // decoded without the checks, a null would read as the zero value
	}
	if vt := ft; !f.branch {
		if vt.kind == kPtr || vt.kind == kNullable {
			vt = vt.elem
		}
		named := vt.kind == kNamed && (vt.named.kind == nStruct || vt.named.kind == nEnum || vt.named.kind == nUnion && vt.named.sel == nil) && vt.named.at.doc != nil
		if named && c.sameSchema(at, vt.named.at) || (vt.kind == kSlice || vt.kind == kMap) && vt.hasSite && c.sameSchema(at, vt.site) {
			// The schema the member's value is decoded and checked by (a struct, enumeration,
			// union, list or map): an instance whose member does not meet it is invalid
			// whatever the predicate says.
			return "true", true
		}
	}
	val := recv + "." + f.name
	null := ""
	switch ft.kind {
	case kPtr:
		null, val, ft = val+" == nil", "(*"+val+")", ft.elem
	case kNullable:
		null, val, ft = "!"+val+".Valid", val+".V", ft.elem
	}
	e, ok := c.valuePred(val, ft, at, depth)
	if !ok {
		return "", false
	}
	if null == "" {
		return e, true
	}
	switch c.nullAt(at, 0) {
	case 1:
		return orExpr(null, e), true
	case -1:
		return andExpr(notExpr(null), e), true
	}
	return "", false
}

// sameSchema reports whether the schemas at a and b are one, once the schemas that are a
// $ref and annotations alone are followed.
func (c *codec) sameSchema(a, b loc) bool {
	follow := func(at loc) string {
		for i := 0; i < 8; i++ {
			s := c.b.schemaAt(at)
			if s == nil || s.str("$ref") == "" {
				break
			}
			for _, k := range s.keys {
				if k != "$ref" && !annotationIn(at.doc, k, s) {
					return at.key()
				}
			}
			target, err := c.b.l.resolve(at, s.str("$ref"))
			if err != nil {
				break
			}
			at = target
		}
		return at.key()
	}
	return a.doc != nil && b.doc != nil && follow(a) == follow(b)
}

// valuePred returns a Go expression that is true when val, a decoded value of ft that is not
// null, meets the schema at at: a string, number or boolean by its value, a struct by its
// members (see objectPredOn), a slice by its length and items, and any other value by its
// JSON text (its type, enum, const and the combinators of those), or false when it cannot be
// compiled so.
func (c *codec) valuePred(val string, ft *typ, at loc, depth int) (string, bool) {
	if depth > 8 {
		return "", false
	}
	switch {
	case scalarValue(ft):
		base := scalarBase(ft)
		str := val
		if ft.kind == kNamed && ft.named.kind == nEnum {
			str = map[string]string{"string": "string(", "int": "int64(", "float": "float64("}[base] + val + ")"
		}
		return c.holds(at, base, str, 0)
	case ft.kind == kNamed && ft.named.kind == nStruct:
		return c.objectPredOn(ft.named, val, at, depth+1, nil)
	case ft.kind == kSlice:
		return c.slicePred(val, ft, at, depth+1)
	case isRaw(ft):
		return c.holds(at, "raw", val, 0)
	case ft.kind == kNamed && (ft.named.kind == nUnion || ft.named.kind == nDate || ft.named.kind == nDateTime):
		return c.holds(at, "raw", "jsonOf("+val+")", 0)
	}
	return "", false
}

// slicePred is valuePred on a slice: its type, minItems, maxItems and an items schema.
func (c *codec) slicePred(val string, ft *typ, at loc, depth int) (string, bool) {
	if depth > 8 {
		return "", false
	}
	v, err := c.b.l.at(at)
	if err != nil {
		return "", false
	}
	switch v {
	case true:
		return "true", true
	case false:
		return "false", true
	}
	s, ok := v.(*object)
	if !ok {
		return "", false
	}
	keys := s.keys
	if at.doc.refAlone && s.str("$ref") != "" {
		keys = []string{"$ref"}
	}
	var conds []string
	for _, k := range keys {
		switch {
		case annotationIn(at.doc, k, s):
		case keywordTypes[k] != "" && keywordTypes[k] != "array", k == "format":
		case k == "type":
			if !contains(typeList(s), "array") {
				conds = append(conds, "false")
			}
		case k == "minItems" || k == "maxItems":
			n, ok := jsonCount(s.m[k])
			if !ok {
				return "", false
			}
			conds = append(conds, fmt.Sprintf("len(%s) %s %s", val, map[string]string{"minItems": ">=", "maxItems": "<="}[k], n))
		case k == "items" && isObjectSchema(s.m[k]) || k == "items" && s.m[k] == false:
			if ft.elem.kind == kPtr || ft.elem.kind == kNullable {
				return "", false
			}
			x := c.local("x")
			e, ok := c.valuePred(x, ft.elem, at.child("items"), depth+1)
			if !ok {
				return "", false
			}
			if e != "true" {
				conds = append(conds, fmt.Sprintf("every(%s, func(%s %s) bool { return %s })", val, x, typeText(ft.elem), e))
			}
		case k == "$ref":
			target, err := c.b.l.resolve(at, s.str("$ref"))
			if err != nil {
				return "", false
			}
			e, ok := c.slicePred(val, ft, target, depth+1)
			if !ok {
				return "", false
			}
			conds = append(conds, e)
		default:
			return "", false
		}
	}
	return andExpr(conds...), true
}

// requiredGroups returns the required lists of an anyOf or oneOf whose branches only add
// required members, or nil.
func requiredGroups(s *object, kw string) [][]string {
	br, _ := s.m[kw].([]any)
	if len(br) == 0 {
		return nil
	}
	var out [][]string
	for _, b := range br {
		o, ok := b.(*object)
		if !ok {
			return nil
		}
		for _, k := range o.keys {
			if k != "required" && !isAnnotation(k) {
				return nil
			}
		}
		out = append(out, asStringList(o.m["required"]))
	}
	return out
}

func onlyAnnotations(s *object) bool {
	for _, k := range s.keys {
		if !isAnnotation(k) {
			return false
		}
	}
	return true
}

// strictForeign writes the strict-mode check of a member the struct has a field for that its
// own schema does not name (one merged from an allOf member, a $ref beside it or a branch):
// strict mode closes the schema with its own properties and patterns, so such a member is
// refused, or held to the schema in x-strict-additionalProperties (left to a validator).
func (c *codec) strictForeign(w *strings.Builder, s *object, f *field, name string) {
	if !foreign(s, f) {
		return
	}
	if extra, ok := s.m["x-strict-additionalProperties"]; ok {
		if eo, _ := extra.(*object); extra == true || eo != nil && onlyAnnotations(eo) {
			return
		}
		fmt.Fprintf(w, "if r.strict {\nif err = r.notCompiled(\"x-strict-additionalProperties\"); err != nil {\nreturn decodeAt(err, %s)\n}\n}\n", name)
		return
	}
	fmt.Fprintf(w, "if r.check && r.strict {\nreturn decodeAt(checkFailed(\"additionalProperties\", \"member is not allowed\"), %s)\n}\n", name)
}

// foreign reports whether the member of field f is one a schema's own properties and
// patternProperties do not name (one an allOf member or a branch adds to the struct).
func foreign(s *object, f *field) bool {
	if props := s.obj("properties"); props != nil && props.m[f.json] != nil {
		return false
	}
	if pp := s.obj("patternProperties"); pp != nil {
		for _, p := range pp.keys {
			if match, ok := patternMatches(p, f.json); match || !ok {
				return false // allowed, and checked against the pattern's schema (or not compiled)
			}
		}
	}
	return true
}

// closedForeign writes the check of a member the struct has a field for that a schema with
// additionalProperties: false does not name itself: refused under cond.
func (c *codec) closedForeign(w *strings.Builder, s *object, f *field, name, cond string) {
	if foreign(s, f) {
		fmt.Fprintf(w, "if %s {\nreturn decodeAt(checkFailed(\"additionalProperties\", \"member is not allowed\"), %s)\n}\n", cond, name)
	}
}

// strictExtra writes the strict-mode check of a member the schema does not name: refused, or
// held to the schema in x-strict-additionalProperties.
func (c *codec) strictExtra(w *strings.Builder, t *namedType, s *object) {
	extra, ok := s.m["x-strict-additionalProperties"]
	cond, compiled := c.patternGuard(s, "name")
	if !compiled {
		return
	}
	if !ok {
		fmt.Fprintf(w, "if r.check && r.strict%s {\nreturn decodeAt(checkFailed(\"additionalProperties\", \"member is not allowed\"), name)\n}\n", cond)
		return
	}
	if cond != "" {
		c.notCompiled(t.at, "x-strict-additionalProperties", "beside patternProperties")
		return
	}
	eo, _ := extra.(*object)
	if extra == true || (eo != nil && onlyAnnotations(eo)) {
		return
	}
	if eo != nil {
		types := typeList(eo)
		simple := len(types) == 1
		for _, k := range eo.keys {
			if k != "type" && !isAnnotation(k) {
				simple = false
			}
		}
		if simple {
			var cond string
			switch types[0] {
			case "string":
				cond = "r.peek() != '\"'"
			case "object":
				cond = "r.peek() != '{'"
			case "array":
				cond = "r.peek() != '['"
			case "boolean":
				cond = "r.peek() != 't' && r.peek() != 'f'"
			case "null":
				cond = "r.peek() != 'n'"
			}
			if cond != "" {
				fmt.Fprintf(w, "if r.check && r.strict && %s {\nreturn decodeAt(r.mismatch(%q), name)\n}\n", cond, types[0])
				return
			}
		}
	}
	c.notCompiled(t.at, "x-strict-additionalProperties", "only a single type is compiled")
}

// mergedWantsObject reports whether a schema that struct t merges (its own, an allOf member,
// a $ref) says that the value is an object and nothing else.
func (c *codec) mergedWantsObject(t *namedType, s *object) bool {
	for _, at := range c.b.objectSources(t.at, s, map[string]bool{}) {
		if so := c.b.schemaAt(at); so != nil {
			if types := typeList(so); len(types) == 1 && types[0] == "object" {
				return true
			}
		}
	}
	return false
}

// strictMap writes, for a map whose schema (at one of sites) is an object schema that says
// nothing of the members it takes, strict mode's refusal of every member: validate closes
// such a schema in strict mode (additionalProperties: false, or what
// x-strict-additionalProperties says, which is left to a validator).
func (c *codec) strictMap(w *strings.Builder, sites []loc, k string, wrap func(string) string) {
	for _, at := range sites {
		for depth := 0; depth < 8; depth++ {
			v, err := c.b.l.at(at)
			if err != nil {
				return
			}
			so, ok := v.(*object)
			if !ok {
				break
			}
			if ref := so.str("$ref"); ref != "" && len(so.keys) == 1 {
				target, err := c.b.l.resolve(at, ref)
				if err != nil {
					return
				}
				at = target
				continue
			}
			_, ap := so.m["additionalProperties"]
			_, up := so.m["unevaluatedProperties"]
			if !contains(typeList(so), "object") || ap || up {
				break
			}
			if extra, ok := so.m["x-strict-additionalProperties"]; ok {
				if eo, _ := extra.(*object); extra != true && !(eo != nil && onlyAnnotations(eo)) {
					fmt.Fprintf(w, "if r.strict {\nif err = r.notCompiled(\"x-strict-additionalProperties\"); err != nil {\nreturn %s\n}\n}\n", wrap("err"))
				}
				return
			}
			fmt.Fprintf(w, "if r.check && r.strict {\nreturn %s\n}\n", wrap(fmt.Sprintf("decodeAt(checkFailed(\"additionalProperties\", \"member is not allowed\"), string(%s))", k)))
			return
		}
	}
}

// enumCodec writes the decoding and encoding methods of an enumeration.
func (c *codec) enumCodec(t *namedType) string {
	c.cur, c.n = t, 0
	defer c.ownMetaschema(t)()
	var w strings.Builder
	s := c.b.schemaAt(t.at)
	base := &typ{kind: kNamed, named: t}
	read := map[string]string{"string": "r.str()", "int64": "r.int()", "float64": "r.float()"}[t.base]
	fmt.Fprintf(&w, "func (v *%s) decodeJSON(r *jsonReader) error {\n", t.name)
	if enumVar(t) != "" {
		// Looked up in the list of values, so that a known value becomes its constant.
		fail := "false"
		if c.checks && !t.anyString {
			fail = "r.check"
			if t.open {
				fail = "r.check && r.strict"
			}
		}
		fmt.Fprintf(&w, "\x00decEnum(v, r, %s, %s)", enumVar(t), fail)
	} else if t.base == "string" {
		fmt.Fprintf(&w, "if r.peek() == 'n' {\nreturn r.nullValue(%q)\n}\n", wantOf(base))
		// Read without a copy; a known value becomes its constant.
		fmt.Fprintf(&w, "s, err := r.strBytes()\nif err != nil {\nreturn err\n}\nswitch string(s) {\n")
		for i, val := range t.values {
			fmt.Fprintf(&w, "case %q:\n*v = %s\n", val, t.vnames[i])
		}
		fmt.Fprintf(&w, "default:\n")
		if c.checks && !t.anyString {
			guard := "r.check"
			if t.open {
				guard = "r.check && r.strict"
			}
			fmt.Fprintf(&w, "if %s {\nreturn checkFailed(\"enum\", \"%%q is not one of the allowed values\", s)\n}\n", guard)
		}
		fmt.Fprintf(&w, "*v = %s(s)\n}\n", t.name)
	} else {
		fmt.Fprintf(&w, "if r.peek() == 'n' {\nreturn r.nullValue(%q)\n}\n", wantOf(base))
		ret := "return err"
		if c.checks && !t.open {
			ret = "return r.beyondBound(err, \"enum\", \"enum\")" // no value is beyond 64 bits
		}
		fmt.Fprintf(&w, "x, err := %s\nif err != nil {\n%s\n}\n*v = %s(x)\n", read, ret, t.name)
		if c.checks {
			guard := "r.check"
			if t.open {
				guard = "r.check && r.strict"
			}
			fmt.Fprintf(&w, "if %s && !v.Valid() {\nreturn checkFailed(\"enum\", \"%%v is not one of the allowed values\", x)\n}\n", guard)
		}
	}
	var cs []constraint
	for _, k := range s.keys {
		switch {
		// The string branch beside the listed values, when it asserts more than its type, is
		// checked as an anyOf of strings (see combinatorCheck).
		case annotationIn(t.at.doc, k, s), k == "enum", k == "type", k == "anyOf" && t.anyString && !t.freeConstrained:
		case k == "const", k == "format", k == "minLength", k == "maxLength", k == "pattern", k == "minimum",
			k == "maximum", k == "exclusiveMinimum", k == "exclusiveMaximum", k == "multipleOf":
			cs = append(cs, constraint{kw: k, val: s.m[k], at: t.at})
		case combinators[k]:
			cs = append(cs, constraint{kw: k, at: t.at})
		case k == "then" || k == "else":
		default:
			c.notCompiled(t.at, k, "not supported by the checks")
		}
	}
	at := w.Len()
	c.checkCode(&w, cs, base, "(*v)", func(e string) string { return e })
	w.WriteString("return nil\n}\n\n")
	dec := w.String()
	if i := strings.Index(dec, "\x00decEnum"); i >= 0 {
		call := dec[i+1 : at]
		if w.Len()-at == len("return nil\n}\n\n") {
			dec = dec[:i] + "return " + call + "\n}\n\n"
		} else {
			dec = dec[:i] + "if err := " + call + "; err != nil {\nreturn err\n}\n" + dec[at:]
		}
	}
	w.Reset()
	w.WriteString(dec)
	if t.base == "string" {
		fmt.Fprintf(&w, "func (v %s) appendJSON(b []byte) ([]byte, error) { return appendString(b, string(v)), nil }\n\n", t.name)
	} else {
		fmt.Fprintf(&w, "func (v %s) appendJSON(b []byte) (_ []byte, err error) {\n", t.name)
		c.appendValue(&w, base, "v")
		w.WriteString("return b, nil\n}\n\n")
	}
	c.cur = nil
	return w.String()
}

// fallbackExcludes reports whether the branch of a dispatch that takes the values of its key
// the others do not fix refuses each value they fix: its schema says not {"properties": {key:
// X}}, and X takes every such value (by its type, enum and const).
func (c *codec) fallbackExcludes(d *dispatch) bool {
	at := d.fallbackVariant.at
	if at.doc == nil {
		return false
	}
	at, fs, err := c.b.deref(at, c.b.schemaAt(at))
	if err != nil || fs == nil {
		return false
	}
	nat := at.child("not")
	ns := c.b.schemaAt(nat)
	if ns == nil {
		return false
	}
	for _, k := range ns.keys {
		if !annotationIn(nat.doc, k, ns) && k != "properties" && !(k == "type" && ns.str("type") == "object") {
			return false
		}
	}
	props := ns.obj("properties")
	if props == nil || len(props.keys) != 1 || props.keys[0] != d.key {
		return false
	}
	xat := nat.child("properties", d.key)
	xs := c.b.schemaAt(xat)
	if xs == nil {
		return false
	}
	for _, cs := range d.cases {
		for _, v := range cs.values {
			val, err := parseOrdered([]byte(v))
			if err != nil {
				return false
			}
			key, ok := schemaItemKey(val, 0)
			if !ok {
				return false
			}
			for _, k := range xs.keys {
				switch {
				case annotationIn(xat.doc, k, xs):
				case k == "type":
					jt := jsonTypeOf(val)
					switch jt {
					case "object", "array":
						return false
					case "integer":
						jt = "number" // held to a type list that says number
					}
					if !contains(typeList(xs), jt) {
						return false
					}
				case k == "enum" || k == "const":
					list := []any{xs.m[k]}
					if k == "enum" {
						list, _ = xs.m[k].([]any)
					}
					found := false
					for _, e := range list {
						if ek, ok := schemaItemKey(e, 0); ok && ek == key {
							found = true
						}
					}
					if !found {
						return false
					}
				default:
					return false
				}
			}
		}
	}
	return true
}

// siblingChecks returns the checks of the required and properties beside the branches of a
// union, on an object before its branch is decoded (a value must meet them and a branch), the
// members they require, and whether they are compiled: not when there are none, or some
// property's schema asserts what the checks cannot compile on a member's JSON text.
func (c *codec) siblingChecks(t *namedType, s *object) (code string, required []string, compiled bool) {
	if !c.checks || s == nil || t.sel != nil || ifBranches(s) != nil || t.multi {
		return "", nil, false
	}
	if _, bk := unionBranches(s); bk == "" {
		return "", nil, false
	}
	_, hasReq := s.m["required"]
	props := s.obj("properties")
	if !hasReq && props == nil || s.m["properties"] != nil && props == nil {
		return "", nil, false
	}
	req := asStringList(s.m["required"])
	var w strings.Builder
	w.WriteString("if r.check {\n")
	if len(req) > 0 {
		w.WriteString("names, err := r.memberNames()\nif err != nil {\nreturn err\n}\n")
		for _, name := range req {
			fmt.Fprintf(&w, "if !hasAll(names, %q) {\nreturn missing(%q)\n}\n", name, name)
		}
	}
	if props != nil {
		for _, name := range props.keys {
			pa := t.at.child("properties", name)
			ps := c.b.schemaAt(pa)
			if props.m[name] == true || ps != nil && onlyAnnotations(ps) {
				continue
			}
			if props.m[name] == false {
				fmt.Fprintf(&w, "if x, err := r.memberCanonical(%q); err != nil {\nreturn err\n} else if x != \"\" {\nreturn decodeAt(checkFailed(\"false\", \"the schema takes no value\"), %q)\n}\n", name, name)
				continue
			}
			if ps == nil {
				return "", nil, false
			}
			var body strings.Builder
			for _, k := range ps.keys {
				if annotationIn(pa.doc, k, ps) || k == "then" || k == "else" {
					continue
				}
				only := []string{k}
				if k == "if" {
					only = append(only, "then", "else")
				}
				e, ok := c.holdsKeys(pa, "raw", "[]byte(x)", 0, only)
				if !ok {
					return "", nil, false
				}
				if e != "true" {
					fmt.Fprintf(&body, "if %s {\nreturn decodeAt(checkFailed(%q, \"the member does not meet the schema beside the union's branches\"), %q)\n}\n", notExpr(e), k, name)
				}
			}
			if body.Len() > 0 {
				fmt.Fprintf(&w, "if x, err := r.memberCanonical(%q); err != nil {\nreturn err\n} else if x != \"\" {\n%s}\n", name, body.String())
			}
		}
	}
	if w.Len() == len("if r.check {\n") {
		return "", req, true // nothing to check
	}
	w.WriteString("}\n")
	return w.String(), req, true
}

// unionCodec writes the decoding and encoding methods of a union.
func (c *codec) unionCodec(t *namedType) string {
	c.cur, c.n = t, 0
	defer c.ownMetaschema(t)()
	c.tried = map[*variant]bool{}
	var w strings.Builder
	s := c.b.schemaAt(t.at)
	for _, v := range t.vars {
		v.checks = nil // typeListCheck adds them
	}
	sibling, sibRequired, sibCompiled := c.siblingChecks(t, s)
	for _, k := range s.keys {
		switch {
		case sibCompiled && (k == "required" || k == "properties"):
			// checked on an object before its branch is decoded (see siblingChecks)
		case (k == "oneOf" || k == "anyOf") && t.sel == nil && ifBranches(s) == nil && !t.multi:
			if _, bk := unionBranches(s); bk != k {
				c.notCompiled(t.at, k, "beside the branches of the union")
			}
		case annotationIn(t.at.doc, k, s), k == "oneOf", k == "anyOf", k == "type":
		case k == "items" && t.multi && !isList(s.m[k]):
			// the schema of the Array branch's elements, which are checked against it
		case t.multi && c.typeListCheck(t, s, k):
		case (k == "then" || k == "else") && ifBranches(s) != nil:
		case k == "if" && ifBranches(s) != nil:
			c.notCompiled(t.at, k, "then and else are the branches of a union, and the if itself is not evaluated")
		default:
			c.notCompiled(t.at, k, "beside a union")
		}
	}
	// The keyword whose branches the union holds, for the warnings.
	kw := "oneOf/anyOf"
	if _, k := unionBranches(s); k != "" {
		kw = k
	} else if ifBranches(s) != nil {
		kw = "then/else"
	} else if t.multi {
		kw = "type"
	}
	if t.tries() && kw != "anyOf" && kw != "type" {
		// The first branch whose checks hold decides an anyOf (or a type list); a oneOf would
		// need every other branch to fail.
		c.notCompiled(t.at, kw, "branches that take the same JSON type are tried in order")
	}
	c.loose, c.looseAbsent = "", false
	if d := t.dispatch; d != nil {
		// Where the branch an object is decoded into is not the only one that may take it, a
		// failure of that branch is left to a validator (see dispatchCode); a value the branch
		// takes is valid for an anyOf, and left to a validator for a oneOf, where another
		// branch may take it too.
		loose := func(why string) {
			c.loose = kw
			if kw != "anyOf" {
				c.notCompiled(t.at, kw, why)
			}
		}
		if d.fallbackVariant != nil && !(contains(sibRequired, d.key) && c.fallbackExcludes(d)) {
			loose(fmt.Sprintf("a branch takes the values of %q the others do not fix", d.key))
		}
		if d.key == "" {
			// Decided where the object holds the required members of one branch only (see
			// dispatchCode), and left to a validator where it holds those of several.
			c.loose = kw
			if kw != "anyOf" && c.checks {
				prev := c.inline
				c.inline = new([]string)
				c.notCompiled(t.at, kw, "object branches told apart by their required members, where an object has those of several")
				c.inline = prev
			}
		} else if !contains(sibRequired, d.key) {
			for _, cs := range d.cases {
				if contains(cs.required, d.key) {
					continue
				}
				if d.fallbackVariant != nil {
					loose(fmt.Sprintf("the member %q that tells the branches apart is not required in every branch", d.key))
					break
				}
				// Every branch fixes the member's value: where it is present, the branch its
				// value picks is the only one that may take the object. Where it is absent,
				// the branches are tried, and a oneOf whose branch takes it is left to a
				// validator, as another may take it too (see dispatchCode).
				c.loose, c.looseAbsent = kw, true
				if kw != "anyOf" && c.checks {
					prev := c.inline
					c.inline = new([]string)
					c.notCompiled(t.at, kw, fmt.Sprintf("an object without the member %q that tells the branches apart, which several may take", d.key))
					c.inline = prev
				}
				break
			}
		}
	}
	var wants []string
	for _, v := range t.vars {
		for _, jt := range v.jsonTypes() {
			if !contains(wants, jt) {
				wants = append(wants, jt)
			}
		}
	}
	if contains(wants, "number") {
		wants = slices.DeleteFunc(wants, func(jt string) bool { return jt == "integer" })
	}
	method := "decodeJSON"
	if t.tries() {
		// A value decoded while an outer union tries its branches is remembered (memoized).
		method = "unionDecode"
		fmt.Fprintf(&w, "func (u *%s) decodeJSON(r *jsonReader) error {\nif r.memo != nil || r.trying > 0 {\nreturn memoized(r, %q, u, (*%s).unionDecode)\n}\nreturn u.unionDecode(r)\n}\n\n", t.name, t.name, t.name)
		w.WriteString("// unionDecode decodes the value into the branch that takes it.\n")
	}
	fmt.Fprintf(&w, "func (u *%s) %s(r *jsonReader) error {\n*u = %s{}\nvar err error\n", t.name, method, t.name)
	if len(t.vars) == 0 {
		w.WriteString("_ = err\n") // only null is valid, which the pointer holding u stands for
	}
	w.WriteString("switch r.peek() {\n")
	for _, ci := range t.classes() {
		class := unionClasses[ci]
		cands := t.candidates(class.jt)
		fmt.Fprintf(&w, "case %s:\n", class.cases)
		if class.jt == "object" {
			w.WriteString(sibling)
		}
		switch {
		case class.jt == "object" && t.dispatch != nil:
			c.dispatchCode(&w, t)
		case len(cands) == 1:
			c.branchValue(&w, cands[0])
			w.WriteString("return nil\n")
		default:
			c.trialCode(&w, t, cands)
		}
	}
	// null is none of the branches: a union that may be null is held by a nullable pointer.
	fmt.Fprintf(&w, "}\nreturn r.mismatch(%q)\n}\n\n", joinOr(wants))
	c.branchMethods(&w, t)
	c.unionAppend(&w, t)
	c.cur = nil
	return w.String()
}

// typeListCheck reports whether the keyword k beside a type list is compiled into the union's
// branches, and adds it to the checks of the branch of its JSON type. A keyword on a JSON type
// no branch takes holds for every valid value.
func (c *codec) typeListCheck(t *namedType, s *object, k string) bool {
	jt := keywordTypes[k]
	if k == "format" {
		jt = "string" // asserted by the checks, as beside one type
	}
	if jt == "" {
		return false
	}
	var v *variant
	for _, cand := range t.vars {
		if cand.jsonType != "" && classOf(cand.jsonType) == jt {
			v = cand
		}
	}
	if v == nil {
		return true
	}
	base := v.typ
	if base.kind == kPtr {
		base = base.elem
	}
	switch {
	case base.kind == kNamed && base.named.typeListBranch:
		return true // the struct at the same location checks its members
	case k == "additionalProperties" && base.kind == kMap:
		_, typed := s.m[k].(*object)
		return typed // its values are decoded, and checked, as the map's
	}
	if scalarAssertions[k] {
		v.checks = append(v.checks, constraint{kw: k, val: s.m[k], at: t.at})
		return true
	}
	if base.kind == kSlice && isRaw(base.elem) && (k == "prefixItems" || k == "items" && isList(s.m[k])) {
		v.checks = append(v.checks, constraint{kw: k, at: t.at})
		return true
	}
	if base.kind == kSlice && isRaw(base.elem) && k == "additionalItems" {
		return true // with positional items; without them, it asserts nothing
	}
	if base.kind == kSlice && (k == "contains" || k == "minContains" || k == "maxContains") {
		if k == "contains" {
			v.checks = append(v.checks, constraint{kw: k, at: t.at})
		}
		return true // minContains and maxContains go with contains
	}
	return false
}

// branchValue decodes a value into the union branch v, with the checks of v.
func (c *codec) branchValue(w *strings.Builder, v *variant) {
	wrap := func(e string) string { return e }
	if !v.typ.hasSite && c.cur != nil {
		// A branch of a list of types: the union's own schema is the value's.
		at := c.cur.at
		c.branchSite = &at
	}
	c.valueNotNull(w, v.typ, "u."+v.name, wrap)
	c.branchSite = nil
	if v.typ.kind == kPtr {
		c.checkCode(w, v.checks, v.typ.elem, "(*u."+v.name+")", wrap)
	} else {
		c.checkCode(w, v.checks, v.typ, "u."+v.name, wrap)
	}
}

// unionAppend writes the encoding method of a union: the field that is set, or null.
func (c *codec) unionAppend(w *strings.Builder, t *namedType) {
	fmt.Fprintf(w, "func (u %s) appendJSON(b []byte) (_ []byte, err error) {\nswitch {\n", t.name)
	for _, v := range t.vars {
		if v.typ.kind == kNullable {
			fmt.Fprintf(w, "case u.%s.Set:\n", v.name)
		} else {
			fmt.Fprintf(w, "case u.%s != nil:\n", v.name)
		}
		c.appendValue(w, v.typ, "u."+v.name)
		w.WriteString("return b, nil\n")
	}
	w.WriteString("}\nreturn append(b, \"null\"...), nil // no field is set\n}\n\n")
}

// trialCode decodes a value several branches of a union take: it tries each but the last in
// the schema's order, with the compiled checks on, and keeps the first the value meets; or
// else the first whose checks were deferred; or else decodes it as the last. The work tried
// and undone counts against the reader's budget, past which the last branch is taken at once.
// Each branch is decoded by a method of its own (see branchMethods).
func (c *codec) trialCode(w *strings.Builder, t *namedType, cands []*variant) {
	at, soft := c.local("at"), c.local("soft")
	fmt.Fprintf(w, "if %s, ok := r.try(); ok {\n%s := -1\n", at, soft)
	for i, v := range cands[:len(cands)-1] {
		c.tried[v] = true
		// A branch that takes the value only by leaving some of it to a validator is kept as
		// the fallback, in case a later one takes it outright.
		fmt.Fprintf(w, "r.check = true\nif err = u.decode%s(r); err == nil && r.deferred == %s.deferred || malformed(err) {\nr.settle(%s)\nreturn err\n}\n*u = %s{}\nr.undo(%s)\nif %s < 0 && (err == nil || isNotChecked(err)) {\n%s = %d\n}\n", v.name, at, at, t.name, at, soft, soft, i)
	}
	fmt.Fprintf(w, "r.settle(%s)\nswitch %s {\n", at, soft)
	for i, v := range cands[:len(cands)-1] {
		fmt.Fprintf(w, "case %d:\nreturn u.decode%s(r)\n", i, v.name)
	}
	last := cands[len(cands)-1]
	c.tried[last] = true
	fmt.Fprintf(w, "}\nreturn u.decode%s(r)\n}\n", last.name)
	// Past the budget, the branches before the last were not tried: when the last does not
	// take the value, whether another would is left to a JSON Schema validator.
	fmt.Fprintf(w, "if err = u.decode%s(r); err != nil && r.check {\nreturn &DecodeError{Err: ErrNotChecked}\n}\nreturn err\n", last.name)
}

// valueNotNull is value for a union branch, where the reader is at a value of one of the
// branch's JSON types, which null is not: a pointer is made and filled, with no null test.
func (c *codec) valueNotNull(w *strings.Builder, t *typ, dst string, wrap func(string) string) {
	if t.kind != kPtr || t.elem.kind == kNamed && t.elem.named.takesNull() {
		c.value(w, t, dst, nil, wrap)
		return
	}
	var sites []loc
	if t.hasSite {
		sites = []loc{t.site}
	}
	fmt.Fprintf(w, "%s = new(%s)\n", dst, typeText(t.elem))
	c.notNull = true
	c.valueN(w, t.elem, "(*"+dst+")", sites, wrap, t.null)
}

// branchMethods writes the decoding method of each union branch trialCode calls.
func (c *codec) branchMethods(w *strings.Builder, t *namedType) {
	for _, v := range t.vars {
		if !c.tried[v] {
			continue
		}
		fmt.Fprintf(w, "// decode%s decodes the value as the %s branch.\nfunc (u *%s) decode%s(r *jsonReader) error {\nvar err error\n", v.name, v.name, t.name, v.name)
		c.branchValue(w, v)
		w.WriteString("return nil\n}\n\n")
	}
}

// dispatchCode decodes an object into the union branch its discriminator or its members select.
func (c *codec) dispatchCode(w *strings.Builder, t *namedType) {
	d := t.dispatch
	loose := "true"
	wrap := func(e string) string { return e }
	// Where only an absent member leaves the branch open (looseAbsent), the branch a present
	// one picks is the only one that may take the object, and its failure is the object's.
	if c.loose != "" && c.checks && !c.looseAbsent {
		wrap = func(e string) string { return fmt.Sprintf("r.branchFailed(%s, %q, %s)", loose, c.loose, e) }
	}
	decode := func(v *variant) {
		c.valueNotNull(w, v.typ, "u."+v.name, wrap)
		if d.key == "" && c.loose != "" && c.loose != "anyOf" && c.checks {
			fmt.Fprintf(w, "if !only {\nreturn r.notCompiled(%q)\n}\n", c.loose)
		}
		w.WriteString("return nil\n")
	}
	if d.key == "" || d.fallbackVariant == nil {
		w.WriteString("var keys []string\nif keys, err = r.memberNames(); err != nil {\nreturn err\n}\n")
	}
	if d.key != "" {
		fmt.Fprintf(w, "var disc string\nif disc, err = r.memberCanonical(%q); err != nil {\nreturn err\n}\nswitch disc {\n", d.key)
		for _, cs := range d.cases {
			vals := make([]string, len(cs.values))
			for i, v := range cs.values {
				vals[i] = strconv.Quote(v)
			}
			fmt.Fprintf(w, "case %s:\n", strings.Join(vals, ", "))
			decode(cs.variant)
		}
		w.WriteString("}\n")
		if d.fallbackVariant != nil {
			// Without the member, a branch that does not require it may hold the object as
			// well as the one that takes every other value: each is tried in turn.
			var open []*variant
			for _, cs := range d.cases {
				if !contains(cs.required, d.key) {
					open = append(open, cs.variant)
				}
			}
			if len(open) > 0 {
				w.WriteString("if disc == \"\" {\n")
				for _, v := range open {
					c.tried[v] = true
					at := c.local("at")
					fmt.Fprintf(w, "%s, ok := r.try()\nif err = u.decode%s(r); err == nil || !ok || malformed(err) || isNotChecked(err) {\nif ok {\nr.settle(%s)\n}\nreturn err\n}\n*u = %s{}\nr.undo(%s)\nr.settle(%s)\n", at, v.name, at, t.name, at, at)
				}
				w.WriteString("}\n")
			}
			decode(d.fallbackVariant)
			return
		}
		complete := true
		for _, cs := range d.cases {
			if !contains(cs.required, d.key) {
				complete = false
			}
		}
		if complete {
			w.WriteString("if r.check {\n")
			fmt.Fprintf(w, "return checkFailed(\"oneOf\", \"member %%q is %%s, which selects no branch\", %q, disc)\n}\n", d.key)
		}
	}
	// With the checks, where oneOf's branches are told apart by their required members and
	// an object has those of several, a branch that takes it does not settle that no other
	// does: the verdict is left to a validator.
	defers := d.key == "" && c.loose != "" && c.loose != "anyOf" && c.checks
	if defers {
		var sets []string
		for _, cs := range d.byRequired() {
			names := []string{""}
			for _, r := range cs.required {
				names = append(names, strconv.Quote(r))
			}
			sets = append(sets, fmt.Sprintf("btoi(hasAll(keys%s))", strings.Join(names, ", ")))
		}
		fmt.Fprintf(w, "only := %s == 1\n", strings.Join(sets, "+"))
	}
	// The required members of a branch do not rule the others out: an object with those of
	// several is tried as each in turn (the work undone counts against the budget), so that a
	// member is never typed by a branch that cannot hold it.
	cases := d.byRequired()
	if len(cases) > 0 {
		w.WriteString("var tried error\n")
	}
	for _, cs := range cases {
		names := make([]string, len(cs.required))
		for i, r := range cs.required {
			names[i] = strconv.Quote(r)
		}
		c.tried[cs.variant] = true
		at := c.local("at")
		fmt.Fprintf(w, "if hasAll(keys%s) {\n", strings.Join(append([]string{""}, names...), ", "))
		settled := ""
		switch {
		case defers:
			settled = fmt.Sprintf("if err == nil && !only {\nreturn r.notCompiled(%q)\n}\n", c.loose)
		case c.looseAbsent && c.loose != "anyOf" && c.checks:
			settled = fmt.Sprintf("if err == nil && disc == \"\" {\nreturn r.notCompiled(%q)\n}\n", c.loose)
		}
		fmt.Fprintf(w, "%s, ok := r.try()\nif err = u.decode%s(r); err == nil || !ok || malformed(err) || isNotChecked(err) {\nif ok {\nr.settle(%s)\n}\n%sreturn err\n}\n*u = %s{}\nr.undo(%s)\nr.settle(%s)\ntried = err\n}\n", at, cs.variant.name, at, settled, t.name, at, at)
	}
	if len(cases) > 0 {
		w.WriteString("if tried != nil {\nreturn tried\n}\n")
	}
	fmt.Fprintf(w, "return checkFailed(\"oneOf\", %q)\n", "the object lacks the required members of every branch")
}

// ownMetaschema leaves the assertions of a type to a JSON Schema validator when its document
// names a metaschema of its own ($schema that is not one of the drafts'): the vocabularies it
// declares may leave out the assertions the checks would compile, so none is compiled. The
// result turns the checks back on for the next type.
func (c *codec) ownMetaschema(t *namedType) (restore func()) {
	if at, ok := c.b.partialRoot[t]; ok {
		kw, why := "allOf", "the document is typed as one member of its allOf; what the others and its own keywords assert is left to a validator"
		if s := c.b.schemaAt(at); s != nil && s.str("$ref") != "" {
			kw, why = "$ref", "the document is typed as the schema it references; what it says beside the $ref is left to a validator"
		}
		c.notCompiled(at, kw, why)
	}
	d := t.at.doc
	if !c.checks || d == nil || d.draft == "" || isMetaSchema(d.draft) {
		return func() {}
	}
	c.notCompiled(t.at, "$schema", fmt.Sprintf("the metaschema %s, whose vocabularies the checks do not read", d.draft))
	c.checks = false
	return func() { c.checks = true }
}

// isList reports whether a keyword's value is a JSON array (draft 4 to 2019-09's positional
// items, say).
func isList(v any) bool {
	_, ok := v.([]any)
	return ok
}
