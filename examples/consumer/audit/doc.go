// Package audit shows a consumer generating its own types from its own schema, which
// references the railzhook schemas: run `go generate ./...` after changing the schema.
package audit

//go:generate go tool railzhook-gen --package audit --root-type Record --out audit.gen.go ../schemas/sync-audit.json
