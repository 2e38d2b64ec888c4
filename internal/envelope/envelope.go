// Package envelope reads and rewrites the envelope of a Railz webhook body without touching
// anything else in it.
package envelope

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// NewRequestID returns a random (version 4) UUID.
func NewRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// ReplaceRequestID returns body with the value of its top-level requestId member replaced
// by id, every other byte as it was. The member is found by exact name.
func ReplaceRequestID(body []byte, id string) ([]byte, error) {
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
