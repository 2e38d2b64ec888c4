package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/railzhook/railzhook/internal/envelope"
	"github.com/railzhook/railzhook/webhook"
)

const sendAbout = `
Signs each payload file with the current time and POSTs it to URL, as Railz would, printing
the status code per file: a contract test for your own webhook endpoint. PATH may be a file, a
directory (its *.json, *.yaml and *.yml files, recursively) or - for standard input. JSON files
are sent byte for byte; a YAML file is sent as the JSON it stands for, one delivery per
document; standard input holding JSON Lines ('railzhook fake ... | railzhook send --url URL -')
is sent one delivery per line.

With --secret-env the Railz-Signature header is made with the secret in that environment
variable; without it the requests are unsigned. --fresh-id gives each payload a new random
requestId (every other byte unchanged), so that a receiver that deduplicates by requestId
really handles a replayed fixture instead of acknowledging it as a duplicate. A payload whose
requestId is missing or not a UUID is about its requestId (an invalid fixture) and is sent
as it is, with a note.

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
	p := newPoster(*target, secret, *timeout, stdout)
	deliver := p.deliver
	status := exitOK
	defer p.summary("send")
	for _, arg := range paths {
		found := expand(arg)
		if found.report(stderr, "send") {
			status = exitUsage
		}
		for _, file := range found.files {
			data, err := readInput(file, stdin, *maxFile)
			if err != nil {
				fmt.Fprintf(stderr, "railzhook send: %v\n", err)
				status = exitUsage
				continue
			}
			for _, d := range docsOf(file, data, file == "-") {
				name := d.name
				switch {
				case d.index > 0 && file == "-":
					name = fmt.Sprintf("%s:%d", d.name, d.index) // the line of JSON Lines
				case d.index > 0:
					name = fmt.Sprintf("%s (document %d)", d.name, d.index)
				}
				if d.problem != nil {
					line, col := position(*d.problem)
					fmt.Fprintf(stderr, "railzhook send: %s:%d:%d: %s; not sent\n", escape(name), line, col, escape(d.problem.Message))
					status = exitUsage
					continue
				}
				body, note := d.data, ""
				if *freshID {
					body, note = withFreshID(body)
				}
				if !deliver(name, body, note) {
					if status == exitOK {
						status = exitInvalid
					}
				}
			}
		}
	}
	return status
}

// withFreshID gives a payload a new random requestId, every other byte unchanged, and says
// so. A payload whose requestId is missing or not a UUID is about that, and is left alone.
func withFreshID(body []byte) ([]byte, string) {
	var env map[string]json.RawMessage
	var id string
	if json.Unmarshal(body, &env) != nil || env["requestId"] == nil {
		return body, " (no requestId: sent as it is)"
	}
	if json.Unmarshal(env["requestId"], &id) != nil || !uuidText.MatchString(id) {
		return body, " (requestId kept: not a UUID)"
	}
	fresh := envelope.NewRequestID()
	out, err := envelope.ReplaceRequestID(body, fresh)
	if err != nil {
		return body, " (requestId kept: " + err.Error() + ")"
	}
	return out, " (requestId " + fresh + ")"
}

var uuidText = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// poster signs and posts one payload, printing the answer; it reports whether the answer was
// 2xx.
type poster struct {
	target string
	secret string
	client *http.Client
	stdout io.Writer
	sent   int
	ok     int
	failed int
}

func (p *poster) deliver(name string, body []byte, note string) bool {
	req, err := http.NewRequest(http.MethodPost, p.target, bytes.NewReader(body))
	if err != nil {
		fmt.Fprintf(p.stdout, "%s: error: %s\n", escape(name), escape(err.Error()))
		p.failed++
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "railzhook-send")
	if p.secret != "" {
		req.Header.Set(webhook.SignatureHeader, webhook.Sign(body, p.secret, time.Now()))
	}
	p.sent++
	resp, err := p.client.Do(req)
	if err != nil {
		p.failed++
		fmt.Fprintf(p.stdout, "%s: error: %s\n", escape(name), escape(err.Error()))
		return false
	}
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	line := fmt.Sprintf("%s: %s%s", escape(name), escape(resp.Status), note)
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		line += " (not followed) Location: " + escape(resp.Header.Get("Location"))
	}
	fmt.Fprintln(p.stdout, line)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		p.failed++
		if text := strings.TrimSpace(string(answer)); text != "" {
			fmt.Fprintf(p.stdout, "  %s\n", escape(text))
		}
		return false
	}
	p.ok++
	return true
}

// newPoster makes the client of send and resend: a timeout per delivery, no redirects.
func newPoster(target, secret string, timeout time.Duration, stdout io.Writer) *poster {
	return &poster{target: target, secret: secret, stdout: stdout,
		client: &http.Client{Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (p *poster) summary(command string) {
	fmt.Fprintf(p.stdout, "railzhook %s: %d sent: %d answered 2xx, %d answered otherwise or failed\n", command, p.sent, p.ok, p.failed)
}
