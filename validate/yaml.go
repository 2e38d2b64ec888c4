package validate

import (
	"fmt"

	"github.com/railzhook/railzhook/internal/yamljson"
)

// fromYAML turns the bytes of a schema file named .yaml or .yml into the JSON they stand for
// (YAML 1.2 core schema), which must be one document; other files are returned as they are.
func fromYAML(path string, b []byte) ([]byte, error) {
	if !yamljson.IsYAML(path) {
		return b, nil
	}
	docs, err := yamljson.Read(b)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	if len(docs) != 1 {
		return nil, fmt.Errorf("%s: %d YAML documents; a schema file holds one", path, len(docs))
	}
	return docs[0].JSON, nil
}
