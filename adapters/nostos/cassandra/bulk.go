package cassandra

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
	"github.com/quill-etl/quill/adapters/cassandra/sstable"
	"github.com/quill-etl/quill/adapters/nostos"
)

// bulkWriter is the SSTable bulk path (Options.Bulk = "sstable"): instead
// of INSERTs, each Write becomes one SSTable of the version's table in
// <dir>/<keyspace>/<table>/, the layout sstableloader expects; the first
// Count or Lookup (Export's checks, which must read what the cluster holds)
// streams them in with BulkLoad. One SSTable per Write keeps memory bounded
// by a Write's entries: the SSTable writer needs partitions in token order,
// and Export hands over entries in key order, so each batch is re-sorted by
// token on its own.
type bulkWriter struct {
	dir     string
	table   *cql.Table
	schema  nostos.Schema
	q       cqlText
	name    string
	ts      int64 // cell timestamps (µs): the version's creation time
	gen     int
	loaded  bool
	loadErr error
}

// newBulkWriter prepares the SSTable directory of a version's table. The
// table's cql.Table comes from the very CREATE TABLE the store sends, so
// the SSTables match the cluster's schema by construction.
func newBulkWriter(root string, q cqlText, table string, s nostos.Schema, created time.Time) (*bulkWriter, error) {
	t, err := cql.ParseTable(q.createVersionTable(table))
	if err != nil {
		return nil, fmt.Errorf("version table schema: %w", err)
	}
	dir := filepath.Join(root, q.ks, table)
	if err := os.RemoveAll(dir); err != nil { // a previous crash's files
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &bulkWriter{dir: dir, table: t, schema: s, q: q, name: table, ts: created.UnixMicro()}, nil
}

// write writes entries as the next SSTable generation and returns the
// bytes of values written.
func (b *bulkWriter) write(entries []nostos.Entry) (int64, error) {
	if b.loaded {
		return 0, errors.New("bulk write after the SSTables were loaded")
	}
	if len(entries) == 0 {
		return 0, nil
	}
	b.gen++
	w, err := sstable.NewWriter(b.dir, b.table, sstable.WriterOptions{Generation: b.gen})
	if err != nil {
		return 0, err
	}
	keys := make([][]any, len(entries))
	byKey := make(map[string]nostos.Entry, len(entries))
	for i, e := range entries {
		keys[i] = []any{string(e.Key)}
		byKey[string(e.Key)] = e
	}
	if err := w.SortKeys(keys); err != nil {
		w.Abort()
		return 0, err
	}
	var n int64
	for _, k := range keys {
		m, err := b.writeKey(w, k, byKey[k[0].(string)])
		if err != nil {
			w.Abort()
			return n, err
		}
		n += m
	}
	return n, w.Close()
}

// writeKey writes one partition: the static row (records) and one
// clustering row per field, in field order (the writer wants clustering
// order: text compares bytewise, so sort the rows by field name).
func (b *bulkWriter) writeKey(w *sstable.Writer, key []any, e nostos.Entry) (int64, error) {
	bs, err := keyBatches(b.q, b.name, b.schema, e, 1<<62)
	if err != nil {
		return 0, err
	}
	stmts := bs[0].Stmts
	records := stmts[0].Args[1].(int)
	if err := w.Write(key, sstable.RowData{Static: true, Cells: []sstable.Cell{{Column: colRecords, Value: int32(records), Timestamp: b.ts}}}); err != nil {
		return 0, err
	}
	rows := stmts[1:]
	slices.SortFunc(rows, func(a, b stmt) int { return strings.Compare(a.Args[1].(string), b.Args[1].(string)) })
	for _, st := range rows {
		row := sstable.RowData{
			Clustering: []any{st.Args[1]},
			Liveness:   &sstable.Liveness{Timestamp: b.ts},
			Cells:      []sstable.Cell{{Column: colValue, Value: st.Args[2], Timestamp: b.ts}},
		}
		if err := w.Write(key, row); err != nil {
			return 0, err
		}
	}
	return int64(bs[0].Bytes), nil
}

// load streams the SSTables into the cluster once.
func (b *bulkWriter) load(ctx context.Context, fn func(context.Context, string) error) error {
	if b.loaded {
		return b.loadErr
	}
	b.loaded = true
	if b.gen > 0 {
		b.loadErr = fn(ctx, b.dir)
	}
	if b.loadErr == nil {
		b.loadErr = os.RemoveAll(b.dir)
	}
	return b.loadErr
}

// abort removes the SSTables not loaded.
func (b *bulkWriter) abort() { os.RemoveAll(b.dir) }

// sstableloader runs Cassandra's sstableloader, which must be on PATH; it
// streams each SSTable to the replicas of its token ranges.
func sstableloader(hosts []string) func(context.Context, string) error {
	return func(ctx context.Context, dir string) error {
		hs := make([]string, len(hosts))
		for i, h := range hosts {
			hs[i], _, _ = strings.Cut(h, ":") // sstableloader takes the native port with -p
		}
		out, err := exec.CommandContext(ctx, "sstableloader", "-d", strings.Join(hs, ","), dir).CombinedOutput()
		if err != nil {
			return fmt.Errorf("sstableloader %s: %w\n%s", dir, err, out)
		}
		return nil
	}
}
