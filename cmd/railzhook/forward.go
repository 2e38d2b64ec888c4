package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/railzhook/railzhook/webhook"
)

// forwarder sends verified deliveries on to an application, as 'listen --forward-to' does.
type forwarder struct {
	url    string
	secret string // re-sign with this secret; "" keeps Railz's signature header
	client *http.Client
}

func newForwarder(url, secret string) *forwarder {
	return &forwarder{url: url, secret: secret, client: &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// forward POSTs the body byte for byte with the delivery's Railz-* and Content-Type headers,
// re-signed when a local secret is set, and returns what to print beside the delivery.
func (f *forwarder) forward(d *webhook.Delivery) string {
	req, err := http.NewRequest(http.MethodPost, f.url, bytes.NewReader(d.Body))
	if err != nil {
		return "forward error: " + err.Error()
	}
	for name, values := range d.Header {
		if strings.HasPrefix(http.CanonicalHeaderKey(name), "Railz-") || http.CanonicalHeaderKey(name) == "Content-Type" {
			req.Header[http.CanonicalHeaderKey(name)] = values
		}
	}
	if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("User-Agent", "railzhook-listen")
	if f.secret != "" {
		req.Header.Set(webhook.SignatureHeader, webhook.Sign(d.Body, f.secret, time.Now()))
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return "forward error: " + err.Error()
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	out := "forwarded: " + resp.Status
	if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode >= 300 && resp.StatusCode < 400 {
		out += " (not followed) Location: " + loc
	}
	return out
}
