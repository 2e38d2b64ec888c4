// Package generator turns JSON Schema documents into Go source.
//
// It is the engine behind `railzhook generate` and `go generate` in this module, and it can be
// called directly by other tools. It knows nothing about Railz: it reads schema documents,
// builds a model of named Go types (every name final and checked for collisions before anything
// is printed), and renders one gofmt'd file per schema document with jennifer, plus one support
// file when helpers are needed. It never writes to disk and never fetches anything.
//
// What it maps (draft 2020-12 keywords):
//
//   - objects with properties become structs; required properties are plain values, optional
//     ones are pointers tagged omitempty (slices and maps are tagged omitzero, so an empty array
//     that was present survives a round trip); open objects (no additionalProperties: false)
//     keep unknown members in an AdditionalProperties map and write them back when encoded;
//   - $ref and $defs, within a document and across documents, by relative or absolute URL;
//   - string enums become a named type with one constant per value (Type<Value>, schema order),
//     a Valid method and a Type<s>Values function returning every value in order;
//   - const, strings, integers (int64), numbers (float64), booleans, arrays, and objects with a
//     typed additionalProperties (maps, keyed by the propertyNames enum when there is one);
//   - format date becomes the generated civil Date type, format date-time becomes time.Time;
//   - oneOf/anyOf whose branches differ in JSON type become a union struct with one field per
//     branch and its own MarshalJSON/UnmarshalJSON; a branch of type null makes the other
//     branch nullable instead;
//   - description becomes the doc comment; x-go-implements makes a root type implement a
//     generated interface whose method returns a const found in the schema.
//
// Anything else becomes json.RawMessage (lossless) with a Warning naming the schema location.
// Generated code imports only the standard library.
package generator
