package sstable

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// asOf is the instant at which the test data is read; none of it has TTLs,
// so any instant gives the same rows.
var asOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// testdataRoot finds ../shared/testdata/cassandra beside the repository
// (or $QUILL_CASSANDRA_TESTDATA). The data is read in place, never copied.
// Without it the test is skipped, except in CI where that is a failure.
func testdataRoot(t testing.TB) string {
	t.Helper()
	root := os.Getenv("QUILL_CASSANDRA_TESTDATA")
	if root == "" {
		dir, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				break
			}
		}
		root = filepath.Join(dir, "..", "shared", "testdata", "cassandra")
	}
	if _, err := os.Stat(filepath.Join(root, "MANIFEST.json")); err != nil {
		msg := "Cassandra test data not found at " + root + " (set QUILL_CASSANDRA_TESTDATA)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return root
}

// testTables lists <format>/<keyspace>/<table> folders under root.
func testTables(t testing.TB, root string) []string {
	dirs, err := filepath.Glob(filepath.Join(root, "*", "*", "*", "expected.jsonl"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no tables under %s: %v", root, err)
	}
	for i := range dirs {
		dirs[i] = filepath.Dir(dirs[i])
	}
	sort.Strings(dirs)
	return dirs
}

func scanDir(t testing.TB, dir string, opts ScanOptions) (string, Stats, error) {
	t.Helper()
	opts.Dirs = []string{dir}
	if opts.SchemaFile == "" {
		opts.SchemaFile = filepath.Join(dir, "schema.cql")
	}
	opts.AsOf = asOf
	var out bytes.Buffer
	st, err := Scan(context.Background(), opts, &out)
	return out.String(), st, err
}

func TestTestdataTables(t *testing.T) {
	root := testdataRoot(t)
	for _, dir := range testTables(t, root) {
		rel, _ := filepath.Rel(root, dir)
		t.Run(rel, func(t *testing.T) {
			got, st, err := scanDir(t, dir, ScanOptions{})
			if strings.HasPrefix(rel, "da"+string(filepath.Separator)) {
				if err == nil || !strings.Contains(err.Error(), "unsupported format da (BTI)") {
					t.Fatalf("BTI table: error = %v, want unsupported format da (BTI)", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantB, err := os.ReadFile(filepath.Join(dir, "expected.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			want := string(wantB)
			if fix, ok := knownDeviations[filepath.ToSlash(rel)]; ok {
				got = fix(t, got)
			}
			compareLines(t, want, got)
			if n := int64(strings.Count(got, "\n")); st.Rows != n {
				t.Errorf("Stats.Rows = %d, output has %d lines", st.Rows, n)
			}
		})
	}
}

// knownDeviations holds the tables whose expected.jsonl disagrees with
// their own Data.db. Each entry checks the reader's value and rewrites it to
// what expected.jsonl says, so that every other byte is still compared.
var knownDeviations = map[string]func(t *testing.T, got string) string{
	// expected.jsonl has "time": null in all 1,000 rows, but Data.db stores
	// 8-byte timestamps of 0–9 ms after 1970 in that clustering column (the
	// README says so too: "time values of 0–9 ms after 1970"), 100 rows each.
	// FIXME: remove once the test data's expected.jsonl is corrected.
	"md/baselines/iot": func(t *testing.T, got string) string {
		re := regexp.MustCompile(`"time": "1970-01-01 00:00:00\.00(\d)Z"`)
		counts := map[string]int{}
		for _, m := range re.FindAllStringSubmatch(got, -1) {
			counts[m[1]]++
		}
		for d := '0'; d <= '9'; d++ {
			if counts[string(d)] != 100 {
				t.Errorf("iot: %d rows with time 0.00%cZ, want 100", counts[string(d)], d)
			}
		}
		return re.ReplaceAllString(got, `"time": null`)
	},
}

// compareLines checks the output line by line (the order is defined:
// partitioner order, then clustering order) and, on a difference, reports
// the first differing line and the multiset difference.
func compareLines(t *testing.T, want, got string) {
	t.Helper()
	if want == got {
		return
	}
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) && i < len(gl); i++ {
		if wl[i] != gl[i] {
			t.Errorf("line %d differs:\n got %.400s\nwant %.400s", i+1, gl[i], wl[i])
			break
		}
	}
	if len(wl) != len(gl) {
		t.Errorf("got %d lines, want %d", len(gl)-1, len(wl)-1)
	}
	sw, sg := append([]string(nil), wl...), append([]string(nil), gl...)
	sort.Strings(sw)
	sort.Strings(sg)
	if strings.Join(sw, "\n") == strings.Join(sg, "\n") {
		t.Errorf("same rows as a multiset, different order")
	}
}

func sortStrings(s []string) { sort.Strings(s) }
