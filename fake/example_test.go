package fake_test

import (
	"fmt"
	"os"

	"github.com/railzhook/railzhook/fake"
	"github.com/railzhook/railzhook/validate"
)

// Invalid makes payloads that each break one constraint, paired with the one error the
// validator reports for it: the expected outcome of a contract test.
func ExampleGenerator_Invalid() {
	target, err := validate.EventTarget("auth", validate.ModeStrict)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	cases, err := fake.New(target).Invalid()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	for _, c := range cases {
		if c.Error.Keyword == "required" {
			fmt.Println(c.Error)
		}
	}
	// Output:
	// /data: missing required property "data" (required)
	// /data/businessName: missing required property "businessName" (required)
	// /data/event: missing required property "event" (required)
	// /data/serviceName: missing required property "serviceName" (required)
	// /requestId: missing required property "requestId" (required)
}
