package validate

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
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

// DefaultPatternTimeout is how long ECMAScript patterns may take, all matches together, on
// one payload (SchemaOptions.PatternTimeout).
const DefaultPatternTimeout = time.Second

// ErrPatternTimeout matches the *PatternTimeoutError of a payload that was not judged.
var ErrPatternTimeout = errors.New("a pattern could not be evaluated in time")

// PatternTimeoutError is returned by Schema.Validate when the ECMAScript patterns of a schema
// (those Go's regular expressions cannot run, evaluated by a backtracking engine) took longer
// than the time allowed for one payload. It is not a verdict: the payload was neither
// accepted nor rejected, because the pattern's outcome is unknown.
type PatternTimeoutError struct {
	// Path is the JSON pointer of the value (or, for patternProperties, the member name)
	// being matched when the time ran out.
	Path string
	// Pattern is the pattern being evaluated.
	Pattern string
	// Limit is the time allowed per payload.
	Limit time.Duration
}

func (e *PatternTimeoutError) Error() string {
	p := e.Path
	if p == "" {
		p = "(root)"
	}
	return fmt.Sprintf("%s: pattern %s could not be evaluated within the %s allowed per payload; the payload was not judged", p, quoteForMessage(e.Pattern), e.Limit)
}

// Is reports whether target is ErrPatternTimeout.
func (e *PatternTimeoutError) Is(target error) bool { return target == ErrPatternTimeout }

// patternClock bounds the time the ECMAScript patterns of one compiled set take on one
// payload. The compiled schemas are shared and the validator underneath passes nothing of
// the payload's own to an extension, so a set with such patterns validates one payload at a
// time (validateTree holds mu), and the extension reads the payload's deadline here.
type patternClock struct {
	mu       sync.Mutex
	limit    time.Duration
	used     bool      // the set has ECMAScript patterns
	deadline time.Time // of the payload being validated; zero outside validateTree
}

// start begins a payload's budget; the returned function ends it.
func (c *patternClock) start() func() {
	if c == nil || !c.used {
		return func() {}
	}
	c.mu.Lock()
	c.deadline = time.Now().Add(c.limit)
	return func() {
		c.deadline = time.Time{}
		c.mu.Unlock()
	}
}

// match runs re on s within what is left of the payload's budget. When the budget runs out it
// panics with a *PatternTimeoutError, which validateTree recovers: no verdict may be drawn
// from a match that did not finish, not even inside a "not" or a oneOf.
func (c *patternClock) match(ctx jsonschema.ValidationContext, re *regexp2.Regexp, source, s, token string) bool {
	if !c.deadline.IsZero() {
		left := time.Until(c.deadline)
		if left <= 0 {
			panic(c.timeout(ctx, source, token))
		}
		re.MatchTimeout = left
	}
	ok, err := re.MatchString(s)
	if err != nil {
		panic(c.timeout(ctx, source, token))
	}
	return ok
}

func (c *patternClock) timeout(ctx jsonschema.ValidationContext, source, token string) *PatternTimeoutError {
	// The validator's instance locations have URL-escaped tokens; Path is a JSON pointer.
	toks := strings.Split(ctx.Error("", "").InstanceLocation, "/")
	for i, t := range toks {
		if u, err := url.PathUnescape(t); err == nil {
			toks[i] = u
		}
	}
	at := strings.Join(toks, "/")
	if token != "" {
		at += "/" + token
	}
	return &PatternTimeoutError{Path: at, Pattern: source, Limit: c.limit}
}

type ecmaCompiler struct{ clock *patternClock }

type ecmaSchema struct {
	clock         *patternClock
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
	return re, nil
}

func (c ecmaCompiler) Compile(ctx jsonschema.CompilerContext, m map[string]any) (jsonschema.ExtSchema, error) {
	s := &ecmaSchema{clock: c.clock}
	used := false
	if p, ok := m[ecmaPattern].(string); ok {
		re, err := compileECMA(p)
		if err != nil {
			return nil, err
		}
		re.MatchTimeout = c.clock.limit
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
			re.MatchTimeout = c.clock.limit
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
	c.clock.used = true
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
		if !s.clock.match(ctx, s.pattern, s.patternSource, str, "") {
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
			if s.clock.match(ctx, p.re, p.source, k, escapeToken(k)) {
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
