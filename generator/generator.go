package generator

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// Schema is one schema document handed to Generate.
type Schema struct {
	// Name is the document's file name. Relative $refs that name no loaded $id fall back to
	// matching it, and the generated file and its header are named after it.
	Name string
	// Data is the document's JSON text.
	Data []byte
	// RefOnly marks a document loaded only so that references into it resolve: types are
	// generated for the parts that are referenced, never for the rest of it.
	RefOnly bool
}

// Options control Generate.
type Options struct {
	// PackageName is the Go package name of the output. Required.
	PackageName string
	// SourceDir is written before each schema name in the generated header, e.g. "schemas/".
	SourceDir string
	// RootTypes names the root type of a document (by Schema.Name) instead of its title.
	RootTypes map[string]string
}

// File is one generated Go file.
type File struct {
	Name string // base name, e.g. "batch_push.go"
	Data []byte // gofmt'd Go source
}

// Result is what Generate produces.
type Result struct {
	Files    []File
	Warnings []Warning
}

// Error lists every problem that stopped generation, each naming its schema location.
type Error struct {
	Problems []string
}

func (e *Error) Error() string {
	if len(e.Problems) == 1 {
		return "generate: " + e.Problems[0]
	}
	return fmt.Sprintf("generate: %d problems:\n  %s", len(e.Problems), strings.Join(e.Problems, "\n  "))
}

// SupportFile is the name of the file holding generated helpers (Date, interfaces, decoding).
const SupportFile = "railzhook_support.go"

// Generate turns schema documents into Go files. It writes nothing; the caller decides where
// the files go. Output depends only on the inputs, byte for byte.
func Generate(schemas []Schema, opts Options) (*Result, error) {
	if opts.PackageName == "" || goName(opts.PackageName) == "" || strings.ContainsAny(opts.PackageName, ".-/ ") {
		return nil, &Error{Problems: []string{fmt.Sprintf("invalid package name %q", opts.PackageName)}}
	}
	if len(schemas) == 0 {
		return nil, &Error{Problems: []string{"no schema documents given"}}
	}
	l := newLoader()
	var problems []string
	for _, s := range schemas {
		if _, err := l.add(s.Name, s.Data, !s.RefOnly); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	b := &builder{l: l, opts: opts, named: map[string]*namedType{}, rootName: map[*document]string{}}
	var impls []*namedType
	for _, d := range l.docs {
		if !d.input {
			continue
		}
		root, ok := d.root.(*object)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: the document is not a JSON object", d.name))
			continue
		}
		if hasShape(root) {
			t := b.typeAt(loc{d, ""}, b.rootTypeName(d))
			if im := b.implementsOf(d, root); im != nil {
				if t.kind != kNamed || t.named.kind != nStruct {
					b.fail(loc{d, ""}, "x-go-implements needs an object schema")
				} else {
					t.named.impl = im
					impls = append(impls, t.named)
				}
			}
		}
		for _, kw := range []string{"$defs", "definitions"} {
			defs := root.obj(kw)
			if defs == nil {
				continue
			}
			for _, k := range defs.keys {
				at := loc{d, ""}.child(kw, k)
				b.typeAt(at, b.nameFor(at, goName(k)))
			}
		}
	}
	sort.Slice(impls, func(i, j int) bool { return impls[i].name < impls[j].name })
	problems = append(problems, b.errs...)
	problems = append(problems, checkNames(b.order, impls, b.needDate)...)
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	files, err := emit(b, impls)
	if err != nil {
		return nil, err
	}
	sort.Slice(b.warnings, func(i, j int) bool { return b.warnings[i].String() < b.warnings[j].String() })
	return &Result{Files: files, Warnings: b.warnings}, nil
}

// hasShape reports whether a root schema describes a value (rather than only holding $defs).
func hasShape(s *object) bool {
	for _, k := range []string{"type", "properties", "$ref", "oneOf", "anyOf", "enum", "const", "items", "additionalProperties"} {
		if _, ok := s.get(k); ok {
			return true
		}
	}
	return false
}

// outputName is the Go file generated for a schema document.
func outputName(doc string) string {
	base := strings.TrimSuffix(path.Base(doc), path.Ext(doc))
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	name := b.String()
	// Keep clear of Go's special file-name suffixes.
	if strings.HasSuffix(name, "_test") || name == "" {
		name += "_schema"
	}
	return name + ".go"
}

// checkNames rejects any two package-level identifiers, fields or methods that would clash.
func checkNames(types []*namedType, impls []*namedType, needDate bool) []string {
	var problems []string
	pkg := map[string]string{} // identifier -> what declared it
	declare := func(name, what string) {
		if prev, dup := pkg[name]; dup {
			problems = append(problems, fmt.Sprintf("%s: Go name %s is already used by %s", what, name, prev))
			return
		}
		pkg[name] = what
	}
	if needDate {
		declare("Date", "the generated Date type")
		declare("ParseDate", "the generated ParseDate function")
	}
	declare("DecodeError", "the generated DecodeError type")
	declare("Nullable", "the generated Nullable type")
	declare("Null", "the generated Null function")
	declare("Value", "the generated Value function")
	ifaces := map[string]bool{}
	for _, t := range impls {
		if !ifaces[t.impl.iface] {
			ifaces[t.impl.iface] = true
			declare(t.impl.iface, "the interface of "+t.at.String())
			declare("New"+t.impl.iface, "the constructor of interface "+t.impl.iface)
		}
	}
	for _, t := range types {
		declare(t.name, t.at.String())
		switch t.kind {
		case nEnum:
			declare(t.name+"Values", t.at.String()+" (list of values)")
			own := map[string]bool{} // clashes within one enum are reported when it is built
			for i, c := range t.vnames {
				if !own[c] {
					own[c] = true
					declare(c, fmt.Sprintf("%s (enum value %q)", t.at, t.values[i]))
				}
			}
		case nStruct:
			members := map[string]string{}
			add := func(name, what string) {
				if prev, dup := members[name]; dup {
					problems = append(problems, fmt.Sprintf("%s: %s and %s both become %s.%s", t.at, prev, what, t.name, name))
					return
				}
				members[name] = what
			}
			for _, f := range t.fields {
				add(f.name, fmt.Sprintf("property %q", f.json))
			}
			if t.extra != nil {
				add("AdditionalProperties", "the additional-properties map")
				add("MarshalJSON", "the MarshalJSON method")
				add("UnmarshalJSON", "the UnmarshalJSON method")
			}
			if t.impl != nil {
				add(t.impl.method, "the "+t.impl.iface+" method")
			}
		case nUnion:
			members := map[string]bool{"MarshalJSON": true, "UnmarshalJSON": true}
			for _, v := range t.vars {
				if members[v.name] {
					problems = append(problems, fmt.Sprintf("%s: union branch name %s is used twice", t.at, v.name))
				}
				members[v.name] = true
			}
		}
	}
	return problems
}
