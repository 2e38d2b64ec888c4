package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/railzhook/railzhook/webhook"
)

func TestHandlerNeedsSecret(t *testing.T) {
	if _, _, err := handler("", ""); err == nil || !strings.Contains(err.Error(), "RAILZ_WEBHOOK_SECRET") {
		t.Errorf("no secret: %v", err)
	}
	var stderr bytes.Buffer
	if err := run([]string{"-nope"}, func(string) string { return "" }, &stderr); err == nil || !strings.Contains(stderr.String(), "-postgres") {
		t.Errorf("bad flag: %v\n%s", err, stderr.String())
	}
}

func TestHandlerPostgresUnreachable(t *testing.T) {
	_, _, err := handler("s", "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=5")
	if err == nil || !strings.Contains(err.Error(), "NewSQLDedup") {
		t.Errorf("unreachable database: %v", err)
	}
}

// TestHandlerPostgres: two replicas on one PostgreSQL database (RAILZHOOK_TEST_POSTGRES_DSN,
// which railzhook's .ci/run sets) handle a delivery once.
func TestHandlerPostgres(t *testing.T) {
	dsn := os.Getenv("RAILZHOOK_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Log("RAILZHOOK_TEST_POSTGRES_DSN is not set: the PostgreSQL receiver is not run here")
		return
	}
	body, err := os.ReadFile("../../../../testdata/valid/push/success.json")
	if err != nil {
		t.Fatal(err)
	}
	// A requestId of its own, so that earlier runs on the same database do not count.
	var b [16]byte
	rand.Read(b[:])
	x := hex.EncodeToString(b[:])
	id := x[0:8] + "-" + x[8:12] + "-4" + x[13:16] + "-8" + x[17:20] + "-" + x[20:32]
	body = bytes.Replace(body, []byte("e8b5c0f1-2d4a-4c6e-9b37-5a1f0d8e2c64"), []byte(id), 1)
	var answers []string
	for range 2 {
		h, closeDB, err := handler("whsec_consumer_test", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer closeDB()
		req := httptest.NewRequest(http.MethodPost, "/webhooks/railz", bytes.NewReader(body))
		req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, "whsec_consumer_test", time.Now()))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		answers = append(answers, strings.TrimSpace(rec.Body.String()))
	}
	if answers[0] != `{"status":"ok","event":"push"}` || answers[1] != `{"status":"duplicate","event":"push"}` {
		t.Errorf("answers %q", answers)
	}
}
