package fake

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// flatten expands a conjunction: $ref and allOf join it, a oneOf or anyOf joins it with the
// branch chosen, and if joins it with then (when the choice is to meet it) or else.
func (w *walk) flatten(c conj) (conj, error) {
	var out conj
	seen := map[*jsonschema.Schema]bool{}
	var add func(s *jsonschema.Schema) error
	add = func(s *jsonschema.Schema) error {
		if s == nil || seen[s] {
			return nil
		}
		seen[s] = true
		if s.Always != nil {
			if !*s.Always {
				return errFalse
			}
			return nil
		}
		out = append(out, s)
		if err := add(s.Ref); err != nil {
			return err
		}
		for _, a := range s.AllOf {
			if err := add(a); err != nil {
				return err
			}
		}
		for _, group := range [][]*jsonschema.Schema{s.OneOf, s.AnyOf} {
			if len(group) > 0 {
				i := w.ch.choose(s.Location+"|branch", len(group))
				if err := add(group[i]); err != nil {
					return err
				}
			}
		}
		if s.If != nil && (s.Then != nil || s.Else != nil) {
			if w.ch.choose(s.Location+"|if", 2) == 0 {
				if err := add(s.If); err != nil {
					return err
				}
				return add(s.Then)
			}
			return add(s.Else)
		}
		return nil
	}
	for _, s := range c {
		if err := add(s); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// value makes a value meeting every schema of c, found at ptr.
func (w *walk) value(c conj, ptr string, depth int) (any, error) {
	c, err := w.flatten(c)
	if err != nil {
		return nil, err
	}
	w.values++
	if len(c) == 0 {
		return w.anything(depth)
	}
	loc := c[0].Location
	for _, s := range c {
		if len(s.Constant) > 0 {
			return s.Constant[0], nil
		}
	}
	if values := enumOf(c); values != nil {
		if len(values) == 0 {
			return nil, fmt.Errorf("%s: the enumerations allow no value together", loc)
		}
		return values[w.ch.choose(loc+"|enum", len(values))], nil
	}
	types := typesOf(c)
	if len(types) == 0 {
		return nil, fmt.Errorf("%s: the types allowed do not meet", loc)
	}
	t := types[0]
	if len(types) > 1 {
		t = types[w.ch.choose(loc+"|type", len(types))]
	}
	switch t {
	case "null":
		return nil, nil
	case "boolean":
		return w.ch.choose(loc+"|bool", 2) == 0, nil
	case "string":
		return w.str(c, loc)
	case "integer", "number":
		return w.number(c, loc, t == "integer")
	case "array":
		return w.array(c, loc, ptr, depth)
	default:
		return w.object(c, loc, ptr, depth)
	}
}

// anything is a value for a schema that constrains nothing.
func (w *walk) anything(depth int) (any, error) {
	switch w.ch.choose("any|"+strconv.Itoa(min(depth, 3)), 4) {
	case 0:
		return "text", nil
	case 1:
		return json.Number("7"), nil
	case 2:
		return true, nil
	default:
		return nil, nil
	}
}

// enumOf is the values every enumeration of c allows, or nil when c has none.
func enumOf(c conj) []any {
	var out []any
	have := false
	for _, s := range c {
		if s.Enum == nil {
			continue
		}
		if !have {
			out, have = append([]any{}, s.Enum...), true
			continue
		}
		kept := out[:0]
		for _, v := range out {
			for _, e := range s.Enum {
				if sameJSON(v, e) {
					kept = append(kept, v)
					break
				}
			}
		}
		out = kept
	}
	if have && out == nil {
		return []any{}
	}
	return out
}

func sameJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

var allTypes = []string{"object", "array", "string", "integer", "number", "boolean", "null"}

// typesOf is the JSON types every schema of c allows, inferred from its keywords where no
// type is given; integer before number, so that a number bound to be an integer is one.
func typesOf(c conj) []string {
	allowed := map[string]bool{}
	for _, t := range allTypes {
		allowed[t] = true
	}
	typed := false
	for _, s := range c {
		if len(s.Types) == 0 {
			continue
		}
		typed = true
		mine := map[string]bool{}
		for _, t := range s.Types {
			mine[t] = true
			if t == "number" {
				mine["integer"] = true
			}
		}
		for t := range allowed {
			if !mine[t] {
				delete(allowed, t)
			}
		}
	}
	if !typed {
		// Untyped: the kind of value the keywords speak of.
		for _, s := range c {
			switch {
			case s.Properties != nil || len(s.Required) > 0 || s.AdditionalProperties != nil || s.PatternProperties != nil || s.PropertyNames != nil || s.MinProperties >= 0:
				return []string{"object"}
			case s.Items != nil || s.Items2020 != nil || s.PrefixItems != nil || s.MinItems >= 0 || s.Contains != nil:
				return []string{"array"}
			case s.MinLength >= 0 || s.MaxLength >= 0 || s.Pattern != nil || s.Format != "":
				return []string{"string"}
			case s.Minimum != nil || s.Maximum != nil || s.ExclusiveMinimum != nil || s.ExclusiveMaximum != nil || s.MultipleOf != nil:
				return []string{"number"}
			}
		}
		return []string{"string", "integer", "boolean", "null"}
	}
	var out []string
	for _, t := range allTypes {
		if allowed[t] {
			out = append(out, t)
		}
	}
	return out
}

// str makes a string meeting the format, patterns and length bounds of c.
func (w *walk) str(c conj, loc string) (any, error) {
	minLen, maxLen := 0, -1
	format := ""
	var patterns []*regexp.Regexp
	for _, s := range c {
		minLen = max(minLen, s.MinLength)
		if s.MaxLength >= 0 && (maxLen < 0 || s.MaxLength < maxLen) {
			maxLen = s.MaxLength
		}
		if format == "" {
			format = s.Format
		}
		if s.Pattern != nil {
			patterns = append(patterns, s.Pattern)
		}
	}
	if maxLen >= 0 && maxLen < minLen {
		return nil, fmt.Errorf("%s: minLength %d is above maxLength %d", loc, minLen, maxLen)
	}
	var s string
	switch {
	case format != "":
		v, ok := w.format(format, loc)
		if !ok {
			v = "text"
		}
		s = v
	case len(patterns) > 0:
		v, err := fromRegexp(patterns[0].String(), w.ch, loc)
		if err != nil {
			return nil, err
		}
		s = v
	default:
		// At the bounds, or a word in between.
		options := []int{-1}
		if minLen > 0 {
			options = append(options, minLen)
		}
		if maxLen >= 0 && maxLen <= 256 && maxLen != minLen {
			options = append(options, maxLen)
		}
		switch n := options[w.ch.choose(loc+"|length", len(options))]; n {
		case -1:
			s = "text"
		default:
			s = strings.Repeat("x", n)
		}
		if utf8.RuneCountInString(s) < minLen {
			s += strings.Repeat("x", minLen-utf8.RuneCountInString(s))
		}
		if maxLen >= 0 && utf8.RuneCountInString(s) > maxLen {
			s = string([]rune(s)[:maxLen])
		}
	}
	for _, p := range patterns {
		if !p.MatchString(s) {
			return nil, fmt.Errorf("%s: no string found for pattern %q", loc, p.String())
		}
	}
	return s, nil
}

// format makes a string of a format, at the edges where a format has them.
func (w *walk) format(f, loc string) (string, bool) {
	pick := func(options ...string) string { return options[w.ch.choose(loc+"|format", len(options))] }
	switch f {
	case "date":
		return pick("2024-02-29", "1970-01-01", "2099-12-31"), true
	case "date-time":
		return pick("2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z", "2038-01-19T03:14:08+05:30"), true
	case "time":
		return pick("23:59:59Z", "00:00:00+01:00"), true
	case "uuid":
		w.g.uuids++
		x := w.g.uuids*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
		return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(x>>32), uint16(x>>16), uint16(x)&0xfff, uint16(x>>48)&0xfff, x&0xffffffffffff), true
	case "email":
		return "someone@example.com", true
	case "hostname", "idn-hostname":
		return "example.com", true
	case "ipv4":
		return "192.0.2.1", true
	case "ipv6":
		return "2001:db8::1", true
	case "uri", "iri":
		return "https://example.com/a", true
	case "uri-reference", "iri-reference":
		return "/a/b", true
	case "duration":
		return "P1DT2H", true
	case "json-pointer":
		return "/a/0", true
	case "regex":
		return "^a+$", true
	}
	return "", false
}

// number makes a number meeting the bounds of c: at its minimum, at its maximum or in
// between, as chosen.
func (w *walk) number(c conj, loc string, integer bool) (any, error) {
	var lo, hi *big.Rat
	loOpen, hiOpen := false, false
	var mult *big.Rat
	tighten := func(r *big.Rat, isLo, open bool) {
		if r == nil {
			return
		}
		if isLo {
			if lo == nil || r.Cmp(lo) > 0 || (r.Cmp(lo) == 0 && open) {
				lo, loOpen = r, open
			}
			return
		}
		if hi == nil || r.Cmp(hi) < 0 || (r.Cmp(hi) == 0 && open) {
			hi, hiOpen = r, open
		}
	}
	for _, s := range c {
		tighten(s.Minimum, true, false)
		tighten(s.ExclusiveMinimum, true, true)
		tighten(s.Maximum, false, false)
		tighten(s.ExclusiveMaximum, false, true)
		if s.MultipleOf != nil && mult == nil {
			mult = s.MultipleOf
		}
	}
	step := big.NewRat(1, 1)
	if mult != nil {
		step = mult
	} else if !integer {
		step = big.NewRat(1, 2)
	}
	// The first allowed multiple of step at or above lo, and at or below hi.
	first := func() *big.Rat {
		if lo == nil {
			return nil
		}
		v := ceilTo(lo, step)
		if loOpen && v.Cmp(lo) == 0 {
			v.Add(v, step)
		}
		return v
	}()
	last := func() *big.Rat {
		if hi == nil {
			return nil
		}
		v := floorTo(hi, step)
		if hiOpen && v.Cmp(hi) == 0 {
			v.Sub(v, step)
		}
		return v
	}()
	options := []*big.Rat{}
	if first != nil {
		options = append(options, first)
	}
	if last != nil && (first == nil || last.Cmp(first) != 0) {
		options = append(options, last)
	}
	mid := new(big.Rat).SetInt64(42)
	switch {
	case first != nil && last != nil:
		mid = new(big.Rat).Add(first, last)
		mid.Quo(mid, big.NewRat(2, 1))
		mid = floorTo(mid, step)
	case first != nil:
		mid = new(big.Rat).Add(first, new(big.Rat).Mul(step, big.NewRat(3, 1)))
	case last != nil:
		mid = new(big.Rat).Sub(last, new(big.Rat).Mul(step, big.NewRat(3, 1)))
	default:
		mid = ceilTo(mid, step)
	}
	options = append(options, mid)
	v := options[w.ch.choose(loc+"|number", len(options))]
	if first != nil && last != nil && first.Cmp(last) > 0 {
		return nil, fmt.Errorf("%s: no number between the bounds", loc)
	}
	return ratNumber(v), nil
}

func ceilTo(r, step *big.Rat) *big.Rat {
	q := new(big.Rat).Quo(r, step)
	n := new(big.Int).Quo(q.Num(), q.Denom())
	if new(big.Rat).SetInt(n).Cmp(q) < 0 {
		n.Add(n, big.NewInt(1))
	}
	return new(big.Rat).Mul(new(big.Rat).SetInt(n), step)
}

func floorTo(r, step *big.Rat) *big.Rat {
	q := new(big.Rat).Quo(r, step)
	n := new(big.Int).Quo(q.Num(), q.Denom())
	if new(big.Rat).SetInt(n).Cmp(q) > 0 {
		n.Sub(n, big.NewInt(1))
	}
	return new(big.Rat).Mul(new(big.Rat).SetInt(n), step)
}

// ratNumber writes a rational as a JSON number: an integer when it is one, else a decimal.
func ratNumber(r *big.Rat) json.Number {
	if r.IsInt() {
		return json.Number(r.Num().String())
	}
	if f, exact := r.Float64(); exact && !math.IsInf(f, 0) {
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return json.Number(r.FloatString(12))
}

// array makes an array of the length chosen, within minItems and maxItems.
func (w *walk) array(c conj, loc, ptr string, depth int) (any, error) {
	minN, maxN := 0, -1
	var items conj
	var prefix []conj
	unique := false
	for _, s := range c {
		minN = max(minN, s.MinItems)
		if s.MaxItems >= 0 && (maxN < 0 || s.MaxItems < maxN) {
			maxN = s.MaxItems
		}
		if s.Items2020 != nil {
			items = append(items, s.Items2020)
		}
		switch it := s.Items.(type) {
		case *jsonschema.Schema:
			items = append(items, it)
		case []*jsonschema.Schema:
			for i, p := range it {
				for len(prefix) <= i {
					prefix = append(prefix, nil)
				}
				prefix[i] = append(prefix[i], p)
			}
		}
		for i, p := range s.PrefixItems {
			for len(prefix) <= i {
				prefix = append(prefix, nil)
			}
			prefix[i] = append(prefix[i], p)
		}
		unique = unique || s.UniqueItems
	}
	if maxN >= 0 && maxN < minN {
		return nil, fmt.Errorf("%s: minItems %d is above maxItems %d", loc, minN, maxN)
	}
	n := minN
	if w.small(depth) {
		options := []int{minN, minN + 1, minN + 2}
		if minN == 0 {
			options = []int{0, 1, 2}
		}
		kept := options[:0]
		for _, o := range options {
			if maxN < 0 || o <= maxN {
				kept = append(kept, o)
			}
		}
		n = kept[w.ch.choose(loc+"|items", len(kept))]
	}
	out := make([]any, 0, n)
	for i := 0; i < n; i++ {
		sub := items
		if i < len(prefix) {
			sub = prefix[i]
		}
		var v any
		var err error
		for try := 0; try < 4; try++ {
			if v, err = w.value(sub, ptr+"/"+strconv.Itoa(i), depth+1); err != nil {
				return nil, err
			}
			if !unique || !containsJSON(out, v) {
				break
			}
		}
		out = append(out, v)
	}
	return out, nil
}

func containsJSON(list []any, v any) bool {
	for _, e := range list {
		if sameJSON(e, v) {
			return true
		}
	}
	return false
}

// object makes an object: required members, optional ones present or absent as chosen, and
// members of a map-like schema (additionalProperties, patternProperties, propertyNames).
func (w *walk) object(c conj, loc, ptr string, depth int) (any, error) {
	props := map[string]conj{}
	required := map[string]bool{}
	var extra conj // additionalProperties schemas
	closed := false
	var names conj // propertyNames
	patterns := map[*regexp.Regexp]conj{}
	minP := 0
	for _, s := range c {
		for _, r := range s.Required {
			required[r] = true
		}
		for name, p := range s.Properties {
			props[name] = append(props[name], p)
		}
		switch a := s.AdditionalProperties.(type) {
		case bool:
			closed = closed || !a
		case *jsonschema.Schema:
			extra = append(extra, a)
		}
		if s.PropertyNames != nil {
			names = append(names, s.PropertyNames)
		}
		for re, p := range s.PatternProperties {
			patterns[re] = append(patterns[re], p)
		}
		minP = max(minP, s.MinProperties)
	}
	all := map[string]bool{}
	for n := range props {
		all[n] = true
	}
	for n := range required {
		all[n] = true
	}
	keys := make([]string, 0, len(all))
	for n := range all {
		keys = append(keys, n)
	}
	sort.Strings(keys)
	out := map[string]any{}
	for _, name := range keys {
		if !required[name] {
			if !w.small(depth) || w.ch.choose(loc+"|optional|"+name, 2) == 1 {
				continue
			}
		}
		sub := append(conj{}, props[name]...)
		for _, re := range sortedRegexps(patterns) {
			if re.MatchString(name) {
				sub = append(sub, patterns[re]...)
			}
		}
		if _, named := props[name]; !named {
			sub = append(sub, extra...)
		}
		v, err := w.value(sub, ptr+"/"+name, depth+1)
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	// Beside named members, one optional member for each pattern of patternProperties.
	if len(props) > 0 && w.small(depth) {
		for _, re := range sortedRegexps(patterns) {
			if w.ch.choose(loc+"|pattern-member|"+re.String(), 2) == 1 {
				continue
			}
			name, err := fromRegexp(re.String(), w.ch, loc+"|name|"+re.String())
			if err != nil {
				return nil, err
			}
			if _, taken := out[name]; taken {
				continue
			}
			var sub conj
			for _, r := range sortedRegexps(patterns) {
				if r.MatchString(name) {
					sub = append(sub, patterns[r]...)
				}
			}
			if p, ok := props[name]; ok {
				sub = append(sub, p...)
			}
			v, err := w.value(sub, ptr+"/"+name, depth+1)
			if err != nil {
				return nil, err
			}
			out[name] = v
		}
	}
	// A map-like object: members named by propertyNames or a pattern, valued by
	// additionalProperties or patternProperties.
	mapLike := len(props) == 0 && (len(extra) > 0 || len(patterns) > 0 || len(names) > 0)
	want := minP
	if mapLike && w.small(depth) {
		want = max(want, 1+w.ch.choose(loc+"|members", 2))
	}
	for i := 0; len(out) < want && i < want+4; i++ {
		name, sub, err := w.memberName(names, patterns, extra, loc, i)
		if err != nil {
			return nil, err
		}
		if _, taken := out[name]; taken || (closed && len(sub) == 0) {
			continue
		}
		v, err := w.value(sub, ptr+"/"+name, depth+1)
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}

// memberName makes the name of a further member and the schemas its value must meet.
func (w *walk) memberName(names conj, patterns map[*regexp.Regexp]conj, extra conj, loc string, i int) (string, conj, error) {
	if len(names) > 0 {
		v, err := w.value(names, "", 0)
		if err != nil {
			return "", nil, err
		}
		name, ok := v.(string)
		if !ok {
			return "", nil, fmt.Errorf("%s: propertyNames gives no string", loc)
		}
		sub := append(conj{}, extra...)
		for _, re := range sortedRegexps(patterns) {
			if re.MatchString(name) {
				sub = append(sub, patterns[re]...)
			}
		}
		return name, sub, nil
	}
	if len(patterns) > 0 {
		res := sortedRegexps(patterns)
		re := res[w.ch.choose(loc+"|pattern-member", len(res))]
		name, err := fromRegexp(re.String(), w.ch, loc+"|name")
		if err != nil {
			return "", nil, err
		}
		var sub conj
		for _, r := range sortedRegexps(patterns) {
			if r.MatchString(name) {
				sub = append(sub, patterns[r]...)
			}
		}
		return name, sub, nil
	}
	return fmt.Sprintf("key%d", i+1), extra, nil
}

// sortedRegexps lists the patterns of patternProperties in a fixed order.
func sortedRegexps(patterns map[*regexp.Regexp]conj) []*regexp.Regexp {
	res := make([]*regexp.Regexp, 0, len(patterns))
	for re := range patterns {
		res = append(res, re)
	}
	sort.Slice(res, func(a, b int) bool { return res[a].String() < res[b].String() })
	return res
}
