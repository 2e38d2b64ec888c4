package validate

import (
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/railzhook/railzhook/schemas"
)

// Target is a compiled schema with the validator that judges instances of it, for tools that
// make instances (package fake).
type Target struct {
	// Schema is the schema in strict form: every object schema closed, every value of an
	// open enumeration listed, so that it describes everything the contract names.
	Schema *jsonschema.Schema
	// Mode is the mode Check judges in.
	Mode Mode
	// Check judges a payload in Mode: nil when it is valid, a *Error when it is not, another
	// error when it cannot be judged.
	Check func(payload []byte) error
	// Strict judges a payload in strict mode, whatever Mode is.
	Strict func(payload []byte) error
}

// EventTarget is the Target of an embedded event's schema, judged by Parse (so a valid
// instance also decodes into its generated type).
func EventTarget(event string, mode Mode) (Target, error) {
	if mode != ModeDefault && mode != ModeStrict {
		return Target{}, fmt.Errorf("validate: unknown mode %d", int(mode))
	}
	ev, ok := schemas.Lookup(event)
	if !ok {
		return Target{}, fmt.Errorf("validate: no schema for event %q: %w", event, ErrUnknownEvent)
	}
	set, err := compiled[ModeStrict]()
	if err != nil {
		return Target{}, err
	}
	return Target{
		Schema: set.schemas[ev.URL()],
		Mode:   mode,
		Check:  func(b []byte) error { return Validate(b, ForEvent(event), WithMode(mode)) },
		Strict: func(b []byte) error { return Validate(b, ForEvent(event), Strict()) },
	}, nil
}

// LoadTarget is the Target of any schema file (see LoadSchema), judged in o.Mode.
func LoadTarget(file string, o SchemaOptions) (Target, error) {
	check, err := LoadSchema(file, o)
	if err != nil {
		return Target{}, err
	}
	structure := check
	if o.Mode != ModeStrict {
		so := o
		so.Mode = ModeStrict
		if structure, err = LoadSchema(file, so); err != nil {
			return Target{}, err
		}
	}
	return Target{Schema: structure.set.schemas[structure.root], Mode: o.Mode, Check: check.Validate, Strict: structure.Validate}, nil
}
