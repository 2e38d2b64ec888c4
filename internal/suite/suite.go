// Package suite measures `railzhook validate --schema` (validate.LoadSchema) on the official
// JSON-Schema-Test-Suite: every required test of each draft (tests/<draft>/*.json, not
// optional/), with the suite's remote documents served from remotes/ (`make suite`).
package suite

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/railzhook/railzhook/validate"
)

// Drafts are the suite's folders and the draft names validate.SchemaOptions takes.
var Drafts = []struct{ Folder, Draft string }{
	{"draft4", "4"}, {"draft6", "6"}, {"draft7", "7"}, {"draft2019-09", "2019-09"}, {"draft2020-12", "2020-12"},
}

// KnownFailures are the tests that fail because of the JSON Schema validator underneath
// (santhosh-tekuri/jsonschema v5) rather than this module's wrapper, by draft folder, file,
// group and test description. The README lists them.
var KnownFailures = map[string]string{
	"draft2020-12/dynamicRef.json / $dynamicRef skips over intermediate resources - direct reference / integer property passes": "santhosh-tekuri/jsonschema v5 resolves $dynamicRef through the intermediate resource",
	"draft2020-12/dynamicRef.json / $dynamicRef skips over intermediate resources - direct reference / string property fails":   "santhosh-tekuri/jsonschema v5 resolves $dynamicRef through the intermediate resource",
}

// Result is the outcome for one draft.
type Result struct {
	Folder   string
	Tests    int
	Passed   int
	Known    int      // failures listed in KnownFailures
	Failures []string // other failures: file / group / test: what happened
}

// Where is the suite folder beside this checkout, for messages.
func Where(dir string) string {
	abs, _ := filepath.Abs(dir)
	return fmt.Sprintf("needs the JSON-Schema-Test-Suite's tests/ and remotes/ at %s (from github.com/json-schema-org/JSON-Schema-Test-Suite)", abs)
}

// Run runs the required tests of the given draft folders (all of Drafts when empty), or only
// the files named in only (base names, e.g. "ref.json").
func Run(dir, work string, folders []string, only []string) ([]Result, error) {
	return RunWith(dir, work, folders, only, Config{})
}

// Config varies how the schemas are loaded.
type Config struct {
	// AssertFormats loads every schema with SchemaOptions.AssertFormats, as
	// `validate --schema --assert-formats` does.
	AssertFormats bool
	// Optional runs tests/<draft>/optional/format/*.json instead of the required tests.
	Optional bool
}

// RunWith is Run with a Config.
func RunWith(dir, work string, folders []string, only []string, cfg Config) ([]Result, error) {
	if _, err := os.Stat(filepath.Join(dir, "tests")); err != nil {
		return nil, errors.New(Where(dir))
	}
	remotes := filepath.Join(dir, "remotes")
	load := func(url string) ([]byte, error) {
		rest, ok := strings.CutPrefix(url, "http://localhost:1234/")
		if !ok {
			return nil, fmt.Errorf("no remote %s", url)
		}
		rest, _, _ = strings.Cut(rest, "#")
		return os.ReadFile(filepath.Join(remotes, filepath.FromSlash(rest)))
	}
	want := map[string]bool{}
	for _, f := range folders {
		want[f] = true
	}
	var out []Result
	for _, d := range Drafts {
		if len(want) > 0 && !want[d.Folder] {
			continue
		}
		pattern := filepath.Join(dir, "tests", d.Folder, "*.json")
		if cfg.Optional {
			pattern = filepath.Join(dir, "tests", d.Folder, "optional", "format", "*.json")
		}
		res := Result{Folder: d.Folder}
		for _, f := range testFiles(pattern, only) {
			if err := runFile(f, work, d.Draft, load, cfg.AssertFormats, &res); err != nil {
				return nil, err
			}
		}
		out = append(out, res)
	}
	return out, nil
}

type group struct {
	Description string          `json:"description"`
	Schema      json.RawMessage `json:"schema"`
	Tests       []struct {
		Description string          `json:"description"`
		Data        json.RawMessage `json:"data"`
		Valid       bool            `json:"valid"`
	} `json:"tests"`
}

// testFiles lists the test files a glob pattern matches, in order, or only those whose base
// names only lists when it lists any.
func testFiles(pattern string, only []string) []string {
	files, _ := filepath.Glob(pattern)
	sort.Strings(files)
	if len(only) == 0 {
		return files
	}
	var out []string
	for _, f := range files {
		for _, o := range only {
			if filepath.Base(f) == o {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// readGroups reads the test groups of one suite file.
func readGroups(file string) ([]group, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var groups []group
	if err := json.Unmarshal(data, &groups); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return groups, nil
}

func runFile(file, work, draft string, load func(string) ([]byte, error), assertFormats bool, res *Result) error {
	groups, err := readGroups(file)
	if err != nil {
		return err
	}
	for gi, g := range groups {
		schemaFile := filepath.Join(work, fmt.Sprintf("%s-%s-%d.json", res.Folder, strings.TrimSuffix(filepath.Base(file), ".json"), gi))
		if err := os.WriteFile(schemaFile, g.Schema, 0o644); err != nil {
			return err
		}
		sch, lerr := validate.LoadSchema(schemaFile, validate.SchemaOptions{Draft: draft, Load: load, AssertFormats: assertFormats})
		for _, tc := range g.Tests {
			res.Tests++
			key := fmt.Sprintf("%s/%s / %s / %s", res.Folder, filepath.Base(file), g.Description, tc.Description)
			var what string
			switch {
			case lerr != nil:
				what = "schema not loaded: " + firstLine(lerr.Error())
			default:
				err := sch.Validate(tc.Data)
				var verr *validate.Error
				switch {
				case err != nil && !errors.As(err, &verr):
					what = "error: " + firstLine(err.Error())
				case (err == nil) != tc.Valid:
					what = fmt.Sprintf("valid=%v, want %v", err == nil, tc.Valid)
				}
			}
			switch {
			case what == "":
				res.Passed++
			case KnownFailures[key] != "":
				res.Known++
			default:
				res.Failures = append(res.Failures, key+": "+what)
			}
		}
	}
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}
