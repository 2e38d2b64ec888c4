package validate

import (
	"fmt"
	"regexp"
	"sort"
	"time"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// JSON Schema patterns are ECMAScript regular expressions. Go's regexp (RE2) lacks some of
// their syntax, lookarounds above all, and the jsonschema package compiles patterns with it.
// Before compiling a schema document from elsewhere, patterns RE2 cannot compile are moved to
// the keywords below, which an extension evaluates with an ECMAScript-compatible engine:
//
//	pattern                   -> x-ecma-pattern
//	patternProperties entries -> x-ecma-patternProperties; then, because which members are
//	                             "additional" depends on every pattern, additionalProperties
//	                             -> x-ecma-additionalProperties and x-ecma-known lists the
//	                             properties and RE2 patterns.
const (
	ecmaPattern    = "x-ecma-pattern"
	ecmaPatternPr  = "x-ecma-patternProperties"
	ecmaAdditional = "x-ecma-additionalProperties"
	ecmaKnown      = "x-ecma-known"
)

// moveECMAPatterns rewrites one schema object as described above.
func moveECMAPatterns(n map[string]any) {
	if p, ok := n["pattern"].(string); ok {
		if _, err := regexp.Compile(p); err != nil {
			n[ecmaPattern] = p
			delete(n, "pattern")
		}
	}
	pp, ok := n["patternProperties"].(map[string]any)
	if !ok {
		return
	}
	moved := map[string]any{}
	for k, v := range pp {
		if _, err := regexp.Compile(k); err != nil {
			moved[k] = v
			delete(pp, k)
		}
	}
	if len(moved) == 0 {
		return
	}
	n[ecmaPatternPr] = moved
	if ap, ok := n["additionalProperties"]; ok {
		n[ecmaAdditional] = ap
		delete(n, "additionalProperties")
		var props, pats []any
		if pm, ok := n["properties"].(map[string]any); ok {
			for k := range pm {
				props = append(props, k)
			}
		}
		for k := range pp {
			pats = append(pats, k)
		}
		n[ecmaKnown] = map[string]any{"properties": props, "patterns": pats}
	}
}

type ecmaCompiler struct{}

type ecmaSchema struct {
	pattern       *regexp2.Regexp
	patternSource string
	patterns      []ecmaPatternSchema
	hasAdditional bool
	additional    *jsonschema.Schema // nil with hasAdditional: additionalProperties false
	known         map[string]bool
	knownRE       []*regexp.Regexp
}

type ecmaPatternSchema struct {
	source string
	re     *regexp2.Regexp
	schema *jsonschema.Schema
}

func compileECMA(p string) (*regexp2.Regexp, error) {
	re, err := regexp2.Compile(p, regexp2.ECMAScript)
	if err != nil {
		// Some constructs are only accepted outside ECMAScript mode (\p{...}, ...).
		re, err = regexp2.Compile(p, regexp2.None)
	}
	if err != nil {
		return nil, fmt.Errorf("invalid pattern %q: %v", p, err)
	}
	re.MatchTimeout = time.Second
	return re, nil
}

func (ecmaCompiler) Compile(ctx jsonschema.CompilerContext, m map[string]any) (jsonschema.ExtSchema, error) {
	s := &ecmaSchema{}
	used := false
	if p, ok := m[ecmaPattern].(string); ok {
		re, err := compileECMA(p)
		if err != nil {
			return nil, err
		}
		s.pattern, s.patternSource, used = re, p, true
	}
	if pp, ok := m[ecmaPatternPr].(map[string]any); ok {
		used = true
		keys := make([]string, 0, len(pp))
		for k := range pp {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			re, err := compileECMA(k)
			if err != nil {
				return nil, err
			}
			sch, err := ctx.Compile(ecmaPatternPr+"/"+escapeToken(k), false)
			if err != nil {
				return nil, err
			}
			s.patterns = append(s.patterns, ecmaPatternSchema{source: k, re: re, schema: sch})
		}
	}
	if ap, ok := m[ecmaAdditional]; ok {
		s.hasAdditional = true
		if b, isBool := ap.(bool); !isBool || b {
			sch, err := ctx.Compile(ecmaAdditional, false)
			if err != nil {
				return nil, err
			}
			s.additional = sch
		}
		s.known = map[string]bool{}
		known, _ := m[ecmaKnown].(map[string]any)
		for _, p := range asStrings(known["properties"]) {
			s.known[p] = true
		}
		for _, p := range asStrings(known["patterns"]) {
			if re, err := regexp.Compile(p); err == nil {
				s.knownRE = append(s.knownRE, re)
			}
		}
	}
	if !used {
		return nil, nil
	}
	return s, nil
}

func asStrings(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func (s *ecmaSchema) Validate(ctx jsonschema.ValidationContext, v any) error {
	if str, ok := v.(string); ok && s.pattern != nil {
		if ok, err := s.pattern.MatchString(str); err != nil || !ok {
			return ctx.Error(ecmaPattern, "does not match pattern %s", quoteForMessage(s.patternSource))
		}
	}
	obj, ok := v.(map[string]any)
	if !ok || len(s.patterns) == 0 {
		return nil
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs []error
	var unknown []string
	for _, k := range keys {
		matched := false
		for _, p := range s.patterns {
			if ok, _ := p.re.MatchString(k); ok {
				matched = true
				if err := ctx.Validate(p.schema, ecmaPatternPr+"/"+escapeToken(p.source), obj[k], escapeToken(k)); err != nil {
					errs = append(errs, err)
				}
			}
		}
		if matched || !s.hasAdditional || s.known[k] {
			continue
		}
		for _, re := range s.knownRE {
			if re.MatchString(k) {
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if s.additional == nil {
			unknown = append(unknown, k)
			continue
		}
		if err := ctx.Validate(s.additional, ecmaAdditional, obj[k], escapeToken(k)); err != nil {
			errs = append(errs, err)
		}
	}
	for _, u := range unknown {
		e := ctx.Error(ecmaAdditional, "unknown property %s", quoteForMessage(u))
		e.InstanceLocation += "/" + escapeToken(u)
		errs = append(errs, e)
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return jsonschema.ValidationError{}.Group(ctx.Error("", "patternProperties failed"), errs...)
}

func quoteForMessage(s string) string { return fmt.Sprintf("%q", s) }
