// Package panicstack renders the short stack of a recovered panic: the frames from the panic
// site outwards, without the runtime's, up to the code that recovered it. One panic makes a
// few lines, not the whole goroutine dump of runtime/debug.Stack.
package panicstack

import (
	"fmt"
	"runtime"
	"strings"
)

// Short returns up to max frames of the stack of the panic being recovered, one per line as
// "\tfunction (file:line)", from the panic site outwards. It must be called from the
// deferred function that recovers. The walk stops at the first frame whose function starts
// with one of stop (the recovering package's own code, say); frames of the runtime are left
// out. Called when no panic is under way it returns the caller's stack.
func Short(max int, stop ...string) string {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var all []runtime.Frame
	panicAt := -1
	for {
		f, more := frames.Next()
		all = append(all, f)
		if f.Function == "runtime.gopanic" && panicAt < 0 {
			panicAt = len(all)
		}
		if !more {
			break
		}
	}
	if panicAt < 0 {
		panicAt = 0
	}
	var b strings.Builder
	shown := 0
	for _, f := range all[panicAt:] {
		if strings.HasPrefix(f.Function, "runtime.") {
			if shown == 0 {
				continue // sigpanic, panicmem, panicIndex...: how the panic was raised
			}
			break
		}
		stopped := false
		for _, s := range stop {
			if strings.HasPrefix(f.Function, s) {
				stopped = true
			}
		}
		if stopped || shown == max {
			break
		}
		fmt.Fprintf(&b, "\t%s (%s:%d)\n", f.Function, f.File, f.Line)
		shown++
	}
	return b.String()
}
