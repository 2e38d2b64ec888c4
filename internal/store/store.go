// Package store keeps received webhook deliveries in an embedded SQLite database
// (modernc.org/sqlite: pure Go, nothing to install). Each delivery is committed, with
// synchronous=FULL in WAL mode, before the listener acknowledges it, so a delivery that got a
// 2xx survives the process being killed.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite"

	"github.com/railzhook/railzhook/validate"
)

const schema = `
CREATE TABLE IF NOT EXISTS deliveries (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	received_at     TEXT    NOT NULL,
	remote_addr     TEXT    NOT NULL,
	headers         TEXT    NOT NULL, -- JSON object: header name -> list of values
	body            BLOB    NOT NULL, -- the raw body, byte for byte
	event           TEXT    NOT NULL, -- data.event, or ''
	request_id      TEXT    NOT NULL, -- requestId, or ''
	verdict         TEXT    NOT NULL, -- ok, invalid, bad-signature, unknown-event, too-large, ...
	status          INTEGER NOT NULL, -- the HTTP status answered
	mode            TEXT    NOT NULL, -- default or strict
	signature_error TEXT    NOT NULL,
	payload_valid   INTEGER NOT NULL, -- 1 when the body is valid for its event's schema
	errors          TEXT    NOT NULL  -- JSON array of field errors
);
CREATE INDEX IF NOT EXISTS deliveries_request_id ON deliveries (request_id);
`

// Columns added after the first release, with their definitions; Open adds them to older
// databases.
var laterColumns = [][2]string{
	{"body_size", "INTEGER NOT NULL DEFAULT -1"},         // bytes received; -1 when not recorded
	{"body_sha256", "TEXT NOT NULL DEFAULT ''"},          // hex SHA-256 of the whole body received
	{"body_complete", "INTEGER NOT NULL DEFAULT 1"},      // 0 when body holds only the first bytes
	{"signature_verified", "INTEGER NOT NULL DEFAULT 0"}, // 1 when a secret verified the signature
	{"headers_capped", "INTEGER NOT NULL DEFAULT 0"},     // 1 when headers holds only some of them, or shortened
}

// Delivery is one stored delivery.
type Delivery struct {
	ID             int64
	ReceivedAt     time.Time
	RemoteAddr     string
	Header         http.Header
	Body           []byte
	Event          string
	RequestID      string
	Verdict        string
	Status         int
	Mode           string
	SignatureError string
	PayloadValid   bool
	Errors         []validate.FieldError
	// Size is the number of bytes received and SHA256 their hex digest; BodyComplete is false
	// when Body holds only the first of them (deliveries refused before verification).
	Size         int64
	SHA256       string
	BodyComplete bool
	// SignatureVerified is true when a configured secret verified the delivery's signature.
	SignatureVerified bool
	// HeadersCapped is true when Header holds only some of the headers received, or some of
	// them shortened (deliveries refused before verification are kept as capped metadata).
	HeadersCapped bool
}

// Store is an open delivery database. It is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// Open opens or creates the database file at path, which is a file name, not a DSN: any
// character may appear in it. A new database is created readable and writable by its owner
// only (0600), and so are its -wal and -shm files, because it holds Railz-Signature headers
// that can be replayed while they are fresh.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("store: no file name")
	}
	created := false
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		created = true
	} else if errors.Is(err, fs.ErrExist) {
		f, err = os.OpenFile(path, os.O_RDWR, 0)
	}
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	f.Close()
	fail := func(err error) (*Store, error) {
		if created {
			if info, serr := os.Stat(path); serr == nil && info.Size() == 0 {
				os.Remove(path) // ours, and empty: leave nothing behind
			}
		}
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	dsn, err := dsnFor(path)
	if err != nil {
		return fail(err)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fail(err)
	}
	db.SetMaxOpenConns(1) // one writer; SQLite serialises writes anyway
	if err := migrate(db); err != nil {
		db.Close()
		return fail(err)
	}
	return &Store{db: db}, nil
}

// dsnFor makes the SQLite URI of a file path: file:// and the absolute path, with the three
// characters a URI gives a meaning to (% ? #) percent-encoded, so that every path names its
// file: a leading // is never read as a host name, and nothing in a name becomes a parameter.
// The path is made absolute without being cleaned, so that it names what os.OpenFile opened
// even through a symlink followed by "..".
func dsnFor(path string) (string, error) {
	if !filepath.IsAbs(path) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		path = wd + string(filepath.Separator) + path
	}
	// An authority is only read after "file://"; with it empty, the path starts at the third
	// slash, and slashes after that are the path's own.
	u := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	return "file://" + u + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)", nil
}

func migrate(db *sql.DB) error {
	if _, err := db.Exec(schema); err != nil {
		return err
	}
	rows, err := db.Query(`SELECT name FROM pragma_table_info('deliveries')`)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		have[name] = true
	}
	rows.Close()
	for _, c := range laterColumns {
		if !have[c[0]] {
			if _, err := db.Exec(`ALTER TABLE deliveries ADD COLUMN ` + c[0] + ` ` + c[1]); err != nil {
				return err
			}
		}
	}
	return nil
}

// JournalMode reports SQLite's journal mode for the database ("wal").
func (s *Store) JournalMode() (string, error) {
	var mode string
	err := s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	return mode, err
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Add commits a delivery and returns its id.
func (s *Store) Add(ctx context.Context, d *Delivery) (int64, error) {
	headers, err := json.Marshal(d.Header)
	if err != nil {
		return 0, err
	}
	errs := d.Errors
	if errs == nil {
		errs = []validate.FieldError{}
	}
	errJSON, err := json.Marshal(errs)
	if err != nil {
		return 0, err
	}
	body := d.Body
	if body == nil {
		body = []byte{}
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO deliveries
		(received_at, remote_addr, headers, body, event, request_id, verdict, status, mode, signature_error, payload_valid, errors,
		 body_size, body_sha256, body_complete, signature_verified, headers_capped)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ReceivedAt.UTC().Format(time.RFC3339Nano), d.RemoteAddr, string(headers), body, d.Event, d.RequestID,
		d.Verdict, d.Status, d.Mode, d.SignatureError, d.PayloadValid, string(errJSON),
		d.Size, d.SHA256, d.BodyComplete, d.SignatureVerified, d.HeadersCapped)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return res.LastInsertId()
}

// Each calls fn with every delivery in the order they were received, one row at a time.
func (s *Store) Each(ctx context.Context, fn func(*Delivery) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, received_at, remote_addr, headers, body, event, request_id,
		verdict, status, mode, signature_error, payload_valid, errors, body_size, body_sha256, body_complete,
		signature_verified, headers_capped FROM deliveries ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d Delivery
		var at, headers, errJSON string
		if err := rows.Scan(&d.ID, &at, &d.RemoteAddr, &headers, &d.Body, &d.Event, &d.RequestID,
			&d.Verdict, &d.Status, &d.Mode, &d.SignatureError, &d.PayloadValid, &errJSON,
			&d.Size, &d.SHA256, &d.BodyComplete, &d.SignatureVerified, &d.HeadersCapped); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		d.ReceivedAt, _ = time.Parse(time.RFC3339Nano, at)
		if err := json.Unmarshal([]byte(headers), &d.Header); err != nil {
			return fmt.Errorf("store: delivery %d: headers: %w", d.ID, err)
		}
		if err := json.Unmarshal([]byte(errJSON), &d.Errors); err != nil {
			return fmt.Errorf("store: delivery %d: errors: %w", d.ID, err)
		}
		if err := fn(&d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Count returns the number of stored deliveries.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM deliveries`).Scan(&n)
	return n, err
}
