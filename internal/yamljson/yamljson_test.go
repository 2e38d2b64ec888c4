package yamljson

import (
	"errors"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// YAML 1.2 core schema: on, yes, no, off are strings; dates stay text.
		{"on: yes\nno: off\nd: 2024-01-01\n", `{"on":"yes","no":"off","d":"2024-01-01"}`},
		{"t: True\nf: false\nn: ~\ne:\n", `{"t":true,"f":false,"n":null,"e":null}`},
		{"a: 012\nb: 0o17\nc: 0x1F\nd: -1_000\ne: 123456789012345678901234567890\n", `{"a":12,"b":15,"c":31,"d":-1000,"e":123456789012345678901234567890}`},
		{"a: 1.50\nb: 1e3\nc: .5\nd: +2.5\n", `{"a":1.50,"b":1e3,"c":0.5,"d":2.5}`},
		{"q: '123'\nr: !!str 7\ns: \"x\\ty\"\n", `{"q":"123","r":"7","s":"x\ty"}`},
		{"a: &x {b: 1}\nc: *x\nm:\n  <<: *x\n  d: 2\nn:\n  <<: [*x, {e: 3}]\n  b: 9\n", `{"a":{"b":1},"c":{"b":1},"m":{"b":1,"d":2},"n":{"e":3,"b":9}}`},
		{"- 1\n- [a, b]\n- {}\n", `[1,["a","b"],{}]`},
		{"a/b: 1\n", `{"a/b":1}`},
	} {
		docs, err := Read([]byte(c.in))
		if err != nil || len(docs) != 1 {
			t.Errorf("%q: %v (%d documents)", c.in, err, len(docs))
			continue
		}
		if string(docs[0].JSON) != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.in, docs[0].JSON, c.want)
		}
	}
}

func TestPositions(t *testing.T) {
	docs, err := Read([]byte("# comment\ndata:\n  event: push\n  list:\n    - x: 1\n    - é: ü\nrequestId: abc\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	for ptr, want := range map[string][2]int{
		"":                {2, 1},
		"/data":           {2, 1},
		"/data/event":     {3, 3},
		"/data/list/0":    {5, 7},
		"/data/list/0/x":  {5, 7},
		"/data/list/1/é":  {6, 7},
		"/data/missing":   {2, 1},
		"/data/list/0/no": {5, 7},
		"/requestId":      {7, 1},
	} {
		if l, c := d.Position(ptr); l != want[0] || c != want[1] {
			t.Errorf("%q at %d:%d, want %d:%d", ptr, l, c, want[0], want[1])
		}
	}
}

func TestStreams(t *testing.T) {
	docs, err := Read([]byte("---\na: 1\n---\nb: 2\n...\n"))
	if err != nil || len(docs) != 2 || string(docs[1].JSON) != `{"b":2}` || docs[1].Line != 4 {
		t.Errorf("%v %d", err, len(docs))
	}
	if docs, err := Read(nil); err != nil || len(docs) != 0 {
		t.Errorf("empty: %v %d", err, len(docs))
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		in, want string
		line     int
	}{
		{"a: [1, 2\n", "did not find expected ',' or ']'", 2},
		{"a: 1\na: 2\n", `the key "a" appears twice`, 2},
		{"x: 1\n1: y\n", "JSON object keys are strings", 2},
		{"? [1, 2]\n: x\n", "a sequence as a mapping key", 1},
		{"a: .inf\n", "JSON has no Infinity or NaN", 1},
		{"a:\n  b: .NaN\n", "JSON has no Infinity or NaN", 2},
		{"a: !Ref x\n", "the tag !Ref has no JSON type", 1},
		{"a: *nope\n", "", 1},
		{"m:\n  <<: 1\n", "merge key", 2},
	} {
		_, err := Read([]byte(c.in))
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Message, c.want) || e.Line != c.line || e.Column < 1 {
			t.Errorf("%q: %v; want %q at line %d", c.in, err, c.want, c.line)
		}
	}
	// An alias bomb is cut short.
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 'b'; i <= 'k'; i++ {
		p := string(i - 1)
		bomb += string(i) + ": &" + string(i) + " [*" + p + ", *" + p + ", *" + p + ", *" + p + ", *" + p + ", *" + p + ", *" + p + ", *" + p + ", *" + p + ", *" + p + "]\n"
	}
	if _, err := Read([]byte(bomb)); err == nil || !strings.Contains(err.Error(), "expand") {
		t.Errorf("alias bomb: %v", err)
	}
}
