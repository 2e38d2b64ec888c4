// Package generator turns JSON Schema documents into Go source.
//
// It is the engine behind `railzhook generate`, `railzhook-gen` and `go generate`, and other
// tools can call it directly: Generate takes parsed-in-memory documents and options and
// returns files (and warnings); it writes nothing and fetches nothing. LoadFiles reads schema
// files and the documents their $refs name from disk, and Merge joins the output into one
// file. It knows nothing about Railz.
//
// Generate works in stages: load the documents and index their $id URLs (embedded ones
// too); build a model of named Go types; name each by the fewest words on its path that
// tell it apart (a clash left gets a numeric suffix and a warning); then render one gofmt'd file per schema document with jennifer, plus
// railzhook_support.go when helpers are needed. Output depends only on the input, byte for
// byte, and imports only the standard library.
//
// What it maps (drafts 4, 6, 7, 2019-09 and 2020-12):
//
//   - objects with properties become structs: required members are plain values, optional
//     ones pointers tagged omitempty (slices and maps omitzero, so an empty array that was
//     present survives a round trip); open objects keep unknown members in an
//     AdditionalProperties map and write them back; members are matched by their exact name;
//     allOf members are merged into one struct;
//   - $ref and $defs/definitions within and across documents, by relative or absolute URL,
//     JSON pointer (escaped or not), $anchor or embedded $id; a reference to "#" or any
//     other recursion (types that would contain themselves are held by pointer);
//   - enums become a named type (string, int64 or float64) with one constant per value in
//     schema order (symbols and leading digits transliterated), a Valid method and a
//     <Type>Values function; enums mixing JSON types become json.RawMessage;
//   - const, strings, integers (int64), numbers (float64), booleans, arrays (positional
//     prefixItems or array-form items as a slice when every position has one type), and objects
//     with a typed additionalProperties or a single patternProperties (maps, keyed by the
//     propertyNames enum when there is one);
//   - format date becomes the generated civil Date type, format date-time the generated
//     DateTime, which keeps the text it was decoded from beside its time.Time, so that a round
//     trip gives back the same spelling (…55.270Z stays …55.270Z);
//   - patternProperties become a typed map per pattern beside the named fields (a pattern
//     that starts with lookaheads after its ^, such as "^(?!pattern$).*", is matched as its
//     lookaheads and the rest); a $ref with properties beside it (draft 2019-09 on), and
//     allOf members that are oneOf/anyOf of objects, merge into one struct (the members of a
//     then/else as optional fields; a member the branches define with different JSON types
//     stays raw, with a warning); anyOf of listed strings and a plain string is an open
//     enumeration with IsKnown; a struct whose schema gives no type keeps any other JSON value
//     in NotObject;
//   - a member whose schema an if on another member's const or enum picks (in its then or
//     else) is a union with a field per schema it may have and Other for the values no if
//     selects; the struct's decoder reads the selecting member first, looking ahead for it
//     when it comes later (within the reader's budget); a schema that is only if, then and
//     else is a union of then and else;
//   - Options.Imports maps referenced documents to existing Go packages, and Options.Stubs a
//     location to a chosen type;
//   - oneOf/anyOf and "type" lists become a union struct with one field per branch and its
//     own MarshalJSON/UnmarshalJSON, told apart by JSON type, then for objects by a const or
//     enum discriminator member or by which required members are present; where several
//     branches still take a value, it goes to the first of them, in the schema's order, whose
//     types and compiled checks it meets (tried and undone within a budget linear in the
//     input; past it, to the last of them); a null branch
//     or "null" in a type list makes the rest nullable (*T when required, Nullable[T] when
//     optional, which tells absent, null and a value apart);
//   - every document with something to say about its value gets a root type: a struct or
//     union, or, for a scalar, array or map root, a defined type (type Port int64) with the
//     same UnmarshalJSON, MarshalJSON and DecodeChecked; a reference or boolean document is
//     an alias; plain-name fragments resolve ($anchor, $dynamicAnchor, "$id": "#name");
//   - description becomes the doc comment; default values become an ApplyDefaults method
//     that sets them as typed Go literals;
//     x-go-name names a field or type, x-go-type sets a built-in or standard-library type;
//     x-go-implements makes a root type implement a generated interface whose method
//     returns a const found in the schema.
//
// Anything else becomes json.RawMessage (lossless) with a Warning naming the schema location
// and the keywords left unmapped; a "type" that names no JSON type is an error.
//
// # Decoding and encoding
//
// Every struct, union, enumeration and root type gets UnmarshalJSON and MarshalJSON that read and write JSON in one
// pass, with a small scanner (jsonReader) emitted into the support file: nothing is decoded
// into map[string]json.RawMessage and decoded again, so each byte is read once. Member names
// match exactly (closed structs included), unknown members go to AdditionalProperties in the
// same pass, a member named twice is an error, and a failure is a *DecodeError naming the
// JSON pointer of the value. The scanner takes only RFC 8259 JSON: no byte order mark, valid
// UTF-8, no trailing data, at most 512 levels of nesting, numbers of at most 1,000 characters
// with exponents within ±1,000. Integers written as 1.0 or 2e3 decode into int64 fields, as
// JSON Schema counts them as integers. A schema with items but no type is typed as a slice
// (with a Warning, since values that are not arrays are valid too): the checks leave such a
// value to the JSON Schema validator, and UnmarshalJSON names it. MarshalJSON appends each field's encoding to one
// buffer, then the kept members in key order.
//
// # Generated checks
//
// With Options.Checks (--checks), the schema's assertions are compiled into the decoders,
// behind a flag, and each named type gets DecodeChecked(b, strict), which decodes and
// judges in the same pass and stops at the first failure: type (and null as the schema says
// of it), required, enum and const (open enumerations marked x-open-enum only in strict
// mode), the formats date, date-time (RFC 3339), uuid, uri, uri-reference, iri, email,
// hostname, ipv4, ipv6, regex and json-pointer, minimum/maximum and their exclusive forms,
// integer multipleOf, minLength/maxLength (in characters), pattern, minItems/maxItems,
// uniqueItems, minProperties/maxProperties, additionalProperties (false, or a schema),
// propertyNames, dependentRequired, anyOf/oneOf/allOf/not/if on strings, numbers, booleans
// and on the members of objects, unions told apart by JSON type, a required discriminator or
// required members, and strict mode's closing of object schemas (or
// x-strict-additionalProperties). Annotations, and keywords the schema's draft does not
// define, assert nothing. Anything else is reported as a Warning at generation time, and a
// value that reaches it is left to a JSON Schema validator: when no compiled assertion fails,
// DecodeChecked returns a *DecodeError wrapping ErrNotChecked that names the keyword, never
// "valid" for what it could not judge. Values that do not reach it get a verdict.
// Keywords beside a $ref count from draft 2019-09 on, as in a JSON Schema validator.
package generator
