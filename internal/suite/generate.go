package suite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/railzhook/railzhook/generator"
	"github.com/railzhook/railzhook/internal/corpus"
)

// MetaSchemas are the $schema URIs of the drafts, by suite folder. The suite's schemas rarely
// say which draft they are; the generator is told by adding the folder's $schema to those that
// do not.
var MetaSchemas = map[string]string{
	"draft4":       "http://json-schema.org/draft-04/schema#",
	"draft6":       "http://json-schema.org/draft-06/schema#",
	"draft7":       "http://json-schema.org/draft-07/schema#",
	"draft2019-09": "https://json-schema.org/draft/2019-09/schema",
	"draft2020-12": "https://json-schema.org/draft/2020-12/schema",
}

// GeneratorDrafts are the folders GenerateRun measures when given none.
var GeneratorDrafts = []string{"draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"}

// GeneratorKnownFailures are the valid instances the generated types cannot hold, by draft
// folder, file, group and instance file ("draft7/items/0 items-0-2.json"), with the reason.
// Each must be reported at generation time as a warning, and the generated checks must leave
// the value to the JSON Schema validator rather than call it invalid. There are none now; the
// tests fail when a listed one decodes, so the list cannot hide a fix.
var GeneratorKnownFailures = map[string]string{}

// GenResult is how the generator did on one draft's required tests: every test group's schema
// generated, built, and each valid instance decoded into the root type and encoded again.
type GenResult struct {
	Folder string
	// Schemas counts the test groups; Generated, Compiled and Rooted those whose schema was
	// generated, built, and given a root type.
	Schemas, Generated, Compiled, Rooted int
	// Valid counts the valid instances; Decoded those that decoded into the root type and
	// encoded again, and Exact those whose encoding decodes to the same JSON tree.
	Valid, Decoded, Exact int
	// Judged counts the instances, valid or not, that the root type's DecodeChecked decided;
	// Agree those where it agrees with the suite; Deferred those it left to the reference
	// validator (assertions it does not compile).
	Judged, Agree, Deferred int
	// DeferredBy counts the deferred instances by the test file of their group, and
	// DeferredAt by the keyword they reached.
	DeferredBy, DeferredAt map[string]int
	// Known counts the instances of GeneratorKnownFailures that failed to decode.
	Known    int
	Failures []string // group: what went wrong
}

// GenerateRun measures the generator on the required tests of the given draft folders
// (GeneratorDrafts when empty), or only on the files named in only. It writes the schemas,
// their instances and a Go module under work.
func GenerateRun(dir, work, repo string, folders, only []string, log io.Writer) ([]GenResult, error) {
	if _, err := os.Stat(filepath.Join(dir, "tests")); err != nil {
		return nil, errors.New(Where(dir))
	}
	if len(folders) == 0 {
		folders = GeneratorDrafts
	}
	library, err := remoteLibrary(filepath.Join(dir, "remotes"))
	if err != nil {
		return nil, err
	}
	var out []GenResult
	for _, folder := range folders {
		meta, ok := MetaSchemas[folder]
		if !ok {
			return nil, fmt.Errorf("no draft folder %q (want one of draft4, draft6, draft7, draft2019-09, draft2020-12)", folder)
		}
		caseDir := filepath.Join(work, "cases", folder)
		if err := os.MkdirAll(caseDir, 0o755); err != nil {
			return nil, err
		}
		var cases []corpus.Case
		described := map[string]string{}
		for _, f := range testFiles(filepath.Join(dir, "tests", folder, "*.json"), only) {
			groups, err := readGroups(f)
			if err != nil {
				return nil, err
			}
			base := strings.TrimSuffix(filepath.Base(f), ".json")
			for gi, g := range groups {
				label := fmt.Sprintf("%s/%s/%d", folder, base, gi)
				described[label] = g.Description
				c := corpus.Case{Label: label, File: filepath.Join(caseDir, fmt.Sprintf("%s-%d.json", base, gi))}
				if err := os.WriteFile(c.File, withSchema(g.Schema, meta), 0o644); err != nil {
					return nil, err
				}
				for ti, tc := range g.Tests {
					name := filepath.Join(caseDir, fmt.Sprintf("%s-%d-%d.json", base, gi, ti))
					if err := os.WriteFile(name, tc.Data, 0o644); err != nil {
						return nil, err
					}
					if tc.Valid {
						c.Valid = append(c.Valid, name)
					} else {
						c.Invalid = append(c.Invalid, name)
					}
				}
				cases = append(cases, c)
			}
		}
		if log != nil {
			fmt.Fprintf(log, "%s: %d schemas\n", folder, len(cases))
		}
		rep, err := corpus.Run(corpus.Config{
			Work: filepath.Join(work, folder), Repo: repo, Cases: cases, Library: library,
			Log: log, NoFake: true, NoValidate: true, NoSpeed: true,
		})
		if err != nil {
			return nil, err
		}
		out = append(out, tally(folder, rep, described))
	}
	return out, nil
}

// tally sums a draft's report.
func tally(folder string, rep *corpus.Report, described map[string]string) GenResult {
	r := GenResult{Folder: folder, DeferredBy: map[string]int{}, DeferredAt: map[string]int{}}
	fail := func(s *corpus.Schema, what string) {
		r.Failures = append(r.Failures, fmt.Sprintf("%s (%s): %s", s.Path, described[s.Path], firstLine(what)))
	}
	for _, s := range rep.Schemas {
		r.Schemas++
		r.Valid += len(s.Valid)
		if s.Generated {
			r.Generated++
		}
		if s.Compiled {
			r.Compiled++
		}
		if s.Root != "" {
			r.Rooted++
		} else if s.Generated {
			fail(s, "no root type")
		}
		if s.Reason != "" {
			fail(s, s.Reason)
			continue
		}
		r.Decoded += s.Decoded
		r.Exact += s.Exact
		for _, f := range s.DecodeFails {
			file, _, _ := strings.Cut(f, ":")
			if GeneratorKnownFailures[s.Path+" "+file] != "" {
				r.Known++
				continue
			}
			fail(s, "decode "+f)
		}
		for _, f := range s.Inexact {
			fail(s, "round trip of "+f+" is not exact")
		}
		valid := map[string]bool{}
		for _, f := range s.Valid {
			valid[f] = true
		}
		var files []string
		for f := range s.Checked {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, f := range files {
			switch v := s.Checked[f]; v {
			case "deferred":
				r.Deferred++
				_, rest, _ := strings.Cut(s.Path, "/")
				file, _, _ := strings.Cut(rest, "/")
				r.DeferredBy[file+".json"]++
				r.DeferredAt[s.Deferred[f]]++
			case "valid", "invalid":
				r.Judged++
				if (v == "valid") == valid[f] {
					r.Agree++
				} else {
					fail(s, fmt.Sprintf("generated checks say %s of %s", v, filepath.Base(f)))
				}
			}
		}
	}
	return r
}

// withSchema adds "$schema" to a schema object that has none.
func withSchema(schema json.RawMessage, meta string) []byte {
	var probe map[string]json.RawMessage
	if json.Unmarshal(schema, &probe) != nil {
		return schema // true or false
	}
	if _, ok := probe["$schema"]; ok {
		return schema
	}
	body := bytes.TrimSpace(schema)[1:]
	sep := ", "
	if len(probe) == 0 {
		sep = ""
	}
	return append([]byte(fmt.Sprintf(`{"$schema": %q%s`, meta, sep)), body...)
}

// remoteLibrary loads the suite's remote documents, each named by the URL the tests use.
func remoteLibrary(dir string) ([]generator.Schema, error) {
	var lib []generator.Schema
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		lib = append(lib, generator.Schema{Name: "http://localhost:1234/" + filepath.ToSlash(rel), Data: data, RefOnly: true})
		return nil
	})
	return lib, err
}

// Print writes a line per draft and the failures.
func (r GenResult) Print(w io.Writer) {
	pct := func(a, b int) string {
		if b == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
	}
	fmt.Fprintf(w, "generator %-13s schemas %d: generated %d, compiled %d, root type %d (%s); valid instances %d: decoded %d (%s), exact round trip %d (%s), %d known failures; generated checks agree with the suite on %d of %d decided instances (%s), %d deferred\n",
		r.Folder, r.Schemas, r.Generated, r.Compiled, r.Rooted, pct(r.Rooted, r.Schemas),
		r.Valid, r.Decoded, pct(r.Decoded, r.Valid), r.Exact, pct(r.Exact, r.Valid), r.Known,
		r.Agree, r.Judged, pct(r.Agree, r.Judged), r.Deferred)
	top := func(m map[string]int) string {
		var out []string
		for _, k := range corpus.Ranked(m) {
			if len(out) == 12 {
				out = append(out, "…")
				break
			}
			name := k
			if name == "" {
				name = "(a union branch's member, or the trial budget)"
			}
			out = append(out, fmt.Sprintf("%s %d", name, m[k]))
		}
		return strings.Join(out, ", ")
	}
	if r.Deferred > 0 {
		fmt.Fprintf(w, "  deferred, by test file: %s\n  deferred, by the keyword reached: %s\n", top(r.DeferredBy), top(r.DeferredAt))
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "  %s\n", f)
	}
}
