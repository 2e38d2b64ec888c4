package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
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

// newRequestID returns a random (version 4) UUID.
func newRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// replaceRequestID returns body with the value of its top-level requestId member replaced
// by id, every other byte as it was. The member is found by exact name.
func replaceRequestID(body []byte, id string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("the payload is not a JSON object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := t.(string)
		start := dec.InputOffset() // just after the name
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if name != "requestId" {
			continue
		}
		end := dec.InputOffset()
		valueAt := start + int64(bytes.IndexByte(body[start:end], ':')) + 1
		for valueAt < end && strings.ContainsRune(" \t\r\n", rune(body[valueAt])) {
			valueAt++
		}
		quoted, _ := json.Marshal(id)
		out := append(append(append([]byte{}, body[:valueAt]...), quoted...), body[end:]...)
		return out, nil
	}
	return nil, errors.New("the payload has no top-level requestId member")
}
