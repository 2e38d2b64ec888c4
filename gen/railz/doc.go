// Package railz holds the Go types of the Railz webhook payloads, generated from the JSON
// Schemas in the module's schemas folder. Do not edit the generated files: change a schema and
// run `go generate ./...` (or `make generate`).
//
// Every event type (BatchPushEvent, DataEvent, DataPerTypeEvent, LoginEvent, AuthEvent,
// ConnectionStatusEvent, PushEvent, CustomerRequestEvent, DeleteEvent) implements Event, whose
// EventName method returns the event's data.event value; NewEvent makes an empty value of the
// type for an event name. Decode a payload with
// github.com/railzhook/railzhook/validate.Parse, which validates it first; decoding with
// encoding/json directly works too but checks nothing.
//
// Optional fields are pointers (slices and maps stay plain and are left out when nil); members
// the schemas do not name are kept in each struct's AdditionalProperties, so decoding and
// encoding a payload gives back the same JSON.
package railz

//go:generate go run ../../cmd/railzhook-gen --package railz --checks --out . ../../schemas/common.json ../../schemas/batch-push.json ../../schemas/data.json ../../schemas/data-per-type.json ../../schemas/login.json ../../schemas/auth.json ../../schemas/connection-status.json ../../schemas/push.json ../../schemas/customer-request.json ../../schemas/delete.json
