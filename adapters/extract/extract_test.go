package extract_test

import (
	"context"
	"testing"
	"time"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/adapters/duckdb"
	"github.com/quill-etl/quill/adapters/extract"
)

// testCtx bounds a test's database calls.
func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func openSource(t testing.TB, ctx context.Context, kind, dsn string) *extract.Source {
	t.Helper()
	src, err := extract.Open(ctx, kind, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return src
}

func openDuck(t testing.TB, ctx context.Context) *duckdb.Warehouse {
	t.Helper()
	wh, err := duckdb.Open(ctx, "", duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wh.Close() })
	return wh
}

// land is what the runtime does with an extract source: stream the query
// into a temporary relation, swap it in, and check landed = extracted.
func land(t testing.TB, ctx context.Context, src *extract.Source, query string, wh adapters.Warehouse, rel adapters.RelName) int64 {
	t.Helper()
	if err := wh.EnsureSchema(ctx, rel.Schema); err != nil {
		t.Fatal(err)
	}
	rows, err := src.Query(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	tmp, err := wh.LoadTemp(ctx, rel, rows.Columns(), rows)
	if err != nil {
		t.Fatal(err)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if err := wh.Swap(ctx, tmp); err != nil {
		t.Fatal(err)
	}
	res, err := wh.Query(ctx, `SELECT count(*) FROM `+rel.Quoted())
	if err != nil {
		t.Fatal(err)
	}
	landed := res.Rows[0][0].(int64)
	if landed != rows.Count() || tmp.Rows != rows.Count() {
		t.Fatalf("landed %d rows (load said %d), extracted %d", landed, tmp.Rows, rows.Count())
	}
	return landed
}

// diff runs SampleDiff and fails the test on error.
func diff(t testing.TB, ctx context.Context, src *extract.Source, query string, wh adapters.Warehouse, rel adapters.RelName, key []string, n int, tol float64) extract.DiffReport {
	t.Helper()
	rep, err := extract.SampleDiff(ctx, src, query, wh, rel, key, n, tol)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func exec(t testing.TB, ctx context.Context, wh adapters.Warehouse, sql string, args ...any) {
	t.Helper()
	if err := wh.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
