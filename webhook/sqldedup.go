package webhook

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"log"
	"regexp"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultDedupTable is the table SQLDedup keeps its claims in, unless DedupTable names another.
const DefaultDedupTable = "railzhook_dedup"

// SQLDedup is a Dedup in a table of a PostgreSQL or SQLite database, which every replica of a
// receiver opens: one INSERT … ON CONFLICT statement decides which replica's claim wins, and
// the database, not this package, coordinates the replicas.
//
// The table (DefaultDedupTable unless DedupTable names another) has one row per delivery:
//
//	request_id  text primary key   the delivery's requestId
//	state       text               'held' while a callback runs, then 'done' or 'released'
//	token       text               names the claim that holds the row to Done and Release
//	attempts    integer            how many claims were won on it: callbacks started
//	claimed_at  time of the last claim won
//	lease_until time when that claim may be taken over if it is still held
//	expires_at  time when the row may be swept (TTL after done; lease plus TTL while held)
//
// In PostgreSQL the times are timestamptz and come from the server's clock, so the replicas'
// clocks do not matter; in SQLite they are integers, Unix milliseconds. An index on
// expires_at lets rows past their TTL be swept a batch at a time, at most once per
// DedupSweepEvery per SQLDedup, without a scan of the table.
type SQLDedup struct {
	db         *sql.DB
	q          *sqlStatements
	table      string
	ttl        time.Duration
	sweepEvery time.Duration
	lastSweep  atomic.Int64 // unix nanoseconds of the last automatic sweep
}

// SQLDedupOption configures NewSQLDedup.
type SQLDedupOption func(*sqlDedupConfig)

type sqlDedupConfig struct {
	table      string
	ttl        time.Duration
	sweepEvery time.Duration
	err        error
}

func (c *sqlDedupConfig) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("webhook: NewSQLDedup: "+format, args...)
	}
}

// tableName is a lower-case SQL identifier, optionally behind a schema name. Lower case only,
// so that PostgreSQL's folding of unquoted names changes nothing.
var tableName = regexp.MustCompile(`^(?:[a-z_][a-z0-9_]{0,62}\.)?[a-z_][a-z0-9_]{0,51}$`)

// DedupTable names the table (default DefaultDedupTable): lower-case letters, digits and
// underscores, not starting with a digit, at most 52 characters, optionally behind a schema
// name ("webhooks.railz_dedup").
func DedupTable(name string) SQLDedupOption {
	return func(c *sqlDedupConfig) {
		if !tableName.MatchString(name) {
			c.fail("table name %q: want lower-case letters, digits and underscores, not starting with a digit, at most 52 of them, optionally after a schema name and a dot", name)
			return
		}
		c.table = name
	}
}

// DedupTTL sets how long a handled delivery is remembered (default DefaultDedupTTL, a day).
// A copy arriving later runs the callback again, so keep it well above the time over which
// Railz retries a delivery.
func DedupTTL(d time.Duration) SQLDedupOption {
	return func(c *sqlDedupConfig) {
		if d < time.Millisecond {
			c.fail("TTL must be at least a millisecond, not %s", d)
			return
		}
		c.ttl = d
	}
}

// DedupSweepEvery sets how often Claim deletes a batch of rows past their TTL (default every
// minute, per SQLDedup). Zero turns the automatic sweep off; call Sweep on a schedule of your
// own then.
func DedupSweepEvery(d time.Duration) SQLDedupOption {
	return func(c *sqlDedupConfig) {
		if d < 0 {
			c.fail("sweep interval must not be negative, not %s", d)
			return
		}
		c.sweepEvery = d
	}
}

// NewSQLDedup keeps claims in a table of db, a PostgreSQL or SQLite database opened with the
// caller's driver (github.com/jackc/pgx/v5/stdlib, github.com/lib/pq, modernc.org/sqlite,
// github.com/mattn/go-sqlite3, ...; this package imports none). It creates the table and its
// index when they are missing; on PostgreSQL it does so under an advisory lock, so replicas
// that start at the same moment do not trip over each other. An SQLite database must be
// opened with a busy timeout (modernc.org/sqlite: "?_pragma=busy_timeout(10000)"), so that
// concurrent claims wait for each other instead of failing.
func NewSQLDedup(db *sql.DB, opts ...SQLDedupOption) (*SQLDedup, error) {
	if db == nil {
		return nil, errors.New("webhook: NewSQLDedup: nil *sql.DB")
	}
	c := &sqlDedupConfig{table: DefaultDedupTable, ttl: DefaultDedupTTL, sweepEvery: time.Minute}
	for _, o := range opts {
		o(c)
	}
	if c.err != nil {
		return nil, c.err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("webhook: NewSQLDedup: %w", err)
	}
	dialect, err := detectDialect(ctx, db)
	if err != nil {
		return nil, err
	}
	s := &SQLDedup{db: db, q: dialect.statements(c.table), table: c.table, ttl: c.ttl, sweepEvery: c.sweepEvery}
	if err := dialect.create(ctx, db, c.table, s.q.check); err != nil {
		return nil, fmt.Errorf("webhook: NewSQLDedup: table %s: %w", c.table, err)
	}
	return s, nil
}

// Table returns the name of the table.
func (s *SQLDedup) Table() string { return s.table }

// maxRequestID bounds a requestId (Railz's are UUIDs, 36 bytes), well inside what a primary
// key index takes.
const maxRequestID = 255

// Claim implements Dedup with one INSERT … ON CONFLICT statement: it inserts the claim, or
// takes over a row that was released, whose lease ended, or that is past its TTL. Only when
// that changes nothing does a second query read what holds the row.
func (s *SQLDedup) Claim(ctx context.Context, id string, lease time.Duration) (Claim, error) {
	if lease <= 0 {
		return Claim{}, fmt.Errorf("webhook: claim lease must be positive, not %s", lease)
	}
	if id == "" || len(id) > maxRequestID {
		return Claim{}, fmt.Errorf("webhook: a requestId of %d bytes cannot be claimed (1 to %d)", len(id), maxRequestID)
	}
	s.maybeSweep(ctx)
	token := newToken()
	leaseMS := max(lease.Milliseconds(), 1)
	for range 3 {
		var attempts int64
		err := s.db.QueryRowContext(ctx, s.q.claim, id, token, leaseMS, s.ttl.Milliseconds()).Scan(&attempts)
		if err == nil {
			return Claim{State: ClaimWon, Token: token}, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Claim{}, fmt.Errorf("webhook: claiming delivery %q in %s: %w", id, s.table, err)
		}
		var state string
		err = s.db.QueryRowContext(ctx, s.q.state, id).Scan(&state)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			continue // swept since: claim again
		case err != nil:
			return Claim{}, fmt.Errorf("webhook: reading the claim on delivery %q in %s: %w", id, s.table, err)
		case state == "done":
			return Claim{State: ClaimDone}, nil
		case state == "held":
			return Claim{State: ClaimHeld}, nil
		}
		// Released since: claim again.
	}
	// The row keeps changing under us; the caller polls again.
	return Claim{State: ClaimHeld}, nil
}

// Done implements Dedup.
func (s *SQLDedup) Done(ctx context.Context, id, token string) error {
	return s.settle(ctx, "marking delivery %q as handled", s.q.done, id, token, s.ttl.Milliseconds())
}

// Release implements Dedup.
func (s *SQLDedup) Release(ctx context.Context, id, token string) error {
	return s.settle(ctx, "releasing the claim on delivery %q", s.q.release, id, token)
}

func (s *SQLDedup) settle(ctx context.Context, what, query, id, token string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, append([]any{id, token}, args...)...)
	if err != nil {
		return fmt.Errorf("webhook: "+what+" in %s: %w", id, s.table, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("webhook: "+what+" in %s: %w", id, s.table, err)
	}
	if n == 0 {
		return fmt.Errorf("%w (delivery %q in %s)", ErrClaimLost, id, s.table)
	}
	return nil
}

// sweepBatch is how many rows one sweep statement deletes at most.
const sweepBatch = 1000

// Sweep deletes every row past its TTL, a batch at a time through the expires_at index, and
// reports how many it deleted. Claim calls it for one batch at most once per DedupSweepEvery.
func (s *SQLDedup) Sweep(ctx context.Context) (int64, error) {
	var total int64
	for {
		n, err := s.sweepOnce(ctx)
		total += n
		if err != nil || n < sweepBatch {
			return total, err
		}
	}
}

func (s *SQLDedup) sweepOnce(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q.sweep, sweepBatch)
	if err != nil {
		return 0, fmt.Errorf("webhook: sweeping %s: %w", s.table, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("webhook: sweeping %s: %w", s.table, err)
	}
	return n, nil
}

// maybeSweep deletes one batch of expired rows when the last automatic sweep is
// DedupSweepEvery ago. A failure is logged and does not fail the claim: the next interval
// tries again.
func (s *SQLDedup) maybeSweep(ctx context.Context) {
	if s.sweepEvery <= 0 {
		return
	}
	now := time.Now().UnixNano()
	last := s.lastSweep.Load()
	if now-last < int64(s.sweepEvery) || !s.lastSweep.CompareAndSwap(last, now) {
		return
	}
	if _, err := s.sweepOnce(ctx); err != nil && ctx.Err() == nil {
		log.Printf("railzhook: %v", err)
	}
}

// sqlColumns are the columns of the table, in order.
const sqlColumns = "request_id, state, token, attempts, claimed_at, lease_until, expires_at"

// sqlStatements are a dialect's statements for one table.
type sqlStatements struct {
	check, claim, state, done, release, sweep string
}

type sqlDialect struct {
	statements func(table string) *sqlStatements
	// create makes the table and its index where they are missing, and checks with the
	// check statement that the table is a dedup table.
	create func(ctx context.Context, db *sql.DB, table, check string) error
}

// detectDialect asks the database what it is, whatever the driver.
func detectDialect(ctx context.Context, db *sql.DB) (*sqlDialect, error) {
	var v string
	err := db.QueryRowContext(ctx, "SELECT version()").Scan(&v)
	if err == nil {
		if strings.HasPrefix(v, "PostgreSQL ") {
			return postgresDialect, nil
		}
		return nil, fmt.Errorf("webhook: NewSQLDedup works on PostgreSQL and SQLite; this database is %q", truncate(v))
	}
	if err2 := db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&v); err2 == nil {
		return sqliteDialect, nil
	}
	return nil, fmt.Errorf("webhook: NewSQLDedup works on PostgreSQL and SQLite; this database answered neither version() nor sqlite_version(): %w", err)
}

func notDedupTable(err error) error {
	return fmt.Errorf("it exists but does not have the columns of a dedup table (%s): %w", sqlColumns, err)
}

// lockKey is the PostgreSQL advisory lock taken while the table is created.
func lockKey(table string) int64 {
	h := fnv.New64a()
	h.Write([]byte("railzhook dedup table " + table))
	return int64(h.Sum64())
}

// indexName is the name of the expires_at index (without the table's schema).
func indexName(table string) string {
	return table[strings.LastIndexByte(table, '.')+1:] + "_expires_at"
}

var postgresDialect = &sqlDialect{
	statements: func(t string) *sqlStatements {
		const now, ms = "now()", " * interval '1 millisecond'"
		return &sqlStatements{
			check: `SELECT ` + sqlColumns + ` FROM ` + t + ` LIMIT 0`,
			claim: `INSERT INTO ` + t + ` AS d (request_id, state, token, attempts, claimed_at, lease_until, expires_at)
VALUES ($1, 'held', $2, 1, ` + now + `, ` + now + ` + $3::bigint` + ms + `, ` + now + ` + ($3::bigint + $4::bigint)` + ms + `)
ON CONFLICT (request_id) DO UPDATE SET state = 'held', token = excluded.token, attempts = d.attempts + 1,
	claimed_at = excluded.claimed_at, lease_until = excluded.lease_until, expires_at = excluded.expires_at
WHERE d.state = 'released' OR (d.state = 'held' AND d.lease_until <= ` + now + `) OR d.expires_at <= ` + now + `
RETURNING d.attempts`,
			state:   `SELECT state FROM ` + t + ` WHERE request_id = $1 AND expires_at > ` + now,
			done:    `UPDATE ` + t + ` SET state = 'done', expires_at = ` + now + ` + $3::bigint` + ms + ` WHERE request_id = $1 AND token = $2 AND state = 'held'`,
			release: `UPDATE ` + t + ` SET state = 'released' WHERE request_id = $1 AND token = $2 AND state = 'held'`,
			sweep:   `DELETE FROM ` + t + ` WHERE request_id IN (SELECT request_id FROM ` + t + ` WHERE expires_at <= ` + now + ` LIMIT $1)`,
		}
	},
	// A plain CREATE TABLE IF NOT EXISTS races in PostgreSQL: two sessions both find the table
	// missing and one fails on a unique index of the catalogue. Under a transaction-scoped
	// advisory lock only one session at a time looks and creates; and a table that exists is
	// not created again, so a role without the CREATE privilege can use a table made for it.
	create: func(ctx context.Context, db *sql.DB, t, check string) error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, lockKey(t)); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT to_regclass($1::text) IS NOT NULL`, t).Scan(&exists); err != nil {
			return err
		}
		if exists {
			if _, err := tx.ExecContext(ctx, check); err != nil {
				return notDedupTable(err)
			}
			return nil
		}
		for _, stmt := range []string{
			`CREATE TABLE ` + t + ` (
	request_id  text PRIMARY KEY,
	state       text NOT NULL CHECK (state IN ('held', 'done', 'released')),
	token       text NOT NULL,
	attempts    integer NOT NULL,
	claimed_at  timestamptz NOT NULL,
	lease_until timestamptz NOT NULL,
	expires_at  timestamptz NOT NULL
)`,
			`CREATE INDEX ` + indexName(t) + ` ON ` + t + ` (expires_at)`,
		} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return err
			}
		}
		return tx.Commit()
	},
}

var sqliteDialect = &sqlDialect{
	statements: func(t string) *sqlStatements {
		// Unix milliseconds; 'now' is the same throughout one statement.
		const now = `CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)`
		return &sqlStatements{
			check: `SELECT ` + sqlColumns + ` FROM ` + t + ` LIMIT 0`,
			claim: `INSERT INTO ` + t + ` AS d (request_id, state, token, attempts, claimed_at, lease_until, expires_at)
VALUES (?1, 'held', ?2, 1, ` + now + `, ` + now + ` + ?3, ` + now + ` + ?3 + ?4)
ON CONFLICT (request_id) DO UPDATE SET state = 'held', token = excluded.token, attempts = d.attempts + 1,
	claimed_at = excluded.claimed_at, lease_until = excluded.lease_until, expires_at = excluded.expires_at
WHERE d.state = 'released' OR (d.state = 'held' AND d.lease_until <= ` + now + `) OR d.expires_at <= ` + now + `
RETURNING attempts`,
			state:   `SELECT state FROM ` + t + ` WHERE request_id = ?1 AND expires_at > ` + now,
			done:    `UPDATE ` + t + ` SET state = 'done', expires_at = ` + now + ` + ?3 WHERE request_id = ?1 AND token = ?2 AND state = 'held'`,
			release: `UPDATE ` + t + ` SET state = 'released' WHERE request_id = ?1 AND token = ?2 AND state = 'held'`,
			sweep:   `DELETE FROM ` + t + ` WHERE request_id IN (SELECT request_id FROM ` + t + ` WHERE expires_at <= ` + now + ` LIMIT ?1)`,
		}
	},
	// SQLite takes its write lock for a CREATE and looks again, so IF NOT EXISTS is safe when
	// several processes start at once (given the busy timeout NewSQLDedup insists on).
	create: func(ctx context.Context, db *sql.DB, t, check string) error {
		var busy int64
		if err := db.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
			return err
		}
		if busy <= 0 {
			return errors.New(`the SQLite database was opened without a busy timeout, so concurrent claims would fail with "database is locked": open it with one, e.g. "file:dedup.db?_pragma=busy_timeout(10000)" (modernc.org/sqlite) or "file:dedup.db?_busy_timeout=10000" (github.com/mattn/go-sqlite3)`)
		}
		schema, table := "", t
		if i := strings.IndexByte(t, '.'); i >= 0 {
			schema, table = t[:i+1], t[i+1:]
		}
		if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+t+` (
	request_id  TEXT PRIMARY KEY NOT NULL,
	state       TEXT NOT NULL CHECK (state IN ('held', 'done', 'released')),
	token       TEXT NOT NULL,
	attempts    INTEGER NOT NULL,
	claimed_at  INTEGER NOT NULL,
	lease_until INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL
)`); err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, check); err != nil {
			return notDedupTable(err)
		}
		_, err := db.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS `+schema+indexName(t)+` ON `+table+` (expires_at)`)
		return err
	},
}
