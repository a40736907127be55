package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/adaptertest"
	"github.com/quill-etl/quill/adapters/duckdb"
	"github.com/quill-etl/quill/adapters/postgres"
)

// TestParityDuckDBPostgres applies testdata/e2e/parity on DuckDB and on
// PostgreSQL and compares every relation's rows.
func TestParityDuckDBPostgres(t *testing.T) {
	dsn := adaptertest.PostgresDB(t)
	dir := copyProject(t, filepath.Join("..", "..", "testdata", "e2e", "parity"))
	vars := map[string]string{"QUILL_TEST_DSN": dsn}
	for _, target := range []string{"dev", "pg"} {
		if out, errs, code := runQuill(t, []string{"apply", "--project", dir, "--target", target}, vars); code != 0 {
			t.Fatalf("apply --target %s: exit %d\n%s\n%s", target, code, out, errs)
		}
	}
	ctx := context.Background()
	duck, err := duckdb.Open(ctx, filepath.Join(dir, ".quill", "dev.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer duck.Close()
	pg, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	rels := []string{"raw.customers", "raw.orders", "staging.orders", "staging.customers",
		"marts.daily", "marts.customer_rank", "marts.first_orders", "marts.orphans", "marts.vip_summary"}
	for _, rel := range rels {
		d := sortedRows(t, duck, adapters.ParseRelName(rel))
		r := adapters.ParseRelName(rel)
		r.Schema = "ci_" + r.Schema
		p := sortedRows(t, pg, r)
		if len(d) == 0 {
			t.Errorf("%s is empty on DuckDB", rel)
		}
		if diff := cmp.Diff(d, p); diff != "" {
			t.Errorf("%s differs (-duckdb +postgres):\n%s", rel, diff)
		}
	}
}

// sortedRows reads a relation as normalised strings, sorted.
func sortedRows(t *testing.T, wh adapters.Warehouse, rel adapters.RelName) []string {
	t.Helper()
	res, err := wh.Query(context.Background(), "SELECT * FROM "+rel.Quoted())
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	out := make([]string, len(res.Rows))
	for i, row := range res.Rows {
		s := ""
		for _, v := range row {
			switch x := v.(type) {
			case time.Time:
				s += x.UTC().Format(time.RFC3339) + "|"
			case nil:
				s += "NULL|"
			default:
				s += fmt.Sprint(x) + "|"
			}
		}
		out[i] = s
	}
	sort.Strings(out)
	return out
}
