package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// decode builds one program that decodes each valid instance into its schema's root type
// and encodes it again, and records the failures; and that judges every instance, valid or
// not, with the root type's generated checks (DecodeChecked, in default mode).
func decode(modDir string, schemas []*Schema, roots map[string]string, timing bool) error {
	if len(schemas) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n\t\"encoding/json\"\n\t\"errors\"\n\t\"fmt\"\n\t\"os\"\n\t\"bufio\"\n\t\"sort\"\n\t\"strings\"\n\t\"time\"\n")
	for _, s := range schemas {
		if roots[s.Package] != "" {
			fmt.Fprintf(&b, "\t%q\n", "corpus/"+s.Package)
		}
	}
	b.WriteString("\t\"bytes\"\n\t\"math/big\"\n\t\"reflect\"\n")
	b.WriteString(")\n\nvar decoders = map[string]func([]byte) (any, error){\n")
	for _, s := range schemas {
		root := roots[s.Package]
		if root == "" {
			fmt.Fprintf(&b, "\t%q: func(b []byte) (any, error) { v := new(json.RawMessage); err := json.Unmarshal(b, v); return v, err },\n", s.Package)
			continue
		}
		fmt.Fprintf(&b, "\t%q: func(b []byte) (any, error) { v := new(%s.%s); err := json.Unmarshal(b, v); return v, err },\n", s.Package, s.Package, root)
	}
	b.WriteString("}\n\nvar checkers = map[string]func([]byte) string{\n")
	for _, s := range schemas {
		root := roots[s.Package]
		if root == "" {
			continue
		}
		fmt.Fprintf(&b, "\t%q: func(b []byte) string { var v %s.%s; c, ok := any(&v).(interface{ DecodeChecked([]byte, bool) error }); if !ok { return \"none\" }; err := c.DecodeChecked(b, false); switch { case err == nil: return \"valid\"; case errors.Is(err, %s.ErrNotChecked): var de *%s.DecodeError; errors.As(err, &de); return \"deferred \" + de.Keyword }; return \"invalid\" },\n", s.Package, s.Package, root, s.Package, s.Package)
	}
	b.WriteString("}\n\nvar speeds = map[string]func([]byte) error{\n")
	for _, s := range schemas {
		if root := roots[s.Package]; root != "" {
			fmt.Fprintf(&b, "\t%q: func(b []byte) error { var v %s.%s; u, ok := any(&v).(json.Unmarshaler); if !ok { return errors.New(\"no UnmarshalJSON\") }; return u.UnmarshalJSON(b) },\n", s.Package, s.Package, root)
		}
	}
	b.WriteString(`}

// measure encodes the decoded value again and compares the trees, and counts the leaves of
// the instance, of the encoding, and those of the encoding that sit in RawMessage, any or
// AdditionalProperties rather than in typed fields: "exact|inexact leaves out untyped", then
// where the untyped leaves sit, as "Type.Field=n" words.
func measure(in []byte, v any) (string, error) {
	out, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	a, err := tree(in)
	if err != nil {
		return "", err
	}
	b, err := tree(out)
	if err != nil {
		return "", err
	}
	exact := "exact"
	if !same(a, b) {
		exact = "inexact"
	}
	at := map[string]int{}
	line := fmt.Sprintf("%s %d %d %d", exact, leaves(a), leaves(b), untyped(reflect.ValueOf(v), reflect.TypeOf(v).Elem().Name(), at))
	for k, n := range at {
		line += fmt.Sprintf(" %s=%d", k, n)
	}
	return line, nil
}

` + CompareSource + `
// leaves counts the scalars and empty containers of a JSON tree.
func leaves(v any) int {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			return 1
		}
		n := 0
		for _, e := range x {
			n += leaves(e)
		}
		return n
	case []any:
		if len(x) == 0 {
			return 1
		}
		n := 0
		for _, e := range x {
			n += leaves(e)
		}
		return n
	}
	return 1
}

var rawType = reflect.TypeOf(json.RawMessage(nil))

// untyped counts the leaves held in RawMessage, any or AdditionalProperties within v, and adds
// them to at under the Go type and field that hold them (where).
func untyped(v reflect.Value, where string, at map[string]int) int {
	if !v.IsValid() {
		return 0
	}
	if v.Type() == rawType {
		if v.Len() == 0 {
			return 0
		}
		t, err := tree(v.Bytes())
		if err != nil {
			return 0
		}
		n := leaves(t)
		at[where] += n
		return n
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return 0
		}
		t, _ := tree(b)
		n := leaves(t)
		at[where] += n
		return n
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return untyped(v.Elem(), where, at)
	case reflect.Struct:
		n := 0
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			fw := v.Type().Name() + "." + f.Name
			if strings.HasPrefix(v.Type().Name(), "Nullable[") {
				fw = where // the wrapper of a nullable value: its holder's field
			}
			// The catch-all of members the schema does not name; typed extras
			// (additionalProperties with a schema) count like any other typed map.
			if f.Tag.Get("json") == "-" && f.Type.Kind() == reflect.Map && strings.HasPrefix(f.Name, "AdditionalProperties") &&
				(f.Type.Elem() == rawType || f.Type.Elem().Kind() == reflect.Interface) {
				for _, k := range v.Field(i).MapKeys() {
					b, err := json.Marshal(v.Field(i).MapIndex(k).Interface())
					if err == nil {
						t, _ := tree(b)
						n += leaves(t)
						at[fw] += leaves(t)
					}
				}
				continue
			}
			n += untyped(v.Field(i), fw, at)
		}
		return n
	case reflect.Slice:
		n := 0
		for i := 0; i < v.Len(); i++ {
			n += untyped(v.Index(i), where, at)
		}
		return n
	case reflect.Map:
		n := 0
		for _, k := range v.MapKeys() {
			n += untyped(v.MapIndex(k), where, at)
		}
		return n
	}
	return 0
}

// timeBoth times the generated decoder and json.Unmarshal into map[string]any on one
// instance, in interleaved rounds, and returns the median ns of each.
func timeBoth(b []byte, gen func([]byte) error) (float64, float64, error) {
	if err := gen(b); err != nil {
		return 0, 0, err
	}
	k := 200000/len(b) + 1
	var g, m []float64
	for r := 0; r < 15; r++ {
		start := time.Now()
		for i := 0; i < k; i++ {
			gen(b)
		}
		g = append(g, float64(time.Since(start).Nanoseconds())/float64(k))
		start = time.Now()
		for i := 0; i < k; i++ {
			var v map[string]any
			json.Unmarshal(b, &v)
		}
		m = append(m, float64(time.Since(start).Nanoseconds())/float64(k))
	}
	sort.Float64s(g)
	sort.Float64s(m)
	return g[len(g)/2], m[len(m)/2], nil
}

// safely turns a panic of the generated code into an error, so one schema cannot end the run.
func safely(f func() (any, error)) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return f()
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		pkg, file, _ := strings.Cut(sc.Text(), "\t")
		if spec, ok := strings.CutPrefix(pkg, "speed:"); ok {
			data, err := os.ReadFile(file)
			var g, m float64
			if err == nil && speeds[spec] != nil {
				g, m, err = timeBoth(data, speeds[spec])
			}
			if err != nil {
				fmt.Printf("%s\t%s\terror %s\n", pkg, file, strings.ReplaceAll(err.Error(), "\n", " "))
				continue
			}
			fmt.Printf("%s\t%s\t%d %.0f %.0f\n", pkg, file, len(data), g, m)
			continue
		}
		if check, ok := strings.CutPrefix(pkg, "check:"); ok {
			verdict := "none"
			data, err := os.ReadFile(file)
			if f := checkers[check]; f != nil && err == nil {
				if _, perr := safely(func() (any, error) { verdict = f(data); return nil, nil }); perr != nil {
					verdict = "panic"
				}
			}
			fmt.Printf("%s\t%s\t%s\n", pkg, file, verdict)
			continue
		}
		data, err := os.ReadFile(file)
		var v any
		if err == nil {
			v, err = safely(func() (any, error) { return decoders[pkg](data) })
		}
		if err == nil {
			var line string
			if line, err = measure(data, v); err == nil {
				fmt.Printf("%s\t%s\tok %s\n", pkg, file, line)
				continue
			}
		}
		msg := "ok"
		if err != nil {
			msg = strings.ReplaceAll(err.Error(), "\n", " ")
		}
		fmt.Printf("%s\t%s\t%s\n", pkg, file, msg)
	}
}
`)
	dir := filepath.Join(modDir, "cmd", "decode")
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	bin := filepath.Join(modDir, "decode.bin")
	build := exec.Command("go", "build", "-o", bin, "./cmd/decode")
	build.Dir = modDir
	build.Env = append(os.Environ(), "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the decoder: %v\n%s", err, out)
	}
	var input strings.Builder
	byPkg := map[string]*Schema{}
	for _, s := range schemas {
		byPkg[s.Package] = s
		for _, f := range s.Valid {
			fmt.Fprintf(&input, "%s\t%s\n", s.Package, f)
		}
		for _, f := range append(append([]string(nil), s.Valid...), s.Invalid...) {
			fmt.Fprintf(&input, "check:%s\t%s\n", s.Package, f)
		}
	}
	run := exec.Command(bin)
	run.Stdin = strings.NewReader(input.String())
	out, err := run.Output()
	if err != nil {
		return fmt.Errorf("running the decoder: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 3)
		if len(parts) != 3 {
			continue
		}
		if pkg, ok := strings.CutPrefix(parts[0], "check:"); ok {
			s := byPkg[pkg]
			if s.Checked == nil {
				s.Checked = map[string]string{}
			}
			if kw, ok := strings.CutPrefix(parts[2], "deferred "); ok {
				parts[2] = "deferred"
				if s.Deferred == nil {
					s.Deferred = map[string]string{}
				}
				s.Deferred[parts[1]] = kw
			}
			s.Checked[parts[1]] = parts[2]
			continue
		}
		if strings.HasPrefix(parts[0], "speed:") {
			continue
		}
		s := byPkg[parts[0]]
		if rest, ok := strings.CutPrefix(parts[2], "ok "); ok {
			s.Decoded++
			var exact string
			var in, out, raw int
			words := strings.Fields(rest)
			if len(words) < 4 {
				return fmt.Errorf("decoder output %q: too short", parts[2])
			}
			if _, err := fmt.Sscanf(strings.Join(words[:4], " "), "%s %d %d %d", &exact, &in, &out, &raw); err != nil {
				return fmt.Errorf("decoder output %q: %v", parts[2], err)
			}
			for _, w := range words[4:] {
				k, n, _ := strings.Cut(w, "=")
				var c int
				fmt.Sscanf(n, "%d", &c)
				if s.UntypedAt == nil {
					s.UntypedAt = map[string]int{}
				}
				s.UntypedAt[k] += c
			}
			if exact == "exact" {
				s.Exact++
			} else {
				s.Inexact = append(s.Inexact, filepath.Base(parts[1]))
			}
			s.Leaves += in
			// Leaves lost in the round trip are not typed: count the encoding's, less the raw.
			s.Typed += max(min(out, in)-raw, 0)
		} else {
			s.DecodeFails = append(s.DecodeFails, filepath.Base(parts[1])+": "+parts[2])
		}
	}
	if !timing {
		return nil
	}
	return speed(bin, schemas)
}

// CompareSource is Go source for programs that compare JSON texts as trees: tree decodes one
// (numbers as json.Number) and same compares two, numbers by value. It needs bytes,
// encoding/json and math/big.
const CompareSource = `func tree(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// same compares two JSON trees; numbers compare by value.
func same(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !same(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !same(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		p, ok1 := new(big.Rat).SetString(string(x))
		q, ok2 := new(big.Rat).SetString(string(y))
		return ok1 && ok2 && p.Cmp(q) == 0
	}
	return a == b
}
`

// SpeedSchemas is how many of the largest schemas (by the bytes of their valid instances, all
// of them decoded, at least 80% of their leaves typed) get their decoding timed.
const SpeedSchemas = 3

// speed times the generated decoders of the largest schemas against json.Unmarshal into
// map[string]any, instance by instance, in interleaved rounds.
func speed(bin string, schemas []*Schema) error {
	var picks []*Schema
	size := map[*Schema]int64{}
	for _, s := range schemas {
		if len(s.Valid) == 0 || s.Decoded != len(s.Valid) || s.Typed*5 < s.Leaves*4 {
			continue // a schema decoded mostly as raw JSON says little about the decoders
		}
		for _, f := range s.Valid {
			if st, err := os.Stat(f); err == nil {
				size[s] += st.Size()
			}
		}
		picks = append(picks, s)
	}
	sort.Slice(picks, func(i, j int) bool {
		if size[picks[i]] != size[picks[j]] {
			return size[picks[i]] > size[picks[j]]
		}
		return picks[i].Path < picks[j].Path
	})
	if len(picks) > SpeedSchemas {
		picks = picks[:SpeedSchemas]
	}
	var input strings.Builder
	byPkg := map[string]*Schema{}
	for _, s := range picks {
		byPkg[s.Package] = s
		for _, f := range s.Valid {
			fmt.Fprintf(&input, "speed:%s\t%s\n", s.Package, f)
		}
	}
	run := exec.Command(bin)
	run.Stdin = strings.NewReader(input.String())
	out, err := run.Output()
	if err != nil {
		return fmt.Errorf("running the decoder: %v", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 3)
		if len(parts) != 3 {
			continue
		}
		s := byPkg[strings.TrimPrefix(parts[0], "speed:")]
		var n int64
		var g, m float64
		if _, err := fmt.Sscanf(parts[2], "%d %f %f", &n, &g, &m); err != nil {
			return fmt.Errorf("speed of %s: %s", parts[1], parts[2])
		}
		if s.Speed == nil {
			s.Speed = &Speed{}
		}
		s.Speed.Bytes += n
		s.Speed.Instances++
		s.Speed.GeneratedNs += g
		s.Speed.MapNs += m
	}
	return nil
}

// validateInstances runs `railzhook validate --schema` on each schema's instances.
func validateInstances(cfg Config, rep *Report) error {
	bin := filepath.Join(cfg.Work, "railzhook")
	build := exec.Command("go", "build", "-o", bin, "./cmd/railzhook")
	build.Dir = cfg.Repo
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building railzhook: %v\n%s", err, out)
	}
	for _, s := range rep.Schemas {
		files := append(append([]string(nil), s.Valid...), s.Invalid...)
		if len(files) == 0 {
			continue
		}
		args := []string{"validate", "--assert-formats", "--format", "json", "--schema", filepath.Join(cfg.Corpus, s.Path)}
		for _, d := range RefDirsOf(cfg.Corpus, s.Path) {
			args = append(args, "--ref-dir", d)
		}
		args = append(args, files...)
		cmd := exec.Command(bin, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, _ := cmd.Output()
		if cmd.ProcessState.ExitCode() == 2 {
			s.ValidatorErr = firstLine(stderr.String())
			if m := missingDoc.FindStringSubmatch(s.ValidatorErr); m != nil {
				s.Unresolvable = true
				if s.Missing == "" {
					s.Missing = m[1] + m[2]
				}
			}
			continue
		}
		valid := map[string]bool{}
		for _, f := range s.Valid {
			valid[f] = true
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var line struct {
				File  string `json:"file"`
				Valid bool   `json:"valid"`
			}
			if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
				return fmt.Errorf("validate output: %v", err)
			}
			if s.Reference == nil {
				s.Reference = map[string]bool{}
			}
			s.Reference[line.File] = line.Valid
			switch {
			case valid[line.File] && line.Valid:
				s.Accepted++
			case !valid[line.File] && !line.Valid:
				s.Rejected++
			default:
				s.VerdictFails = append(s.VerdictFails, filepath.Base(line.File))
			}
		}
	}
	return nil
}

// Print writes the summary lines and the table of failure reasons.
func (r *Report) Print(w *os.File) {
	var total, unresolvable, generated, compiled, warnings int
	var valid, decoded, invalid, accepted, rejected, verdictTotal, skipped int
	reasons := map[string]int{}
	for _, s := range r.Schemas {
		total++
		if s.Unresolvable {
			unresolvable++
		}
		if s.Generated {
			generated++
		}
		if s.Compiled {
			compiled++
		}
		warnings += s.Warnings
		if !s.Compiled && !s.Unresolvable {
			reasons[classify(s.Reason)]++
		}
		if s.Compiled {
			valid += len(s.Valid)
			decoded += s.Decoded
		}
		for _, f := range s.DecodeFails {
			reasons["decode: "+classify(f[strings.Index(f, ": ")+2:])]++
		}
		if s.ValidatorErr != "" {
			if !s.Unresolvable {
				reasons["validator: "+classify(s.ValidatorErr)]++
			}
			skipped += len(s.Valid) + len(s.Invalid)
			continue
		}
		invalid += len(s.Invalid)
		verdictTotal += len(s.Valid) + len(s.Invalid)
		accepted += s.Accepted
		rejected += s.Rejected
		for range s.VerdictFails {
			reasons["verdict"]++
		}
	}
	resolvable := total - unresolvable
	pct := func(a, b int) string {
		if b == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
	}
	fmt.Fprintf(w, "schemas:                 %d (%d with $refs to documents not in the corpus, reported separately)\n", total, unresolvable)
	generated -= countUnresolvable(r, func(s *Schema) bool { return s.Generated })
	compiled -= countUnresolvable(r, func(s *Schema) bool { return s.Compiled })
	fmt.Fprintf(w, "generated:               %d of %d resolvable (%s), %d warnings\n", generated, resolvable, pct(generated, resolvable), warnings)
	fmt.Fprintf(w, "generated and compiled:  %d of %d resolvable (%s)\n", compiled, resolvable, pct(compiled, resolvable))
	var types, chars int
	for _, s := range r.Schemas {
		types += s.Types
		chars += s.NameChars
	}
	if types > 0 {
		fmt.Fprintf(w, "type names:              %d types, %.1f characters on average\n", types, float64(chars)/float64(types))
	}
	fmt.Fprintf(w, "valid instances decoded: %d of %d (%s) into the generated root types\n", decoded, valid, pct(decoded, valid))
	var exact, leaves, typed int
	var inexact []string
	for _, s := range r.Schemas {
		exact += s.Exact
		leaves += s.Leaves
		typed += s.Typed
		for _, f := range s.Inexact {
			inexact = append(inexact, s.Path+" "+f)
		}
	}
	fmt.Fprintf(w, "exact round trip:        %d of %d decoded instances (%s) encode to the same JSON tree (nothing dropped, added or changed)\n", exact, decoded, pct(exact, decoded))
	fmt.Fprintf(w, "typed leaves:            %d of %d leaves of the decoded instances (%s) land in typed fields, not in RawMessage, any or AdditionalProperties\n", typed, leaves, pct(typed, leaves))
	var free int
	for _, s := range r.Schemas {
		for f, n := range s.UntypedAt {
			if s.Free[f] {
				free += n
			}
		}
	}
	fmt.Fprintf(w, "  of the %d untyped leaves, %d sit in values the schema leaves unconstrained ({}, objects or arrays with nothing said of their members, members not named where any are allowed) and %d in values it describes;\n", leaves-typed, free, max(leaves-typed-free, 0))
	fmt.Fprintf(w, "  typed share of the leaves the schemas describe: %d of %d (%s)\n", typed, leaves-free, pct(typed, leaves-free))
	for _, f := range inexact {
		fmt.Fprintf(w, "  not exact: %s\n", f)
	}
	byUntyped := append([]*Schema(nil), r.Schemas...)
	sort.SliceStable(byUntyped, func(i, j int) bool {
		return byUntyped[i].Leaves-byUntyped[i].Typed > byUntyped[j].Leaves-byUntyped[j].Typed
	})
	for _, s := range byUntyped[:min(12, len(byUntyped))] {
		if s.Leaves > s.Typed {
			fmt.Fprintf(w, "  most untyped leaves: %-60s %5d of %5d untyped\n", s.Path, s.Leaves-s.Typed, s.Leaves)
			for _, f := range Ranked(s.UntypedAt)[:min(2, len(s.UntypedAt))] {
				fmt.Fprintf(w, "      in %s: %d%s\n", f, s.UntypedAt[f], map[bool]string{true: " (unconstrained)"}[s.Free[f]])
			}
		}
	}
	fmt.Fprintf(w, "validator verdicts:      %d of %d right (%s): %d valid accepted, %d invalid rejected; %d instances of unresolvable schemas skipped\n",
		accepted+rejected, verdictTotal, pct(accepted+rejected, verdictTotal), accepted, rejected, skipped)
	var fakeSchemas, fakeMade, fakeCases, fakeRight, fakeOptions, fakeCovered, fakeInvalid, fakePaired int
	for _, s := range r.Schemas {
		if s.Fake == nil {
			continue
		}
		fakeSchemas++
		if s.Fake.Err == "" {
			fakeMade++
		}
		fakeCases += s.Fake.Cases
		fakeRight += s.Fake.Right
		fakeOptions += s.Fake.Options
		fakeCovered += s.Fake.Covered
		fakeInvalid += s.Fake.Invalid
		fakePaired += s.Fake.Paired
	}
	if fakeSchemas > 0 {
		fmt.Fprintf(w, "fake, schemas:           %d of %d resolvable (%s) with valid instances; %d of %d choice options covered (%s)\n",
			fakeMade, fakeSchemas, pct(fakeMade, fakeSchemas), fakeCovered, fakeOptions, pct(fakeCovered, fakeOptions))
		fmt.Fprintf(w, "fake, instances:         %d of %d emitted valid (%s); %d of %d invalid ones rejected with exactly their paired error (%s)\n",
			fakeRight, fakeCases, pct(fakeRight, fakeCases), fakePaired, fakeInvalid, pct(fakePaired, fakeInvalid))
		if fr := fakeReasons(r); len(fr) > 0 {
			keys := make([]string, 0, len(fr))
			for k := range fr {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool {
				return fr[keys[i]] > fr[keys[j]] || fr[keys[i]] == fr[keys[j]] && keys[i] < keys[j]
			})
			fmt.Fprintln(w, "fake, no instance made:")
			for _, k := range keys {
				fmt.Fprintf(w, "  %4d  %s\n", fr[k], k)
			}
		}
	}
	printChecks(w, r)
	printSpeed(w, r)
	printMissing(w, r)
	if len(reasons) == 0 {
		fmt.Fprintln(w, "failures:                none")
		return
	}
	type row struct {
		reason string
		n      int
	}
	var rows []row
	for k, n := range reasons {
		rows = append(rows, row{k, n})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].n != rows[j].n {
			return rows[i].n > rows[j].n
		}
		return rows[i].reason < rows[j].reason
	})
	fmt.Fprintln(w, "\n| count | failure |\n| ---: | --- |")
	for _, r := range rows {
		fmt.Fprintf(w, "| %d | %s |\n", r.n, r.reason)
	}
}

// printSpeed reports the timed schemas.
func printSpeed(w *os.File, r *Report) {
	first := true
	for _, s := range r.Schemas {
		if s.Speed == nil {
			continue
		}
		if first {
			fmt.Fprintln(w, "decode speed, generated UnmarshalJSON against json.Unmarshal into map[string]any (medians of 15 interleaved rounds, summed over the instances):")
			first = false
		}
		sp := s.Speed
		fmt.Fprintf(w, "  %-50s %3d instances, %8d bytes: generated %8.0f ns (%6.1f MB/s), map[string]any %8.0f ns (%6.1f MB/s): %.2f× the time\n",
			s.Path, sp.Instances, sp.Bytes, sp.GeneratedNs, float64(sp.Bytes)/sp.GeneratedNs*1e3, sp.MapNs, float64(sp.Bytes)/sp.MapNs*1e3, sp.GeneratedNs/sp.MapNs)
	}
}

// printChecks compares the generated checks with the JSON Schema validator on every instance.
func printChecks(w *os.File, r *Report) {
	var judged, agree, deferred, none, schemas, complete, warnings int
	var differ []string
	// decided and all count the instances by the validator's verdict (true: valid); causes the
	// deferred ones by the keyword they reached.
	decidedBy, allBy := map[bool]int{}, map[bool]int{}
	causes := map[string]int{}
	for _, s := range r.Schemas {
		if s.Reference == nil || s.Checked == nil {
			continue
		}
		schemas++
		warnings += s.CheckWarnings
		anyDeferred := false
		files := make([]string, 0, len(s.Reference))
		for f := range s.Reference {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, f := range files {
			ref := s.Reference[f]
			judged++
			allBy[ref]++
			switch c := s.Checked[f]; c {
			case "deferred":
				deferred++
				anyDeferred = true
				kw := s.Deferred[f]
				if kw == "" {
					kw = "(a union branch's member, or the trial budget)"
				}
				causes[kw]++
			case "valid", "invalid":
				decidedBy[ref]++
				if (c == "valid") == ref {
					agree++
				} else {
					differ = append(differ, fmt.Sprintf("%s %s: checks say %s, the validator says valid=%v", s.Path, filepath.Base(f), c, ref))
				}
			default:
				none++
				anyDeferred = true
			}
		}
		if !anyDeferred {
			complete++
		}
	}
	if schemas == 0 {
		return
	}
	decided := judged - deferred - none
	pct := func(a, b int) string {
		if b == 0 {
			return "n/a"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
	}
	fmt.Fprintf(w, "generated checks:        %d of %d instances they decide judged as the validator judges them (%s); %d deferred to the validator (assertions not compiled, %d warnings), %d on roots without checks; %d of %d schemas decided without deferring\n",
		agree, decided, pct(agree, decided), deferred, warnings, none, complete, schemas)
	fmt.Fprintf(w, "generated checks decide: %d of %d valid instances (%s), %d of %d invalid ones (%s)\n",
		decidedBy[true], allBy[true], pct(decidedBy[true], allBy[true]), decidedBy[false], allBy[false], pct(decidedBy[false], allBy[false]))
	for _, d := range differ {
		fmt.Fprintf(w, "  disagreement: %s\n", d)
	}
	if len(causes) > 0 {
		fmt.Fprintln(w, "\n| deferred instances | keyword they reached |\n| ---: | --- |")
		for _, k := range Ranked(causes) {
			fmt.Fprintf(w, "| %d | %s |\n", causes[k], k)
		}
	}
}

var missingDoc = regexp.MustCompile(`document (\S+) is not loaded|cannot be resolved locally: (\S+)`)

// printMissing lists the documents that unresolvable schemas reference, with how many
// schemas need each.
func printMissing(w *os.File, r *Report) {
	need := map[string]int{}
	for _, s := range r.Schemas {
		if !s.Unresolvable {
			continue
		}
		need[s.Missing]++
	}
	if len(need) == 0 {
		return
	}
	docs := make([]string, 0, len(need))
	for d := range need {
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool {
		if need[docs[i]] != need[docs[j]] {
			return need[docs[i]] > need[docs[j]]
		}
		return docs[i] < docs[j]
	})
	fmt.Fprintln(w, "\n| schemas | referenced document not in the corpus |\n| ---: | --- |")
	for _, d := range docs {
		fmt.Fprintf(w, "| %d | %s |\n", need[d], d)
	}
}

// countUnresolvable counts the schemas with unresolvable references that still got as far
// as reached says.
func countUnresolvable(r *Report, reached func(*Schema) bool) int {
	n := 0
	for _, s := range r.Schemas {
		if s.Unresolvable && reached(s) {
			n++
		}
	}
	return n
}

var digits = regexp.MustCompile(`\d+`)
var quoted = regexp.MustCompile(`"[^"]*"|'[^']*'`)

// classify shortens a message into a reason shared by similar failures.
func classify(msg string) string {
	msg = firstLine(msg)
	if i := strings.Index(msg, "#/"); i >= 0 {
		if j := strings.Index(msg[i:], ": "); j >= 0 {
			msg = msg[:strings.LastIndex(msg[:i], " ")+1] + msg[i+j+2:]
		}
	}
	msg = quoted.ReplaceAllString(msg, "…")
	msg = digits.ReplaceAllString(msg, "N")
	if len(msg) > 110 {
		msg = msg[:110] + "…"
	}
	return msg
}

// Ranked lists the keys of counts, the largest count first.
func Ranked(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
