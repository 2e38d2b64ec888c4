package corpus

import (
	"errors"
	"path/filepath"
	"strings"
	"time"

	"github.com/railzhook/railzhook/fake"
	"github.com/railzhook/railzhook/validate"
)

// FakeResult is how package fake did on one schema.
type FakeResult struct {
	Err      string // why no instance was made ("" when some were)
	Cases    int    // instances emitted (covering set and 10 random ones)
	Right    int    // of those, accepted by a separately loaded validator
	Options  int    // choice-point options of the covering set
	Covered  int    // of those, found in a valid instance
	Invalid  int    // invalid instances emitted
	Paired   int    // of those, rejected with exactly their paired error
	Duration time.Duration
}

// measureFake runs package fake on every schema whose references resolve: a covering set, 10
// random instances and the invalid cases, each judged again by a validator loaded on its own.
func measureFake(cfg Config, rep *Report) {
	for _, s := range rep.Schemas {
		if s.Unresolvable {
			continue
		}
		file := filepath.Join(cfg.Corpus, s.Path)
		opts := validate.SchemaOptions{RefDirs: RefDirsOf(cfg.Corpus, s.Path), AssertFormats: true}
		start := time.Now()
		r := &FakeResult{}
		s.Fake = r
		target, err := validate.LoadTarget(file, opts)
		if err != nil {
			r.Err = "load: " + firstLine(err.Error())
			continue
		}
		judge, err := validate.LoadSchema(file, opts)
		if err != nil {
			r.Err = "load: " + firstLine(err.Error())
			continue
		}
		g := fake.New(target)
		// Bounded, so that the whole catalogue runs in minutes: a check of a payload against a
		// large schema can take tens of milliseconds.
		g.Attempts, g.MaxChecks, g.Budget = 150, 3000, 5*time.Second
		cover, report, err := g.Cover()
		r.Options, r.Covered = report.Options, report.Covered
		if err != nil {
			r.Err = "cover: " + firstLine(err.Error())
			if errors.Is(err, fake.ErrUnsatisfiable) {
				r.Err = "no valid instance found"
			}
			continue
		}
		random, _ := g.Random(1, 10)
		for _, c := range append(cover, random...) {
			r.Cases++
			if judge.Validate(c.Payload) == nil {
				r.Right++
			}
		}
		invalid, _ := g.Invalid()
		for _, c := range invalid {
			r.Invalid++
			var verr *validate.Error
			if errors.As(judge.Validate(c.Payload), &verr) && len(verr.Errors) == 1 && verr.Errors[0] == *c.Error {
				r.Paired++
			}
		}
		r.Duration = time.Since(start)
		if cfg.Log != nil && r.Duration > 5*time.Second {
			cfg.Log.Write([]byte("fake: " + s.Path + " took " + r.Duration.Round(time.Millisecond).String() + "\n"))
		}
	}
}

// fakeReasons groups the schemas fake made nothing for by reason.
func fakeReasons(rep *Report) map[string]int {
	out := map[string]int{}
	for _, s := range rep.Schemas {
		if s.Fake != nil && s.Fake.Err != "" {
			reason := s.Fake.Err
			if i := strings.Index(reason, ": "); i > 0 && strings.HasPrefix(reason, "cover") {
				reason = "cover: " + generalise(reason[i+2:])
			}
			out[reason]++
		}
	}
	return out
}

// generalise drops schema locations from a reason so that alike reasons count together.
func generalise(reason string) string {
	if i := strings.Index(reason, ": "); i > 0 && (strings.Contains(reason[:i], "#") || strings.Contains(reason[:i], "://")) {
		return reason[i+2:]
	}
	return reason
}
