package generator

import "testing"

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{
		"Policies": "Policy", "Addresses": "Address", "Boxes": "Box", "Matches": "Match",
		"Hashes": "Hash", "Plugins": "Plugin", "Aliases": "Alias", "Statuses": "Status",
		"Children": "Child", "Caches": "Cache", "Series": "Series", "Status": "Status",
		"Class": "Class", "Analysis": "Analysis", "Metrics": "Metrics", "Data": "Data",
		"URLs": "URL", "IDs": "IDs", "Responses": "Response", "Databases": "Database",
	} {
		if got := singular(in); got != want {
			t.Errorf("singular(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSegment(t *testing.T) {
	words := map[string]bool{"device": true, "configuration": true, "policy": true, "windows": true, "con": true}
	if got := segment("deviceconfigurationpolicywindows10", words); len(got) != 4 || got[3] != "windows10" || got[1] != "configuration" {
		t.Errorf("segment: %q, want device configuration policy windows10", got)
	}
	if got := segment("deviceconfigurationpolicymacos", words); got != nil {
		t.Errorf("segment of a run with an unknown word: %q, want nil", got)
	}
}
