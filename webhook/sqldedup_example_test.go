package webhook_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // in production: _ "github.com/jackc/pgx/v5/stdlib"

	"github.com/railzhook/railzhook/gen/railz"
	"github.com/railzhook/railzhook/webhook"
)

// Two replicas of a receiver share one database, so a delivery that reaches both at the same
// moment runs its callback once: the second copy waits for the first to finish, then is
// acknowledged as a duplicate. Here the database is SQLite in a temporary folder and the
// replicas are test servers; in production each replica opens the same PostgreSQL database,
// with sql.Open("pgx", os.Getenv("DATABASE_URL")).
func ExampleNewSQLDedup() {
	dir, err := os.MkdirTemp("", "railzhook-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	secret := "whsec_from_the_railz_dashboard"
	var calls atomic.Int32

	replica := func() *httptest.Server {
		db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "dedup.db")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
		if err != nil {
			panic(err)
		}
		dedup, err := webhook.NewSQLDedup(db) // creates the table railzhook_dedup if missing
		if err != nil {
			panic(err)
		}
		h, err := webhook.NewHandler([]string{secret},
			webhook.WithDedup(dedup),
			webhook.On(func(ctx context.Context, ev *railz.ConnectionStatusEvent) error {
				calls.Add(1)
				time.Sleep(100 * time.Millisecond) // the copy arrives at the other replica meanwhile
				return nil
			}),
		)
		if err != nil {
			panic(err)
		}
		return httptest.NewServer(h)
	}
	a, b := replica(), replica()
	defer a.Close()
	defer b.Close()

	body := []byte(`{"data": {"event": "connectionStatus", "connectionId": "CON-8602a97d-89a6-45d2-897b-625f8b6b9e86",
  "businessName": "Acme", "serviceName": "quickbooks", "oldStatus": "active", "newStatus": "disconnected",
  "disconnectReason": "expiredCredentials", "effectiveOn": "2021-05-07T10:18:29.985Z"},
  "requestId": "3f2c9e1a-8b7d-4c6e-9a05-1d2e3f4a5b6c"}`)
	var mu sync.Mutex
	var answers []string
	var wg sync.WaitGroup
	for _, srv := range []*httptest.Server{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
			req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, secret, time.Now()))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				fmt.Println(err)
				return
			}
			defer resp.Body.Close()
			var buf bytes.Buffer
			buf.ReadFrom(resp.Body)
			mu.Lock()
			answers = append(answers, fmt.Sprintf("%s %s", resp.Status, bytes.TrimSpace(buf.Bytes())))
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(answers)
	for _, a := range answers {
		fmt.Println(a)
	}
	fmt.Println("callbacks:", calls.Load())
	// Output:
	// 200 OK {"status":"duplicate","event":"connectionStatus"}
	// 200 OK {"status":"ok","event":"connectionStatus"}
	// callbacks: 1
}
