package webhook_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/webhook"
)

// receiverEnv, when set, makes the test binary a webhook receiver instead of running tests:
// TestSQLDedupReplicas starts three of them, separate processes on one store.
const receiverEnv = "RAILZHOOK_TEST_RECEIVER"

func TestMain(m *testing.M) {
	if os.Getenv(receiverEnv) != "" {
		if err := runReceiver(); err != nil {
			fmt.Fprintln(os.Stderr, "receiver:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// receiverConfig is passed to a receiver process through its environment.
type receiverConfig struct {
	Name   string        // of the replica, in the runs file
	Driver string        // database/sql driver name
	DSN    string        // of the store
	Table  string        // of the store
	Lease  time.Duration // DedupLease
	Wait   time.Duration // DedupWait
	Runs   string        // the file every callback run is recorded in
	Work   time.Duration // how long a callback works
}

// Delivery kinds, the first hex digit of a test requestId: what its callback does.
const (
	kindOK         = 'a' // succeeds
	kindFailFirst  = 'f' // fails on its first run, succeeds after
	kindDieFirst   = 'd' // its first run never returns: the test kills that replica
	kindFailSingle = 'b' // like kindFailFirst, first sent to one replica only
)

// runReceiver serves webhooks on 127.0.0.1 with a SQLDedup until its standard input closes.
func runReceiver() error {
	var c receiverConfig
	if err := json.Unmarshal([]byte(os.Getenv(receiverEnv)), &c); err != nil {
		return err
	}
	db, err := sql.Open(c.Driver, c.DSN)
	if err != nil {
		return err
	}
	dedup, err := webhook.NewSQLDedup(db, webhook.DedupTable(c.Table))
	if err != nil {
		return err
	}
	runs, err := os.OpenFile(c.Runs, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	record := func(what, id string) {
		// One write per line, appended: the lines of the replicas do not mix.
		fmt.Fprintf(runs, "%s %s %s %d %d\n", what, id, c.Name, os.Getpid(), time.Now().UnixNano())
	}
	h, err := webhook.NewHandler([]string{secret},
		webhook.WithDedup(dedup), webhook.DedupLease(c.Lease), webhook.DedupWait(c.Wait),
		webhook.ErrorLog(log.New(os.Stderr, c.Name+": ", 0)),
		webhook.On(func(ctx context.Context, ev *railz.PushEvent) error {
			id := ev.RequestID
			record("start", id)
			// Only the claim's holder runs, so counting the earlier runs here is race-free.
			runs, err := readRuns(c.Runs)
			if err != nil {
				return err
			}
			first := runs.count("start", id) == 1
			time.Sleep(c.Work)
			switch {
			case first && (id[0] == kindFailFirst || id[0] == kindFailSingle):
				record("fail", id)
				return errors.New("the first attempt fails")
			case first && id[0] == kindDieFirst:
				record("hang", id)
				select {} // until killed
			}
			record("done", id)
			return nil
		}))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("listening %s\n", ln.Addr())
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	return http.Serve(ln, h)
}

// runLine is one line of the runs file.
type runLine struct {
	what, id, replica string
	pid               int
	at                time.Time
}

type runLog []runLine

func readRuns(path string) (runLog, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out runLog
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		f := strings.Fields(line)
		if len(f) != 5 {
			continue // a line being written
		}
		pid, _ := strconv.Atoi(f[3])
		ns, _ := strconv.ParseInt(f[4], 10, 64)
		out = append(out, runLine{f[0], f[1], f[2], pid, time.Unix(0, ns)})
	}
	return out, nil
}

func (r runLog) count(what, id string) int {
	n := 0
	for _, l := range r {
		if l.what == what && l.id == id {
			n++
		}
	}
	return n
}

func (r runLog) find(what, id string) (runLine, bool) {
	for _, l := range r {
		if l.what == what && l.id == id {
			return l, true
		}
	}
	return runLine{}, false
}

// replica is a receiver process.
type replica struct {
	name  string
	url   string
	cmd   *exec.Cmd
	stdin io.WriteCloser
	log   *syncBuffer
}

func startReplica(t *testing.T, c receiverConfig) *replica {
	t.Helper()
	env, _ := json.Marshal(c)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), receiverEnv+"="+string(env))
	r := &replica{name: c.Name, cmd: cmd, log: &syncBuffer{}}
	cmd.Stderr = r.log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if r.stdin, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		r.stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("%s (pid %d) stderr:\n%s", r.name, cmd.Process.Pid, r.log.String())
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if err != nil || !ok {
		cmd.Process.Kill()
		t.Fatalf("%s did not start: %q %v\n%s", c.Name, line, err, r.log.String())
	}
	r.url = "http://" + addr + "/webhooks"
	return r
}

// answer is one replica's answer to one copy of a delivery.
type replicaAnswer struct {
	replica string
	status  string // "200 ok", "200 duplicate", "500", or the transport error
	at      time.Time
}

// send posts body, signed now, to r.
func (r *replica) send(client *http.Client, body []byte) replicaAnswer {
	req, _ := http.NewRequest(http.MethodPost, r.url, bytes.NewReader(body))
	req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, secret, time.Now()))
	resp, err := client.Do(req)
	if err != nil {
		return replicaAnswer{r.name, "error", time.Now()}
	}
	defer resp.Body.Close()
	var a struct{ Status string }
	json.NewDecoder(resp.Body).Decode(&a)
	status := strconv.Itoa(resp.StatusCode)
	if a.Status != "" {
		status += " " + a.Status
	}
	return replicaAnswer{r.name, status, time.Now()}
}

// TestSQLDedupReplicas runs three receiver processes on one store (PostgreSQL when
// RAILZHOOK_TEST_POSTGRES_DSN is set, SQLite always) and sends every delivery to all three at
// once, then again twice as Railz's retries. Every requestId's callback completes exactly
// once; every copy is answered 2xx once the winner has finished, none before; a delivery
// whose first attempt fails runs once more, never a third time; the delivery of a replica
// killed mid-callback is taken over when its lease ends.
func TestSQLDedupReplicas(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB, table string) {
		const lease = 3 * time.Second
		cfg := receiverConfig{Driver: tdb.driver, DSN: tdb.dsn, Table: table, Lease: lease, Wait: 15 * time.Second,
			Runs: t.TempDir() + "/runs", Work: 150 * time.Millisecond}
		// Three replicas starting at once, on a store without the table.
		replicas := make([]*replica, 3)
		var wg sync.WaitGroup
		for i := range replicas {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := cfg
				c.Name = fmt.Sprintf("replica-%d", i+1)
				replicas[i] = startReplica(t, c)
			}()
		}
		wg.Wait()
		for _, r := range replicas {
			if r == nil {
				t.FailNow()
			}
		}

		body := fixture(t, "valid/push/success.json")
		type delivery struct {
			id   string
			body []byte
		}
		var deliveries []delivery
		add := func(kind byte, n int) {
			for i := range n {
				id := fmt.Sprintf("%c%07x-0000-4000-8000-%012x", kind, i, i)
				deliveries = append(deliveries, delivery{id, bytes.Replace(body, []byte("e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64"), []byte(id), 1)})
			}
		}
		add(kindOK, 12)
		add(kindFailFirst, 4)
		add(kindFailSingle, 2)
		dying := len(deliveries)
		add(kindDieFirst, 1)
		client := &http.Client{Timeout: 60 * time.Second}

		// send delivers each of ds to the replicas to picks, all at the same moment.
		send := func(ds []delivery, to func(delivery) []*replica) map[string][]replicaAnswer {
			var mu sync.Mutex
			answers := map[string][]replicaAnswer{}
			var wg sync.WaitGroup
			for _, d := range ds {
				for _, r := range to(d) {
					wg.Add(1)
					go func() {
						defer wg.Done()
						a := r.send(client, d.body)
						mu.Lock()
						answers[d.id] = append(answers[d.id], a)
						mu.Unlock()
					}()
				}
			}
			wg.Wait()
			return answers
		}
		all := func(delivery) []*replica { return replicas }
		statuses := func(as []replicaAnswer) string {
			var s []string
			for _, a := range as {
				s = append(s, a.status)
			}
			slices.Sort(s)
			return strings.Join(s, ", ")
		}

		start := time.Now()
		first := send(deliveries[:dying], func(d delivery) []*replica {
			if d.id[0] == kindFailSingle {
				return replicas[:1]
			}
			return replicas
		})
		t.Logf("%s: %d deliveries to 3 replicas at once in %s", tdb.name, dying, time.Since(start).Round(time.Millisecond))

		// The replica that hangs in the callback of the kindDieFirst delivery is killed.
		killed := make(chan string, 1)
		stopWatch := make(chan struct{})
		go func() {
			for {
				select {
				case <-stopWatch:
					return
				case <-time.After(20 * time.Millisecond):
				}
				runs, _ := readRuns(cfg.Runs)
				if hang, ok := runs.find("hang", deliveries[dying].id); ok {
					for _, r := range replicas {
						if r.cmd.Process.Pid == hang.pid {
							r.cmd.Process.Signal(syscall.SIGKILL)
							killed <- r.name
							return
						}
					}
				}
			}
		}()
		start = time.Now()
		for id, as := range send(deliveries[dying:], all) {
			first[id] = as
		}
		close(stopWatch)
		var dead string
		select {
		case dead = <-killed:
		default:
			t.Fatal("no replica hung in the callback, none was killed")
		}
		t.Logf("%s: a delivery to 3 replicas, %s killed mid-callback, taken over in %s", tdb.name, dead, time.Since(start).Round(time.Millisecond))

		// A fresh replica replaces the dead one, and Railz retries every delivery, twice.
		for i, r := range replicas {
			if r.name == dead {
				c := cfg
				c.Name = "replica-4"
				replicas[i] = startReplica(t, c)
			}
		}
		retry := send(deliveries, all)
		again := send(deliveries, all)

		runs, err := readRuns(cfg.Runs)
		if err != nil {
			t.Fatal(err)
		}
		db := openDB(t, tdb)
		for _, d := range deliveries {
			want := map[byte][3]string{
				kindOK:         {"200 duplicate, 200 duplicate, 200 ok", "200 duplicate, 200 duplicate, 200 duplicate", "1 start, 0 fail"},
				kindFailFirst:  {"200 duplicate, 200 ok, 500", "200 duplicate, 200 duplicate, 200 duplicate", "2 start, 1 fail"},
				kindFailSingle: {"500", "200 duplicate, 200 duplicate, 200 ok", "2 start, 1 fail"},
				kindDieFirst:   {"200 duplicate, 200 ok, error", "200 duplicate, 200 duplicate, 200 duplicate", "2 start, 0 fail"},
			}[d.id[0]]
			if got := statuses(first[d.id]); got != want[0] {
				t.Errorf("%s, sent to all at once: %s, want %s", d.id, got, want[0])
			}
			if got := statuses(retry[d.id]); got != want[1] {
				t.Errorf("%s, retried: %s, want %s", d.id, got, want[1])
			}
			if got := statuses(again[d.id]); got != "200 duplicate, 200 duplicate, 200 duplicate" {
				t.Errorf("%s, retried again: %s", d.id, got)
			}
			if got := fmt.Sprintf("%d start, %d fail", runs.count("start", d.id), runs.count("fail", d.id)); got != want[2] {
				t.Errorf("%s: callbacks %s, want %s", d.id, got, want[2])
			}
			// Exactly once to completion, and no copy acknowledged before that.
			if n := runs.count("done", d.id); n != 1 {
				t.Errorf("%s: the callback completed %d times", d.id, n)
				continue
			}
			done, _ := runs.find("done", d.id)
			for _, a := range slices.Concat(first[d.id], retry[d.id], again[d.id]) {
				if strings.HasPrefix(a.status, "2") && a.at.Before(done.at) {
					t.Errorf("%s: %s answered %s at %s, before the callback finished on %s at %s", d.id, a.replica, a.status, a.at.Format(time.StampMicro), done.replica, done.at.Format(time.StampMicro))
				}
			}
			// A copy waiting while the first attempt failed takes over at once, not after the lease.
			if fail, ok := runs.find("fail", d.id); ok && d.id[0] == kindFailFirst && done.at.Sub(fail.at) >= lease-cfg.Work {
				t.Errorf("%s: run again %s after the failure: the released claim waited for its lease", d.id, done.at.Sub(fail.at))
			}
			if d.id[0] == kindDieFirst {
				hang, _ := runs.find("hang", d.id)
				if hang.replica != dead || done.replica == dead {
					t.Errorf("%s: hung on %s, finished on %s; %s was killed", d.id, hang.replica, done.replica, dead)
				}
				if took := done.at.Sub(hang.at); took < lease-200*time.Millisecond {
					t.Errorf("%s taken over %s after the hang, before the %s lease ended", d.id, took, lease)
				}
			}
			if state, attempts := row(t, db, table, d.id); state != "done" || attempts != runs.count("start", d.id) {
				t.Errorf("%s: row %s, %d attempts; %d callbacks started", d.id, state, attempts, runs.count("start", d.id))
			}
		}
	})
}
