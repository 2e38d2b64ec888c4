package railz_test

import (
	"encoding/json"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/invopop/jsonschema"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/schemas"
)

// shape is what the contract check compares: JSON types, property names, required sets,
// array items, map values and union branches.
type shape struct {
	Type     string            `json:",omitempty"`
	Format   string            `json:",omitempty"`
	Props    map[string]*shape `json:",omitempty"`
	Required []string          `json:",omitempty"`
	Items    *shape            `json:",omitempty"`
	Values   *shape            `json:",omitempty"`
	OneOf    []*shape          `json:",omitempty"`
}

// sourceShapes reads the embedded schemas and resolves their $refs.
type sourceShapes struct {
	docs map[string]map[string]any
}

func loadSources(t *testing.T) *sourceShapes {
	s := &sourceShapes{docs: map[string]map[string]any{}}
	for _, f := range schemas.Files() {
		data, err := schemas.Read(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		s.docs[schemas.BaseURL+f] = doc
	}
	return s
}

func (s *sourceShapes) resolve(t *testing.T, base, ref string) (string, map[string]any) {
	bu, _ := url.Parse(base)
	ru, err := url.Parse(ref)
	if err != nil {
		t.Fatal(err)
	}
	u := bu.ResolveReference(ru)
	frag := u.Fragment
	u.Fragment = ""
	var cur any = s.docs[u.String()]
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		m, _ := cur.(map[string]any)
		cur = m[tok]
	}
	m, ok := cur.(map[string]any)
	if !ok {
		t.Fatalf("cannot resolve %s from %s", ref, base)
	}
	return u.String(), m
}

func (s *sourceShapes) shape(t *testing.T, base string, sch map[string]any) *shape {
	if ref, ok := sch["$ref"].(string); ok {
		b, target := s.resolve(t, base, ref)
		return s.shape(t, b, target)
	}
	if branches, ok := sch["oneOf"].([]any); ok {
		out := &shape{Type: "oneOf"}
		for _, br := range branches {
			out.OneOf = append(out.OneOf, s.shape(t, base, br.(map[string]any)))
		}
		return out
	}
	typ, _ := sch["type"].(string)
	out := &shape{Type: typ}
	switch typ {
	case "string":
		if f, _ := sch["format"].(string); f == "date" || f == "date-time" {
			out.Format = f
		}
	case "array":
		out.Items = s.shape(t, base, sch["items"].(map[string]any))
	case "object":
		if props, ok := sch["properties"].(map[string]any); ok {
			out.Props = map[string]*shape{}
			for k, v := range props {
				out.Props[k] = s.shape(t, base, v.(map[string]any))
			}
			for _, r := range asList(sch["required"]) {
				out.Required = append(out.Required, r.(string))
			}
			sort.Strings(out.Required)
		} else if ap, ok := sch["additionalProperties"].(map[string]any); ok {
			out.Values = s.shape(t, base, ap)
		}
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// reflected turns an invopop schema into a shape.
func reflected(s *jsonschema.Schema) *shape {
	if len(s.OneOf) > 0 {
		out := &shape{Type: "oneOf"}
		for _, br := range s.OneOf {
			out.OneOf = append(out.OneOf, reflected(br))
		}
		return out
	}
	out := &shape{Type: s.Type}
	switch s.Type {
	case "string":
		if s.Format == "date" || s.Format == "date-time" {
			out.Format = s.Format
		}
	case "array":
		out.Items = reflected(s.Items)
	case "object":
		if s.Properties != nil && s.Properties.Len() > 0 {
			out.Props = map[string]*shape{}
			for p := s.Properties.Oldest(); p != nil; p = p.Next() {
				out.Props[p.Key] = reflected(p.Value)
			}
			out.Required = append([]string(nil), s.Required...)
			sort.Strings(out.Required)
		} else if s.AdditionalProperties != nil && s.AdditionalProperties != jsonschema.FalseSchema && s.AdditionalProperties != jsonschema.TrueSchema {
			out.Values = reflected(s.AdditionalProperties)
			if cmp.Equal(out.Values, &shape{}) { // json.RawMessage: any value, as additionalProperties: true
				out.Values = nil
			}
		} else {
			for _, v := range s.PatternProperties {
				out.Values = reflected(v)
			}
		}
	}
	return out
}

var (
	dateType = reflect.TypeOf(railz.Date{})
	timeType = reflect.TypeOf(railz.DateTime{})
	unions   = map[reflect.Type]bool{reflect.TypeOf(railz.DataSyncRequests{}): true}
)

func reflector() *jsonschema.Reflector {
	r := &jsonschema.Reflector{DoNotReference: true, ExpandedStruct: true}
	r.Mapper = func(t reflect.Type) *jsonschema.Schema {
		switch {
		case t == dateType:
			return &jsonschema.Schema{Type: "string", Format: "date"}
		case t == timeType:
			return &jsonschema.Schema{Type: "string", Format: "date-time"}
		case unions[t]:
			// A union is one field per branch.
			s := &jsonschema.Schema{}
			for i := 0; i < t.NumField(); i++ {
				ft := t.Field(i).Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				s.OneOf = append(s.OneOf, r.ReflectFromType(ft))
			}
			return s
		case strings.HasPrefix(t.Name(), "Nullable["):
			v, _ := t.FieldByName("V")
			return &jsonschema.Schema{OneOf: []*jsonschema.Schema{r.ReflectFromType(v.Type), {Type: "null"}}}
		}
		return nil
	}
	return r
}

// TestContract reflects each generated event type back to a JSON Schema with
// invopop/jsonschema and compares property names, types, required sets, items, map values
// and union branches with the source schema, so the types cannot drift from the schemas.
func TestContract(t *testing.T) {
	src := loadSources(t)
	evs, err := schemas.Events()
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 {
		t.Fatal("no events")
	}
	for _, e := range evs {
		t.Run(e.Name, func(t *testing.T) {
			v := railz.NewEvent(railz.EventName(e.Name))
			if v == nil {
				t.Fatalf("no generated type for %s", e.Name)
			}
			got := reflected(reflector().ReflectFromType(reflect.TypeOf(v).Elem()))
			want := src.shape(t, e.URL(), src.docs[e.URL()])
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%T and %s differ (-schema +Go type):\n%s", v, e.File, diff)
			}
		})
	}
}

// TestEnumsMatchSchemas checks every generated enum against its schema's enum, both ways and
// in order, and that Valid agrees with the list.
func TestEnumsMatchSchemas(t *testing.T) {
	src := loadSources(t)
	common := src.docs[schemas.BaseURL+"common.json"]["$defs"].(map[string]any)
	strs := func(vs any) []string {
		var out []string
		for _, v := range asList(vs) {
			out = append(out, v.(string))
		}
		return out
	}
	check := func(name string, got []string, valid func(string) bool) {
		def, ok := common[name].(map[string]any)
		if !ok {
			t.Errorf("no $defs/%s in common.json", name)
			return
		}
		want := strs(def["enum"])
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s values differ from the schema (-schema +Go):\n%s", name, diff)
		}
		for _, v := range want {
			if !valid(v) {
				t.Errorf("%s(%q).Valid() = false", name, v)
			}
		}
		if valid("notAValue") {
			t.Errorf("%s(\"notAValue\").Valid() = true", name)
		}
	}
	check("EventName", toStrings(railz.EventNameValues()), func(s string) bool { return railz.EventName(s).Valid() })
	check("ServiceName", toStrings(railz.ServiceNameValues()), func(s string) bool { return railz.ServiceName(s).Valid() })
	check("DataType", toStrings(railz.DataTypeValues()), func(s string) bool { return railz.DataType(s).Valid() })
	check("DataSyncType", toStrings(railz.DataSyncTypeValues()), func(s string) bool { return railz.DataSyncType(s).Valid() })
	check("ReportFrequency", toStrings(railz.ReportFrequencyValues()), func(s string) bool { return railz.ReportFrequency(s).Valid() })
	check("DataRequestStatus", toStrings(railz.DataRequestStatusValues()), func(s string) bool { return railz.DataRequestStatus(s).Valid() })
	check("PushStatus", toStrings(railz.PushStatusValues()), func(s string) bool { return railz.PushStatus(s).Valid() })
	check("ConnectionStatus", toStrings(railz.ConnectionStatusValues()), func(s string) bool { return railz.ConnectionStatus(s).Valid() })
	check("DisconnectReason", toStrings(railz.DisconnectReasonValues()), func(s string) bool { return railz.DisconnectReason(s).Valid() })
	check("CustomerRequestType", toStrings(railz.CustomerRequestTypeValues()), func(s string) bool { return railz.CustomerRequestType(s).Valid() })
	enums := 0
	for _, def := range common {
		if _, ok := def.(map[string]any)["enum"]; ok {
			enums++
		}
	}
	if enums != 10 {
		t.Errorf("common.json has %d enums; this test checks 10: add the new one", enums)
	}
	del := src.docs[schemas.BaseURL+"delete.json"]["$defs"].(map[string]any)["DeleteStatus"].(map[string]any)
	if diff := cmp.Diff(strs(del["enum"]), toStrings(railz.DeleteStatusValues())); diff != "" {
		t.Errorf("DeleteStatus values differ (-schema +Go):\n%s", diff)
	}
}

func toStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// TestValuesReturnsFreshSlice checks callers cannot change the list of values.
func TestValuesReturnsFreshSlice(t *testing.T) {
	a := railz.ServiceNameValues()
	a[0] = "changed"
	if railz.ServiceNameValues()[0] == "changed" {
		t.Fatal("ServiceNameValues shares its slice")
	}
}
