package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Bounded validation.
//
// A payload can be wrong in millions of places (a 4 MiB array of a million numbers where
// objects belong), and santhosh-tekuri/jsonschema builds one error value, with three
// locations and a message, for each of them before returning. The walker below keeps that
// work proportional to the payload with a small constant, and the report to MaxErrors:
//
//   - it follows the applicators that only pass the same value or its members and elements
//     on ($ref, allOf, anyOf, oneOf, not, if/then/else, properties, patternProperties,
//     additionalProperties, items) itself;
//   - every other keyword of a schema is judged by santhosh, on a shallow copy of the schema
//     that holds just those keywords (its "shell"), so each verdict and message is still
//     santhosh's own; propertyNames stays in the shell, since it judges member names, never
//     member values;
//   - a schema with a keyword whose meaning spans several of those (unevaluatedProperties,
//     contains, prefixItems, dependentSchemas, extensions, ...) is handed to santhosh whole,
//     with its value;
//   - a schema set that uses $dynamicRef or $recursiveRef, whose meaning depends on the path
//     taken to reach it, is validated by santhosh in one call.
//
// The walker also stops looking at a value whose type its schema refuses, as santhosh does.
// TestWalkerAgreesWithSanthosh and TestWalkerAgreesOnTheSuite compare the two on every fixture,
// on payloads with thousands of errors and on the official JSON-Schema-Test-Suite.

// sink collects field errors, keeping the first limit of them in report order and counting
// the rest.
type sink struct {
	limit   int
	kept    []FieldError
	omitted int
	// sorted reports whether kept is sorted and deduplicated; until then it may hold up to
	// 2*limit errors.
	sorted bool
	// firstOnly stops the walk at the first error: the caller wants a verdict only.
	firstOnly bool
}

func newSink(limit int) *sink { return &sink{limit: limit, sorted: true} }

func (s *sink) total() int { return len(s.kept) + s.omitted }

// done reports whether a verdict-only walk may stop.
func (s *sink) done() bool { return s.firstOnly && s.total() > 0 }

func (s *sink) add(f FieldError) {
	if s.limit == 0 {
		s.omitted++
		return
	}
	// Once the report is full, an error after its last one in report order is only counted.
	if s.sorted && len(s.kept) >= s.limit && !errorLess(f, s.kept[len(s.kept)-1]) {
		s.omitted++
		return
	}
	s.kept = append(s.kept, f)
	s.sorted = false
	if len(s.kept) >= 2*s.limit {
		s.compact()
	}
}

// compact sorts and deduplicates kept, and cuts it to limit.
func (s *sink) compact() {
	if s.sorted {
		return
	}
	sortErrors(s.kept)
	s.kept = dedupe(s.kept)
	if len(s.kept) > s.limit {
		s.omitted += len(s.kept) - s.limit
		s.kept = s.kept[:s.limit:s.limit]
	}
	s.sorted = true
}

// merge adds what another sink found.
func (s *sink) merge(o *sink) {
	for _, f := range o.kept {
		s.add(f)
	}
	s.omitted += o.omitted
}

// hasTypeErrorAt reports whether the sink holds a type error at ptr. Errors at ptr come
// first in report order, so a full sink still holds it if there is one.
func (s *sink) hasTypeErrorAt(ptr string) bool {
	for _, e := range s.kept {
		if e.Keyword == "type" && e.Path == ptr {
			return true
		}
	}
	return false
}

// shellInfo is what the walker knows of one compiled schema.
type shellInfo struct {
	whole bool               // hand the schema to santhosh with its value
	shell *jsonschema.Schema // the schema's own keywords; nil when it has none
	// simple: the shell holds type and required only, so errors can be counted without it.
	simple bool
	// ints: the shell holds type, required and bounds that are integers only, lo and hi as
	// inclusive int64 bounds, so that an integer literal in their range passes without it.
	ints   bool
	lo, hi int64
}

var alwaysTrue = func() *jsonschema.Schema { t := true; return &jsonschema.Schema{Always: &t} }()

// walker validates a tree against the compiled schemas of a set.
type walker struct {
	set *compiledSet
}

// info works out, once per schema, how the walker treats it.
func (s *compiledSet) info(sch *jsonschema.Schema) *shellInfo {
	if v, ok := s.shells.Load(sch); ok {
		return v.(*shellInfo)
	}
	in := &shellInfo{}
	_, itemsOK := sch.Items.(*jsonschema.Schema)
	_, addBool := sch.AdditionalProperties.(bool)
	switch {
	case sch.DynamicRef != nil, sch.RecursiveRef != nil, sch.UnevaluatedProperties != nil, sch.UnevaluatedItems != nil,
		sch.Contains != nil, len(sch.PrefixItems) > 0, sch.Items != nil && !itemsOK, sch.AdditionalItems != nil,
		len(sch.Dependencies) > 0, len(sch.DependentSchemas) > 0, len(sch.Extensions) > 0,
		sch.RegexProperties, sch.ContentSchema != nil:
		in.whole = true
	default:
		sh := *sch
		sh.Ref, sh.AllOf, sh.AnyOf, sh.OneOf, sh.Not, sh.If, sh.Then, sh.Else = nil, nil, nil, nil, nil, nil, nil, nil
		sh.Items, sh.Items2020 = nil, nil
		if addBool {
			// additionalProperties: false needs to know which members the others name.
			sh.Properties = trueFor(sch.Properties)
			sh.PatternProperties = truePatterns(sch.PatternProperties)
		} else {
			sh.Properties, sh.PatternProperties, sh.AdditionalProperties = nil, nil, nil
		}
		if len(sh.Types) > 0 || len(sh.Required) > 0 || hasLocal(&sh) {
			in.shell = &sh
			in.simple = !hasLocal(&sh)
			if !in.simple {
				in.ints, in.lo, in.hi = intBounds(&sh)
			}
		}
	}
	v, _ := s.shells.LoadOrStore(sch, in)
	return v.(*shellInfo)
}

// hasLocal reports whether a shell has keywords other than type and required.
func hasLocal(sh *jsonschema.Schema) bool {
	return sh.Always != nil || sh.Constant != nil || sh.Enum != nil || sh.Format != "" || sh.PropertyNames != nil ||
		sh.MinProperties >= 0 || sh.MaxProperties >= 0 || sh.AdditionalProperties != nil ||
		len(sh.DependentRequired) > 0 || sh.MinItems >= 0 || sh.MaxItems >= 0 || sh.UniqueItems ||
		sh.MinLength >= 0 || sh.MaxLength >= 0 || sh.Pattern != nil || sh.ContentEncoding != "" || sh.ContentMediaType != "" ||
		sh.Minimum != nil || sh.ExclusiveMinimum != nil || sh.Maximum != nil || sh.ExclusiveMaximum != nil || sh.MultipleOf != nil
}

// countShell counts the field errors a shell's verdict on v makes, as collect would list
// them, without building them: one per missing required member, one per unknown member,
// one for each other keyword that fails. refused reports a failed type (or a false schema),
// which ends the validation of v.
func countShell(in *shellInfo, v any) (n int, refused bool, err error) {
	sh := in.shell
	obj, isObj := v.(map[string]any)
	if refusesType(sh.Types, v) {
		return 1, true, nil
	}
	if in.simple && !isNumber(v) {
		if !isObj {
			return 0, false, nil // required applies to objects only
		}
		return missing(sh.Required, obj), false, nil
	}
	verr := sh.Validate(v)
	if verr == nil {
		return 0, false, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(verr, &ve) {
		return 0, false, verr
	}
	var count func(*jsonschema.ValidationError)
	count = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				count(c)
			}
			return
		}
		k := 1
		switch lastToken(e.KeywordLocation) {
		case "type":
			refused = true
		case "required":
			k = missing(sh.Required, obj)
		case "additionalProperties":
			k = 0
			for name := range obj {
				if _, ok := sh.Properties[name]; ok {
					continue
				}
				matched := false
				for re := range sh.PatternProperties {
					if re.MatchString(name) {
						matched = true
						break
					}
				}
				if !matched {
					k++
				}
			}
		}
		n += max(k, 1)
	}
	count(ve)
	return n, refused || sh.Always != nil && !*sh.Always, nil
}

// passesShell reports whether a shell certainly accepts v, so that santhosh, which builds a
// set of the members of every object it is given and compares every number as a big.Rat,
// need not be asked. It decides only the plain cases: a simple shell (type and required
// only), and an integer literal against integer bounds; anything else goes to santhosh.
func passesShell(in *shellInfo, v any) bool {
	sh := in.shell
	switch {
	case in.ints:
		n, ok := intLiteral(v)
		return ok && allowsInteger(sh.Types) && in.lo <= n && n <= in.hi
	case !in.simple:
		return false
	case isNumber(v):
		_, isInt := intLiteral(v)
		return len(sh.Types) == 0 || slices.Contains(sh.Types, "number") || isInt && slices.Contains(sh.Types, "integer")
	case refusesType(sh.Types, v):
		return false
	}
	obj, isObj := v.(map[string]any)
	return !isObj || missing(sh.Required, obj) == 0
}

// allowsInteger reports whether a type keyword accepts an integer.
func allowsInteger(types []string) bool {
	return len(types) == 0 || slices.Contains(types, "integer") || slices.Contains(types, "number")
}

// intLiteral returns the value of a number written as a plain integer (-?[0-9]+) that fits an
// int64; anything else (a fraction, an exponent, a larger number) is not one.
func intLiteral(v any) (int64, bool) {
	num, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	digits := strings.TrimPrefix(string(num), "-")
	if digits == "" {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(string(num), 10, 64)
	return n, err == nil
}

// intBounds reports whether a shell holds, besides type and required, only minimum, maximum,
// exclusiveMinimum and exclusiveMaximum, each an integer that fits an int64, and returns them
// as one inclusive range.
func intBounds(sh *jsonschema.Schema) (ok bool, lo, hi int64) {
	rest := *sh
	rest.Minimum, rest.Maximum, rest.ExclusiveMinimum, rest.ExclusiveMaximum = nil, nil, nil, nil
	if hasLocal(&rest) {
		return false, 0, 0
	}
	lo, hi = math.MinInt64, math.MaxInt64
	for _, b := range []struct {
		r     *big.Rat
		shift int64 // an exclusive bound moves one inward
		upper bool
	}{{sh.Minimum, 0, false}, {sh.ExclusiveMinimum, 1, false}, {sh.Maximum, 0, true}, {sh.ExclusiveMaximum, -1, true}} {
		if b.r == nil {
			continue
		}
		if !b.r.IsInt() || !b.r.Num().IsInt64() {
			return false, 0, 0
		}
		n := b.r.Num().Int64()
		if b.shift > 0 && n == math.MaxInt64 || b.shift < 0 && n == math.MinInt64 {
			return false, 0, 0
		}
		n += b.shift
		if b.upper {
			hi = min(hi, n)
		} else {
			lo = max(lo, n)
		}
	}
	return true, lo, hi
}

func isNumber(v any) bool {
	switch v.(type) {
	case nil, bool, string, []any, map[string]any:
		return false
	}
	return true
}

// missing counts the required members an object lacks.
func missing(required []string, obj map[string]any) int {
	n := 0
	for _, name := range required {
		if _, ok := obj[name]; !ok {
			n++
		}
	}
	return n
}

func trueFor(m map[string]*jsonschema.Schema) map[string]*jsonschema.Schema {
	if m == nil {
		return nil
	}
	out := make(map[string]*jsonschema.Schema, len(m))
	for k := range m {
		out[k] = alwaysTrue
	}
	return out
}

func truePatterns[K comparable](m map[K]*jsonschema.Schema) map[K]*jsonschema.Schema {
	if m == nil {
		return nil
	}
	out := make(map[K]*jsonschema.Schema, len(m))
	for k := range m {
		out[k] = alwaysTrue
	}
	return out
}

// dynamic reports whether a schema, or one it reaches, uses $dynamicRef or $recursiveRef.
func (s *compiledSet) dynamic(root *jsonschema.Schema) bool {
	if v, ok := s.dynamicRoots.Load(root); ok {
		return v.(bool)
	}
	seen := map[*jsonschema.Schema]bool{}
	var visit func(*jsonschema.Schema) bool
	visit = func(sch *jsonschema.Schema) bool {
		if sch == nil || seen[sch] {
			return false
		}
		seen[sch] = true
		if sch.DynamicRef != nil || sch.RecursiveRef != nil {
			return true
		}
		subs := []*jsonschema.Schema{sch.Ref, sch.Not, sch.If, sch.Then, sch.Else, sch.PropertyNames, sch.UnevaluatedProperties,
			sch.Items2020, sch.Contains, sch.UnevaluatedItems, sch.ContentSchema}
		subs = append(subs, sch.AllOf...)
		subs = append(subs, sch.AnyOf...)
		subs = append(subs, sch.OneOf...)
		subs = append(subs, sch.PrefixItems...)
		for _, m := range []map[string]*jsonschema.Schema{sch.Properties, sch.DependentSchemas} {
			for _, k := range sortedKeys(m) {
				subs = append(subs, m[k])
			}
		}
		for _, p := range sch.PatternProperties {
			subs = append(subs, p)
		}
		for _, d := range sch.Dependencies {
			if d, ok := d.(*jsonschema.Schema); ok {
				subs = append(subs, d)
			}
		}
		for _, x := range []any{sch.AdditionalProperties, sch.Items, sch.AdditionalItems} {
			switch x := x.(type) {
			case *jsonschema.Schema:
				subs = append(subs, x)
			case []*jsonschema.Schema:
				subs = append(subs, x...)
			}
		}
		for _, sub := range subs {
			if visit(sub) {
				return true
			}
		}
		return false
	}
	d := visit(root)
	s.dynamicRoots.Store(root, d)
	return d
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// validateTree validates tree against sch and returns the errors found, at most MaxErrors
// of them in report order, and how many more there were. When ECMAScript patterns take longer
// than their budget, the error is a *PatternTimeoutError and there is no verdict.
func (s *compiledSet) validateTree(sch *jsonschema.Schema, tree any) (_ []FieldError, _ int, err error) {
	defer s.patterns.start()()
	defer func() {
		if p := recover(); p != nil {
			pt, ok := p.(*PatternTimeoutError)
			if !ok {
				panic(p)
			}
			err = pt
		}
	}()
	out := newSink(MaxErrors)
	if s.dynamic(sch) {
		if err := s.judge(sch, tree, "", out); err != nil {
			return nil, 0, err
		}
	} else {
		w := walker{set: s}
		if err := w.walk(sch, tree, "", "", out); err != nil {
			return nil, 0, err
		}
	}
	out.compact()
	return out.kept, out.omitted, nil
}

// judge has santhosh validate v against sch and adds the errors to out, their paths below
// ptr. It reports whether the schema refused the value's type, which ends its validation.
func (s *compiledSet) judge(sch *jsonschema.Schema, v any, ptr string, out *sink) error {
	_, err := s.judgeType(sch, v, ptr, out)
	return err
}

func (s *compiledSet) judgeType(sch *jsonschema.Schema, v any, ptr string, out *sink) (bool, error) {
	defer func() {
		if p := recover(); p != nil {
			if pt, ok := p.(*PatternTimeoutError); ok {
				pt.Path = ptr + pt.Path // santhosh saw v alone; validateTree recovers it
			}
			panic(p)
		}
	}()
	err := sch.Validate(v)
	if err == nil {
		return false, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return false, err
	}
	var errs []FieldError
	s.collect(pointers(ve), v, ptr, &errs)
	refused := false
	for _, e := range errs {
		if e.Path == "" && e.Keyword == "type" {
			refused = true
		}
		e.Path = ptr + e.Path
		out.add(e)
	}
	if sch.Always != nil && !*sch.Always {
		refused = true
	}
	return refused, nil
}

// beyond reports whether every error at ptr or below it would come after the last one the
// report keeps, so that it would only be counted.
func (s *sink) beyond(ptr string) bool {
	return s.sorted && s.limit > 0 && len(s.kept) >= s.limit && pathLess(s.kept[len(s.kept)-1].Path, ptr)
}

// refusesType reports whether a schema's type keyword certainly refuses v. A number where
// only integers are allowed is left to santhosh, which decides whether it is one.
func refusesType(types []string, v any) bool {
	if len(types) == 0 {
		return false
	}
	var t string
	switch v.(type) {
	case nil:
		t = "null"
	case bool:
		t = "boolean"
	case string:
		t = "string"
	case []any:
		t = "array"
	case map[string]any:
		t = "object"
	default:
		t = "number"
	}
	for _, want := range types {
		if want == t || (t == "number" && want == "integer") {
			return false
		}
	}
	return true
}

// walk validates v, found at ptr, against sch. via is the last token of the keyword
// location that led to sch, which names the keyword of a false schema's error.
func (w walker) walk(sch *jsonschema.Schema, v any, ptr, via string, out *sink) error {
	if sch == nil || out.done() {
		return nil
	}
	if sch.Always != nil {
		if !*sch.Always {
			out.add(FieldError{Path: ptr, Keyword: via, Message: "not allowed"})
		}
		return nil
	}
	in := w.set.info(sch)
	if in.whole {
		return w.set.judge(sch, v, ptr, out)
	}
	if in.shell != nil {
		if out.beyond(ptr) && in.shell.PropertyNames == nil {
			// Past the end of the report: count the errors without building them. (The
			// errors of propertyNames, one per member name whatever its subschema says, are
			// built and counted by the sink.)
			n, refused, err := countShell(in, v)
			out.omitted += n
			if err != nil || refused {
				return err
			}
		} else if !passesShell(in, v) {
			refused, err := w.set.judgeType(in.shell, v, ptr, out)
			if err != nil || refused {
				return err
			}
		}
	}
	if err := w.walk(sch.Ref, v, ptr, "$ref", out); err != nil {
		return err
	}
	for i, a := range sch.AllOf {
		if err := w.walk(a, v, ptr, strconv.Itoa(i), out); err != nil {
			return err
		}
	}
	if sch.Not != nil {
		ok, err := w.valid(sch.Not, v, ptr, "not")
		if err != nil {
			return err
		}
		if ok {
			out.add(FieldError{Path: ptr, Keyword: "not", Message: "not failed"})
		}
	}
	if len(sch.AnyOf) > 0 {
		if err := w.union(sch, "anyOf", sch.AnyOf, v, ptr, out); err != nil {
			return err
		}
	}
	if len(sch.OneOf) > 0 {
		if err := w.union(sch, "oneOf", sch.OneOf, v, ptr, out); err != nil {
			return err
		}
	}
	if sch.If != nil {
		ok, err := w.valid(sch.If, v, ptr, "if")
		if err != nil {
			return err
		}
		next, via := sch.Else, "else"
		if ok {
			next, via = sch.Then, "then"
		}
		if err := w.walk(next, v, ptr, via, out); err != nil {
			return err
		}
	}
	switch x := v.(type) {
	case map[string]any:
		addl, _ := sch.AdditionalProperties.(*jsonschema.Schema)
		if sch.Properties == nil && sch.PatternProperties == nil && addl == nil {
			return nil
		}
		for _, name := range sortedKeys(x) {
			if out.done() {
				return nil
			}
			tok := escapeToken(name)
			at := ptr + "/" + tok
			matched := false
			if p, ok := sch.Properties[name]; ok {
				matched = true
				if err := w.walk(p, x[name], at, url.PathEscape(tok), out); err != nil {
					return err
				}
			}
			for re, p := range sch.PatternProperties {
				if re.MatchString(name) {
					matched = true
					if err := w.walk(p, x[name], at, url.PathEscape(escapeToken(re.String())), out); err != nil {
						return err
					}
				}
			}
			if !matched && addl != nil {
				if err := w.walk(addl, x[name], at, "additionalProperties", out); err != nil {
					return err
				}
			}
		}
	case []any:
		items := sch.Items2020
		if it, ok := sch.Items.(*jsonschema.Schema); ok {
			items = it
		}
		if items == nil {
			return nil
		}
		for i, e := range x {
			if out.done() {
				return nil
			}
			if err := w.walk(items, e, ptr+"/"+strconv.Itoa(i), "items", out); err != nil {
				return err
			}
		}
	}
	return nil
}

// valid reports whether v is valid against sch, stopping at the first error.
func (w walker) valid(sch *jsonschema.Schema, v any, ptr, via string) (bool, error) {
	s := newSink(0)
	s.firstOnly = true
	err := w.walk(sch, v, ptr, via, s)
	return s.total() == 0, err
}

// union applies anyOf or oneOf, reporting as collect does for santhosh's error tree: the
// errors of the branch the value evidently aimed at (of those that accept its type, the
// one with the fewest errors), or one type error listing the types the branches allow.
func (w walker) union(sch *jsonschema.Schema, kw string, branches []*jsonschema.Schema, v any, ptr string, out *sink) error {
	if out.firstOnly {
		// Only the verdict is wanted: how many branches accept the value (up to two).
		accepted := 0
		for i, b := range branches {
			ok, err := w.valid(b, v, ptr, strconv.Itoa(i))
			if err != nil {
				return err
			}
			if ok {
				if accepted++; kw == "anyOf" || accepted == 2 {
					break
				}
			}
		}
		if accepted == 0 || kw == "oneOf" && accepted > 1 {
			out.add(FieldError{Path: ptr, Keyword: kw, Message: kw + " failed"})
		}
		return nil
	}
	found := make([]*sink, len(branches))
	matched := -1
	for i, b := range branches {
		s := newSink(MaxErrors)
		if err := w.walk(b, v, ptr, strconv.Itoa(i), s); err != nil {
			return err
		}
		s.compact()
		found[i] = s
		if s.total() == 0 {
			if kw == "anyOf" {
				return nil
			}
			if matched >= 0 {
				out.add(FieldError{Path: ptr, Keyword: "oneOf", Message: fmt.Sprintf("valid against schemas at indexes %d and %d", matched, i)})
				return nil
			}
			matched = i
		}
	}
	if matched >= 0 {
		return nil
	}
	var best *sink
	var types []string
	loc := sch.Location + "/" + kw + "/" // as santhosh joins keyword locations
	for i, s := range found {
		if s.hasTypeErrorAt(ptr) {
			types = append(types, w.set.typesAt(loc+strconv.Itoa(i))...)
			continue
		}
		if best == nil || s.total() < best.total() {
			best = s
		}
	}
	if best != nil {
		out.merge(best)
		return nil
	}
	out.add(FieldError{Path: ptr, Keyword: "type", Message: fmt.Sprintf("expected %s, but got %s", joinOr(uniq(types)), jsonType(v))})
	return nil
}

// shellCache holds what the walker worked out per schema.
type shellCache struct {
	shells       sync.Map // *jsonschema.Schema -> *shellInfo
	dynamicRoots sync.Map // *jsonschema.Schema -> bool
}

// pointers rewrites the instance locations of santhosh's error tree, whose tokens are
// URL-escaped ("/foo%22bar"), as plain JSON pointers ("/foo\"bar"), in place.
func pointers(ve *jsonschema.ValidationError) *jsonschema.ValidationError {
	if strings.IndexByte(ve.InstanceLocation, '%') >= 0 {
		toks := strings.Split(ve.InstanceLocation, "/")
		for i, t := range toks {
			if u, err := url.PathUnescape(t); err == nil {
				toks[i] = u
			}
		}
		ve.InstanceLocation = strings.Join(toks, "/")
	}
	for _, c := range ve.Causes {
		pointers(c)
	}
	return ve
}
