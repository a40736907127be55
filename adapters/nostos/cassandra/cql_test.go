package cassandra

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quill-etl/quill/adapters/cassandra/cql"
)

var update = flag.Bool("update", false, "rewrite testdata/*.cql")

// TestCQLGolden pins every statement the store sends, for keyspace
// "nostos" and table "orders_v3", in testdata/statements.cql.
func TestCQLGolden(t *testing.T) {
	q := cqlText{ks: "nostos"}
	const tb = "orders_v3"
	stmts := []struct{ name, cql string }{
		{"createKeyspace", q.createKeyspace(1)},
		{"createVersions", q.createVersions()},
		{"createActive", q.createActive()},
		{"createVersionTable", q.createVersionTable(tb)},
		{"dropTable", q.dropTable(tb)},
		{"insertRecords", q.insertRecords(tb)},
		{"insertField", q.insertField(tb)},
		{"selectKey", q.selectKey(tb)},
		{"selectFields(2)", q.selectFields(tb, 2)},
		{"countRange", q.countRange(tb)},
		{"insertVersion", q.insertVersion()},
		{"commitVersion", q.commitVersion()},
		{"setVersionState", q.setVersionState()},
		{"deleteVersion", q.deleteVersion()},
		{"selectVersions", q.selectVersions()},
		{"selectActive", q.selectActive()},
		{"selectAllActive", q.selectAllActive()},
		{"ensureActive", q.ensureActive()},
		{"acquireLease", q.acquireLease()},
		{"renewLease", q.renewLease()},
		{"releaseLease", q.releaseLease()},
		{"allocate", q.allocate()},
		{"setActive", q.setActive()},
		{"selectTables", q.selectTables()},
	}
	var b strings.Builder
	for _, s := range stmts {
		b.WriteString("-- " + s.name + "\n" + s.cql + ";\n\n")
	}
	path := filepath.Join("testdata", "statements.cql")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), b.String()); d != "" {
		t.Errorf("statements differ from %s (-want +got; go test -update rewrites it):\n%s", path, d)
	}
}

// TestVersionTableParses checks the version table's DDL with quill's own
// CQL parser (which the SSTable bulk path relies on): key, clustering,
// static and regular columns where the store expects them.
func TestVersionTableParses(t *testing.T) {
	tab, err := cql.ParseTable(cqlText{ks: "nostos"}.createVersionTable("orders_v3"))
	if err != nil {
		t.Fatal(err)
	}
	if tab.Keyspace != "nostos" || tab.Name != "orders_v3" {
		t.Errorf("table %s.%s", tab.Keyspace, tab.Name)
	}
	want := map[string]cql.ColumnKind{colKey: cql.PartitionKey, colField: cql.Clustering, colValue: cql.Regular, colRecords: cql.Static}
	for name, kind := range want {
		c := tab.Column(name)
		if c == nil || c.Kind != kind {
			t.Errorf("column %s: %+v, want kind %v", name, c, kind)
		}
	}
}

func TestIdentifiers(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"orders", true}, {"Orders_2", true}, {"a", true}, {strings.Repeat("a", 48), true},
		{"", false}, {"_x", false}, {"9x", false}, {"a-b", false}, {`a"b`, false}, {"a b", false},
		{"a;DROP", false}, {strings.Repeat("a", 49), false}, {"é", false},
	} {
		if got := validIdent(c.in); got != c.ok {
			t.Errorf("validIdent(%q) = %v", c.in, got)
		}
	}
	if got := quoteIdent(`we"ird`); got != `"we""ird"` {
		t.Errorf("quoteIdent: %s", got)
	}
	if got := placeholders(3); got != "?, ?, ?" {
		t.Errorf("placeholders(3) = %q", got)
	}
}

func TestVersionTableNames(t *testing.T) {
	if n, err := versionTable("orders", 12); err != nil || n != "orders_v12" {
		t.Errorf("versionTable = %q, %v", n, err)
	}
	for _, bad := range []struct {
		ds string
		v  int
	}{{strings.Repeat("a", 45), 100}, {"_x", 1}, {"a", 0}} {
		if n, err := versionTable(bad.ds, bad.v); err == nil {
			t.Errorf("versionTable(%q, %d) = %q, want an error", bad.ds, bad.v, n)
		}
	}
	for _, c := range []struct {
		ds, table string
		v         int
		ok        bool
	}{
		{"a", "a_v3", 3, true}, {"a", "a_v1_v3", 0, false}, {"a_v1", "a_v1_v3", 3, true},
		{"a", "a_v", 0, false}, {"a", "a_v03", 0, false}, {"a", "b_v3", 0, false}, {"a", "nostos_versions", 0, false},
	} {
		v, ok := parseVersionTable(c.ds, c.table)
		if v != c.v || ok != c.ok {
			t.Errorf("parseVersionTable(%q, %q) = %d, %v", c.ds, c.table, v, ok)
		}
	}
	tables := []string{"a_v1", "a_v2", "a_v10", "a_v1_v4", "b_v1", "nostos_active"}
	if got := orphanVersions("a", tables, map[int]bool{2: true}); !cmp.Equal(got, []int{1, 10}) {
		t.Errorf("orphanVersions = %v", got)
	}
}
