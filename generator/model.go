package generator

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
)

type typeKind int

const (
	kBuiltin typeKind = iota // string, int64, float64, bool
	kQual                    // a standard-library type: time.Time, json.RawMessage
	kNamed                   // a generated named type
	kSlice
	kMap
	kPtr
	kNullable // Nullable[elem]: absent, null or a value
)

// typ is a Go type expression.
type typ struct {
	kind  typeKind
	name  string // builtin name, or the name within pkg for kQual
	pkg   string // import path for kQual
	named *namedType
	elem  *typ // kSlice, kMap (value), kPtr, kNullable
	key   *typ // kMap
	null  bool // kPtr: the pointer stands for JSON null (type [T, "null"] or a null branch)
	// site is the schema location the type was made for, when hasSite: the checks read the
	// assertions there that the Go type does not express.
	site    loc
	hasSite bool
	// imported marks a type of another package (Options.Imports or Stubs): decoded and
	// encoded through its own methods, and not checked here.
	imported bool
}

var (
	tString = &typ{kind: kBuiltin, name: "string"}
	tInt    = &typ{kind: kBuiltin, name: "int64"}
	tFloat  = &typ{kind: kBuiltin, name: "float64"}
	tBool   = &typ{kind: kBuiltin, name: "bool"}
	tTime   = &typ{kind: kQual, pkg: "time", name: "Time"}
	tRaw    = &typ{kind: kQual, pkg: "encoding/json", name: "RawMessage"}
)

// nullableOf is t where JSON null is also allowed.
func nullableOf(t *typ) *typ {
	if t.kind == kPtr {
		return &typ{kind: kPtr, elem: t.elem, null: true}
	}
	return &typ{kind: kPtr, elem: t, null: true}
}

func ptrTo(t *typ) *typ {
	if t.kind == kPtr {
		return t
	}
	return &typ{kind: kPtr, elem: t}
}

// ref is the type of a reference to t made while t is built, or reached again.
func (t *namedType) ref() *typ {
	r := &typ{kind: kNamed, named: t}
	if t.nullable {
		return nullableOf(r)
	}
	return r
}

// nilable reports whether the zero value of t already stands for "absent".
func (t *typ) nilable() bool {
	switch t.kind {
	case kSlice, kMap, kPtr, kNullable:
		return true
	case kQual:
		return isRaw(t)
	}
	return false
}

type namedKind int

const (
	nStruct namedKind = iota
	nEnum
	nUnion
	nDate
	nDateTime
	nValue // a root schema whose value is a scalar, an array or a map: a defined Go type of it
)

type namedType struct {
	name      string
	at        loc
	kind      namedKind
	desc      string
	fields    []*field        // nStruct
	extra     *typ            // nStruct: type of AdditionalProperties values, nil when closed
	extraName string          // nStruct: the name of that field (AdditionalProperties unless taken)
	patterns  []*patternField // nStruct: members matched by patternProperties, one map each
	// uncompiledPattern: some patternProperties are not Go regular expressions; their members
	// are kept in the AdditionalProperties field.
	uncompiledPattern bool
	// anyJSON marks a struct whose schema gives no type: a value that is not an object is
	// valid too, and is kept as raw JSON in the field named notObject.
	anyJSON   bool
	notObject string
	// short is the name without the enclosing type's name (parent's) when the name was made
	// from it; the short name is used when no other type wants it.
	short  string
	parent *namedType
	// alts are the names a $defs entry may take instead of its own where no other type
	// wants them (defNames); the last is its full name.
	alts []string
	// forms are the names t.short may take instead, shortest first, when a namespaced key
	// named the member t is the type of.
	forms    []string
	values   []string // nEnum: the values (JSON text of numbers)
	vnames   []string // nEnum: constant names
	base     string   // nEnum: string, int64 or float64
	vars     []*variant
	dispatch *dispatch // nUnion: how object branches are told apart
	impl     *implements
	open     bool // nEnum: marked x-open-enum (strict mode alone refuses unlisted values)
	// anyString marks an nEnum made from anyOf [enum, string]: any string is valid, the
	// listed ones are known; freeConstrained says the string branch asserts more.
	anyString       bool
	freeConstrained bool
	multi           bool      // nUnion: made from a list of types
	sel             *selector // nUnion: made for a member an if/then picks a schema for
	// alsoAt are the other locations whose schemas say the same as the type's, and that it
	// serves too (typelessUnion).
	alsoAt []loc
	// typeListBranch marks the struct that is the object branch of a type list's union, at
	// the same location: the assertions on the other JSON types are the union's.
	typeListBranch bool
	// nullable marks a union that may be null: a reference to it, met while it is being
	// built, is nullable too.
	nullable bool
	of       *typ // nValue: the Go type of the value
}

type field struct {
	// branch marks a member that only branches of a oneOf/anyOf merged into the struct
	// describe: which branch applies is not known while decoding, so the checks leave it to
	// a JSON Schema validator.
	branch    bool
	byPointer bool   // held by pointer to break a cycle of types that contain each other
	def       string // canonical JSON of the schema's default, "" when none
	konst     string // canonical JSON of the schema's const, "" when none
	name      string // Go name
	json      string // property name
	typ       *typ
	required  bool
	desc      string
	at        loc
}

// patternField holds the members whose names match one of patternProperties' patterns.
type patternField struct {
	re   string // the pattern
	name string // Go field name
	typ  *typ   // type of the values
	at   loc
}

type variant struct {
	name     string
	jsonType string   // "array", "object", "string", "number", "integer", "boolean"; "" when several
	types    []string // the JSON types the branch accepts, null aside (but in typelessUnion's)
	at       loc      // the branch's schema; zero for the branches of a type list
	typ      *typ
	desc     string
	// checks are the assertions of a type list's schema on the branch's JSON type
	// ({"type": ["string", "number"], "pattern": "..."}), compiled into its decoding.
	checks []constraint
}

type implements struct {
	iface, method, returns string
	value                  string
}

// Warning reports a schema construct the generator could not map exactly, and the fallback used.
type Warning struct {
	Location string // file#/json/pointer
	Message  string
}

func (w Warning) String() string { return w.Location + ": " + w.Message }

// alias names the root type of a document when its schema is a reference or an unnamed type.
type alias struct {
	name string
	doc  *document
	typ  *typ
}

type builder struct {
	// partialRoot holds the named types that type a document's root by one member of its
	// allOf (see allOfMember), with the root's location: the root's other assertions are
	// not theirs, so the checks leave such a root to a validator.
	partialRoot  map[*namedType]loc
	aliases      []*alias
	following    map[string]bool // $refs being followed, to stop at loops
	l            *loader
	opts         Options
	named        map[string]*namedType // by location key
	order        []*namedType
	warnings     []Warning
	errs         []string
	needDate     bool
	needNull     bool
	needDateTime bool
	needFormats  bool            // the checks use formatsSource
	warnedAt     map[string]bool // locations a warning names
	// typed holds the type made for each location once done, so that a location reached again
	// gets the same type, nullable as the first time (b.named alone holds the named type).
	typed    map[string]*typ
	parents  []*namedType // the types whose members are being typed, innermost last
	shortFor map[string]shortName
	// keyForms holds the names a member's type may take when a namespaced key names the
	// member, by location, shortest first; the last is the whole key's.
	keyForms map[string][]string
	// namespaces counts, for each document and $defs keyword, the $defs names that start
	// with each run of words (see withoutNamespace).
	namespaces map[*document]map[string]map[string]int
	// vocab holds the words of each document (see vocabulary).
	vocab map[*document]map[string]bool
	// defAlts holds the shorter names a $defs entry may take, by location (see defNames).
	defAlts map[string][]string
	// cut holds the type names that capName shortened.
	cut      map[string]bool
	rootName map[*document]string
	// typeless holds the unions of schemas without a type that only assert on scalars, by
	// their assertions: one type serves every location that says the same (typelessUnion).
	typeless map[string]*namedType
}

func (b *builder) warn(at loc, format string, args ...any) {
	if b.warnedAt == nil {
		b.warnedAt = map[string]bool{}
	}
	b.warnedAt[at.key()] = true
	w := Warning{Location: at.brief(), Message: fmt.Sprintf(format, args...)}
	for _, prev := range b.warnings {
		if prev == w {
			return
		}
	}
	b.warnings = append(b.warnings, w)
}

func (b *builder) fail(at loc, format string, args ...any) {
	msg := at.String() + ": " + fmt.Sprintf(format, args...)
	for _, e := range b.errs {
		if e == msg {
			return
		}
	}
	b.errs = append(b.errs, msg)
}

// rootTypeName is the Go name of a document's root schema.
func (b *builder) rootTypeName(d *document) string {
	if n, ok := b.rootName[d]; ok {
		return n
	}
	if n := b.opts.RootTypes[d.name]; n != "" {
		return n
	}
	if o, ok := d.root.(*object); ok {
		if n := goName(cleanTitle(o.str("title"))); n != "" {
			return n
		}
	}
	base := strings.TrimSuffix(path.Base(d.name), path.Ext(d.name))
	if n := goName(versionSuffix.ReplaceAllString(base, "")); n != "" {
		return n
	}
	if n := goName(base); n != "" {
		return n
	}
	return "Root"
}

var (
	versionSuffix = regexp.MustCompile(`(?i)[-_. ]*(v|version)?[-_. ]*\d+([._]\d+|\.x)*$`)
	titleCut      = regexp.MustCompile(` - | \(|: | — |, `)
)

// cleanTitle turns a schema title into what a person would name the type: without "JSON
// schema for", "schema", "configuration file" and the like, without a version, and only up to
// a dash, a colon or a parenthesis ("IPTC ninjs - News in JSON - version 1.4" is IPTC ninjs).
func cleanTitle(t string) string {
	t = strings.ReplaceAll(strings.ReplaceAll(t, "'s ", " "), "’s ", " ")
	if loc := titleCut.FindStringIndex(t); loc != nil && loc[0] > 0 {
		t = t[:loc[0]]
	}
	for changed := true; changed; {
		changed = false
		lower := strings.ToLower(t)
		for _, p := range []string{"a json schema for ", "json schema for ", "jsonschema for ", "the json schema for ", "schema for ", "json schema of ", "the "} {
			if strings.HasPrefix(lower, p) && len(t) > len(p) {
				t, changed = t[len(p):], true
				break
			}
		}
		lower = strings.ToLower(t)
		for _, suf := range []string{" json schema", " jsonschema", " schema", " configuration file", " config file", " configuration", " files", " file", " json", ".json"} {
			if strings.HasSuffix(lower, suf) && len(t) > len(suf) {
				t, changed = t[:len(t)-len(suf)], true
				break
			}
		}
		if v := versionSuffix.ReplaceAllString(t, ""); v != t && strings.TrimSpace(v) != "" {
			t, changed = v, true
		}
		t = strings.TrimSpace(t)
	}
	return t
}

// goTypeOverride parses an x-go-type value: a built-in type (int, uint8, string, ...) or a
// standard-library type written as import/path.Name (time.Duration, net/netip.Addr).
func goTypeOverride(s string) *typ {
	switch s {
	case "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16",
		"uint32", "uint64", "float32", "float64", "byte", "rune", "any":
		return &typ{kind: kBuiltin, name: s}
	}
	dot := strings.LastIndex(s, ".")
	if dot <= 0 || dot == len(s)-1 {
		return nil
	}
	pkg, name := s[:dot], s[dot+1:]
	if strings.Contains(strings.Split(pkg, "/")[0], ".") || goName(name) != name {
		return nil // not the standard library, or not an exported name
	}
	return &typ{kind: kQual, pkg: pkg, name: name}
}

// nameFor gives the natural name of the schema at a location: its x-go-name, its $defs
// key, or the document's root type name.
func (b *builder) nameFor(at loc, hint string) string {
	if v, err := b.l.at(at); err == nil {
		if o, ok := v.(*object); ok {
			if n := o.str("x-go-name"); n != "" && goName(n) == n {
				return n
			}
		}
	}
	if at.ptr == "" {
		return b.rootTypeName(at.doc)
	}
	if key, ok := defsEntry(at); ok {
		key = b.splitRunTogether(at.doc, key)
		if n := goName(key); n != "" {
			alts := defNames(key)
			if short := b.withoutNamespace(at, n); len(short) > 0 {
				if len(alts) == 0 {
					alts = []string{n}
				}
				last := alts[len(alts)-1]
				alts = append(short, alts[:len(alts)-1]...)
				sort.SliceStable(alts, func(i, j int) bool { return len(alts[i]) < len(alts[j]) })
				alts = append(slices.Compact(alts), last)
			}
			if len(alts) > 0 {
				if b.defAlts == nil {
					b.defAlts = map[string][]string{}
				}
				b.defAlts[at.key()] = append(alts, n) // and last, the name the alternatives are for
			}
			return n
		}
	}
	// A name made from the enclosing type's: remember the part that is the type's own, so
	// that it can go without the prefix when no other type wants it.
	if n := len(b.parents); n > 0 && b.shortFor != nil {
		if p := b.parents[n-1]; strings.HasPrefix(hint, p.name) && len(hint) > len(p.name) {
			b.shortFor[at.key()] = shortName{parent: p, short: hint[len(p.name):]}
		}
	}
	return b.capName(hint)
}

// capName caps a type name's length (see capName), remembering the names it cut.
func (b *builder) capName(name string) string {
	c := capName(name)
	if c != name {
		if b.cut == nil {
			b.cut = map[string]bool{}
		}
		b.cut[c] = true
	}
	return c
}

// defsEntry returns the key of a location that is an entry of its document's $defs or
// definitions.
func defsEntry(at loc) (string, bool) {
	parts := strings.Split(at.ptr, "/")
	if len(parts) == 3 && (parts[1] == "$defs" || parts[1] == "definitions") {
		return unescapePointer(parts[2]), true
	}
	return "", false
}

// namespaceMin is how many $defs entries of a document, and a tenth of them at least, must
// start with the same words for those words to be taken as a namespace (nodeType in nodeTypeOpenstackVolume,
// nodeTypeDockerImage, ...).
const namespaceMin = 5

// withoutNamespace lists the names a $defs entry named n may take without the leading words
// it shares with namespaceMin or more entries of its document, shortest first
// (VolumeProperties, OpenstackVolumeProperties for NodeTypeOpenstackVolumeProperties); at
// least two words stay.
func (b *builder) withoutNamespace(at loc, n string) []string {
	parts := strings.Split(at.ptr, "/")
	root, ok := at.doc.root.(*object)
	if !ok {
		return nil
	}
	if b.namespaces == nil {
		b.namespaces = map[*document]map[string]map[string]int{}
	}
	byKw := b.namespaces[at.doc]
	if byKw == nil {
		byKw = map[string]map[string]int{}
		b.namespaces[at.doc] = byKw
	}
	counts := byKw[parts[1]]
	if counts == nil {
		counts = map[string]int{}
		if defs := root.obj(parts[1]); defs != nil {
			counts[""] = len(defs.keys)
			for _, k := range defs.keys {
				words := splitWords(goName(b.splitRunTogether(at.doc, k)))
				for i := 1; i < len(words)-1; i++ {
					counts[strings.Join(words[:i], "")]++
				}
			}
		}
		byKw[parts[1]] = counts
	}
	words := splitWords(n)
	var out []string
	for i := len(words) - 2; i >= 1; i-- {
		if c := counts[strings.Join(words[:i], "")]; c >= namespaceMin && c*10 >= counts[""] {
			if c := strings.Join(words[i:], ""); len(c) <= maxNameLen && goName(c) == c {
				out = append(out, c)
			}
		}
	}
	return out
}

// splitRunTogether writes the run-together lower-case words, of 12 letters or more, of a
// $defs key (microsoft.intune.deviceconfigurationpolicywindows10) as the words that the
// member names and $defs keys of its document use, where they make up the whole run (device
// configuration policy windows10); other words stay as they are.
func (b *builder) splitRunTogether(d *document, key string) string {
	words := b.vocabulary(d)
	var out strings.Builder
	last := 0
	for _, run := range runTogether.FindAllStringIndex(key, -1) {
		out.WriteString(key[last:run[0]])
		if seg := segment(key[run[0]:run[1]], words); seg != nil {
			out.WriteString(strings.Join(seg, " "))
		} else {
			out.WriteString(key[run[0]:run[1]])
		}
		last = run[1]
	}
	out.WriteString(key[last:])
	return out.String()
}

var runTogether = regexp.MustCompile(`[a-z][a-z0-9]{11,}`)

// vocabulary collects the words, of 3 to 15 letters, that the member names and $defs keys of
// a document are made of where their case or punctuation tells the words apart.
func (b *builder) vocabulary(d *document) map[string]bool {
	if w, ok := b.vocab[d]; ok {
		return w
	}
	words := map[string]bool{}
	add := func(k string) {
		for _, w := range splitWords(k) {
			w = strings.TrimRightFunc(w, unicode.IsDigit)
			if len(w) >= 3 && len(w) <= 15 && len(w) < len(k) {
				words[strings.ToLower(w)] = true
			}
		}
	}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 64 {
			return
		}
		switch v := v.(type) {
		case *object:
			for _, kw := range []string{"properties", "$defs", "definitions"} {
				if ps := v.obj(kw); ps != nil {
					for _, k := range ps.keys {
						add(k)
					}
				}
			}
			for _, k := range v.keys {
				walk(v.m[k], depth+1)
			}
		case []any:
			for _, e := range v {
				walk(e, depth+1)
			}
		}
	}
	walk(d.root, 0)
	if b.vocab == nil {
		b.vocab = map[*document]map[string]bool{}
	}
	b.vocab[d] = words
	return words
}

// segment splits s into the fewest words of the vocabulary, each with any digits after it
// (policy windows10), or returns nil when they do not make up the whole of s.
func segment(s string, words map[string]bool) []string {
	n := len(s)
	best := make([]int, n+1) // the fewest words making up s[:i], or -1
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
	}
	for i := 0; i < n; i++ {
		if best[i] < 0 {
			continue
		}
		for j := min(n, i+15); j >= i+3; j-- {
			if !words[s[i:j]] {
				continue
			}
			k := j
			for k < n && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			if best[k] < 0 || best[i]+1 < best[k] {
				best[k], from[k] = best[i]+1, i
			}
		}
	}
	if best[n] < 0 {
		return nil
	}
	var out []string
	for i := n; i > 0; i = from[i] {
		out = append([]string{s[from[i]:i]}, out...)
	}
	return out
}

// keyParts splits a $defs key that names a namespace (vector::sinks::http::Config,
// microsoft.entra.group, io.k8s.api.core.v1.Pod, pkg/Type) into its parts; it returns nil
// for a key of one part, or one whose last part is no name of its own (a version such as
// schema-1.2).
func keyParts(key string) []string {
	parts := strings.FieldsFunc(key, func(r rune) bool { return r == '.' || r == ':' || r == '/' })
	if len(parts) < 2 {
		return nil
	}
	last := goName(parts[len(parts)-1])
	if len(last) < 4 || !unicode.IsLetter([]rune(parts[len(parts)-1])[0]) {
		return nil
	}
	return parts
}

// defNames lists the shorter names a $defs entry may take where no other type wants them,
// preferred first: the last parts of a namespaced key (TraceToLogConfig for
// vector::transforms::trace_to_log::TraceToLogConfig), and for a name over maxNameLen its
// last words, three or more (AvailabilitySetProperties for
// nodeTypeCloudifyAzureNodesComputeAvailabilitySetProperties). The last is the full name,
// cut to maxNameLen.
func defNames(key string) []string {
	full := goName(key)
	var out []string
	add := func(n string) {
		if n != "" && n != full && len(n) <= maxNameLen && goName(n) == n && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if parts := keyParts(key); parts != nil {
		for i := len(parts) - 1; i > 0; i-- {
			add(goName(strings.Join(parts[i:], " ")))
		}
		// Then one part before the last and the last (SourcesEventStoreDbConfig).
		last := parts[len(parts)-1]
		for i := len(parts) - 3; i >= 0; i-- {
			add(goName(parts[i] + " " + last))
		}
	}
	if len(full) > maxNameLen && keyParts(key) == nil { // a namespaced key goes by its parts
		words := splitWords(full)
		for i := len(words) - 3; i > 0; i-- {
			add(strings.Join(words[i:], ""))
		}
	}
	last := full
	if c := capName(full); len(splitWords(full)) > 1 && strings.HasSuffix(full, c) {
		last = c // its last words; a single word over the cap stays whole
	} else if parts := keyParts(key); parts != nil && len(full) > maxNameLen {
		last = goName(parts[len(parts)-1])
	}
	if len(out) == 0 && last == full {
		return nil
	}
	if !slices.Contains(out, last) {
		out = append(out, last)
	}
	return out
}

// shortName is a type's name without its enclosing type's name.
type shortName struct {
	parent *namedType
	short  string
}

func (b *builder) schemaAt(at loc) *object {
	v, err := b.l.at(at)
	if err != nil {
		b.errs = append(b.errs, err.Error())
		return nil
	}
	o, _ := v.(*object)
	return o
}

// typeAt maps the schema at a location to a Go type; hint names any type it has to create.
// The result remembers the location, for the checks.
func (b *builder) typeAt(at loc, hint string) *typ {
	b.checkTypeKeyword(at)
	t := *b.typeAtNoSite(at, hint)
	t.site, t.hasSite = at, true
	if isRaw(&t) && !b.warnedAt[at.key()] {
		if kws := constraining(b.schemaAt(at)); len(kws) > 0 {
			b.warn(at, "kept as json.RawMessage: %s not mapped to a Go type", strings.Join(kws, ", "))
		}
	}
	return &t
}

var jsonTypes = map[string]bool{"string": true, "number": true, "integer": true, "boolean": true, "object": true, "array": true, "null": true}

// checkTypeKeyword fails on a "type" that names no JSON type, such as "strin".
func (b *builder) checkTypeKeyword(at loc) {
	s := b.schemaAt(at)
	if s == nil {
		return
	}
	switch t := s.m["type"].(type) {
	case nil:
	case string:
		if !jsonTypes[t] {
			b.fail(at, "unknown type %q (want string, number, integer, boolean, object, array or null)", t)
		}
	case []any:
		for _, e := range t {
			if str, ok := e.(string); !ok || !jsonTypes[str] {
				b.fail(at, "unknown type %v in the list of types (want string, number, integer, boolean, object, array or null)", e)
			}
		}
	default:
		b.fail(at, "type must be a string or a list of strings, not %v", t)
	}
}

// mapped returns the Go type a $ref target is mapped to by Options.Stubs or Options.Imports,
// or nil.
func (b *builder) mapped(target loc) *typ {
	key := target.doc.base
	if target.ptr != "" {
		key += "#" + target.ptr
	}
	if stub, ok := b.opts.Stubs[key]; ok {
		if t := stubType(stub); t != nil {
			return t
		}
		b.fail(target, "stub type %q is not json.RawMessage, a built-in type or import/path.Name", stub)
		return tRaw
	}
	if target.doc.input {
		return nil
	}
	best, path := "", ""
	for prefix, imp := range b.opts.Imports {
		if strings.HasPrefix(target.doc.base, prefix) || strings.HasPrefix("file:///"+target.doc.name, prefix) {
			if len(prefix) > len(best) {
				best, path = prefix, imp
			}
		}
	}
	if path == "" {
		return nil
	}
	var name string
	if target.ptr == "" {
		name = b.rootTypeName(target.doc)
	} else if _, ok := defsEntry(target); ok {
		name = b.nameFor(target, "")
	}
	if name == "" {
		b.warn(target, "%s is mapped to %s, but only a document's root and its $defs have a type there; generated here instead", target, path)
		return nil
	}
	return &typ{kind: kQual, pkg: path, name: name, imported: true}
}

// stubType parses a Stubs value.
func stubType(s string) *typ {
	switch s {
	case "json.RawMessage", "encoding/json.RawMessage":
		return tRaw
	}
	if t := goTypeOverride(s); t != nil {
		return t
	}
	dot := strings.LastIndex(s, ".")
	if dot <= 0 || dot == len(s)-1 || goName(s[dot+1:]) != s[dot+1:] || strings.ContainsAny(s, " \t") {
		return nil
	}
	return &typ{kind: kQual, pkg: s[:dot], name: s[dot+1:], imported: true}
}

// allOfMember types a schema that is only an allOf whose members are not all objects (those
// are merged into one struct) by its first member that describes a value; the other members
// refine it, and a warning says their details are not mapped.
func (b *builder) allOfMember(at loc, s *object, hint string) *typ {
	all, ok := s.m["allOf"].([]any)
	if !ok {
		return nil
	}
	for _, k := range s.keys {
		switch k {
		case "type", "properties", "items", "prefixItems", "additionalProperties", "patternProperties", "enum", "const", "$ref":
			return nil
		}
	}
	var describing []int
	for i, m := range all {
		if !constraintOnly(m) {
			describing = append(describing, i)
		}
	}
	if len(describing) == 0 {
		return nil
	}
	if len(describing) > 1 {
		b.warn(at, "allOf is typed as its member %d; what members %v add is not mapped to Go types", describing[0], describing[1:])
	}
	t := b.typeAt(at.child("allOf", fmt.Sprint(describing[0])), hint)
	others := len(all) > 1
	for _, k := range s.keys {
		if k != "allOf" && !isAnnotation(k) {
			others = true
		}
	}
	if t.kind == kNamed && at.ptr == "" && others {
		if b.partialRoot == nil {
			b.partialRoot = map[*namedType]loc{}
		}
		b.partialRoot[t.named] = at
	}
	return t
}

// matchesAll reports whether a pattern matches every name.
func matchesAll(re string) bool {
	switch re {
	case "", ".*", "^.*$", "^.*", ".*$", "^", "(.*)", "^(.*)$":
		return true
	}
	return false
}

// refWithMembers reports whether a schema has a $ref to an object schema and, beside it,
// properties or required members of its own (honoured from draft 2019-09 on).
func (b *builder) refWithMembers(at loc, s *object) bool {
	ref := s.str("$ref")
	if ref == "" || at.doc.refAlone || isMetaSchema(ref) {
		return false
	}
	if s.obj("properties") == nil && s.m["required"] == nil {
		return false
	}
	if tl := typeList(s); len(tl) > 1 || (len(tl) == 1 && tl[0] != "object") {
		return false
	}
	target, err := b.l.resolve(at, ref)
	if err != nil {
		return false
	}
	_, ts, err := b.deref(target, b.schemaAt(target))
	if err != nil || ts == nil {
		return false
	}
	if _, union := unionBranches(ts); union != "" {
		return false
	}
	tl := typeList(ts)
	return (len(tl) == 0 && ts.obj("properties") != nil) || (len(tl) == 1 && tl[0] == "object")
}

// constraining lists the keywords of a schema that say something about its value.
func constraining(s *object) []string {
	if s == nil {
		return nil
	}
	var out []string
	for _, k := range s.keys {
		if assertionKeywords[k] {
			out = append(out, k)
		}
	}
	return out
}

// assertionKeywords are the keywords that constrain a value (others are annotations, or
// unknown and ignored by validators).
var assertionKeywords = map[string]bool{
	"type": true, "enum": true, "const": true, "properties": true, "patternProperties": true,
	"additionalProperties": true, "unevaluatedProperties": true, "items": true, "prefixItems": true,
	"additionalItems": true, "unevaluatedItems": true, "contains": true, "minContains": true,
	"maxContains": true, "minItems": true, "maxItems": true, "uniqueItems": true, "minLength": true,
	"maxLength": true, "pattern": true, "format": true, "minimum": true, "maximum": true,
	"exclusiveMinimum": true, "exclusiveMaximum": true, "multipleOf": true, "minProperties": true,
	"maxProperties": true, "required": true, "dependentRequired": true, "dependentSchemas": true,
	"dependencies": true, "propertyNames": true, "allOf": true, "anyOf": true, "oneOf": true,
	"not": true, "if": true, "then": true, "else": true, "$dynamicRef": true, "$recursiveRef": true,
}

func (b *builder) typeAtNoSite(at loc, hint string) *typ {
	if t, ok := b.typed[at.key()]; ok {
		return t
	}
	t := b.makeType(at, hint)
	if b.typed == nil {
		b.typed = map[string]*typ{}
	}
	b.typed[at.key()] = t
	return t
}

// makeType is typeAtNoSite for a location not typed yet.
func (b *builder) makeType(at loc, hint string) *typ {
	v, err := b.l.at(at)
	if err != nil {
		b.errs = append(b.errs, err.Error())
		return tRaw
	}
	if t, ok := b.named[at.key()]; ok {
		return t.ref()
	}
	s, ok := v.(*object)
	if !ok {
		// true, false or a malformed schema: anything goes.
		return tRaw
	}
	if gt := s.str("x-go-type"); gt != "" {
		if t := goTypeOverride(gt); t != nil {
			return t
		}
		b.warn(at, "x-go-type %q is not a Go built-in type or a standard-library type; ignored", gt)
	}
	if b.refWithMembers(at, s) {
		// From draft 2019-09 on, keywords beside a $ref apply too: {$ref, properties, ...}
		// is the allOf of the referenced schema and the rest, one struct of both's members.
		return b.structType(at, s, hint)
	}
	if ref := s.str("$ref"); ref != "" {
		if isMetaSchema(ref) {
			b.warn(at, "$ref %q is a JSON Schema meta-schema: any schema document; using json.RawMessage", ref)
			return tRaw
		}
		target, err := b.l.resolve(at, ref)
		if err != nil {
			b.errs = append(b.errs, err.Error())
			return tRaw
		}
		if b.following[at.key()] {
			// Reached again while its target is being built: a type of the target that is
			// registered already (a struct, say) closes the cycle.
			if t, ok := b.named[target.key()]; ok {
				return t.ref()
			}
			b.warn(at, "$ref %q leads back to itself without describing a value; using json.RawMessage", ref)
			return tRaw
		}
		if t := b.mapped(target); t != nil {
			return t
		}
		b.following[at.key()] = true
		defer delete(b.following, at.key())
		var nonNull []string
		for _, jt := range typeList(s) {
			if jt != "null" {
				nonNull = append(nonNull, jt)
			}
		}
		if len(nonNull) > 1 {
			// A $ref beside a list of types (honoured from draft 2019-09 on): a union of those
			// types whose object branch is the referenced schema.
			return b.multiTypeUnion(at, s, typeList(s), hint)
		}
		t := b.typeAt(target, b.nameFor(target, hint))
		if len(nonNull) < len(typeList(s)) {
			return nullableOf(t)
		}
		return t
	}
	if tl := typeList(s); (len(tl) == 0 || (len(tl) == 1 && tl[0] == "object")) && b.mergesAllOf(at, s) {
		return b.structType(at, s, hint)
	}
	if branches, kw := unionBranches(s); branches != nil {
		return b.unionType(at, s, kw, branches, hint)
	}
	if branches := ifBranches(s); branches != nil {
		return b.unionType(at, s, "if", branches, hint)
	}
	if t := b.allOfMember(at, s, hint); t != nil {
		return t
	}
	if enum, ok := s.get("enum"); ok {
		return b.enumType(at, s, enum, hint)
	}
	if c, ok := s.get("const"); ok {
		return b.constType(at, c)
	}
	var types []string
	nullable := false
	for _, jt := range typeList(s) {
		if jt == "null" {
			nullable = true
			continue
		}
		types = append(types, jt)
	}
	if nullable && len(types) == 0 {
		return tRaw
	}
	var t *typ
	switch {
	case len(types) > 1:
		t = b.multiTypeUnion(at, s, types, hint)
	case len(types) == 1:
		t = b.typeForJSONType(at, s, types[0], hint)
	default:
		// No type: every JSON value is valid, and the keywords say what some of them are.
		implied := impliedTypes(s)
		switch {
		case len(implied) == 0:
			return tRaw
		case len(implied) == 1 && implied[0] == "object":
			if !shapesMembers(s) {
				return tRaw // only assertions on objects ({"required": [...]}): warned by typeAt
			}
			// A struct of the members, whose NotObject holds the other values.
			t = b.structType(at, s, hint)
		default:
			t = b.typelessUnion(at, s, implied, hint)
		}
	}
	if nullable {
		return nullableOf(t)
	}
	return t
}

// keywordTypes are the keywords that apply to values of one JSON type only, and that type;
// other values pass them. (format, contentMediaType and contentEncoding are annotations by
// default from draft 2019-09 on, and alone they type nothing.)
var keywordTypes = map[string]string{
	"properties": "object", "patternProperties": "object", "additionalProperties": "object",
	"unevaluatedProperties": "object", "propertyNames": "object", "required": "object",
	"minProperties": "object", "maxProperties": "object", "dependentRequired": "object",
	"dependentSchemas": "object", "dependencies": "object",
	"items": "array", "prefixItems": "array", "additionalItems": "array", "unevaluatedItems": "array",
	"contains": "array", "minContains": "array", "maxContains": "array", "minItems": "array",
	"maxItems": "array", "uniqueItems": "array",
	"pattern": "string", "minLength": "string", "maxLength": "string",
	"minimum": "number", "maximum": "number", "exclusiveMinimum": "number",
	"exclusiveMaximum": "number", "multipleOf": "number",
}

// impliedTypes lists, in allJSONTypes order, the JSON types whose values the keywords of a
// schema without a type constrain.
func impliedTypes(s *object) []string {
	var out []string
	for _, jt := range allJSONTypes {
		for _, k := range s.keys {
			// Draft 4's boolean exclusiveMinimum and exclusiveMaximum only modify minimum and
			// maximum.
			if _, modifier := s.m[k].(bool); keywordTypes[k] == jt && !(modifier && jt == "number") {
				out = append(out, jt)
				break
			}
		}
	}
	return out
}

// shapesMembers reports whether a schema says what an object's members are: properties, a
// schema for the members it does not name, or patternProperties.
func shapesMembers(s *object) bool {
	if s.obj("properties") != nil || s.obj("patternProperties") != nil {
		return true
	}
	ap, ok := s.get("additionalProperties")
	_, isObj := ap.(*object)
	return ok && (isObj || ap == false)
}

func typeList(s *object) []string {
	switch t := s.m["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if str, ok := e.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}

func (b *builder) typeForJSONType(at loc, s *object, jt, hint string) *typ {
	switch jt {
	case "string":
		switch s.str("format") {
		case "date":
			b.needDate = true
			return &typ{kind: kNamed, named: dateType}
		case "date-time":
			b.needDateTime = true
			return &typ{kind: kNamed, named: dateTimeType}
		}
		return tString
	case "integer":
		return tInt
	case "number":
		return tFloat
	case "boolean":
		return tBool
	case "null":
		return tRaw
	case "array":
		if t := b.tupleType(at, s, hint); t != nil {
			return t
		}
		if _, ok := s.get("items"); !ok {
			return &typ{kind: kSlice, elem: tRaw}
		}
		return &typ{kind: kSlice, elem: b.typeAt(at.child("items"), hint+"Item")}
	case "object":
		if s.obj("properties") != nil {
			return b.structType(at, s, hint)
		}
		if _, ok := s.get("if"); ok && len(b.conditionalMembers(at, s, map[string]bool{})) > 0 {
			// Members only its then and else describe.
			return b.structType(at, s, hint)
		}
		if pp := s.obj("patternProperties"); pp != nil && (len(pp.keys) > 1 || s.m["additionalProperties"] != nil || !matchesAll(pp.keys[0])) {
			// Members that match a pattern and members that do not: a struct of a map per
			// pattern and the other members.
			return b.structType(at, s, hint)
		}
		val := tRaw
		if ap, ok := s.get("additionalProperties"); ok {
			if _, isObj := ap.(*object); isObj {
				val = b.typeAt(at.child("additionalProperties"), hint+"Value")
			}
		} else if pp := s.obj("patternProperties"); pp != nil && len(pp.keys) == 1 {
			// One pattern and nothing else: a map of its values.
			val = b.typeAt(at.child("patternProperties", pp.keys[0]), hint+"Value")
		}
		key := tString
		if pn := s.obj("propertyNames"); pn != nil {
			if kt := b.typeAt(at.child("propertyNames"), hint+"Key"); kt.kind == kNamed && kt.named.kind == nEnum {
				key = kt
			}
		}
		return &typ{kind: kMap, key: key, elem: val}
	}
	return tRaw // reported by checkTypeKeyword
}

func (b *builder) register(at loc, t *namedType) {
	if sn, ok := b.shortFor[at.key()]; ok && t.name == capName(sn.parent.name+sn.short) {
		t.short, t.parent = sn.short, sn.parent
		if forms := b.keyForms[at.key()]; len(forms) > 0 && forms[len(forms)-1] == sn.short {
			t.forms = forms
		}
	}
	if alts, ok := b.defAlts[at.key()]; ok && t.short == "" && t.name == alts[len(alts)-1] {
		t.alts = alts[:len(alts)-1]
	}
	b.named[at.key()] = t
	b.order = append(b.order, t)
}

// tupleType maps positional items (prefixItems, or the array form of items in older drafts)
// to a slice: of their type when every position and the rest share one, else of
// json.RawMessage. It returns nil for an array without positional items.
func (b *builder) tupleType(at loc, s *object, hint string) *typ {
	kw, restKw := "prefixItems", "items"
	list, ok := s.m[kw].([]any)
	if !ok {
		kw, restKw = "items", "additionalItems"
		if list, ok = s.m[kw].([]any); !ok {
			return nil
		}
	}
	var types []*typ
	for i := range list {
		types = append(types, b.typeAt(at.child(kw, fmt.Sprint(i)), fmt.Sprintf("%sItem%d", hint, i)))
	}
	switch rest := s.m[restKw].(type) {
	case *object:
		types = append(types, b.typeAt(at.child(restKw), hint+"Item"))
	case bool:
		if rest {
			types = append(types, tRaw) // any further item
		}
	case nil:
		types = append(types, tRaw) // further items are allowed and unconstrained
	}
	if len(types) == 0 {
		return &typ{kind: kSlice, elem: tRaw}
	}
	first := fmt.Sprintf("%#v", typeCode(types[0]))
	for _, t := range types[1:] {
		if fmt.Sprintf("%#v", typeCode(t)) != first {
			b.warn(at, "%s of different types are not mapped; using []json.RawMessage", kw)
			return &typ{kind: kSlice, elem: tRaw}
		}
	}
	// One Go type for several positions: the checks of any one position do not hold for all.
	elem := *types[0]
	elem.hasSite = false
	return &typ{kind: kSlice, elem: &elem}
}

// isMetaSchema reports whether a $ref names one of the JSON Schema meta-schemas.
func isMetaSchema(ref string) bool {
	u, err := url.Parse(ref)
	return err == nil && (u.Host == "json-schema.org" || u.Host == "www.json-schema.org")
}

// deref follows a chain of $refs from the schema at a location to the schema that does not
// merely refer on (at most 16 hops).
func (b *builder) deref(at loc, s *object) (loc, *object, error) {
	for hops := 0; s != nil && s.str("$ref") != "" && hops < 16; hops++ {
		target, err := b.l.resolve(at, s.str("$ref"))
		if err != nil {
			return at, nil, err
		}
		at, s = target, b.schemaAt(target)
	}
	return at, s, nil
}

// propSource is one property of a struct, where its schema is.
type propSource struct {
	name   string
	at     loc
	schema any
	branch bool // from a branch of a oneOf/anyOf of objects, or a then or else
	// when is the test of the if whose then or else defines the member, when that if looks
	// at the value of one member only.
	when *selection
}

// objectMembers collects the properties and required names of an object schema, merging
// those of its allOf branches (following $refs) after its own: the first schema to define
// a property gives its type.
func (b *builder) objectMembers(at loc, s *object, seen map[string]bool) ([]propSource, map[string]bool) {
	var props []propSource
	required := map[string]bool{}
	if seen[at.key()] {
		return nil, required
	}
	seen[at.key()] = true
	for _, r := range asStringList(s.m["required"]) {
		required[r] = true
	}
	if ps := s.obj("properties"); ps != nil {
		for _, p := range ps.keys {
			props = append(props, propSource{name: p, at: at.child("properties", p), schema: ps.m[p]})
		}
	}
	if ref := s.str("$ref"); ref != "" && !at.doc.refAlone && !isMetaSchema(ref) {
		if target, err := b.l.resolve(at, ref); err == nil {
			if tat, ts, err := b.deref(target, b.schemaAt(target)); err == nil && ts != nil {
				more, req := b.objectMembers(tat, ts, seen)
				props = append(props, more...)
				for r := range req {
					required[r] = true
				}
			}
		}
	}
	if all, ok := s.m["allOf"].([]any); ok {
		for i := range all {
			bat, bs, err := b.deref(at.child("allOf", fmt.Sprint(i)), b.schemaAt(at.child("allOf", fmt.Sprint(i))))
			if err != nil {
				b.warn(bat, "allOf member left out: %v", err)
			}
			if bs == nil {
				continue
			}
			more, req := b.objectMembers(bat, bs, seen)
			props = append(props, more...)
			for r := range req {
				required[r] = true
			}
			// An allOf member that is a oneOf/anyOf of objects: its branches' members, optional.
			props = append(props, b.branchMembers(bat, bs, seen)...)
		}
		// So are those of a oneOf/anyOf of objects beside the allOf.
		props = append(props, b.branchMembers(at, s, seen)...)
	}
	// The members then and else describe: optional, as only one of them applies.
	props = append(props, b.conditionalMembers(at, s, seen)...)
	return props, required
}

// conditionalMembers collects the members of the then and else of a schema's if, when each
// of them (following $refs) describes an object.
func (b *builder) conditionalMembers(at loc, s *object, seen map[string]bool) []propSource {
	if _, ok := s.get("if"); !ok {
		return nil
	}
	var props []propSource
	test, isTest := siblingTest(b.schemaAt(at.child("if")))
	for _, kw := range []string{"then", "else"} {
		if _, ok := s.get(kw); !ok {
			continue
		}
		cat, cs, err := b.deref(at.child(kw), b.schemaAt(at.child(kw)))
		if err != nil || cs == nil {
			continue
		}
		if tl := typeList(cs); len(tl) > 1 || (len(tl) == 1 && tl[0] != "object") {
			return nil
		}
		more, _ := b.objectMembers(cat, cs, seen)
		for i := range more {
			// A member of the then's own oneOf, anyOf or if depends on more than this if.
			nested := more[i].branch
			more[i].branch, more[i].when = true, nil
			if isTest && !nested {
				sel := *test
				sel.negated = kw == "else"
				more[i].when = &sel
			}
		}
		props = append(props, more...)
	}
	return props
}

// branchMembers collects the members of the branches of a schema's oneOf/anyOf when every
// branch describes an object.
func (b *builder) branchMembers(at loc, s *object, seen map[string]bool) []propSource {
	br, kw := unionBranches(s)
	if kw == "" || !b.objectBranches(at, kw, br) {
		return nil
	}
	var props []propSource
	for j := range br {
		cat, cs, err := b.deref(at.child(kw, fmt.Sprint(j)), b.schemaAt(at.child(kw, fmt.Sprint(j))))
		if err != nil || cs == nil {
			continue
		}
		more, _ := b.objectMembers(cat, cs, seen)
		for i := range more {
			more[i].branch = true
		}
		props = append(props, more...)
	}
	return props
}

func asStringList(v any) []string {
	var out []string
	l, _ := v.([]any)
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// mergesAllOf reports whether a schema is a struct of the members merged from its allOf:
// every allOf branch (following $refs) describes an object or only adds constraints, and
// together they name some properties.
func (b *builder) mergesAllOf(at loc, s *object) bool {
	all, ok := s.m["allOf"].([]any)
	if !ok {
		return false
	}
	if br, kw := unionBranches(s); kw != "" && !b.objectBranches(at, kw, br) {
		return false
	}
	for i := range all {
		bat, bs, _ := b.deref(at.child("allOf", fmt.Sprint(i)), b.schemaAt(at.child("allOf", fmt.Sprint(i))))
		if bs == nil {
			continue
		}
		if br, kw := unionBranches(bs); kw != "" && !b.objectBranches(bat, kw, br) {
			return false
		}
		tl := typeList(bs)
		if len(tl) > 1 || (len(tl) == 1 && tl[0] != "object") {
			return false
		}
	}
	props, _ := b.objectMembers(at, s, map[string]bool{})
	return len(props) > 0
}

// objectBranches reports whether every branch of a oneOf/anyOf describes an object.
func (b *builder) objectBranches(at loc, kw string, branches []any) bool {
	for i := range branches {
		_, bs, err := b.deref(at.child(kw, fmt.Sprint(i)), b.schemaAt(at.child(kw, fmt.Sprint(i))))
		if err != nil || bs == nil {
			return false
		}
		tl := typeList(bs)
		if len(tl) > 1 || (len(tl) == 1 && tl[0] != "object") || (len(tl) == 0 && bs.obj("properties") == nil && !constraintOnly(bs)) {
			return false
		}
	}
	return true
}

// objectOnly reports whether a schema without a type of its own accepts only objects: because
// its $ref (from draft 2019-09 on) or one of its allOf members says "type": "object".
func (b *builder) objectOnly(at loc, s *object, depth int) bool {
	if tl := typeList(s); len(tl) > 0 || depth > 8 {
		return len(tl) == 1 && tl[0] == "object"
	}
	if ref := s.str("$ref"); ref != "" && !at.doc.refAlone && !isMetaSchema(ref) {
		if target, err := b.l.resolve(at, ref); err == nil {
			if ts := b.schemaAt(target); ts != nil && b.objectOnly(target, ts, depth+1) {
				return true
			}
		}
	}
	all, _ := s.m["allOf"].([]any)
	for i := range all {
		mat := at.child("allOf", fmt.Sprint(i))
		if ms := b.schemaAt(mat); ms != nil && b.objectOnly(mat, ms, depth+1) {
			return true
		}
	}
	return false
}

func (b *builder) structType(at loc, s *object, hint string) *typ {
	t := &namedType{name: b.nameFor(at, hint), at: at, kind: nStruct, desc: s.str("description")}
	t.anyJSON = len(typeList(s)) == 0 && !b.objectOnly(at, s, 0)
	union := b.named[at.key()]
	b.register(at, t)
	if union != nil && union.multi {
		// The object branch of a type list's union: a $ref to the location (from a member,
		// say) names the union.
		b.named[at.key()] = union
	}
	props, required := b.objectMembers(at, s, map[string]bool{})
	// A member is typed by its first definition outside union branches that says more than
	// its type (all of them apply), or else its first definition outside union branches.
	firstPlain := map[string]int{}
	for i, p := range props {
		j, ok := firstPlain[p.name]
		switch {
		case p.branch:
		case !ok:
			firstPlain[p.name] = i
		case b.freeAt(props[j].at) && !b.freeAt(p.at):
			firstPlain[p.name] = i
		}
	}
	// A member only union branches define, differently: which applies is not known while
	// decoding, so it is kept as raw JSON unless they agree on its JSON types.
	selections := b.memberSelections(props, firstPlain)
	branchTypes := map[string][]string{}
	conflicting := map[string]bool{}
	for _, p := range props {
		if _, plain := firstPlain[p.name]; plain || !p.branch || selections[p.name] != nil {
			continue
		}
		ts := b.branchJSONTypes(p.at, b.schemaAt(p.at), 0)
		slices.Sort(ts)
		if prev, ok := branchTypes[p.name]; ok && !slices.Equal(prev, ts) {
			conflicting[p.name] = true
		}
		branchTypes[p.name] = ts
	}
	defined := map[string]bool{}
	for _, p := range props {
		if defined[p.name] {
			continue
		}
		defined[p.name] = true
		if i, ok := firstPlain[p.name]; ok {
			p = props[i]
		}
		name := goName(p.name)
		if name == "" {
			name = "Field"
		}
		ps, _ := p.schema.(*object)
		if ps != nil {
			if n := ps.str("x-go-name"); n != "" {
				if goName(n) == n {
					name = n
				} else {
					b.warn(p.at, "x-go-name %q is not an exported Go name; ignored", n)
				}
			}
		}
		f := &field{name: name, json: p.name, required: required[p.name], at: p.at, branch: p.branch}
		if conflicting[p.name] {
			b.warn(at, "member %q is defined with different JSON types by the branches that may apply; kept as json.RawMessage", p.name)
			f.typ = tRaw
			t.fields = append(t.fields, f)
			continue
		}
		if ms := selections[p.name]; ms != nil {
			// Decoded into the branch the value of the selecting member picks.
			f.typ, f.branch = b.selectorType(t, name, ms), false
			f.desc = f.typ.named.desc
			t.fields = append(t.fields, f)
			continue
		}
		if parts := keyParts(p.name); parts != nil && name == goName(p.name) {
			// A member named by a namespaced key (cloudify.interfaces.lifecycle): its type
			// may be named by the key's last parts (Lifecycle, InterfacesLifecycle).
			if b.keyForms == nil {
				b.keyForms = map[string][]string{}
			}
			var forms []string
			for i := len(parts) - 1; i >= 0; i-- {
				forms = append(forms, goName(strings.Join(parts[i:], " ")))
			}
			b.keyForms[p.at.key()] = forms
		}
		b.parents = append(b.parents, t)
		f.typ = b.typeAt(p.at, t.name+name)
		b.parents = b.parents[:len(b.parents)-1]
		if ps != nil {
			f.desc = ps.str("description")
			if f.desc == "" && f.typ.kind != kNamed {
				f.desc = b.refDescription(p.at, ps)
			}
			if d, ok := ps.get("default"); ok {
				f.def = canonicalJSON(d)
			}
			if c, ok := ps.get("const"); ok {
				f.konst = canonicalJSON(c)
			}
		}
		t.fields = append(t.fields, f)
	}
	uncompiled := false
	// The patternProperties of the schema, and of what its $ref and allOf members merge in.
	seenPattern := map[string]bool{}
	for _, src := range b.objectSources(at, s, map[string]bool{}) {
		pp := b.schemaAt(src).obj("patternProperties")
		if pp == nil {
			continue
		}
		for _, re := range pp.keys {
			if seenPattern[re] {
				continue // the same pattern twice: its first schema types the members
			}
			seenPattern[re] = true
			if !patternCompiles(re) {
				b.warn(src.child("patternProperties", re), "pattern %q is not a Go regular expression; its members are kept in AdditionalProperties as json.RawMessage", re)
				uncompiled = true
				continue
			}
			pat := &patternField{re: re, at: src.child("patternProperties", re)}
			pat.typ = b.typeAt(pat.at, t.name+"Pattern")
			t.patterns = append(t.patterns, pat)
		}
	}
	t.uncompiledPattern = uncompiled
	switch ap := s.m["additionalProperties"].(type) {
	case bool:
		if ap || uncompiled {
			t.extra = tRaw
		}
	case *object:
		t.extra = b.typeAt(at.child("additionalProperties"), t.name+"Value")
	case nil:
		if _, ok := s.get("unevaluatedProperties"); !ok || s.m["unevaluatedProperties"] != false || evaluatesElsewhere(s) {
			t.extra = tRaw
		}
	}
	return &typ{kind: kNamed, named: t}
}

// holdsRaw reports whether values of t are json.RawMessage, alone or in a slice, map or
// pointer.
func holdsRaw(t *typ) bool {
	for t != nil {
		if isRaw(t) {
			return true
		}
		switch t.kind {
		case kSlice, kMap, kPtr, kNullable:
			t = t.elem
		default:
			return false
		}
	}
	return false
}

// describingKeywords say something of a value's members, elements or value itself.
var describingKeywords = []string{"properties", "patternProperties", "items", "prefixItems", "contains", "enum",
	"const", "allOf", "anyOf", "oneOf", "not", "if", "unevaluatedProperties", "unevaluatedItems",
	"dependentSchemas", "$dynamicRef", "propertyNames"}

// freeAt reports whether the schema at a location (following $refs) leaves the values the
// generated code keeps as raw JSON unconstrained.
func (b *builder) freeAt(at loc) bool { return !b.describes(at, false) }

// shapesValue reports whether the schema at a location (following $refs) says what a value's
// members or elements are, or how it is made of other schemas: more than its JSON type, its
// allowed values and assertions on it.
func (b *builder) shapesValue(at loc) bool { return b.describes(at, true) }

// describes reports whether the schema at a location (following $refs) says something of a
// value's members, elements or value itself (describingKeywords, or a schema for the members
// or items it does not name); with shapeOnly, an enum or const does not count.
func (b *builder) describes(at loc, shapeOnly bool) bool {
	_, s, err := b.deref(at, b.schemaAt(at))
	if err != nil {
		return true
	}
	if s == nil {
		return false // true, or no schema
	}
	for _, k := range describingKeywords {
		if _, ok := s.get(k); ok && !(shapeOnly && (k == "enum" || k == "const")) {
			return true
		}
	}
	return constrainsRest(s, "additionalProperties") || constrainsRest(s, "additionalItems")
}

// rawFree reports whether the raw JSON a value of type t holds is unconstrained by the schema
// at a location: for a slice or map of raw JSON, the schema of its elements or members.
func (b *builder) rawFree(at loc, t *typ, depth int) bool {
	dat, s, err := b.deref(at, b.schemaAt(at))
	if err != nil || depth > 8 {
		return false
	}
	if s == nil {
		return true
	}
	switch t.kind {
	case kPtr, kNullable:
		return b.rawFree(at, t.elem, depth+1)
	case kSlice:
		for _, k := range []string{"prefixItems", "contains", "unevaluatedItems", "additionalItems", "allOf", "anyOf", "oneOf", "not", "if"} {
			if _, ok := s.get(k); ok {
				return false
			}
		}
		if _, ok := s.get("items"); !ok {
			return true
		}
		if _, list := s.m["items"].([]any); list {
			return false
		}
		return b.rawFree(dat.child("items"), t.elem, depth+1)
	case kMap:
		for _, k := range []string{"properties", "propertyNames", "unevaluatedProperties", "dependentSchemas", "allOf", "anyOf", "oneOf", "not", "if"} {
			if _, ok := s.get(k); ok {
				return false
			}
		}
		pp := s.obj("patternProperties")
		ap, hasAP := s.get("additionalProperties")
		switch {
		case pp != nil && len(pp.keys) == 1 && (!hasAP || ap == true):
			return b.rawFree(dat.child("patternProperties", pp.keys[0]), t.elem, depth+1)
		case pp != nil:
			return false
		case hasAP:
			if _, isObj := ap.(*object); isObj {
				return b.rawFree(dat.child("additionalProperties"), t.elem, depth+1)
			}
			return ap == true
		}
		return true
	}
	return b.freeAt(at)
}

// constrainsRest reports whether a schema's additionalProperties or additionalItems (kw)
// says something of the members or elements it applies to: false, or a schema with
// assertions.
func constrainsRest(s *object, kw string) bool {
	v, ok := s.get(kw)
	if !ok {
		return false
	}
	o, isObj := v.(*object)
	return v == false || (isObj && !onlyAnnotations(o))
}

// freeFields lists the fields that hold values their schemas leave unconstrained as raw
// JSON (Result.Free).
func (b *builder) freeFields() []string {
	var out []string
	for _, t := range b.order {
		switch t.kind {
		case nStruct:
			for _, f := range t.fields {
				if holdsRaw(f.typ) && b.rawFree(f.at, f.typ, 0) {
					out = append(out, t.name+"."+f.name)
				}
			}
			for _, p := range t.patterns {
				if holdsRaw(p.typ) && b.rawFree(p.at, p.typ, 0) {
					out = append(out, t.name+"."+p.name)
				}
			}
			if t.extra != nil && isRaw(t.extra) && !t.uncompiledPattern {
				// Free unless a schema merged into the struct constrains members it does not name.
				free := true
				for _, src := range b.objectSources(t.at, b.schemaAt(t.at), map[string]bool{}) {
					if ss := b.schemaAt(src); ss.obj("patternProperties") != nil || constrainsRest(ss, "additionalProperties") {
						free = false
					}
				}
				if free {
					out = append(out, t.name+"."+t.extraName)
				}
			}
			if t.anyJSON && t.notObject != "" {
				out = append(out, t.name+"."+t.notObject)
			}
		case nUnion:
			for _, v := range t.vars {
				if !holdsRaw(v.typ) {
					continue
				}
				switch {
				case t.sel != nil && v.at.doc == nil:
					// The values no if selects, where the member has no schema of its own.
					out = append(out, t.name+"."+v.name)
				case t.multi && contains(v.types, "null"):
					// The values of the JSON types a schema without a type says nothing of.
					out = append(out, t.name+"."+v.name)
				case v.at.doc != nil:
					if b.rawFree(v.at, v.typ, 0) {
						out = append(out, t.name+"."+v.name)
					}
				case t.multi && (v.typ.kind == kSlice || v.typ.kind == kMap):
					// A branch of a type list: the list's schema describes its elements or members.
					if b.rawFree(t.at, v.typ, 0) {
						out = append(out, t.name+"."+v.name)
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// objectSources returns the locations of an object schema and of the schemas its $ref and
// allOf members (following $refs, recursively) merge into its struct.
func (b *builder) objectSources(at loc, s *object, seen map[string]bool) []loc {
	if s == nil || seen[at.key()] {
		return nil
	}
	seen[at.key()] = true
	out := []loc{at}
	if ref := s.str("$ref"); ref != "" && !at.doc.refAlone && !isMetaSchema(ref) {
		if target, err := b.l.resolve(at, ref); err == nil {
			if tat, ts, err := b.deref(target, b.schemaAt(target)); err == nil {
				out = append(out, b.objectSources(tat, ts, seen)...)
			}
		}
	}
	all, _ := s.m["allOf"].([]any)
	for i := range all {
		if bat, bs, err := b.deref(at.child("allOf", fmt.Sprint(i)), b.schemaAt(at.child("allOf", fmt.Sprint(i)))); err == nil {
			out = append(out, b.objectSources(bat, bs, seen)...)
		}
	}
	return out
}

// evaluatesElsewhere reports whether keywords besides properties and patternProperties may
// evaluate members of an object (for unevaluatedProperties): their members are kept rather
// than dropped.
func evaluatesElsewhere(s *object) bool {
	for _, k := range []string{"allOf", "anyOf", "oneOf", "$ref", "$dynamicRef", "if", "then", "else", "dependentSchemas"} {
		if _, ok := s.get(k); ok {
			return true
		}
	}
	return false
}

// refDescription follows $refs to the first description found.
func (b *builder) refDescription(at loc, s *object) string {
	for i := 0; i < 16 && s != nil; i++ {
		if d := s.str("description"); d != "" {
			return d
		}
		ref := s.str("$ref")
		if ref == "" {
			// Every allOf member applies: the first that fixes a JSON type fixes it.
			all, _ := s.m["allOf"].([]any)
			for j := range all {
				mat := at.child("allOf", fmt.Sprint(j))
				if ms := b.schemaAt(mat); ms != nil && len(ms.keys) > 0 {
					if _, loops := ms.get("allOf"); !loops {
						if jt := b.branchJSONType(mat, ms); jt != "" {
							return jt
						}
					}
				}
			}
			return ""
		}
		target, err := b.l.resolve(at, ref)
		if err != nil {
			return ""
		}
		at, s = target, b.schemaAt(target)
	}
	return ""
}

func (b *builder) enumType(at loc, s *object, enum any, hint string) *typ {
	vals, _ := enum.([]any)
	kinds := map[string]bool{}
	nullable := false
	var rest []any
	for _, v := range vals {
		k := jsonTypeOf(v)
		if k == "null" {
			nullable = true
			continue
		}
		kinds[k] = true
		rest = append(rest, v)
	}
	if kinds["integer"] && kinds["number"] {
		delete(kinds, "integer")
	}
	wrap := func(t *typ) *typ {
		if nullable {
			return nullableOf(t)
		}
		return t
	}
	if len(kinds) != 1 {
		if len(kinds) > 1 {
			b.warn(at, "enum mixes JSON types; using json.RawMessage")
		}
		return tRaw
	}
	var base string
	switch {
	case kinds["string"]:
		base = "string"
	case kinds["integer"]:
		base = "int64"
	case kinds["number"]:
		base = "float64"
	case kinds["boolean"]:
		return wrap(tBool)
	default: // objects or arrays
		return tRaw
	}
	t := &namedType{name: b.nameFor(at, hint), at: at, kind: nEnum, desc: s.str("description"), base: base}
	t.open, _ = s.m["x-open-enum"].(bool)
	seen := map[string]bool{}
	for _, v := range rest {
		text := fmt.Sprint(v)
		if seen[text] {
			continue // a repeated value would be a repeated case
		}
		seen[text] = true
		t.values = append(t.values, text)
	}
	b.register(at, t)
	return wrap(&typ{kind: kNamed, named: t})
}

var symbolNames = map[rune]string{
	'*': "Star", '-': "Minus", '+': "Plus", '.': "Dot", '/': "Slash", '\\': "Backslash",
	'<': "Lt", '>': "Gt", '=': "Eq", '!': "Not", '%': "Percent", '&': "And", '|': "Or",
	'^': "Caret", '~': "Tilde", '?': "Question", '@': "At", '#': "Hash", '$': "Dollar",
	':': "Colon", ';': "Semicolon", ',': "Comma", ' ': "Space", '_': "Underscore",
	'(': "LParen", ')': "RParen", '[': "LBracket", ']': "RBracket", '{': "LBrace", '}': "RBrace",
	'"': "Quote", '\'': "Apostrophe", '`': "Backtick",
}

// enumConstName is the part of an enum constant's name that comes from its value.
func enumConstName(base, v string) string {
	if base == "string" {
		if n := goName(v); n != "" {
			return n
		}
		if v == "" {
			return "Empty"
		}
		// Only symbols: spell them out.
		var b strings.Builder
		for _, r := range v {
			if w, ok := symbolNames[r]; ok {
				b.WriteString(w)
			} else {
				fmt.Fprintf(&b, "U%04X", r)
			}
		}
		return b.String()
	}
	r := strings.NewReplacer("-", "Minus", "+", "", ".", "Point")
	return r.Replace(v)
}

func jsonTypeOf(v any) string {
	switch n := v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		if strings.ContainsAny(string(n), ".eE") {
			return "number"
		}
		return "integer"
	case []any:
		return "array"
	case *object:
		return "object"
	}
	return "null"
}

func (b *builder) constType(at loc, c any) *typ {
	switch jsonTypeOf(c) {
	case "string":
		return tString
	case "boolean":
		return tBool
	case "integer":
		return tInt
	case "number":
		return tFloat
	}
	return tRaw
}

// ifBranches returns the then and else of a schema that is only an if, then and else: a union
// of the two, as exactly one of them applies.
func ifBranches(s *object) []any {
	for _, k := range s.keys {
		if !isAnnotation(k) && k != "if" && k != "then" && k != "else" {
			return nil
		}
	}
	th, okThen := s.get("then")
	el, okElse := s.get("else")
	if _, okIf := s.get("if"); !okIf || !okThen || !okElse {
		return nil
	}
	return []any{th, el}
}

// onlyTypeTest reports whether an if only tests the JSON type.
func onlyTypeTest(s *object) bool {
	if s == nil {
		return false
	}
	for _, k := range s.keys {
		if !isAnnotation(k) && k != "type" {
			return false
		}
	}
	return true
}

// branchAt is the location of branch i of a union made from oneOf or anyOf (kw), or from the
// then (0) and else (1) of an if (kw "if").
func branchAt(at loc, kw string, i int) loc {
	if kw == "if" {
		if i == 0 {
			return at.child("then")
		}
		return at.child("else")
	}
	return at.child(kw, fmt.Sprint(i))
}

// unionBranches returns the branches of a oneOf or anyOf, if the schema has one whose
// branches describe values (not only add constraints such as required to the schema's own
// type, which the schema's type then describes).
func unionBranches(s *object) ([]any, string) {
	for _, kw := range []string{"oneOf", "anyOf"} {
		br, ok := s.m[kw].([]any)
		if !ok || len(br) == 0 {
			continue
		}
		for _, b := range br {
			if !constraintOnly(b) && !restates(s, b) {
				return br, kw
			}
		}
	}
	return nil, ""
}

// constraintKeywords narrow a value without describing its shape.
var constraintKeywords = map[string]bool{
	"required": true, "not": true, "minProperties": true, "maxProperties": true,
	"dependentRequired": true, "minItems": true, "maxItems": true, "uniqueItems": true,
	"minLength": true, "maxLength": true, "pattern": true, "format": true, "minimum": true,
	"maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true, "multipleOf": true,
	"description": true, "title": true, "$comment": true,
}

// restates reports whether a branch of a oneOf/anyOf only narrows its parent object: besides
// constraints it restates the parent's type and properties the parent names (as in
// oneOf: [{properties: {kind: {const: "a"}}, required: [kind]}, ...]).
func restates(parent *object, v any) bool {
	o, ok := v.(*object)
	if !ok || parent.obj("properties") == nil {
		return false
	}
	for _, k := range o.keys {
		switch {
		case constraintKeywords[k]:
		case k == "type":
			if tl := typeList(o); len(tl) != 1 || tl[0] != "object" {
				return false
			}
		case k == "properties":
			ps := o.obj("properties")
			if ps == nil {
				return false
			}
			for _, name := range ps.keys {
				if _, named := parent.obj("properties").get(name); !named {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

func constraintOnly(v any) bool {
	o, ok := v.(*object)
	if !ok {
		return false
	}
	for _, k := range o.keys {
		if !constraintKeywords[k] {
			return false
		}
	}
	return true
}

// unionBranch is one branch of a oneOf/anyOf while its union is worked out.
type unionBranch struct {
	branchIndex int
	at          loc
	s           *object
	jt          string   // its JSON type, "" when it accepts several
	types       []string // the JSON types it accepts (integer counted as number when both)
	name        string
	desc        string
}

// namingTitle reports whether a branch's title names it: a title of a few words does, a
// sentence ("Encodes an event as JSON") gives way to the value that picks the branch.
func namingTitle(s *object) bool {
	t := s.str("title")
	return t != "" && (len(strings.Fields(t)) <= 4 || len(goName(t)) <= 24)
}

// patternWord names a branch that only asserts a pattern matching a fixed text, in letters of
// either case or not (^.*\.[Cc][Ss]$ is Cs, ^v1$ is V1), after that text; else "".
func patternWord(s *object) string {
	for _, k := range s.keys {
		if k != "pattern" && k != "description" && k != "$comment" {
			return ""
		}
	}
	p := strings.TrimPrefix(strings.TrimPrefix(s.str("pattern"), "^"), ".*")
	p = strings.TrimSuffix(p, "$")
	var text []rune
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\\' && i+1 < len(rs) && (rs[i+1] == '.' || rs[i+1] == '-' || rs[i+1] == '_'):
			text = append(text, ' ')
			i++
		case r == '[' && i+3 < len(rs) && rs[i+3] == ']' && unicode.ToLower(rs[i+1]) == unicode.ToLower(rs[i+2]) && unicode.IsLetter(rs[i+1]):
			text = append(text, unicode.ToLower(rs[i+1]))
			i += 3
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			text = append(text, r)
		case r == '-' || r == '_':
			text = append(text, ' ')
		default:
			return ""
		}
	}
	n := goName(string(text))
	if len(n) > 16 || len(splitWords(string(text))) > 3 {
		return ""
	}
	return n
}

// distinctBranchNames renames branches that would share a field name (two strings, two
// objects) after what sets each apart: an enum, a const, a format, a pattern, a member the
// others of its name lack, members matched by pattern. A name that is only a JSON type gives
// way (String and Enum, Map and Import); a name of its own gains the trait (SquareSide and
// SquareSides). Names that still clash are numbered later.
func (b *builder) distinctBranchNames(brs []unionBranch) {
	groups := map[string][]int{}
	for i, ub := range brs {
		groups[ub.name] = append(groups[ub.name], i)
	}
	taken := map[string]bool{}
	for name, g := range groups {
		if len(g) == 1 {
			taken[name] = true
		}
	}
	for i := range brs {
		ub := &brs[i]
		g := groups[ub.name]
		if len(g) < 2 || ub.s == nil || ub.s.str("title") != "" {
			continue
		}
		var others []*unionBranch
		for _, j := range g {
			if j != i {
				others = append(others, &brs[j])
			}
		}
		trait := b.branchTrait(ub, others)
		if trait == "" {
			continue
		}
		n := trait
		if ub.name != goName(strings.Join(ub.types, " or ")) {
			n = capName(ub.name + trait)
		}
		if !taken[n] {
			ub.name = n
			taken[n] = true
		}
	}
}

// branchTrait names what a branch's schema asserts beyond its JSON type and the branches it
// would share a name with (others) do not, or "".
func (b *builder) branchTrait(ub *unionBranch, others []*unionBranch) string {
	schemaOf := func(u *unionBranch) *object {
		if _, rs, err := b.deref(u.at, u.s); err == nil && rs != nil {
			return rs
		}
		return u.s
	}
	s := schemaOf(ub)
	switch {
	case s.m["enum"] != nil:
		return "Enum"
	case s.m["const"] != nil:
		if n := goName(fmt.Sprint(s.m["const"])); n != "" && len(n) <= 24 {
			return n
		}
		return "Const"
	case s.str("format") != "":
		return goName(s.str("format"))
	case s.str("pattern") != "":
		return "Pattern"
	}
	if ub.jt == "object" {
		// The first member, required ones first, that none of the others names.
		theirs := map[string]bool{}
		for _, o := range others {
			if os := schemaOf(o); os != nil {
				if ps := os.obj("properties"); ps != nil {
					for _, k := range ps.keys {
						theirs[k] = true
					}
				}
			}
		}
		var mine []string
		mine = append(mine, asStringList(s.m["required"])...)
		if ps := s.obj("properties"); ps != nil {
			mine = append(mine, ps.keys...)
		}
		for _, k := range mine {
			if !theirs[k] {
				if n := goName(k); n != "" {
					return n
				}
			}
		}
		if s.obj("properties") == nil && (s.obj("patternProperties") != nil || s.m["additionalProperties"] != nil) {
			return "Map"
		}
	}
	if ub.jt == "array" {
		if it, ok := s.m["items"].(*object); ok {
			if tl := typeList(it); len(tl) == 1 {
				return goName(tl[0]) + "List"
			}
		}
		if s.m["prefixItems"] != nil || isList(s.m["items"]) {
			return "Tuple"
		}
	}
	return ""
}

// openEnum recognises anyOf: [{enum: [strings]}, {type: string}] (in any order, consts
// counting as one-value enums, $refs followed): an open enumeration, any string with some
// known values. It returns the known values, the branch locations, and whether the string
// branch constrains its value further.
func (b *builder) openEnum(at loc, kw string, branches []any) (vals []string, constrained, ok bool) {
	if kw != "anyOf" || len(branches) < 2 {
		return nil, false, false
	}
	free := 0
	for i := range branches {
		_, bs, err := b.deref(at.child(kw, fmt.Sprint(i)), b.schemaAt(at.child(kw, fmt.Sprint(i))))
		if err != nil || bs == nil {
			return nil, false, false
		}
		if tl := typeList(bs); len(tl) > 1 || (len(tl) == 1 && tl[0] != "string") {
			return nil, false, false
		}
		var listed []any
		if e, has := bs.m["enum"].([]any); has {
			listed = e
		} else if c, has := bs.get("const"); has {
			listed = []any{c}
		}
		if listed == nil {
			if len(typeList(bs)) != 1 {
				return nil, false, false
			}
			free++
			for _, k := range bs.keys {
				if k != "type" && !isAnnotation(k) {
					constrained = true
				}
			}
			continue
		}
		for _, v := range listed {
			str, isStr := v.(string)
			if !isStr {
				return nil, false, false
			}
			vals = append(vals, str)
		}
	}
	return vals, constrained, free == 1 && len(vals) > 0
}

func (b *builder) unionType(at loc, s *object, kw string, branches []any, hint string) *typ {
	if vals, constrained, ok := b.openEnum(at, kw, branches); ok {
		t := &namedType{name: b.nameFor(at, hint), at: at, kind: nEnum, desc: s.str("description"), base: "string", anyString: true, freeConstrained: constrained}
		seen := map[string]bool{}
		for _, v := range vals {
			if !seen[v] {
				seen[v] = true
				t.values = append(t.values, v)
			}
		}
		b.register(at, t)
		return &typ{kind: kNamed, named: t}
	}
	// A branch that is only {"type": "null"} makes the rest nullable.
	var rest []int
	nullable := false
	for i, br := range branches {
		o, _ := br.(*object)
		if o != nil && o.str("$ref") != "" && len(o.keys) == 1 {
			// A $ref alone to a null schema is a null branch too.
			_, o, _ = b.deref(branchAt(at, kw, i), o)
		}
		if o != nil && len(typeList(o)) == 1 && typeList(o)[0] == "null" && len(o.keys) <= 3 {
			nullable = true
			continue
		}
		rest = append(rest, i)
	}
	// A branch that takes null among other values ({} or a schema without a type): the union
	// holds null too, as nil would otherwise be an absent member. Under oneOf only when no
	// other branch takes null, as null is then not valid.
	if !nullable {
		takers := 0
		for _, i := range rest {
			if b.takesNull(branchAt(at, kw, i), 0) {
				takers++
			}
		}
		nullable = takers == 1 || takers > 1 && kw != "oneOf"
	}
	wrap := func(t *typ) *typ {
		if nullable {
			return nullableOf(t)
		}
		return t
	}
	if len(rest) == 1 {
		return wrap(b.typeAt(branchAt(at, kw, rest[0]), hint))
	}
	var brs []unionBranch
	var objects []int
	multiObject := false
	for _, i := range rest {
		bat := branchAt(at, kw, i)
		bs := b.schemaAt(bat)
		ub := unionBranch{branchIndex: len(brs), at: bat, s: bs, types: b.branchJSONTypes(bat, bs, 0)}
		if kw == "if" && onlyTypeTest(s.obj("if")) && len(typeList(s.obj("if"))) > 0 {
			tested := typeList(s.obj("if"))
			// An if that only tests the JSON type: then takes those types, else the others.
			var kept []string
			for _, jt := range ub.types {
				if (i == 0) == (contains(tested, jt) || (jt == "integer" && contains(tested, "number"))) {
					kept = append(kept, jt)
				}
			}
			ub.types = kept
		}
		if len(ub.types) == 1 {
			ub.jt = ub.types[0]
		}
		if bs != nil {
			ub.name = goName(bs.str("title"))
			ub.desc = bs.str("description")
			if ub.name == "" && bs.str("$ref") != "" {
				if target, err := b.l.resolve(bat, bs.str("$ref")); err == nil {
					ub.name = b.nameFor(target, "")
				}
			}
		}
		if ub.name == "" && len(ub.types) <= 3 {
			ub.name = goName(strings.Join(ub.types, " or "))
		}
		if ub.name == "" && bs != nil {
			// Named after what the branch asserts: the text its pattern matches, or its trait.
			if n := patternWord(bs); n != "" {
				ub.name = n
			} else if n := b.branchTrait(&ub, nil); n != "" && goName(n) == n {
				ub.name = n
			}
		}
		if ub.name == "" {
			ub.name = fmt.Sprintf("Variant%d", i)
		}
		switch {
		case ub.jt == "object":
			objects = append(objects, len(brs))
		case contains(ub.types, "object"):
			multiObject = true
		}
		brs = append(brs, ub)
	}
	t := &namedType{name: b.nameFor(at, hint), at: at, kind: nUnion, desc: s.str("description"), nullable: nullable}
	if len(objects) > 1 && !multiObject {
		var objs []unionBranch
		for _, k := range objects {
			objs = append(objs, brs[k])
		}
		t.dispatch = b.objectDispatch(objs)
	}
	b.register(at, t)
	// Object branches with no title or name of their own: named after the value of the member
	// that tells them apart, or a required member only they have.
	if d := t.dispatch; d != nil {
		for _, c := range d.cases {
			ub := &brs[c.branch]
			if ub.s == nil || namingTitle(ub.s) || ub.s.str("$ref") != "" {
				continue
			}
			var n string
			if len(c.values) > 0 {
				var v any
				if json.Unmarshal([]byte(c.values[0]), &v) == nil {
					n = goName(fmt.Sprint(v))
				}
			} else if len(c.required) > 0 {
				n = goName(c.required[len(c.required)-1])
			}
			if n != "" {
				ub.name = n
			}
		}
	} else {
		// Told apart by trying them: named after the first member each fixes to one value.
		for i := range brs {
			ub := &brs[i]
			if ub.jt != "object" || ub.s == nil || namingTitle(ub.s) || ub.s.str("$ref") != "" {
				continue
			}
			props, _ := b.objectMembers(ub.at, ub.s, map[string]bool{})
			for _, p := range props {
				if v, ok := fixedValue(p.schema); ok {
					if n := goName(fmt.Sprint(v)); n != "" {
						ub.name = n
						break
					}
				}
			}
		}
	}
	b.distinctBranchNames(brs)
	for _, ub := range brs {
		v := &variant{name: ub.name, jsonType: ub.jt, types: ub.types, desc: ub.desc, at: ub.at}
		b.parents = append(b.parents, t)
		v.typ = b.typeAt(ub.at, t.name+ub.name)
		b.parents = b.parents[:len(b.parents)-1]
		if !v.typ.nilable() {
			v.typ = ptrTo(v.typ)
		}
		t.vars = append(t.vars, v)
	}
	if t.dispatch != nil {
		for i := range t.dispatch.cases {
			t.dispatch.cases[i].variant = t.vars[t.dispatch.cases[i].branch]
		}
		if t.dispatch.fallback >= 0 {
			t.dispatch.fallbackVariant = t.vars[t.dispatch.fallback]
		}
	}
	return wrap(&typ{kind: kNamed, named: t})
}

// dispatch tells object branches of a union apart: by the value of one member (key set),
// or by which required members are present.
type dispatch struct {
	key   string
	cases []dispatchCase
	// fallback is the index (among the object branches, then among all branches) of the
	// branch that takes every value of key the others do not fix, or -1.
	fallback        int
	fallbackVariant *variant
}

// byRequired returns the cases ordered for matching by required members: most required
// members first.
func (d *dispatch) byRequired() []dispatchCase {
	out := append([]dispatchCase(nil), d.cases...)
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].required) > len(out[j].required) })
	return out
}

type dispatchCase struct {
	branch   int      // index among all the union's branches, filled in by objectDispatch's caller
	values   []string // canonical JSON of the key's allowed values
	required []string
	variant  *variant
}

// objectDispatch finds how to tell object branches apart, or returns nil.
func (b *builder) objectDispatch(objs []unionBranch) *dispatch {
	type info struct {
		props    map[string]propSource
		all      map[string][]propSource // every definition of a member (allOf may give several)
		order    []string
		required []string
	}
	infos := make([]info, len(objs))
	for i, ub := range objs {
		at, s, err := b.deref(ub.at, ub.s)
		if err != nil || s == nil {
			return nil
		}
		props, req := b.objectMembers(at, s, map[string]bool{})
		in := info{props: map[string]propSource{}, all: map[string][]propSource{}}
		for _, p := range props {
			in.all[p.name] = append(in.all[p.name], p)
			if _, dup := in.props[p.name]; !dup {
				in.props[p.name] = p
				in.order = append(in.order, p.name)
			}
		}
		for r := range req {
			in.required = append(in.required, r)
		}
		sort.Strings(in.required)
		infos[i] = in
	}
	// A member whose const or enum values differ in every branch.
	var keys []string
	seenKey := map[string]bool{}
	for _, in := range infos {
		for _, k := range in.order {
			if !seenKey[k] {
				seenKey[k] = true
				keys = append(keys, k)
			}
		}
	}
key:
	for _, k := range keys {
		used := map[string]bool{}
		d := &dispatch{key: k, fallback: -1}
		for i, in := range infos {
			if _, ok := in.props[k]; !ok {
				continue key
			}
			// Every definition applies (allOf): the values all of them allow.
			var vals []string
			fixed := false
			for _, p := range in.all[k] {
				pv := b.fixedValues(p.at)
				if pv == nil {
					continue
				}
				if !fixed {
					vals, fixed = pv, true
					continue
				}
				var both []string
				for _, v := range vals {
					if contains(pv, v) {
						both = append(both, v)
					}
				}
				vals = both
			}
			if fixed && len(vals) == 0 {
				continue // no value of the key satisfies the branch: no value selects it
			}
			if len(vals) == 0 {
				// One branch may take every other value of the key (a catch-all).
				if d.fallback >= 0 {
					continue key
				}
				d.fallback = i
				continue
			}
			for _, v := range vals {
				if used[v] {
					continue key
				}
				used[v] = true
			}
			d.cases = append(d.cases, dispatchCase{branch: i, values: vals, required: in.required})
		}
		if len(d.cases) == 0 {
			continue
		}
		b.remapBranches(d, objs)
		if d.fallback >= 0 {
			d.fallback = objs[d.fallback].branchIndex
		}
		return d
	}
	// Distinct sets of required members, the largest tried first.
	seen := map[string]bool{}
	d := &dispatch{fallback: -1}
	for i, in := range infos {
		sig := strings.Join(in.required, "\x00")
		if seen[sig] {
			return nil
		}
		seen[sig] = true
		d.cases = append(d.cases, dispatchCase{branch: i, required: in.required})
	}
	sort.SliceStable(d.cases, func(i, j int) bool { return len(d.cases[i].required) > len(d.cases[j].required) })
	b.remapBranches(d, objs)
	return d
}

// remapBranches turns indexes among the object branches into indexes among all branches.
func (b *builder) remapBranches(d *dispatch, objs []unionBranch) {
	for i := range d.cases {
		d.cases[i].branch = objs[d.cases[i].branch].branchIndex
	}
}

// fixedValues returns the canonical JSON of the values a schema allows when it fixes them
// with const or enum (following $refs), else nil.
func (b *builder) fixedValues(at loc) []string {
	_, s, err := b.deref(at, b.schemaAt(at))
	if err != nil || s == nil {
		return nil
	}
	if c, ok := s.get("const"); ok {
		return []string{canonicalJSON(c)}
	}
	if e, ok := s.m["enum"].([]any); ok {
		var out []string
		for _, v := range e {
			out = append(out, canonicalJSON(v))
		}
		return out
	}
	return nil
}

// canonicalJSON encodes a value as encoding/json re-encodes it after decoding into any.
func canonicalJSON(v any) string {
	var std func(any) any
	std = func(v any) any {
		switch n := v.(type) {
		case *object:
			m := map[string]any{}
			for _, k := range n.keys {
				m[k] = std(n.m[k])
			}
			return m
		case []any:
			out := make([]any, len(n))
			for i, e := range n {
				out[i] = std(e)
			}
			return out
		case json.Number:
			f, _ := n.Float64()
			return f
		}
		return v
	}
	b, _ := json.Marshal(std(v))
	return string(b)
}

// multiTypeUnion maps "type": [T1, T2, ...] to a union with one field per JSON type.
func (b *builder) multiTypeUnion(at loc, s *object, types []string, hint string) *typ {
	seen := map[string]bool{}
	var jts []string
	for _, jt := range types {
		if jt == "null" {
			continue
		}
		if jt == "integer" && contains(types, "number") {
			continue
		}
		if !seen[jt] {
			seen[jt] = true
			jts = append(jts, jt)
		}
	}
	t := &namedType{name: b.nameFor(at, hint), at: at, kind: nUnion, desc: s.str("description"), multi: true}
	b.register(at, t)
	for _, jt := range jts {
		v := &variant{name: goName(jt), jsonType: jt}
		switch jt {
		case "array":
			v.typ = b.typeForJSONType(at, s, jt, t.name)
		case "object":
			if ref := s.str("$ref"); ref != "" {
				if target, err := b.l.resolve(at, ref); err == nil {
					v.typ = b.typeAt(target, b.nameFor(target, t.name+"Object"))
					break
				}
			}
			if s.obj("properties") != nil {
				// The object branch is a struct of the properties, at the same location.
				v.typ = b.structType(at, s, t.name+"Object")
				v.typ.named.name = t.name + "Object"
				v.typ.named.short, v.typ.named.parent = "Object", t
				v.typ.named.anyJSON = false
				v.typ.named.typeListBranch = true
				break
			}
			v.typ = b.typeForJSONType(at, s, "object", t.name+"Object")
		default:
			v.typ = b.typeForJSONType(at, s, jt, t.name+v.name)
		}
		if !v.typ.nilable() {
			v.typ = ptrTo(v.typ)
		}
		t.vars = append(t.vars, v)
	}
	return &typ{kind: kNamed, named: t}
}

// typelessUnion types a schema without a type whose keywords constrain values of the JSON
// types implied (not objects alone, which are a struct with NotObject): a union with a field
// for each of those types, as for a type list that names them ({"items": {...}} an Array of
// its items, {"pattern": "..."} a String), and one more, NotArray or NotString (Other for
// several), that keeps any other value, null too, as raw JSON.
func (b *builder) typelessUnion(at loc, s *object, implied []string, hint string) *typ {
	// Schemas that say the same of scalars and counts ({"pattern": "^(Present|Absent)$"} in
	// hundreds of places) share one type. The root and $defs entries keep types of their own:
	// other packages name them.
	_, def := defsEntry(at)
	shared := at.ptr != "" && !def
	asserting := &object{m: map[string]any{}}
	for _, k := range s.keys {
		if isAnnotation(k) || !assertionKeywords[k] {
			continue // unknown keywords assert nothing
		}
		if !scalarAssertions[k] {
			shared = false
			break
		}
		asserting.keys = append(asserting.keys, k)
		asserting.m[k] = s.m[k]
	}
	key := ""
	if shared {
		key = at.doc.draft + "\x00" + canonicalJSON(asserting)
		if t := b.typeless[key]; t != nil {
			t.alsoAt = append(t.alsoAt, at)
			t.desc = "" // that of the first location
			return &typ{kind: kNamed, named: t}
		}
	}
	t := b.multiTypeUnion(at, s, implied, hint)
	if key != "" {
		if b.typeless == nil {
			b.typeless = map[string]*namedType{}
		}
		b.typeless[key] = t.named
	}
	rest := []string{"null"}
	for _, jt := range allJSONTypes {
		if !contains(implied, jt) {
			rest = append(rest, jt)
		}
	}
	name := "Other"
	if len(implied) == 1 {
		name = "Not" + goName(implied[0])
	}
	t.named.vars = append(t.named.vars, &variant{name: name, typ: tRaw, types: rest,
		desc: "The schema gives no type, so values of other JSON types are valid too."})
	return t
}

// isTypeAt reports whether the schema at a location is the one t is the type of.
func (t *namedType) isTypeAt(at loc) bool {
	return t.at.doc != nil && (t.at.key() == at.key() || slices.ContainsFunc(t.alsoAt, func(a loc) bool { return a.key() == at.key() }))
}

// scalarAssertions are the assertions on strings, numbers and counts, with no schema inside:
// the checks compile them on a value of their JSON type, and typelessUnion shares one type
// between schemas without a type that say only these.
var scalarAssertions = map[string]bool{
	"pattern": true, "minLength": true, "maxLength": true, "format": true, "minimum": true,
	"maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true, "multipleOf": true,
	"minItems": true, "maxItems": true, "uniqueItems": true, "minProperties": true, "maxProperties": true,
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// branchJSONType finds the single JSON type a union branch accepts, following $refs.
func (b *builder) branchJSONType(at loc, s *object) string {
	for i := 0; i < 16 && s != nil; i++ {
		if ts := typeList(s); len(ts) == 1 {
			return ts[0]
		}
		if c, ok := s.get("const"); ok {
			return jsonTypeOf(c)
		}
		if s.obj("properties") != nil {
			return "object"
		}
		ref := s.str("$ref")
		if ref == "" {
			// Every allOf member applies: the first that fixes a JSON type fixes it.
			all, _ := s.m["allOf"].([]any)
			for j := range all {
				mat := at.child("allOf", fmt.Sprint(j))
				if ms := b.schemaAt(mat); ms != nil && len(ms.keys) > 0 {
					if _, loops := ms.get("allOf"); !loops {
						if jt := b.branchJSONType(mat, ms); jt != "" {
							return jt
						}
					}
				}
			}
			return ""
		}
		target, err := b.l.resolve(at, ref)
		if err != nil {
			return ""
		}
		at, s = target, b.schemaAt(target)
	}
	return ""
}

// unionClasses are the JSON types a decoded union tells apart by the value's first byte, and
// those bytes as Go case expressions.
var unionClasses = []struct{ jt, cases string }{
	{"object", "'{'"},
	{"array", "'['"},
	{"string", "'\"'"},
	{"boolean", "'t', 'f'"},
	{"number", "'-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'"},
	{"null", "'n'"}, // only a raw branch of a schema without a type takes null (typelessUnion)
}

// jsonTypes returns the JSON types the branch takes.
func (v *variant) jsonTypes() []string {
	if v.types == nil {
		return []string{v.jsonType}
	}
	return v.types
}

// classOf returns the unionClasses entry a JSON type falls in: integers are numbers.
func classOf(jt string) string {
	if jt == "integer" {
		return "number"
	}
	return jt
}

// accepts reports whether the branch takes values of the union class jt.
func (v *variant) accepts(jt string) bool {
	for _, t := range v.jsonTypes() {
		if classOf(t) == jt {
			return true
		}
	}
	return false
}

// classes returns the unionClasses the union's branches take, in the order of the branches.
func (t *namedType) classes() []int {
	var out []int
	for _, v := range t.vars {
		for _, jt := range v.jsonTypes() {
			for i, c := range unionClasses {
				if classOf(jt) == c.jt && !slices.Contains(out, i) {
					out = append(out, i)
				}
			}
		}
	}
	return out
}

// takesNull reports whether a union has a branch that holds JSON null (typelessUnion's).
func (t *namedType) takesNull() bool {
	for _, v := range t.vars {
		if contains(v.types, "null") {
			return true
		}
	}
	return false
}

// candidates returns the branches of a union that take values of the JSON type jt, in the
// schema's order.
func (t *namedType) candidates(jt string) []*variant {
	var out []*variant
	for _, v := range t.vars {
		if v.accepts(jt) {
			out = append(out, v)
		}
	}
	return out
}

// tries reports whether a decoded value may have to be tried against several branches: two
// or more take its JSON type, and (for objects) no member tells them apart.
func (t *namedType) tries() bool {
	if t.sel != nil {
		return false
	}
	for _, c := range unionClasses {
		if len(t.candidates(c.jt)) > 1 && (c.jt != "object" || t.dispatch == nil) {
			return true
		}
	}
	return false
}

// fixedValue returns the one string a schema allows (const, or an enum of one), if any.
func fixedValue(schema any) (string, bool) {
	s, ok := schema.(*object)
	if !ok {
		return "", false
	}
	if c, ok := s.get("const"); ok {
		str, isStr := c.(string)
		return str, isStr
	}
	if e, ok := s.m["enum"].([]any); ok && len(e) == 1 {
		str, isStr := e[0].(string)
		return str, isStr
	}
	return "", false
}

// takesNull reports whether the schema at at surely accepts JSON null: it is true or has no
// keyword that could refuse it, or its type list or enum has null.
func (b *builder) takesNull(at loc, depth int) bool {
	s := b.schemaAt(at)
	if s == nil {
		v, _ := b.l.at(at)
		return v == true
	}
	if ts := typeList(s); len(ts) > 0 {
		return contains(ts, "null")
	}
	if e, ok := s.m["enum"].([]any); ok {
		return slices.Contains(e, nil)
	}
	if ref := s.str("$ref"); ref != "" && depth < 8 {
		target, err := b.l.resolve(at, ref)
		return err == nil && len(s.keys) == 1 && b.takesNull(target, depth+1)
	}
	for _, k := range s.keys {
		switch k {
		case "type", "enum", "const", "$ref", "$dynamicRef", "oneOf", "anyOf", "allOf", "not", "if", "then", "else", "$recursiveRef":
			return false
		}
	}
	return true
}

// allJSONTypes are the JSON types a union branch can accept, null aside (a union that may be
// null is held by a nullable pointer).
var allJSONTypes = []string{"object", "array", "string", "number", "boolean"}

// branchJSONTypes finds the JSON types a union branch accepts, following $refs, type lists,
// enumerations and unions within it; every type when the branch does not say.
func (b *builder) branchJSONTypes(at loc, s *object, depth int) []string {
	if jt := b.branchJSONType(at, s); jt != "" {
		if jt == "null" {
			return nil
		}
		return []string{jt}
	}
	if s == nil || depth > 8 {
		return allJSONTypes
	}
	var out []string
	add := func(jt string) {
		if jt != "null" && !contains(out, jt) {
			out = append(out, jt)
		}
	}
	if ts := typeList(s); len(ts) > 0 {
		for _, jt := range ts {
			add(jt)
		}
	} else if e, ok := s.m["enum"].([]any); ok {
		for _, v := range e {
			add(jsonTypeOf(v))
		}
	} else if ref := s.str("$ref"); ref != "" {
		target, err := b.l.resolve(at, ref)
		if err != nil {
			return allJSONTypes
		}
		return b.branchJSONTypes(target, b.schemaAt(target), depth+1)
	} else if br, kw := unionBranches(s); br != nil {
		for i := range br {
			bat := at.child(kw, fmt.Sprint(i))
			for _, jt := range b.branchJSONTypes(bat, b.schemaAt(bat), depth+1) {
				add(jt)
			}
		}
	} else if ifBranches(s) != nil {
		for _, kw := range []string{"then", "else"} {
			for _, jt := range b.branchJSONTypes(at.child(kw), b.schemaAt(at.child(kw)), depth+1) {
				add(jt)
			}
		}
	} else {
		return allJSONTypes
	}
	if contains(out, "integer") && contains(out, "number") {
		out = slices.DeleteFunc(out, func(jt string) bool { return jt == "integer" })
	}
	return out
}

// dateType is the generated civil date type (support file).
var dateType = &namedType{name: "Date", kind: nDate}

// dateTimeType is the generated date-time type that keeps its text (support file).
var dateTimeType = &namedType{name: "DateTime", kind: nDateTime}

// implementsOf reads x-go-implements from a root schema.
func (b *builder) implementsOf(d *document, s *object) *implements {
	x := s.obj("x-go-implements")
	if x == nil {
		return nil
	}
	at := loc{d, "/x-go-implements"}
	im := &implements{iface: x.str("interface"), method: x.str("method"), returns: x.str("returns")}
	if goName(im.iface) != im.iface || goName(im.method) != im.method || im.iface == "" || im.method == "" {
		b.fail(at, "interface and method must be exported Go names")
		return nil
	}
	ptr := x.str("const")
	target := loc{d, ""}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if tok == "" {
			continue
		}
		for hops := 0; ; hops++ {
			o := b.schemaAt(target)
			if o == nil {
				return nil
			}
			if _, ok := o.get(unescapePointer(tok)); ok || o.str("$ref") == "" || hops > 16 {
				break
			}
			next, err := b.l.resolve(target, o.str("$ref"))
			if err != nil {
				b.errs = append(b.errs, err.Error())
				return nil
			}
			target = next
		}
		target = target.child(unescapePointer(tok))
	}
	o := b.schemaAt(target)
	if o == nil {
		b.fail(at, "const pointer %q does not lead to a schema", ptr)
		return nil
	}
	v, ok := o.m["const"].(string)
	if !ok {
		b.fail(at, "the schema at %q has no string const", ptr)
		return nil
	}
	im.value = v
	return im
}
