package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/url"
	"os"
	"time"

	"github.com/railzhook/railzhook/internal/store"
)

const resendAbout = `
Sends deliveries stored by 'railzhook listen --store' again: each body byte for byte, signed
afresh with the secret in --secret-env and the current time, POSTed to URL, with the answer
printed per delivery, as 'railzhook send' does. Use it to replay what the Railz sandbox sent
against a new build of your receiver.

With REQUEST_ID arguments, the last stored delivery of each requestId is sent; a requestId
the store does not hold is an error (exit 2), and the others are still sent. Without them,
every stored delivery is sent in the order received, a retry with the same requestId and body
once. Deliveries refused before verification (bad signature, too large) are never sent: the
store keeps only the start of their body.

--fresh-id gives each delivery a new random requestId, so that a receiver that deduplicates
sees a new delivery; a requestId that is missing or not a UUID is left alone. Redirects are
not followed. Exit status: 0 when every delivery got a 2xx answer, 1 when any did not, 2 for
usage errors and requestIds not in the store.
`

func runResend(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("resend", "--store FILE --url URL [--secret-env NAME] [--fresh-id] [--timeout D] [REQUEST_ID...]", resendAbout, stderr)
	storePath := fs.String("store", "", "SQLite database `file` written by railzhook listen")
	target := fs.String("url", "", "`URL` of the webhook endpoint")
	secretEnv := fs.String("secret-env", "", "environment variable `NAME` holding the webhook secret")
	timeout := fs.Duration("timeout", 30*time.Second, "time allowed for each delivery")
	freshID := fs.Bool("fresh-id", false, "give each delivery a new random requestId, so that a deduplicating receiver handles it again")
	ids, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	u, err := url.Parse(*target)
	if *target == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fmt.Fprintf(stderr, "railzhook resend: --url must be an http or https URL, not %q\n", *target)
		return exitUsage
	}
	if *storePath == "" {
		usageError(stderr, "resend", "--store is required")
		return exitUsage
	}
	if _, err := os.Stat(*storePath); err != nil {
		fmt.Fprintf(stderr, "railzhook resend: %v\n", err)
		return exitUsage
	}
	var secret string
	if *secretEnv != "" {
		secrets, err := secretsFrom([]string{*secretEnv})
		if err != nil {
			fmt.Fprintf(stderr, "railzhook resend: %v\n", err)
			return exitUsage
		}
		secret = secrets[0]
	}
	st, err := store.Open(*storePath)
	if err != nil {
		fmt.Fprintf(stderr, "railzhook resend: %v\n", err)
		return exitUsage
	}
	defer st.Close()

	// Pick the deliveries first: the last of each requestId asked for, or every one once.
	type pick struct {
		id   int64
		name string
		body []byte
	}
	var picks []pick
	wanted := map[string]int{} // requestId -> index in picks, -1 until found
	for _, id := range ids {
		wanted[id] = -1
	}
	seen := map[string]bool{}
	err = st.Each(context.Background(), func(d *store.Delivery) error {
		if d.Verdict == "bad-signature" || d.Verdict == "too-large" || !d.BodyComplete {
			return nil
		}
		p := pick{d.ID, fmt.Sprintf("#%d %s", d.ID, d.RequestID), d.Body}
		if len(ids) > 0 {
			if i, ok := wanted[d.RequestID]; ok {
				if i < 0 {
					wanted[d.RequestID] = len(picks)
					picks = append(picks, p)
				} else {
					picks[i] = p
				}
			}
			return nil
		}
		sum := sha256.Sum256(d.Body)
		key := d.RequestID + "\x00" + string(sum[:])
		if !seen[key] {
			seen[key] = true
			picks = append(picks, p)
		}
		return nil
	})
	if err != nil {
		fmt.Fprintf(stderr, "railzhook resend: %v\n", err)
		return exitUsage
	}
	status := exitOK
	for _, id := range ids {
		if wanted[id] < 0 {
			fmt.Fprintf(stderr, "railzhook resend: requestId %q is not in %s (or only refused deliveries of it are)\n", escape(id), *storePath)
			status = exitUsage
		}
	}
	if len(picks) == 0 && len(ids) == 0 {
		fmt.Fprintf(stderr, "railzhook resend: %s holds no delivery to send\n", *storePath)
		return exitUsage
	}
	p := newPoster(*target, secret, *timeout, stdout)
	for _, d := range picks {
		body, note := d.body, ""
		if *freshID {
			body, note = withFreshID(body)
		}
		if !p.deliver(escape(d.name), body, note) && status == exitOK {
			status = exitInvalid
		}
	}
	p.summary("resend")
	return status
}
