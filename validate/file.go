package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ErrUnresolvable matches errors from LoadSchema for a $ref to a document that is not
// available locally.
var ErrUnresolvable = errors.New("schema reference cannot be resolved locally")

// Schema is any JSON Schema document (drafts 4, 6, 7, 2019-09 and 2020-12), compiled for
// validating payloads with the same field-level errors as the Railz events.
type Schema struct {
	set  *compiledSet
	root string
}

// SchemaOptions control LoadSchema.
type SchemaOptions struct {
	// Mode: in strict mode object schemas without additionalProperties reject unknown members.
	Mode Mode
	// RefDirs are folders whose files resolve $refs by file name.
	RefDirs []string
	// AssertFormats makes "format" an assertion. By default it is an annotation, as in
	// draft 2019-09 and later (and as most validators treat it).
	AssertFormats bool
	// Draft is the draft of the schema file when it has no $schema: "4", "6", "7", "2019-09"
	// or "2020-12" (the default). Documents it references that have no $schema of their own
	// are read in the schema file's draft.
	Draft string
	// Load, when set, supplies the documents that $refs name and no file holds (by absolute
	// URL); nothing is ever fetched from the network.
	Load func(url string) ([]byte, error)
}

// LoadSchema compiles the schema file at path. $refs to other documents are resolved from
// files: relative to the schema's folder, by file URL, or by file name in the schema's folder
// and in the ref folders (so https://json.schemastore.org/x.json finds a local x.json).
// Nothing is fetched from the network. The draft is taken from $schema (2020-12 when absent);
// draft-04 and draft-06 documents are read as draft-07, so that keywords their authors use
// from later drafts (const, if/then/else, ...) apply, as in other validators.
func LoadSchema(file string, o SchemaOptions) (*Schema, error) {
	mode, refDirs := o.Mode, o.RefDirs
	if mode != ModeDefault && mode != ModeStrict {
		return nil, fmt.Errorf("validate: unknown mode %d", int(mode))
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	root := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	// A document known by its $id must be added under it, or a $ref to its own absolute URL
	// would load it a second time.
	var head struct {
		ID  string `json:"$id"`
		OID string `json:"id"`
	}
	if json.Unmarshal(data, &head) == nil {
		id := head.ID
		if id == "" {
			id = head.OID
		}
		if u, err := url.Parse(id); err == nil && u.IsAbs() {
			u.Fragment = ""
			root = u.String()
		}
	}
	dirs := append([]string{filepath.Dir(abs)}, refDirs...)
	load := func(u string) ([]byte, error) {
		pu, err := url.Parse(u)
		if err != nil {
			return nil, fmt.Errorf("%w: %s", ErrUnresolvable, u)
		}
		if pu.Scheme == "file" {
			if b, err := os.ReadFile(filepath.FromSlash(pu.Path)); err == nil {
				return b, nil
			}
		}
		name := path.Base(pu.Path)
		if name != "" && name != "/" && name != "." {
			for _, d := range dirs {
				if b, err := os.ReadFile(filepath.Join(d, name)); err == nil {
					return b, nil
				}
			}
		}
		if o.Load != nil {
			if b, err := o.Load(u); err == nil {
				return b, nil
			}
		}
		return nil, fmt.Errorf("%w: %s", ErrUnresolvable, u)
	}
	draft, ok := draftURLs[o.Draft]
	if !ok {
		return nil, fmt.Errorf("validate: unknown draft %q (want 4, 6, 7, 2019-09 or 2020-12)", o.Draft)
	}
	set, err := compileWith([]sourceDoc{{url: root, data: data}}, mode, []string{root}, compileOptions{load: load, upgrade: true, assertFormats: o.AssertFormats, draft: draft})
	if err != nil {
		if strings.Contains(err.Error(), ErrUnresolvable.Error()) && !errors.Is(err, ErrUnresolvable) {
			return nil, fmt.Errorf("%w: %v", ErrUnresolvable, err)
		}
		return nil, err
	}
	return &Schema{set: set, root: root}, nil
}

// draftURLs maps the names of SchemaOptions.Draft to their meta-schema URLs.
var draftURLs = map[string]string{
	"":        "https://json-schema.org/draft/2020-12/schema",
	"2020-12": "https://json-schema.org/draft/2020-12/schema",
	"2019-09": "https://json-schema.org/draft/2019-09/schema",
	"7":       "http://json-schema.org/draft-07/schema#",
	"6":       "http://json-schema.org/draft-06/schema#",
	"4":       "http://json-schema.org/draft-04/schema#",
}

// Validate checks a payload against the schema; the error is a *Error as for Parse.
func (s *Schema) Validate(payload []byte) error {
	tree, ferr := readPayload(payload)
	if ferr != nil {
		return &Error{Errors: []FieldError{*ferr}}
	}
	errs, omitted, err := s.set.validateTree(s.set.schemas[s.root], tree)
	if err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	if len(errs) > 0 {
		return finish(payload, &Error{Errors: errs, Omitted: omitted})
	}
	return nil
}
