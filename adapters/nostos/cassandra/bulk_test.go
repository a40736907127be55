package cassandra

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/quill-etl/quill/adapters/cassandra/sstable"
	"github.com/quill-etl/quill/adapters/nostos"
)

// TestBulkSSTables: the SSTables the bulk path writes for a small export
// (two Writes, so two generations; records and lists) read back through
// adapters/cassandra/sstable exactly as the rows the CQL path would insert.
func TestBulkSSTables(t *testing.T) {
	for _, collect := range []string{nostos.CollectRecord, nostos.CollectList} {
		t.Run("collect="+collect, func(t *testing.T) {
			sc := nostos.Schema{Key: []string{"id"}, Fields: []string{"name", "amount", "a_first"}, Collect: collect}
			root := t.TempDir()
			q := cqlText{ks: "nostos"}
			created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			b, err := newBulkWriter(root, q, "orders_v7", sc, created)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]map[string]any{} // key → column → value
			var all []nostos.Entry
			for w := range 2 {
				var entries []nostos.Entry
				for i := range 150 {
					k := fmt.Sprintf("w%d-k%03d", w, i)
					rec := record(fmt.Sprintf(`"name %d é"`, i), fmt.Sprint(i*10), `null`)
					val := rec
					if collect == nostos.CollectList {
						val = nostos.EncodeList(nil, [][]byte{rec, record(`"second"`, `-1`, `true`)})
					}
					entries = append(entries, nostos.Entry{Key: []byte(k), Value: val})
				}
				if _, err := b.write(entries); err != nil {
					t.Fatal(err)
				}
				all = append(all, entries...)
			}
			for _, e := range all {
				bs, err := keyBatches(q, "orders_v7", sc, e, 1<<30)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range bs[0].Stmts[1:] {
					want[string(e.Key)+"/"+s.Args[1].(string)] = map[string]any{
						"records": int32(bs[0].Stmts[0].Args[1].(int)), "value": s.Args[2]}
				}
			}
			dir := filepath.Join(root, "nostos", "orders_v7")
			got := readSSTables(t, dir, q)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("rows read back differ (-want +got):\n%s", d)
			}
			var loaded string
			if err := b.load(context.Background(), func(_ context.Context, d string) error { loaded = d; return nil }); err != nil || loaded != dir {
				t.Errorf("load(%s): %v", loaded, err)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("SSTables left after a successful load: %v", err)
			}
			if _, err := b.write(all[:1]); err == nil {
				t.Error("write after load: no error")
			}
		})
	}
}

// readSSTables reads every row of the version table's SSTables in dir.
func readSSTables(t *testing.T, dir string, q cqlText) map[string]map[string]any {
	t.Helper()
	ctx := context.Background()
	schema, err := newBulkWriter(t.TempDir(), q, "orders_v7", nostos.Schema{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tab, err := sstable.Open(ctx, []string{dir}, sstable.Options{Schema: schema.table})
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	if n := len(tab.SSTables()); n != 2 {
		t.Errorf("%d SSTables, want 2 (one per Write)", n)
	}
	idx := map[string]int{}
	for i, c := range tab.Columns() {
		idx[c.Name] = i
	}
	splits, err := tab.Splits(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]any{}
	for _, sp := range splits {
		rows, err := tab.Rows(ctx, sp)
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
			k := fmt.Sprint(r[idx["key"]]) + "/" + fmt.Sprint(r[idx["field"]])
			got[k] = map[string]any{"records": r[idx["records"]], "value": r[idx["value"]]}
		}
		rows.Close()
	}
	return got
}
