package generator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// object is a JSON object that remembers the order of its members, so that generated fields,
// constants and types follow the order the schema author wrote them in.
type object struct {
	keys []string
	m    map[string]any
}

func (o *object) get(k string) (any, bool) {
	v, ok := o.m[k]
	return v, ok
}

func (o *object) str(k string) string {
	s, _ := o.m[k].(string)
	return s
}

func (o *object) obj(k string) *object {
	v, _ := o.m[k].(*object)
	return v
}

// parseOrdered decodes JSON into *object, []any, string, json.Number, bool and nil.
func parseOrdered(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the top-level value at byte %d", dec.InputOffset())
	}
	return v, nil
}

func parseValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{m: map[string]any{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string)
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				if _, dup := o.m[k]; dup {
					return nil, fmt.Errorf("duplicate key %q", k)
				}
				o.keys = append(o.keys, k)
				o.m[k] = v
			}
			_, err := dec.Token()
			return o, err
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return t, nil
	}
}

// document is one parsed schema file.
type document struct {
	name  string // the file name it was given as
	base  string // absolute URL: its $id (or id), else a URL made from its name
	root  any
	input bool // given to Generate for output (not only loaded to resolve references)
	// refAlone is true for drafts 4 to 7, where keywords beside a $ref are ignored.
	refAlone bool
	// draft4 is true for drafts 3 and 4, where id (not $id) names a resource.
	draft4 bool
	draft  string // the document's $schema
	// embedded lists the schemas inside the document that declare their own $id, each with
	// the base URL it sets for the references within it, deepest last.
	embedded []embedded
}

type embedded struct {
	ptr  string
	base string
}

// loc is a schema location: a document and a JSON pointer into it.
type loc struct {
	doc *document
	ptr string
}

func (l loc) key() string { return l.doc.base + "#" + l.ptr }

// String renders the location for messages: file name and JSON pointer.
func (l loc) String() string {
	p := l.ptr
	if p == "" {
		p = "/"
	}
	return l.doc.name + "#" + p
}

// maxShownPointer is the length past which a location is shown with its middle elided, in
// doc comments and warnings, so that deeply nested schemas do not give comments or messages
// that grow with depth.
const maxShownPointer = 160

// brief renders the location as String does, with the middle reference tokens of a long
// pointer replaced by a count: file.json#/properties/a/…5990 more…/properties/b/properties/c.
func (l loc) brief() string {
	if len(l.ptr) <= maxShownPointer {
		return l.String()
	}
	tokens := strings.Split(l.ptr[1:], "/")
	head, tail := 2, 4
	if len(tokens) <= head+tail {
		return l.String()
	}
	return fmt.Sprintf("%s#/%s/…%d more…/%s", l.doc.name, strings.Join(tokens[:head], "/"), len(tokens)-head-tail, strings.Join(tokens[len(tokens)-tail:], "/"))
}

func (l loc) child(tokens ...string) loc {
	p := l.ptr
	for _, t := range tokens {
		p += "/" + escapePointer(t)
	}
	return loc{l.doc, p}
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

type loader struct {
	docs   []*document
	byURL  map[string]*document
	byName map[string]*document
	byID   map[string]loc // schemas embedded in documents, by their own $id
	// anchors are the schemas named by a plain-name fragment, by the URL of their resource,
	// "#" and the name: $anchor, $dynamicAnchor, and an $id (or draft 4 id) of "#name" or
	// "other.json#name".
	anchors map[string]loc
}

func newLoader() *loader {
	return &loader{byURL: map[string]*document{}, byName: map[string]*document{}, byID: map[string]loc{}, anchors: map[string]loc{}}
}

// findEmbedded records the schemas within a document that declare their own $id (or, in
// draft 4, id).
func (l *loader) findEmbedded(d *document) {
	var walk func(v any, ptr, base string)
	walk = func(v any, ptr, base string) {
		switch c := v.(type) {
		case *object:
			id := c.str("$id")
			if id == "" {
				// id is the keyword up to draft 4 and an unknown one after it; in a document
				// that does not say its draft, it counts beside a type.
				_, isSchema := c.get("type")
				if d.draft4 || ptr == "" || isSchema && d.draft == "" {
					id = c.str("id")
				}
			}
			if _, hasRef := c.get("$ref"); hasRef && d.refAlone {
				id = "" // before 2019-09, $ref's siblings, $id among them, are ignored
			}
			if ptr != "" {
				if id != "" && !strings.HasPrefix(id, "#") {
					if bu, err := url.Parse(base); err == nil {
						if iu, err := url.Parse(id); err == nil {
							u := bu.ResolveReference(iu)
							u.Fragment = ""
							base = u.String()
							d.embedded = append(d.embedded, embedded{ptr: ptr, base: base})
							if _, taken := l.byID[base]; !taken {
								l.byID[base] = loc{d, ptr}
							}
						}
					}
				}
			}
			var names []string
			if _, frag, ok := strings.Cut(id, "#"); ok && frag != "" && !strings.HasPrefix(frag, "/") {
				names = append(names, frag)
			}
			for _, kw := range []string{"$anchor", "$dynamicAnchor"} {
				if a := c.str(kw); a != "" {
					names = append(names, a)
				}
			}
			for _, a := range names {
				if _, taken := l.anchors[base+"#"+a]; !taken {
					l.anchors[base+"#"+a] = loc{d, ptr}
				}
			}
			for _, k := range c.keys {
				switch k {
				case "enum", "const", "default", "examples":
					continue
				}
				walk(c.m[k], ptr+"/"+escapePointer(k), base)
			}
		case []any:
			for i, e := range c {
				walk(e, ptr+"/"+strconv.Itoa(i), base)
			}
		}
	}
	walk(d.root, "", d.base)
}

// baseOf is the base URL for references found at a location.
func (l *loader) baseOf(x loc) string {
	base := x.doc.base
	for _, e := range x.doc.embedded {
		if x.ptr == e.ptr || strings.HasPrefix(x.ptr, e.ptr+"/") {
			base = e.base
		}
	}
	return base
}

func (l *loader) add(name string, data []byte, input bool) (*document, error) {
	root, err := parseOrdered(data)
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := 1, 1
			for _, c := range data[:min(int(se.Offset), len(data))] {
				if c == '\n' {
					line, col = line+1, 1
				} else {
					col++
				}
			}
			return nil, fmt.Errorf("%s:%d:%d: invalid JSON: %w", name, line, col, err)
		}
		return nil, fmt.Errorf("%s: invalid JSON: %w", name, err)
	}
	d := &document{name: name, root: root, input: input}
	d.base = "file:///" + strings.TrimPrefix(path.Clean("/"+name), "/")
	if u, err := url.Parse(name); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		u.Fragment = ""
		d.base = u.String() // a document named by its URL, as a server would give it
	}
	if o, ok := root.(*object); ok {
		id := o.str("$id")
		if id == "" {
			id = o.str("id")
		}
		d.draft = o.str("$schema")
		for _, old := range []string{"draft-03", "draft-04", "draft-05", "draft-06", "draft-07"} {
			if strings.Contains(o.str("$schema"), old) {
				d.refAlone = true
				d.draft4 = old <= "draft-04"
			}
		}
		if id != "" {
			if u, err := url.Parse(id); err == nil && u.IsAbs() {
				u.Fragment = ""
				d.base = u.String()
			}
		}
	}
	if prev, dup := l.byURL[d.base]; dup {
		return nil, fmt.Errorf("%s: the same $id %q as %s", name, d.base, prev.name)
	}
	l.byURL[d.base] = d
	if _, dup := l.byName[path.Base(name)]; !dup {
		l.byName[path.Base(name)] = d
	}
	l.docs = append(l.docs, d)
	l.findEmbedded(d)
	return d, nil
}

// at returns the schema at a location.
func (l *loader) at(x loc) (any, error) {
	var cur any = x.doc.root
	if x.ptr == "" {
		return cur, nil
	}
	for _, tok := range strings.Split(x.ptr[1:], "/") {
		tok = unescapePointer(tok)
		switch c := cur.(type) {
		case *object:
			v, ok := c.get(tok)
			if !ok {
				return nil, fmt.Errorf("%s: no %q here", x, tok)
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, fmt.Errorf("%s: no index %q here", x, tok)
			}
			cur = c[i]
		default:
			return nil, fmt.Errorf("%s: cannot step into a scalar", x)
		}
	}
	return cur, nil
}

// resolve finds the location a $ref found at from points to.
func (l *loader) resolve(from loc, ref string) (loc, error) {
	base, err := url.Parse(l.baseOf(from))
	if err != nil {
		return loc{}, fmt.Errorf("%s: bad base URL %q", from, l.baseOf(from))
	}
	r, err := url.Parse(ref)
	if err != nil {
		return loc{}, fmt.Errorf("%s: bad $ref %q: %v", from, ref, err)
	}
	u := base.ResolveReference(r)
	frag := u.Fragment
	u.Fragment = ""
	u.RawFragment = ""
	doc := from.doc
	prefix := ""
	if emb, ok := l.byID[u.String()]; ok {
		doc, prefix = emb.doc, emb.ptr
	} else if u.String() != from.doc.base || l.baseOf(from) != from.doc.base {
		var ok bool
		doc, ok = l.byURL[u.String()]
		if !ok {
			doc, ok = l.byName[path.Base(u.Path)]
		}
		if !ok {
			return loc{}, fmt.Errorf("%s: $ref %q: document %s is not loaded (give it as an input or in a ref directory)", from, ref, u.String())
		}
	}
	target := loc{doc: doc, ptr: prefix}
	switch {
	case frag == "":
	case strings.HasPrefix(frag, "/"):
		target.ptr = prefix + frag
	default:
		if a, ok := l.anchors[u.String()+"#"+frag]; ok {
			target = a
			break
		}
		p, ok := findAnchor(doc.root, "", frag)
		if !ok {
			return loc{}, fmt.Errorf("%s: $ref %q: no $anchor %q in %s", from, ref, frag, doc.name)
		}
		target.ptr = p
	}
	if _, err := l.at(target); err != nil {
		return loc{}, fmt.Errorf("%s: $ref %q: %v", from, ref, err)
	}
	return target, nil
}

func findAnchor(v any, ptr, anchor string) (string, bool) {
	switch c := v.(type) {
	case *object:
		if c.str("$anchor") == anchor {
			return ptr, true
		}
		for _, k := range c.keys {
			if k == "enum" || k == "const" || k == "default" || k == "examples" {
				continue
			}
			if p, ok := findAnchor(c.m[k], ptr+"/"+escapePointer(k), anchor); ok {
				return p, true
			}
		}
	case []any:
		for i, e := range c {
			if p, ok := findAnchor(e, ptr+"/"+strconv.Itoa(i), anchor); ok {
				return p, true
			}
		}
	}
	return "", false
}
