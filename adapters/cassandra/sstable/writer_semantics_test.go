package sstable

import (
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// Tombstones, TTLs, statics, collections and counters written by the
// writer, merged by the reader as a read at consistency ALL would.

const semSchema = "CREATE TABLE ks.t (pk int, ck text, s text static, v text, n bigint, l list<int>, PRIMARY KEY (pk, ck));"

func TestWriterTombstonesTTLStatics(t *testing.T) {
	const expires = 1_800_000_000
	for _, version := range []string{"md", "me", "nb", "oa"} {
		t.Run(version, func(t *testing.T) {
			dir := t.TempDir()
			schema := mustTable(t, semSchema)
			opts := WriterOptions{Version: version, Compression: "lz4", Generation: 1}
			del := func(ts int64) Deletion { return Deletion{MarkedAt: ts, LocalDeletionTime: 1_700_000_000} }
			lpath := func(n byte) UUID { return UUID{0, 0, 0, n, 0, 0, 0x10, 0} }

			// Generation 1: the old data, at timestamp 100.
			w := mustWriter(t, dir, schema, opts)
			for _, pk := range sortedKeys(w, 1, 2, 3, 4) {
				must(t, w.Write(pk, RowData{Static: true, Cells: []Cell{{Column: "s", Value: "s-old", Timestamp: 100}}}))
				for _, ck := range []string{"a", "b", "c", "d"} {
					must(t, w.Write(pk, RowData{Clustering: []any{ck}, Liveness: &Liveness{Timestamp: 100},
						ComplexDeletions: []ColumnDeletion{{"l", del(99)}},
						Cells: []Cell{{Column: "v", Value: "old-" + ck, Timestamp: 100}, {Column: "n", Value: int64(1), Timestamp: 100},
							{Column: "l", Path: lpath(1), Value: int32(1), Timestamp: 100}, {Column: "l", Path: lpath(2), Value: int32(2), Timestamp: 100}}}))
				}
			}
			must(t, w.Close())

			// Generation 2: deletions, overwrites and TTLs at timestamp 200.
			opts.Generation = 2
			w = mustWriter(t, dir, schema, opts)
			for _, pk := range sortedKeys(w, 1, 2, 3, 4) {
				switch pk[0].(int32) {
				case 1:
					must(t, w.Write(pk, RowData{Clustering: []any{"a"}, Cells: []Cell{{Column: "v", Tombstone: true, Timestamp: 200, LocalDeletionTime: 1_700_000_000}}}))
					must(t, w.WriteMarker(pk, Marker{Kind: InclStart, Prefix: []any{"b"}, Open: del(150)}))
					must(t, w.WriteMarker(pk, Marker{Kind: InclEnd, Prefix: []any{"c"}, Close: del(150)}))
					must(t, w.Write(pk, RowData{Clustering: []any{"d"}, ComplexDeletions: []ColumnDeletion{{"l", del(199)}},
						Cells: []Cell{{Column: "v", Value: "new", Timestamp: 200}, {Column: "l", Path: lpath(3), Value: int32(3), Timestamp: 200}}}))
				case 2:
					must(t, w.DeletePartition(pk, del(150)))
				case 3:
					must(t, w.DeletePartition(pk, del(50)))
				case 4:
					must(t, w.Write(pk, RowData{Static: true, Cells: []Cell{{Column: "s", Tombstone: true, Timestamp: 200, LocalDeletionTime: 1_700_000_000}}}))
					must(t, w.Write(pk, RowData{Clustering: []any{"a"}, Deletion: &Deletion{MarkedAt: 150, LocalDeletionTime: 1_700_000_000}}))
					must(t, w.Write(pk, RowData{Clustering: []any{"b"}, Cells: []Cell{{Column: "v", Value: "ttl", Timestamp: 200, TTL: 60, LocalDeletionTime: expires}}}))
					must(t, w.Write(pk, RowData{Clustering: []any{"e"}, Liveness: &Liveness{Timestamp: 200, TTL: 60, Expires: expires},
						Cells: []Cell{{Column: "v", Value: "e", Timestamp: 200, TTL: 60, LocalDeletionTime: expires}}}))
				}
			}
			must(t, w.Close())

			common := []string{
				`{"pk": 1, "ck": "a", "s": "s-old", "v": null, "n": 1, "l": [1, 2]}`,
				`{"pk": 1, "ck": "d", "s": "s-old", "v": "new", "n": 1, "l": [3]}`,
				`{"pk": 3, "ck": "a", "s": "s-old", "v": "old-a", "n": 1, "l": [1, 2]}`,
				`{"pk": 3, "ck": "b", "s": "s-old", "v": "old-b", "n": 1, "l": [1, 2]}`,
				`{"pk": 3, "ck": "c", "s": "s-old", "v": "old-c", "n": 1, "l": [1, 2]}`,
				`{"pk": 3, "ck": "d", "s": "s-old", "v": "old-d", "n": 1, "l": [1, 2]}`,
				`{"pk": 4, "ck": "c", "s": null, "v": "old-c", "n": 1, "l": [1, 2]}`,
				`{"pk": 4, "ck": "d", "s": null, "v": "old-d", "n": 1, "l": [1, 2]}`,
			}
			before := scanFixture(t, dir, semSchema, time.Unix(expires-1, 0))
			wantRows(t, before, append(common,
				`{"pk": 4, "ck": "b", "s": null, "v": "ttl", "n": 1, "l": [1, 2]}`,
				`{"pk": 4, "ck": "e", "s": null, "v": "e", "n": null, "l": null}`)...)
			after := scanFixture(t, dir, semSchema, time.Unix(expires, 0))
			wantRows(t, after, append(common,
				`{"pk": 4, "ck": "b", "s": null, "v": null, "n": 1, "l": [1, 2]}`)...)
			checkRewrite(t, dir, schema, WriterOptions{Version: version, Compression: "lz4"})
		})
	}
}

func TestWriterCountersAndStaticOnly(t *testing.T) {
	dir := t.TempDir()
	const cs = "CREATE TABLE ks.c (pk text, ck int, total counter, PRIMARY KEY (pk, ck));"
	schema := mustTable(t, cs)
	w := mustWriter(t, dir, schema, WriterOptions{Version: "oa", Compression: "zstd"})
	for _, pk := range sortedKeys2(w, "x", "y") {
		must(t, w.Write(pk, RowData{Clustering: []any{int32(1)}, Cells: []Cell{{Column: "total", Value: int64(42), Timestamp: 5}}}))
		must(t, w.Write(pk, RowData{Clustering: []any{int32(2)}, Cells: []Cell{{Column: "total", Value: int64(-7), Timestamp: 5}}}))
	}
	must(t, w.Close())
	wantRows(t, scanFixture(t, dir, cs, time.Now()),
		`{"pk": "x", "ck": 1, "total": 42}`, `{"pk": "x", "ck": 2, "total": -7}`,
		`{"pk": "y", "ck": 1, "total": 42}`, `{"pk": "y", "ck": 2, "total": -7}`)

	// A partition with only a static row reads as one row with null
	// clustering and regular columns.
	dir = t.TempDir()
	schema = mustTable(t, semSchema)
	w = mustWriter(t, dir, schema, WriterOptions{Version: "nb", Compression: "snappy"})
	must(t, w.Write([]any{int32(9)}, RowData{Static: true, Cells: []Cell{{Column: "s", Value: "only", Timestamp: 1}}}))
	must(t, w.Close())
	wantRows(t, scanFixture(t, dir, semSchema, time.Now()), `{"pk": 9, "ck": null, "s": "only", "v": null, "n": null, "l": null}`)
}

// TestWriterRefusesBadInput checks the order contract and value checks
// fail with errors (never panics, never an unreadable file).
func TestWriterRefusesBadInput(t *testing.T) {
	schema := mustTable(t, semSchema)
	w := mustWriter(t, t.TempDir(), schema, WriterOptions{})
	keys := sortedKeys(w, 1, 2)
	must(t, w.Write(keys[1], RowData{Clustering: []any{"a"}, Liveness: &Liveness{Timestamp: 1}}))
	if err := w.Write(keys[0], RowData{Clustering: []any{"a"}}); err == nil {
		t.Error("a partition out of token order was accepted")
	}
	w.Abort()

	w = mustWriter(t, t.TempDir(), schema, WriterOptions{})
	must(t, w.Write([]any{int32(1)}, RowData{Clustering: []any{"b"}, Liveness: &Liveness{Timestamp: 1}}))
	if err := w.Write([]any{int32(1)}, RowData{Clustering: []any{"a"}}); err == nil {
		t.Error("a row out of clustering order was accepted")
	}
	w.Abort()

	bad := []RowData{
		{Clustering: []any{"a"}, Cells: []Cell{{Column: "nope", Value: "x"}}},
		{Clustering: []any{"a"}, Cells: []Cell{{Column: "n", Value: "not a bigint"}}},
		{Clustering: []any{"a"}, Cells: []Cell{{Column: "l", Value: int32(1)}}}, // no path
		{Clustering: []any{"a", "b"}},
		{Clustering: []any{"a"}, Cells: []Cell{{Column: "v", Value: "x"}, {Column: "v", Value: "y"}}},
	}
	for i, r := range bad {
		w := mustWriter(t, t.TempDir(), schema, WriterOptions{})
		if err := w.Write([]any{int32(1)}, r); err == nil {
			t.Errorf("bad row %d accepted", i)
		}
		if err := w.Close(); err == nil {
			t.Errorf("bad row %d: Close succeeded after a failed write", i)
		}
	}
}

func mustWriter(t *testing.T, dir string, schema *cql.Table, opts WriterOptions) *Writer {
	t.Helper()
	w, err := NewWriter(dir, schema, opts)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func sortedKeys(w *Writer, pks ...int32) [][]any {
	var keys [][]any
	for _, pk := range pks {
		keys = append(keys, []any{pk})
	}
	sortKeys(w, keys)
	return keys
}

func sortedKeys2(w *Writer, pks ...string) [][]any {
	var keys [][]any
	for _, pk := range pks {
		keys = append(keys, []any{pk})
	}
	sortKeys(w, keys)
	return keys
}

func sortKeys(w *Writer, keys [][]any) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && w.TokenOrder(keys[j], keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}
