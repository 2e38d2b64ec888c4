package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/railzhook/railzhook/internal/store"
	"github.com/railzhook/railzhook/validate"
	"github.com/railzhook/railzhook/webhook"
)

const listenAbout = `
Receives Railz webhooks on a local address and prints one line per delivery: time, event,
HTTP status, verdict, requestId and field errors. Point the Railz sandbox (or 'railzhook send')
at it to see what arrives.

With --secret-env the signature of every delivery is checked with the secret in that
environment variable (repeat the flag while a secret is rotated); without it signatures are not
checked. With --store every delivery is committed to an SQLite database before it is answered,
whatever its verdict: raw body, headers, verdict and errors. Nothing is lost; write the
deliveries out as fixtures with 'railzhook export'.

Runs until interrupted (Ctrl-C or SIGTERM).
`

func runListen(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return listen(ctx, args, stdout, stderr, nil)
}

// listen serves until ctx ends; ready, if set, is called with the address once it listens.
func listen(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) int {
	fs := newFlags("listen", "[--addr HOST:PORT] [--secret-env NAME] [--store FILE] [--strict]", listenAbout, stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	var secretEnvs multiFlag
	fs.Var(&secretEnvs, "secret-env", "environment variable `NAME` holding the webhook secret (repeatable)")
	storePath := fs.String("store", "", "SQLite database `file` to store every delivery in (created if missing)")
	strict := fs.Bool("strict", false, "validate in strict mode")
	maxBody := fs.Int64("max-body-bytes", webhook.DefaultMaxBodyBytes, "largest body accepted, in `bytes`")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "railzhook listen: unexpected argument %q\n", rest[0])
		return exitUsage
	}
	secrets, err := secretsFrom(secretEnvs)
	if err != nil {
		fmt.Fprintf(stderr, "railzhook listen: %v\n", err)
		return exitUsage
	}
	var st *store.Store
	if *storePath != "" {
		if st, err = store.Open(*storePath); err != nil {
			fmt.Fprintf(stderr, "railzhook listen: %v\n", err)
			return exitUsage
		}
		defer st.Close()
	}
	var mu sync.Mutex // one line at a time
	record := func(ctx context.Context, d *webhook.Delivery) error {
		id := int64(0)
		if st != nil {
			var err error
			if id, err = st.Add(ctx, toStored(d)); err != nil {
				mu.Lock()
				fmt.Fprintf(stderr, "railzhook listen: %v (answering 500 so the sender retries)\n", err)
				mu.Unlock()
				return err
			}
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(stdout, deliveryLine(d, id))
		return nil
	}
	opts := []webhook.Option{webhook.OnDelivery(record), webhook.MaxBodyBytes(*maxBody)}
	if len(secrets) == 0 {
		opts = append(opts, webhook.InsecureSkipSignature())
	}
	if *strict {
		opts = append(opts, webhook.Strict())
	}
	h, err := webhook.NewHandler(secrets, opts...)
	if err != nil {
		fmt.Fprintf(stderr, "railzhook listen: %v\n", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "railzhook listen: %v\n", err)
		return exitUsage
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute}
	checked := "signatures checked"
	if len(secrets) == 0 {
		checked = "signatures NOT checked (no --secret-env)"
	}
	stored := "deliveries not stored"
	if st != nil {
		stored = "storing in " + *storePath
	}
	mode := "default"
	if *strict {
		mode = "strict"
	}
	fmt.Fprintf(stdout, "railzhook listen: listening on http://%s (%s; %s; %s mode)\n", ln.Addr(), checked, stored, mode)
	if ready != nil {
		ready(ln.Addr().String())
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		fmt.Fprintf(stderr, "railzhook listen: %v\n", err)
		return exitUsage
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "railzhook listen: %v\n", err)
	}
	return exitOK
}

// secretsFrom reads secrets from environment variables; an unset or empty one is an error.
func secretsFrom(names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		v := os.Getenv(n)
		if v == "" {
			return nil, fmt.Errorf("environment variable %s is unset or empty", n)
		}
		out = append(out, v)
	}
	return out, nil
}

func toStored(d *webhook.Delivery) *store.Delivery {
	s := &store.Delivery{
		ReceivedAt: d.ReceivedAt, RemoteAddr: d.RemoteAddr, Header: d.Header, Body: d.Body,
		Event: d.Event, RequestID: d.RequestID, Verdict: string(d.Verdict), Status: d.Status,
		Mode: d.Mode.String(), PayloadValid: d.PayloadValid, Errors: d.Errors,
	}
	if d.SignatureError != nil {
		s.SignatureError = d.SignatureError.Error()
	}
	return s
}

// deliveryLine renders one delivery for the terminal.
func deliveryLine(d *webhook.Delivery, id int64) string {
	var b strings.Builder
	event := d.Event
	if event == "" {
		event = "-"
	}
	fmt.Fprintf(&b, "%s %s %d %s", d.ReceivedAt.UTC().Format("2006-01-02T15:04:05.000Z"), event, d.Status, d.Verdict)
	if d.RequestID != "" {
		fmt.Fprintf(&b, " requestId=%s", d.RequestID)
	}
	if id > 0 {
		fmt.Fprintf(&b, " stored=#%d", id)
	}
	if d.SignatureError != nil {
		fmt.Fprintf(&b, " signature: %v", d.SignatureError)
	}
	if d.CallbackError != nil {
		fmt.Fprintf(&b, " error: %v", d.CallbackError)
	}
	if len(d.Errors) > 0 {
		parts := make([]string, len(d.Errors))
		for i, f := range d.Errors {
			parts[i] = fieldErrorText(f)
		}
		fmt.Fprintf(&b, " errors: %s", strings.Join(parts, "; "))
	}
	return b.String()
}

func fieldErrorText(f validate.FieldError) string {
	if f.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", f.Line, f.Column, f.String())
	}
	return f.String()
}
