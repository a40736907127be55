package sstable

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

// These tests rewrite SSTables that Cassandra wrote, cell by cell with the
// same timestamps (read through ReadStored), and compare the writer's files
// with Cassandra's, byte for byte.

// rewrite copies SSTable i of the table in dir into out with the writer,
// using the original's version, generation, partitioner and delta bases.
func rewrite(t *testing.T, dir, out string, opts WriterOptions) (*Table, Descriptor) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, "schema.cql"))
	if err != nil {
		t.Fatal(err)
	}
	schema, err := cql.ParseTable(string(src))
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Open(context.Background(), []string{dir}, Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tab.Close() })
	st := tab.ssts[0]
	h := st.stats.Header
	gen := 0
	fmt.Sscan(st.desc.Generation, &gen)
	opts.Version, opts.Generation, opts.Partitioner = st.desc.Version, gen, st.part
	opts.Stats = &EncodingStats{MinTimestamp: h.MinTimestamp, MinLocalDeletionTime: h.MinLDT, MinTTL: h.MinTTL}
	opts.Columns = []string{} // the flush's header: only the columns with data
	for _, c := range append(append([]HeaderColumn(nil), h.Static...), h.Regular...) {
		opts.Columns = append(opts.Columns, c.Name)
	}
	w, err := NewWriter(out, schema, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := copyStored(context.Background(), tab, 0, w); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return tab, w.Descriptor()
}

func sameFile(t *testing.T, want, got string) {
	t.Helper()
	a, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		t.Errorf("%s differs from Cassandra's at byte %d (lengths %d, %d):\n got  %x\n want %x", filepath.Base(got), i, len(b), len(a),
			b[max(i-8, 0):min(i+24, len(b))], a[max(i-8, 0):min(i+24, len(a))])
	}
}

// TestWriterBytesIdenticalUncompressed rewrites every uncompressed md table
// of testtypes1 (scalars, tuple, non-frozen list, set and map) and checks
// Data.db, Index.db, Summary.db, Filter.db, CRC.db and Digest.crc32 equal
// Cassandra's, and the serialization header too.
func TestWriterBytesIdenticalUncompressed(t *testing.T) {
	root := testdataRoot(t)
	dirs, _ := filepath.Glob(filepath.Join(root, "md", "testtypes1", "*"))
	dirs = append(dirs, filepath.Join(root, "md", "datasets", "iris"), filepath.Join(root, "md", "baselines", "iot"),
		filepath.Join(root, "md", "testalltypes", "alltypes"))
	if len(dirs) == 3 {
		t.Fatalf("no md/testtypes1 tables under %s", root)
	}
	for _, dir := range dirs {
		rel, _ := filepath.Rel(root, dir)
		t.Run(rel, func(t *testing.T) {
			out := t.TempDir()
			tab, d := rewrite(t, dir, out, WriterOptions{Compression: "none"})
			orig := tab.ssts[0].desc
			for _, c := range []string{compData, compIndex, compSummary, compFilter, compDigest} {
				sameFile(t, orig.Path(c), d.Path(c))
			}
			sameCRC(t, orig.Path(compCRC), d.Path(compCRC))
			wantHdr := statsComponentBytes(t, orig.Path(compStatistics), metaHeader, false)
			gotHdr := statsComponentBytes(t, d.Path(compStatistics), metaHeader, false)
			if !bytes.Equal(wantHdr, gotHdr) {
				t.Errorf("serialization header:\n got  %x\n want %x", gotHdr, wantHdr)
			}
			sameStats(t, statsComponentBytes(t, orig.Path(compStatistics), 2, false), statsComponentBytes(t, d.Path(compStatistics), 2, false))
			// The key cardinality sketch (COMPACTION) too.
			wantHLL := statsComponentBytes(t, orig.Path(compStatistics), 1, false)
			if gotHLL := statsComponentBytes(t, d.Path(compStatistics), 1, false); !bytes.Equal(wantHLL, gotHLL) {
				t.Errorf("cardinality estimator:\n got  %x\n want %x", gotHLL, wantHLL)
			}
		})
	}
}

// sameCRC compares CRC.db files. The compaction that wrote
// md/baselines/iot closed Data.db with an extra flush of an empty block,
// so Cassandra's CRC.db may end with one more CRC, of nothing (0); a writer
// that streams has no such flush.
func sameCRC(t *testing.T, want, got string) {
	t.Helper()
	a, _ := os.ReadFile(want)
	b, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, append(b, 0, 0, 0, 0)) {
		return
	}
	sameFile(t, want, got)
}

// statsComponentBytes returns one component of a Statistics.db (without
// its CRC).
func statsComponentBytes(t *testing.T, path string, typ uint32, checksummed bool) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := newDecoder(path, 0, b)
	n := int(d.u32("count"))
	if checksummed {
		d.off = 8
	}
	offs := map[uint32]int{}
	var all []int
	for i := 0; i < n; i++ {
		ty, off := d.u32("type"), int(d.u32("offset"))
		offs[ty] = off
		all = append(all, off)
	}
	start, ok := offs[typ]
	if !ok || d.err != nil {
		t.Fatalf("%s: no component %d (%v)", path, typ, d.err)
	}
	end := len(b)
	for _, o := range all {
		if o > start && o < end {
			end = o
		}
	}
	if checksummed {
		end -= 4
	}
	return b[start:end]
}

// TestWriterBytesIdenticalLegacy rewrites Cassandra's own LZ4-compressed
// legacy tables (me, nb, oa; ByteOrderedPartitioner; clustering keys of
// 1.2 KB with column_index_size 4 KiB, so every clust partition has a
// 13-block promoted index) uncompressed, and checks that the writer's
// Data.db is Cassandra's decompressed stream and that Index.db (promoted
// indexes included), Summary.db and Filter.db are Cassandra's bytes.
func TestWriterBytesIdenticalLegacy(t *testing.T) {
	root := testdataRoot(t)
	for _, v := range []string{"me", "nb", "oa"} {
		for _, name := range []string{"simple", "simple_counter", "clust", "clust_counter"} {
			rel := filepath.Join(v, "legacy_tables", "legacy_"+v+"_"+name)
			t.Run(rel, func(t *testing.T) {
				out := t.TempDir()
				tab, d := rewrite(t, filepath.Join(root, rel), out, WriterOptions{Compression: "none", IndexBlockSize: 4 << 10})
				st := tab.ssts[0]
				r, err := st.newDataReader()
				if err != nil {
					t.Fatal(err)
				}
				if err := r.seek(0); err != nil {
					t.Fatal(err)
				}
				want, err := r.read(int(r.length), "the whole stream")
				if err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(d.Path(compData))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(want, got) {
					i := 0
					for i < len(want) && i < len(got) && want[i] == got[i] {
						i++
					}
					t.Errorf("Data.db differs from Cassandra's decompressed stream at byte %d (lengths %d, %d)", i, len(got), len(want))
				}
				for _, c := range []string{compIndex, compSummary, compFilter} {
					sameFile(t, st.desc.Path(c), d.Path(c))
				}
				sum := v >= "na"
				for _, typ := range []uint32{1, metaHeader} { // COMPACTION (key cardinality), HEADER
					want := statsComponentBytes(t, st.desc.Path(compStatistics), typ, sum)
					if got := statsComponentBytes(t, d.Path(compStatistics), typ, sum); !bytes.Equal(want, got) {
						t.Errorf("Statistics.db component %d:\n got  %x\n want %x", typ, got, want)
					}
				}
			})
		}
	}
}

// sameStats compares md STATS components except what only a node's flush
// knows: the commit log positions the data came from (the upper bound
// after the two histograms; the lower bound and the intervals at the end,
// which the writer leaves empty).
func sameStats(t *testing.T, want, got []byte) {
	t.Helper()
	hist := func(b []byte, at int) int { return at + 4 + 16*int(binary.BigEndian.Uint32(b[at:])) }
	u := hist(got, hist(got, 0))
	mid := len(got) - 16 - (u + 12)
	if u+12+mid > len(want) || !bytes.Equal(want[:u], got[:u]) || !bytes.Equal(want[u+12:u+12+mid], got[u+12:u+12+mid]) {
		t.Errorf("STATS differs from Cassandra's beyond the commit log positions:\n got  %x\n want %x", got, want)
	}
}
