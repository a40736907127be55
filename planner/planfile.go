package planner

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Encode renders a plan as its versioned JSON plan file: indented, with
// sorted steps and no timestamps, so the same plan gives the same bytes.
func Encode(p *Plan) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // SQL has < and >; keep it readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Decode reads a plan file, refusing other format versions.
func Decode(b []byte) (*Plan, error) {
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("not a quill plan file: %v", err)
	}
	if head.Version != FormatVersion {
		return nil, fmt.Errorf("plan file version %d is not supported (this quill reads version %d)", head.Version, FormatVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("bad plan file: %v", err)
	}
	return &p, nil
}

// Stale says why a saved plan cannot be applied to the current project and
// state, or "" when it still can.
func Stale(saved *Plan, inputHash string, st State) string {
	switch {
	case saved.InputHash != inputHash:
		return "the project changed since the plan was made"
	case saved.StateHash != st.Hash():
		return "the target's state changed since the plan was made"
	}
	return ""
}
