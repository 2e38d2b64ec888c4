package validate

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/railzhook/railzhook/internal/safefile"
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
	// MaxFileBytes caps the size of the schema file and of every document its $refs read
	// (64 MiB when zero).
	MaxFileBytes int64
	// Load, when set, supplies the documents that $refs name and no file holds (by absolute
	// URL); nothing is ever fetched from the network.
	Load func(url string) ([]byte, error)
	// PatternTimeout bounds the time the schema's ECMAScript-only patterns (lookarounds,
	// backreferences: those Go's regular expressions cannot run, and which a backtracking
	// engine evaluates) take on one payload, all matches together; 0 means
	// DefaultPatternTimeout. When it runs out, Validate returns a *PatternTimeoutError
	// (errors.Is ErrPatternTimeout) instead of a verdict. A schema with such patterns
	// validates one payload at a time.
	PatternTimeout time.Duration
}

// LoadSchema compiles the schema file at path. $refs to other documents are resolved from
// files: relative to the schema's folder, by file URL, or by file name in the schema's folder
// and in the ref folders (so https://json.schemastore.org/x.json finds a local x.json).
// Nothing is fetched from the network. A schema is untrusted input, so its $refs read only
// regular files (never a named pipe or a device, also behind a symlink), each at most
// o.MaxFileBytes, that lie under the schema file's folder or one of o.RefDirs; any other file is
// an error naming the $ref, the file and the --ref-dir that allows it. The draft is taken from $schema (2020-12 when absent);
// draft-04 and draft-06 documents are read as draft-07, so that keywords their authors use
// from later drafts (const, if/then/else, ...) apply, as in other validators.
func LoadSchema(file string, o SchemaOptions) (*Schema, error) {
	mode, refDirs := o.Mode, o.RefDirs
	if mode != ModeDefault && mode != ModeStrict {
		return nil, fmt.Errorf("validate: unknown mode %d", int(mode))
	}
	data, err := safefile.Read(file, o.MaxFileBytes)
	if err == nil {
		data, err = fromYAML(file, data)
	}
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
	allowed := safefile.NewDirs(dirs...)
	// sites remembers where each document URL is named by a $ref, so that an error names the
	// $ref as written and the file that holds it.
	sites := map[string]refSite{}
	noteRefs(sites, root, file, data)
	// read reads a file a $ref names if it exists: found reports whether it does, and err why
	// it may not be read.
	read := func(u, p string) (data []byte, found bool, err error) {
		if info, serr := os.Stat(p); serr != nil || info.IsDir() {
			return nil, false, nil
		}
		site, ok := sites[u]
		if !ok {
			site = refSite{ref: u}
		}
		data, err = allowed.ReadRef(site.ref, site.from, p, o.MaxFileBytes)
		if err == nil {
			data, err = fromYAML(p, data)
		}
		if err == nil {
			noteRefs(sites, u, p, data)
		}
		return data, true, err
	}
	load := func(u string) ([]byte, error) {
		pu, err := url.Parse(u)
		if err != nil {
			return nil, fmt.Errorf("%w: %s", ErrUnresolvable, u)
		}
		var refused error
		if pu.Scheme == "file" {
			b, found, err := read(u, filepath.FromSlash(pu.Path))
			if found && err == nil {
				return b, nil
			}
			refused = err
		}
		name := path.Base(pu.Path)
		if name != "" && name != "/" && name != "." {
			for _, d := range dirs {
				b, found, err := read(u, filepath.Join(d, name))
				if found && err == nil {
					return b, nil
				}
				if refused == nil {
					refused = err
				}
			}
		}
		if refused != nil {
			return nil, refused
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
	set, err := compileWith([]sourceDoc{{url: root, data: data}}, mode, []string{root}, compileOptions{load: load, upgrade: true, assertFormats: o.AssertFormats, draft: draft, patternTimeout: o.PatternTimeout})
	if err != nil {
		if strings.Contains(err.Error(), ErrUnresolvable.Error()) && !errors.Is(err, ErrUnresolvable) {
			return nil, fmt.Errorf("%w: %v", ErrUnresolvable, err)
		}
		return nil, err
	}
	return &Schema{set: set, root: root}, nil
}

// refSite is where a $ref is written: its text and the file that holds it.
type refSite struct {
	ref, from string
}

// noteRefs records, for every document that a $ref in data (the document at base, read from
// file) names, the first such $ref.
func noteRefs(sites map[string]refSite, base, file string, data []byte) {
	b, err := url.Parse(base)
	if err != nil {
		return
	}
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return
	}
	var walk func(v any, names bool)
	walk = func(v any, names bool) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && !names {
				if r, err := b.Parse(ref); err == nil {
					r.Fragment = ""
					if _, seen := sites[r.String()]; !seen {
						sites[r.String()] = refSite{ref: ref, from: file}
					}
				}
			}
			keys := make([]string, 0, len(v))
			for k := range v {
				if names || !valueKeyword[k] {
					keys = append(keys, k)
				}
			}
			sort.Strings(keys) // the same $ref is named every time
			for _, k := range keys {
				walk(v[k], !names && nameMaps[k])
			}
		case []any:
			for _, e := range v {
				walk(e, false)
			}
		}
	}
	walk(doc, false)
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

// Validate checks a payload against the schema; the error is a *Error as for Parse, or a
// *PatternTimeoutError when the payload could not be judged in time (see
// SchemaOptions.PatternTimeout).
func (s *Schema) Validate(payload []byte) error {
	tree, ferr := readPayload(payload)
	if ferr != nil {
		return &Error{Errors: []FieldError{*ferr}}
	}
	errs, omitted, err := s.set.validateTree(s.set.schemas[s.root], tree)
	if pt, ok := err.(*PatternTimeoutError); ok {
		return pt
	}
	if err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	if len(errs) > 0 {
		return finish(payload, &Error{Errors: errs, Omitted: omitted})
	}
	return nil
}
