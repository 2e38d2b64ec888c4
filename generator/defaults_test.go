package generator

import (
	"regexp"
	"testing"
)

// qualified turns the import markers of typeText into package names: encoding/json.RawMessage
// reads json.RawMessage.
var qualified = regexp.MustCompile("\x00(?:[^\x00\x01]*/)?([^\x00\x01/]*)\x01([^\x00]*)\x00")

func TestDefaultLiteral(t *testing.T) {
	color := &namedType{name: "Color", kind: nEnum, base: "string", values: []string{"red", "dark-blue"}, vnames: []string{"ColorRed", "ColorDarkBlue"}}
	level := &namedType{name: "Level", kind: nEnum, base: "int64", values: []string{"1", "2"}, vnames: []string{"Level1", "Level2"}}
	limits := &namedType{name: "Limits", kind: nStruct, fields: []*field{
		{name: "CPU", json: "cpu", typ: tInt, required: true},
		{name: "Note", json: "note", typ: tString},
	}}
	str := func(t *typ) *typ { return &typ{kind: kPtr, elem: t} }
	cases := []struct {
		t    *typ
		def  string
		want string // "" when there is no literal
	}{
		{str(tString), `"a\"b"`, `ptrTo("a\"b")`},
		{str(tInt), `3`, `ptrTo(int64(3))`},
		{str(tInt), `3.0`, `ptrTo(int64(3))`},
		{str(tInt), `1e3`, `ptrTo(int64(1000))`},
		{str(tInt), `3.5`, ``},
		{str(tInt), `123456789012345678901234567890`, ``},
		{str(tInt), `"3"`, ``},
		{str(tFloat), `1.5`, `ptrTo(float64(1.5))`},
		{str(tFloat), `1e400`, ``},
		{str(tBool), `false`, `ptrTo(false)`},
		{&typ{kind: kSlice, elem: tString}, `["x","y"]`, `[]string{"x", "y"}`},
		{&typ{kind: kSlice, elem: tString}, `["x",1]`, ``},
		{&typ{kind: kMap, key: tString, elem: tInt}, `{"b":2,"a":1}`, `map[string]int64{"a": int64(1), "b": int64(2)}`},
		{str(&typ{kind: kNamed, named: color}), `"dark-blue"`, `ptrTo(ColorDarkBlue)`},
		{str(&typ{kind: kNamed, named: color}), `"green"`, `ptrTo(Color("green"))`},
		{str(&typ{kind: kNamed, named: level}), `2.0`, `ptrTo(Level2)`},
		{str(&typ{kind: kNamed, named: limits}), `{"cpu":2}`, `&Limits{CPU: int64(2)}`},
		{str(&typ{kind: kNamed, named: limits}), `{"cpu":2,"note":"n"}`, `&Limits{CPU: int64(2), Note: ptrTo("n")}`},
		{str(&typ{kind: kNamed, named: limits}), `{"note":"n"}`, ``},    // lacks a required member
		{str(&typ{kind: kNamed, named: limits}), `{"cpu":2,"x":1}`, ``}, // closed
		{&typ{kind: kNullable, elem: tString}, `"ops"`, `NewNullable("ops")`},
		{tRaw, `{"a":[1,null]}`, `json.RawMessage("{\"a\":[1,null]}")`},
	}
	for _, c := range cases {
		got, ok := defaultLiteral(c.t, c.def)
		if !ok {
			got = ""
		}
		got = qualified.ReplaceAllString(got, "$1.$2")
		if got != c.want {
			t.Errorf("default %s for %s: got %q, want %q", c.def, typeText(c.t), got, c.want)
		}
	}
}
