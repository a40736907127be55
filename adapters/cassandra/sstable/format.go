package sstable

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// encoder renders rows in one output format.
type encoder interface {
	header(cols []cql.Column) []byte
	row(dst []byte, cols []cql.Column, r Row) []byte
}

func newEncoder(format string) (encoder, error) {
	switch format {
	case "", "jsonl", "json":
		return jsonlEncoder{}, nil
	case "csv":
		return csvEncoder{}, nil
	}
	return nil, fmt.Errorf("unknown output format %q (want jsonl or csv)", format)
}

// jsonlEncoder writes one JSON object a line.
type jsonlEncoder struct{}

func (jsonlEncoder) header([]cql.Column) []byte { return nil }

func (jsonlEncoder) row(dst []byte, cols []cql.Column, r Row) []byte {
	return append(AppendJSONRow(dst, cols, r), '\n')
}

// csvEncoder writes RFC 4180 CSV with a header line of column names. Null is
// an empty field; strings are written as is; every other value as its JSON
// text without quotes (collections as JSON).
type csvEncoder struct{}

func (csvEncoder) header(cols []cql.Column) []byte {
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.Name
	}
	return csvLine(nil, rec)
}

func (csvEncoder) row(dst []byte, cols []cql.Column, r Row) []byte {
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = CSVField(c.Type, r[i])
	}
	return csvLine(dst, rec)
}

// CSVField renders one value for CSV.
func CSVField(t cql.Type, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	j := AppendJSONValue(nil, t, v)
	if len(j) >= 2 && j[0] == '"' && t.Kind != cql.List && t.Kind != cql.Set && t.Kind != cql.Map && t.Kind != cql.Tuple && t.Kind != cql.UDT {
		return textOfJSONString(v, j)
	}
	return string(j)
}

// textOfJSONString returns the unquoted text of scalar values whose JSON is
// a string (timestamps, uuids, blobs, non-finite floats).
func textOfJSONString(v any, j []byte) string {
	switch v.(type) {
	case []byte:
		return string(j[1 : len(j)-1])
	}
	if s := string(j[1 : len(j)-1]); !bytes.ContainsAny(j[1:len(j)-1], `\`) {
		return s
	}
	return textOf(v)
}

func csvLine(dst []byte, rec []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(rec) // writes to memory cannot fail
	w.Flush()
	return append(dst, b.Bytes()...)
}
