package generator_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/railzhook/railzhook/generator/testdata/allof"
	"github.com/railzhook/railzhook/generator/testdata/checkstyping"
	"github.com/railzhook/railzhook/generator/testdata/discriminated"
	"github.com/railzhook/railzhook/generator/testdata/drafts"
	"github.com/railzhook/railzhook/generator/testdata/embedded"
	"github.com/railzhook/railzhook/generator/testdata/enums"
	"github.com/railzhook/railzhook/generator/testdata/numericenums"
	"github.com/railzhook/railzhook/generator/testdata/objects"
	"github.com/railzhook/railzhook/generator/testdata/overrides"
	"github.com/railzhook/railzhook/generator/testdata/recursive"
	"github.com/railzhook/railzhook/generator/testdata/refs"
	"github.com/railzhook/railzhook/generator/testdata/unions"
)

// The golden outputs are real packages: these tests use their identifiers directly (a rename
// breaks the build) and check that they decode and encode JSON as the schemas mean.

func roundTrip[T any](t *testing.T, in string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatalf("decode %T: %v", v, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	var a, b any
	json.Unmarshal([]byte(in), &a)
	json.Unmarshal(out, &b)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("%T round trip (-in +out):\n%s", v, diff)
	}
	return v
}

func TestObjectsGolden(t *testing.T) {
	o := roundTrip[objects.Order](t, `{
		"orderId": "o-1", "placedOn": "2024-05-01T10:00:00.5Z", "deliverBy": "2024-05-03",
		"total": 12.5, "itemCount": 2, "paid": false,
		"lines": [{"sku": "A", "quantity": 2}, {"sku": "B"}],
		"tags": [], "attributes": {"colour": "red"}, "metadata": {"a": [1, {"b": null}]},
		"anything": [true], "giftNote": "for you", "Paid": true
	}`)
	if o.OrderID != "o-1" || o.Total != 12.5 || *o.ItemCount != 2 || o.Paid {
		t.Errorf("fields: %+v", o)
	}
	if !o.PlacedOn.Time().Equal(time.Date(2024, 5, 1, 10, 0, 0, 5e8, time.UTC)) || o.PlacedOn.String() != "2024-05-01T10:00:00.5Z" {
		t.Errorf("PlacedOn = %v", o.PlacedOn)
	}
	// A date-time keeps its spelling; decoding accepts a space and a missing offset, the
	// checks do not.
	for _, dt := range []string{"2024-05-01T10:00:00.270Z", "2024-05-01t10:00:00+02:00", "2024-05-01 10:00:00", "2016-12-31T23:59:60Z"} {
		var d objects.DateTime
		if err := d.UnmarshalText([]byte(dt)); err != nil || d.String() != dt {
			t.Errorf("%s: %v, %v", dt, d, err)
		}
		out, err := json.Marshal(objects.Order{PlacedOn: d})
		if err != nil || !strings.Contains(string(out), `"placedOn":"`+dt+`"`) {
			t.Errorf("%s encoded as %s, %v", dt, out, err)
		}
	}
	if d, err := objects.ParseDateTime("2024-05-01 10:00:00"); err == nil {
		t.Errorf("ParseDateTime accepted a date-time without an offset: %v", d)
	}
	if got := objects.NewDateTime(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)).String(); got != "2024-05-01T10:00:00Z" {
		t.Errorf("NewDateTime: %s", got)
	}
	if *o.DeliverBy != (objects.Date{Year: 2024, Month: time.May, Day: 3}) || o.DeliverBy.String() != "2024-05-03" {
		t.Errorf("DeliverBy = %v", o.DeliverBy)
	}
	if o.Tags == nil || len(o.Tags) != 0 {
		t.Errorf("an empty array must stay present: %#v", o.Tags)
	}
	// Member names match exactly: "Paid" is not "paid" and is kept as an unknown member.
	if string(o.AdditionalProperties["Paid"]) != "true" || string(o.AdditionalProperties["giftNote"]) != `"for you"` {
		t.Errorf("AdditionalProperties = %v", o.AdditionalProperties)
	}
	if len(o.Lines) != 2 || o.Lines[1].Quantity != nil {
		t.Errorf("Lines = %+v", o.Lines)
	}
	// Optional members that are absent stay absent.
	roundTrip[objects.Order](t, `{"orderId": "o-2", "placedOn": "2024-05-01T10:00:00Z", "total": 1, "paid": true, "lines": []}`)

	var bad objects.Order
	err := json.Unmarshal([]byte(`{"lines": [{"sku": 5}]}`), &bad)
	var de *objects.DecodeError
	if !errors.As(err, &de) || de.Pointer != "/lines/0/sku" || de.Keyword != "type" {
		t.Errorf("decode error %v, want a type DecodeError at /lines/0/sku", err)
	}
	if _, err := objects.ParseDate("2024-02-30"); err == nil {
		t.Error("ParseDate accepted 2024-02-30")
	}
}

func TestEnumsGolden(t *testing.T) {
	r := roundTrip[enums.Job](t, `{"state": "done_ok", "runner": "freebsd"}`)
	if *r.Runner != "freebsd" || r.Runner.IsKnown() || !enums.RunnerWindows.IsKnown() {
		t.Errorf("open enumeration: %+v", r.Runner)
	}
	j := roundTrip[enums.Job](t, `{"state": "in-progress", "priority": "high", "kind": "job"}`)
	if j.State != enums.JobStateInProgress || *j.Priority != enums.PriorityHigh || *j.Kind != "job" {
		t.Errorf("%+v", j)
	}
	want := []enums.JobState{enums.JobStateQueued, enums.JobStateInProgress, enums.JobStateDoneOk, enums.JobStateV2Retry, enums.JobStateHTTPError}
	if diff := cmp.Diff(want, enums.JobStateValues()); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	if !enums.JobStateDoneOk.Valid() || enums.JobState("done").Valid() {
		t.Error("Valid disagrees with the enum")
	}
	// An unknown value still decodes (the validator decides whether it is allowed).
	if j := roundTrip[enums.Job](t, `{"state": "paused"}`); j.State.Valid() {
		t.Error("paused is not a listed JobState")
	}
}

func TestRefsGolden(t *testing.T) {
	e := roundTrip[refs.Envelope](t, `{"body": {"kind": "note", "text": "hi", "to": [{"name": "a", "ipAddress": "10.0.0.1"}]}, "sender": {"name": "s"}}`)
	if e.Body.Kind != refs.KindNote || *e.Body.Text != "hi" || *e.Body.To[0].IPAddress != "10.0.0.1" || *e.Sender.Name != "s" {
		t.Errorf("%+v", e)
	}
	var m refs.Message = &e
	if m.Kind() != refs.KindNote {
		t.Errorf("Kind() = %v", m.Kind())
	}
	if _, ok := refs.NewMessage(refs.KindNote).(*refs.Envelope); !ok || refs.NewMessage(refs.KindAlert) != nil {
		t.Error("NewMessage does not map kinds to types")
	}
}

func TestUnionsGolden(t *testing.T) {
	cases := []struct {
		in    string
		check func(unions.Payload) bool
	}{
		{`{"value": ["a"], "owner": null}`, func(p unions.Payload) bool { return len(p.Value.List) == 1 && p.Owner == nil }},
		{`{"value": [], "owner": {"id": "1"}}`, func(p unions.Payload) bool { return p.Value.List != nil && *p.Owner.ID == "1" }},
		{`{"value": {"a": 1}, "owner": null, "coOwner": null}`, func(p unions.Payload) bool {
			return p.Value.Counts["a"] == 1 && p.CoOwner.Set && !p.CoOwner.Valid
		}},
		{`{"value": "x", "owner": null, "coOwner": {"id": "2"}, "note": "n"}`, func(p unions.Payload) bool {
			co, ok := p.CoOwner.Get()
			return *p.Value.String == "x" && ok && *co.ID == "2" && p.Note.V == "n"
		}},
		{`{"value": 1.5, "owner": null, "note": null}`, func(p unions.Payload) bool {
			return *p.Value.Number == 1.5 && !p.CoOwner.Set && p.Note.Set && !p.Note.Valid
		}},
	}
	for _, c := range cases {
		if p := roundTrip[unions.Payload](t, c.in); !c.check(p) {
			t.Errorf("%s decoded as %+v", c.in, p)
		}
	}
	a := roundTrip[unions.Payload](t, `{"value": 1, "owner": null, "author": {"name": "Ann", "email": "a@b"}}`)
	b := roundTrip[unions.Payload](t, `{"value": 1, "owner": null, "author": "Ann <a@b>"}`)
	if a.Author.Object == nil || a.Author.Object.Name != "Ann" || b.Author.String == nil || *b.Author.String != "Ann <a@b>" {
		t.Errorf("type [object, string] with properties: %+v, %+v", a.Author, b.Author)
	}
	var p unions.Payload
	if err := json.Unmarshal([]byte(`{"value": true}`), &p); err == nil {
		t.Error("a boolean matched a union without a boolean branch")
	}
	// A union with no branch set encodes as null; decoding null into a union that does not
	// allow it fails, checked or not.
	if out, err := json.Marshal(unions.PayloadValue{}); err != nil || string(out) != "null" {
		t.Errorf("a zero union encoded as %s, %v; want null", out, err)
	}
	if err := json.Unmarshal([]byte(`{"value": null}`), &p); err == nil {
		t.Error("null decoded into a union without a null branch")
	}
	out, err := json.Marshal(unions.Payload{Value: unions.PayloadValue{List: []string{}}, CoOwner: unions.NewNull[unions.Owner](), Note: unions.NewNullable("x")})
	if err != nil || string(out) != `{"value":[],"owner":null,"coOwner":null,"note":"x"}` {
		t.Errorf("encoded %s, %v", out, err)
	}
}

func TestAllOfGolden(t *testing.T) {
	c := roundTrip[allof.Config](t, `{"extends": "base.json", "include": ["src"], "shape": {"kind": "circle", "radius": 2}}`)
	if *c.Extends != "base.json" || c.Include[0] != "src" || c.Files != nil || *c.Shape.Kind != "circle" || *c.Shape.Radius != 2 {
		t.Errorf("allOf with an anyOf member: %+v", c)
	}
	v := roundTrip[allof.Pet](t, `{"name": "Rex", "legs": 4, "vet": {"name": "Dr Who", "phone": "555"}}`)
	if v.Vet == nil || v.Vet.Name != "Dr Who" || v.Vet.Phone != "555" {
		t.Errorf("$ref with members beside it: %+v", v.Vet)
	}
	// Pet's schema gives no type of its own, but its allOf members are objects: nothing else is.
	for _, other := range []string{`12`, `"rex"`, `[1, {"a": null}]`, `true`} {
		var o allof.Pet
		if err := json.Unmarshal([]byte(other), &o); err == nil || !strings.Contains(err.Error(), "want object") {
			t.Errorf("%s: %v, want an error naming the object type", other, err)
		}
	}
	p := roundTrip[allof.Pet](t, `{"name": "Rex", "legs": 4, "owner": "Ann", "collar": "red"}`)
	if p.Name != "Rex" || p.Legs != 4 || *p.Owner != "Ann" || p.Nickname != nil || string(p.AdditionalProperties["collar"]) != `"red"` {
		t.Errorf("%+v", p)
	}
}

func TestDiscriminatedGolden(t *testing.T) {
	for in, want := range map[string]string{`{"type": "run", "command": "make"}`: "run", `{"type": "build", "path": "."}`: "build", `{"type": "deploy", "path": "."}`: "other"} {
		st := roundTrip[discriminated.Drawing](t, `{"shape": "dot", "step": `+in+`}`).Step
		got := map[bool]string{st.Run != nil: "run", st.Build != nil: "build", st.Other != nil: "other"}[true]
		if got != want {
			t.Errorf("%s decoded as the %s branch, want %s", in, got, want)
		}
	}
	d := roundTrip[discriminated.Drawing](t, `{"shape": {"kind": "box", "side": 2}, "payment": {"iban": "DE00"}, "note": "hello", "size": 5}`)
	if d.Shape.Square == nil || d.Shape.Square.Side != 2 || d.Shape.Circle != nil {
		t.Errorf("shape %+v", d.Shape)
	}
	if d.Payment.Bank == nil || d.Payment.Bank.Iban != "DE00" || d.Payment.Card != nil {
		t.Errorf("payment %+v", d.Payment)
	}
	if d.Note.Short == nil || *d.Note.Short != "hello" || d.Note.Long != nil {
		t.Errorf("note: %+v", d.Note)
	}
	if d.Size.V.Integer == nil || *d.Size.V.Integer != 5 {
		t.Errorf("size %+v", d.Size)
	}
	d = roundTrip[discriminated.Drawing](t, `{"shape": {"kind": "circle", "radius": 1}, "payment": {"number": "4111", "expiry": "12/30", "iban": "x"}, "size": null}`)
	if d.Shape.Circle == nil || d.Payment.Card == nil || !d.Size.Set || d.Size.Valid {
		t.Errorf("%+v", d)
	}
	d = roundTrip[discriminated.Drawing](t, `{"shape": "freehand", "size": "XL"}`)
	if *d.Shape.String != "freehand" || *d.Size.V.String != "XL" {
		t.Errorf("%+v", d)
	}
	var bad discriminated.Drawing
	if err := json.Unmarshal([]byte(`{"shape": {"kind": "triangle"}}`), &bad); err == nil {
		t.Error("an unknown kind decoded")
	}
	if err := json.Unmarshal([]byte(`{"shape": "x", "payment": {"other": 1}}`), &bad); err == nil {
		t.Error("an object with no branch's required members decoded")
	}
	// A required constant left empty in code is written as the constant; a value decoded is
	// written as it came.
	if out, err := json.Marshal(discriminated.Build{Path: "p"}); err != nil || string(out) != `{"type":"build","path":"p"}` {
		t.Errorf("Build{Path: p} encodes as %s (%v)", out, err)
	}
	if out, err := json.Marshal(discriminated.Build{Type: "other", Path: "p"}); err != nil || string(out) != `{"type":"other","path":"p"}` {
		t.Errorf("Build{Type: other} encodes as %s (%v)", out, err)
	}
}

func TestNumericEnumsGolden(t *testing.T) {
	s := roundTrip[numericenums.Settings](t, `{"level": -1, "ratio": 1.5, "rule": 2, "flag": false, "mode": null, "glob": "**"}`)
	if *s.Level != numericenums.LevelMinus1 || *s.Ratio != numericenums.Ratio1Point5 || string(s.Rule) != "2" || *s.Flag || !s.Mode.Set || s.Mode.Valid || *s.Glob != numericenums.GlobStarStar {
		t.Errorf("%+v", s)
	}
	if !numericenums.Level(2).Valid() || numericenums.Level(3).Valid() || len(numericenums.RatioValues()) != 3 {
		t.Error("numeric enum helpers")
	}
	roundTrip[numericenums.Settings](t, `{"rule": true, "mode": "fast"}`)
}

func TestOverridesGolden(t *testing.T) {
	j := roundTrip[overrides.Job](t, `{"id": "j1", "timeout": 1000000000, "addr": "10.0.0.1", "bad": "kept as a string", "comment": null}`)
	if *j.JobID != "j1" || *j.Timeout != time.Second || j.Addr.String() != "10.0.0.1" || *j.Bad != "kept as a string" {
		t.Errorf("%+v", j)
	}
	j.ApplyDefaults()
	if *j.Name != "unnamed" || *j.Retries != 3 || *j.Factor != 1.5 || !*j.Enabled || len(j.Tags) != 2 || *j.Limits.CPU != 2 || j.Owner.V != "ops" {
		t.Errorf("defaults: %+v", j)
	}
	if j.Comment.Set && j.Comment.Valid {
		t.Error("a null comment was overwritten")
	}
	if _, err := json.Marshal(overrides.ResourceLimits{}); err != nil { // the x-go-name of a $defs entry
		t.Error(err)
	}
}

func TestDraftsGolden(t *testing.T) {
	tr := roundTrip[drafts.Tree](t, `{"value": 1, "children": [{"value": 2, "children": []}], "parent": {"value": 0}, "meta": {"x": "y"}, "pct": "50%", "pair": ["a", 1], "point": [1.5, 2]}`)
	if tr.Value != 1 || tr.Children[0].Value != 2 || tr.Parent.Value != 0 || *tr.Meta.X != "y" || *tr.Pct != "50%" || len(tr.Pair) != 2 || tr.Point[0] != 1.5 {
		t.Errorf("%+v", tr)
	}
}

// Types that contain each other are held by pointer where Go needs it.
func TestRecursiveGolden(t *testing.T) {
	n := roundTrip[recursive.Node](t, `{"value": "a", "next": {"value": "b", "next": null}, "ring": {"owner": {"value": "c", "next": null, "ring": {"owner": {"value": "d", "next": null}}}}, "labels": {"x": 1, "Y2": "other"}}`)
	if n.Next.Value != "b" || n.Next.Next != nil || n.Ring.Owner.Value != "c" || n.Ring.Owner.Ring.Owner.Value != "d" || n.Labels.PatternProperties["x"] != 1 {
		t.Errorf("%+v", n)
	}
}

// A schema embedded with its own $id is found by that URL, and resolves its own references.
func TestEmbeddedGolden(t *testing.T) {
	c := roundTrip[embedded.Catalog](t, `{"items": [{"sku": "a", "price": 2.5}], "featured": "a"}`)
	if c.Items[0].Sku != "a" || *c.Items[0].Price != 2.5 || *c.Featured != "a" {
		t.Errorf("%+v", c)
	}
}

// Positional items of one type make a typed slice; mixed ones keep their JSON.
func TestTupleGolden(t *testing.T) {
	r := roundTrip[unions.Range](t, `{"bounds": [1, 9], "row": ["id", true, false]}`)
	if r.Bounds[1] != 9 || len(r.Row) != 3 || string(r.Row[1]) != "true" {
		t.Errorf("%+v", r)
	}
}

// TestTypingGolden decodes the constructs that get real types: patternProperties beside a
// closed object, allOf holding anyOf, $ref with siblings, an object-or-string value, an open
// enumeration, anyOf of required sets, nullability through $ref and allOf, a schema with no
// type, integer-valued numbers, a required union, and roots of several shapes.
func TestTypingGolden(t *testing.T) {
	in := `{
		"name": "app", "count": 2.6243e4,
		"extensions": {"version": "1", "x-team": "core", "x-owner": "ann"},
		"compiler": {"extends": "base", "files": ["a.go"]},
		"contact": {"name": "Ann", "url": "https://example.com"},
		"author": "Ann <ann@example.com>",
		"level": "extreme",
		"target": {"socket": "/run/app.sock"},
		"on": {"dispatch": null, "push": null},
		"anything": 12,
		"value": 7
	}`
	var c checkstyping.Example
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	if *c.Count != 26243 {
		t.Errorf("count = %d, want 26243 (an integer-valued number)", *c.Count)
	}
	if *c.Extensions.Version != "1" || c.Extensions.PatternProperties["x-team"] != "core" || len(c.Extensions.PatternProperties) != 2 {
		t.Errorf("patternProperties: %+v", c.Extensions)
	}
	if *c.Compiler.Extends != "base" || c.Compiler.Files[0] != "a.go" {
		t.Errorf("allOf with anyOf: %+v", c.Compiler)
	}
	if *c.Contact.Name != "Ann" || c.Contact.URL != "https://example.com" {
		t.Errorf("$ref with siblings: %+v", c.Contact)
	}
	if c.Author.String == nil || *c.Author.String != "Ann <ann@example.com>" || c.Author.Object != nil {
		t.Errorf("object or string: %+v", c.Author)
	}
	if *c.Level != "extreme" || c.Level.IsKnown() || !checkstyping.LevelHigh.IsKnown() {
		t.Errorf("open enumeration: %v", *c.Level)
	}
	if *c.Target.Socket != "/run/app.sock" || c.Target.Host != nil {
		t.Errorf("anyOf of required sets: %+v", c.Target)
	}
	if !c.On.Dispatch.Set || c.On.Dispatch.Valid || !c.On.Push.Set || c.On.Push.Valid {
		t.Errorf("null through $ref and allOf: %+v", c.On)
	}
	if string(c.Anything.NotObject) != "12" || c.Value.Integer == nil || *c.Value.Integer != 7 {
		t.Errorf("no type / union: %+v %+v", c.Anything, c.Value)
	}
	roundTrip[checkstyping.Example](t, in)
	roundTrip[checkstyping.Example](t, `{"name": "b", "author": {"name": "Bob", "email": "b@example.com"}, "on": {"dispatch": {"branches": ["main"]}}, "anything": {"a": 1, "b": 2}, "value": "x"}`)
	for _, other := range []string{`[]`, `"foo"`, `null`, `true`} {
		a := roundTrip[checkstyping.Anything](t, other)
		if string(a.NotObject) != other {
			t.Errorf("no type: %s decoded as %+v", other, a)
		}
	}

	// A member matching a pattern is held to the pattern's type; a member matching none is
	// refused by additionalProperties: false.
	var e checkstyping.Extensions
	if err := e.DecodeChecked([]byte(`{"x-n": 1}`), false); err == nil || !strings.Contains(err.Error(), "/x-n") {
		t.Errorf("pattern member of the wrong type: %v", err)
	}
	var de *checkstyping.DecodeError
	if err := e.DecodeChecked([]byte(`{"other": "1"}`), false); !errors.As(err, &de) || de.Keyword != "additionalProperties" || de.Pointer != "/other" {
		t.Errorf("member matching no pattern: %v", err)
	}
	// A required union refuses null; an absent one is left out, not an error.
	var c2 checkstyping.Example
	if err := c2.DecodeChecked([]byte(`{"name": "a", "value": null}`), false); err == nil || !strings.Contains(err.Error(), "/value") {
		t.Errorf("null union: %v", err)
	}
	if out, err := json.Marshal(checkstyping.ExampleValue{}); err != nil || string(out) != "null" {
		t.Errorf("zero union: %s, %v", out, err)
	}
	if out, err := json.Marshal(checkstyping.Example{Name: "a"}); err != nil || string(out) != `{"name":"a"}` {
		t.Errorf("absent fields: %s, %v", out, err)
	}
	// An integer field takes 1.0 but not 1.5.
	if err := json.Unmarshal([]byte(`{"name": "a", "count": 1.5}`), &c2); err == nil {
		t.Error("count 1.5 decoded")
	}

	// Roots: an allOf-only root is its member's struct, a plain-name $id anchor resolves, a
	// prefixItems root is a slice with the root methods, a boolean document is raw JSON.
	r := roundTrip[checkstyping.Roots](t, `{"id": "r1", "extra": true}`)
	if r.ID != "r1" {
		t.Errorf("allOf root: %+v", r)
	}
	a := roundTrip[checkstyping.Anchored](t, `{"size": 3.0}`)
	if *a.Size != 3 {
		t.Errorf("anchored: %+v", a)
	}
	var an checkstyping.Anchored
	if err := an.DecodeChecked([]byte(`{"size": 0}`), false); !errors.As(err, &de) || de.Keyword != "minimum" || de.Pointer != "/size" {
		t.Errorf("anchored minimum: %v", err)
	}
	p := roundTrip[checkstyping.Pair](t, `[1, 2.0]`)
	if len(p.Array) != 2 || p.Array[1] != 2 || p.NotArray != nil {
		t.Errorf("pair: %+v", p)
	}
	// prefixItems without a type: values that are not arrays are valid too.
	for _, in := range []string{`"one"`, `12`, `{"a": 1}`, `null`} {
		if p := roundTrip[checkstyping.Pair](t, in); p.Array != nil || string(p.NotArray) != in {
			t.Errorf("pair %s: %+v", in, p)
		}
	}
	roundTrip[checkstyping.Any](t, `{"anything": [1, "goes"]}`)
}

// TestOverlapGolden: a union whose branches take the same JSON type is a struct of typed
// branches, not raw JSON: the value goes to the first branch, in the schema's order, whose
// types and compiled checks it meets, and to the last one when it meets none.
func TestOverlapGolden(t *testing.T) {
	which := func(o checkstyping.Overlap) string {
		var set []string
		for name, ok := range map[string]bool{
			"label.code": o.Label != nil && o.Label.Code != nil, "label.text": o.Label != nil && o.Label.Text != nil,
			"amount.integer": o.Amount != nil && o.Amount.Integer != nil, "amount.number": o.Amount != nil && o.Amount.Number != nil,
			"setting.string": o.Setting.Valid && o.Setting.V.String != nil, "setting.boolean": o.Setting.Valid && o.Setting.V.Boolean != nil,
			"setting.number": o.Setting.Valid && o.Setting.V.Number != nil, "setting.null": o.Setting.Set && !o.Setting.Valid,
			"entity.user": o.Entity != nil && o.Entity.User != nil, "entity.team": o.Entity != nil && o.Entity.Team != nil,
			"option.switch": o.Option != nil && o.Option.Switch != nil, "option.detail": o.Option != nil && o.Option.Detail != nil,
			"option.scalar.string": o.Option != nil && o.Option.Scalar != nil && o.Option.Scalar.String != nil,
			"option.scalar.number": o.Option != nil && o.Option.Scalar != nil && o.Option.Scalar.Number != nil,
			"free.flag":            o.Free.Valid && o.Free.V.Flag != nil, "free.other": o.Free.Valid && o.Free.V.Other != nil, "free.null": o.Free.Set && !o.Free.Valid,
		} {
			if ok {
				set = append(set, name)
			}
		}
		sort.Strings(set)
		return strings.Join(set, " ")
	}
	for in, want := range map[string]string{
		`{"label": "ABC"}`:         "label.code",
		`{"label": "hello world"}`: "label.text",
		`{"label": "far too long to be a Text, and not a Code"}`: "label.text",
		`{"amount": 5}`:      "amount.integer",
		`{"amount": 1.0}`:    "amount.integer",
		`{"amount": 2.5}`:    "amount.number",
		`{"setting": "on"}`:  "setting.string",
		`{"setting": false}`: "setting.boolean",
		`{"setting": 3}`:     "setting.number",
		`{"setting": null}`:  "setting.null",
		`{"entity": {"kind": "member", "email": "a@b"}}`:   "entity.user",
		`{"entity": {"kind": "member", "members": ["a"]}}`: "entity.team",
		`{"option": true}`:           "option.switch",
		`{"option": "x"}`:            "option.scalar.string",
		`{"option": 4}`:              "option.scalar.number",
		`{"option": {"on": true}}`:   "option.detail",
		`{"free": true}`:             "free.flag",
		`{"free": "x"}`:              "free.other",
		`{"free": [1, {"a": null}]}`: "free.other",
		// null is one of the values the Other branch takes, not an absent member.
		`{"free": null}`: "free.null",
	} {
		if got := which(roundTrip[checkstyping.Overlap](t, in)); got != want {
			t.Errorf("%s decoded into %q, want %q", in, got, want)
		}
	}
	// A $ref to a null schema is a null branch, also for the union's own elements.
	c := roundTrip[checkstyping.Overlap](t, `{"content": ["a", null, ["b", null]]}`)
	if c.Content.V.Array[1] != nil || *c.Content.V.Array[2].Array[0].String != "b" {
		t.Errorf("content: %+v", c.Content)
	}
	if c := roundTrip[checkstyping.Overlap](t, `{"content": null}`); !c.Content.Set || c.Content.Valid {
		t.Errorf("null content: %+v", c.Content)
	}
	// Tried branches are judged by their compiled checks; a value no branch takes is invalid,
	// one that a branch takes is left to a validator (oneOf needs exactly one).
	var o checkstyping.Overlap
	var de *checkstyping.DecodeError
	if err := o.DecodeChecked([]byte(`{"label": "far too long to be a Text, and not a Code"}`), false); !errors.As(err, &de) || de.Keyword != "maxLength" || de.Pointer != "/label" {
		t.Errorf("a label no branch takes: %v", err)
	}
	if err := o.DecodeChecked([]byte(`{"label": "ABC"}`), false); !errors.Is(err, checkstyping.ErrNotChecked) {
		t.Errorf("a label a branch takes: %v, want ErrNotChecked", err)
	}
	if err := o.DecodeChecked([]byte(`{"option": {"on": 1}}`), false); err == nil || errors.Is(err, checkstyping.ErrNotChecked) {
		t.Errorf("an option no branch takes: %v", err)
	}
}

// TestTrialBudget: nested unions whose tried branches fail only at the end of each list
// would cost 2^depth trials; the budget keeps the work linear, and the value still decodes
// (as the last branch once the budget is spent). Without the budget this test never ends.
func TestTrialBudget(t *testing.T) {
	const depth = 200
	in := `{"tree":` + strings.Repeat("[", depth) + "0" + strings.Repeat(",0]", depth) + "}"
	var o checkstyping.Overlap
	if err := json.Unmarshal([]byte(in), &o); err != nil {
		t.Fatal(err)
	}
	if out, err := json.Marshal(o); err != nil || string(out) != in {
		t.Errorf("round trip: %v\n%s", err, out) // compared as text: cmp.Diff of a tree this deep takes too long
	}
	levels := 0
	for tr := o.Tree; tr != nil && tr.Leaf == nil; levels++ {
		if tr.Single != nil {
			t.Fatalf("level %d: a two-element list decoded as Single", levels)
		}
		tr = &tr.Many[0]
	}
	if levels != depth {
		t.Errorf("decoded %d levels, want %d", levels, depth)
	}
	// Nested values are decoded once each, whatever the branches tried above them: every
	// level tries Counted, which reads the whole nested value before its "end" fails, and the
	// nested value is then taken from the memo for Named. Without the memo the work doubles
	// with each level, the budget runs out and the last branch, Flagged, refuses "end".
	nest := strings.Repeat(`{"next":`, depth) + `{"end":"x"}` + strings.Repeat(`,"end":"y"}`, depth)
	var n checkstyping.Overlap
	if err := json.Unmarshal([]byte(`{"nest": `+nest+`}`), &n); err != nil {
		t.Fatalf("deep nest: %v", err)
	}
	if out, err := json.Marshal(n.Nest); err != nil || string(out) != nest {
		t.Errorf("deep nest round trip: %v", err)
	}
	levels = 0
	for nn := n.Nest; nn != nil && nn.Named != nil; nn = nn.Named.Next {
		levels++
	}
	if levels != depth+1 {
		t.Errorf("deep nest: %d levels decoded as Named, want %d", levels, depth+1)
	}
	// Past the budget, a value the last branch does not take is left to a validator when
	// checking. The wide list's ten branches each read its 3,000 items before nine fail, which
	// uses the budget up; the label is then a valid Code, too long for the last branch, Text.
	wide := `{"wide": [` + strings.Repeat(`"x", `, 3000) + `"j"], "label": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}`
	var w checkstyping.Overlap
	if err := json.Unmarshal([]byte(wide), &w); err != nil || len(w.Wide.WideJ) != 3001 || w.Label.Text == nil {
		t.Errorf("past the budget: %v, %d items, label %+v", err, len(w.Wide.WideJ), w.Label)
	}
	if err := new(checkstyping.Overlap).DecodeChecked([]byte(wide), false); !errors.Is(err, checkstyping.ErrNotChecked) {
		t.Errorf("past the budget: %v, want ErrNotChecked", err)
	}
	if err := new(checkstyping.Overlap).DecodeChecked([]byte(`{"wide": ["x", "j"], "label": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}`), false); !errors.Is(err, checkstyping.ErrNotChecked) {
		t.Errorf("within the budget: %v, want ErrNotChecked (the union's order is left to a validator)", err)
	}
	// Within the budget, a one-element list is a Single.
	if o := roundTrip[checkstyping.Overlap](t, `{"tree": [[1], 2]}`); o.Tree.Many == nil || o.Tree.Many[0].Single == nil || o.Tree.Many[1].Leaf == nil {
		t.Errorf("small tree: %+v", o.Tree)
	}
}

// TestMergedGolden: members from a $ref, allOf members and if/then/else land in one struct;
// patternProperties of an allOf member type the members they match; a member the branches
// define with different JSON types stays raw (with a warning); object branches told apart
// by trying are named after their fixed member values; a $ref reached again while its
// target is being built names the target's type.
func TestMergedGolden(t *testing.T) {
	in := `{"mode": "alpha", "alpha": "a", "beta": 2, "x-n": 3, "spec": {"size": 2}, "value": [1],
		"shape": {"kind": "circle", "radius": 1.5}, "level": "high",
		"entry": {"css": {"items": [{"name": "n", "css": {"items": []}}]}}, "other": true}`
	m := roundTrip[checkstyping.Merged](t, in)
	if *m.Alpha != "a" || *m.Beta != 2 || m.PatternProperties["x-n"] != 3 || *m.Spec.Size != 2 || string(m.Value.Other) != "[1]" {
		t.Errorf("merged members: %+v", m)
	}
	if string(m.Level) != `"high"` {
		t.Errorf("a member then and else define with different JSON types is kept raw: %q", m.Level)
	}
	if m.Shape.Circle == nil || *m.Shape.Circle.Radius != 1.5 {
		t.Errorf("shape: %+v", m.Shape)
	}
	if *m.Entry.CSS.Items[0].Name != "n" || m.Entry.CSS.Items[0].CSS.Items == nil {
		t.Errorf("entry: %+v", m.Entry)
	}
	if string(m.AdditionalProperties["other"]) != "true" || len(m.AdditionalProperties) != 1 {
		t.Errorf("kept members: %v", m.AdditionalProperties)
	}
	if s := roundTrip[checkstyping.Merged](t, `{"shape": {"kind": "square", "side": 2}, "value": "t"}`); s.Shape.SquareSide == nil || string(s.Value.Other) != `"t"` {
		t.Errorf("square: %+v", s.Shape)
	}
	if s := roundTrip[checkstyping.Merged](t, `{"value": ["a", 1], "mode": "list"}`); len(s.Value.List) != 2 {
		t.Errorf("the value the mode selects: %+v", s.Value)
	}
	if err := json.Unmarshal([]byte(`{"x-n": "three"}`), new(checkstyping.Merged)); err == nil || !strings.Contains(err.Error(), "/x-n") {
		t.Errorf("a member of an allOf member's pattern is held to its type: %v", err)
	}
	// alpha is a string where the mode is "alpha", and free otherwise: a value of another
	// shape is kept with the members the schema does not name, and DecodeChecked leaves it to
	// a validator. Malformed JSON stays an error.
	for _, in := range []string{`{"mode": "", "alpha": []}`, `{"alpha": {"a": [1, {"b": null}]}, "beta": 1}`, `{"alpha": 12}`, `{"alpha": null}`} {
		m := roundTrip[checkstyping.Merged](t, in)
		var tree map[string]any
		json.Unmarshal([]byte(in), &tree)
		kept, _ := json.Marshal(tree["alpha"])
		var back any
		json.Unmarshal(m.AdditionalProperties["alpha"], &back)
		if m.Alpha != nil || !reflect.DeepEqual(back, tree["alpha"]) {
			t.Errorf("%s: alpha %v, kept %s, want %s", in, m.Alpha, m.AdditionalProperties["alpha"], kept)
		}
		var c checkstyping.Merged
		if err := c.DecodeChecked([]byte(in), false); !errors.Is(err, checkstyping.ErrNotChecked) {
			t.Errorf("DecodeChecked(%s) = %v, want ErrNotChecked", in, err)
		}
	}
	if n := roundTrip[checkstyping.Merged](t, `{"note": 5}`); n.Note.Set || string(n.AdditionalProperties["note"]) != "5" {
		t.Errorf("note: %+v, kept %s", n.Note, n.AdditionalProperties["note"])
	}
	if n := roundTrip[checkstyping.Merged](t, `{"note": null}`); !n.Note.Set || n.Note.Valid || n.AdditionalProperties != nil {
		t.Errorf("a null the then allows: %+v", n.Note)
	}
	for _, in := range []string{`{"alpha": [1,]}`, `{"alpha": {"a": 1, "a": 2}}`} {
		if err := new(checkstyping.Merged).UnmarshalJSON([]byte(in)); err == nil || !strings.Contains(err.Error(), "/alpha") {
			t.Errorf("%s: %v, want a syntax error at /alpha", in, err)
		}
	}
}

// TestSelectedGolden: a member whose schema an if/then picks by the value of another member
// decodes into the branch that value selects, whichever of the two comes first; values no
// if selects keep the member's own schema (or the else's).
func TestSelectedGolden(t *testing.T) {
	in := `{"nodes": [
		{"type": "network", "properties": {"cidr": "10.0.0.0/8", "ipv6": true}},
		{"properties": {"image": "debian", "cpus": 2}, "type": "vm"},
		{"type": "disk", "properties": {"image": "blank", "size": 10}},
		{"type": "bucket", "properties": {"region": "eu"}, "children": [{"properties": {"cidr": "x"}, "type": "network"}]},
		{"type": "server"}
	], "runtime": {"spec": {"name": "alpine", "tag": "3"}, "kind": "image"}, "provider": {"region": "us", "name": "aws"}}`
	s := roundTrip[checkstyping.Selected](t, in)
	n := s.Nodes
	if n[0].Properties.Network == nil || *n[0].Properties.Network.Cidr != "10.0.0.0/8" || !*n[0].Properties.Network.Ipv6 {
		t.Errorf("network: %+v", n[0].Properties)
	}
	if n[1].Properties.Server == nil || n[1].Properties.Server.Image != "debian" || *n[1].Properties.Server.CPUs != 2 {
		t.Errorf("the type after the member it selects: %+v", n[1].Properties)
	}
	if n[2].Properties.Server == nil || string(n[2].Properties.Server.AdditionalProperties["size"]) != "10" {
		t.Errorf("two ifs that select the same schema share a branch: %+v", n[2].Properties)
	}
	if string(n[3].Properties.Other["region"]) != `"eu"` || n[3].Properties.Server != nil {
		t.Errorf("a type no if selects keeps the member's own schema: %+v", n[3].Properties)
	}
	if c := n[3].Children[0].Properties; c.Network == nil || *c.Network.Cidr != "x" {
		t.Errorf("nested: %+v", c)
	}
	if n[4].Properties != nil {
		t.Errorf("absent member: %+v", n[4].Properties)
	}
	if s.Runtime.Spec.Image == nil || s.Runtime.Spec.Image.Name != "alpine" || *s.Runtime.Kind != checkstyping.RuntimeKindImage {
		t.Errorf("then: %+v", s.Runtime.Spec)
	}
	if s.Provider.Region.Aws == nil || *s.Provider.Region.Aws != checkstyping.RegionAwsUs {
		t.Errorf("enum branch: %+v", s.Provider.Region)
	}

	// The else takes the values the if does not; with the member absent the if holds unless
	// it requires the member.
	if r := roundTrip[checkstyping.Runtime](t, `{"kind": "host", "spec": {"os": "linux"}}`); r.Spec.Other == nil || *r.Spec.Other.Os != "linux" {
		t.Errorf("else: %+v", r.Spec)
	}
	if r := roundTrip[checkstyping.Runtime](t, `{"spec": {"name": "a"}}`); r.Spec.Image == nil {
		t.Errorf("absent kind, if without required: %+v", r.Spec)
	}
	if p := roundTrip[checkstyping.Provider](t, `{"region": 3}`); string(p.Region.Other) != "3" {
		t.Errorf("absent name, ifs that require it: %+v", p.Region)
	}
	if p := roundTrip[checkstyping.Provider](t, `{"name": "local", "region": 3}`); p.Region.Local == nil || *p.Region.Local != 3 {
		t.Errorf("local: %+v", p.Region)
	}

	// A schema that is only if, then and else is the union of then and else; an if that only
	// tests the JSON type tells them apart by it.
	u := roundTrip[checkstyping.Selected](t, `{"modules": [{"type": "vm", "properties": {"image": "i"}}, "other.json"],
		"cert": {"$ref": "#/certs/a"}, "options": {"type": "mock", "port": "http", "host": "h"}}`)
	if len(u.Modules) != 2 || u.Modules[0].Node == nil || u.Modules[0].Node.Properties.Server == nil || *u.Modules[1].String != "other.json" {
		t.Errorf("modules: %+v", u.Modules)
	}
	if u.Cert.Reference == nil || u.Cert.Reference.Ref != "#/certs/a" {
		t.Errorf("cert: %+v", u.Cert)
	}
	if c := roundTrip[checkstyping.Cert](t, `{"file": "c.pem"}`); c.Certificate == nil || c.Certificate.File != "c.pem" {
		t.Errorf("cert: %+v", c)
	}
	// An object whose if/then/else picks its own schema: one struct of the members of both,
	// and a member they define differently is a union after the selecting member.
	if o := u.Options; *o.Host != "h" || o.Port.Other == nil || *o.Port.Other != "http" {
		t.Errorf("options: %+v", o)
	}
	if o := roundTrip[checkstyping.Options](t, `{"port": 8080, "type": "test", "timeout": 2}`); o.Port.Test == nil || *o.Port.Test != 8080 || *o.Timeout != 2 {
		t.Errorf("options: %+v", o)
	}

	// Thens that only narrow a member's own schema (minItems, an enum of some of its values,
	// null) leave it its own type: the items stay integers, not raw JSON.
	st := roundTrip[checkstyping.Selected](t, `{"stock": {"levels": [4, 5], "timed": true, "unit": "lots"}}`).Stock
	if len(st.Levels) != 2 || st.Levels[1] != 5 || st.Unit.V != checkstyping.UnitLots {
		t.Errorf("stock: %+v", st)
	}
	if st := roundTrip[checkstyping.Stock](t, `{"unit": null, "levels": [1], "timed": false}`); !st.Unit.Set || st.Unit.Valid || st.Levels[0] != 1 {
		t.Errorf("stock: %+v", st)
	}
	if err := json.Unmarshal([]byte(`{"levels": ["x"], "timed": true}`), new(checkstyping.Stock)); err == nil || !strings.Contains(err.Error(), "/levels/0") {
		t.Errorf("an item of the member's own schema: %v", err)
	}

	// The selected branch's type is enforced, with the pointer of the value.
	err := json.Unmarshal([]byte(`{"region": "three", "name": "local"}`), new(checkstyping.Provider))
	if err == nil || !strings.Contains(err.Error(), "/region") {
		t.Errorf("a value the selected branch does not take: %v", err)
	}
	// The selected branch's checks run in DecodeChecked, and the rest is left to a validator.
	var node checkstyping.Node
	if err := node.DecodeChecked([]byte(`{"properties": {"cpus": 0, "image": "x"}, "type": "server"}`), false); err == nil || !strings.Contains(err.Error(), "/properties/cpus") || errors.Is(err, checkstyping.ErrNotChecked) {
		t.Errorf("minimum of the selected branch: %v", err)
	}
	if err := node.DecodeChecked([]byte(`{"properties": {"cpus": 0}, "type": "bucket"}`), false); !errors.Is(err, checkstyping.ErrNotChecked) {
		t.Errorf("a type no if selects: %v", err)
	}
	for _, bad := range []string{
		`{"type": "vm", "properties": {"image": "x"}, "type": "vm"}`,
		`{"properties": {"image": "x"}, "type": "vm", "bad": }`,
		`{"properties": {"image": "x"} "type": "vm"}`,
	} {
		if err := json.Unmarshal([]byte(bad), new(checkstyping.Node)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// TestSelectedBudget: objects nested so that each one's selecting member comes after the
// member it selects make every level look ahead over the levels below; the look-ahead counts
// against the reader's budget, so the work stays linear and the decoder says why it stopped.
func TestSelectedBudget(t *testing.T) {
	nest := func(depth int) string {
		return strings.Repeat(`{"args": [`, depth) + `{"args": 1, "op": "num"}` + strings.Repeat(`], "op": "sum"}`, depth)
	}
	var e *checkstyping.Expr
	if err := json.Unmarshal([]byte(nest(20)), &e); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(e)
	var a, b any
	json.Unmarshal([]byte(nest(20)), &a)
	json.Unmarshal(out, &b)
	if err != nil || !reflect.DeepEqual(a, b) { // cmp.Diff of a tree this deep takes too long
		t.Errorf("round trip: %v\n%s", err, out)
	}
	for i := 0; i < 20; i++ {
		if e.Args == nil || len(e.Args.Sum) != 1 {
			t.Fatalf("level %d: %+v", i, e.Args)
		}
		e = &e.Args.Sum[0]
	}
	if e.Args.Num == nil || *e.Args.Num != 1 {
		t.Errorf("innermost: %+v", e.Args)
	}
	// 200 levels: each looks ahead over all below it, some 700 KB in all for 7 KB of input,
	// past the budget of 8 times the input.
	err = json.Unmarshal([]byte(nest(200)), new(checkstyping.Expr))
	if err == nil || !strings.Contains(err.Error(), "too many nested objects") {
		t.Errorf("deep nesting: %v", err)
	}
	// In the usual order nothing is looked ahead, at any depth.
	in := strings.Repeat(`{"op": "neg", "args": `, 250) + `{"op": "num", "args": 1}` + strings.Repeat(`}`, 250)
	if err := json.Unmarshal([]byte(in), new(checkstyping.Expr)); err != nil {
		t.Errorf("selecting member first: %v", err)
	}
}

// TestLookaheadGolden: patterns that start with lookaheads ("any name but pattern") type the
// members they match, and their checks run, though Go's regexp has no lookarounds.
func TestLookaheadGolden(t *testing.T) {
	l := roundTrip[checkstyping.Lookahead](t, `{"pattern": "p", "a": {"value": 1}, "patterns": {}, "names": {"ab": "yes", "c@d": "no"}}`)
	if *l.Pattern != "p" || *l.PatternProperties["a"].Value != 1 || l.PatternProperties["patterns"].Value != nil || len(l.PatternProperties) != 2 {
		t.Errorf("members: %+v", l)
	}
	if l.Names.PatternProperties["ab"] != "yes" || l.Names.PatternProperties["c@d"] != "no" {
		t.Errorf("names: %+v", l.Names)
	}
	for in, want := range map[string]string{
		`{"names": {"ab": "yes"}, "a": {}}`: "",
		`{"names": {"@@a": "y"}}`:           "/names/@@a: member is not allowed",
		`{"names": {"Ab": "y"}}`:            "/names/Ab: member is not allowed",
		`{"names": {"a-b": "y"}}`:           "/names/a-b: member is not allowed",
		`{"names": {"ab": "xy"}}`:           "/names/ab: does not match",
		`{"a": {"value": 1, "other": 2}}`:   "/a/other: member is not allowed",
	} {
		var v checkstyping.Lookahead
		err := v.DecodeChecked([]byte(in), false)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", in, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: got %v, want %q", in, err, want)
		}
	}
}

// TestTypelessGolden: a schema without a type accepts every JSON value, and its keywords type
// the values of the JSON type they constrain: additionalProperties a struct with NotObject,
// items an Array, pattern a String, each beside a field that keeps the other values (null
// too) as raw JSON. The keywords are compiled into the branch they constrain, as those beside
// a list of types are.
func TestTypelessGolden(t *testing.T) {
	v := roundTrip[checkstyping.Typeless](t, `{
		"codes": {"en": "en-GB", "fr": "fr-FR"},
		"run": ["make", "test"],
		"version": "v12",
		"when": "2024-05-01T10:00:00.270Z",
		"rank": [1, 2]
	}`)
	if v.Codes == nil || v.Codes.AdditionalProperties["fr"] != "fr-FR" || v.Codes.NotObject != nil {
		t.Errorf("codes: %+v", v.Codes)
	}
	if !slices.Equal(v.Run.Array, []string{"make", "test"}) || v.Run.NotArray != nil {
		t.Errorf("run: %+v", v.Run)
	}
	if v.Version == nil || v.Version.String == nil || *v.Version.String != "v12" {
		t.Errorf("version: %+v", v.Version)
	}
	// Schemas without a type that say the same of scalars share one type.
	var since *checkstyping.Version = roundTrip[checkstyping.Typeless](t, `{"run": [], "since": "v2"}`).Since
	if since == nil || since.String == nil || *since.String != "v2" {
		t.Errorf("since: %+v", since)
	}
	if v.When == nil || v.When.String == nil || v.When.String.String() != "2024-05-01T10:00:00.270Z" {
		t.Errorf("when: %+v", v.When)
	}
	if w := roundTrip[checkstyping.Typeless](t, `{"run": [], "when": 1700000000}`); w.When == nil || w.When.Integer == nil || *w.When.Integer != 1700000000 {
		t.Errorf("when: %+v", w.When)
	}
	if v.Rank == nil || !slices.Equal(v.Rank.Array, []int64{1, 2}) {
		t.Errorf("rank: %+v", v.Rank)
	}
	// Values of the other JSON types, null among them.
	o := roundTrip[checkstyping.Typeless](t, `{"codes": 7, "run": null, "version": {"major": 1}, "since": null, "rank": 3.5}`)
	if o.Since == nil || string(o.Since.NotString) != "null" {
		t.Errorf("since: a null is a value, not an absent member: %+v", o.Since)
	}
	if o.Codes == nil || string(o.Codes.NotObject) != "7" || o.Codes.AdditionalProperties != nil {
		t.Errorf("codes: %+v", o.Codes)
	}
	if o.Run.Array != nil || string(o.Run.NotArray) != "null" {
		t.Errorf("run: %+v", o.Run)
	}
	if o.Version == nil || o.Version.String != nil || string(o.Version.NotString) != `{"major": 1}` {
		t.Errorf("version: %+v", o.Version)
	}
	if o.Rank == nil || o.Rank.Number == nil || *o.Rank.Number != 3.5 || o.Rank.Other != nil {
		t.Errorf("rank: %+v", o.Rank)
	}
	// The checks: pattern, format, minLength of the items and minimum hold on their JSON type
	// only, and DecodeChecked decides without deferring.
	var de *checkstyping.DecodeError
	for in, want := range map[string]string{
		`{"run": [""]}`:                         "/run/0 minLength",
		`{"run": 1, "version": "12"}`:           "/version pattern",
		`{"run": 1, "since": "2"}`:              "/since pattern",
		`{"run": 1, "when": "yesterday"}`:       "/when format",
		`{"run": 1, "when": -1}`:                "/when minimum",
		`{"run": 1, "when": true}`:              "/when type",
		`{"run": 1, "rank": 0}`:                 "/rank minimum",
		`{"run": 1, "rank": ["x"]}`:             "/rank/0 type",
		`{"run": 1, "codes": {"en": 1}}`:        "/codes/en type",
		`{"run": 1, "version": 12, "extra": 1}`: "/extra additionalProperties",
	} {
		var v checkstyping.Typeless
		err := v.DecodeChecked([]byte(in), false)
		if !errors.As(err, &de) || de.Pointer+" "+de.Keyword != want {
			t.Errorf("DecodeChecked(%s) = %v, want a failure at %s", in, err, want)
		}
	}
	for _, in := range []string{
		`{"run": ["make"], "version": "v1", "when": "2024-05-01T10:00:00Z", "rank": 2, "codes": {"en": "x"}}`,
		`{"run": {"make": 1}, "version": 1.5, "when": 0, "rank": "high", "codes": [1]}`,
	} {
		var v checkstyping.Typeless
		if err := v.DecodeChecked([]byte(in), false); err != nil {
			t.Errorf("DecodeChecked(%s) = %v, want valid", in, err)
		}
	}
}

// Strings are scanned eight bytes at a time: a quote, a backslash, a control character or a
// multi-byte character at any offset, and a string ending at any offset, read as
// encoding/json reads them.
func TestStringScanAtEveryOffset(t *testing.T) {
	specials := []string{`\"`, `\\`, `\n`, `\u00e9`, "é", "\u2028", "😀", "\x01", "\x7f", "\xff", "\xc3", `\ud83d\ude00`, `\ud83d`}
	for pad := 0; pad < 20; pad++ {
		for _, sp := range specials {
			for _, tail := range []string{"", "abcdefghij"} {
				s := strings.Repeat("a", pad) + sp + tail
				in := `{"orderId": "` + s + `", "placedOn": "2024-05-01T10:00:00Z", "total": 1, "paid": true, "lines": []}`
				var want struct {
					OrderID string `json:"orderId"`
				}
				wantErr := json.Unmarshal([]byte(in), &want) != nil || !utf8.ValidString(s)
				var got objects.Order
				err := got.UnmarshalJSON([]byte(in))
				if (err != nil) != wantErr {
					t.Errorf("%q: error %v, encoding/json (and UTF-8 validity) says error %v", s, err, wantErr)
					continue
				}
				if err == nil && got.OrderID != want.OrderID {
					t.Errorf("%q: decoded %q, want %q", s, got.OrderID, want.OrderID)
				}
			}
		}
	}
}

// Dates are read without time.Parse, and accept exactly what it accepts with time.DateOnly.
func TestDateAsTimeParse(t *testing.T) {
	inputs := []string{"2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "0000-01-01",
		"9999-12-31", "2024-1-01", "2024-01-1", "20240101", "2024-01-01T", " 2024-01-01", "2024/01/01", "2024-04-31", "1900-02-29", "2000-02-29", "+024-01-01", "２０２４-01-01"}
	for y := 1999; y <= 2001; y++ {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				inputs = append(inputs, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			}
		}
	}
	for _, in := range inputs {
		want, wantErr := time.Parse(time.DateOnly, in)
		got, err := objects.ParseDate(in)
		if (err != nil) != (wantErr != nil) {
			t.Errorf("%q: error %v, time.Parse says %v", in, err, wantErr)
			continue
		}
		if err == nil && !got.In(time.UTC).Equal(want) {
			t.Errorf("%q: %v, time.Parse gives %v", in, got, want)
		}
	}
}
