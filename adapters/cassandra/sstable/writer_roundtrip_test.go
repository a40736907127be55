package sstable

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/netip"
	"os"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// Round trips: what the writer writes, the reader reads back exactly, for
// every version and compression.

const rtSchema = `CREATE TABLE ks.rt (
	pk int, ck text, s text static,
	a ascii, bi bigint, bl blob, bo boolean, da date, de decimal, do double,
	du duration, fl float, ine inet, i int, si smallint, tx text, ti time,
	tm timestamp, tu timeuuid, tiny tinyint, uu uuid, vi varint,
	l list<int>, st set<text>, m map<int, text>, fr frozen<list<text>>,
	tup frozen<tuple<int, text>>,
	PRIMARY KEY (pk, ck))`

func mustTable(t testing.TB, src string) *cql.Table {
	t.Helper()
	tab, err := cql.ParseTable(src)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// rtRow returns the cells of row (pk, j) and the values the reader must
// return for it, keyed by column name.
func rtRow(pk, j int, ts int64) ([]Cell, map[string]any) {
	u := UUID{byte(pk), byte(j), 3, 4, 5, 6, 0x10, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	vals := map[string]any{
		"a": "ascii", "bi": int64(pk) << 40, "bl": []byte{0, 1, byte(j)}, "bo": j%2 == 0,
		"da": Date(-3 + j), "de": Decimal{Unscaled: big.NewInt(-31415), Scale: 4}, "do": math.Inf(-1),
		"du": Duration{Months: 1, Days: -2, Nanos: 3e9}, "fl": float32(0.1), "ine": netip.MustParseAddr("2001:db8::1"),
		"i": int32(-pk), "si": int16(-300), "tx": fmt.Sprintf("row %d/%d é", pk, j), "ti": 13 * time.Hour,
		"tm": time.UnixMilli(1_700_000_000_123).UTC(), "tu": u, "tiny": int8(-7), "uu": u,
		"vi": new(big.Int).Lsh(big.NewInt(-12345), 70), "fr": []any{"x", "y"},
		"tup": []any{int32(7), nil},
	}
	var cells []Cell
	for name, v := range vals {
		cells = append(cells, Cell{Column: name, Value: v, Timestamp: ts})
	}
	// Non-frozen collections: element cells after the deletion an INSERT writes.
	cells = append(cells,
		Cell{Column: "l", Path: UUID{0, 0, 0, 1, 0, 0, 0x10, 0}, Value: int32(10), Timestamp: ts},
		Cell{Column: "l", Path: UUID{0, 0, 0, 2, 0, 0, 0x10, 0}, Value: int32(20), Timestamp: ts},
		Cell{Column: "st", Path: "b", Timestamp: ts}, Cell{Column: "st", Path: "a", Timestamp: ts},
		Cell{Column: "m", Path: int32(2), Value: "two", Timestamp: ts}, Cell{Column: "m", Path: int32(1), Value: "one", Timestamp: ts})
	vals["l"] = []any{int32(10), int32(20)}
	vals["st"] = []any{"a", "b"}
	vals["m"] = []MapEntry{{int32(1), "one"}, {int32(2), "two"}}
	return cells, vals
}

func TestWriterRoundTripTypes(t *testing.T) {
	schema := mustTable(t, rtSchema)
	for _, version := range []string{"md", "me", "nb", "oa"} {
		for _, comp := range []string{"none", "lz4", "snappy", "deflate", "zstd"} {
			t.Run(version+"/"+comp, func(t *testing.T) {
				dir := t.TempDir()
				want := writeRT(t, dir, schema, WriterOptions{Version: version, Compression: comp, ChunkSize: 4096, IndexBlockSize: 2048})
				got := scanRows(t, dir, schema, time.Now(), 1)
				if len(got) != len(want) {
					t.Fatalf("%d rows, want %d", len(got), len(want))
				}
				for i := range want {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("row %d:\n got %#v\nwant %#v", i, got[i], want[i])
					}
				}
				for _, n := range []int{2, 4} {
					if split := scanRows(t, dir, schema, time.Now(), n); !reflect.DeepEqual(split, got) {
						t.Errorf("%d splits: %d rows differ from the single scan", n, len(split))
					}
				}
				checkRewrite(t, dir, schema, WriterOptions{Version: version, Compression: comp, ChunkSize: 4096, IndexBlockSize: 2048})
			})
		}
	}
}

// writeRT writes 300 partitions (some wide, with a promoted index) in token
// order and returns the rows a scan must return, in that order.
func writeRT(t *testing.T, dir string, schema *cql.Table, opts WriterOptions) []Row {
	t.Helper()
	w, err := NewWriter(dir, schema, opts)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([][]any, 300)
	for i := range keys {
		keys[i] = []any{int32(i)}
	}
	sort.Slice(keys, func(i, j int) bool { return w.TokenOrder(keys[i], keys[j]) })
	idx := map[string]int{}
	for i, c := range schema.Columns {
		idx[c.Name] = i
	}
	var want []Row
	ts := int64(1_700_000_000_000_000)
	for _, k := range keys {
		pk := int(k[0].(int32))
		static := fmt.Sprintf("static %d", pk)
		if err := w.Write(k, RowData{Static: true, Cells: []Cell{{Column: "s", Value: static, Timestamp: ts}}}); err != nil {
			t.Fatal(err)
		}
		n := 1 + pk%3
		if pk%50 == 0 {
			n = 40 // wide: several index blocks
		}
		cks := make([]string, n)
		for j := range cks {
			cks[j] = fmt.Sprintf("ck%03d", j)
		}
		for j, ck := range cks {
			cells, vals := rtRow(pk, j, ts)
			r := RowData{Clustering: []any{ck}, Liveness: &Liveness{Timestamp: ts}, Cells: cells,
				ComplexDeletions: []ColumnDeletion{{"l", Deletion{ts - 1, 1_700_000_000}}, {"st", Deletion{ts - 1, 1_700_000_000}}, {"m", Deletion{ts - 1, 1_700_000_000}}}}
			if err := w.Write(k, r); err != nil {
				t.Fatal(err)
			}
			row := make(Row, len(schema.Columns))
			row[idx["pk"]], row[idx["ck"]], row[idx["s"]] = int32(pk), ck, static
			for name, v := range vals {
				row[idx[name]] = v
			}
			want = append(want, row)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return want
}

// scanRows scans dir in n splits at asOf.
func scanRows(t *testing.T, dir string, schema *cql.Table, asOf time.Time, n int) []Row {
	t.Helper()
	ctx := context.Background()
	tab, err := Open(ctx, []string{dir}, Options{Schema: schema, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	splits, err := tab.Splits(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	if n > 1 && len(splits) < 2 {
		t.Fatalf("%d splits asked, %d found", n, len(splits))
	}
	var out []Row
	for _, s := range splits {
		rows, err := tab.Rows(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		for {
			r, err := rows.Next(ctx)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
	}
	return out
}

// checkRewrite reads every SSTable in dir as stored and writes it again:
// the copy's files must be the same bytes, so nothing (timestamps, TTLs,
// tombstones, paths) was lost or changed on the way.
func checkRewrite(t *testing.T, dir string, schema *cql.Table, opts WriterOptions) {
	t.Helper()
	ctx := context.Background()
	tab, err := Open(ctx, []string{dir}, Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	for i, d := range tab.SSTables() {
		out := t.TempDir()
		o := opts
		fmt.Sscan(d.Generation, &o.Generation)
		w, err := NewWriter(out, schema, o)
		if err != nil {
			t.Fatal(err)
		}
		err = copyStored(ctx, tab, i, w)
		if err == nil {
			err = w.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{compData, compIndex, compSummary, compFilter, compStatistics, compCompression, compCRC, compDigest} {
			a, errA := os.ReadFile(d.Path(c))
			b, errB := os.ReadFile(w.Descriptor().Path(c))
			if (errA == nil) != (errB == nil) || !bytes.Equal(a, b) {
				t.Errorf("rewritten %s differs (%d vs %d bytes)", c, len(b), len(a))
			}
		}
	}
}

// copyStored writes SSTable i of tab, as stored, into w.
func copyStored(ctx context.Context, tab *Table, i int, w *Writer) error {
	return tab.ReadStored(ctx, i, func(p *StoredPartition, u *Unfiltered) error {
		switch {
		case u == nil:
			if p.Deletion != nil {
				if err := w.DeletePartition(p.Key, *p.Deletion); err != nil {
					return err
				}
			}
			static := RowData{Static: true} // enters the partition even without a static row
			if p.Static != nil {
				static = *p.Static
			}
			return w.Write(p.Key, static)
		case u.Row != nil:
			return w.Write(p.Key, *u.Row)
		}
		return w.WriteMarker(p.Key, *u.Marker)
	})
}
