package main

import (
	"encoding/json"
	"io"
)

// writeJSON writes v as indented JSON with a final newline.
func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // SQL has < and >; keep it readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		_, _ = io.WriteString(w, `{"error": "cannot render JSON"}`+"\n")
	}
}
