package generator

import (
	"encoding/json"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
)

// LoadFiles reads schema files for Generate: the given paths, then, as RefOnly documents,
// every document their $refs name that can be found on disk — by a relative path next to
// the referring file, or by file name (for absolute URLs such as
// https://json.schemastore.org/x.json) in refDirs — and so on for the documents found. Each
// Schema.Name is the path relative to the enclosing Go module root when there is one (so
// generated headers do not depend on where the command runs), else the file name. Nothing is
// fetched from the network; references that cannot be found are left for Generate to report.
func LoadFiles(paths []string, refDirs []string) ([]Schema, error) {
	var out []Schema
	seen := map[string]bool{}
	var queue []string
	add := func(p string, refOnly bool) error {
		abs, err := filepath.Abs(p)
		if err != nil {
			return err
		}
		if seen[abs] {
			return nil
		}
		seen[abs] = true
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if refOnly && !json.Valid(data) {
			// Not a JSON document (a YAML schema, say): leave the reference unresolved.
			return nil
		}
		out = append(out, Schema{Name: displayName(abs), Data: data, RefOnly: refOnly})
		queue = append(queue, abs)
		return nil
	}
	for _, p := range paths {
		if err := add(p, false); err != nil {
			return nil, err
		}
	}
	for len(queue) > 0 {
		abs := queue[0]
		queue = queue[1:]
		data, _ := os.ReadFile(abs)
		for _, ref := range documentRefs(data) {
			var candidates []string
			if ref.relative {
				candidates = append(candidates, filepath.Join(filepath.Dir(abs), filepath.FromSlash(ref.path)))
			}
			for _, d := range refDirs {
				candidates = append(candidates, filepath.Join(d, path.Base(ref.path)))
			}
			for _, c := range candidates {
				if info, err := os.Stat(c); err == nil && !info.IsDir() {
					if err := add(c, true); err != nil {
						return nil, err
					}
					break
				}
			}
		}
	}
	return out, nil
}

type docRef struct {
	path     string
	relative bool
}

// documentRefs lists the documents a schema's $refs point to (not fragments within it).
func documentRefs(data []byte) []docRef {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return nil
	}
	set := map[docRef]bool{}
	var walk func(any)
	walk = func(v any) {
		switch c := v.(type) {
		case map[string]any:
			if ref, ok := c["$ref"].(string); ok {
				if u, err := url.Parse(ref); err == nil && u.Path != "" {
					set[docRef{path: u.Path, relative: !u.IsAbs() && u.Host == ""}] = true
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
	for r := range set {
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
