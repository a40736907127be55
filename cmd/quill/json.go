package main

import (
	"encoding/json"
	"io"
)

// writeJSON writes v as indented JSON with a final newline.
func writeJSON(w io.Writer, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		b = []byte(`{"error": "cannot render JSON"}`)
	}
	_, _ = w.Write(append(b, '\n'))
}
