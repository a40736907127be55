package sstable

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// copyTable copies one test table into a temporary directory so that it can
// be damaged.
func copyTable(t *testing.T, rel string) string {
	t.Helper()
	src := filepath.Join(testdataRoot(t), filepath.FromSlash(rel))
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// wantCorrupt checks that err names the file and a byte offset and says
// what was expected.
func wantCorrupt(t *testing.T, err error, file string, msg ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one naming %s", file)
	}
	s := err.Error()
	t.Log(s)
	if !strings.Contains(s, file) || !regexp.MustCompile(`offset \d+`).MatchString(s) || !strings.Contains(s, "expected") {
		t.Fatalf("error %q does not name %s, an offset and what was expected", s, file)
	}
	for _, m := range msg {
		if !strings.Contains(s, m) {
			t.Fatalf("error %q does not contain %q", s, m)
		}
	}
}

// TestCorruptEveryChunk flips one byte in every compressed chunk of a
// fixture in turn: each must fail with the chunk's CRC mismatch.
func TestCorruptEveryChunk(t *testing.T) {
	dir := copyTable(t, "me/legacy_tables/legacy_me_clust")
	ci, err := os.ReadFile(filepath.Join(dir, "me-1-big-CompressionInfo.db"))
	if err != nil {
		t.Fatal(err)
	}
	comp, err := parseCompressionInfo("ci", ci, false)
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "me-1-big-Data.db")
	orig, _ := os.ReadFile(data)
	for i, off := range comp.offsets {
		bad := append([]byte(nil), orig...)
		bad[off+7] ^= 0x40
		if err := os.WriteFile(data, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := scanDir(t, dir, ScanOptions{SchemaFile: filepath.Join(dir, "schema.cql")})
		wantCorrupt(t, err, data, "CRC32", "chunk "+itoa(i))
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestCorruption(t *testing.T) {
	tests := []struct {
		name   string
		table  string
		damage func(t *testing.T, dir string) string // returns the file the error must name
		want   []string
	}{
		{"truncated compressed Data.db", "oa/spark_test/testtable", func(t *testing.T, dir string) string {
			return truncate(t, filepath.Join(dir, "oa-13-big-Data.db"), 50000)
		}, []string{"truncated"}},
		{"truncated uncompressed Data.db", "md/baselines/iot", func(t *testing.T, dir string) string {
			return truncate(t, filepath.Join(dir, "md-2-big-Data.db"), 500000)
		}, []string{"CRC.db"}},
		{"truncated uncompressed Data.db without CRC.db", "md/baselines/iot", func(t *testing.T, dir string) string {
			os.Remove(filepath.Join(dir, "md-2-big-CRC.db"))
			os.Remove(filepath.Join(dir, "md-2-big-TOC.txt"))
			return truncate(t, filepath.Join(dir, "md-2-big-Data.db"), 500000)
		}, []string{"expected"}},
		{"flipped byte in an uncompressed block", "md/baselines/iot", func(t *testing.T, dir string) string {
			return flip(t, filepath.Join(dir, "md-2-big-Data.db"), 70000)
		}, []string{"block 1", "CRC32"}},
		{"flipped byte in Statistics.db (checksummed)", "nb/legacy_tables/legacy_nb_simple", func(t *testing.T, dir string) string {
			return flip(t, filepath.Join(dir, "nb-1-big-Statistics.db"), 100)
		}, []string{"CRC32"}},
		{"garbage CompressionInfo.db", "oa/spark_test/testtable", func(t *testing.T, dir string) string {
			p := filepath.Join(dir, "oa-13-big-CompressionInfo.db")
			os.WriteFile(p, []byte{0, 3, 'L', 'Z', '4', 0, 0, 0, 0, 0x7f, 0, 0, 0}, 0o644)
			return p
		}, []string{"chunk length"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyTable(t, tc.table)
			file := tc.damage(t, dir)
			_, _, err := scanDir(t, dir, ScanOptions{SchemaFile: filepath.Join(dir, "schema.cql")})
			wantCorrupt(t, err, file, tc.want...)
		})
	}
}

func TestMissingStatistics(t *testing.T) {
	dir := copyTable(t, "oa/spark_test/testtable")
	os.Remove(filepath.Join(dir, "oa-13-big-Statistics.db"))
	_, _, err := scanDir(t, dir, ScanOptions{SchemaFile: filepath.Join(dir, "schema.cql")})
	if err == nil || !strings.Contains(err.Error(), "missing component Statistics.db") || !strings.Contains(err.Error(), filepath.Join(dir, "oa-13-big-Statistics.db")) {
		t.Fatalf("error = %v, want a missing Statistics.db named by path", err)
	}
}

func TestWrongSchema(t *testing.T) {
	tests := []struct{ schema, want string }{
		{"CREATE TABLE t (id text PRIMARY KEY);", `partition key column "id" is int in the data, text in the schema`},
		{"CREATE TABLE t (id int, c int, PRIMARY KEY (id, c));", "0 clustering columns in the data, 1 in the schema"},
		{"CREATE TABLE t (id int PRIMARY KEY, col3 int);", `regular column "col1" (int) is not in the schema`},
		{"CREATE TABLE t (id int PRIMARY KEY, col1 bigint, col2 int);", `column "col1" is int in the data, bigint in the schema`},
		{"CREATE TABLE t (id int PRIMARY KEY, col1 list<int>, col2 int);", `column "col1" is int in the data, list<int> in the schema`},
	}
	dir := filepath.Join(testdataRoot(t), "oa", "spark_test", "test3")
	for _, tc := range tests {
		p := filepath.Join(t.TempDir(), "schema.cql")
		os.WriteFile(p, []byte(tc.schema), 0o644)
		_, _, err := scanDir(t, dir, ScanOptions{SchemaFile: p})
		var se *SchemaError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) || !strings.HasSuffix(se.File, "Statistics.db") {
			t.Errorf("schema %q: error = %v, want a SchemaError naming Statistics.db and %q", tc.schema, err, tc.want)
		}
	}
}

func truncate(t *testing.T, path string, size int64) string {
	t.Helper()
	if err := os.Truncate(path, size); err != nil {
		t.Fatal(err)
	}
	return path
}

func flip(t *testing.T, path string, off int) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[off] ^= 0x01
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
