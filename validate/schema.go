package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

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
}

// transform rewrites a decoded schema document in place for a mode.
func transform(v any, mode Mode) {
	switch n := v.(type) {
	case map[string]any:
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
			switch k {
			case "enum", "const", "default", "examples", "x-go-implements":
				continue
			}
			transform(sub, mode)
		}
	case []any:
		for _, sub := range n {
			transform(sub, mode)
		}
	}
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
	set := &compiledSet{mode: mode, docs: map[string]any{}, schemas: map[string]*jsonschema.Schema{}}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("schema %s is not available locally (nothing is fetched from the network)", s)
	}
	for _, d := range docs {
		dec := json.NewDecoder(bytes.NewReader(d.data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("schema %s: %v", d.url, err)
		}
		transform(v, mode)
		out, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %v", d.url, err)
		}
		if err := c.AddResource(d.url, bytes.NewReader(out)); err != nil {
			return nil, fmt.Errorf("schema %s: %v", d.url, err)
		}
		set.docs[d.url] = v
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
