package cassandra

import (
	"encoding/json"
	"fmt"

	"github.com/quill-etl/quill/adapters/nostos"
)

// projection is one field selection of one schema, rendered the way the
// embedded store renders it (an object of the selected fields in the order
// asked, or for lists an array of such objects), so that quill serve
// answers the same JSON whichever store holds the dataset.
type projection struct {
	fields []string // selected, in output order
	all    bool     // no selection: every field, read with one query
}

// newProjection checks a selection (nil: all fields) against a schema;
// unknown and repeated names wrap nostos.ErrNoField.
func newProjection(s nostos.Schema, fields []string) (*projection, error) {
	if fields == nil {
		return &projection{fields: s.Fields, all: true}, nil
	}
	seen := map[string]bool{}
	for _, f := range fields {
		if !contains(s.Fields, f) {
			return nil, fmt.Errorf("%w %q (fields: %s)", nostos.ErrNoField, f, fmt.Sprint(s.Fields))
		}
		if seen[f] {
			return nil, fmt.Errorf("%w: %q asked twice", nostos.ErrNoField, f)
		}
		seen[f] = true
	}
	return &projection{fields: fields}, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// names is the IN list of the read: nil reads the whole key.
func (p *projection) names() []string {
	if p.all || len(p.fields) == 0 {
		return nil
	}
	return p.fields
}

// render builds the JSON of a key from its rows.
func (p *projection) render(records int, got map[string]string, list bool) ([]byte, error) {
	if !list {
		return p.object(nil, func(f string) ([]byte, error) {
			v, ok := got[f]
			if !ok {
				return nil, fmt.Errorf("field %q is missing from the stored key", f)
			}
			return []byte(v), nil
		})
	}
	cols := make(map[string][]json.RawMessage, len(p.fields))
	for _, f := range p.fields {
		var col []json.RawMessage
		if err := json.Unmarshal([]byte(got[f]), &col); err != nil || len(col) != records {
			return nil, fmt.Errorf("field %q: stored list does not hold %d values", f, records)
		}
		cols[f] = col
	}
	dst := []byte{'['}
	for j := range records {
		if j > 0 {
			dst = append(dst, ',')
		}
		var err error
		dst, err = p.object(dst, func(f string) ([]byte, error) { return cols[f][j], nil })
		if err != nil {
			return nil, err
		}
	}
	return append(dst, ']'), nil
}

// object appends {"field":value,...} of the selected fields.
func (p *projection) object(dst []byte, value func(string) ([]byte, error)) ([]byte, error) {
	dst = append(dst, '{')
	for i, f := range p.fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		v, err := value(f)
		if err != nil {
			return nil, err
		}
		dst = nostos.AppendValue(dst, f)
		dst = append(dst, ':')
		dst = append(dst, v...)
	}
	return append(dst, '}'), nil
}
