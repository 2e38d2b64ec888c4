package validate_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/railzhook/railzhook/validate/internal/mirror"
)

// TestMirrorCodecs holds the baselines of the benchmarks to the same work: on every seed
// payload each library decodes the mirror struct into what encoding/json decodes, and every
// one of them, like the generated MarshalJSON, writes the payload's own JSON tree again.
func TestMirrorCodecs(t *testing.T) {
	for _, s := range seedFiles(t) {
		want := mirror.New(s.event, s.name)
		if err := json.Unmarshal(s.data, want); err != nil {
			t.Fatal(err)
		}
		for _, c := range codecs {
			got := mirror.New(s.event, s.name)
			if err := c.unmarshal(s.data, got); err != nil {
				t.Errorf("%s: %s: %v", s.name, c.name, err)
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s decodes\n%+v\nencoding/json\n%+v", s.name, c.name, got, want)
			}
			out, err := c.marshal(got)
			if err != nil {
				t.Errorf("%s: %s: %v", s.name, c.name, err)
				continue
			}
			if same, err := sameTree(s.data, out); err != nil || !same {
				t.Errorf("%s: %s writes another tree (%v):\n%s", s.name, c.name, err, out)
			}
		}
	}
}
