package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/railzhook/railzhook/internal/printable"
	"github.com/railzhook/railzhook/internal/store"
	"github.com/railzhook/railzhook/validate"
	"github.com/railzhook/railzhook/webhook"
)

const listenAbout = `
Receives Railz webhooks on a local address and prints one line per delivery: time, event,
HTTP status, verdict, requestId and field errors. Point the Railz sandbox (or 'railzhook send')
at it to see what arrives. --format json prints one JSON object per delivery instead (time,
event, status, verdict, requestId, stored id, size, signature and field errors), for jq and
scripts; the start-up line then goes to stderr. --events a,b shows (and forwards) only
deliveries of those events; every delivery is still answered and stored.

With --secret-env the signature of every delivery is checked with the secret in that
environment variable (repeat the flag while a secret is rotated); without it signatures are not
checked. A delivery whose signature is missing or wrong, or whose body is too large, is answered
at once and never parsed.

With --store every delivery is committed to an SQLite database (created 0600) before it is
answered. Deliveries that passed the signature check, or all of them when signatures are not
checked, are kept whole: raw body, headers, verdict and errors; write them out as fixtures with
'railzhook export'. Refused ones are kept as capped metadata: time, status, reason, size,
SHA-256, the first 4 KiB of the body (all of it with --keep-rejected-bodies) and at most 2 KiB
of headers (the signature first, each value cut to 256 bytes), so that clients without the
secret cannot fill the disk.

At most --max-conns connections are open at once. A body must keep arriving at 64 KiB/s
once its first 5 seconds have passed (it is answered 408 otherwise), and when every connection
is taken, one that is idle or makes no progress is closed to make room for a new one, so slow
clients cannot lock out real deliveries. Bodies whose signature is not yet checked share a
128 MiB memory budget: one over 256 KiB waits for room, up to 10 seconds, then is answered 503.

Everything printed from a delivery (event, requestId, messages quoting its values) is escaped:
control characters appear as \xNN, and format characters (bidirectional controls such as
U+202E, zero-width characters, ...) and line separators as \uNNNN, never raw.

With --forward-to URL, every verified delivery (every one that was not refused, when
signatures are not checked) is sent on to your application at URL, body byte for byte with its
Railz-* and Content-Type headers, before Railz gets its answer; the application's status is
printed beside the delivery. --forward-secret-env re-signs forwarded deliveries with a local
secret, so your application can verify them with a secret of its own. Redirects are not
followed.

Runs until interrupted (Ctrl-C or SIGTERM).
`

func runListen(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return listen(ctx, args, stdout, stderr, nil)
}

// listen serves until ctx ends; ready, if set, is called with the address once it listens.
func listen(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(addr string)) int {
	fs := newFlags("listen", "[--addr HOST:PORT] [--secret-env NAME] [--store FILE] [--strict] [--max-body-bytes N] [--max-conns N] [--keep-rejected-bodies] [--forward-to URL [--forward-secret-env NAME]] [--events A,B] [--format text|json]", listenAbout, stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	var secretEnvs multiFlag
	fs.Var(&secretEnvs, "secret-env", "environment variable `NAME` holding the webhook secret (repeatable)")
	storePath := fs.String("store", "", "SQLite database `file` to store every delivery in (created if missing)")
	strict := fs.Bool("strict", false, "validate in strict mode")
	maxBody := fs.Int64("max-body-bytes", webhook.DefaultMaxBodyBytes, "largest body accepted, in `bytes`")
	maxConns := fs.Int("max-conns", 64, "most connections open at once; when all are taken, one that makes no progress is closed for a new one, else the new one waits")
	forwardTo := fs.String("forward-to", "", "`URL` of your application to send every verified delivery to, printing its answer")
	forwardSecret := fs.String("forward-secret-env", "", "with --forward-to: environment variable `NAME` of a local secret to re-sign forwarded deliveries with")
	keepRejected := fs.Bool("keep-rejected-bodies", false, "with --store: keep the whole body of refused deliveries, not only their first 4 KiB")
	events := fs.String("events", "", "print (and forward) only deliveries of these comma-separated `events`; every delivery is still answered and stored")
	format := fs.String("format", "text", "output `format`: text (one line per delivery) or json (one JSON object per delivery)")
	rest, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	if *format != "text" && *format != "json" {
		usageError(stderr, "listen", "--format must be text or json, not %q", *format)
		return exitUsage
	}
	show, err := eventFilter(*events)
	if err != nil {
		usageError(stderr, "listen", "%v", err)
		return exitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "railzhook listen: unexpected argument %q\n", rest[0])
		return exitUsage
	}
	if *maxConns < 1 {
		fmt.Fprintf(stderr, "railzhook listen: --max-conns must be at least 1, not %d\n", *maxConns)
		return exitUsage
	}
	var fwd *forwarder
	if *forwardTo != "" {
		u, err := url.Parse(*forwardTo)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			usageError(stderr, "listen", "--forward-to must be an http or https URL, not %q", *forwardTo)
			return exitUsage
		}
		local := ""
		if *forwardSecret != "" {
			s, err := secretsFrom([]string{*forwardSecret})
			if err != nil {
				fmt.Fprintf(stderr, "railzhook listen: %v\n", err)
				return exitUsage
			}
			local = s[0]
		}
		fwd = newForwarder(*forwardTo, local)
	} else if *forwardSecret != "" {
		usageError(stderr, "listen", "--forward-secret-env goes with --forward-to")
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
			if id, err = st.Add(ctx, toStored(d, *keepRejected)); err != nil {
				mu.Lock()
				fmt.Fprintf(stderr, "railzhook listen: %v (answering 500 so the sender retries)\n", err)
				mu.Unlock()
				return err
			}
		}
		if !show(d) {
			return nil
		}
		refused := d.Verdict == webhook.VerdictBadSignature || d.Verdict == webhook.VerdictTooLarge
		forwarded := ""
		if fwd != nil && !refused {
			forwarded = fwd.forward(d)
		}
		line := deliveryLine(d, id)
		if forwarded != "" {
			line += " " + escape(forwarded)
		}
		if *format == "json" {
			line = deliveryJSON(d, id, forwarded)
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(stdout, line)
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
	lim := limitListener(ln, *maxConns)
	ln = lim
	// Timeouts for a receiver on a local address: headers promptly; a body must keep arriving
	// at webhook.DefaultMinBodyRate (the handler moves the read deadline as it arrives), and
	// connections that make no progress give their slot to new ones (see conns.go).
	srv := &http.Server{Handler: lim.track(h), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 3 * time.Minute, IdleTimeout: time.Minute, MaxHeaderBytes: 64 << 10,
		ConnState: lim.connState, ConnContext: lim.connContext}
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
	if *events != "" {
		mode += " mode; showing only " + *events
	} else {
		mode += " mode"
	}
	fmt.Fprintf(startup(stdout, stderr, *format), "railzhook listen: listening on http://%s (%s; %s; %s)\n", ln.Addr(), checked, stored, mode)
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

// secretsFrom reads secrets from environment variables; an unset, empty or white-space one
// is an error.
func secretsFrom(names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		v := os.Getenv(n)
		if strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("environment variable %s is unset, empty or only white space", n)
		}
		out = append(out, v)
	}
	return out, nil
}

// rejectedBodyBytes is how much of a refused delivery's body the store keeps.
const rejectedBodyBytes = 4 << 10

func toStored(d *webhook.Delivery, keepRejected bool) *store.Delivery {
	sum := sha256.Sum256(d.Body)
	s := &store.Delivery{
		ReceivedAt: d.ReceivedAt, RemoteAddr: d.RemoteAddr, Header: d.Header, Body: d.Body,
		Event: d.Event, RequestID: d.RequestID, Verdict: string(d.Verdict), Status: d.Status,
		Mode: d.Mode.String(), PayloadValid: d.PayloadValid, Errors: d.Errors,
		Size: int64(len(d.Body)), SHA256: hex.EncodeToString(sum[:]), BodyComplete: true,
		SignatureVerified: d.SignatureVerified,
	}
	refused := d.Verdict == webhook.VerdictBadSignature || d.Verdict == webhook.VerdictTooLarge
	if refused {
		s.Header, s.HeadersCapped = capHeaders(d.Header)
	}
	if refused && !keepRejected && len(d.Body) > rejectedBodyBytes {
		s.Body, s.BodyComplete = d.Body[:rejectedBodyBytes], false
	}
	if d.Verdict == webhook.VerdictTooLarge {
		s.BodyComplete = false // only what was read before the cap
	}
	if d.SignatureError != nil {
		s.SignatureError = d.SignatureError.Error()
	}
	return s
}

// Of a refused delivery's headers the store keeps at most rejectedHeaderBytes (counted as
// stored, JSON-encoded), each name and value cut to rejectedHeaderValue bytes: enough to see
// who sent it and with what signature, but never the 60 KiB a client without the secret may
// send with every request.
const (
	rejectedHeaderBytes = 2 << 10
	rejectedHeaderValue = 256
)

// diagnosticHeaders are kept first, in this order; the others follow in name order.
var diagnosticHeaders = []string{webhook.SignatureHeader, "Content-Type", "Content-Length", "User-Agent", "X-Forwarded-For", "X-Real-Ip"}

// capHeaders returns the part of h a refused delivery is stored with, and whether anything
// was left out or shortened.
func capHeaders(h http.Header) (http.Header, bool) {
	out := http.Header{}
	capped := false
	used := 2 // {}
	cut := func(s string) string {
		if len(s) > rejectedHeaderValue {
			capped = true
			return s[:rejectedHeaderValue]
		}
		return s
	}
	size := func(s string) int { b, _ := json.Marshal(s); return len(b) }
	names := make([]string, 0, len(h))
	for _, n := range diagnosticHeaders {
		if _, ok := h[n]; ok {
			names = append(names, n)
		}
	}
	rest := make([]string, 0, len(h))
	for n := range h {
		if !slices.Contains(diagnosticHeaders, n) {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	for _, n := range append(names, rest...) {
		name := cut(n)
		for _, v := range h[n] {
			v = cut(v)
			cost := size(v) + 1
			if _, ok := out[name]; !ok {
				cost += size(name) + 4 // "name":[...],
			}
			if used+cost > rejectedHeaderBytes {
				return out, true
			}
			used += cost
			out[name] = append(out[name], v)
		}
	}
	return out, capped
}

// deliveryLine renders one delivery for the terminal.
func deliveryLine(d *webhook.Delivery, id int64) string {
	var b strings.Builder
	event := d.Event
	if event == "" {
		event = "-"
	}
	fmt.Fprintf(&b, "%s %s %d %s", d.ReceivedAt.UTC().Format("2006-01-02T15:04:05.000Z"), escape(event), d.Status, d.Verdict)
	if d.RequestID != "" {
		fmt.Fprintf(&b, " requestId=%s", escape(d.RequestID))
	}
	if id > 0 {
		fmt.Fprintf(&b, " stored=#%d", id)
	}
	fmt.Fprintf(&b, " size=%d", len(d.Body))
	if d.SignatureError != nil {
		fmt.Fprintf(&b, " signature: %s", escape(d.SignatureError.Error()))
	}
	if d.CallbackError != nil {
		fmt.Fprintf(&b, " error: %s", escape(d.CallbackError.Error()))
	}
	if len(d.Errors) > 0 {
		parts := make([]string, len(d.Errors))
		for i, f := range d.Errors {
			parts[i] = escape(fieldErrorText(f))
		}
		fmt.Fprintf(&b, " errors: %s", strings.Join(parts, "; "))
	}
	return b.String()
}

// escape makes text from a payload, a header or a file name safe to print (see
// printable.Escape): control and format characters and invalid UTF-8 appear as escapes.
func escape(s string) string { return printable.Escape(s) }

func fieldErrorText(f validate.FieldError) string {
	if f.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", f.Line, f.Column, f.String())
	}
	return f.String()
}
