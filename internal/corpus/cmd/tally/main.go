package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/railzhook/railzhook/generator"
	"github.com/railzhook/railzhook/internal/corpus"
)

var re = regexp.MustCompile(`^(.*) is not compiled to Go(?: in strict mode)? \((.*)\);`)

func main() {
	dir, _ := filepath.Abs("../shared/corpus")
	paths, _ := corpus.ListSchemas(dir)
	counts := map[string]int{}
	for _, p := range paths {
		docs, err := generator.LoadFiles([]string{filepath.Join(dir, p)}, corpus.RefDirsOf(dir, p))
		if err != nil {
			continue
		}
		res, err := generator.Generate(docs, generator.Options{PackageName: "p", Checks: true})
		if err != nil {
			continue
		}
		ninst := 1
		if strings.HasPrefix(p, "schemastore/") {
			name := strings.TrimSuffix(filepath.Base(p), ".json")
			a, _ := filepath.Glob(filepath.Join(dir, "schemastore", "test", name, "*.json"))
			b, _ := filepath.Glob(filepath.Join(dir, "schemastore", "negative_test", name, "*.json"))
			ninst = len(a) + len(b)
		}
		seen := map[string]bool{}
		for _, w := range res.Warnings {
			m := re.FindStringSubmatch(w.Message)
			if m == nil {
				continue
			}
			k := m[1] + " (" + m[2] + ")"
			if len(os.Args) > 1 && strings.Contains(k, os.Args[1]) {
				fmt.Println(p, w.Location, k)
			}
			if !seen[k] {
				seen[k] = true
				counts[k] += ninst
			}
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return counts[keys[i]] > counts[keys[j]] })
	for _, k := range keys[:min(50, len(keys))] {
		fmt.Printf("%5d %s\n", counts[k], k)
	}
}
