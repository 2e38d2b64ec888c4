package webhook_test

import (
	"context"
	"database/sql"
	"log"
	"net/http"
	"os"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/webhook"
)

// A receiver for several replicas: each opens the same PostgreSQL database, and a delivery
// that reaches more than one of them runs its callback once. (Compiled, not run: it serves
// HTTP until stopped.)
func ExampleNewSQLDedup_postgres() {
	// In main, on every replica:
	// e.g. postgres://receiver:secret@db.internal:5432/app?sslmode=verify-full
	db, err := sql.Open("pgx", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(20)

	dedup, err := webhook.NewSQLDedup(db) // creates railzhook_dedup if it is missing
	if err != nil {
		log.Fatal(err)
	}
	h, err := webhook.NewHandler([]string{os.Getenv("RAILZ_WEBHOOK_SECRET")},
		webhook.WithDedup(dedup),
		webhook.DedupLease(70*time.Second), // the default: longer than any callback runs
		webhook.On(func(ctx context.Context, ev *railz.DataEvent) error {
			return ingest(ctx, db, ev) // runs once per delivery, across every replica
		}),
		webhook.OnEvent(func(ctx context.Context, ev railz.Event) error {
			log.Printf("railz %s", ev.EventName())
			return nil
		}),
	)
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/webhooks/railz", h)
	log.Fatal(http.ListenAndServe(":8080", nil))
}

func ingest(ctx context.Context, db *sql.DB, ev *railz.DataEvent) error {
	// Your work here. An error answers 500: the claim is released and Railz retries.
	return nil
}
