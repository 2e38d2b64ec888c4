package panicstack

import (
	"strings"
	"testing"
)

func inner(p *int) int { return *p }

func outer() int { return inner(nil) }

func recovered(fn func()) (stack string) {
	defer func() {
		if recover() != nil {
			stack = Short(5, "github.com/railzhook/railzhook/internal/panicstack.recovered")
		}
	}()
	fn()
	return ""
}

func TestShort(t *testing.T) {
	stack := recovered(func() { outer() })
	lines := strings.Split(strings.TrimSpace(stack), "\n")
	if len(lines) < 2 || !strings.Contains(lines[0], "panicstack.inner") || !strings.Contains(lines[1], "panicstack.outer") {
		t.Fatalf("stack does not start at the panic site:\n%s", stack)
	}
	if strings.Contains(stack, "runtime.") || strings.Contains(stack, "testing.") || len(lines) > 5 {
		t.Errorf("stack not cut short:\n%s", stack)
	}
	stack = recovered(func() { panic("x") })
	if !strings.Contains(stack, "TestShort.func2") || strings.Contains(stack, "runtime.") {
		t.Errorf("explicit panic:\n%s", stack)
	}
}
