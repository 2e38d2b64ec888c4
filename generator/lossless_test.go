package generator_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/railzhook/railzhook/fake"
	"github.com/railzhook/railzhook/generator"
	"github.com/railzhook/railzhook/validate"
)

// The random schemas of FuzzDecode: randomSchemas of them, made from randomSchemaSeed, each
// generated twice (without the checks and with them) into a program that decodes and encodes
// again the instances it is sent.
const (
	randomSchemas    = 40
	randomSchemaSeed = 1
)

// schemaMaker makes random schemas of the shapes that decoding has to keep whole: closed and
// open objects, required members, patternProperties, unions of strings and enumerations, of
// objects told apart by their members or not, nullable values, integers and numbers.
type schemaMaker struct {
	rng *rand.Rand
}

var memberNames = []string{"a", "b", "c", "import", "./x"}

func (m *schemaMaker) pick(n int) int { return m.rng.IntN(n) }

func (m *schemaMaker) scalar() map[string]any {
	switch m.pick(14) {
	case 8:
		return map[string]any{"type": "string", "format": "date-time"}
	case 9:
		return map[string]any{"type": "string", "format": "date"}
	case 10:
		return map[string]any{"enum": []any{1, 2.5, "a"}}
	case 11:
		return map[string]any{"enum": []any{1, 2}}
	case 12:
		return map[string]any{"enum": []any{0.5, 1.5}}
	case 13:
		return map[string]any{"type": "array", "prefixItems": []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}}}
	case 0, 1:
		return map[string]any{"type": "string"}
	case 2:
		return map[string]any{"type": "integer"}
	case 3:
		return map[string]any{"type": "number"}
	case 4:
		return map[string]any{"type": "boolean"}
	case 5:
		return map[string]any{"enum": []any{"a", "b"}}
	case 6:
		return map[string]any{"type": []any{"string", "null"}}
	}
	return map[string]any{"type": []any{"number", "null"}}
}

func (m *schemaMaker) schema(depth int) map[string]any {
	if depth >= 3 {
		return m.scalar()
	}
	switch m.pick(12) {
	case 0, 1, 2:
		return m.scalar()
	case 10:
		// No type: members, and any other value.
		o := m.object(depth)
		delete(o, "type")
		return o
	case 11:
		// A member typed by the value of another (if/then/else).
		o := m.object(depth)
		props, _ := o["properties"].(map[string]any)
		if props == nil {
			props = map[string]any{}
			o["properties"] = props
		}
		props["kind"] = map[string]any{"enum": []any{"x", "y"}}
		o["if"] = map[string]any{"properties": map[string]any{"kind": map[string]any{"const": "x"}}}
		o["then"] = map[string]any{"properties": map[string]any{"c": m.schema(depth + 1)}}
		o["else"] = map[string]any{"properties": map[string]any{"c": m.schema(depth + 1)}}
		return o
	case 3:
		return map[string]any{"type": "array", "items": m.schema(depth + 1)}
	case 4, 5, 6:
		return m.object(depth)
	case 7:
		return map[string]any{}
	}
	return m.union(depth)
}

func (m *schemaMaker) object(depth int) map[string]any {
	s := map[string]any{"type": "object"}
	props := map[string]any{}
	var required []any
	for _, name := range memberNames {
		if m.pick(2) == 0 {
			continue
		}
		props[name] = m.schema(depth + 1)
		if m.pick(3) == 0 {
			required = append(required, name)
		}
	}
	if len(props) > 0 {
		s["properties"] = props
	}
	if len(required) > 0 {
		s["required"] = required
	}
	if m.pick(4) == 0 {
		s["patternProperties"] = map[string]any{"^\\./.+": m.scalar()}
	}
	switch m.pick(4) {
	case 0, 1:
		s["additionalProperties"] = false
	case 2:
		s["additionalProperties"] = m.scalar()
	}
	return s
}

func (m *schemaMaker) union(depth int) map[string]any {
	kw := "oneOf"
	if m.pick(2) == 0 {
		kw = "anyOf"
	}
	var branches []any
	switch m.pick(9) {
	case 5:
		// Told apart by a const member, required or not.
		for _, v := range []string{"x", "y"} {
			o := m.object(depth + 1)
			props, _ := o["properties"].(map[string]any)
			if props == nil {
				props = map[string]any{}
				o["properties"] = props
			}
			props["kind"] = map[string]any{"const": v}
			if m.pick(2) == 0 {
				req, _ := o["required"].([]any)
				o["required"] = append(req, "kind")
			}
			branches = append(branches, o)
		}
	case 6:
		// Object branches merged into one struct with the members beside them.
		o := m.object(depth + 1)
		o["oneOf"] = []any{m.object(depth + 1), m.object(depth + 1)}
		delete(o, "additionalProperties")
		return o
	case 7:
		// A type list beside members.
		o := m.object(depth + 1)
		o["type"] = []any{"object", "string"}
		return o
	case 8:
		return map[string]any{"allOf": []any{m.object(depth + 1), m.object(depth + 1)}}
	case 0:
		branches = []any{map[string]any{"type": "string"}, map[string]any{"enum": []any{"a", "b"}}}
	case 1:
		branches = []any{map[string]any{"type": "integer"}, map[string]any{"type": "number"}}
	case 2:
		branches = []any{map[string]any{"type": "number"}, map[string]any{}}
	default:
		for n := 2 + m.pick(2); n > 0; n-- {
			if m.pick(4) == 0 {
				branches = append(branches, m.scalar())
			} else {
				branches = append(branches, m.object(depth+1))
			}
		}
	}
	return map[string]any{kw: branches}
}

// hostileNumbers are numbers a float64 or an int64 cannot hold exactly.
var hostileNumbers = []string{
	"123456789012345678901234567890", "1e400", "-1e400", "2.5e-400", "0.10000000000000000000001",
	"9223372036854775808", "1.00000000000000000001", "4.9e-325", "12345678901234567890.5",
}

// losslessProgram is the program of FuzzDecode's random schemas, built once per process.
type losslessProgram struct {
	*driver
	dir     string
	schemas []string // the schema files
	targets []validate.Target
	mu      sync.Mutex
	invalid [][]fake.Case
	done    []bool
}

var (
	losslessOnce sync.Once
	losslessProg *losslessProgram
	losslessErr  error
)

// randomSchemaDocs returns the random schema documents; RAILZHOOK_SCHEMA_SEED sets another seed
// than randomSchemaSeed, for another set.
func randomSchemaDocs() [][]byte {
	seed := uint64(randomSchemaSeed)
	if s, err := strconv.ParseUint(os.Getenv("RAILZHOOK_SCHEMA_SEED"), 10, 64); err == nil {
		seed = s
	}
	m := &schemaMaker{rng: rand.New(rand.NewPCG(seed, 0))}
	var docs [][]byte
	for i := 0; i < randomSchemas; i++ {
		var s map[string]any
		if m.pick(4) == 0 {
			s = m.union(0)
		} else {
			s = m.object(0)
		}
		s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
		s["title"] = "Schema " + string(rune('A'+i/26)) + string(rune('a'+i%26))
		b, _ := json.Marshal(s)
		docs = append(docs, b)
	}
	return docs
}

// driverMain decodes the instances it reads, one a line as {"i": schema, "checks": bool, "in":
// bytes}, and writes for each {"err", "kw", "ptr", "out", "cerr"}.
const driverMain = `package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"reflect"

	"fuzzdecode/checked"
	"fuzzdecode/plain"
)

type unmarshaler interface{ UnmarshalJSON([]byte) error }
type decodeChecked interface{ DecodeChecked([]byte, bool) error }

func where(err error) (kw, ptr string) {
	for ; err != nil; err = errors.Unwrap(err) {
		v := reflect.ValueOf(err)
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct && v.Elem().Type().Name() == "DecodeError" {
			return v.Elem().FieldByName("Keyword").String(), v.Elem().FieldByName("Pointer").String()
		}
	}
	return "", ""
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	for sc.Scan() {
		var req struct {
			I      int
			Checks bool
			In     []byte
		}
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			panic(err)
		}
		var res struct {
			Err, Kw, Ptr, Cerr string
			Out                []byte
		}
		types := plainTypes
		if req.Checks {
			types = checkedTypes
		}
		v := types[req.I]()
		decode := func(b []byte) error { return json.Unmarshal(b, v) } // a root that may be null: a pointer
		if u, ok := v.(unmarshaler); ok {
			decode = u.UnmarshalJSON
		}
		if err := decode(req.In); err != nil {
			res.Err = err.Error()
			res.Kw, res.Ptr = where(err)
		} else if out, err := json.Marshal(v); err != nil {
			res.Err, res.Kw = "encoding: "+err.Error(), "encoding"
		} else {
			res.Out = out
		}
		if req.Checks {
			if c, ok := types[req.I]().(decodeChecked); ok {
				if err := c.DecodeChecked(req.In, false); err != nil {
					res.Cerr = err.Error()
				}
			}
		}
		enc.Encode(res)
		w.Flush()
	}
}
`

// buildLossless generates the random schemas into a program and starts it.
func buildLossless() (*losslessProgram, error) {
	docs := randomSchemaDocs()
	files := map[string][]byte{"go.mod": []byte("module fuzzdecode\n\ngo 1.24\n")}
	var plainTypes, checkedTypes strings.Builder
	for _, flavour := range []string{"plain", "checked"} {
		var in []generator.Schema
		for i, d := range docs {
			in = append(in, generator.Schema{Name: fmt.Sprintf("s%d.json", i), Data: d})
		}
		res, err := generator.Generate(in, generator.Options{PackageName: flavour, Checks: flavour == "checked"})
		if err != nil {
			return nil, err
		}
		for _, f := range res.Files {
			files[flavour+"/"+f.Name] = f.Data
		}
		roots := map[string]string{}
		for _, r := range res.Roots {
			roots[r.Schema] = r.Type
		}
		list := &plainTypes
		if flavour == "checked" {
			list = &checkedTypes
		}
		for i := range docs {
			fmt.Fprintf(list, "\tfunc() any { return new(%s.%s) },\n", flavour, roots[fmt.Sprintf("s%d.json", i)])
		}
	}
	files["main.go"] = []byte(driverMain + "\nvar plainTypes = []func() any{\n" + plainTypes.String() + "}\n\nvar checkedTypes = []func() any{\n" + checkedTypes.String() + "}\n")
	for i, d := range docs {
		files[fmt.Sprintf("s%d.json", i)] = d
	}
	dir, err := buildProgram("railzhook-fuzzdecode-", files)
	if err != nil {
		return nil, fmt.Errorf("building the decoders of the random schemas: %v", err)
	}
	l := &losslessProgram{dir: dir, invalid: make([][]fake.Case, len(docs)), done: make([]bool, len(docs))}
	for i := range docs {
		file := filepath.Join(dir, fmt.Sprintf("s%d.json", i))
		tg, err := validate.LoadTarget(file, validate.SchemaOptions{AssertFormats: true})
		if err != nil {
			return nil, err
		}
		l.schemas = append(l.schemas, file)
		l.targets = append(l.targets, tg)
	}
	if l.driver, err = startDriver(filepath.Join(dir, "driver")); err != nil {
		return nil, err
	}
	return l, nil
}

// buildProgram writes files (a Go module whose main package is at its root) into a folder of
// the temporary folder named after prefix and the hash of the files, and builds it there into
// the program "driver", unless that is already done: so the fuzzing workers, and later runs,
// build it once. It returns the folder.
func buildProgram(prefix string, files map[string][]byte) (string, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(files[n]))
		h.Write(files[n])
	}
	dir := filepath.Join(os.TempDir(), prefix+hex.EncodeToString(h.Sum(nil))[:16])
	if _, err := os.Stat(filepath.Join(dir, "driver")); err == nil {
		return dir, nil
	}
	tmp, err := os.MkdirTemp(os.TempDir(), prefix+"build")
	if err != nil {
		return "", err
	}
	for n, data := range files {
		p := filepath.Join(tmp, n)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", err
		}
	}
	cmd := exec.Command("go", "build", "-o", "driver", ".")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%v\n%s", err, out)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp) // another worker was first
	}
	return dir, nil
}

// driver is a running program that answers each request, one JSON line on its standard
// input, with one JSON line on its standard output.
type driver struct {
	mu  sync.Mutex
	cmd *exec.Cmd
	in  *bufio.Writer
	out *bufio.Scanner
}

func startDriver(bin string) (*driver, error) {
	d := &driver{cmd: exec.Command(bin)}
	stdin, err := d.cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := d.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	d.cmd.Stderr = os.Stderr
	if err := d.cmd.Start(); err != nil {
		return nil, err
	}
	d.in = bufio.NewWriter(stdin)
	d.out = bufio.NewScanner(stdout)
	d.out.Buffer(make([]byte, 1<<20), 1<<26)
	return d, nil
}

// call sends req and decodes the answer into res.
func (d *driver) call(req, res any) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	line, err := json.Marshal(req)
	if err != nil {
		return err
	}
	d.in.Write(append(line, '\n'))
	if err := d.in.Flush(); err != nil {
		return err
	}
	if !d.out.Scan() {
		return fmt.Errorf("the program %s stopped on %s: %v", d.cmd.Path, line, d.out.Err())
	}
	return json.Unmarshal(d.out.Bytes(), res)
}

// result is what the program made of one instance.
type result struct {
	Err, Kw, Ptr, Cerr string
	Out                []byte
}

func (l *losslessProgram) decode(i int, checks bool, in []byte) (result, error) {
	var res result
	err := l.driver.call(struct {
		I      int
		Checks bool
		In     []byte
	}{i, checks, in}, &res)
	return res, err
}

// invalidCases returns fake's invalid instances of schema i, made once.
func (l *losslessProgram) invalidCases(i int) []fake.Case {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done[i] {
		g := fake.New(l.targets[i])
		g.Attempts, g.MaxChecks = 100, 400
		l.invalid[i], _ = g.Invalid()
		l.done[i] = true
	}
	return l.invalid[i]
}

// withNumber replaces the k-th number of the JSON text in (counted modulo the numbers it holds)
// with n, or returns nil when it holds none.
func withNumber(in []byte, k int, n string) []byte {
	var spans [][2]int
	d := json.NewDecoder(bytes.NewReader(in))
	d.UseNumber()
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			break
		}
		if _, ok := tok.(json.Number); ok {
			// The offset before the token may be before a separator.
			s := int(start)
			for s < len(in) && (in[s] == ',' || in[s] == ':' || in[s] == ' ') {
				s++
			}
			spans = append(spans, [2]int{s, int(d.InputOffset())})
		}
	}
	if len(spans) == 0 {
		return nil
	}
	sp := spans[k%len(spans)]
	return append(append(append([]byte(nil), in[:sp[0]]...), n...), in[sp[1]:]...)
}

// checkLossless holds the decoders of random schema i to losslessness on one instance: the
// generated UnmarshalJSON, with the checks compiled and without, either fails or gives a value
// that encodes to the same JSON tree, numbers equal to the digit; and an instance the
// validator accepts decodes, unless the error names a number its field cannot hold exactly (or
// the instance is hostile: it holds such a number, and a union may report another branch's
// error).
func checkLossless(t *testing.T, l *losslessProgram, i int, in []byte, name string, hostile bool) {
	tree, err := exactTree(in)
	if err != nil {
		return // not JSON: the decoders' concern is FuzzDecode's byte targets
	}
	valid := l.targets[i].Check(in) == nil
	for _, checks := range []bool{false, true} {
		res, err := l.decode(i, checks, in)
		if err != nil {
			t.Fatal(err)
		}
		if res.Err != "" {
			if valid && !hostile && !(res.Kw == "number" || res.Kw == "syntax" || res.Kw == "depth") {
				t.Errorf("S%d (checks %v, %s): %s is valid, but UnmarshalJSON fails: %s\nschema: %s", i, checks, name, in, res.Err, schemaText(l, i))
			}
			continue
		}
		back, err := exactTree(res.Out)
		if err != nil || !sameExact(tree, back) {
			t.Errorf("S%d (checks %v, %s, valid %v): %s comes back as %s\nschema: %s", i, checks, name, valid, in, res.Out, schemaText(l, i))
		}
	}
}

func schemaText(l *losslessProgram, i int) string {
	b, _ := os.ReadFile(l.schemas[i])
	return string(b)
}

// exactTree decodes a JSON text keeping its numbers as text, or fails on text that is not JSON
// or names a member twice.
func exactTree(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, fmt.Errorf("text after the value")
	}
	if dupMembers(b) {
		return nil, fmt.Errorf("a member named twice")
	}
	return v, nil
}

// dupMembers reports whether some object of the JSON text b names a member twice.
func dupMembers(b []byte) bool {
	d := json.NewDecoder(bytes.NewReader(b))
	type frame struct {
		obj   bool
		key   bool // the next string is a member name
		names map[string]bool
	}
	var stack []*frame
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{', '[':
				if top != nil && top.obj {
					top.key = true
				}
				stack = append(stack, &frame{obj: tok == '{', key: tok == '{', names: map[string]bool{}})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		case string:
			if top != nil && top.obj && top.key {
				if top.names[tok] {
					return true
				}
				top.names[tok] = true
				top.key = false
				continue
			}
		}
		if top != nil && top.obj {
			top.key = true
		}
	}
}

// sameExact compares JSON trees decoded with UseNumber, numbers by their exact value.
func sameExact(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			w, ok := bm[k]
			if !ok || !sameExact(v, w) {
				return false
			}
		}
		return true
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return false
		}
		for i := range a {
			if !sameExact(a[i], bl[i]) {
				return false
			}
		}
		return true
	case json.Number:
		bn, ok := b.(json.Number)
		return ok && exactNumber(string(a)) == exactNumber(string(bn))
	}
	return a == b
}

// exactNumber is the canonical form of a JSON number's value: sign, digits without leading or
// trailing zeros, and the exponent of the last digit ("0" for zero).
func exactNumber(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil {
			return s // beyond any exponent a decoder reads: compared as text
		}
		exp, s = e, s[:i]
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		exp -= len(s) - i - 1
		s = s[:i] + s[i+1:]
	}
	s = strings.TrimLeft(s, "0")
	for strings.HasSuffix(s, "0") {
		s = s[:len(s)-1]
		exp++
	}
	if s == "" {
		return "0"
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return sign + s + "e" + strconv.Itoa(exp)
}

// randomLossless runs the random-schema half of FuzzDecode for one input: seed picks the schema
// and the instances that fake makes of it, valid and invalid; each is also tried with its
// numbers replaced by ones no Go number holds exactly; and data is decoded as it is.
func randomLossless(t *testing.T, seed uint64, data []byte) {
	if testing.Short() {
		return
	}
	losslessOnce.Do(func() { losslessProg, losslessErr = buildLossless() })
	if losslessErr != nil {
		t.Fatal(losslessErr)
	}
	l := losslessProg
	i := int(seed % randomSchemas)
	var cases []fake.Case
	g := fake.New(l.targets[i])
	g.Attempts = 100
	if valid, err := g.Random(seed, 2); err == nil {
		cases = append(cases, valid...)
	}
	if inv := l.invalidCases(i); len(inv) > 0 {
		cases = append(cases, inv[int(seed/randomSchemas)%len(inv)])
	}
	for _, c := range cases {
		checkLossless(t, l, i, c.Payload, c.Name, false)
		n := hostileNumbers[int(seed/7)%len(hostileNumbers)]
		if b := withNumber(c.Payload, int(seed/3), n); b != nil {
			checkLossless(t, l, i, b, c.Name+" with "+n, true)
		}
	}
	checkLossless(t, l, i, data, "fuzzed bytes", true)
}

func TestExactNumber(t *testing.T) {
	for _, c := range [][2]string{{"1.50", "1.5"}, {"150e-2", "1.5"}, {"0.0", "-0"}, {"1e3", "1000"}, {"10", "1e1"}} {
		if exactNumber(c[0]) != exactNumber(c[1]) {
			t.Errorf("%s and %s differ: %s, %s", c[0], c[1], exactNumber(c[0]), exactNumber(c[1]))
		}
	}
	for _, c := range [][2]string{{"0.1", "0.10000000000000000000001"}, {"1e400", "1e399"}, {"-1", "1"}} {
		if exactNumber(c[0]) == exactNumber(c[1]) {
			t.Errorf("%s and %s are the same", c[0], c[1])
		}
	}
}
