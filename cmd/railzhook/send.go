package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/railzhook/railzhook/internal/envelope"
	"github.com/railzhook/railzhook/webhook"
)

const sendAbout = `
Signs each payload file with the current time and POSTs it to URL, as Railz would, printing
the status code per file: a contract test for your own webhook endpoint. PATH may be a file, a
directory (its *.json files, recursively) or - for standard input.

With --secret-env the Railz-Signature header is made with the secret in that environment
variable; without it the requests are unsigned. --fresh-id gives each payload a new random
requestId (every other byte unchanged), so that a receiver that deduplicates by requestId
really handles a replayed fixture instead of acknowledging it as a duplicate.

Redirects are not followed: a 3xx answer is printed with its Location and counts as a
failure, so a payload and its signature never go to a host you did not name. A non-2xx answer
is printed with the start of its body. A summary line ends the output.

Exit status: 0 when every delivery got a 2xx answer, 1 when any did not (or failed to
connect), 2 for usage errors and unreadable files. Only regular files are sent, each up to
--max-file-bytes.
`

func runSend(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("send", "--url URL [--secret-env NAME] [--fresh-id] [--timeout D] [--max-file-bytes N] PATH...", sendAbout, stderr)
	target := fs.String("url", "", "`URL` of the webhook endpoint")
	secretEnv := fs.String("secret-env", "", "environment variable `NAME` holding the webhook secret")
	timeout := fs.Duration("timeout", 30*time.Second, "time allowed for each delivery")
	maxFile := fs.Int64("max-file-bytes", defaultMaxFileBytes, "largest payload file sent, in `bytes`")
	freshID := fs.Bool("fresh-id", false, "give each payload a new random requestId, so that a deduplicating receiver handles it again")
	paths, code := parseFlags(fs, args, stdout)
	if code >= 0 {
		return code
	}
	u, err := url.Parse(*target)
	if *target == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fmt.Fprintf(stderr, "railzhook send: --url must be an http or https URL, not %q\n", *target)
		return exitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "railzhook send: no files given")
		return exitUsage
	}
	var secret string
	if *secretEnv != "" {
		secrets, err := secretsFrom([]string{*secretEnv})
		if err != nil {
			fmt.Fprintf(stderr, "railzhook send: %v\n", err)
			return exitUsage
		}
		secret = secrets[0]
	}
	client := &http.Client{Timeout: *timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	status := exitOK
	sent, ok, failed := 0, 0, 0
	defer func() {
		fmt.Fprintf(stdout, "railzhook send: %d sent: %d answered 2xx, %d answered otherwise or failed\n", sent, ok, failed)
	}()
	for _, arg := range paths {
		found := expand(arg)
		if found.report(stderr, "send") {
			status = exitUsage
		}
		for _, file := range found.files {
			body, err := readInput(file, stdin, *maxFile)
			if err != nil {
				fmt.Fprintf(stderr, "railzhook send: %v\n", err)
				status = exitUsage
				continue
			}
			note := ""
			if *freshID {
				id := envelope.NewRequestID()
				if body, err = envelope.ReplaceRequestID(body, id); err != nil {
					fmt.Fprintf(stderr, "railzhook send: %s: --fresh-id: %v\n", escape(file), err)
					status = exitUsage
					continue
				}
				note = " (requestId " + id + ")"
			}
			req, err := http.NewRequest(http.MethodPost, *target, bytes.NewReader(body))
			if err != nil {
				fmt.Fprintf(stderr, "railzhook send: %v\n", err)
				return exitUsage
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", "railzhook-send")
			if secret != "" {
				req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, secret, time.Now()))
			}
			sent++
			resp, err := client.Do(req)
			if err != nil {
				failed++
				fmt.Fprintf(stdout, "%s: error: %s\n", escape(file), escape(err.Error()))
				if status == exitOK {
					status = exitInvalid
				}
				continue
			}
			answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
			io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			line := fmt.Sprintf("%s: %s%s", escape(file), escape(resp.Status), note)
			if resp.StatusCode >= 300 && resp.StatusCode < 400 {
				line += " (not followed) Location: " + escape(resp.Header.Get("Location"))
			}
			fmt.Fprintln(stdout, line)
			if resp.StatusCode < 200 || resp.StatusCode > 299 {
				failed++
				if text := strings.TrimSpace(string(answer)); text != "" {
					fmt.Fprintf(stdout, "  %s\n", escape(text))
				}
				if status == exitOK {
					status = exitInvalid
				}
			} else {
				ok++
			}
		}
	}
	return status
}
