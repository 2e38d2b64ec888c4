//go:build (amd64 && go1.17 && !go1.28) || (arm64 && go1.20 && !go1.28)

package validate_test

import "github.com/bytedance/sonic"

// sonic runs its JIT on amd64 and arm64 only, for the Go versions it names (these build
// constraints are its own); elsewhere it falls back to encoding/json, and is left out of the
// benchmarks rather than timed under its name.
func init() {
	codecs = append(codecs, codec{"Sonic", sonic.Unmarshal, sonic.Marshal})
}
