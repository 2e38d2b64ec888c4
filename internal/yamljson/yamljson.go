// Package yamljson reads YAML documents as the JSON they stand for, keeping the position of
// every value, so that what is judged as JSON is reported at the YAML file's own line:column.
//
// It uses go.yaml.in/yaml/v4, whose resolver follows the YAML 1.2 core schema: only
// true/false (True, TRUE, ...) are booleans, so `on:` and `yes` stay strings; plain
// timestamps stay the strings they are written as. Anchors and aliases expand to copies of the
// value they name, and merge keys (<<) merge as the library defines them. Every document of
// a stream is a value of its own. What JSON cannot hold is an error naming the YAML
// position: a key that is not a string, a duplicate key, .inf and .nan, a tag JSON has no
// type for.
package yamljson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Error is a YAML document that cannot be read, or cannot be held by JSON.
type Error struct {
	Line, Column int    // 1-based; 1:1 when the library gives no position
	Path         string // JSON pointer of the value, when known
	Message      string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Message)
}

// Doc is one document of a YAML stream as JSON.
type Doc struct {
	// JSON is the document as compact JSON.
	JSON []byte
	// Line and Column are where the document's value starts.
	Line, Column int
	pos          map[string][2]int
}

// Position returns the line:column in the YAML file of the value at the JSON pointer ptr:
// for an object member its key, for an array element the element; for a pointer to
// something absent, or inside a value an alias copies, the nearest enclosing value written in
// the file (the alias).
func (d *Doc) Position(ptr string) (line, column int) {
	for {
		if p, ok := d.pos[ptr]; ok {
			return p[0], p[1]
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return d.Line, d.Column
		}
		ptr = ptr[:i]
	}
}

// MaxAliasExpansion bounds the values aliases may expand to in one document, against alias
// bombs ("billion laughs").
const MaxAliasExpansion = 1 << 20

// Read reads every document of a YAML stream. An empty stream has no documents.
func Read(data []byte) ([]*Doc, error) {
	l, err := yaml.NewLoader(bytes.NewReader(data))
	if err != nil {
		return nil, &Error{Line: 1, Column: 1, Message: err.Error()}
	}
	var docs []*Doc
	for {
		var n yaml.Node
		err := l.Load(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, loadError(err)
		}
		c := &converter{pos: map[string][2]int{}}
		root := &n
		if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
			root = root.Content[0]
		}
		var b bytes.Buffer
		if err := c.value(&b, root, "", 0); err != nil {
			return nil, err
		}
		docs = append(docs, &Doc{JSON: b.Bytes(), Line: root.Line, Column: root.Column, pos: c.pos})
	}
}

func loadError(err error) error {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		line, col := max(le.Mark.Line, 1), max(le.Mark.Column, 1)
		msg := le.Message
		if le.ContextMsg != "" {
			msg = le.ContextMsg + ": " + msg
		}
		return &Error{Line: line, Column: col, Message: "YAML: " + msg}
	}
	msg := err.Error()
	line, col := 1, 1
	if m := lineOf.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	return &Error{Line: line, Column: col, Message: "YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

var lineOf = regexp.MustCompile(`line (\d+)`)

type converter struct {
	pos      map[string][2]int
	expanded int // values produced through aliases
	inAlias  int // how many aliases the value being produced is inside
}

func (c *converter) fail(n *yaml.Node, ptr, format string, args ...any) error {
	return &Error{Line: max(n.Line, 1), Column: max(n.Column, 1), Path: ptr, Message: fmt.Sprintf(format, args...)}
}

// mark records where the value at ptr is written. Values an alias copies are reported where
// the alias is, so they are not recorded.
func (c *converter) mark(ptr string, n *yaml.Node) {
	if c.inAlias == 0 {
		c.pos[ptr] = [2]int{n.Line, n.Column}
	}
}

const maxDepth = 10000

// value writes n as JSON; at is the node whose position the value is reported at, ptr its
// JSON pointer.
func (c *converter) value(b *bytes.Buffer, n *yaml.Node, ptr string, depth int) error {
	if depth > maxDepth {
		return c.fail(n, ptr, "YAML nests deeper than %d levels", maxDepth)
	}
	if _, ok := c.pos[ptr]; !ok && c.inAlias == 0 {
		c.pos[ptr] = [2]int{n.Line, n.Column}
	}
	if c.inAlias > 0 {
		c.expanded++
		if c.expanded > MaxAliasExpansion {
			return c.fail(n, ptr, "aliases expand to more than %d values", MaxAliasExpansion)
		}
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			b.WriteString("null")
			return nil
		}
		return c.value(b, n.Content[0], ptr, depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return c.fail(n, ptr, "alias *%s names no anchor", n.Value)
		}
		c.inAlias++
		defer func() { c.inAlias-- }()
		return c.value(b, n.Alias, ptr, depth+1)
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, e := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			p := ptr + "/" + strconv.Itoa(i)
			c.mark(p, e)
			if err := c.value(b, e, p, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case yaml.MappingNode:
		members, err := c.members(n, ptr, depth)
		if err != nil {
			return err
		}
		b.WriteByte('{')
		for i, m := range members {
			if i > 0 {
				b.WriteByte(',')
			}
			name, _ := json.Marshal(m.name)
			b.Write(name)
			b.WriteByte(':')
			p := ptr + "/" + escapePointer(m.name)
			c.mark(p, m.key)
			if err := c.value(b, m.value, p, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		return nil
	case yaml.ScalarNode:
		return c.scalar(b, n, ptr)
	}
	return c.fail(n, ptr, "a YAML node of kind %d has no JSON form", n.Kind)
}

type member struct {
	name       string
	key, value *yaml.Node
}

// members lists a mapping's members in order, merge keys (<<) applied: the merged
// mappings' members come where the merge key is, and a member the mapping names itself wins.
func (c *converter) members(n *yaml.Node, ptr string, depth int) ([]member, error) {
	if depth > maxDepth {
		return nil, c.fail(n, ptr, "YAML nests deeper than %d levels", maxDepth)
	}
	own := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			continue
		}
		name, err := c.key(k, ptr)
		if err != nil {
			return nil, err
		}
		if own[name] {
			return nil, c.fail(k, ptr+"/"+escapePointer(name), "the key %q appears twice in this mapping", name)
		}
		own[name] = true
	}
	var out []member
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			var sources []*yaml.Node
			target := deref(v)
			switch {
			case target.Kind == yaml.MappingNode:
				sources = []*yaml.Node{target}
			case target.Kind == yaml.SequenceNode:
				for _, s := range target.Content {
					if deref(s).Kind != yaml.MappingNode {
						return nil, c.fail(s, ptr, "a merge key (<<) takes mappings, not a %s", kindName(deref(s)))
					}
					sources = append(sources, deref(s))
				}
			default:
				return nil, c.fail(v, ptr, "a merge key (<<) takes a mapping or a sequence of mappings, not a %s", kindName(target))
			}
			for _, s := range sources {
				c.expanded += len(s.Content) / 2
				if c.expanded > MaxAliasExpansion {
					return nil, c.fail(v, ptr, "aliases expand to more than %d values", MaxAliasExpansion)
				}
				merged, err := c.members(s, ptr, depth+1)
				if err != nil {
					return nil, err
				}
				for _, m := range merged {
					if !own[m.name] && !seen[m.name] {
						seen[m.name] = true
						out = append(out, m)
					}
				}
			}
			continue
		}
		name, _ := c.key(k, ptr)
		if seen[name] {
			// merged earlier, named here: the mapping's own member wins
			for j := range out {
				if out[j].name == name {
					out = append(out[:j], out[j+1:]...)
					break
				}
			}
		}
		seen[name] = true
		out = append(out, member{name, k, v})
	}
	return out, nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "sequence"
	case yaml.MappingNode:
		return "mapping"
	case yaml.ScalarNode:
		return "scalar"
	}
	return "node"
}

// key returns a mapping key as the string JSON needs.
func (c *converter) key(k *yaml.Node, ptr string) (string, error) {
	k = deref(k)
	if k.Kind != yaml.ScalarNode {
		return "", c.fail(k, ptr, "a %s as a mapping key: JSON object keys are strings", kindName(k))
	}
	switch k.Tag {
	case "!!str", "!!timestamp", "!!binary":
		return k.Value, nil
	}
	what := strings.TrimPrefix(k.Tag, "!!")
	return "", c.fail(k, ptr, "the key %s is a YAML %s: JSON object keys are strings (quote it: \"%s\")", k.Value, what, k.Value)
}

var (
	decimalInt = regexp.MustCompile(`^[-+]?[0-9]+$`)
	jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
)

func (c *converter) scalar(b *bytes.Buffer, n *yaml.Node, ptr string) error {
	text := func(s string) error {
		q, err := json.Marshal(s)
		if err != nil {
			return c.fail(n, ptr, "%v", err)
		}
		b.Write(q)
		return nil
	}
	switch n.Tag {
	case "!!str", "!!timestamp", "!!binary":
		// YAML 1.2 has no timestamp type: a date stays the text it is written as.
		return text(n.Value)
	case "!!null":
		b.WriteString("null")
		return nil
	case "!!bool":
		var v bool
		if err := n.Load(&v); err != nil {
			return c.fail(n, ptr, "%q is no boolean: %v", n.Value, err)
		}
		b.WriteString(strconv.FormatBool(v))
		return nil
	case "!!int":
		if decimalInt.MatchString(n.Value) {
			i, ok := new(big.Int).SetString(strings.TrimPrefix(n.Value, "+"), 10)
			if ok {
				b.WriteString(i.String())
				return nil
			}
		}
		s := strings.ReplaceAll(n.Value, "_", "")
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimLeft(s, "+-")
		base := 10
		switch {
		case strings.HasPrefix(s, "0x"), strings.HasPrefix(s, "0X"):
			base, s = 16, s[2:]
		case strings.HasPrefix(s, "0o"), strings.HasPrefix(s, "0O"):
			base, s = 8, s[2:]
		case strings.HasPrefix(s, "0b"), strings.HasPrefix(s, "0B"):
			base, s = 2, s[2:]
		}
		i, ok := new(big.Int).SetString(s, base)
		if !ok {
			return c.fail(n, ptr, "%q is no integer JSON can hold", n.Value)
		}
		if neg {
			i.Neg(i)
		}
		b.WriteString(i.String())
		return nil
	case "!!float":
		if jsonNumber.MatchString(n.Value) {
			b.WriteString(n.Value)
			return nil
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			if strings.Contains(strings.ToLower(n.Value), "inf") || strings.Contains(strings.ToLower(n.Value), "nan") {
				return c.fail(n, ptr, "%s: JSON has no Infinity or NaN", n.Value)
			}
			return c.fail(n, ptr, "%q is no number JSON can hold", n.Value)
		}
		b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
		return nil
	}
	return c.fail(n, ptr, "the tag %s has no JSON type", n.Tag)
}

// escapePointer escapes a member name as a JSON pointer token.
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// IsYAML reports whether a file name is that of a YAML file (.yaml or .yml).
func IsYAML(name string) bool {
	l := strings.ToLower(name)
	return strings.HasSuffix(l, ".yaml") || strings.HasSuffix(l, ".yml")
}
