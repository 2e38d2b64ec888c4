package generator

import (
	"encoding/json"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"

	"github.com/railzhook/railzhook/internal/safefile"
)

// LoadFiles reads schema files for Generate: LoadFilesWith with the given ref folders and the
// default size limit.
func LoadFiles(paths []string, refDirs []string) ([]Schema, error) {
	return LoadFilesWith(paths, LoadOptions{RefDirs: refDirs})
}

// LoadOptions control LoadFilesWith.
type LoadOptions struct {
	// RefDirs are folders whose documents $refs may name, by file name (for absolute URLs
	// such as https://json.schemastore.org/x.json) or by a relative path that leads into them.
	RefDirs []string
	// MaxFileBytes caps the size of every file read (64 MiB when zero).
	MaxFileBytes int64
}

// LoadFilesWith reads schema files for Generate: the given paths, then, as RefOnly documents,
// every document their $refs name that can be found on disk — by a relative path next to the
// referring file, or by file name in o.RefDirs — and so on for the documents found. Each
// Schema.Name is the path relative to the enclosing Go module root when there is one (so
// generated headers do not depend on where the command runs), else the file name. Nothing is
// fetched from the network; references that cannot be found are left for Generate to report.
//
// A schema is untrusted input, so its $refs read only what they may: regular files (never a
// named pipe or a device, also behind a symlink), each at most o.MaxFileBytes, that lie under
// the folder of one of the given paths or under one of o.RefDirs (symlinks resolved). A $ref
// to any other file is an error naming the $ref, the file and the --ref-dir that allows it.
func LoadFilesWith(paths []string, o LoadOptions) ([]Schema, error) {
	var out []Schema
	seen := map[string]bool{}
	type queued struct {
		abs  string
		data []byte
	}
	var queue []queued
	dirs := append([]string(nil), o.RefDirs...)
	for _, p := range paths {
		dirs = append(dirs, filepath.Dir(p))
	}
	allowed := safefile.NewDirs(dirs...)
	add := func(abs string, data []byte, refOnly bool) {
		if refOnly && !json.Valid(data) {
			// Not a JSON document (a YAML schema, say): leave the reference unresolved.
			return
		}
		out = append(out, Schema{Name: displayName(abs), Data: data, RefOnly: refOnly})
		queue = append(queue, queued{abs, data})
	}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		key := abs
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			key = r
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		data, err := safefile.Read(p, o.MaxFileBytes)
		if err != nil {
			return nil, err
		}
		add(abs, data, false)
	}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		for _, ref := range documentRefs(q.data) {
			var candidates []string
			if ref.relative {
				candidates = append(candidates, filepath.Join(filepath.Dir(q.abs), filepath.FromSlash(ref.path)))
			}
			for _, d := range o.RefDirs {
				candidates = append(candidates, filepath.Join(d, path.Base(ref.path)))
			}
			// The first candidate that exists under an allowed folder is read; one that exists
			// only outside them is an error, never a silent miss.
			var refused error
			for _, c := range candidates {
				info, err := os.Stat(c)
				if err != nil || info.IsDir() {
					continue
				}
				resolved, ok := allowed.Allows(c)
				if !ok {
					if refused == nil {
						refused = &safefile.RefError{Ref: ref.text, From: displayName(q.abs), File: resolved, Err: safefile.ErrOutside, Roots: allowed.Roots()}
					}
					continue
				}
				refused = nil
				if !seen[resolved] {
					seen[resolved] = true
					data, err := safefile.Read(resolved, o.MaxFileBytes)
					if err != nil {
						return nil, &safefile.RefError{Ref: ref.text, From: displayName(q.abs), File: resolved, Err: err}
					}
					abs, err := filepath.Abs(c)
					if err != nil {
						abs = resolved
					}
					add(abs, data, true)
				}
				break
			}
			if refused != nil {
				return nil, refused
			}
		}
	}
	return out, nil
}

type docRef struct {
	text     string // the $ref as written (the first of those naming the document)
	path     string
	relative bool
}

// documentRefs lists the documents a schema's $refs point to (not fragments within it).
func documentRefs(data []byte) []docRef {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return nil
	}
	set := map[docRef]string{}
	var walk func(any)
	walk = func(v any) {
		switch c := v.(type) {
		case map[string]any:
			if ref, ok := c["$ref"].(string); ok {
				if u, err := url.Parse(ref); err == nil && u.Path != "" {
					r := docRef{path: u.Path, relative: !u.IsAbs() && u.Host == ""}
					if old, ok := set[r]; !ok || ref < old {
						set[r] = ref
					}
				}
			}
			for k, e := range c {
				if k != "enum" && k != "const" && k != "default" && k != "examples" {
					walk(e)
				}
			}
		case []any:
			for _, e := range c {
				walk(e)
			}
		}
	}
	walk(v)
	refs := make([]docRef, 0, len(set))
	for r, text := range set {
		r.text = text
		refs = append(refs, r)
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].path < refs[j].path })
	return refs
}

// displayName is abs relative to its Go module root, with forward slashes.
func displayName(abs string) string {
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if rel, err := filepath.Rel(dir, abs); err == nil {
				return filepath.ToSlash(rel)
			}
		}
		if filepath.Dir(dir) == dir {
			return filepath.Base(abs)
		}
	}
}
