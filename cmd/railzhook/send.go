package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/railzhook/railzhook/webhook"
)

const sendAbout = `
Signs each payload file with the current time and POSTs it to URL, as Railz would, printing
the status code per file: a contract test for your own webhook endpoint. PATH may be a file, a
directory (its *.json files, recursively) or - for standard input.

With --secret-env the Railz-Signature header is made with the secret in that environment
variable; without it the requests are unsigned.

Exit status: 0 when every delivery got a 2xx answer, 1 when any did not (or failed to
connect), 2 for usage errors and unreadable files.
`

func runSend(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("send", "--url URL [--secret-env NAME] PATH...", sendAbout, stderr)
	target := fs.String("url", "", "`URL` of the webhook endpoint")
	secretEnv := fs.String("secret-env", "", "environment variable `NAME` holding the webhook secret")
	timeout := fs.Duration("timeout", 30*time.Second, "time allowed for each delivery")
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
	client := &http.Client{Timeout: *timeout}
	status := exitOK
	for _, arg := range paths {
		files, err := expand(arg)
		if err != nil {
			fmt.Fprintf(stderr, "railzhook send: %v\n", err)
			status = exitUsage
			continue
		}
		for _, file := range files {
			var body []byte
			if file == "-" {
				body, err = io.ReadAll(stdin)
			} else {
				body, err = os.ReadFile(file)
			}
			if err != nil {
				fmt.Fprintf(stderr, "railzhook send: %v\n", err)
				status = exitUsage
				continue
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
			resp, err := client.Do(req)
			if err != nil {
				fmt.Fprintf(stdout, "%s: error: %v\n", file, err)
				if status == exitOK {
					status = exitInvalid
				}
				continue
			}
			io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			fmt.Fprintf(stdout, "%s: %s\n", file, resp.Status)
			if resp.StatusCode < 200 || resp.StatusCode > 299 {
				if status == exitOK {
					status = exitInvalid
				}
			}
		}
	}
	return status
}
