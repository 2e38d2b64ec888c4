// Package webhook receives Railz webhooks: it verifies the Railz-Signature header, and its
// Handler turns HTTP deliveries into typed events for your code.
//
// Railz signs every delivery with the secret of the endpoint:
//
//	Railz-Signature: t=<unix milliseconds>,v=<hex HMAC-SHA256 of "<t>.<raw body>">
//
// Verify and Verifier check that header against the raw body in constant time, accept
// several secrets while one is rotated, and refuse timestamps more than a tolerance (default
// five minutes) in the past or the future. Sign makes the header, for tests and for
// `railzhook send`.
//
// Handler is an http.Handler that does the whole job: POST only, body capped (16 MiB by
// default), signature, validation (package validate), decoding into the gen/railz type, and
// your callback; see its documentation for the status codes. An error from a callback answers
// 500 so that Railz retries; use WithDedup to acknowledge a retry of a delivery you already
// handled without running the callback again: NewMemoryDedup in one process, NewSQLDedup on
// PostgreSQL when several replicas receive (each delivery's callback runs on one of them).
//
// What a client without the secret can make the Handler hold is bounded: bodies not yet
// verified share one memory budget (MaxUnverifiedBytes, 128 MiB, plus 256 KiB per request
// being read), and a body must keep arriving at MinBodyRate (64 KiB/s after its first 5
// seconds) or it is answered 408 and its connection closed.
package webhook
