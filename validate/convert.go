package validate

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/railzhook/railzhook/internal/editdist"
)

// fieldErrors flattens a jsonschema error tree into one FieldError per leaf failure, with
// paths pointing at the offending member itself and oneOf/anyOf failures reduced to the branch
// the payload was aiming at.
func (s *compiledSet) fieldErrors(ve *jsonschema.ValidationError, tree any) []FieldError {
	var out []FieldError
	s.collect(pointers(ve), tree, "", &out)
	return out
}

func lastToken(ptr string) string {
	return ptr[strings.LastIndexByte(ptr, '/')+1:]
}

func parentLocation(absLoc string) string {
	return absLoc[:strings.LastIndexByte(absLoc, '/')]
}

// keywordNames maps extension keywords to the keyword they stand for.
var keywordNames = map[string]string{ecmaPattern: "pattern", ecmaAdditional: "additionalProperties"}

// tree is the value validated, and ve's instance locations are relative to it; base is its
// pointer in the whole payload, used only to name members in messages.
func (s *compiledSet) collect(ve *jsonschema.ValidationError, tree any, base string, out *[]FieldError) {
	kw := lastToken(ve.KeywordLocation)
	if name, ok := keywordNames[kw]; ok {
		*out = append(*out, FieldError{Path: ve.InstanceLocation, Keyword: name, Message: ve.Message})
		return
	}
	if (kw == "oneOf" || kw == "anyOf") && len(ve.Causes) > 0 {
		s.union(ve, tree, base, out)
		return
	}
	if len(ve.Causes) > 0 {
		for _, c := range ve.Causes {
			s.collect(c, tree, base, out)
		}
		return
	}
	if kw == "type" {
		if f, ok := s.strictExtra(ve, base); ok {
			*out = append(*out, f)
			return
		}
	}
	switch kw {
	case "required":
		s.required(ve, tree, out)
	case "additionalProperties":
		s.unknown(ve, tree, out)
	case "enum":
		*out = append(*out, FieldError{Path: ve.InstanceLocation, Keyword: kw, Message: s.enumMessage(ve, tree)})
	default:
		*out = append(*out, FieldError{Path: ve.InstanceLocation, Keyword: kw, Message: ve.Message})
	}
}

// strictExtra reports a member that fails the schema strict mode gives unknown members of an
// object ("x-strict-additionalProperties", the envelope's custom request-id label) as the
// unknown property it is, rather than as a type error.
func (s *compiledSet) strictExtra(ve *jsonschema.ValidationError, base string) (FieldError, bool) {
	const suffix = "/additionalProperties/type"
	if s.mode != ModeStrict || !strings.HasSuffix(ve.AbsoluteKeywordLocation, suffix) {
		return FieldError{}, false
	}
	obj, ok := s.lookup(strings.TrimSuffix(ve.AbsoluteKeywordLocation, suffix))
	if !ok {
		return FieldError{}, false
	}
	extra, ok := obj["x-strict-additionalProperties"].(map[string]any)
	if !ok {
		return FieldError{}, false
	}
	msg := fmt.Sprintf("unknown property %q", unescapeToken(lastToken(base+ve.InstanceLocation)))
	if t, ok := extra["type"].(string); ok {
		msg += "; the only unknown member allowed here is a " + t
		if d, ok := extra["description"].(string); ok {
			msg += " (" + strings.TrimSuffix(strings.ToLower(d[:1])+d[1:], ".") + ")"
		}
	}
	return FieldError{Path: ve.InstanceLocation, Keyword: "additionalProperties", Message: msg}, true
}

// required reports each missing member at its own path; the names come from the schema and
// the payload.
func (s *compiledSet) required(ve *jsonschema.ValidationError, tree any, out *[]FieldError) {
	schema, _ := s.lookup(parentLocation(ve.AbsoluteKeywordLocation))
	obj, _ := instanceAt(tree, ve.InstanceLocation).(map[string]any)
	req, _ := schema["required"].([]any)
	n := len(*out)
	for _, r := range req {
		name, _ := r.(string)
		if _, ok := obj[name]; !ok && obj != nil {
			*out = append(*out, FieldError{
				Path:    ve.InstanceLocation + "/" + escapeToken(name),
				Keyword: "required",
				Message: fmt.Sprintf("missing required property %q", name),
			})
		}
	}
	if len(*out) == n { // could not work it out: keep the validator's word
		*out = append(*out, FieldError{Path: ve.InstanceLocation, Keyword: "required", Message: ve.Message})
	}
}

// unknown reports each member that additionalProperties: false rejects, at its own path.
func (s *compiledSet) unknown(ve *jsonschema.ValidationError, tree any, out *[]FieldError) {
	schema, _ := s.lookup(parentLocation(ve.AbsoluteKeywordLocation))
	obj, _ := instanceAt(tree, ve.InstanceLocation).(map[string]any)
	props, _ := schema["properties"].(map[string]any)
	var patterns []*regexp.Regexp
	if pp, ok := schema["patternProperties"].(map[string]any); ok {
		for p := range pp {
			if re, err := regexp.Compile(p); err == nil {
				patterns = append(patterns, re)
			}
		}
	}
	var names []string
	for k := range obj {
		if _, known := props[k]; known {
			continue
		}
		matched := false
		for _, re := range patterns {
			if re.MatchString(k) {
				matched = true
				break
			}
		}
		if !matched {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		*out = append(*out, FieldError{Path: ve.InstanceLocation, Keyword: "additionalProperties", Message: ve.Message})
		return
	}
	for _, k := range names {
		*out = append(*out, FieldError{
			Path:    ve.InstanceLocation + "/" + escapeToken(k),
			Keyword: "additionalProperties",
			Message: fmt.Sprintf("unknown property %q", k),
		})
	}
}

// union keeps the errors of the branch the payload evidently aimed at: branches whose type
// does not match the value are dropped, and of the rest the one with the fewest errors wins.
// When no branch accepts the value's type, one type error lists the types allowed.
func (s *compiledSet) union(ve *jsonschema.ValidationError, tree any, base string, out *[]FieldError) {
	// Group the causes by branch: a cause's schema location starts with the union's, then
	// the branch index.
	var order []string
	branches := map[string][]*jsonschema.ValidationError{}
	prefix := ve.AbsoluteKeywordLocation + "/"
	for _, c := range ve.Causes {
		idx, _, _ := strings.Cut(strings.TrimPrefix(c.AbsoluteKeywordLocation, prefix), "/")
		if _, ok := branches[idx]; !ok {
			order = append(order, idx)
		}
		branches[idx] = append(branches[idx], c)
	}
	var best []FieldError
	found := false
	var types []string
	for _, idx := range order {
		var errs []FieldError
		for _, c := range branches[idx] {
			s.collect(c, tree, base, &errs)
		}
		mismatch := false
		for _, e := range errs {
			if e.Keyword == "type" && e.Path == ve.InstanceLocation {
				mismatch = true
				break
			}
		}
		if mismatch {
			types = append(types, s.typesAt(prefix+idx)...)
			continue
		}
		if !found || len(errs) < len(best) {
			best, found = errs, true
		}
	}
	if found {
		*out = append(*out, best...)
		return
	}
	*out = append(*out, FieldError{
		Path:    ve.InstanceLocation,
		Keyword: "type",
		Message: fmt.Sprintf("expected %s, but got %s", joinOr(uniq(types)), jsonType(instanceAt(tree, ve.InstanceLocation))),
	})
}

// typesAt lists the JSON types the schema at absLoc allows, following $refs.
func (s *compiledSet) typesAt(absLoc string) []string {
	for hops := 0; hops < 16; hops++ {
		schema, ok := s.lookup(absLoc)
		if !ok {
			return nil
		}
		switch t := schema["type"].(type) {
		case string:
			return []string{t}
		case []any:
			return asStrings(t)
		}
		ref, _ := schema["$ref"].(string)
		if ref == "" {
			return nil
		}
		base, _, _ := strings.Cut(absLoc, "#")
		bu, err := url.Parse(base)
		if err != nil {
			return nil
		}
		ru, err := url.Parse(ref)
		if err != nil {
			return nil
		}
		absLoc = bu.ResolveReference(ru).String()
		if !strings.Contains(absLoc, "#") {
			absLoc += "#"
		}
	}
	return nil
}

func uniq(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func joinOr(words []string) string {
	switch len(words) {
	case 0:
		return "another type"
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch n := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if _, err := strconv.ParseInt(string(n), 10, 64); err == nil {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// instanceAt returns the value at a JSON pointer, or nil.
func instanceAt(tree any, ptr string) any {
	if ptr == "" {
		return tree
	}
	cur := tree
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = unescapeToken(tok)
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// enumMessage names the rejected value and, for short lists, the values allowed.
func (s *compiledSet) enumMessage(ve *jsonschema.ValidationError, tree any) string {
	schema, _ := s.lookup(parentLocation(ve.AbsoluteKeywordLocation))
	values, _ := schema["enum"].([]any)
	checked := instanceAt(tree, ve.InstanceLocation)
	got, _ := json.Marshal(checked)
	if strings.Contains(ve.KeywordLocation, "/propertyNames/") {
		// The value checked is the member's name, the last token of the path.
		checked = unescapeToken(lastToken(ve.InstanceLocation))
		got, _ = json.Marshal(checked)
		got = append([]byte("property name "), got...)
	}
	if len(values) == 0 {
		return ve.Message
	}
	const show = 10
	quoted := make([]string, 0, show)
	for _, v := range values[:min(len(values), show)] {
		b, _ := json.Marshal(v)
		quoted = append(quoted, string(b))
	}
	msg := fmt.Sprintf("%s is not one of %s", got, strings.Join(quoted, ", "))
	if len(values) > show {
		msg += fmt.Sprintf(" and %d more", len(values)-show)
	}
	if s, ok := checked.(string); ok {
		if near, ok := nearest(s, values); ok {
			b, _ := json.Marshal(near)
			msg += "; did you mean " + string(b) + "?"
		}
	}
	return msg
}

// nearest returns the string value closest to s in edit distance, ignoring case, when it is
// close enough to be a likely typo: at most a third of the longer string's length away.
func nearest(s string, values []any) (string, bool) {
	best, bestDist := "", -1
	for _, v := range values {
		c, ok := v.(string)
		if !ok || c == s {
			continue
		}
		d := editdist.Distance(strings.ToLower(s), strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(len([]rune(s)), len([]rune(best))) / 3
	return best, bestDist >= 0 && bestDist <= max(1, limit)
}
