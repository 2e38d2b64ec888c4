package generator_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	jsonschema6 "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/railzhook/railzhook/generator"
	"github.com/railzhook/railzhook/internal/corpus"
	"github.com/railzhook/railzhook/validate"
)

// agreeCorpus is the schema corpus, from this package's folder.
const agreeCorpus = "../../shared/corpus"

// agreeSample is the corpus schemas of FuzzChecksAgree: small SchemaStore schemas with
// instances, every one of which the generated checks decide in default mode, chosen so that
// together they use most assertion keywords (noted beside each) in drafts 4, 7, 2019-09 and
// 2020-12.
var agreeSample = []string{
	"schemastore/schemas/rehyperc.json",                                 // draft 4: array-form items, additionalItems, oneOf, type lists
	"schemastore/schemas/mdxlintrc.json",                                // draft 4: the same shapes, minimum
	"schemastore/schemas/asconfig-schema.json",                          // anyOf, minimum, maximum, uniqueItems, minLength
	"schemastore/schemas/claude-code-keybindings.json",                  // pattern, propertyNames
	"schemastore/schemas/typings.json",                                  // draft 4: dependencies, type lists
	"schemastore/schemas/unist.json",                                    // nested objects, minimum
	"schemastore/schemas/lgtm.json",                                     // anyOf, enum
	"schemastore/schemas/jsonld.json",                                   // anyOf, format uri
	"schemastore/schemas/codecov.json",                                  // const, oneOf, minimum, maximum
	"schemastore/schemas/package.manifest.json",                         // draft 4: allOf, minProperties, uniqueItems, minItems
	"schemastore/schemas/bower.json",                                    // dependencies, maxLength, patternProperties, format uri
	"schemastore/schemas/crowdin.json",                                  // draft 4: format uri, minimum, maximum
	"schemastore/schemas/label-commenter-config.json",                   // draft 4: enum
	"schemastore/schemas/s3-bucket-cors.json",                           // minItems, maxItems, uniqueItems, minLength
	"schemastore/schemas/knowledge-unit.json",                           // formats date, date-time, uri; const, oneOf
	"schemastore/schemas/okf-0.1.json",                                  // format date-time, const, bounds
	"schemastore/schemas/size-limit.json",                               // if, not, allOf, oneOf, patternProperties
	"schemastore/schemas/datalogic-scan2deploy-ce.json",                 // if, maxLength, minLength, bounds
	"schemastore/schemas/minecraft-dimension-type.json",                 // multipleOf, anyOf
	"schemastore/schemas/truescript.json",                               // exclusiveMinimum, pattern
	"schemastore/schemas/codex-plugin-manifest.json",                    // not, oneOf, uniqueItems, format uri
	"schemastore/schemas/schema-catalog.json",                           // uniqueItems, format uri
	"schemastore/schemas/json-patch.json",                               // oneOf of objects told apart by const
	"schemastore/schemas/aih-org-policy.json",                           // propertyNames, const, pattern
	"schemastore/schemas/deployed.json",                                 // array-form items, uniqueItems, type lists
	"schemastore/schemas/problem-object-rfc9457.json",                   // format uri-reference, bounds
	"schemastore/schemas/openweather.current.json",                      // draft 2019-09
	"schemastore/schemas/license-report-config.json",                    // draft 2020-12
	"schemastore/schemas/settings.job.json",                             // draft 4: minProperties
	"schemastore/schemas/evolving-resolutive-process-notation-1.0.json", // formats date-time, uri; type lists
	"schemastore/schemas/web-manifest-share-target.json",                // draft 4: oneOf, pattern
	"schemastore/schemas/aiproj-1.10.json",                              // format email, anyOf, maxItems
	"schemastore/schemas/roomodes.json",                                 // format regex, maxLength
	"schemastore/schemas/winget-pkgs-installer-1.0.0.json",              // not, pattern, maxItems, maxLength
}

// The instances of each sample schema: at most agreeInstances of its valid ones, in name
// order, each at most agreeInstanceBytes long.
const (
	agreeInstances     = 3
	agreeInstanceBytes = 32 << 10
)

// FuzzChecksAgree holds the generated checks of real schemas to the JSON Schema validators on
// instances near valid ones. Its input picks a valid instance of one of agreeSample's schemas
// and a script of edits (see editInstance): members deleted, added and renamed, values of
// another type, numbers and strings changed, array items repeated or removed, values moved
// from elsewhere in the instance or from the schema's enumerations. The edited instance is
// judged by the schema's generated DecodeChecked in default mode and in strict mode, by
// santhosh-tekuri/jsonschema v5 through package validate (the reference path, in the same
// mode) and by santhosh-tekuri/jsonschema v6 (on the schema as validate applies it in that
// mode). Wherever DecodeChecked gives a verdict (it does not defer with ErrNotChecked) it must
// be the verdict of both validators, unless the disagreement is of a known kind (see
// knownDisagreement).
//
// Run it with:
//
//	make fuzz-checks
//	go test ./generator -run '^$' -fuzz FuzzChecksAgree -fuzztime 10m -parallel 1
//
// With RAILZHOOK_CHECKS_SURVEY=FILE it fails on nothing and appends each new kind of
// disagreement to FILE as a JSON line instead, with the smallest instance it finds that shows
// it, so that one run lists them all.
func FuzzChecksAgree(f *testing.F) {
	p := agreeProgramFor(f)
	scripts := [][]byte{nil}
	for op := byte(0); op < editOps; op++ {
		for _, k := range []byte{0, 3, 7} {
			scripts = append(scripts, []byte{op, 0, k * 5, k})
		}
	}
	// Two edits at once: a member deleted and another added; a value retyped beside a
	// number changed.
	scripts = append(scripts, []byte{0, 0, 1, 0, 1, 0, 2, 4}, []byte{2, 0, 9, 1, 3, 0, 4, 2})
	for i := range p.pairs {
		for _, s := range scripts {
			f.Add(uint16(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, pick uint16, script []byte) {
		pr := p.pairs[int(pick)%len(p.pairs)]
		s := p.schemas[pr[0]]
		in, ops := editInstance(s, s.instances[pr[1]], script)
		for _, d := range p.judge(t, pr[0], in) {
			d.Instance = s.names[pr[1]]
			d.Edits = ops
			p.report(t, d)
		}
	})
}

// agreeSchema is one sample schema with its instances, validators and the values edits draw on.
type agreeSchema struct {
	path      string // relative to the corpus
	pkg       string
	v5        [2]*validate.Schema    // default and strict mode
	v6        [2]*jsonschema6.Schema // the same; nil when v6 cannot compile the schema
	v6err     string
	instances [][]byte
	names     []string // the instances' files
	members   []string // member names the schema and the instances name
	values    []any    // the schema's enum, const, default and examples values, ordered trees
}

type agreeProgram struct {
	*driver
	schemas []*agreeSchema
	pairs   [][2]int // schema, instance
	known   []knownDisagreement
	survey  string
	mu      sync.Mutex
	seen    map[string]bool
}

var (
	agreeOnce sync.Once
	agreeProg *agreeProgram
	agreeErr  error
)

func agreeProgramFor(tb testing.TB) *agreeProgram {
	tb.Helper()
	dir, _ := filepath.Abs(agreeCorpus)
	if !corpus.Present(dir) {
		tb.Skip(corpus.Where(dir))
	}
	agreeOnce.Do(func() { agreeProg, agreeErr = buildAgree(dir) })
	if agreeErr != nil {
		tb.Fatal(agreeErr)
	}
	return agreeProg
}

// agreeMain judges the instances it reads, one a line as {"i": schema, "strict": bool, "in":
// bytes}, with the schema's generated DecodeChecked, and writes for each {"verdict": valid,
// invalid, deferred, none (no checks on the root type) or panic, "kw", "ptr", "err"}.
const agreeMain = `package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
%s)

type verdict struct {
	Verdict, Kw, Ptr, Err string
}

func where(err error) (kw, ptr string) {
	for ; err != nil; err = errors.Unwrap(err) {
		v := reflect.ValueOf(err)
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct && v.Elem().Type().Name() == "DecodeError" {
			return v.Elem().FieldByName("Keyword").String(), v.Elem().FieldByName("Pointer").String()
		}
	}
	return "", ""
}

type decodeChecked interface{ DecodeChecked([]byte, bool) error }

func judge(v any, notChecked error, in []byte, strict bool) (res verdict) {
	c, ok := v.(decodeChecked)
	if !ok {
		return verdict{Verdict: "none"}
	}
	defer func() {
		if r := recover(); r != nil {
			res = verdict{Verdict: "panic", Err: fmt.Sprint(r)}
		}
	}()
	err := c.DecodeChecked(in, strict)
	if err == nil {
		return verdict{Verdict: "valid"}
	}
	res = verdict{Verdict: "invalid", Err: err.Error()}
	if errors.Is(err, notChecked) {
		res.Verdict = "deferred"
	}
	res.Kw, res.Ptr = where(err)
	return res
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	for sc.Scan() {
		var req struct {
			I      int
			Strict bool
			In     []byte
		}
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			panic(err)
		}
		enc.Encode(checks[req.I](req.In, req.Strict))
		w.Flush()
	}
}

var checks = []func([]byte, bool) verdict{
%s}
`

// buildAgree loads the sample: generates each schema with checks into a package of one
// program, which it builds and starts, and compiles the validators.
func buildAgree(dir string) (*agreeProgram, error) {
	p := &agreeProgram{survey: os.Getenv("RAILZHOOK_CHECKS_SURVEY"), seen: map[string]bool{}}
	known, err := loadKnown()
	if err != nil {
		return nil, err
	}
	p.known = known
	files := map[string][]byte{"go.mod": []byte("module checksagree\n\ngo 1.24\n")}
	var imports, table strings.Builder
	for i, rel := range agreeSample {
		file := filepath.Join(dir, rel)
		refDirs := corpus.RefDirsOf(dir, rel)
		s := &agreeSchema{path: rel, pkg: fmt.Sprintf("p%02d", i)}
		docs, err := generator.LoadFiles([]string{file}, refDirs)
		if err != nil {
			return nil, err
		}
		res, err := generator.Generate(docs, generator.Options{PackageName: s.pkg, Checks: true})
		if err != nil {
			return nil, fmt.Errorf("%s: %v", rel, err)
		}
		for _, f := range res.Files {
			files[s.pkg+"/"+f.Name] = f.Data
		}
		root := ""
		for _, r := range res.Roots {
			if r.Schema == docs[0].Name {
				root = r.Type
			}
		}
		if root == "" {
			return nil, fmt.Errorf("%s: no root type", rel)
		}
		fmt.Fprintf(&imports, "\t%q\n", "checksagree/"+s.pkg)
		fmt.Fprintf(&table, "\tfunc(b []byte, strict bool) verdict { return judge(new(%s.%s), %s.ErrNotChecked, b, strict) },\n", s.pkg, root, s.pkg)
		for m, mode := range []validate.Mode{validate.ModeDefault, validate.ModeStrict} {
			if s.v5[m], err = validate.LoadSchema(file, validate.SchemaOptions{Mode: mode, RefDirs: refDirs, AssertFormats: true}); err != nil {
				return nil, fmt.Errorf("%s: %v", rel, err)
			}
			if s.v6[m], err = compileV6(file, refDirs, mode == validate.ModeStrict); err != nil {
				s.v6[0], s.v6[1], s.v6err = nil, nil, err.Error()
				break
			}
		}
		name := strings.TrimSuffix(filepath.Base(rel), ".json")
		valid, _ := filepath.Glob(filepath.Join(dir, "schemastore", "test", name, "*.json"))
		sort.Strings(valid)
		for _, v := range valid {
			data, err := os.ReadFile(v)
			if err != nil {
				return nil, err
			}
			if len(data) > agreeInstanceBytes || len(s.instances) == agreeInstances {
				continue
			}
			s.instances = append(s.instances, data)
			s.names = append(s.names, filepath.Base(v))
		}
		if len(s.instances) == 0 {
			return nil, fmt.Errorf("%s: no valid instance of at most %d bytes", rel, agreeInstanceBytes)
		}
		var doc any
		if err := json.Unmarshal(docs[0].Data, &doc); err != nil {
			return nil, err
		}
		names := map[string]bool{}
		schemaValues(doc, names, &s.values)
		for _, in := range s.instances {
			if t, err := parseOrdered(in); err == nil {
				instanceNames(t, names)
			}
		}
		for n := range names {
			s.members = append(s.members, n)
		}
		sort.Strings(s.members)
		s.members = append(s.members, "", "x-extra", "$schema", "0")
		for j := range s.instances {
			p.pairs = append(p.pairs, [2]int{i, j})
		}
		p.schemas = append(p.schemas, s)
	}
	files["main.go"] = []byte(fmt.Sprintf(agreeMain, imports.String(), table.String()))
	bdir, err := buildProgram("railzhook-checksagree-", files)
	if err != nil {
		return nil, fmt.Errorf("building the checks of the sample: %v", err)
	}
	if p.driver, err = startDriver(filepath.Join(bdir, "driver")); err != nil {
		return nil, err
	}
	return p, nil
}

// compileV6 compiles a schema file with santhosh-tekuri/jsonschema v6, formats asserted, as
// validate reads it (see prepareV6); the documents its $refs name are read, as validate reads
// them, from the schema's folder and refDirs by file name.
func compileV6(file string, refDirs []string, strict bool) (*jsonschema6.Schema, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	dirs := append([]string{filepath.Dir(abs)}, refDirs...)
	first := true
	load := func(u string) (any, error) {
		pu, err := url.Parse(u)
		if err != nil {
			return nil, err
		}
		var data []byte
		if pu.Scheme == "file" {
			data, err = os.ReadFile(filepath.FromSlash(pu.Path))
		} else {
			err = fmt.Errorf("%s is not in the corpus", u)
			for _, d := range dirs {
				if b, rerr := os.ReadFile(filepath.Join(d, path.Base(pu.Path))); rerr == nil {
					data, err = b, nil
					break
				}
			}
		}
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema6.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		prepareV6(doc, strict, first)
		first = false
		return doc, nil
	}
	c := jsonschema6.NewCompiler()
	c.DefaultDraft(jsonschema6.Draft2020)
	c.AssertFormat()
	c.UseLoader(loaderFunc(load))
	return c.Compile((&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String())
}

type loaderFunc func(string) (any, error)

func (f loaderFunc) Load(u string) (any, error) { return f(u) }

// prepareV6 rewrites a schema document as validate does before its validator reads it, in
// so far as the reading is a matter of definition rather than of a validator's behaviour:
// draft-04 and draft-06 documents are read as draft-07 (id is $id, a boolean
// exclusiveMinimum/exclusiveMaximum moves its bound), an open enumeration (x-open-enum) lists
// nothing in default mode, and in strict mode an object schema without additionalProperties
// or unevaluatedProperties gets false, or its x-strict-additionalProperties.
func prepareV6(doc any, strict, root bool) {
	m, ok := doc.(map[string]any)
	if !ok {
		return
	}
	upgrade := false
	switch s, _ := m["$schema"].(string); strings.TrimSuffix(strings.TrimSuffix(s, "#"), "/") {
	case "http://json-schema.org/draft-04/schema", "http://json-schema.org/draft-06/schema",
		"https://json-schema.org/draft-04/schema", "https://json-schema.org/draft-06/schema":
		m["$schema"] = "http://json-schema.org/draft-07/schema#"
		upgrade = true
	}
	// names is set on an object whose members are schemas by name (properties, $defs, …),
	// where a member named enum or default is a schema like any other.
	var walk func(v any, names bool)
	walk = func(v any, names bool) {
		switch n := v.(type) {
		case map[string]any:
			if names {
				for _, sub := range n {
					walk(sub, false)
				}
				return
			}
			if upgrade {
				if id, ok := n["id"].(string); ok {
					if _, has := n["$id"]; !has {
						n["$id"] = id
					}
					delete(n, "id")
				}
				for _, k := range [][2]string{{"exclusiveMaximum", "maximum"}, {"exclusiveMinimum", "minimum"}} {
					if b, ok := n[k[0]].(bool); ok {
						if b && n[k[1]] != nil {
							n[k[0]] = n[k[1]]
							delete(n, k[1])
						} else {
							delete(n, k[0])
						}
					}
				}
			}
			if open, _ := n["x-open-enum"].(bool); open && !strict {
				delete(n, "enum")
			}
			if strict && hasType(n, "object") {
				_, ap := n["additionalProperties"]
				_, up := n["unevaluatedProperties"]
				if !ap && !up {
					if extra, ok := n["x-strict-additionalProperties"]; ok {
						n["additionalProperties"] = extra
					} else {
						n["additionalProperties"] = false
					}
				}
			}
			for k, sub := range n {
				switch k {
				case "enum", "const", "default", "examples":
					continue
				}
				walk(sub, schemaMaps[k])
			}
		case []any:
			for _, sub := range n {
				walk(sub, false)
			}
		}
	}
	walk(m, false)
}

// schemaMaps are the keywords whose value is an object of schemas by name.
var schemaMaps = map[string]bool{
	"properties": true, "patternProperties": true, "definitions": true, "$defs": true,
	"dependentSchemas": true, "dependencies": true,
}

func hasType(n map[string]any, want string) bool {
	switch t := n["type"].(type) {
	case string:
		return t == want
	case []any:
		for _, e := range t {
			if e == want {
				return true
			}
		}
	}
	return false
}

// schemaValues collects the member names a schema document gives properties and the values
// of its enum, const, default and examples.
func schemaValues(v any, names map[string]bool, values *[]any) {
	switch n := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub := n[k]
			switch k {
			case "enum", "examples":
				if list, ok := sub.([]any); ok {
					for _, e := range list {
						*values = append(*values, orderedOf(e))
					}
				}
				continue
			case "const", "default":
				*values = append(*values, orderedOf(sub))
				continue
			case "properties", "dependentRequired", "dependencies":
				if props, ok := sub.(map[string]any); ok {
					for name := range props {
						names[name] = true
					}
				}
			case "required":
				if list, ok := sub.([]any); ok {
					for _, e := range list {
						if s, ok := e.(string); ok {
							names[s] = true
						}
					}
				}
			}
			schemaValues(sub, names, values)
		}
	case []any:
		for _, sub := range n {
			schemaValues(sub, names, values)
		}
	}
}

func instanceNames(v any, names map[string]bool) {
	switch n := v.(type) {
	case *jobj:
		for i, k := range n.keys {
			names[k] = true
			instanceNames(n.vals[i], names)
		}
	case *jarr:
		for _, e := range n.vals {
			instanceNames(e, names)
		}
	}
}

// side is one judge's verdict on an instance: valid or not, and for an invalid one the
// keyword and the instance's pointer of the first failure.
type side struct {
	Valid   bool   `json:"valid"`
	Keyword string `json:"keyword,omitempty"`
	Pointer string `json:"pointer,omitempty"`
}

// disagreement is an instance the generated checks judge otherwise than a validator.
type disagreement struct {
	Schema   string          `json:"schema"`
	Strict   bool            `json:"strict"`
	Instance string          `json:"instance,omitempty"` // the corpus instance it was edited from
	Edits    []string        `json:"edits,omitempty"`
	Data     json.RawMessage `json:"data"`
	Checks   side            `json:"checks"`
	V5       side            `json:"v5"`
	V6       *side           `json:"v6,omitempty"`
	V6Err    string          `json:"v6err,omitempty"` // why v6 has no verdict: it cannot compile the schema
}

// signature is what tells one kind of disagreement from another: the schema, the mode, the
// checks' verdict, and the keyword and pointer (array indexes as *, and of an unknown
// member its object's) of the side that says invalid.
func (d disagreement) signature() (schema string, strict, valid bool, keyword, pointer string) {
	s := d.Checks
	if s.Valid {
		if s = d.V5; s.Valid && d.V6 != nil {
			s = *d.V6
		}
	}
	ptr := s.Pointer
	if s.Keyword == "additionalProperties" || s.Keyword == "propertyNames" {
		ptr = ptr[:max(strings.LastIndex(ptr, "/"), 0)] // the member's name is of the instance, not of the schema
	}
	return d.Schema, d.Strict, d.Checks.Valid, s.Keyword, indexes.ReplaceAllString(ptr, "/*")
}

var indexes = regexp.MustCompile(`/[0-9]+`)

// judge judges one instance of sample schema i in both modes and returns the disagreements.
func (p *agreeProgram) judge(t *testing.T, i int, in []byte) []disagreement {
	s := p.schemas[i]
	var out []disagreement
	for m, strict := range []bool{false, true} {
		var c struct{ Verdict, Kw, Ptr, Err string }
		if err := p.call(struct {
			I      int
			Strict bool
			In     []byte
		}{i, strict, in}, &c); err != nil {
			t.Fatal(err)
		}
		switch c.Verdict {
		case "panic":
			t.Fatalf("%s (strict %v): DecodeChecked panics on %s: %s", s.path, strict, in, c.Err)
		case "valid", "invalid":
		default:
			continue // deferred, or no checks on the root type
		}
		switch c.Kw {
		case "number", "depth", "syntax":
			continue // beyond what the generated reader holds: those are not verdicts on the schema
		}
		d := disagreement{Schema: s.path, Strict: strict, Data: in, Checks: side{c.Verdict == "valid", c.Kw, c.Ptr}, V6Err: s.v6err}
		var ok bool
		if d.V5, ok = verdictV5(s.v5[m], in); !ok {
			continue
		}
		if s.v6[m] != nil {
			v6 := verdictV6(s.v6[m], in)
			d.V6 = &v6
		}
		if d.Checks.Valid != d.V5.Valid || d.V6 != nil && d.Checks.Valid != d.V6.Valid {
			out = append(out, d)
		}
	}
	return out
}

// verdictV5 is the reference path's verdict; ok is false when it gives none (a pattern ran
// out of time).
func verdictV5(s *validate.Schema, in []byte) (side, bool) {
	err := s.Validate(in)
	if err == nil {
		return side{Valid: true}, true
	}
	var verr *validate.Error
	if !errors.As(err, &verr) || len(verr.Errors) == 0 {
		return side{}, false
	}
	return side{Keyword: verr.Errors[0].Keyword, Pointer: verr.Errors[0].Path}, true
}

func verdictV6(s *jsonschema6.Schema, in []byte) side {
	doc, err := jsonschema6.UnmarshalJSON(bytes.NewReader(in))
	if err != nil {
		return side{Keyword: "syntax"}
	}
	err = s.Validate(doc)
	if err == nil {
		return side{Valid: true}
	}
	var verr *jsonschema6.ValidationError
	if !errors.As(err, &verr) {
		return side{Keyword: err.Error()}
	}
	verr = deepest(verr)
	out := side{}
	if kp := verr.ErrorKind.KeywordPath(); len(kp) > 0 {
		out.Keyword = kp[len(kp)-1]
	}
	for _, tok := range verr.InstanceLocation {
		out.Pointer += "/" + strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
	}
	return out
}

// deepest is the failure of a v6 report deepest in the instance (of a union's branches, the
// one the instance evidently aims at), the first of those as deep.
func deepest(e *jsonschema6.ValidationError) *jsonschema6.ValidationError {
	best := e
	for _, c := range e.Causes {
		if d := deepest(c); len(d.InstanceLocation) > len(best.InstanceLocation) || best == e {
			best = d
		}
	}
	return best
}

// report fails the test on a disagreement that is not known, or in survey mode appends it to
// the survey file once per signature.
func (p *agreeProgram) report(t *testing.T, d disagreement) {
	for _, k := range p.known {
		if k.matches(d) {
			return
		}
	}
	if p.survey == "" {
		t.Fatalf("%s", d)
	}
	schema, strict, valid, kw, ptr := d.signature()
	key := fmt.Sprint(schema, strict, valid, kw, ptr)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen[key] {
		return
	}
	p.seen[key] = true
	d.Data = p.minimize(t, d)
	line, _ := json.Marshal(d)
	f, err := os.OpenFile(p.survey, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Write(append(line, '\n'))
}

// minimize returns the smallest instance it finds, by deleting members and items one at a
// time, that shows the same kind of disagreement as d.
func (p *agreeProgram) minimize(t *testing.T, d disagreement) []byte {
	i := -1
	for j, s := range p.schemas {
		if s.path == d.Schema {
			i = j
		}
	}
	root, err := parseOrdered(d.Data)
	if err != nil || i < 0 {
		return d.Data
	}
	k := knownDisagreement{Schema: d.Schema, Strict: d.Strict, Checks: "invalid"}
	if d.Checks.Valid {
		k.Checks = "valid"
	}
	_, _, _, k.Keyword, k.Pointer = d.signature()
	shows := func(v any) bool {
		var b bytes.Buffer
		encodeOrdered(&b, v)
		for _, e := range p.judge(t, i, b.Bytes()) {
			if k.matches(e) {
				return true
			}
		}
		return false
	}
	tr := &tree{root: root}
	for smaller := true; smaller; {
		smaller = false
		for _, sl := range tr.slots() {
			switch n := tr.get(sl).(type) {
			case *jobj:
				for j := 0; j < len(n.keys); j++ {
					keys, vals := n.keys, n.vals
					n.keys = append(keys[:j:j], keys[j+1:]...)
					n.vals = append(vals[:j:j], vals[j+1:]...)
					if shows(tr.root) {
						smaller = true
						j--
						continue
					}
					n.keys, n.vals = keys, vals
				}
			case *jarr:
				for j := 0; j < len(n.vals); j++ {
					vals := n.vals
					n.vals = append(vals[:j:j], vals[j+1:]...)
					if shows(tr.root) {
						smaller = true
						j--
						continue
					}
					n.vals = vals
				}
			}
			if smaller {
				break // the slots have moved
			}
		}
	}
	var b bytes.Buffer
	encodeOrdered(&b, tr.root)
	return b.Bytes()
}

func (d disagreement) String() string {
	say := func(s side) string {
		if s.Valid {
			return "valid"
		}
		return fmt.Sprintf("invalid (%s at %q)", s.Keyword, s.Pointer)
	}
	v6 := "v6 cannot compile the schema: " + d.V6Err
	if d.V6 != nil {
		v6 = "v6 says " + say(*d.V6)
	}
	mode := "default"
	if d.Strict {
		mode = "strict"
	}
	return fmt.Sprintf("%s, %s mode, edited from %s by %v:\n%s\nDecodeChecked says %s; v5 (validate) says %s; %s",
		d.Schema, mode, d.Instance, d.Edits, d.Data, say(d.Checks), say(d.V5), v6)
}

// knownDisagreement is a wrong verdict of today's generated checks, listed in
// testdata/checksagree-known.json with an instance that shows it: FuzzChecksAgree passes over
// disagreements of its kind (the schema, mode, checks' verdict, keyword and pointer of its
// signature), and TestChecksAgreeKnown fails once the instance is judged right, so that the
// entry goes with the fix.
type knownDisagreement struct {
	Schema  string          `json:"schema"`
	Strict  bool            `json:"strict"`
	Checks  string          `json:"checks"` // the checks' verdict: valid or invalid
	Keyword string          `json:"keyword"`
	Pointer string          `json:"pointer"` // array indexes as *, and * for any token
	Data    json.RawMessage `json:"data"`
	Why     string          `json:"why"`
}

func (k knownDisagreement) matches(d disagreement) bool {
	schema, strict, valid, kw, ptr := d.signature()
	return k.Schema == schema && k.Strict == strict && (k.Checks == "valid") == valid && k.Keyword == kw && samePointer(k.Pointer, ptr)
}

// samePointer reports whether a JSON pointer matches a pattern of one, in which * stands for
// any one token.
func samePointer(pattern, ptr string) bool {
	a, b := strings.Split(pattern, "/"), strings.Split(ptr, "/")
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != "*" && a[i] != b[i] {
			return false
		}
	}
	return true
}

const knownFile = "testdata/checksagree-known.json"

func loadKnown() ([]knownDisagreement, error) {
	data, err := os.ReadFile(knownFile)
	if err != nil {
		return nil, err
	}
	var known []knownDisagreement
	if err := json.Unmarshal(data, &known); err != nil {
		return nil, fmt.Errorf("%s: %v", knownFile, err)
	}
	return known, nil
}

// TestChecksAgreeKnown holds each known wrong verdict of the generated checks (see
// knownDisagreement) to its instance: the disagreement must still be there, of its kind.
// When one is gone, the checks were fixed: remove its entry.
func TestChecksAgreeKnown(t *testing.T) {
	p := agreeProgramFor(t)
	if len(p.known) == 0 {
		return
	}
	index := map[string]int{}
	for i, s := range p.schemas {
		index[s.path] = i
	}
	for _, k := range p.known {
		i, ok := index[k.Schema]
		if !ok {
			t.Errorf("%s: not a schema of agreeSample", k.Schema)
			continue
		}
		found := false
		for _, d := range p.judge(t, i, k.Data) {
			found = found || k.matches(d)
		}
		if !found {
			t.Errorf("%s (strict %v): %s is no longer judged %s (%s at %s) against the validators: remove it from %s", k.Schema, k.Strict, k.Data, k.Checks, k.Keyword, k.Pointer, knownFile)
		}
	}
}

// jobj and jarr are the objects and arrays of an instance tree that keeps member order
// (numbers are json.Number, so they keep their text).
type jobj struct {
	keys []string
	vals []any
}

type jarr struct {
	vals []any
}

func parseOrdered(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	v, err := readOrdered(d)
	if err == nil && d.More() {
		err = errors.New("text after the value")
	}
	return v, err
}

func readOrdered(d *json.Decoder) (any, error) {
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		o := &jobj{}
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			v, err := readOrdered(d)
			if err != nil {
				return nil, err
			}
			o.keys = append(o.keys, k.(string))
			o.vals = append(o.vals, v)
		}
		_, err := d.Token()
		return o, err
	case json.Delim('['):
		a := &jarr{}
		for d.More() {
			v, err := readOrdered(d)
			if err != nil {
				return nil, err
			}
			a.vals = append(a.vals, v)
		}
		_, err := d.Token()
		return a, err
	}
	return tok, nil
}

// orderedOf turns a tree of encoding/json (maps with sorted members) into an ordered one.
func orderedOf(v any) any {
	switch n := v.(type) {
	case map[string]any:
		o := &jobj{}
		for k := range n {
			o.keys = append(o.keys, k)
		}
		sort.Strings(o.keys)
		for _, k := range o.keys {
			o.vals = append(o.vals, orderedOf(n[k]))
		}
		return o
	case []any:
		a := &jarr{}
		for _, e := range n {
			a.vals = append(a.vals, orderedOf(e))
		}
		return a
	case float64:
		return json.Number(strconv.FormatFloat(n, 'g', -1, 64))
	}
	return v
}

func cloneOrdered(v any) any {
	switch n := v.(type) {
	case *jobj:
		o := &jobj{keys: append([]string(nil), n.keys...)}
		for _, e := range n.vals {
			o.vals = append(o.vals, cloneOrdered(e))
		}
		return o
	case *jarr:
		a := &jarr{}
		for _, e := range n.vals {
			a.vals = append(a.vals, cloneOrdered(e))
		}
		return a
	}
	return v
}

func encodeOrdered(b *bytes.Buffer, v any) {
	switch n := v.(type) {
	case *jobj:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			name, _ := json.Marshal(k)
			b.Write(name)
			b.WriteByte(':')
			encodeOrdered(b, n.vals[i])
		}
		b.WriteByte('}')
	case *jarr:
		b.WriteByte('[')
		for i, e := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			encodeOrdered(b, e)
		}
		b.WriteByte(']')
	default:
		out, _ := json.Marshal(n)
		b.Write(out)
	}
}

// slot is where a value of an instance tree sits: a member or item of its parent, or the root.
type slot struct {
	parent any // *jobj, *jarr, or nil for the root
	i      int
	ptr    string
}

type tree struct{ root any }

func (t *tree) get(s slot) any {
	switch p := s.parent.(type) {
	case *jobj:
		return p.vals[s.i]
	case *jarr:
		return p.vals[s.i]
	}
	return t.root
}

func (t *tree) set(s slot, v any) {
	switch p := s.parent.(type) {
	case *jobj:
		p.vals[s.i] = v
	case *jarr:
		p.vals[s.i] = v
	default:
		t.root = v
	}
}

// slots lists every value of the tree, in document order.
func (t *tree) slots() []slot {
	var out []slot
	var walk func(v any, s slot)
	walk = func(v any, s slot) {
		out = append(out, s)
		switch n := v.(type) {
		case *jobj:
			for i, k := range n.keys {
				walk(n.vals[i], slot{n, i, s.ptr + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")})
			}
		case *jarr:
			for i, e := range n.vals {
				walk(e, slot{n, i, s.ptr + "/" + strconv.Itoa(i)})
			}
		}
	}
	walk(t.root, slot{})
	return out
}

// editOps is the number of kinds of edit editInstance makes.
const editOps = 10

// script reads an edit script: each edit is four bytes (the kind, two that pick a value of
// the instance, one that picks a variant), missing bytes read as zero.
type script struct {
	b []byte
	i int
}

func (s *script) byte() int {
	if s.i >= len(s.b) {
		s.i++
		return 0
	}
	s.i++
	return int(s.b[s.i-1])
}

// editInstance parses a valid instance of schema s and applies the script's edits (at most
// eight) to it: each picks a value of the instance, by its position in document order among
// those it can apply to, and
//
//	0 deletes a member of an object;
//	1 adds a member: a name of the schema or the instance, a value from elsewhere;
//	2 replaces the value with one of another JSON type;
//	3 changes a number (±1, sign, a fraction, magnitudes, bounds of Go's numbers);
//	4 changes a string (emptied, cut, grown, another case, strings of the formats);
//	5 repeats, removes or adds an array item, or empties the array;
//	6 replaces the value with a copy of another value of the instance;
//	7 replaces it with null;
//	8 replaces it with a value of the schema's enum, const, default or examples;
//	9 renames a member.
//
// It returns the edited instance and the edits made, by the pointers they changed.
func editInstance(s *agreeSchema, in []byte, code []byte) ([]byte, []string) {
	root, err := parseOrdered(in)
	if err != nil {
		return in, nil
	}
	t := &tree{root: cloneOrdered(root)}
	sc := &script{b: code}
	var done []string
	for n := 0; n < 8 && sc.i < len(code); n++ {
		op, pick, variant := sc.byte()%editOps, sc.byte()<<8|sc.byte(), sc.byte()
		all := t.slots()
		choose := func(ok func(any) bool) (slot, bool) {
			var fit []slot
			for _, sl := range all {
				if ok(t.get(sl)) {
					fit = append(fit, sl)
				}
			}
			if len(fit) == 0 {
				return slot{}, false
			}
			return fit[pick%len(fit)], true
		}
		anyValue := func(any) bool { return true }
		isObj := func(v any) bool { _, ok := v.(*jobj); return ok }
		somewhere := func() any { return cloneOrdered(t.get(all[(pick/7+variant)%len(all)])) }
		switch op {
		case 0:
			if sl, ok := choose(func(v any) bool { o, ok := v.(*jobj); return ok && len(o.keys) > 0 }); ok {
				o := t.get(sl).(*jobj)
				k := variant % len(o.keys)
				done = append(done, "delete "+sl.ptr+"/"+o.keys[k])
				o.keys = append(o.keys[:k:k], o.keys[k+1:]...)
				o.vals = append(o.vals[:k:k], o.vals[k+1:]...)
			}
		case 1:
			if sl, ok := choose(isObj); ok {
				o := t.get(sl).(*jobj)
				name := s.members[variant%len(s.members)]
				var v any
				if variant%3 == 0 && len(s.values) > 0 {
					v = cloneOrdered(s.values[(pick+variant)%len(s.values)])
				} else {
					v = somewhere()
				}
				if i := indexOf(o.keys, name); i >= 0 {
					o.vals[i] = v
				} else {
					o.keys = append(o.keys, name)
					o.vals = append(o.vals, v)
				}
				done = append(done, "add "+sl.ptr+"/"+name)
			}
		case 2:
			if sl, ok := choose(anyValue); ok {
				others := []any{nil, true, false, json.Number("0"), json.Number("-1"), json.Number("2.5"), "", "a", &jarr{}, &jobj{}, &jarr{vals: []any{"a"}}, &jobj{keys: []string{"a"}, vals: []any{json.Number("1")}}}
				cur := kindOf(t.get(sl))
				for k := 0; k < len(others); k++ {
					v := others[(variant+k)%len(others)]
					if kindOf(v) != cur {
						t.set(sl, v)
						break
					}
				}
				done = append(done, "retype "+sl.ptr)
			}
		case 3:
			if sl, ok := choose(func(v any) bool { _, ok := v.(json.Number); return ok }); ok {
				t.set(sl, json.Number(changeNumber(string(t.get(sl).(json.Number)), variant)))
				done = append(done, "number "+sl.ptr)
			}
		case 4:
			if sl, ok := choose(func(v any) bool { _, ok := v.(string); return ok }); ok {
				t.set(sl, changeString(t.get(sl).(string), variant, s.members))
				done = append(done, "string "+sl.ptr)
			}
		case 5:
			if sl, ok := choose(func(v any) bool { _, ok := v.(*jarr); return ok }); ok {
				a := t.get(sl).(*jarr)
				switch k := variant % 4; {
				case k == 0 && len(a.vals) > 0:
					a.vals = append(a.vals, cloneOrdered(a.vals[variant/4%len(a.vals)]))
				case k == 1 && len(a.vals) > 0:
					j := variant / 4 % len(a.vals)
					a.vals = append(a.vals[:j:j], a.vals[j+1:]...)
				case k == 2:
					a.vals = append(a.vals, somewhere())
				default:
					a.vals = nil
				}
				done = append(done, "items "+sl.ptr)
			}
		case 6:
			if sl, ok := choose(anyValue); ok {
				t.set(sl, somewhere())
				done = append(done, "move to "+sl.ptr)
			}
		case 7:
			if sl, ok := choose(anyValue); ok {
				t.set(sl, nil)
				done = append(done, "null "+sl.ptr)
			}
		case 8:
			if sl, ok := choose(anyValue); ok && len(s.values) > 0 {
				t.set(sl, cloneOrdered(s.values[(variant+pick)%len(s.values)]))
				done = append(done, "schema value "+sl.ptr)
			}
		case 9:
			if sl, ok := choose(func(v any) bool { o, ok := v.(*jobj); return ok && len(o.keys) > 0 }); ok {
				o := t.get(sl).(*jobj)
				k := variant % len(o.keys)
				name := s.members[(pick+variant)%len(s.members)]
				if indexOf(o.keys, name) < 0 {
					done = append(done, "rename "+sl.ptr+"/"+o.keys[k]+" to "+name)
					o.keys[k] = name
				}
			}
		}
	}
	var b bytes.Buffer
	encodeOrdered(&b, t.root)
	return b.Bytes(), done
}

func indexOf(list []string, s string) int {
	for i, e := range list {
		if e == s {
			return i
		}
	}
	return -1
}

func kindOf(v any) string {
	switch n := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		if strings.ContainsAny(string(n), ".eE") {
			return "number"
		}
		return "integer"
	case string:
		return "string"
	case *jarr:
		return "array"
	}
	return "object"
}

// changeNumber returns a number near n, or one at the edges of what Go's numbers hold.
func changeNumber(n string, variant int) string {
	f, err := strconv.ParseFloat(n, 64)
	if err != nil {
		f = 0
	}
	format := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	switch variant % 16 {
	case 0:
		return format(f + 1)
	case 1:
		return format(f - 1)
	case 2:
		return format(-f)
	case 3:
		return format(f + 0.5)
	case 4:
		return format(f * 10)
	case 5:
		return "0"
	case 6:
		return n + ".0" // the same integer, written as a number with a fraction
	case 7:
		return format(f / 3)
	case 8:
		return "9007199254740993" // 2^53+1: no float64 holds it
	case 9:
		return strconv.FormatInt(math.MaxInt64, 10)
	case 10:
		return "-0"
	case 11:
		return "1e-7"
	case 12:
		return format(f * 1e6)
	case 13:
		return format(math.Trunc(f) + 0.1)
	case 14:
		return "1e2"
	}
	return format(f - 0.001)
}

// changeString returns a string near s, or one of another format.
func changeString(s string, variant int, names []string) string {
	switch variant % 24 {
	case 0:
		return ""
	case 1:
		return s + "x"
	case 2:
		return s[:len(s)/2]
	case 3:
		return strings.ToUpper(s)
	case 4:
		return " " + s
	case 5:
		return s + s
	case 6:
		return strings.Repeat("a", 300)
	case 7:
		return "2024-05-01"
	case 8:
		return "2024-05-01T10:00:00Z"
	case 9:
		return "2024-05-01T10:00:00"
	case 10:
		return "a@b.c"
	case 11:
		return "https://example.com/a?b#c"
	case 12:
		return "../relative/path"
	case 13:
		return "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a"
	case 14:
		return "192.168.0.1"
	case 15:
		return "::1"
	case 16:
		return "^(a"
	case 17:
		return "é"
	case 18:
		return "/a/b~0c"
	case 19:
		return "1"
	case 20:
		return "true"
	case 21:
		return strings.ToLower(s)
	case 22:
		if len(names) > 0 {
			return names[len(s)%len(names)]
		}
	}
	if len(s) > 1 {
		return s[1:]
	}
	return "x"
}
