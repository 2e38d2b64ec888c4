package webhook_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exampleMarker precedes a Go snippet in the README or a guide that mirrors an Example:
// <!-- example: webhook/example_test.go -->.
var exampleMarker = regexp.MustCompile("(?m)^<!-- example: (\\S+) -->\\s*\n```go\n((?s:.*?))```")

// TestDocSnippetsMirrorExamples: every line of a marked snippet in README.md and docs/*.md
// is a line of the Example file it names, so a snippet cannot drift from code that runs
// with // Output: checked. The README's receiving snippet must be marked.
func TestDocSnippetsMirrorExamples(t *testing.T) {
	docs, _ := filepath.Glob("../docs/*.md")
	docs = append(docs, "../README.md")
	marked := 0
	for _, doc := range docs {
		text, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range exampleMarker.FindAllStringSubmatch(string(text), -1) {
			marked++
			src, err := os.ReadFile(filepath.Join("..", m[1]))
			if err != nil {
				t.Errorf("%s: %v", doc, err)
				continue
			}
			have := map[string]bool{}
			for _, l := range strings.Split(string(src), "\n") {
				have[strings.TrimSpace(l)] = true
			}
			for _, l := range strings.Split(m[2], "\n") {
				l = strings.TrimSpace(l)
				if l != "" && !have[l] {
					t.Errorf("%s: snippet line %q is not in %s", doc, l, m[1])
				}
			}
		}
		if filepath.Base(doc) == "README.md" && !strings.Contains(string(text), "<!-- example: webhook/example_test.go -->") {
			t.Errorf("README.md: the receiving snippet is not marked as mirroring an Example")
		}
	}
	if marked < 2 {
		t.Errorf("%d marked snippets; want the README's and the guides'", marked)
	}
}
