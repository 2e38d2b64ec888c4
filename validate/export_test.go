package validate

// FastVerdict is what the generated decoder and checks alone make of a payload.
func FastVerdict(payload []byte, mode Mode, event string) (accepted, deferred bool) {
	return fastVerdict(payload, options{mode: mode, event: event})
}

// ReferenceVerdict is what the JSON Schema validator alone makes of a payload.
func ReferenceVerdict(payload []byte, mode Mode, event string) (bool, error) {
	return referenceVerdict(payload, options{mode: mode, event: event})
}
