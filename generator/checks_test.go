package generator_test

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/railzhook/railzhook/generator/testdata/checks"
)

// TestChecks: DecodeChecked of the checks golden case accepts and rejects what the schema
// says, naming the keyword and the pointer, and agrees with a JSON Schema validator on every
// default-mode instance.
func TestChecks(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	data, err := os.ReadFile("testdata/checks/account.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("account.json", strings.NewReader(string(data))); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("account.json")
	if err != nil {
		t.Fatal(err)
	}
	const base = `"id": "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a", "owner": "ann", "plan": "pro", "opened": "2024-05-01T10:00:00Z", "email": "a@b"`
	cases := []struct {
		name    string
		body    string
		strict  bool
		keyword string // "" when valid
		pointer string
	}{
		{"minimal", `{` + base + `}`, false, "", ""},
		{"everything", `{` + base + `, "code": "ABC-12", "region": "eu", "kind": "account", "birthday": "2000-02-29", "seats": 10, "ratio": 0.5, "tags": ["a", "b"], "limits": {"x": 1}, "phone": null, "address": {"city": "Oslo"}, "contact": null}`, false, "", ""},
		{"integer written as a float", `{` + base + `, "seats": 15.0}`, false, "", ""},
		{"missing required", `{"id": "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a", "plan": "pro", "opened": "2024-05-01T10:00:00Z", "email": "a@b"}`, false, "required", "/owner"},
		{"no email nor phone", `{"id": "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a", "owner": "ann", "plan": "pro", "opened": "2024-05-01T10:00:00Z"}`, false, "anyOf", ""},
		{"phone alone", `{"id": "a3b4fc83-3e24-41aa-ba99-13cab09b0b7a", "owner": "ann", "plan": "pro", "opened": "2024-05-01T10:00:00Z", "phone": "1"}`, false, "", ""},
		{"bad uuid", `{` + strings.Replace(base, "a3b4fc83-", "a3b4fc83", 1) + `}`, false, "format", "/id"},
		{"owner too short", `{` + strings.Replace(base, `"ann"`, `"a"`, 1) + `}`, false, "minLength", "/owner"},
		{"owner too long in characters", `{` + strings.Replace(base, `"ann"`, `"éééééé"`, 1) + `}`, false, "maxLength", "/owner"},
		{"owner of five characters, ten bytes", `{` + strings.Replace(base, `"ann"`, `"ééééé"`, 1) + `}`, false, "", ""},
		{"pattern", `{` + base + `, "code": "abc-1"}`, false, "pattern", "/code"},
		{"closed enum", `{` + strings.Replace(base, `"pro"`, `"gold"`, 1) + `}`, false, "enum", "/plan"},
		{"open enum, default mode", `{` + base + `, "region": "apac"}`, false, "", ""},
		{"open enum, strict mode", `{` + base + `, "region": "apac"}`, true, "enum", "/region"},
		{"const", `{` + base + `, "kind": "user"}`, false, "const", "/kind"},
		{"date-time", `{` + strings.Replace(base, `10:00:00Z`, `10:00:00`, 1) + `}`, false, "format", "/opened"},
		{"leap second", `{` + strings.Replace(base, `2024-05-01T10:00:00Z`, `2016-12-31T23:59:60Z`, 1) + `}`, false, "", ""},
		{"date", `{` + base + `, "birthday": "2001-02-29"}`, false, "format", "/birthday"},
		{"minimum", `{` + base + `, "seats": 0}`, false, "minimum", "/seats"},
		{"maximum", `{` + base + `, "seats": 105}`, false, "maximum", "/seats"},
		{"multipleOf", `{` + base + `, "seats": 7}`, false, "multipleOf", "/seats"},
		{"fraction for an integer", `{` + base + `, "seats": 7.5}`, false, "type", "/seats"},
		{"exclusiveMinimum", `{` + base + `, "ratio": 0}`, false, "exclusiveMinimum", "/ratio"},
		{"exclusiveMaximum", `{` + base + `, "ratio": 1}`, false, "exclusiveMaximum", "/ratio"},
		{"minItems", `{` + base + `, "tags": []}`, false, "minItems", "/tags"},
		{"maxItems", `{` + base + `, "tags": ["a", "b", "c", "d"]}`, false, "maxItems", "/tags"},
		{"uniqueItems", `{` + base + `, "tags": ["a", "a"]}`, false, "uniqueItems", "/tags"},
		{"item minLength", `{` + base + `, "tags": ["a", ""]}`, false, "minLength", "/tags/1"},
		{"map value minimum", `{` + base + `, "limits": {"x": -1}}`, false, "minimum", "/limits/x"},
		{"maxProperties", `{` + base + `, "limits": {"x": 1, "y": 2, "z": 3}}`, false, "maxProperties", "/limits"},
		{"null where not allowed", `{` + base + `, "address": null}`, false, "type", "/address"},
		{"null where allowed", `{` + base + `, "contact": null}`, false, "", ""},
		{"closed object", `{` + base + `, "address": {"city": "Oslo", "floor": 2}}`, false, "additionalProperties", "/address/floor"},
		{"nested required", `{` + base + `, "contact": {"zip": "1"}}`, false, "required", "/contact/city"},
		{"wrong type", `{` + strings.Replace(base, `"ann"`, `12`, 1) + `}`, false, "type", "/owner"},
		{"unknown member, default mode", `{` + base + `, "label": 1}`, false, "", ""},
		{"unknown string member, strict mode", `{` + base + `, "label": "x"}`, true, "", ""},
		{"unknown number member, strict mode", `{` + base + `, "label": 1}`, true, "type", "/label"},
		{"bare object, default mode", `{` + base + `, "meta": {"a": 1}}`, false, "", ""},
		{"bare object, strict mode", `{` + base + `, "meta": {"a": 1}}`, true, "additionalProperties", "/meta/a"},
		{"empty bare object, strict mode", `{` + base + `, "meta": {}}`, true, "", ""},
		{"object or string, strict mode", `{` + base + `, "alias": {"a": "b"}}`, true, "additionalProperties", "/alias/a"},
		{"object or string as a string, strict mode", `{` + base + `, "alias": "b"}`, true, "", ""},
		{"member twice", `{` + base + `, "owner": "bob"}`, false, "syntax", "/owner"},
		{"trailing data", `{` + base + `} x`, false, "syntax", ""},
		{"not an object", `[]`, false, "type", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var a checks.Account
			err := a.DecodeChecked([]byte(c.body), c.strict)
			var de *checks.DecodeError
			switch {
			case c.keyword == "" && err != nil:
				t.Fatalf("want valid, got %v", err)
			case c.keyword != "" && (!errors.As(err, &de) || de.Keyword != c.keyword || de.Pointer != c.pointer):
				t.Fatalf("got %v (%+v), want %s at %q", err, de, c.keyword, c.pointer)
			}
			// Validate of the value UnmarshalJSON gives says what DecodeChecked says of its text.
			var u checks.Account
			if u.UnmarshalJSON([]byte(c.body)) == nil {
				verr := u.Validate(c.strict)
				var vde *checks.DecodeError
				switch {
				case err == nil && verr != nil:
					t.Errorf("Validate: %v, DecodeChecked: valid", verr)
				case err != nil && (!errors.As(verr, &vde) || vde.Keyword != de.Keyword || vde.Pointer != de.Pointer):
					t.Errorf("Validate: %v, DecodeChecked: %v", verr, err)
				}
			}
			if c.strict || c.keyword == "syntax" || strings.Contains(c.name, "open enum") {
				return // railzhook's modes and x-open-enum, or text encoding/json reads leniently
			}
			var v any
			if json.Unmarshal([]byte(c.body), &v) != nil {
				return // not JSON: nothing for the validator to judge
			}
			if ref := schema.Validate(v) == nil; ref != (c.keyword == "") {
				t.Errorf("the JSON Schema validator says valid=%v", ref)
			}
		})
	}
}

// TestChecksDefer: an assertion that is not compiled (Legacy's dependentSchemas) makes
// DecodeChecked return ErrNotChecked when the value reaches it and the compiled ones hold; a
// value that does not reach it gets a verdict.
func TestChecksDefer(t *testing.T) {
	// A value built in code.
	built := checks.Account{Owner: "a"}
	var bde *checks.DecodeError
	if err := built.Validate(false); !errors.As(err, &bde) || bde.Keyword == "" {
		t.Errorf("Validate of an account built with a one-letter owner: %v", err)
	}
	var l checks.Legacy
	if err := l.DecodeChecked([]byte(`{"note": "x"}`), false); !errors.Is(err, checks.ErrNotChecked) {
		t.Errorf("Legacy: %v, want ErrNotChecked", err)
	}
	if err := l.DecodeChecked([]byte(`{"note": 1}`), false); errors.Is(err, checks.ErrNotChecked) || err == nil {
		t.Errorf("Legacy with a wrong type: %v, want a type error", err)
	}
	var h checks.Holder
	if err := h.DecodeChecked([]byte(`{"legacy": {}}`), false); !errors.Is(err, checks.ErrNotChecked) {
		t.Errorf("Holder holds Legacy: %v, want ErrNotChecked", err)
	}
	if err := h.DecodeChecked([]byte(`{}`), false); err != nil {
		t.Errorf("Holder without Legacy: %v, want nil", err)
	}
	if err := h.DecodeChecked([]byte(`{"legacy": {"note": 1}}`), false); err == nil || errors.Is(err, checks.ErrNotChecked) {
		t.Errorf("Holder holds a Legacy of a wrong type: %v, want a type error", err)
	}
	// multipleOf of any number is exact: 1.5 is a multiple of 0.5, 1.25 is not.
	var de *checks.DecodeError
	if err := h.DecodeChecked([]byte(`{"ratio": 1.5}`), false); err != nil {
		t.Errorf("Holder with a ratio of 1.5: %v, want nil", err)
	}
	if err := h.DecodeChecked([]byte(`{"ratio": 1.25}`), false); !errors.As(err, &de) || de.Keyword != "multipleOf" || errors.Is(err, checks.ErrNotChecked) {
		t.Errorf("Holder with a ratio of 1.25: %v, want a multipleOf error", err)
	}
	if err := h.DecodeChecked([]byte(`{"ratio": "x", "legacy": {}}`), false); err == nil || errors.Is(err, checks.ErrNotChecked) {
		t.Errorf("Holder with a ratio of a wrong type: %v, want a type error", err)
	}
	// A failure after the value that defers still decides.
	if err := h.DecodeChecked([]byte(`{"legacy": {}, "ratio": 1.25}`), false); !errors.As(err, &de) || de.Keyword != "multipleOf" || errors.Is(err, checks.ErrNotChecked) {
		t.Errorf("Holder with a Legacy, then a ratio of 1.25: %v, want a multipleOf error", err)
	}
	var ad checks.Address
	if err := ad.DecodeChecked([]byte(`{"city": "Oslo"}`), false); err != nil {
		t.Errorf("Address: %v", err)
	}
}
