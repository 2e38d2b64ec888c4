// Package store keeps received webhook deliveries in an embedded SQLite database
// (modernc.org/sqlite: pure Go, nothing to install). Each delivery is committed, with
// synchronous=FULL in WAL mode, before the listener acknowledges it, so a delivery that got a
// 2xx survives the process being killed.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
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
}

// Store is an open delivery database. It is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// Open opens or creates the database at path.
func Open(path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	db.SetMaxOpenConns(1) // one writer; SQLite serialises writes anyway
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("store %s: %w", path, err)
	}
	return &Store{db: db}, nil
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
		(received_at, remote_addr, headers, body, event, request_id, verdict, status, mode, signature_error, payload_valid, errors)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ReceivedAt.UTC().Format(time.RFC3339Nano), d.RemoteAddr, string(headers), body, d.Event, d.RequestID,
		d.Verdict, d.Status, d.Mode, d.SignatureError, d.PayloadValid, string(errJSON))
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	return res.LastInsertId()
}

// Each calls fn with every delivery in the order they were received.
func (s *Store) Each(ctx context.Context, fn func(*Delivery) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, received_at, remote_addr, headers, body, event, request_id,
		verdict, status, mode, signature_error, payload_valid, errors FROM deliveries ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d Delivery
		var at, headers, errJSON string
		if err := rows.Scan(&d.ID, &at, &d.RemoteAddr, &headers, &d.Body, &d.Event, &d.RequestID,
			&d.Verdict, &d.Status, &d.Mode, &d.SignatureError, &d.PayloadValid, &errJSON); err != nil {
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
