package generator

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
)

// Schema is one schema document handed to Generate.
type Schema struct {
	// Name is the document's file name. Relative $refs that name no loaded $id fall back to
	// matching it, and the generated file and its header are named after it. A name that is an
	// http(s) URL is the document's URL when it has no $id of its own.
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
	// Imports maps referenced documents to existing Go packages instead of generating a copy
	// of their types: a $ref into a document that is not an input and whose URL (its $id, or
	// file:/// and its name) starts with a key names the type of that package, as protobuf's M
	// flags and oapi-codegen's import mapping do. The value is the Go import path; the type
	// is named as the generator names it (the $defs key, or the document's title).
	Imports map[string]string
	// Stubs maps a schema location (URL#/json/pointer, or the URL of a document's root) to a
	// Go type on purpose, with no warning: json.RawMessage, a built-in or standard-library
	// type (time.Duration), or any package's type as import/path.Name.
	Stubs map[string]string
	// Library holds documents that $refs may name but no input gives: each is loaded only when
	// no given document has its URL (railzhook's own schemas, for one).
	Library []Schema
	// Checks compiles the schemas' assertions into the generated decoders and gives every
	// struct and union a DecodeChecked method. An assertion it cannot compile is reported as
	// a Warning, and DecodeChecked returns ErrNotChecked for a value that reaches it.
	Checks bool
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
	// Roots names the Go type of each input document's root schema, for documents whose root
	// describes a value (not those that only hold definitions).
	Roots []RootType
	// Free names the Go fields ("Type.Field") that hold JSON values their schema leaves
	// unconstrained (an empty schema or true, an object with no members described, an array
	// with no items described, members not named where any are allowed) as json.RawMessage,
	// alone or in a slice or map. Other fields that hold json.RawMessage were warned about.
	Free []string
}

// RootType is the Go type generated for the root of a schema document.
type RootType struct {
	Schema string // Schema.Name
	Type   string // Go type name
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
	for _, s := range opts.Library {
		l.add(s.Name, s.Data, false) // a document some input already gives is left out
	}
	b := &builder{l: l, opts: opts, named: map[string]*namedType{}, rootName: map[*document]string{}, following: map[string]bool{}, shortFor: map[string]shortName{}}
	var impls []*namedType
	var roots []RootType
	for _, d := range l.docs {
		if !d.input {
			continue
		}
		if v, isBool := d.root.(bool); isBool {
			// A boolean schema document: true accepts any value, false none.
			name := b.rootTypeName(d)
			b.aliases = append(b.aliases, &alias{name: name, doc: d, typ: tRaw})
			roots = append(roots, RootType{Schema: d.name, Type: name})
			if !v {
				b.warn(loc{d, ""}, "the schema is false, which no value satisfies; its root type is json.RawMessage")
			}
			continue
		}
		root, ok := d.root.(*object)
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: the document is not a JSON object or boolean", d.name))
			continue
		}
		if hasShape(root) || opts.RootTypes[d.name] != "" {
			name := b.rootTypeName(d)
			t := b.typeAt(loc{d, ""}, name)
			switch {
			case t.kind == kNamed && t.named.name == name:
			case t.kind == kPtr && t.null && t.elem.kind == kNamed && t.elem.named.name == name:
				// A root that may be null ({"type": ["object", "null"]}): a pointer to the type
				// of its other values, which takes the name with "Value".
				t.elem.named.name = name + "Value"
				b.aliases = append(b.aliases, &alias{name: name, doc: d, typ: t})
			case t.kind == kSlice || t.kind == kMap || (t.kind == kBuiltin && t.name != "any"):
				// A scalar, array or map root: a defined type with the methods of every root
				// type (UnmarshalJSON, MarshalJSON, DecodeChecked).
				nt := &namedType{name: name, at: loc{d, ""}, kind: nValue, of: t, desc: root.str("description")}
				b.register(loc{d, ""}, nt)
			default:
				// The root is a reference or a type with methods of its own: give it its name
				// as an alias.
				b.aliases = append(b.aliases, &alias{name: name, doc: d, typ: t})
				if t.kind == kNamed && root.str("$ref") != "" && !d.refAlone && assertsBesideRef(d, root) {
					// What the root says beside its $ref is not the referenced type's: the
					// checks leave such a root to a validator.
					if b.partialRoot == nil {
						b.partialRoot = map[*namedType]loc{}
					}
					b.partialRoot[t.named] = loc{d, ""}
				}
			}
			roots = append(roots, RootType{Schema: d.name, Type: name})
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
	breakCycles(b.order)
	assignNames(b, impls)
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	files, err := emit(b, impls)
	if err != nil {
		return nil, err
	}
	sort.Slice(b.warnings, func(i, j int) bool { return b.warnings[i].String() < b.warnings[j].String() })
	sort.Slice(roots, func(i, j int) bool { return roots[i].Schema < roots[j].Schema })
	return &Result{Files: files, Warnings: b.warnings, Roots: roots, Free: b.freeFields()}, nil
}

// hasShape reports whether a root schema describes a value: it has some keyword besides
// annotations and $defs (a document of definitions only has no root type of its own).
func hasShape(s *object) bool {
	for _, k := range s.keys {
		if !isAnnotation(k) && k != "definitions" && k != "$defs" {
			return true
		}
	}
	return len(s.keys) == 0 || onlyAnnotations(s) && s.m["$defs"] == nil && s.m["definitions"] == nil
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

// breakCycles holds by pointer the fields through which a struct would contain itself by
// value (a required self-reference, or a nullable one kept in a Nullable), which Go rejects.
func breakCycles(types []*namedType) {
	// valueStruct is the struct a field holds by value, if any.
	valueStruct := func(f *field) *namedType {
		if f.byPointer {
			return nil
		}
		t, _ := fieldShape(f)
		if t.kind == kNullable {
			t = t.elem
		}
		if t.kind == kNamed && t.named.kind == nStruct {
			return t.named
		}
		return nil
	}
	const (
		unvisited = iota
		active
		done
	)
	state := map[*namedType]int{}
	var visit func(t *namedType)
	visit = func(t *namedType) {
		state[t] = active
		for _, f := range t.fields {
			next := valueStruct(f)
			if next == nil {
				continue
			}
			switch state[next] {
			case active:
				f.byPointer = true
			case unvisited:
				visit(next)
			}
		}
		state[t] = done
	}
	for _, t := range types {
		if t.kind == nStruct && state[t] == unvisited {
			visit(t)
		}
	}
}

// genericShort are short names too vague to stand alone.
var genericShort = map[string]bool{"Item": true, "Value": true, "Key": true, "Object": true, "Pattern": true, "String": true,
	"Number": true, "Integer": true, "Boolean": true, "Array": true, "Items": true, "Type": true, "Data": true, "Name": true}

// shorten names the types made from an enclosing type's name (t.short, relative to
// t.parent) with as few of the words on the way to them as tell them apart: its own word
// (CompilerOptions rather than TsconfigCompilerOptions) where no other type wants it, else
// the enclosing types' own words before it, nearest first (CreateImplementation and
// DeleteImplementation rather than two numbered Implementations). The items of a list and the
// values of a map are named after the list or map in the singular (Assignment for the items
// of assignments). A name of its own (a title, a $defs key, x-go-name, a root type's) is
// never given to another type; names that nothing tells apart under maxNameLen characters
// are the enclosing type's final name and the own word, as before, and numbered if they
// still clash.
func shorten(b *builder, reserved map[string]bool) {
	taken := map[string]bool{}
	for n := range reserved {
		taken[n] = true
	}
	var defs, pending []*namedType
	for _, t := range b.order {
		switch {
		case t.short != "" && t.parent != nil:
			pending = append(pending, t)
		case len(t.alts) > 0:
			defs = append(defs, t)
		default:
			taken[t.name] = true
		}
	}
	// $defs entries first: their names are their own.
	cands := map[*namedType][]string{}
	// A shorter name is not taken from a type that wants it as its own word.
	own := map[string]bool{}
	for _, t := range pending {
		own[t.ownForms()[0]] = true
	}
	for _, t := range defs {
		full := t.alts[len(t.alts)-1]
		cands[t] = slices.DeleteFunc(slices.Clone(t.alts), func(c string) bool { return own[c] && c != full })
		if len(cands[t]) == 0 {
			cands[t] = []string{full}
		}
	}
	for _, t := range pickNames(defs, cands, taken) {
		t.name = b.capName(t.alts[len(t.alts)-1])
	}
	for _, t := range pending {
		cands[t] = nameCandidates(t)
	}
	unnamed := map[*namedType]bool{}
	for _, t := range pickNames(pending, cands, taken) {
		unnamed[t] = true
	}
	for _, t := range b.order { // enclosing types come first
		if unnamed[t] {
			n := joinWords(t.parent.name, t.short) // the enclosing type's final name
			if f := joinWords(t.parent.name, t.ownForms()[0]); !taken[f] {
				n = f
			}
			t.name = b.capName(n)
			taken[t.name] = true
		}
	}
}

// pickNames names types from their candidate names in rounds: in each, a type takes its next
// candidate when no other type still unnamed wants it in that round and it is not taken. It
// returns the types whose candidates all went to others, in order.
func pickNames(types []*namedType, cands map[*namedType][]string, taken map[string]bool) []*namedType {
	var left []*namedType
	for round := 0; len(types) > 0; round++ {
		wanted := map[string]int{}
		for _, t := range types {
			if cs := cands[t]; round < len(cs) {
				wanted[cs[round]]++
			}
		}
		var next []*namedType
		for _, t := range types {
			cs := cands[t]
			if round >= len(cs) {
				left = append(left, t)
				continue
			}
			if c := cs[round]; wanted[c] == 1 && !taken[c] {
				t.name, taken[c] = c, true
				continue
			}
			next = append(next, t)
		}
		types = next
	}
	return left
}

// nameCandidates lists the names t may take, preferred first: its own word, then with one,
// two or three of the own words of the types enclosing it before it, in their order, the
// nearer ones first (CreateImplementation, then RoleCreateImplementation); the farthest it
// looks to is the named type they are in, whole or by its last words, or the sixth. Words
// that only say where the type sits (Item, Value, Then) are not used to tell types apart. No
// candidate is longer than maxNameLen.
func nameCandidates(t *namedType) []string {
	forms := t.ownForms()
	var units [][]string // the enclosing types' own words, nearest first; each unit's forms
	for p, depth := t.parent, 0; p != nil && depth < 6; p, depth = p.parent, depth+1 {
		if p.short == "" || p.parent == nil {
			words := splitWords(p.name)
			var alts []string
			for i := max(0, len(words)-2); i >= 0 && len(alts) < 4; i-- { // two words at least
				if w := strings.Join(words[i:], ""); !placeWords[w] && len(w) <= maxNameLen && (len(words[i]) > 1 || i == 0) {
					alts = append(alts, w)
				}
			}
			units = append(units, alts)
			break
		}
		if w := p.ownForms()[0]; !placeWords[w] {
			units = append(units, []string{w})
		} else {
			units = append(units, nil)
		}
	}
	type cand struct {
		name        string
		words, dist int
	}
	var cs []cand
	for _, f := range forms {
		if !genericShort[f] && len(f) >= 4 && len(f) <= maxNameLen {
			cs = append(cs, cand{name: f})
		}
	}
	// An own word that only says where the type sits (ArrayItem) keeps the nearest word before it.
	firstMax := len(units)
	if ws := splitWords(t.short); !slices.ContainsFunc(ws, func(w string) bool { return !placeWords[w] }) {
		for i, u := range units {
			if u != nil {
				firstMax = i + 1
				break
			}
		}
	}
	var pick func(start, dist int, prefix []string)
	pick = func(start, dist int, prefix []string) {
		end := len(units)
		if len(prefix) == 0 {
			end = firstMax
		}
		for i := start; i < end; i++ {
			for _, w := range units[i] {
				p := append([]string{w}, prefix...) // the farther word first
				for _, f := range forms {
					if c := joinWords(strings.Join(p, ""), f); len(c) <= maxNameLen && goName(c) == c {
						cs = append(cs, cand{c, len(p), dist + i})
					}
				}
				if len(p) < 3 {
					pick(i+1, dist+i, p)
				}
			}
		}
	}
	pick(0, 0, nil)
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].words != cs[j].words {
			return cs[i].words < cs[j].words
		}
		return cs[i].dist < cs[j].dist
	})
	seen := map[string]bool{}
	var out []string
	for _, c := range cs {
		if !seen[c.name] {
			seen[c.name] = true
			out = append(out, c.name)
		}
	}
	return out
}

// joinWords puts a name after the words before it, saying once a word that ends the one and
// starts the other (ChangeTransaction and TransactionType make ChangeTransactionType).
func joinWords(before, name string) string {
	bw, nw := splitWords(before), splitWords(name)
	if len(bw) > 1 && len(nw) > 1 && bw[len(bw)-1] == nw[0] {
		return strings.Join(bw[:len(bw)-1], "") + name
	}
	return before + name
}

// placeWords are own words that only say where a type sits in its enclosing one.
var placeWords = map[string]bool{"Item": true, "Value": true, "Key": true, "Pattern": true, "Items": true,
	"Then": true, "Else": true, "If": true, "Object": true, "Array": true, "String": true}

// ownForms gives the names t's own word may take, preferred first (see ownForms).
func (t *namedType) ownForms() []string {
	if len(t.forms) > 0 {
		return t.forms
	}
	return ownForms(t.short)
}

// ownForms gives the names a type's own word may take, preferred first: the items of a list
// named in the plural and the values of such a map take the singular (Assignment for
// AssignmentsItem, Plugin for PluginsValue, Resource for ResourcesArrayItem).
func ownForms(short string) []string {
	words := splitWords(short)
	n := len(words)
	if n < 2 || (words[n-1] != "Item" && words[n-1] != "Value") {
		return []string{short}
	}
	base := words[:n-1]
	if len(base) > 1 && base[len(base)-1] == "Array" {
		base = base[:len(base)-1]
	}
	one := singular(base[len(base)-1])
	if one == base[len(base)-1] {
		return []string{short}
	}
	s := strings.Join(base[:len(base)-1], "") + one
	if goName(s) != s {
		return []string{short}
	}
	return []string{s, short}
}

// assignNames makes every package-level identifier, field and method name unique. Names
// that clash get a numeric suffix (Thing, Thing2, ...) in a fixed order, with a warning, so
// that schemas written by others still generate; nothing is renamed when nothing clashes.
func assignNames(b *builder, impls []*namedType) {
	b.needNull = false
	for _, t := range b.order {
		for _, f := range t.fields {
			if ft, _ := fieldShape(f); ft.kind == kNullable {
				b.needNull = true
			}
		}
	}
	taken := map[string]bool{}
	reserve := func(names ...string) {
		for _, n := range names {
			taken[n] = true
		}
	}
	if b.needDate {
		reserve("Date", "ParseDate", "DateOf")
	}
	if b.needDateTime {
		reserve("DateTime", "ParseDateTime", "NewDateTime")
	}
	reserve("DecodeError", "ErrNotChecked")
	if b.needNull {
		reserve("Nullable", "NewNullable", "NewNull")
	}
	for _, t := range impls {
		reserve(t.impl.iface, "New"+t.impl.iface)
	}
	unique := func(base string, free func(string) bool) string {
		if free(base) {
			return base
		}
		for i := 2; ; i++ {
			if n := fmt.Sprintf("%s%d", base, i); free(n) {
				return n
			}
		}
	}
	claim := func(base, where, what string, extra ...string) string {
		name := unique(base, func(n string) bool {
			if taken[n] {
				return false
			}
			for _, suffix := range extra {
				if taken[n+suffix] {
					return false
				}
			}
			return true
		})
		if name != base {
			b.warnings = append(b.warnings, Warning{Location: where, Message: fmt.Sprintf("%s %s is already taken; named %s", what, base, name)})
		}
		taken[name] = true
		for _, suffix := range extra {
			taken[name+suffix] = true
		}
		return name
	}
	for _, a := range b.aliases {
		a.name = claim(a.name, a.doc.name+"#/", "root type name")
	}
	shorten(b, taken)
	// Names cut to maxNameLen that then clash are numbered with one warning for all of them,
	// not one each: a schema nested thousands deep would otherwise give thousands.
	var cutClashes []string
	for _, t := range b.order {
		extra := []string(nil)
		if t.kind == nEnum {
			extra = []string{"Values"}
		}
		if b.cut[t.name] {
			before := len(b.warnings)
			t.name = claim(t.name, t.at.brief(), "type name", extra...)
			if len(b.warnings) > before {
				b.warnings = b.warnings[:before]
				cutClashes = append(cutClashes, t.at.brief()+" is "+t.name)
			}
			continue
		}
		t.name = claim(t.name, t.at.brief(), "type name", extra...)
	}
	if n := len(cutClashes); n > 0 {
		msg := fmt.Sprintf("%d type names made from deeply nested locations were cut to %d characters and then clashed, so they are numbered; the first: %s", n, maxNameLen, cutClashes[0])
		if n > 1 {
			msg += "; the last: " + cutClashes[n-1]
		}
		b.warnings = append(b.warnings, Warning{Location: b.order[0].at.doc.name + "#/", Message: msg})
	}
	for _, t := range b.order {
		switch t.kind {
		case nEnum:
			own := map[string]bool{}
			t.vnames = t.vnames[:0]
			for _, v := range t.values {
				base := t.name + enumConstName(t.base, v)
				name := unique(base, func(c string) bool { return !own[c] && !taken[c] })
				if name != base {
					b.warnings = append(b.warnings, Warning{Location: t.at.brief(), Message: fmt.Sprintf("enum value %q would be the constant %s, which is taken; named %s", v, base, name)})
				}
				own[name], taken[name] = true, true
				t.vnames = append(t.vnames, name)
			}
		case nStruct:
			members := map[string]bool{}
			members["MarshalJSON"], members["UnmarshalJSON"], members["DecodeChecked"], members["Validate"] = true, true, true, true
			if t.impl != nil {
				members[t.impl.method] = true
			}
			if len(defaultFields(t)) > 0 {
				members["ApplyDefaults"] = true
			}
			for _, f := range t.fields {
				base := f.name
				f.name = unique(base, func(c string) bool { return !members[c] })
				if f.name != base {
					b.warnings = append(b.warnings, Warning{Location: f.at.brief(), Message: fmt.Sprintf("property %q would be the field %s.%s, which is taken; named %s", f.json, t.name, base, f.name)})
				}
				members[f.name] = true
			}
			for i, pat := range t.patterns {
				base := "PatternProperties"
				if len(t.patterns) > 1 {
					base = fmt.Sprintf("PatternProperties%d", i+1)
				}
				pat.name = unique(base, func(c string) bool { return !members[c] })
				members[pat.name] = true
			}
			if t.extra != nil {
				t.extraName = unique("AdditionalProperties", func(c string) bool { return !members[c] })
				members[t.extraName] = true
			}
			if t.anyJSON {
				t.notObject = unique("NotObject", func(c string) bool { return !members[c] })
				members[t.notObject] = true
			}
		case nUnion:
			// JSON and For too: a branch's decoding method is decode and its name, beside the
			// union's own decodeJSON and decodeFor.
			members := map[string]bool{"MarshalJSON": true, "UnmarshalJSON": true, "RawMessage": true, "DecodeChecked": true, "Validate": true, "JSON": true, "For": true}
			for _, v := range t.vars {
				v.name = unique(v.name, func(c string) bool { return !members[c] })
				members[v.name] = true
			}
		}
	}
}

// assertsBesideRef reports whether a schema with a $ref says anything beside it that may
// assert: a keyword other than the $ref, identifiers, definitions and annotations.
func assertsBesideRef(d *document, s *object) bool {
	for _, k := range s.keys {
		switch k {
		case "$ref", "$defs", "definitions", "$schema", "$id", "id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$comment", "$vocabulary":
			continue
		}
		if !annotationIn(d, k, s) {
			return true
		}
	}
	return false
}
