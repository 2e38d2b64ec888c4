package generator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// JSON Schema patterns are ECMAScript regular expressions. Go's regexp has no lookarounds, but
// the common form that starts with them, "^(?!pattern$).*" ("any name but pattern"), needs
// none: a lookahead right after the leading ^ looks at the start of the string, so the pattern
// matches when each lookahead's expression matches (or, negated, does not match) at the start
// and the rest matches from there. Such patterns are compiled to a lookahead value (see
// lookaheadSource) with the same MatchString method as a *regexp.Regexp.

// lookaheadPart is one leading lookahead: its expression, and whether it is negative.
type lookaheadPart struct {
	re      string
	negated bool
}

// splitLookaheads splits a pattern made of ^, lookaheads and a rest that are Go regular
// expressions: "^(?!a$)(?=b).*" gives {a$, negated}, {b} and ".*". ok is false for any other
// pattern.
func splitLookaheads(p string) (parts []lookaheadPart, rest string, ok bool) {
	if !strings.HasPrefix(p, "^") {
		return nil, "", false
	}
	i := 1
	for strings.HasPrefix(p[i:], "(?!") || strings.HasPrefix(p[i:], "(?=") {
		negated := p[i+2] == '!'
		end, found := groupEnd(p, i)
		if !found {
			return nil, "", false
		}
		parts = append(parts, lookaheadPart{re: p[i+3 : end], negated: negated})
		i = end + 1
	}
	if len(parts) == 0 {
		return nil, "", false
	}
	rest = p[i:]
	for _, part := range append(parts, lookaheadPart{re: rest}) {
		if _, err := regexp.Compile(anchored(part.re)); err != nil {
			return nil, "", false
		}
	}
	return parts, rest, true
}

// groupEnd returns the index of the parenthesis that closes the group opening at p[start],
// skipping escapes and character classes.
func groupEnd(p string, start int) (int, bool) {
	depth, class := 0, false
	for i := start; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\':
			i++
		case class:
			class = c != ']'
		case c == '[':
			class = true
			if i+1 < len(p) && p[i+1] == ']' {
				i++ // "[]...]": the first ] is a member
			}
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return i, true
			}
		}
	}
	return 0, false
}

// patternCompiles reports whether the generated code can match a pattern: Go compiles it, or
// it only adds leading lookaheads to what Go compiles.
func patternCompiles(p string) bool {
	if _, err := regexp.Compile(p); err == nil {
		return true
	}
	_, _, ok := splitLookaheads(p)
	return ok
}

// patternMatches reports whether s matches a pattern as the generated code matches it, and
// false for ok when the pattern cannot be compiled.
func patternMatches(p, s string) (match, ok bool) {
	if re, err := regexp.Compile(p); err == nil {
		return re.MatchString(s), true
	}
	parts, rest, ok := splitLookaheads(p)
	if !ok {
		return false, false
	}
	for _, part := range parts {
		re, err := regexp.Compile(anchored(part.re))
		if err != nil {
			return false, false
		}
		if re.MatchString(s) == part.negated {
			return false, true
		}
	}
	re, err := regexp.Compile(anchored(rest))
	if err != nil {
		return false, false
	}
	return re.MatchString(s), true
}

// patternInit returns the Go expression a pattern variable of the support file is set to, and
// whether it needs lookaheadSource.
func patternInit(p string) (string, bool) {
	if _, err := regexp.Compile(p); err == nil {
		return fmt.Sprintf("regexp.MustCompile(%s)", strconv.Quote(p)), false
	}
	parts, rest, _ := splitLookaheads(p)
	var ahead, negated []string
	for _, part := range parts {
		ahead = append(ahead, fmt.Sprintf("regexp.MustCompile(%s)", strconv.Quote(anchored(part.re))))
		negated = append(negated, strconv.FormatBool(part.negated))
	}
	return fmt.Sprintf("lookahead{ahead: []*regexp.Regexp{%s}, negated: []bool{%s}, rest: regexp.MustCompile(%s)} // %q",
		strings.Join(ahead, ", "), strings.Join(negated, ", "), strconv.Quote(anchored(rest)), p), true
}

// anchored is a part of a pattern split at its lookaheads, matched from the start.
func anchored(re string) string { return "^(?:" + re + ")" }

// lookaheadSource is copied into the support file when a pattern starts with lookaheads.
const lookaheadSource = `// lookahead matches a pattern that starts with lookaheads, which Go's regexp does not have:
// each of ahead must match at the start of the string (or not match, where negated), and rest
// must match from there.
type lookahead struct {
	ahead   []*regexp.Regexp
	negated []bool
	rest    *regexp.Regexp
}

// MatchString reports whether s matches the pattern.
func (p lookahead) MatchString(s string) bool {
	for i, re := range p.ahead {
		if re.MatchString(s) == p.negated[i] {
			return false
		}
	}
	return p.rest.MatchString(s)
}

`
