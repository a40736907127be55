package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// cassandraData returns ../shared/testdata/cassandra (or
// QUILL_CASSANDRA_TESTDATA); without it the test skips, or fails with CI=true.
func cassandraData(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("QUILL_CASSANDRA_TESTDATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "testdata", "cassandra")
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Cassandra test data not found at %s (set QUILL_CASSANDRA_TESTDATA): %v", dir, err)
		}
		t.Skipf("Cassandra test data not found at %s (set QUILL_CASSANDRA_TESTDATA)", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestScanMatchesExpected runs `quill scan` on real SSTables and compares its
// output, as a multiset of JSON rows, with the table's expected.jsonl.
func TestScanMatchesExpected(t *testing.T) {
	root := cassandraData(t)
	for _, table := range []string{"oa/spark_test/test3", "mc/keyspace1/compressed_bills", "md/testtypes1/map", "me/legacy_tables/legacy_me_clust_counter"} {
		t.Run(table, func(t *testing.T) {
			dir := filepath.Join(root, table)
			for _, splits := range []string{"1", "4"} {
				stdout, stderr, code := runQuill(t, []string{"scan", dir, "--schema", filepath.Join(dir, "schema.cql"), "--splits", splits}, nil)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				want, _ := os.ReadFile(filepath.Join(dir, "expected.jsonl"))
				if d := cmp.Diff(jsonLines(t, string(want)), jsonLines(t, stdout)); d != "" {
					t.Errorf("splits %s (-want +got):\n%s", splits, d)
				}
			}
		})
	}
	stdout, _, code := runQuill(t, []string{"scan", filepath.Join(root, "oa/spark_test/testtable"), "--stats"}, nil)
	if code != 0 || !strings.Contains(stdout, "rows 10000\n") {
		t.Errorf("--stats: exit %d\n%s", code, stdout)
	}
	_, stderr, code := runQuill(t, []string{"scan", t.TempDir()}, nil)
	if code != 1 || !strings.Contains(stderr, "quill scan:") {
		t.Errorf("empty directory: exit %d, %s", code, stderr)
	}
}

// jsonLines normalises JSON lines (key order, spacing) and sorts them.
func jsonLines(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v map[string]any
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("bad JSON line %q: %v", sc.Text(), err)
		}
		b, _ := json.Marshal(v)
		out = append(out, string(b))
	}
	sort.Strings(out)
	return out
}
