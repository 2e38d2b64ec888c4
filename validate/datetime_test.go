package validate

import "testing"

// With --assert-formats, date-times may omit the offset or use a space, but every field keeps
// RFC 3339's ranges.
func TestLenientDateTime(t *testing.T) {
	for s, want := range map[string]bool{
		"2023-01-17T16:50:24Z": true, "2023-01-17t16:50:24.5z": true, "2023-01-17 16:50:24": true,
		"2023-01-17T16:50:24": true, "2023-01-17T16:50:24+0530": true, "2023-01-17T16:50:24-05:30": true,
		"2016-12-31T23:59:60Z": true, "2016-12-31T18:59:60-05:00": true,
		"2023-01-17T24:00:00Z": false, "2023-01-17T16:60:00Z": false, "2023-01-17T16:50:61Z": false,
		"2023-01-17T16:50:60Z": false, "2023-01-17T16:50:24-24:00": false, "2023-01-17T16:50:24+01:60": false,
		"2023-02-30T16:50:24Z": false, "2023-01-17T16:50": false, "2023-01-17T16:50:24.Z": false,
		"2023-01-17T+1:50:24Z": false, "2023-01-17X16:50:24Z": false,
	} {
		if got := isLenientDateTime(s); got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
}
