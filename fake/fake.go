// Package fake makes JSON instances of a JSON Schema, for contract tests: a small covering set
// of valid instances, seeded random ones, and invalid ones that each break one constraint.
//
// It works from a compiled schema (validate.Target), so it serves any schema as well as the
// Railz events, and every instance it returns has been judged by the reference validator
// first: a valid case validates, an invalid case is rejected with exactly the one FieldError
// paired with it. What it cannot satisfy it reports (ErrUnsatisfiable, Report.Uncovered)
// instead of returning a wrong instance.
//
// # What it covers
//
// Generation walks the schema as a conjunction: $ref, allOf, the chosen branch of a oneOf or
// anyOf, and then or else of an if, are all constraints the value must meet together. Each
// decision (which enum value, which branch, which type, whether an optional member is
// present, how long a string or array is, which bound a number sits on) is a choice point.
//
//   - Cover chooses round-robin at every choice point until every option of every point has
//     appeared in a valid instance (an each-choice cover; pairs of choices are not all
//     covered). That includes every enum value, every optional member present and absent,
//     every oneOf/anyOf branch, and strings, numbers and arrays at their bounds (minLength and
//     maxLength, minimum and maximum, minItems).
//   - In default mode (the Target's Mode) it adds lenient cases: an unknown member in each
//     object that accepts one, and an unlisted value for each enumeration the validator
//     leaves open. Strict mode adds none.
//   - Random chooses at random from a seed: the same seed gives the same bytes.
//   - Invalid mutates covering instances one value at a time (member removed, value of another
//     type, a value outside the enumeration or format, a bound crossed, an unknown member) and
//     keeps each mutation whose verdict is exactly one error, one per path pattern and keyword.
//
// Formats are generated for date, date-time, time, uuid, email, hostname, ipv4, ipv6, uri,
// uri-reference, duration and json-pointer. A pattern is generated from its regular
// expression for the RE2 subset (literals, classes, groups, alternation, repetition; anchors
// and word boundaries match empty); ECMAScript-only syntax (lookarounds, backreferences) is
// not generated. not, uniqueItems, dependentRequired and the like are met by checking and
// retrying, not by construction.
package fake

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/railzhook/railzhook/validate"
)

// ErrUnsatisfiable is returned when no valid instance could be made.
var ErrUnsatisfiable = errors.New("fake: no valid instance found for this schema")

// Case is one generated payload.
type Case struct {
	// Name says what the case is: "cover-07", "lenient-unknown-member/data",
	// "random-42-3", "invalid-required/data/batchId".
	Name string
	// Payload is the instance as compact JSON.
	Payload json.RawMessage
	// Valid reports whether the validator accepts the payload in the Target's mode.
	Valid bool
	// Error is, for an invalid case, the one error the validator reports for it.
	Error *validate.FieldError
}

// Generator makes instances of one Target. It is not safe for concurrent use.
type Generator struct {
	t validate.Target
	// Attempts bounds the candidates tried: per covering set, per random instance, per
	// mutation site.
	Attempts int
	// MaxDepth bounds nesting and MaxValues the size of an instance: beyond either, optional
	// members are left out and arrays kept at their minimum, so that recursive schemas end
	// and large ones stay small.
	MaxDepth  int
	MaxValues int
	// MaxChecks bounds the mutations Invalid (and the lenient cases of Cover) submit to the
	// validator; past it, the cases found so far are returned.
	MaxChecks int
	// Budget, when set, bounds the time each call spends; past it, the cases found so far
	// are returned (Cover and Invalid) as with Attempts and MaxChecks.
	Budget   time.Duration
	deadline time.Time
	uuids    uint64
}

// start begins a call's time budget.
func (g *Generator) start() {
	g.deadline = time.Time{}
	if g.Budget > 0 {
		g.deadline = time.Now().Add(g.Budget)
	}
}

// late reports whether the call's time budget is spent.
func (g *Generator) late() bool {
	return !g.deadline.IsZero() && time.Now().After(g.deadline)
}

// New makes a Generator for a Target.
func New(t validate.Target) *Generator {
	return &Generator{t: t, Attempts: 400, MaxDepth: 12, MaxValues: 300, MaxChecks: 20000}
}

// Report says what a covering set covers.
type Report struct {
	// Points is how many choice points the schema has, and Options how many options they
	// have in all; Covered is how many of those options appear in a valid instance.
	Points, Options, Covered int
	// Uncovered lists the options never found in a valid instance, as "location: option".
	Uncovered []string
	// Rejected is how many candidates the validator refused (they are not returned).
	Rejected int
}

// Cover returns a covering set of valid instances (see the package doc), the lenient cases
// in default mode, and a report of what they cover.
func (g *Generator) Cover() ([]Case, Report, error) {
	g.start()
	g.resetIDs(0)
	ch := newCover()
	var cases []Case
	var rep Report
	misses := 0 // refused in a row
	for attempt := 0; attempt < g.Attempts && misses < 50 && !g.late(); attempt++ {
		ch.start()
		v, err := g.instance(ch)
		if err != nil {
			rep.Rejected++
			misses++
			ch.discard()
			continue
		}
		b, err := marshal(v)
		if err != nil {
			return nil, rep, err
		}
		if g.t.Check(b) != nil {
			rep.Rejected++
			misses++
			ch.discard()
			continue
		}
		misses = 0
		if ch.commit() || len(cases) == 0 {
			cases = append(cases, Case{Name: fmt.Sprintf("cover-%02d", len(cases)), Payload: b, Valid: true})
		}
		if ch.complete() {
			break
		}
	}
	rep.Points, rep.Options, rep.Covered, rep.Uncovered = ch.stats()
	if len(cases) == 0 {
		return nil, rep, ErrUnsatisfiable
	}
	if g.t.Mode == validate.ModeDefault {
		cases = append(cases, g.lenient(cases)...)
	}
	return cases, rep, nil
}

// Random returns n valid instances chosen at random from seed; the same seed gives the same
// instances.
func (g *Generator) Random(seed uint64, n int) ([]Case, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g.resetIDs(seed + 1)
	var cases []Case
	for i := 0; i < n; i++ {
		found := false
		for attempt := 0; attempt < max(20, g.Attempts/20) && !found; attempt++ {
			v, err := g.instance(randomChooser{rng})
			if err != nil {
				continue
			}
			b, err := marshal(v)
			if err != nil {
				return nil, err
			}
			if g.t.Check(b) == nil {
				cases = append(cases, Case{Name: fmt.Sprintf("random-%d-%d", seed, i), Payload: b, Valid: true})
				found = true
			}
		}
		if !found {
			return cases, fmt.Errorf("%w (random instance %d of seed %d)", ErrUnsatisfiable, i, seed)
		}
	}
	return cases, nil
}

// resetIDs restarts the sequence of generated UUIDs (requestIds among them): the same for the
// same schema and seed, different for different schemas, so that cases of different events
// never share a requestId.
func (g *Generator) resetIDs(seed uint64) {
	h := fnv.New64a()
	h.Write([]byte(g.t.Schema.Location))
	g.uuids = h.Sum64() ^ seed*0x9e3779b97f4a7c15
}

func marshal(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

// chooser decides at choice points.
type chooser interface {
	// choose picks one of n options at a point (a schema location and what is chosen).
	choose(point string, n int) int
}

type randomChooser struct{ rng *rand.Rand }

func (r randomChooser) choose(_ string, n int) int { return r.rng.IntN(n) }

// cover chooses round-robin per point, and counts the options seen in valid instances.
type cover struct {
	next    map[string]int
	options map[string]int
	used    map[string]map[int]bool
	pending [][2]any // (point, option) of the current attempt
	saved   map[string]int
}

func newCover() *cover {
	return &cover{next: map[string]int{}, options: map[string]int{}, used: map[string]map[int]bool{}}
}

func (c *cover) start() {
	c.pending = c.pending[:0]
	c.saved = map[string]int{}
	for k, v := range c.next {
		c.saved[k] = v
	}
}

func (c *cover) choose(point string, n int) int {
	c.options[point] = n
	// Prefer an option not yet seen in a valid instance; else go round.
	i := c.next[point] % n
	for k := 0; k < n; k++ {
		if !c.used[point][(i+k)%n] {
			i = (i + k) % n
			break
		}
	}
	c.next[point] = i + 1
	c.pending = append(c.pending, [2]any{point, i})
	return i
}

// discard forgets an attempt the validator refused, moving each of its points one option on
// so that the next attempt differs.
func (c *cover) discard() {
	for k, v := range c.saved {
		c.next[k] = v + 1
	}
}

// commit records the options of a valid attempt; it reports whether any was new.
func (c *cover) commit() bool {
	fresh := false
	for _, p := range c.pending {
		point, opt := p[0].(string), p[1].(int)
		if c.used[point] == nil {
			c.used[point] = map[int]bool{}
		}
		if !c.used[point][opt] {
			c.used[point][opt] = true
			fresh = true
		}
	}
	return fresh
}

func (c *cover) complete() bool {
	for p, n := range c.options {
		for i := 0; i < n; i++ {
			if !c.used[p][i] {
				return false
			}
		}
	}
	return true
}

func (c *cover) stats() (points, options, covered int, uncovered []string) {
	for p, n := range c.options {
		points++
		options += n
		for i := 0; i < n; i++ {
			if c.used[p][i] {
				covered++
			} else {
				uncovered = append(uncovered, fmt.Sprintf("%s: option %d of %d", p, i+1, n))
			}
		}
	}
	sort.Strings(uncovered)
	return
}

// instance makes one candidate.
func (g *Generator) instance(ch chooser) (any, error) {
	w := &walk{g: g, ch: ch}
	return w.value(conj{g.t.Schema}, "", 0)
}

// conj is a list of schemas a value must satisfy together.
type conj []*jsonschema.Schema

var errFalse = errors.New("false schema")

// walk makes one instance.
type walk struct {
	g      *Generator
	ch     chooser
	values int // made so far
}

// small reports whether the instance may still grow at depth: optional members and array
// items beyond the minimum are added only then.
func (w *walk) small(depth int) bool {
	return depth < w.g.MaxDepth && w.values < w.g.MaxValues
}
