package cassandra

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/quill-etl/quill/adapters/nostos"
)

// stmt is one CQL statement and its bound values.
type stmt struct {
	CQL  string
	Args []any
}

// batch is what one round trip writes: statements of a single partition
// (one key), sent as an UNLOGGED batch. A single-partition batch is applied
// atomically and in isolation by each replica and costs no batchlog, which
// is why batches never span keys: a multi-partition unlogged batch would
// only make one coordinator fan out, defeating token-aware routing.
type batch struct {
	Key   string
	Stmts []stmt
	Bytes int // bound bytes, for Version.Bytes and the size budget
}

// defaultBatchBytes keeps a batch under Cassandra's default
// batch_size_warn_threshold (5 KiB is the warning; 50 KiB the failure), with
// room for a wide record's many small fields.
const defaultBatchBytes = 32 << 10

// keyBatches turns one entry of an export (nostos.EncodeRecord, or
// nostos.EncodeList for lists) into the statements that store it: the
// static records count and one row per field, each field's value its JSON,
// or for lists the JSON array of that field over the list's records. The
// statements are split into batches of at most maxBytes bound bytes (a
// single larger statement goes alone); all batches are of the same key.
func keyBatches(q cqlText, table string, s nostos.Schema, e nostos.Entry, maxBytes int) ([]batch, error) {
	if len(e.Key) == 0 {
		return nil, errors.New("empty key")
	}
	if !utf8.Valid(e.Key) {
		return nil, fmt.Errorf("key %q is not UTF-8, which a Cassandra text key requires", e.Key)
	}
	key := string(e.Key)
	records, values, err := fieldValues(s, e.Value)
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", e.Key, err)
	}
	out := []batch{{Key: key, Stmts: []stmt{{q.insertRecords(table), []any{key, records}}}, Bytes: len(key) + 4}}
	ins := q.insertField(table)
	for i, f := range s.Fields {
		n := len(key) + len(f) + len(values[i])
		cur := &out[len(out)-1]
		if cur.Bytes+n > maxBytes && len(cur.Stmts) > 0 {
			out = append(out, batch{Key: key})
			cur = &out[len(out)-1]
		}
		cur.Stmts = append(cur.Stmts, stmt{ins, []any{key, f, string(values[i])}})
		cur.Bytes += n
	}
	return out, nil
}

// fieldValues splits a stored value into its per-field JSON texts: a
// record's fields as they are, a list's fields as JSON arrays across its
// records (records has the list's length).
func fieldValues(s nostos.Schema, v []byte) (records int, values [][]byte, err error) {
	if s.Collect != nostos.CollectList {
		values, err = nostos.DecodeRecord(v, len(s.Fields))
		return 1, values, err
	}
	recs, err := nostos.DecodeList(v)
	if err != nil {
		return 0, nil, err
	}
	values = make([][]byte, len(s.Fields))
	for i := range values {
		values[i] = []byte{'['}
	}
	for j, r := range recs {
		fs, err := nostos.DecodeRecord(r, len(s.Fields))
		if err != nil {
			return 0, nil, err
		}
		for i, f := range fs {
			if j > 0 {
				values[i] = append(values[i], ',')
			}
			values[i] = append(values[i], f...)
		}
	}
	for i := range values {
		values[i] = append(values[i], ']')
	}
	return len(recs), values, nil
}

// assemble rebuilds a stored value (what the export wrote, byte for byte)
// from a key's rows: records from the static column and each field's JSON.
// fields are the schema's; got maps a field to its stored text. A list's
// arrays are split back into elements with encoding/json, whose
// RawMessage keeps each element's bytes exactly as written.
func assemble(s nostos.Schema, records int, got map[string]string) ([]byte, error) {
	vals := make([][]byte, len(s.Fields))
	for i, f := range s.Fields {
		v, ok := got[f]
		if !ok {
			return nil, fmt.Errorf("field %q is missing from the stored key", f)
		}
		vals[i] = []byte(v)
	}
	if s.Collect != nostos.CollectList {
		if records != 1 {
			return nil, fmt.Errorf("stored key has records = %d, want 1", records)
		}
		return nostos.EncodeRecord(nil, vals), nil
	}
	cols := make([][]json.RawMessage, len(vals))
	for i, v := range vals {
		if err := json.Unmarshal(v, &cols[i]); err != nil {
			return nil, fmt.Errorf("field %q: %w", s.Fields[i], err)
		}
		if len(cols[i]) != records {
			return nil, fmt.Errorf("field %q holds %d values, the key %d records", s.Fields[i], len(cols[i]), records)
		}
	}
	recs := make([][]byte, records)
	fs := make([][]byte, len(vals))
	for j := range recs {
		for i := range fs {
			fs[i] = cols[i][j]
		}
		recs[j] = nostos.EncodeRecord(nil, fs)
	}
	return nostos.EncodeList(nil, recs), nil
}
