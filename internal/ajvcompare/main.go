// Command ajvcompare times `railzhook validate` against ajv-cli 5 with ajv-formats on the same
// files and schemas, and checks that both reach the same verdict on every file (`make ajv`).
//
// It writes N payloads made by package fake (valid ones, and a share of invalid ones), installs
// ajv-cli and ajv-formats with npm into a cache folder on first use, then runs the two tools in
// interleaved rounds and prints the median wall time of each, their spread, their CPU time,
// the ratios, and any file the two judge differently. With -baseline, another railzhook
// binary (a build of an earlier commit) runs in the same rounds, for a before/after ratio
// that the machine's load affects alike. railzhook runs in default mode, on payloads whose verdict
// does not depend on the mode (no unknown members, no unlisted values of open enumerations),
// since ajv knows nothing of the modes.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/railzhook/railzhook/fake"
	"github.com/railzhook/railzhook/schemas"
	"github.com/railzhook/railzhook/validate"
)

func main() {
	n := flag.Int("n", 10000, "number of payload files")
	invalidShare := flag.Float64("invalid", 0.1, "share of invalid payloads")
	rounds := flag.Int("rounds", 11, "rounds of each tool, interleaved")
	cache := flag.String("cache", "", "folder for the npm packages (default: the user cache folder)")
	keep := flag.String("keep", "", "write the payloads into this `folder` and keep them (for profiling), instead of a temporary one")
	baseline := flag.String("baseline", "", "another railzhook `binary` (a build of an earlier commit) to time in the same rounds, for a before/after ratio")
	flag.Parse()
	if err := run(*n, *invalidShare, *rounds, *cache, *keep, *baseline); err != nil {
		fmt.Fprintln(os.Stderr, "ajvcompare:", err)
		os.Exit(2)
	}
}

func run(n int, invalidShare float64, rounds int, cache, keep, baseline string) error {
	if cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return err
		}
		cache = filepath.Join(dir, "railzhook-ajv")
	}
	ajv, err := installAjv(cache)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "railzhook-ajv")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "railzhook")
	build := exec.Command("go", "build", "-o", bin, "./cmd/railzhook")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building railzhook: %w", err)
	}
	data := filepath.Join(work, "payloads")
	if keep != "" {
		data = keep
	}
	want, err := writePayloads(data, n, invalidShare)
	if err != nil {
		return err
	}
	schemaDir := "schemas"
	ajvArgs := []string{"validate", "--spec=draft2020", "--strict=false", "-c", filepath.Join(cache, "formats.js"),
		"-s", filepath.Join(schemaDir, schemas.Umbrella)}
	for _, f := range schemas.Files() {
		if f != schemas.Umbrella {
			ajvArgs = append(ajvArgs, "-r", filepath.Join(schemaDir, f))
		}
	}
	ajvArgs = append(ajvArgs, "-d", filepath.Join(data, "*.json"), "--errors=no")

	var ours, theirs, base []time.Duration
	var ourCPU, theirCPU, baseCPU []time.Duration
	var ourVerdicts, ajvVerdicts, baseVerdicts map[string]bool
	for r := 0; r < rounds; r++ {
		d, cpu, out, err := timed(bin, "validate", "--format", "json", data)
		if err != nil {
			return err
		}
		ours, ourCPU = append(ours, d), append(ourCPU, cpu)
		if ourVerdicts, err = readOurs(out); err != nil {
			return err
		}
		d, cpu, out, err = timed(ajv, ajvArgs...)
		if err != nil {
			return err
		}
		theirs, theirCPU = append(theirs, d), append(theirCPU, cpu)
		ajvVerdicts = readAjv(out)
		if baseline != "" {
			d, cpu, out, err = timed(baseline, "validate", "--format", "json", data)
			if err != nil {
				return err
			}
			base, baseCPU = append(base, d), append(baseCPU, cpu)
			if baseVerdicts, err = readOurs(out); err != nil {
				return err
			}
		}
	}
	invalid := 0
	for _, v := range want {
		if !v {
			invalid++
		}
	}
	fmt.Printf("files: %d (%d invalid), %d rounds of each tool, interleaved, on %d cores\n", len(want), invalid, rounds, runtime.NumCPU())
	om := report("railzhook validate", ours, ourCPU)
	am := report("ajv-cli 5 + ajv-formats", theirs, theirCPU)
	fmt.Printf("ratio: railzhook is %.2f× faster (wall time), %.2f× less CPU time\n", float64(am)/float64(om), float64(median(theirCPU))/float64(median(ourCPU)))
	if baseline != "" {
		bm := report("baseline "+filepath.Base(baseline), base, baseCPU)
		fmt.Printf("ratio: this build is %.2f× faster than the baseline (wall time), %.2f× less CPU time; the baseline is %.2f× faster than ajv\n",
			float64(bm)/float64(om), float64(median(baseCPU))/float64(median(ourCPU)), float64(am)/float64(bm))
	}
	var differ []string
	for file, w := range want {
		o, ok1 := ourVerdicts[file]
		a, ok2 := ajvVerdicts[file]
		if !ok1 || !ok2 || o != a || o != w {
			differ = append(differ, fmt.Sprintf("%s: made %v, railzhook %v (reported %v), ajv %v (reported %v)", file, w, o, ok1, a, ok2))
		}
		if b, ok := baseVerdicts[file]; baseline != "" && (!ok || b != w) {
			differ = append(differ, fmt.Sprintf("%s: made %v, baseline %v (reported %v)", file, w, b, ok))
		}
	}
	sort.Strings(differ)
	fmt.Printf("same verdict from both tools (and as made): %d of %d files\n", len(want)-len(differ), len(want))
	for _, d := range differ {
		fmt.Println("  " + d)
	}
	if len(differ) > 0 {
		return errors.New("the tools disagree")
	}
	return nil
}

// installAjv installs ajv-cli and ajv-formats into cache, once, and returns the ajv command.
func installAjv(cache string) (string, error) {
	ajv := filepath.Join(cache, "node_modules", ".bin", "ajv")
	if _, err := os.Stat(ajv); err == nil {
		return ajv, nil
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(cache, "package.json"), []byte(`{"private": true}`), 0o644); err != nil {
		return "", err
	}
	js := "module.exports = function (ajv) { require(\"ajv-formats\")(ajv); };\n"
	if err := os.WriteFile(filepath.Join(cache, "formats.js"), []byte(js), 0o644); err != nil {
		return "", err
	}
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "ajv-cli@5", "ajv-formats@2")
	cmd.Dir = cache
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm install ajv-cli ajv-formats (npm must be installed and reachable): %w", err)
	}
	return ajv, nil
}

// writePayloads writes n payloads across the events and returns the verdict each was made with.
func writePayloads(dir string, n int, invalidShare float64) (map[string]bool, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	events, err := schemas.Events()
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	nInvalid := int(float64(n) * invalidShare)
	perEvent := (n - nInvalid + len(events) - 1) / len(events)
	var invalid []fake.Case
	written := 0
	for _, ev := range events {
		target, err := validate.EventTarget(ev.Name, validate.ModeDefault)
		if err != nil {
			return nil, err
		}
		g := fake.New(target)
		valid, err := g.Random(uint64(len(ev.Name)), perEvent)
		if err != nil {
			return nil, err
		}
		for _, c := range valid {
			if written >= n-nInvalid {
				break
			}
			name := fmt.Sprintf("%05d-%s.json", written, ev.Name)
			if err := os.WriteFile(filepath.Join(dir, name), c.Payload, 0o644); err != nil {
				return nil, err
			}
			want[name] = true
			written++
		}
		bad, err := g.Invalid()
		if err != nil {
			return nil, err
		}
		invalid = append(invalid, bad...)
	}
	for i := 0; i < nInvalid && len(invalid) > 0; i++ {
		c := invalid[(i*7919)%len(invalid)]
		name := fmt.Sprintf("%05d-invalid.json", written)
		if err := os.WriteFile(filepath.Join(dir, name), c.Payload, 0o644); err != nil {
			return nil, err
		}
		want[name] = false
		written++
	}
	return want, nil
}

// timed runs a command and returns its wall time, the CPU time it used (user and system, all
// its threads and children) and its standard output and error.
func timed(name string, args ...string) (time.Duration, time.Duration, []byte, error) {
	var out bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 {
		err = nil // some files are invalid
	}
	if err != nil {
		return 0, 0, nil, fmt.Errorf("%s: %w\n%s", name, err, clip(out.String()))
	}
	return d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), out.Bytes(), nil
}

// report prints a tool's median wall time with its range, and its median CPU time, and
// returns the median wall time.
func report(tool string, wall, cpu []time.Duration) time.Duration {
	m, lo, hi := spread(wall)
	fmt.Printf("%s: median %v (range %v–%v), CPU time %v\n", tool, m.Round(time.Millisecond), lo.Round(time.Millisecond), hi.Round(time.Millisecond), median(cpu).Round(time.Millisecond))
	return m
}

func median(ds []time.Duration) time.Duration {
	m, _, _ := spread(ds)
	return m
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// readOurs reads the verdicts of `railzhook validate --format json`.
func readOurs(out []byte) (map[string]bool, error) {
	v := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var r struct {
			File  string `json:"file"`
			Valid bool   `json:"valid"`
		}
		if err := json.Unmarshal(line, &r); err != nil {
			return nil, err
		}
		v[filepath.Base(r.File)] = r.Valid
	}
	return v, sc.Err()
}

// readAjv reads the "<file> valid" and "<file> invalid" lines of ajv-cli.
func readAjv(out []byte) map[string]bool {
	v := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasSuffix(line, " invalid"):
			v[filepath.Base(strings.TrimSuffix(line, " invalid"))] = false
		case strings.HasSuffix(line, " valid"):
			v[filepath.Base(strings.TrimSuffix(line, " valid"))] = true
		}
	}
	return v
}

func spread(ds []time.Duration) (med, lo, hi time.Duration) {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2], s[0], s[len(s)-1]
}
