package webhook_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/railzhook/railzhook/webhook"
)

// postgresDSNEnv names the PostgreSQL server the SQLDedup tests use besides SQLite; .ci/run
// starts one and sets it.
const postgresDSNEnv = "RAILZHOOK_TEST_POSTGRES_DSN"

// testDB is a database the SQLDedup tests run on.
type testDB struct {
	name   string // "sqlite" or "postgres"
	driver string // the database/sql driver name
	dsn    string
}

// sqliteDSN is how the tests, and the docs, open a SQLite database shared by processes.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
}

// testDatabases are SQLite, always, and PostgreSQL when RAILZHOOK_TEST_POSTGRES_DSN is set;
// without it the test says that it ran on SQLite only.
func testDatabases(t *testing.T) []testDB {
	t.Helper()
	dbs := []testDB{{"sqlite", "sqlite", sqliteDSN(filepath.Join(t.TempDir(), "dedup.db"))}}
	if dsn := os.Getenv(postgresDSNEnv); dsn != "" {
		dbs = append(dbs, testDB{"postgres", "pgx", dsn})
	} else {
		t.Logf("%s is not set: SQLite only, no PostgreSQL (.ci/run starts a server and sets it)", postgresDSNEnv)
	}
	return dbs
}

// forEachDB runs fn as a subtest per test database, with a table name of its own that is
// dropped afterwards.
func forEachDB(t *testing.T, fn func(t *testing.T, tdb testDB, table string)) {
	for _, tdb := range testDatabases(t) {
		t.Run(tdb.name, func(t *testing.T) {
			table := freshTable(t, tdb)
			fn(t, tdb, table)
		})
	}
}

// freshTable is a new table name, dropped when the test ends.
func freshTable(t *testing.T, tdb testDB) string {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	table := "railzhook_test_" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		db, err := sql.Open(tdb.driver, tdb.dsn)
		if err != nil {
			return
		}
		defer db.Close()
		if _, err := db.Exec(`DROP TABLE IF EXISTS ` + table); err != nil {
			t.Errorf("dropping %s: %v", table, err)
		}
	})
	return table
}

func openDB(t *testing.T, tdb testDB) *sql.DB {
	t.Helper()
	db, err := sql.Open(tdb.driver, tdb.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func newSQLDedup(t *testing.T, db *sql.DB, opts ...webhook.SQLDedupOption) *webhook.SQLDedup {
	t.Helper()
	d, err := webhook.NewSQLDedup(db, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustClaim(t *testing.T, d webhook.Dedup, id string, lease time.Duration, want webhook.ClaimState) webhook.Claim {
	t.Helper()
	c, err := d.Claim(context.Background(), id, lease)
	if err != nil {
		t.Fatalf("claim %s: %v", id, err)
	}
	if c.State != want {
		t.Fatalf("claim %s: %s, want %s", id, c.State, want)
	}
	if (c.Token != "") != (want == webhook.ClaimWon) {
		t.Fatalf("claim %s: %s with token %q", id, c.State, c.Token)
	}
	return c
}

// row reads a delivery's row.
func row(t *testing.T, db *sql.DB, table, id string) (state string, attempts int) {
	t.Helper()
	if err := db.QueryRow(`SELECT state, attempts FROM `+table+` WHERE request_id = '`+id+`'`).Scan(&state, &attempts); err != nil {
		t.Fatalf("row %s: %v", id, err)
	}
	return state, attempts
}

func count(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// testClaims holds a Dedup to the claim protocol: one winner, done, release, lease.
func testClaims(t *testing.T, d webhook.Dedup) {
	ctx := context.Background()
	const lease = time.Minute
	won := mustClaim(t, d, "r1", lease, webhook.ClaimWon)
	mustClaim(t, d, "r1", lease, webhook.ClaimHeld)
	if err := d.Done(ctx, "r1", won.Token); err != nil {
		t.Fatal(err)
	}
	mustClaim(t, d, "r1", lease, webhook.ClaimDone)
	if err := d.Done(ctx, "r1", won.Token); !errors.Is(err, webhook.ErrClaimLost) {
		t.Errorf("Done twice: %v", err)
	}
	if err := d.Release(ctx, "r1", won.Token); !errors.Is(err, webhook.ErrClaimLost) {
		t.Errorf("Release after Done: %v", err)
	}
	mustClaim(t, d, "r1", lease, webhook.ClaimDone)

	// Released, the delivery is claimed again, by a new token; the old one holds nothing.
	first := mustClaim(t, d, "r2", lease, webhook.ClaimWon)
	if err := d.Done(ctx, "r2", "not-the-token"); !errors.Is(err, webhook.ErrClaimLost) {
		t.Errorf("Done with another token: %v", err)
	}
	if err := d.Release(ctx, "r2", first.Token); err != nil {
		t.Fatal(err)
	}
	second := mustClaim(t, d, "r2", lease, webhook.ClaimWon)
	if second.Token == first.Token {
		t.Error("a claim won again has the same token")
	}
	if err := d.Release(ctx, "r2", first.Token); !errors.Is(err, webhook.ErrClaimLost) {
		t.Errorf("Release with the released token: %v", err)
	}
	mustClaim(t, d, "r2", lease, webhook.ClaimHeld)
	if err := d.Done(ctx, "r2", second.Token); err != nil {
		t.Fatal(err)
	}
	mustClaim(t, d, "r2", lease, webhook.ClaimDone)

	// A holder that never comes back loses its claim when the lease ends.
	dead := mustClaim(t, d, "r3", 300*time.Millisecond, webhook.ClaimWon)
	mustClaim(t, d, "r3", lease, webhook.ClaimHeld)
	time.Sleep(400 * time.Millisecond)
	taken := mustClaim(t, d, "r3", lease, webhook.ClaimWon)
	if err := d.Done(ctx, "r3", dead.Token); !errors.Is(err, webhook.ErrClaimLost) {
		t.Errorf("Done by the holder whose claim was taken over: %v", err)
	}
	mustClaim(t, d, "r3", lease, webhook.ClaimHeld)
	if err := d.Done(ctx, "r3", taken.Token); err != nil {
		t.Fatal(err)
	}
	// A holder whose lease ended but whose claim nobody took keeps it.
	slow := mustClaim(t, d, "r4", 100*time.Millisecond, webhook.ClaimWon)
	time.Sleep(200 * time.Millisecond)
	if err := d.Done(ctx, "r4", slow.Token); err != nil {
		t.Errorf("Done after the lease, not taken over: %v", err)
	}
	mustClaim(t, d, "r4", lease, webhook.ClaimDone)

	if _, err := d.Claim(ctx, "r5", 0); err == nil {
		t.Error("a claim without a lease was accepted")
	}
}

func TestMemoryDedupClaims(t *testing.T) {
	testClaims(t, webhook.NewMemoryDedup(time.Hour))
}

func TestSQLDedupClaims(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB, table string) {
		db := openDB(t, tdb)
		d := newSQLDedup(t, db, webhook.DedupTable(table))
		if d.Table() != table {
			t.Errorf("Table() %q", d.Table())
		}
		testClaims(t, d)
		for id, want := range map[string]string{"r1": "done 1", "r2": "done 2", "r3": "done 2", "r4": "done 1"} {
			if state, attempts := row(t, db, table, id); fmt.Sprint(state, " ", attempts) != want {
				t.Errorf("%s: %s %d, want %s", id, state, attempts, want)
			}
		}
		for _, id := range []string{"", strings.Repeat("x", 256)} {
			if _, err := d.Claim(context.Background(), id, time.Minute); err == nil || !strings.Contains(err.Error(), "requestId") {
				t.Errorf("requestId of %d bytes: %v", len(id), err)
			}
		}
		// A second SQLDedup on the same table (another replica) sees the same claims.
		other := newSQLDedup(t, openDB(t, tdb), webhook.DedupTable(table))
		mustClaim(t, other, "r1", time.Minute, webhook.ClaimDone)
		c := mustClaim(t, other, "r6", time.Minute, webhook.ClaimWon)
		mustClaim(t, d, "r6", time.Minute, webhook.ClaimHeld)
		if err := d.Done(context.Background(), "r6", c.Token); err != nil {
			t.Fatal(err)
		}
		mustClaim(t, other, "r6", time.Minute, webhook.ClaimDone)
	})
}

// TestDedupConcurrentClaims: of 32 claims at once on one requestId, exactly one wins.
func TestDedupConcurrentClaims(t *testing.T) {
	run := func(t *testing.T, d webhook.Dedup) {
		for round := range 5 {
			id := fmt.Sprintf("concurrent-%d", round)
			var mu sync.Mutex
			states := map[webhook.ClaimState]int{}
			var wg sync.WaitGroup
			for range 32 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, err := d.Claim(context.Background(), id, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					states[c.State]++
					mu.Unlock()
				}()
			}
			wg.Wait()
			if states[webhook.ClaimWon] != 1 || states[webhook.ClaimHeld] != 31 {
				t.Errorf("round %d: %v", round, states)
			}
		}
	}
	t.Run("memory", func(t *testing.T) { run(t, webhook.NewMemoryDedup(time.Hour)) })
	forEachDB(t, func(t *testing.T, tdb testDB, table string) {
		db := openDB(t, tdb)
		db.SetMaxOpenConns(16)
		run(t, newSQLDedup(t, db, webhook.DedupTable(table)))
	})
}

// TestNewSQLDedupConcurrentStart: replicas starting at the same moment on a database without
// the table all get it, created once.
func TestNewSQLDedupConcurrentStart(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB, table string) {
		for round := range 3 {
			table := fmt.Sprintf("%s_%d", table, round)
			t.Cleanup(func() {
				db, _ := sql.Open(tdb.driver, tdb.dsn)
				db.Exec(`DROP TABLE IF EXISTS ` + table)
				db.Close()
			})
			const replicas = 8
			dbs := make([]*sql.DB, replicas)
			for i := range dbs {
				dbs[i] = openDB(t, tdb)
				if err := dbs[i].Ping(); err != nil { // connect first, so the starts coincide
					t.Fatal(err)
				}
			}
			start := make(chan struct{})
			errs := make([]error, replicas)
			var wg sync.WaitGroup
			for i := range dbs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errs[i] = webhook.NewSQLDedup(dbs[i], webhook.DedupTable(table))
				}()
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("round %d, replica %d: %v", round, i, err)
				}
			}
		}
	})
}

func TestNewSQLDedupErrors(t *testing.T) {
	if _, err := webhook.NewSQLDedup(nil); err == nil {
		t.Error("nil db accepted")
	}
	forEachDB(t, func(t *testing.T, tdb testDB, table string) {
		db := openDB(t, tdb)
		for _, name := range []string{"", "Dedup", "1dedup", "de-dup", "dedup; DROP TABLE x", `"dedup"`, "a.b.c", ".dedup", "dedup.", strings.Repeat("d", 53)} {
			_, err := webhook.NewSQLDedup(db, webhook.DedupTable(name))
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", name)) {
				t.Errorf("table %q: %v", name, err)
			}
		}
		for _, opt := range []webhook.SQLDedupOption{webhook.DedupTTL(0), webhook.DedupTTL(-time.Hour), webhook.DedupSweepEvery(-time.Second)} {
			if _, err := webhook.NewSQLDedup(db, opt, webhook.DedupTable(table)); err == nil {
				t.Error("a bad option was accepted")
			}
		}
		// A table of that name that is something else.
		if _, err := db.Exec(`CREATE TABLE ` + table + ` (request_id text PRIMARY KEY, seen_at text)`); err != nil {
			t.Fatal(err)
		}
		if _, err := webhook.NewSQLDedup(db, webhook.DedupTable(table)); err == nil || !strings.Contains(err.Error(), table) || !strings.Contains(err.Error(), "columns") {
			t.Errorf("a foreign table: %v", err)
		}
		if tdb.name == "sqlite" {
			plain, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "plain.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer plain.Close()
			if _, err := webhook.NewSQLDedup(plain); err == nil || !strings.Contains(err.Error(), "busy_timeout") {
				t.Errorf("SQLite without a busy timeout: %v", err)
			}
		}
	})
	// A database that cannot be reached.
	db, err := sql.Open("pgx", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=5")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := webhook.NewSQLDedup(db); err == nil || !strings.Contains(err.Error(), "NewSQLDedup") {
		t.Errorf("unreachable database: %v", err)
	}
}

// TestSQLDedupTTL: a handled delivery is remembered for the TTL, then claimed anew; rows past
// their TTL are swept, by Sweep or by a claim at most once per DedupSweepEvery, through the
// expires_at index.
func TestSQLDedupTTL(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB, table string) {
		ctx := context.Background()
		db := openDB(t, tdb)
		const ttl = 300 * time.Millisecond
		d := newSQLDedup(t, db, webhook.DedupTable(table), webhook.DedupTTL(ttl), webhook.DedupSweepEvery(0))
		for i := range 5 {
			id := fmt.Sprintf("ttl-%d", i)
			c := mustClaim(t, d, id, time.Millisecond, webhook.ClaimWon)
			if err := d.Done(ctx, id, c.Token); err != nil {
				t.Fatal(err)
			}
		}
		mustClaim(t, d, "ttl-0", time.Minute, webhook.ClaimDone)
		time.Sleep(ttl + 100*time.Millisecond)
		if n := count(t, db, table); n != 5 {
			t.Errorf("%d rows before a sweep, want 5 (automatic sweeping is off)", n)
		}
		// Past its TTL a delivery is new again, swept or not.
		c := mustClaim(t, d, "ttl-0", time.Minute, webhook.ClaimWon)
		if state, attempts := row(t, db, table, "ttl-0"); state != "held" || attempts != 2 {
			t.Errorf("ttl-0 claimed after its TTL: %s %d", state, attempts)
		}
		if n, err := d.Sweep(ctx); err != nil || n != 4 {
			t.Errorf("Sweep: %d, %v; want the 4 rows past their TTL", n, err)
		}
		if err := d.Done(ctx, "ttl-0", c.Token); err != nil {
			t.Fatal(err)
		}
		// A held claim is not swept before its lease ends, however short the TTL.
		mustClaim(t, d, "held", time.Minute, webhook.ClaimWon)
		time.Sleep(ttl + 100*time.Millisecond)
		d.Sweep(ctx)
		mustClaim(t, d, "held", time.Minute, webhook.ClaimHeld)

		// More than one batch.
		insertExpired(t, db, tdb, table, "bulk", 2500)
		if n, err := d.Sweep(ctx); err != nil || n != 2500 {
			t.Errorf("Sweep of 2500 rows: %d, %v", n, err)
		}

		// Automatic: the first claim sweeps a batch, the next ones within the interval do not.
		auto := newSQLDedup(t, db, webhook.DedupTable(table), webhook.DedupTTL(ttl), webhook.DedupSweepEvery(time.Hour))
		insertExpired(t, db, tdb, table, "old", 10)
		mustClaim(t, auto, "a1", time.Minute, webhook.ClaimWon)
		if n := countLike(t, db, table, "old-%"); n != 0 {
			t.Errorf("%d expired rows after the first claim, want 0", n)
		}
		insertExpired(t, db, tdb, table, "older", 10)
		for i := range 20 {
			mustClaim(t, auto, fmt.Sprintf("a%d", i+2), time.Minute, webhook.ClaimWon)
		}
		if n := countLike(t, db, table, "older-%"); n != 10 {
			t.Errorf("%d of 10 expired rows left after 20 claims within the sweep interval", n)
		}
	})
}

// insertExpired adds n done rows whose TTL ended a minute ago.
func insertExpired(t *testing.T, db *sql.DB, tdb testDB, table, prefix string, n int) {
	t.Helper()
	past := "now() - interval '1 minute'"
	if tdb.name == "sqlite" {
		past = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER) - 60000"
	}
	for from := 0; from < n; from += 250 {
		var values []string
		for i := from; i < min(from+250, n); i++ {
			values = append(values, fmt.Sprintf("('%s-%d', 'done', 't', 1, %s, %s, %s)", prefix, i, past, past, past))
		}
		q := `INSERT INTO ` + table + ` (request_id, state, token, attempts, claimed_at, lease_until, expires_at) VALUES ` + strings.Join(values, ", ")
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func countLike(t *testing.T, db *sql.DB, table, pattern string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ` + table + ` WHERE request_id LIKE '` + pattern + `'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSQLDedupSweepUsesIndex: the sweep finds expired rows through the expires_at index, not
// by reading the table.
func TestSQLDedupSweepUsesIndex(t *testing.T) {
	forEachDB(t, func(t *testing.T, tdb testDB, table string) {
		db := openDB(t, tdb)
		d := newSQLDedup(t, db, webhook.DedupTable(table))
		insertExpired(t, db, tdb, table, "x", 50)
		var plan []string
		switch tdb.name {
		case "sqlite":
			rows, err := db.Query(`EXPLAIN QUERY PLAN `+webhook.SweepQuery(d), 1000)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			rows.Close()
		case "postgres":
			// Told not to read whole tables where it has a choice, the planner must have one.
			tx, err := db.Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if _, err := tx.Exec(`SET LOCAL enable_seqscan = off`); err != nil {
				t.Fatal(err)
			}
			rows, err := tx.Query(`EXPLAIN `+webhook.SweepQuery(d), 1000)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var line string
				if err := rows.Scan(&line); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, line)
			}
			rows.Close()
		}
		text := strings.Join(plan, "\n")
		if !strings.Contains(text, table+"_expires_at") || strings.Contains(text, "Seq Scan on") || strings.Contains(text, "SCAN "+table+"\n") {
			t.Errorf("the sweep does not search the expires_at index:\n%s", text)
		}
	})
}
