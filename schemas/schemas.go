// Package schemas embeds the JSON Schema documents (draft 2020-12) that define every Railz
// webhook payload. They are the single source of truth: the Go types in gen/railz are generated
// from them and package validate checks payloads against them.
//
// Files:
//
//   - common.json: shared definitions ($defs), referenced by the event schemas;
//   - one schema per event (batch-push.json, data.json, data-per-type.json, ...), each
//     describing the whole delivery envelope {data, requestId};
//   - webhook.json: the umbrella schema, which accepts any delivery and dispatches on
//     data.event to the event's schema.
//
// Two extension keywords tell the validation modes apart (see package validate):
// "x-open-enum": true marks an enumeration that default mode does not enforce, and
// "x-strict-additionalProperties" gives the schema that strict mode applies to members an
// object does not name (strict mode rejects them outright elsewhere). "x-go-implements" is read
// by the generator.
package schemas

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

//go:embed *.json
var files embed.FS

// BaseURL is the URL every embedded schema's $id starts with.
const BaseURL = "https://railzhook.dev/schemas/"

// Umbrella is the file name of the schema that accepts any event.
const Umbrella = "webhook.json"

// Event describes one webhook event that has a schema.
type Event struct {
	Name        string // the data.event value, e.g. "batchPush"
	File        string // the schema file, e.g. "batch-push.json"
	Title       string // the schema's title, which is also its Go type name
	Description string
}

// URL returns the $id of the event's schema.
func (e Event) URL() string { return BaseURL + e.File }

// FS returns the embedded schema files.
func FS() fs.FS { return files }

// Files lists the embedded schema file names in sorted order.
func Files() []string {
	entries, _ := files.ReadDir(".")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// Read returns the bytes of an embedded schema file.
func Read(name string) ([]byte, error) {
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("schemas: no schema file %q", name)
	}
	return data, nil
}

var events = sync.OnceValues(loadEvents)

// Events lists the events that have a schema, sorted by name. An event schema is one whose
// data property fixes data.event with a const.
func Events() ([]Event, error) {
	evs, err := events()
	if err != nil {
		return nil, err
	}
	return append([]Event(nil), evs...), nil
}

// Lookup finds the event with the given data.event value.
func Lookup(name string) (Event, bool) {
	evs, _ := events()
	for _, e := range evs {
		if e.Name == name {
			return e, true
		}
	}
	return Event{}, false
}

func loadEvents() ([]Event, error) {
	var out []Event
	for _, name := range Files() {
		if name == "common.json" || name == Umbrella {
			continue
		}
		data, _ := files.ReadFile(name)
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("schemas: %s: %v", name, err)
		}
		ev, err := eventOf(doc)
		if err != nil {
			return nil, fmt.Errorf("schemas: %s: %v", name, err)
		}
		title, _ := doc["title"].(string)
		desc, _ := doc["description"].(string)
		out = append(out, Event{Name: ev, File: name, Title: title, Description: desc})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	for i := 1; i < len(out); i++ {
		if out[i].Name == out[i-1].Name {
			return nil, fmt.Errorf("schemas: event %q is defined by both %s and %s", out[i].Name, out[i-1].File, out[i].File)
		}
	}
	return out, nil
}

// eventOf reads properties.data (following a local $ref) .properties.event.const.
func eventOf(doc map[string]any) (string, error) {
	props, _ := doc["properties"].(map[string]any)
	data, _ := props["data"].(map[string]any)
	if ref, ok := data["$ref"].(string); ok {
		if !strings.HasPrefix(ref, "#/$defs/") {
			return "", fmt.Errorf("properties.data.$ref %q is not a local $defs reference", ref)
		}
		defs, _ := doc["$defs"].(map[string]any)
		data, _ = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	}
	dprops, _ := data["properties"].(map[string]any)
	event, _ := dprops["event"].(map[string]any)
	name, ok := event["const"].(string)
	if !ok || name == "" {
		return "", fmt.Errorf("no const for data.event")
	}
	return name, nil
}

// Examples returns the example payloads in the "examples" keyword of an event's schema, each
// as written in the schema file.
func Examples(event string) ([]json.RawMessage, error) {
	ev, ok := Lookup(event)
	if !ok {
		return nil, fmt.Errorf("schemas: unknown event %q", event)
	}
	data, err := Read(ev.File)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Examples []json.RawMessage `json:"examples"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("schemas: %s: %v", ev.File, err)
	}
	return doc.Examples, nil
}
