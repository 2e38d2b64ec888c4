// Command peers measures railzhook's generator beside quicktype and go-jsonschema on the
// corpus (`make peers`): per tool, the generated lines, types and mean type-name length, the
// share of numbered names, the build time and peak compiler memory, and the exact round trip of
// the valid instances, in total over the schemas every tool handles (with -v, per schema).
//
//	go run ./internal/peers/cmd/peers [-v] [-tools railzhook,quicktype] [SCHEMA...]
//
// SCHEMA paths are relative to the corpus folder (schemastore/schemas/package.json); without
// any, every schema is measured. quicktype is installed with npm and go-jsonschema with go
// install into the user cache folder on first use.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/railzhook/railzhook/internal/corpus"
	"github.com/railzhook/railzhook/internal/peers"
)

func main() {
	dir := flag.String("corpus", "../shared/corpus", "corpus folder")
	work := flag.String("work", "", "scratch folder (default: a temporary one)")
	verbose := flag.Bool("v", false, "print every schema's figures and failures")
	tools := flag.String("tools", strings.Join(peers.Tools, ","), "comma-separated tools to measure")
	qt := flag.String("quicktype", "", "quicktype command (default: installed with npm into the cache folder)")
	gj := flag.String("go-jsonschema", "", "go-jsonschema command (default: installed with go install)")
	timeout := flag.Duration("timeout", 2*time.Minute, "longest generation by a peer on one schema")
	flag.Parse()
	if !corpus.Present(*dir) {
		fmt.Fprintln(os.Stderr, "peers: "+corpus.Where(*dir))
		os.Exit(2)
	}
	w := *work
	if w == "" {
		var err error
		if w, err = os.MkdirTemp("", "railzhook-peers"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		defer os.RemoveAll(w)
	}
	abs, _ := filepath.Abs(*dir)
	rep, err := peers.Run(peers.Config{Corpus: abs, Work: w, Only: flag.Args(), Tools: strings.Split(*tools, ","), Quicktype: *qt, GoJSONSchema: *gj, Timeout: *timeout, Log: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(2)
	}
	rep.Print(os.Stdout, *verbose)
}
