// Command receiver serves the example receiver on HTTP:
//
//	RAILZ_WEBHOOK_SECRET=whsec_... receiver -addr :8080
//
// It deduplicates deliveries in memory, which suits one process. With several replicas
// behind a load balancer, give each the same PostgreSQL database, so that a delivery reaching
// two of them at once runs its callbacks once:
//
//	receiver -addr :8080 -postgres "postgres://receiver:secret@db.internal:5432/app?sslmode=verify-full"
//
// The table (railzhook_dedup) is created on first start if it is missing; see "Running
// several replicas" in the railzhook docs.
package main

import (
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"example.com/consumer/receiver"
	"github.com/railzhook/railzhook/webhook"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "receiver:", err)
		os.Exit(1)
	}
}

func run(args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("receiver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":8080", "listen on this address")
	postgres := fs.String("postgres", getenv("DATABASE_URL"), "PostgreSQL URL shared by all replicas (default $DATABASE_URL); empty: deduplicate in memory, one process only")
	if err := fs.Parse(args); err != nil {
		return err
	}
	h, closeDB, err := handler(getenv("RAILZ_WEBHOOK_SECRET"), *postgres)
	if err != nil {
		return err
	}
	defer closeDB()
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/railz", h)
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Printf("receiving Railz webhooks on %s/webhooks/railz", *addr)
	return srv.ListenAndServe()
}

// handler is the receiver's http.Handler, deduplicating on PostgreSQL when postgresURL is set.
func handler(secret, postgresURL string) (http.Handler, func(), error) {
	if secret == "" {
		return nil, nil, errors.New("set RAILZ_WEBHOOK_SECRET to the endpoint's signing secret")
	}
	var opts []webhook.Option
	closeDB := func() {}
	if postgresURL != "" {
		db, err := sql.Open("pgx", postgresURL)
		if err != nil {
			return nil, nil, err
		}
		dedup, err := webhook.NewSQLDedup(db)
		if err != nil {
			db.Close()
			return nil, nil, err
		}
		opts = append(opts, webhook.WithDedup(dedup))
		closeDB = func() { db.Close() }
	}
	_, h, err := receiver.New(secret, opts...)
	if err != nil {
		closeDB()
		return nil, nil, err
	}
	return h, closeDB, nil
}
