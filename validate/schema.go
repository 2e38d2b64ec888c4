package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/schemas"
)

// Mode selects how strictly payloads are checked. Both modes are derived, when the schemas
// are compiled, from the same embedded schema files.
type Mode int

const (
	// Default mode is for receiving webhooks in production: required members, types, formats
	// and closed enumerations are enforced; members the schema does not name, and values of
	// open enumerations (marked "x-open-enum") that it does not list, are accepted, because
	// Railz adds integrations and fields and a rejected webhook is a lost webhook.
	ModeDefault Mode = iota
	// Strict mode is for fixtures and contract tests: unknown members and unlisted values of
	// open enumerations are errors too. An object schema without additionalProperties gets
	// additionalProperties: false, or the schema given in "x-strict-additionalProperties".
	ModeStrict
)

func (m Mode) String() string {
	if m == ModeStrict {
		return "strict"
	}
	return "default"
}

// compiledSet is every embedded schema compiled for one mode, with the transformed schema
// documents kept to answer questions about them (required members, known properties).
type compiledSet struct {
	mode    Mode
	docs    map[string]any // $id -> transformed document
	schemas map[string]*jsonschema.Schema
	shellCache
	// patterns bounds the time of ECMAScript patterns per payload (LoadSchema's sets only).
	patterns *patternClock
}

// transform rewrites a decoded schema document in place for a mode.
func transform(v any, mode Mode) { transformAt(v, mode, false) }

// transformAt is transform, where names says that v maps names to schemas (the value of
// properties, $defs, ...): its keys are then names, a property named default included.
func transformAt(v any, mode Mode, names bool) {
	switch n := v.(type) {
	case map[string]any:
		if names {
			for _, sub := range n {
				transformAt(sub, mode, false)
			}
			return
		}
		if open, _ := n["x-open-enum"].(bool); open && mode == ModeDefault {
			delete(n, "enum")
		}
		if mode == ModeStrict && isObjectSchema(n) {
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
			if !valueKeyword[k] {
				transformAt(sub, mode, nameMaps[k])
			}
		}
	case []any:
		for _, sub := range n {
			transformAt(sub, mode, false)
		}
	}
}

// valueKeyword are the keywords of a schema whose values are JSON values, not schemas: the
// walks over a schema's subschemas skip them.
var valueKeyword = map[string]bool{"enum": true, "const": true, "default": true, "examples": true, "x-go-implements": true}

// nameMaps are the keywords of a schema whose values map names to schemas (or, in
// dependencies, to lists of names): a key there is a name, whatever it spells.
var nameMaps = map[string]bool{"properties": true, "patternProperties": true, "definitions": true, "$defs": true, "dependentSchemas": true, "dependencies": true}

// isDateTime is the "date-time" format of every schema this package compiles: RFC 3339's
// date-time (the grammar of its section 5.6) and nothing else, read by the same code as the
// generated decoders' (railz.ParseDateTime), so that the fast and the reference path cannot
// disagree. It replaces the validator's own check, which reads each two-digit field as
// strconv.Atoi does and so accepts an hour of "+6" or "-0".
func isDateTime(v any) bool {
	s, ok := v.(string)
	if !ok {
		return true
	}
	_, err := railz.ParseDateTime(s)
	return err == nil
}

// emptyEnum makes an empty enum reject every value, as the specification says (the validator
// underneath would accept every value): it becomes "not": {} beside the schema's other keywords.
func emptyEnum(n map[string]any) {
	if e, ok := n["enum"].([]any); !ok || len(e) != 0 {
		return
	}
	delete(n, "enum")
	if _, taken := n["not"]; !taken {
		n["not"] = map[string]any{}
		return
	}
	all, _ := n["allOf"].([]any)
	n["allOf"] = append(all, map[string]any{"not": map[string]any{}})
}

// walkSchemas calls fn with every object of a schema document, outside enum, const,
// default and examples.
func walkSchemas(v any, fn func(map[string]any)) { walkSchemasAt(v, fn, false) }

// walkSchemasAt is walkSchemas, where names says that v maps names to schemas.
func walkSchemasAt(v any, fn func(map[string]any), names bool) {
	switch n := v.(type) {
	case map[string]any:
		if names {
			for _, sub := range n {
				walkSchemasAt(sub, fn, false)
			}
			return
		}
		fn(n)
		for k, sub := range n {
			if !valueKeyword[k] {
				walkSchemasAt(sub, fn, nameMaps[k])
			}
		}
	case []any:
		for _, sub := range n {
			walkSchemasAt(sub, fn, false)
		}
	}
}

// dropBadAnnotations removes title, description and $comment when they are not strings
// (e.g. "description": null), and examples when it is not an array: they only annotate, and
// would fail the meta-schema.
func dropBadAnnotations(n map[string]any) {
	for _, k := range []string{"title", "description", "$comment"} {
		if v, ok := n[k]; ok {
			if _, isString := v.(string); !isString {
				if _, isSchema := v.(map[string]any); !isSchema {
					delete(n, k)
				}
			}
		}
	}
	if ex, ok := n["examples"]; ok {
		if _, isList := ex.([]any); !isList {
			if _, isSchema := ex.(map[string]any); !isSchema {
				delete(n, "examples")
			}
		}
	}
}

// dropSelfAllOf removes allOf entries that are a $ref to the schema holding them
// ({"allOf": [{"$ref": "#/definitions/X"}, ...]} inside X). Such an entry adds nothing, but
// it is a reference loop that stops the whole document from compiling.
func dropSelfAllOf(v any, ptr string) { dropSelfAllOfAt(v, ptr, false) }

// dropSelfAllOfAt is dropSelfAllOf, where names says that v maps names to schemas.
func dropSelfAllOfAt(v any, ptr string, names bool) {
	switch n := v.(type) {
	case map[string]any:
		if names {
			for k, sub := range n {
				dropSelfAllOfAt(sub, ptr+"/"+escapeToken(k), false)
			}
			return
		}
		if all, ok := n["allOf"].([]any); ok {
			kept := all[:0:0]
			for _, e := range all {
				if m, ok := e.(map[string]any); ok && len(m) == 1 && m["$ref"] == "#"+ptr {
					continue
				}
				kept = append(kept, e)
			}
			if len(kept) != len(all) {
				n["allOf"] = kept
				if len(kept) == 0 {
					delete(n, "allOf")
				}
			}
		}
		for k, sub := range n {
			if !valueKeyword[k] {
				dropSelfAllOfAt(sub, ptr+"/"+escapeToken(k), nameMaps[k])
			}
		}
	case []any:
		for i, sub := range n {
			dropSelfAllOfAt(sub, ptr+"/"+strconv.Itoa(i), false)
		}
	}
}

// upgradeDraft rewrites a draft-04 or draft-06 document as the equivalent draft-07 one, so
// that keywords later drafts added (const, contains, propertyNames, if/then/else), which
// schema authors use under older $schema values and other validators honour, apply: id
// becomes $id, and boolean exclusiveMinimum/exclusiveMaximum become numbers.
func upgradeDraft(doc any) {
	root, ok := doc.(map[string]any)
	if !ok {
		return
	}
	switch s, _ := root["$schema"].(string); strings.TrimSuffix(strings.TrimSuffix(s, "#"), "/") {
	case "http://json-schema.org/draft-04/schema", "http://json-schema.org/draft-06/schema",
		"https://json-schema.org/draft-04/schema", "https://json-schema.org/draft-06/schema":
		root["$schema"] = "http://json-schema.org/draft-07/schema#"
	default:
		return
	}
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
			for k, sub := range n {
				if !valueKeyword[k] {
					walk(sub, nameMaps[k])
				}
			}
		case []any:
			for _, sub := range n {
				walk(sub, false)
			}
		}
	}
	walk(root, false)
}

// findHugeNumber finds a number beyond MaxNumberLength or MaxNumberExponent in a decoded
// schema document, which the validator could not compare with (see the limits).
func findHugeNumber(v any, ptr string) (string, json.Number, bool) {
	switch n := v.(type) {
	case json.Number:
		s := string(n)
		if len(s) > MaxNumberLength {
			return ptr, n, true
		}
		if i := strings.IndexAny(s, "eE"); i >= 0 && !exponentWithin([]byte(strings.TrimLeft(s[i+1:], "+-")), MaxNumberExponent) {
			return ptr, n, true
		}
	case map[string]any:
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, num, ok := findHugeNumber(n[k], ptr+"/"+escapeToken(k)); ok {
				return p, num, true
			}
		}
	case []any:
		for i, sub := range n {
			if p, num, ok := findHugeNumber(sub, ptr+"/"+strconv.Itoa(i)); ok {
				return p, num, true
			}
		}
	}
	return "", "", false
}

func isObjectSchema(n map[string]any) bool {
	switch t := n["type"].(type) {
	case string:
		return t == "object"
	case []any:
		for _, e := range t {
			if e == "object" {
				return true
			}
		}
	}
	return false
}

// sourceDoc is one schema document to compile.
type sourceDoc struct {
	url  string
	data []byte
}

func compileSet(docs []sourceDoc, mode Mode, roots []string) (*compiledSet, error) {
	return compileWith(docs, mode, roots, compileOptions{assertFormats: true})
}

type compileOptions struct {
	// load supplies documents referenced by URL that docs lack (nil: nothing is fetched).
	load func(url string) ([]byte, error)
	// upgrade rewrites draft-04 and draft-06 documents as draft-07 (see upgradeDraft).
	upgrade bool
	// assertFormats makes "format" an assertion in every draft; otherwise it is one only in
	// drafts 4 to 7 when upgrade is off.
	assertFormats bool
	// draft is the meta-schema URL of documents without $schema ("" for 2020-12). A document
	// without $schema that the first document refers to is read in the first document's draft.
	draft string
	// patternTimeout bounds the time of ECMAScript patterns per payload (with upgrade).
	patternTimeout time.Duration
}

// compileWith compiles roots from docs.
func compileWith(docs []sourceDoc, mode Mode, roots []string, opts compileOptions) (*compiledSet, error) {
	set := &compiledSet{mode: mode, docs: map[string]any{}, schemas: map[string]*jsonschema.Schema{}}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = opts.assertFormats
	c.Formats["date-time"] = isDateTime
	if opts.upgrade {
		limit := opts.patternTimeout
		if limit <= 0 {
			limit = DefaultPatternTimeout
		}
		set.patterns = &patternClock{limit: limit}
		c.RegisterExtension("x-ecma", nil, ecmaCompiler{clock: set.patterns})
		// Other documents: behave as the validators their authors test with do: content
		// (contentMediaType) is never asserted.
		c.MediaTypes["application/json"] = func([]byte) error { return nil }
	}
	if !opts.assertFormats {
		for name := range jsonschema.Formats {
			c.Formats[name] = func(any) bool { return true }
		}
	}
	load := opts.load
	inherit := opts.draft // the draft of documents without $schema: the first document's
	first := true
	prepare := func(url string, data []byte) ([]byte, error) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("schema %s: %v", url, err)
		}
		if m, ok := v.(map[string]any); ok {
			if own, ok := m["$schema"].(string); ok && first {
				inherit = own
			} else if !ok && inherit != "" {
				m["$schema"] = inherit
			}
		}
		first = false
		if ptr, n, ok := findHugeNumber(v, ""); ok {
			return nil, fmt.Errorf("schema %s: number %s at %q is beyond the limits (%d characters, exponent ±%d) this validator judges", url, clip([]byte(n), 40), ptr, MaxNumberLength, MaxNumberExponent)
		}
		if opts.upgrade {
			upgradeDraft(v)
			dropSelfAllOf(v, "")
			walkSchemas(v, moveECMAPatterns)
			walkSchemas(v, dropBadAnnotations)
		}
		walkSchemas(v, emptyEnum)
		transform(v, mode)
		out, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %v", url, err)
		}
		set.docs[url] = v
		return out, nil
	}
	c.LoadURL = func(url string) (io.ReadCloser, error) {
		if load == nil {
			return nil, fmt.Errorf("schema %s is not available locally (nothing is fetched from the network)", url)
		}
		data, err := load(url)
		if err != nil {
			return nil, err
		}
		out, err := prepare(url, data)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(bytes.NewReader(out)), nil
	}
	for _, d := range docs {
		out, err := prepare(d.url, d.data)
		if err != nil {
			return nil, err
		}
		if err := c.AddResource(d.url, bytes.NewReader(out)); err != nil {
			return nil, fmt.Errorf("schema %s: %v", d.url, err)
		}
	}
	for _, r := range roots {
		s, err := c.Compile(r)
		if err != nil {
			return nil, err
		}
		set.schemas[r] = s
	}
	return set, nil
}

// lookup returns the transformed schema at an absolute keyword location (URL#pointer).
func (s *compiledSet) lookup(absLoc string) (map[string]any, bool) {
	u, ptr, _ := strings.Cut(absLoc, "#")
	doc, ok := s.docs[u]
	if !ok {
		return nil, false
	}
	m, ok := instanceAt(doc, ptr).(map[string]any)
	return m, ok
}

// EffectiveSchema returns an embedded schema file as the validator applies it in a mode:
// open enumerations without their enum in default mode, additionalProperties filled in for
// strict mode. The result is indented JSON.
func EffectiveSchema(file string, mode Mode) ([]byte, error) {
	if mode != ModeDefault && mode != ModeStrict {
		return nil, fmt.Errorf("validate: unknown mode %d", int(mode))
	}
	set, err := compiled[mode]()
	if err != nil {
		return nil, err
	}
	doc, ok := set.docs[schemas.BaseURL+file]
	if !ok {
		return nil, fmt.Errorf("validate: no schema file %q", file)
	}
	return json.MarshalIndent(doc, "", "  ")
}
