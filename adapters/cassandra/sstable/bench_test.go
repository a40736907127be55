package sstable

import (
	"context"
	"io"
	"path/filepath"
	"testing"
)

// BenchmarkScan scans the largest test tables; MB/s is uncompressed
// Data.db bytes decoded per second.
func BenchmarkScan(b *testing.B) {
	root := testdataRoot(b)
	for _, rel := range []string{"md/baselines/iot", "oa/spark_test/testtable", "me/legacy_tables/legacy_me_clust"} {
		dir := filepath.Join(root, filepath.FromSlash(rel))
		for _, splits := range []int{1, 2} {
			b.Run(rel+"/splits="+itoa(splits), func(b *testing.B) {
				var st Stats
				for b.Loop() {
					var err error
					st, err = Scan(context.Background(), ScanOptions{Dirs: []string{dir}, SchemaFile: filepath.Join(dir, "schema.cql"),
						AsOf: asOf, Splits: splits, Unordered: true}, io.Discard)
					if err != nil {
						b.Fatal(err)
					}
				}
				b.SetBytes(st.BytesRead)
				b.ReportMetric(float64(st.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}
