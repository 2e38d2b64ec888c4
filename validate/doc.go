// Package validate checks Railz webhook bodies against the embedded JSON Schemas and decodes
// valid ones into the generated types of package railz.
//
// # Fast path and reference path
//
// Like ajv, Parse compiles schemas to code rather than interpreting them on the hot path. Its
// fast path is the generated code of package railz: the generator (run with --checks)
// compiles each event schema's assertions (types, required members, enum and const by mode,
// the date, date-time and uuid formats, bounds and lengths, closed objects and strict mode's
// unknown members) into the single-pass decoder of the event's type, DecodeChecked. Parse
// finds data.event and requestId with a quick scan that decodes nothing, then runs that
// event type's DecodeChecked: a valid payload, nearly every webhook, is decoded and judged in
// one pass over its bytes and never becomes a tree of maps.
//
// Only when the fast path rejects a payload (or cannot judge it: an unknown event, or a schema
// with an assertion the generator reported it could not compile) does Parse take the
// reference path described below, which builds the complete, sorted error report with line
// and column. The two paths never disagree: a test runs every fixture and every instance
// package fake makes of every event through both, in both modes, and FuzzParse checks their
// verdicts on every input it tries.
//
// # The reference path
//
// The reference path reads the body with its own parser, which rejects what
// encoding/json would let through or drop silently: a byte order mark, invalid UTF-8, a member
// named twice, nesting deeper than MaxDepth, data after the document, and a number longer than
// MaxNumberLength or with an exponent beyond MaxNumberExponent (judging it would take
// arbitrary-precision arithmetic whose cost grows with the exponent). Each of these is a
// FieldError with its JSON pointer and line:column, never a panic.
//
// The body is then validated against its event's schema in a Mode: ModeDefault, for
// receiving, accepts members the schemas do not name and unlisted values of open
// enumerations; ModeStrict, for fixtures and contract tests, refuses them. Both come from the
// same schema files, transformed when they are compiled.
//
// # Errors
//
// A payload that is not valid gives a *Error: the event, and the FieldErrors sorted by path,
// each with the rule broken (a schema keyword, or one of the Keyword constants), a message
// and line:column (columns count characters). The report is bounded: it keeps the first
// MaxErrors in that order and counts the others in Error.Omitted, so that a body wrong in a
// million places costs time and memory linear in its size with a small constant.
//
// # How a payload is judged
//
// santhosh-tekuri/jsonschema (v5) is the judge of every keyword. A walker drives it schema by
// schema, following $ref, allOf, anyOf, oneOf, not, if/then/else, properties,
// patternProperties, additionalProperties and items itself, and handing santhosh each
// schema's other keywords on a shallow copy that holds just them; once the report is full,
// errors past its end are counted without being built (propertyNames, which judges member
// names and not member values, stays on the copy). A schema whose keywords span several of
// those (unevaluatedProperties, contains, prefixItems, dependentSchemas, extensions) goes to
// santhosh whole with its value, and a schema set that uses $dynamicRef
// or $recursiveRef is validated in one call. Tests compare the walker with santhosh on the
// whole tree for every fixture, payloads with thousands of errors and the official
// JSON-Schema-Test-Suite.
//
// LoadSchema compiles any schema file (drafts 4 to 2020-12) for the same field-level
// errors; Target and LoadTarget give package fake what it needs to make instances.
package validate
