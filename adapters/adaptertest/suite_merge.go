package adaptertest

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/quill-etl/quill/adapters"
)

// testMerge covers the incremental and upsert path: keyed merge, the stats,
// a check that sees the merged table, a failing check that rolls back, and a
// keyless append; the temporary relation is gone in every case.
func testMerge(t *testing.T, w adapters.Warehouse) {
	ctx := ctxFor(t)
	schema(t, w, "mrg")
	r := rel("mrg", "users")
	build(t, w, r, `SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS v(id, name)`)
	tmp, err := w.BuildTemp(ctx, r, `SELECT * FROM (VALUES (3, 'C'), (4, 'd')) AS v(id, name)`)
	if err != nil {
		t.Fatal(err)
	}
	var seen int64
	st, err := w.Merge(ctx, tmp, []string{"id"}, func(ctx context.Context, q adapters.Querier, s adapters.MergeStats) error {
		res, err := q.Query(ctx, `SELECT count(*) FROM `+r.Quoted())
		if err == nil {
			seen, _ = res.Rows[0][0].(int64)
		}
		return err
	})
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	diff(t, "stats", adapters.MergeStats{Before: 3, Deleted: 1, Inserted: 2}, st)
	if seen != 4 {
		t.Errorf("check saw %d rows, want the merged 4", seen)
	}
	diff(t, "merged rows", [][]any{{int64(1), "a"}, {int64(2), "b"}, {int64(3), "C"}, {int64(4), "d"}},
		rows(t, w, `SELECT CAST(id AS bigint), name FROM `+r.Quoted()+` ORDER BY id`))

	tmp, err = w.BuildTemp(ctx, r, `SELECT * FROM (VALUES (1, 'x'), (9, 'z')) AS v(id, name)`)
	if err != nil {
		t.Fatal(err)
	}
	gate := errors.New("gate failed")
	if _, err := w.Merge(ctx, tmp, []string{"id"}, func(context.Context, adapters.Querier, adapters.MergeStats) error { return gate }); !errors.Is(err, gate) {
		t.Fatalf("failing check: err %v, want the check's error", err)
	}
	diff(t, "rows after rollback", [][]any{{int64(4)}}, rows(t, w, `SELECT count(*) FROM `+r.Quoted()))

	tmp, err = w.BuildTemp(ctx, r, `SELECT 'e' AS name, 5 AS id`) // other column order: matched by name
	if err != nil {
		t.Fatal(err)
	}
	if st, err = w.Merge(ctx, tmp, nil, nil); err != nil {
		t.Fatalf("append: %v", err)
	}
	diff(t, "append stats", adapters.MergeStats{Before: 4, Inserted: 1}, st)
	diff(t, "temporaries", []string{"mrg.users:table"}, relations(t, w, "mrg"))
}

// testStream reads a large result row by row, and closes a stream early.
func testStream(t *testing.T, w adapters.Warehouse) {
	ctx := ctxFor(t)
	rows, err := w.Stream(ctx, `SELECT CAST(g AS bigint) AS n, 'x' || CAST(g AS text) AS s FROM generate_series(1, 20000) AS t(g) ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "columns", []string{"n", "s"}, rows.Columns())
	var count, sum int64
	for {
		r, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		count++
		sum += r[0].(int64)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if count != 20000 || sum != 20000*20001/2 {
		t.Errorf("streamed %d rows summing to %d", count, sum)
	}
	early, err := w.Stream(ctx, `SELECT CAST(g AS bigint) FROM generate_series(1, 100000) AS t(g)`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := early.Next(); err != nil {
		t.Fatal(err)
	}
	if err := early.Close(); err != nil {
		t.Errorf("closing early: %v", err)
	}
	if _, err := w.Stream(ctx, `SELECT nope FROM nowhere`); err == nil {
		t.Error("a bad query streamed")
	}
}
