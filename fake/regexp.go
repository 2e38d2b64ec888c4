package fake

import (
	"fmt"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode"
)

// fromRegexp makes a string the pattern matches, for the RE2 subset: literals, classes,
// groups, alternation and repetition; anchors and word boundaries match empty.
func fromRegexp(pattern string, ch chooser, loc string) (string, error) {
	re, err := parsed(pattern)
	if err != nil {
		return "", fmt.Errorf("%s: pattern %q: %v", loc, pattern, err)
	}
	var b strings.Builder
	node := 0 // choice points are numbered in the order the walk meets them
	var gen func(r *syntax.Regexp, depth int) error
	gen = func(r *syntax.Regexp, depth int) error {
		if depth > 50 {
			return fmt.Errorf("%s: pattern %q nests too deeply", loc, pattern)
		}
		node++
		point := fmt.Sprintf("%s|re|%d", loc, node)
		switch r.Op {
		case syntax.OpLiteral:
			b.WriteString(string(r.Rune))
		case syntax.OpCharClass:
			b.WriteRune(classRune(r.Rune, ch, point))
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			b.WriteByte('a')
		case syntax.OpCapture:
			return gen(r.Sub[0], depth+1)
		case syntax.OpConcat:
			for _, s := range r.Sub {
				if err := gen(s, depth+1); err != nil {
					return err
				}
			}
		case syntax.OpAlternate:
			return gen(r.Sub[ch.choose(point, len(r.Sub))], depth+1)
		case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
			lo, hi := 0, 1
			switch r.Op {
			case syntax.OpPlus:
				lo, hi = 1, 2
			case syntax.OpRepeat:
				lo, hi = r.Min, r.Max
				if hi < 0 || hi > lo+2 {
					hi = lo + 1
				}
			}
			n := lo + ch.choose(point, hi-lo+1)
			for i := 0; i < n; i++ {
				if err := gen(r.Sub[0], depth+1); err != nil {
					return err
				}
			}
		case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
			syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		case syntax.OpNoMatch:
			return fmt.Errorf("%s: pattern %q matches nothing", loc, pattern)
		default:
			return fmt.Errorf("%s: pattern %q uses %v, which is not generated", loc, pattern, r.Op)
		}
		return nil
	}
	if err := gen(re, 0); err != nil {
		return "", err
	}
	return b.String(), nil
}

var regexps sync.Map // pattern -> *syntax.Regexp, simplified

func parsed(pattern string) (*syntax.Regexp, error) {
	if re, ok := regexps.Load(pattern); ok {
		return re.(*syntax.Regexp), nil
	}
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, err
	}
	re = re.Simplify()
	regexps.Store(pattern, re)
	return re, nil
}

// classRune picks a character of a class (pairs of lo, hi), preferring letters and digits.
func classRune(ranges []rune, ch chooser, point string) rune {
	var nice []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && r-ranges[i] < 64; r++ {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				nice = append(nice, r)
				break
			}
		}
	}
	if len(nice) > 0 {
		return nice[ch.choose(point, len(nice))]
	}
	if len(ranges) == 0 {
		return 'a'
	}
	return ranges[0]
}
