package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCassandraSource lands a real Cassandra table (read from its SSTables)
// in DuckDB through a `source "cassandra"` and builds a model on it.
func TestCassandraSource(t *testing.T) {
	table := filepath.Join(cassandraData(t), "mc", "keyspace1", "compressed_bills")
	dir := t.TempDir()
	schema, err := os.ReadFile(filepath.Join(table, "schema.cql"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "bills.cql"), string(schema))
	write(t, filepath.Join(dir, "quill.hcl"), fmt.Sprintf(`
project "cass" {
  default_target = "dev"
}
target "dev" {
  adapter = "duckdb"
  path    = ".quill/dev.duckdb"
}
source "cassandra" "raw.bills" {
  snapshot = %q
  schema   = "bills.cql"
  as_of    = "2026-11-24T00:00:00Z"
}
`, table))
	if err := os.MkdirAll(filepath.Join(dir, "models", "marts"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "models", "marts", "spend.sql"),
		"SELECT \"user\", sum(amount) AS spent, count(*) AS items\nFROM raw.bills\nGROUP BY \"user\"\n")
	stdout, _ := mustRun(t, 0, "plan", "--project", dir)
	for _, want := range []string{"+ raw.bills    cassandra source: new", "reads 1 SSTables,", "4 splits", "check primary_key(user, email, expense_id, item_id) [source_key]", "check primary_key(user) [group_by]"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, stdout)
		}
	}
	mustRun(t, 0, "apply", "--project", dir)
	db := filepath.Join(dir, ".quill", "dev.duckdb")
	if d := cmp.Diff([][]string{{"16", "3"}}, queryDuck(t, db, `SELECT count(*), count(DISTINCT "user") FROM raw.bills`)); d != "" {
		t.Errorf("landed rows (-want +got):\n%s", d)
	}
	if got := queryDuck(t, db, `SELECT count(*) FROM marts.spend`); got[0][0] != "3" {
		t.Errorf("marts.spend: %v", got)
	}
	res := readResults(t, dir)
	if c := res.Nodes[1].Checks; res.Nodes[1].Name != "raw.bills" || len(c) == 0 || c[0].Rule != "extract" || c[0].Status != "pass" {
		t.Errorf("landing checks: %+v", res.Nodes)
	}
	stdout, _ = mustRun(t, 0, "plan", "--project", dir)
	if !strings.Contains(stdout, "~ raw.bills    cassandra source: extract runs on every apply") {
		t.Errorf("second plan:\n%s", stdout)
	}
}
