package sstable

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// TestSplitScansEqualSingleScan checks that for N = 1…8 the rows of a split
// scan are exactly those of a single scan, in the same order, on the
// multi-partition tables (Murmur3 and ByteOrdered).
func TestSplitScansEqualSingleScan(t *testing.T) {
	root := testdataRoot(t)
	tables := []string{
		"md/baselines/iot", "oa/spark_test/testtable", "me/legacy_tables/legacy_me_clust",
		"nb/legacy_tables/legacy_nb_clust", "oa/legacy_tables/legacy_oa_clust",
		"mc/keyspace1/auditlogsbyid", "md/datasets/iris",
	}
	for _, rel := range tables {
		dir := filepath.Join(root, filepath.FromSlash(rel))
		single, _, err := scanDir(t, dir, ScanOptions{})
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		for n := 1; n <= 8; n++ {
			for _, unordered := range []bool{false, true} {
				got, st, err := scanDir(t, dir, ScanOptions{Splits: n, Unordered: unordered})
				if err != nil {
					t.Fatalf("%s splits=%d: %v", rel, n, err)
				}
				want := single
				if unordered {
					got, want = sortedLines(got), sortedLines(single)
				}
				if got != want {
					t.Errorf("%s splits=%d unordered=%v: output differs from the single scan", rel, n, unordered)
				}
				if st.Rows != int64(strings.Count(single, "\n")) {
					t.Errorf("%s splits=%d: Stats.Rows = %d", rel, n, st.Rows)
				}
			}
		}
	}
}

func sortedLines(s string) string {
	l := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	sortStrings(l)
	return strings.Join(l, "\n") + "\n"
}

// TestSplitsAreDisjoint reads each split through the Rows API and checks
// that the splits are non-empty and that their keys do not overlap.
func TestSplitsAreDisjoint(t *testing.T) {
	root := testdataRoot(t)
	ctx := context.Background()
	tab, err := Open(ctx, []string{filepath.Join(root, "oa", "spark_test", "testtable")}, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	splits, err := tab.Splits(ctx, 8)
	if err != nil {
		t.Fatal(err)
	}
	if len(splits) != 8 {
		t.Fatalf("got %d splits, want 8", len(splits))
	}
	seen := map[int32]int{}
	for _, s := range splits {
		rows, err := tab.Rows(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for {
			r, err := rows.Next(ctx)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			id := r[0].(int32)
			if prev, dup := seen[id]; dup {
				t.Fatalf("id %d in splits %d and %d", id, prev, s.Index)
			}
			seen[id] = s.Index
			n++
		}
		if n == 0 {
			t.Errorf("split %d is empty", s.Index)
		}
		if st := rows.Stats(); st.CompressedBytes >= 97642 {
			t.Errorf("split %d read %d compressed bytes, the whole Data.db", s.Index, st.CompressedBytes)
		}
	}
	if len(seen) != 10000 {
		t.Errorf("splits hold %d ids, want 10000", len(seen))
	}
}
