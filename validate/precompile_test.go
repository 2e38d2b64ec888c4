package validate_test

import (
	"errors"
	"testing"

	"github.com/railzhook/railzhook/validate"
)

// TestPrecompile: both modes compile, an unknown mode is an error, and a payload judged after
// Precompile is judged as it is without it.
func TestPrecompile(t *testing.T) {
	for _, m := range []validate.Mode{validate.ModeDefault, validate.ModeStrict} {
		if err := validate.Precompile(m); err != nil {
			t.Errorf("%s mode: %v", m, err)
		}
	}
	if err := validate.Precompile(validate.Mode(7)); err == nil {
		t.Error("mode 7 compiled")
	}
	err := validate.Validate([]byte(`{"data": {"event": "push"}, "requestId": "x"}`))
	var verr *validate.Error
	if !errors.As(err, &verr) || len(verr.Errors) == 0 {
		t.Errorf("a broken push after Precompile: %v", err)
	}
}
